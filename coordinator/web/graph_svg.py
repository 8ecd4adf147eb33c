"""Draw a project's stage graph as an accessible, server-side SVG string (no JavaScript, CSP-safe).

Layout: a node's column is the longest path from a source to it; the nodes of a column (parallel
tracks) are stacked and ordered by their prerequisites' rows to keep edges short. Each box shows the
node's name, status, light and its deadline or finish date from the timeline JSON; the forecast's
critical path is drawn thicker. All text is escaped.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from html import escape

from coordinator.web.timeline_view import (
    KIND_LABELS,
    LIGHT_LABELS,
    STATUS_LABELS,
    display_name,
    is_open,
    overdue_days,
)


@dataclass(frozen=True)
class Geometry:
    """Box and gap sizes in SVG user units."""

    width: int
    height: int
    gap_x: int
    gap_y: int
    pad: int
    font: int


FULL = Geometry(width=204, height=86, gap_x=44, gap_y=18, pad=10, font=13)
COMPACT = Geometry(width=128, height=30, gap_x=22, gap_y=8, pad=4, font=13)

# light -> (fill, stroke, lamp)
LIGHT_COLOURS: dict[str, tuple[str, str, str]] = {
    "green": ("#dafbe1", "#1a7f37", "#1a7f37"),
    "yellow": ("#fff8c5", "#9a6700", "#d4a72c"),
    "red": ("#ffebe9", "#cf222e", "#cf222e"),
    "paused": ("#eaeef2", "#57606a", "#8c959f"),
    "on_time": ("#f0f7f2", "#4d9a63", "#1a7f37"),
    "late": ("#fff5f4", "#cf222e", "#cf222e"),
    "none": ("#ffffff", "#8c959f", "#d0d7de"),
}
MILESTONE_REACHED = ("#dafbe1", "#1a7f37", "#1a7f37")
WAIVED = ("#f6f8fa", "#afb8c1", "#d0d7de")
CORNER = {"stage": 4, "agency": 14, "milestone": 0}  # milestones are pills: corner = half the height
EDGE, CRITICAL = "#8c959f", "#0b3d91"


def _identity(text: str) -> str:
    return text


def layout(nodes) -> dict[str, tuple[int, int]]:
    """key -> (column, row): column = longest path from a source, rows ordered by prerequisites."""
    by_key = {node.key: node for node in nodes}
    column: dict[str, int] = {}

    def depth(key: str) -> int:
        if key not in column:
            needs = [need for need in by_key[key].needs if need in by_key]
            column[key] = 1 + max(map(depth, needs)) if needs else 0
        return column[key]

    for node in nodes:
        depth(node.key)
    order = {node.key: index for index, node in enumerate(nodes)}
    position: dict[str, tuple[int, int]] = {}
    for col in range(max(column.values(), default=-1) + 1):
        members = [node for node in nodes if column[node.key] == col]
        members.sort(key=lambda node: (_barycentre(node, position), order[node.key]))
        for row, node in enumerate(members):
            position[node.key] = (col, row)
    return position


def _barycentre(node, position) -> float:
    rows = [position[need][1] for need in node.needs if need in position]
    return sum(rows) / len(rows) if rows else 0.0


def text_width(text: str, font: int) -> float:
    """Estimated rendered width: CJK and full-width characters are 1 em, the rest about 0.6 em."""
    return sum(font if ord(ch) >= 0x2E80 else font * 0.6 for ch in text)


def fit(text: str, font: int, room: float) -> str:
    """The text, cut with an ellipsis so that it fits in `room` units."""
    if text_width(text, font) <= room:
        return text
    while text and text_width(text + "…", font) > room:
        text = text[:-1]
    return text + "…"


def box_colours(kind: str, state: dict) -> tuple[str, str, str]:
    """(fill, stroke, lamp) from the node's status and light."""
    if state.get("status") == "waived":
        return WAIVED
    if kind == "milestone":
        return MILESTONE_REACHED if state.get("status") == "reached" else LIGHT_COLOURS["none"]
    return LIGHT_COLOURS.get(state.get("light", "none"), LIGHT_COLOURS["none"])


