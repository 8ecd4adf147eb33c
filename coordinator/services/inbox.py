"""The department inbox (待办) read from the cockpit's clock cache: the department's open opinion requests and
the open items it decides, soonest deadline first, paged in SQL; only the projects on the page have their
timelines read (services/timeline_cache), so a page costs the same for 1,000 or 20,000 projects."""
from __future__ import annotations

import datetime as dt
from collections import namedtuple
from dataclasses import dataclass

from sqlalchemy import bindparam, case, exists, func, or_, select

from coordinator.domain import review as rules
from coordinator.extensions import db
from coordinator.models import ClockSummary, Project, ReminderLog, ReviewAssignment, ReviewDispatch
from coordinator.models.cockpit import DAYS_LEFT, OPEN, OpenCount
from coordinator.services import cockpit, timeline_cache
from coordinator.services.calendar import calendar_stamp
from coordinator.services.reminders import ON_READ

PER_PAGE = 50
TO_SEND = 20
LIGHT_RANK = case(rules.LIGHT_ORDER, value=ClockSummary.light, else_=9)
Row = namedtuple("Row", "id name code template_id")  # a project as the inbox shows it


@dataclass(frozen=True)
class Filters:
    """The inbox's filters: a project, a stage, a light; `mine` = the user's id (theirs and the queue)."""

    project_id: int | None = None
    node: str | None = None
    light: str | None = None
    mine: int | None = None


@dataclass
class InboxPage:
    """One page of the inbox, with what its filters and links need."""

    rows: list[rules.InboxRow]
    total: int
    page: int
    pages: int
    projects: dict[int, Row]  # id, name, code, template_id of the page's projects (plain rows, not entities)
    stages: list[tuple[str, object]]  # (node key, node spec) for the stage filter
    on_read: dict[int, list[rules.Reminder]]  # the deemed consents and escalations the page's timelines call for
    per_page: int
    unfiltered: int  # without the stage filter (the badge when no other filter is set)
    replayed: bool  # timelines were replayed and stored: commit


@dataclass(frozen=True)
class Derived:
    """What the inbox takes from one project's timeline for one department (kept per timeline digest)."""

    rows: tuple[rules.InboxRow, ...]
    on_read: tuple[rules.Reminder, ...]


def fresh(today: dt.date) -> bool:
    """Bring the clock cache up to the last event and `today`; True when something was replayed (commit it)."""
    return bool(cockpit.refresh(today))


def open_count(dept: str) -> int:
    """How many open requests and items wait for the department (the header badge): the sum of its kept
    counts, tens of rows however many clocks it holds."""
    return db.session.scalar(select(func.sum(OpenCount.clocks)).where(OpenCount.dept == dept)) or 0


def _where(filters: Filters, with_node: bool = True) -> list:
    """The filters' conditions on bound parameters (see `_params`): a statement per filters' shape, not per value."""
    where = [ClockSummary.dept == bindparam("dept"), OPEN]
    if filters.project_id is not None:
        where.append(ClockSummary.project_id == bindparam("project_id"))
    if filters.light:
        where.append(ClockSummary.light == bindparam("light"))
    if with_node and filters.node:
        where.append(ClockSummary.node == bindparam("node"))
    if filters.mine is not None:  # items are the department's; opinions taken by a colleague are left out
        taken = exists().where(ReviewAssignment.project_id == ClockSummary.project_id,
                               ReviewAssignment.node == ClockSummary.node, ReviewAssignment.item == ClockSummary.item,
                               ReviewAssignment.dept == ClockSummary.dept, ReviewAssignment.reviewer_id.is_not(None),
                               ReviewAssignment.reviewer_id != bindparam("mine"))
        where.append(or_(ClockSummary.kind == "item", ~taken))
    return where


def _params(dept: str, filters: Filters, **more) -> dict:
    return {"dept": dept, "project_id": filters.project_id, "light": filters.light, "node": filters.node,
            "mine": filters.mine, **more}


_statements: dict[tuple, object] = {}


def _built(key: tuple, build):
    """The statement `build()` makes, made once per key: SQLAlchemy then builds and keys it once per process
    instead of once per request (a third of a plain query's cost here)."""
    if key not in _statements:
        _statements[key] = build()
    return _statements[key]


def _shape(filters: Filters) -> tuple:
    return filters.project_id is not None, bool(filters.light), bool(filters.node), filters.mine is not None


