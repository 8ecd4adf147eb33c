"""The meeting board's agenda as HTML built in Python in one pass (41 items × 14 departments on a real board:
a template output per cell, form or link cost more than the board's query): each item's heading, positions
table, position form, decisions and decision form, from labels translated and escaped once per page."""
from __future__ import annotations

from typing import NamedTuple

from flask_babel import gettext as _
from markupsafe import Markup, escape

from coordinator.services import meetings as svc
from coordinator.web.links import fill, url_template


class Forms(NamedTuple):
    """The form pieces the template renders once per page; None where the viewer may not use the form."""

    version_field: Markup  # CSRF token and the meeting's version, in every form
    my_dept: str | None  # the viewer's department when it may record its position
    remove_fields: Markup | None  # the removal form's fields when the viewer may remove decisions
    resolve_fields: Markup | None  # the decision form's fields when the viewer may add decisions


def agenda_html(rows: list[svc.BoardItem], shown: tuple[dict, dict], where: dict[int, str], cells: dict[int, Markup],
                labels: dict, forms: Forms) -> Markup:
    """The agenda's list entries: each item's heading and positions, the viewer's position form, the decisions
    (with their removal forms) and the decision form."""
    items, decisions = shown
    text = {key: escape(value) for key, value in labels["text"].items()}
    positions_head = Markup(f'<thead><tr><th scope="col">{text["department"]}</th><th scope="col">'
                            f'{text["position"]}</th></tr></thead>')
    radios = [(escape(value), escape(label)) for value, label in labels["stance"].items()]
    out = []
    for row in rows:
        item = items[row.id]
        mine = row.positions.get(forms.my_dept) if forms.my_dept is not None else None
        position = "" if forms.my_dept is None else _position_form(item, mine, radios, text, forms.version_field)
        decided = (f'\n    <ul class="resolutions">\n    '
                   f'{decisions_html(row, decisions, text["legal_basis"], forms.remove_fields)}\n    </ul>\n    '
                   if row.resolutions else f'<p>{text["no_decision"]}</p>')
        resolve = "" if forms.resolve_fields is None else (
            f'\n    <details class="cell-action"><summary>{text["add_decision"]}</summary>\n      <form method="post" '
            f'action="{escape(item.resolve)}" class="resolution-form">{forms.resolve_fields}\n      </form></details>\n    ')
        out.append(f"\n  {item_head(row, item, where[row.id], positions_head, cells[row.id])}\n    {position}\n"
                   f"    <h4>{text['decisions']}</h4>\n    {decided}\n    {resolve}\n  </li>\n")
    return Markup("".join(out))


def _position_form(item: ItemShown, mine: svc.BoardPosition | None, radios: list[tuple[str, str]], text: dict,
                   version_field: Markup) -> str:
    """The viewer's department's position form, open while it has recorded none."""
    checked = mine.stance if mine else None
    choices = "".join(f'<label class="check"><input type="radio" name="stance" value="{value}" required'
                      f'{" checked" if value == checked else ""}> {label}</label>' for value, label in radios)
    return (f'\n    <details class="cell-action"{"" if mine else " open"}><summary>{text["our_position"]}</summary>\n'
            f'      <form method="post" action="{escape(item.position)}" class="position-form">{version_field}\n'
            f'        <fieldset><legend>{text["position"]}</legend>\n        {choices}\n        </fieldset>\n'
            f'        <label>{text["reasons"]}<textarea name="text" rows="2" maxlength="2000">'
            f'{escape(mine.text) if mine else ""}</textarea></label>\n'
            f'        <button type="submit">{text["record_position"]}</button>\n      </form></details>\n    ')


class ItemShown(NamedTuple):
    """An agenda item's links and labels, built in Python once per item (not looked up in the template)."""

    project: str
    position: str
    resolve: str
    reason: str
    dept: str


class ResolutionShown(NamedTuple):
    kind: str
    days: str
    dept: str
    applied: str
    remove: str


def board_shown(meeting_id: int, rows: list[svc.BoardItem], labels: dict,
                names: dict) -> tuple[dict[int, ItemShown], dict[int, ResolutionShown]]:
    """Each agenda item's links (its project, position and decision forms) and labels, and each decision's."""
    project = url_template("projects.show", ints=("project_id",))
    position = url_template("meetings.position", ints=("item_id",), meeting_id=meeting_id)
    resolve = url_template("meetings.resolve", ints=("item_id",), meeting_id=meeting_id)
    remove = url_template("meetings.unresolve", ints=("resolution_id",), meeting_id=meeting_id)
    reasons, kinds, days, applied = labels["reason"], labels["kind"], labels["format"]["days"], labels["format"]["applied"]
    items = {row.id: ItemShown(fill(project, project_id=row.project_id), fill(position, item_id=row.id),
                               fill(resolve, item_id=row.id), reasons.get(row.reason, row.reason),
                               names.get(row.dept, row.dept) if row.dept else "") for row in rows}
    decisions = {r.id: ResolutionShown(kinds.get(r.kind, r.kind), days % {"days": r.days} if r.days else "",
                                       names.get(r.dept, r.dept) if r.dept else "",
                                       applied % {"seq": r.applied_seq} if r.applied_seq else "",
                                       fill(remove, resolution_id=r.id)) for row in rows for r in row.resolutions}
    return items, decisions