def date_line(kind: str, state: dict, _) -> str:
    """Deadline with remaining/overdue days while open; finish date when closed; the limit before."""
    status = state.get("status")
    if status == "waived":
        return ""
    if state.get("finished"):
        text = _("Finished %(date)s") % {"date": state["finished"]}
        late = overdue_days(state) if state.get("light") == "late" else 0
        return text + (" · " + _("%(days)s days late") % {"days": late} if late else "")
    if kind == "milestone":
        return ""
    if is_open(state):
        return _open_line(state, _)
    key = "Contract: %(days)s working days" if kind == "agency" else "Promised: %(days)s working days"
    return _(key) % {"days": state.get("limit")}


def _open_line(state: dict, _) -> str:
    if state.get("light") == "red":
        return _("Due %(date)s · %(days)s overdue") % {
            "date": state["deadline"], "days": overdue_days(state)}
    if state.get("remaining") == 0:
        return _("Due today, %(date)s") % {"date": state["deadline"]}
    return _("Due %(date)s · %(days)s left") % {
        "date": state["deadline"], "days": state.get("remaining")}


def node_lines(node, state: dict, english: bool, _) -> list[str]:
    """The lines written in a full-size box: name, status, light, dates."""
    lines = [display_name(node, english), _(STATUS_LABELS.get(state.get("status"), state.get("status", "")))]
    if node.kind != "milestone" and state.get("status") != "waived":
        lines.append(_(LIGHT_LABELS.get(state.get("light", "none"), "")))
    lines.append(date_line(node.kind, state, _))
    return lines


def render_graph_svg(template, timeline: dict, *, english: bool = False, translate=_identity,
                     compact: bool = False, id_prefix: str = "graph", title: str = "") -> str:
    """The SVG markup of the template's graph coloured by `timeline` (formats/scenario.md output)."""
    geo = COMPACT if compact else FULL
    nodes = list(template.nodes)
    position = layout(nodes)
    columns = max((col for col, _row in position.values()), default=0) + 1
    rows = max((row for _col, row in position.values()), default=0) + 1
    width = geo.pad * 2 + columns * geo.width + (columns - 1) * geo.gap_x
    height = geo.pad * 2 + rows * geo.height + (rows - 1) * geo.gap_y
    origin = _origins(position, geo, rows)
    critical = timeline.get("forecast", {}).get("critical_path") or []
    critical_edges = set(itertools.pairwise(critical))
    parts = [_svg_open(id_prefix, width, height, compact),
             _heading(id_prefix, title, nodes, critical, english, translate),
             _markers(id_prefix)]
    parts += [_edge(need, node.key, origin, geo, id_prefix, (need, node.key) in critical_edges)
              for node in nodes for need in node.needs if need in origin]
    parts += [_node(node, timeline["nodes"].get(node.key, {}), origin[node.key], geo, english, translate,
                    node.key in critical, compact) for node in nodes]
    parts.append("</svg>")
    return "\n".join(parts)


def _origins(position, geo: Geometry, rows: int) -> dict[str, tuple[float, float]]:
    """Top-left corner of each box; a column with fewer nodes is centred vertically."""
    per_column: dict[int, int] = {}
    for col, row in position.values():
        per_column[col] = max(per_column.get(col, 0), row + 1)
    step_y = geo.height + geo.gap_y
    return {key: (geo.pad + col * (geo.width + geo.gap_x),
                  geo.pad + row * step_y + (rows - per_column[col]) * step_y / 2)
            for key, (col, row) in position.items()}


def _svg_open(prefix: str, width: int, height: int, compact: bool) -> str:
    css = "stage-graph compact" if compact else "stage-graph"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="{css}" role="img" '
            f'aria-labelledby="{escape(prefix)}-title {escape(prefix)}-desc" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">')


def _heading(prefix, title, nodes, critical, english, _) -> str:
    names = {node.key: display_name(node, english) for node in nodes}
    path = " → ".join(names.get(key, key) for key in critical) or _("none")
    desc = _("%(count)s nodes; critical path: %(path)s") % {"count": len(nodes), "path": path}
    return (f'<title id="{escape(prefix)}-title">{escape(title or _("Stage graph"))}</title>'
            f'<desc id="{escape(prefix)}-desc">{escape(desc)}</desc>')


