"""Parallel review read from a timeline (formats/scenario.md): a department's inbox rows, the lead's
department × item board, the reminders a day calls for, and the object rules of who may act. Pure: every
date and light comes from the timeline JSON the engine produced; nothing is recomputed here."""
from __future__ import annotations

from dataclasses import dataclass, field

from coordinator.domain.templates import StageTemplate

OPEN_LIGHTS = ("red", "yellow", "green", "paused")
LIGHT_ORDER = {"red": 0, "yellow": 1, "green": 2, "paused": 3}
DECISIONS_REQUIRING = {"conditional": "conditions", "object": "basis"}  # decision -> the text it requires


@dataclass(frozen=True)
class InboxRow:
    """One thing waiting for a department: an opinion to give or an item to decide."""

    project_id: int
    node: str
    item: str
    dept: str | None  # None for an item the department decides
    round: int
    deadline: str | None
    light: str
    remaining: int | None
    overdue: int
    paused_since: str | None

    @property
    def kind(self) -> str:
        return "item" if self.dept is None else "opinion"

    def sort_key(self) -> tuple:
        return (self.deadline or "9999-12-31", LIGHT_ORDER.get(self.light, 9), self.project_id, self.node,
                self.item, self.dept or "")


def opinion_round(opinion: dict) -> int:
    """1 for the first request, 2 after one re-consultation (再次征求), …"""
    return len(opinion.get("history") or ()) + 1


def clock_key(project_id: int, node: str, item: str, dept: str | None = None, round_: int = 1) -> str:
    """A stable name for one clock (an item's, or one round of an opinion's), for the reminder log."""
    if dept is None:
        return f"{project_id}/{node}/{item}"
    return f"{project_id}/{node}/{item}/{dept}/{round_}"


def is_open(clock: dict) -> bool:
    return clock.get("started") is not None and clock.get("finished") is None


def overdue_days(clock: dict) -> int:
    """R7 overdue(T) of an open clock (paused days already left out of `used`)."""
    used, limit = clock.get("used"), clock.get("limit")
    if used is None or limit is None:
        return 0
    return max(0, used - limit - (clock.get("extended") or 0))


def _paused_since(clock: dict) -> str | None:
    running = [p["from"] for p in clock.get("pauses") or () if p.get("to") is None]
    return running[0] if running else None


def _row(project_id: int, node: str, item: str, dept: str | None, clock: dict, round_: int,
         paused_since: str | None) -> InboxRow:
    return InboxRow(project_id, node, item, dept, round_, clock.get("deadline"), clock["light"],
                    clock.get("remaining"), overdue_days(clock), paused_since)


def inbox_rows(project_id: int, template: StageTemplate, timeline: dict, dept: str) -> list[InboxRow]:
    """Open opinion requests sent to `dept` and running items `dept` decides, in one project."""
    rows = []
    for node_key, node in timeline["nodes"].items():
        for item_key, item in (node.get("items") or {}).items():
            item_paused = _paused_since(item) or _paused_since(node)
            spec = template.item(item_key)[1]
            if spec.dept == dept and is_open(item):
                rows.append(_row(project_id, node_key, item_key, None, item, 1, item_paused))
            opinion = (item.get("opinions") or {}).get(dept)
            if opinion is not None and is_open(opinion):
                rows.append(_row(project_id, node_key, item_key, dept, opinion, opinion_round(opinion),
                                 item_paused))
    return rows


def filter_rows(rows: list[InboxRow], *, project_id: int | None = None, node: str | None = None,
                light: str | None = None) -> list[InboxRow]:
    """The inbox filters (project, stage, light), then deadline order (earliest first, red before yellow)."""
    kept = [r for r in rows if (project_id is None or r.project_id == project_id)
            and (not node or r.node == node) and (not light or r.light == light)]
    return sorted(kept, key=InboxRow.sort_key)


# ------------------------------------------------------------------ the lead's board


@dataclass
class Board:
    """The department × item grid of one stage."""

    node: str
    items: list[str]
    departments: list[str]
    cells: dict[tuple[str, str], dict] = field(default_factory=dict)  # (dept, item) -> opinion JSON

    def cell(self, dept: str, item: str) -> dict | None:
        return self.cells.get((dept, item))

    def standing_out(self) -> list[tuple[str, str]]:
        """Objections and conditional consents (the lead must read them before deciding)."""
        return [key for key, op in self.cells.items() if op.get("decision") in ("object", "conditional")]