def page(dept: str, filters: Filters, number: int, today: dt.date, templates: dict,
         per_page: int = PER_PAGE) -> InboxPage:
    """The page `number` of the department's inbox (the cache must be fresh: see `fresh`); `templates` from
    `services.templates.all_templates()` name the stages."""
    stamp = calendar_stamp()
    per_node = _counts(dept, filters)
    total = per_node.get(filters.node, 0) if filters.node else sum(per_node.values())
    pages = max(1, -(-total // per_page))
    number = min(max(1, number), pages)
    keys = db.session.execute(_built(("page", *_shape(filters)), lambda: _page_keys(filters)),
                              _params(dept, filters, limit=per_page, offset=(number - 1) * per_page)).all()
    projects = {key.project_id: Row(key.project_id, key.name, key.code, key.template_id) for key in keys}
    cached = timeline_cache.Read()
    derived = timeline_cache.derived(
        projects, today, ("inbox", dept),
        lambda pid, timeline: _derive(pid, templates[projects[pid].template_id], timeline, dept), cached, stamp)
    found = {(r.project_id, r.node, r.item, r.kind): r for d in derived.values() for r in d.rows}
    rows = [found[k] for k in ((key.project_id, key.node, key.item, key.kind) for key in keys) if k in found]
    return InboxPage(rows, total, number, pages, projects, _stages(per_node, templates),
                     {pid: list(d.on_read) for pid, d in derived.items() if d.on_read}, per_page,
                     sum(per_node.values()), bool(cached.replayed))


def _page_keys(filters: Filters):
    """The page's clocks with their project's name, code and template, soonest deadline first."""
    return (select(ClockSummary.project_id, ClockSummary.node, ClockSummary.item, ClockSummary.kind, Project.name,
                   Project.code, Project.template_id)
            .join(Project, Project.id == ClockSummary.project_id).where(*_where(filters))
            .order_by(DAYS_LEFT, LIGHT_RANK, ClockSummary.project_id, ClockSummary.node, ClockSummary.item,
                      case((ClockSummary.kind == "item", ""), else_=ClockSummary.dept))
            .limit(bindparam("limit")).offset(bindparam("offset")))


def _derive(project_id: int, template, timeline: dict, dept: str) -> Derived:
    """The department's rows of the project and the reminders a read records (pure: kept per digest)."""
    return Derived(tuple(rules.inbox_rows(project_id, template, timeline, dept)),
                   tuple(r for r in rules.reminders(project_id, template, timeline) if r.kind in ON_READ))


def unrecorded(found: InboxPage) -> set[int]:
    """The page's projects with a deemed consent or an escalation not recorded yet (one query when any is called
    for; usually none: each is recorded once)."""
    wanted = [(pid, r) for pid, reminders in found.on_read.items() for r in reminders]
    if not wanted:
        return set()
    done = set(db.session.execute(_built(("recorded",), _recorded), {"keys": sorted({r.key for _, r in wanted})}).all())
    return {pid for pid, r in wanted if (r.key, r.kind, dt.date.fromisoformat(r.day)) not in done}


def _recorded():
    """The reminder log's rows of the clocks `keys`."""
    return select(ReminderLog.clock_key, ReminderLog.kind, ReminderLog.day).where(
        ReminderLog.clock_key.in_(bindparam("keys", expanding=True)))


def _counts(dept: str, filters: Filters) -> dict[str, int]:
    """Open rows per stage under the filters but the stage's: from the cockpit's kept counts by stage and light
    (tens of rows, however many clocks the department holds) unless a project or "mine" narrows them, then an
    index-only count along ix_cockpit_clocks_dept_count."""
    if filters.project_id is None and filters.mine is None:
        statement = _built(("kept", bool(filters.light)), lambda: _kept_counts(filters))
    else:
        statement = _built(("counts", *_shape(filters)), lambda: select(ClockSummary.node, func.count())
                           .where(*_where(filters, False)).group_by(ClockSummary.node))
    return {node: n for node, n in db.session.execute(statement, _params(dept, filters)).all() if n}


def _kept_counts(filters: Filters):
    where = [OpenCount.dept == bindparam("dept")]
    if filters.light:
        where.append(OpenCount.light == bindparam("light"))
    return select(OpenCount.node, func.sum(OpenCount.clocks)).where(*where).group_by(OpenCount.node)


def row_names(found: InboxPage, templates: dict, name_of) -> dict[tuple, tuple[str, str]]:
    """(template id, node, item) -> (stage name, item name) for the page's rows, each looked up once."""
    keys = {(found.projects[r.project_id].template_id, r.node, r.item) for r in found.rows}
    return {(tid, node, item): (name_of(templates[tid].node(node)), name_of(templates[tid].item(item)[1]))
            for tid, node, item in keys}


def _stages(per_node: dict[str, int], templates: dict) -> list[tuple[str, object]]:
    """The stages with something waiting, each with its spec from a template that has it."""
    specs = {}
    for template in templates.values():
        specs.update({node.key: node for node in template.nodes if node.key in per_node and node.key not in specs})
    return sorted(specs.items())


def to_send(dept: str, templates: dict, limit: int = TO_SEND) -> tuple[list[tuple[int, str, object]], bool]:
    """Accepted stages the department leads whose opinion requests were not sent yet: (project id, project name,
    stage spec) of the first `limit` (a stage with a running item and no dispatch, in project order, read along
    ix_cockpit_clocks_open_items), and whether there are more."""
    if dept is None:
        return [], False
    led = {node.key for template in templates.values() for node in template.nodes if node.lead == dept}
    if not led:
        return [], False
    rows = db.session.execute(_built(("to_send",), _to_send), {"led": sorted(led), "limit": limit + 1}).all()
    specs = ((pid, name, templates[tid].node(node)) for pid, name, tid, node in rows[:limit])
    return [(pid, name, spec) for pid, name, spec in specs if spec.lead == dept], len(rows) > limit


def _to_send():
    """Accepted stages of the `led` nodes with no dispatch: the first `limit` in project order, with the project."""
    sent = exists().where(ReviewDispatch.project_id == ClockSummary.project_id, ReviewDispatch.node == ClockSummary.node)
    pairs = (select(ClockSummary.project_id, ClockSummary.node).distinct()
             .where(ClockSummary.kind == "item", OPEN, ClockSummary.node.in_(bindparam("led", expanding=True)), ~sent)
             .order_by(ClockSummary.project_id, ClockSummary.node).limit(bindparam("limit")).subquery())
    return (select(Project.id, Project.name, Project.template_id, pairs.c.node)
            .join(pairs, pairs.c.project_id == Project.id).order_by(Project.id, pairs.c.node))