def _markers(prefix: str) -> str:
    def marker(name: str, colour: str) -> str:
        return (f'<marker id="{escape(prefix)}-{name}" viewBox="0 0 10 10" refX="9" refY="5" '
                f'markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto">'
                f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>')
    return f"<defs>{marker('arrow', EDGE)}{marker('arrow-critical', CRITICAL)}</defs>"


def _edge(source: str, target: str, origin, geo: Geometry, prefix: str, critical: bool) -> str:
    (sx, sy), (tx, ty) = origin[source], origin[target]
    x1, y1 = sx + geo.width, sy + geo.height / 2
    x2, y2 = tx - 2, ty + geo.height / 2
    bend = (x2 - x1) / 2
    css, colour, stroke, marker = (("edge critical", CRITICAL, 3, "arrow-critical") if critical
                                   else ("edge", EDGE, 1.5, "arrow"))
    return (f'<path class="{css}" data-from="{escape(source)}" data-to="{escape(target)}" '
            f'd="M{x1:g},{y1:g} C{x1 + bend:g},{y1:g} {x2 - bend:g},{y2:g} {x2:g},{y2:g}" fill="none" '
            f'stroke="{colour}" stroke-width="{stroke}" marker-end="url(#{escape(prefix)}-{marker})"/>')


def _node(node, state: dict, corner, geo: Geometry, english: bool, _, critical: bool, compact: bool) -> str:
    x, y = corner
    fill, stroke, lamp = box_colours(node.kind, state)
    radius = geo.height / 2 if node.kind == "milestone" else CORNER[node.kind]
    dashed = ' stroke-dasharray="5 3"' if state.get("status") in ("waiting", "waived") else ""
    lines = node_lines(node, state, english, _)
    summary = " · ".join([_(KIND_LABELS[node.kind])] + [line for line in lines if line])
    if critical:
        summary += " · " + _("on the critical path")
    light = state.get("light", "none") if node.kind != "milestone" else state.get("status", "waiting")
    out = [(f'<g class="node node-{escape(node.kind)}{" critical" if critical else ""}" '
           f'data-key="{escape(node.key)}" data-status="{escape(str(state.get("status", "")))}" '
           f'data-light="{escape(str(light))}"><title>{escape(summary)}</title>'),
           (f'<rect x="{x:g}" y="{y:g}" width="{geo.width}" height="{geo.height}" rx="{radius:g}" '
           f'fill="{fill}" stroke="{CRITICAL if critical else stroke}" '
           f'stroke-width="{2.5 if critical else 1.5}"{dashed}/>'),
           (f'<circle class="lamp" cx="{x + geo.width - 11 - radius / 3:g}" cy="{y + 11 + radius / 4:g}" r="6" '
           f'fill="{lamp}" '
           f'stroke="{stroke}"/>')]
    indent = radius / 2 if node.kind == "milestone" else 0  # keep text clear of a pill's round ends
    out += _texts(lines[:1] if compact else lines, x + indent, y, geo, geo.width - 2 * indent)
    out.append("</g>")
    return "".join(out)


def _texts(lines: list[str], x: float, y: float, geo: Geometry, width: float) -> list[str]:
    """One <text> per line: the first bold, the rest smaller; each cut to fit the box."""
    texts = []
    for index, line in enumerate(lines):
        if not line:
            continue
        room = width - 2 * geo.pad - (14 if index == 0 else 0)  # the lamp sits beside the first line
        size = geo.font if index == 0 else geo.font - 2
        baseline = y + geo.pad + geo.font + index * (geo.font + 5) if len(lines) > 1 \
            else y + geo.height / 2 + geo.font * 0.36
        weight = ' font-weight="bold"' if index == 0 else ""
        texts.append(f'<text x="{x + geo.pad:g}" y="{baseline:g}" font-size="{size}"{weight} '
                     f'fill="#1f2328">{escape(fit(line, size, room))}</text>')
    return texts