def board(template: StageTemplate, timeline: dict, node: str) -> Board:
    """Departments in the order the template names them (extra requests after), items in template order."""
    spec = template.node(node)
    items = [i.key for i in spec.items if i.key in timeline["nodes"][node]["items"]]
    depts: list[str] = []
    for item_spec in spec.items:
        for opinion in item_spec.opinions:
            if opinion.dept not in depts:
                depts.append(opinion.dept)
    grid = Board(node, items, depts)
    for item_key in items:
        for dept, opinion in timeline["nodes"][node]["items"][item_key]["opinions"].items():
            if dept not in grid.departments:
                grid.departments.append(dept)
            grid.cells[(dept, item_key)] = opinion
    return grid


# ------------------------------------------------------------------ reminders (flask remind, page reads)


@dataclass(frozen=True)
class Reminder:
    """Something a day calls for, done once per (clock key, kind, day)."""

    kind: str  # due_soon / overdue / escalated / deemed
    key: str
    day: str
    node: str
    item: str
    dept: str | None
    deadline: str | None


def reminders(project_id: int, template: StageTemplate, timeline: dict) -> list[Reminder]:
    """Yellow → due-soon, red → overdue (both daily); an escalate-policy opinion going red → escalated
    (once, keyed by its deadline); a deemed consent → deemed (once, keyed by its deadline)."""
    today = timeline["as_of"]
    out: list[Reminder] = []
    for node_key, node in timeline["nodes"].items():
        for item_key, item in (node.get("items") or {}).items():
            policy = template.item(item_key)[1].overdue_policy
            out += _clock_reminders(project_id, node_key, item_key, None, item, 1, today, policy)
            for dept, opinion in (item.get("opinions") or {}).items():
                for rnd, earlier in enumerate(opinion.get("history") or (), 1):  # a deemed round re-consulted
                    out += _clock_reminders(project_id, node_key, item_key, dept, earlier, rnd, today, policy)
                rnd = opinion_round(opinion)
                out += _clock_reminders(project_id, node_key, item_key, dept, opinion, rnd, today, policy)
    return out


def _clock_reminders(project_id, node, item, dept, clock, rnd, today, policy) -> list[Reminder]:
    key = clock_key(project_id, node, item, dept, rnd)
    if dept is not None and clock.get("deemed"):
        return [Reminder("deemed", key, clock["deadline"], node, item, dept, clock["deadline"])]
    if not is_open(clock):
        return []
    light, deadline = clock["light"], clock["deadline"]
    if light == "yellow":
        return [Reminder("due_soon", key, today, node, item, dept, deadline)]
    if light != "red":
        return []
    found = [Reminder("overdue", key, today, node, item, dept, deadline)]
    if dept is not None and policy == "escalate":
        found.append(Reminder("escalated", key, deadline, node, item, dept, deadline))
    return found


# ------------------------------------------------------------------ object rules (plain values in, yes/no out)


def may_lead(user_dept: str | None, stage_lead: str | None) -> bool:
    """The user works for the stage's lead department (assign, board, decide, complete, re-consult)."""
    return user_dept is not None and user_dept == stage_lead


def may_answer(user_dept: str | None, asked: set[str]) -> bool:
    """A department sees and answers only the requests sent to it."""
    return user_dept is not None and user_dept in asked


def may_handle_item(user_dept: str | None, item_dept: str, stage_lead: str | None) -> bool:
    """Pause/resume and extension requests: the item's deciding department (or the stage's lead)."""
    return user_dept is not None and user_dept in (item_dept, stage_lead)


def missing_text(decision: str, conditions: str, basis: str) -> str | None:
    """The required text a decision lacks: conditions for a conditional consent, the legal basis for an objection."""
    needed = DECISIONS_REQUIRING.get(decision)
    if needed == "conditions" and not conditions.strip():
        return "conditions"
    if needed == "basis" and not basis.strip():
        return "basis"
    return None