def board_labels() -> dict[str, dict[str, str]]:
    """The board's labels translated once per page (not once per cell)."""
    return {"stance": {"agree": _("Agree"), "disagree": _("Disagree"), "conditional": _("Agree with conditions")},
            "kind": {"conditions": _("Accept with conditions"), "override": _("Override the objection"),
                     "extend": _("Grant an extension"), "supplement": _("Send back for supplement"),
                     "task": _("Assign a task")},
            "attendance": {"present": _("Present"), "delegated": _("Delegated"), "excused": _("Absent with reason"),
                           "absent": _("Absent (deemed consent)"), None: _("Not recorded")},
            "reason": reason_labels(),
            "format": {"days": _("%(days)s working days"), "applied": _("applied as event %(seq)s")},
            "text": {"department": _("Department"), "our_position": _("Our position"), "position": _("Position"),
                     "reasons": _("Reasons or conditions"), "record_position": _("Record our position"),
                     "decisions": _("Decisions"), "no_decision": _("No decision yet."),
                     "add_decision": _("Add a decision"), "legal_basis": _("Legal basis")}}


def reason_labels() -> dict[str, str]:
    return {"objection": _("Objection raised"), "overdue_opinion": _("Overdue opinion"),
            "past_target": _("Cannot meet its target"), "flagged": _("Flagged for a meeting"),
            "task": _("Open task of an earlier meeting"), "manual": _("Added by hand")}


def position_cells(row: svc.BoardItem, heads: list[tuple[str, str]], stances: dict[str, str], lines: dict) -> Markup:
    """The rows of an item's positions table, one per invited department, built in one pass from the pieces
    every item shares (department cells and stance labels, escaped once per page); only texts are escaped here."""
    out = []
    for dept, head in heads:
        position = row.positions.get(dept)
        key = (head, position) if position is None else (head, position.stance, position.text)
        line = lines.get(key)
        if line is None:  # most positions repeat a few (department, stance, text) lines: each built once per page
            line = lines[key] = _position_line(head, position, stances)
        out.append(line)
    return Markup("\n".join(out))


def _position_line(head: str, position: svc.BoardPosition | None, stances: dict) -> str:
    if position is None:
        return f'{head}<td class="stance-none">—</td></tr>'
    stance = stances.get(position.stance) or _stance_cell(position.stance, position.stance)
    text = f": {escape(position.text)}" if position.text else ""
    return f"{head}{stance}{text}</td></tr>"


def cell_pieces(invites: list[tuple[str, str]], labels: dict) -> tuple[list[tuple[str, str]], dict[str, str], dict]:
    """The department cells and stance labels every item shares, and an empty page-wide cache of built lines."""
    heads = [(dept, f'<tr data-dept="{escape(dept)}"><th scope="row">{escape(name)}</th>') for dept, name in invites]
    return heads, {stance: _stance_cell(stance, text) for stance, text in labels["stance"].items()}, {}


def item_head(row: svc.BoardItem, item: ItemShown, where: str, positions_head: Markup, cells: Markup) -> Markup:
    """An agenda item's heading, reason and positions table built in one pass (a dozen template outputs cost
    more); the table's head and cells come built."""
    dept = f" · {escape(item.dept)}" if row.dept else ""
    note = f" · {escape(row.note)}" if row.note else ""
    return Markup(f'<li class="agenda-item" id="item-{escape(row.id)}">\n'
                  f'    <h3><a href="{escape(item.project)}">{escape(row.project_name)}</a> '
                  f"<small>{escape(row.project_code)}</small></h3>\n"
                  f'    <p class="agenda-why"><span class="tag tag-{escape(row.reason)}">{escape(item.reason)}</span>\n'
                  f"      {escape(where)}{dept}{note}</p>\n"
                  '    <div class="table-scroll">\n    <table class="positions">\n'
                  f"      {positions_head}\n      <tbody>\n      {cells}\n      </tbody>\n    </table>\n    </div>")


def decisions_html(row: svc.BoardItem, shown: dict[int, ResolutionShown], legal_basis: str,
                   remove_fields: Markup | None) -> Markup:
    """An item's decisions as list entries built in one pass (a dozen template outputs each cost more); the
    removal form's fields come from the template, None when the viewer may not remove."""
    out = []
    for r in row.resolutions:
        decision = shown[r.id]
        basis = f"<br><small>{escape(legal_basis)}: {escape(r.basis)}</small>" if r.basis else ""
        days = f" · {escape(decision.days)}" if r.days else ""
        dept = f" · {escape(decision.dept)}" if r.dept else ""
        applied = f" · <small>{escape(decision.applied)}</small>" if r.applied_seq else ""
        form = ("" if remove_fields is None else
                f'\n        <form method="post" action="{escape(decision.remove)}" class="inline-form">{remove_fields}</form>')
        out.append(f'\n      <li class="resolution resolution-{escape(r.kind)}"><strong>{escape(decision.kind)}</strong>: '
                   f"{escape(r.text)}\n        {basis}\n        {days}{dept}\n        {applied}\n        {form}</li>\n    ")
    return Markup("".join(out))


def _stance_cell(stance: str, text: str) -> str:
    return f'<td class="stance-{escape(stance)}"><strong>{escape(text)}</strong>'
