"""Small inline templates and a one-call replay, so each rule test states only its events and numbers."""
from __future__ import annotations

import copy
import datetime as dt

from coordinator.domain.calendar import official_calendar
from coordinator.domain.scenario import simulate

D = dt.date.fromisoformat


def stage(key="s", *, needs=(), days=5, legal=20, items=None, lead="development-reform"):
    """A stage with one item of the same limits unless items are given: `i` in stage `s`, else `<key>-i`."""
    if items is None:
        items = [item(item_key(key), days=days, legal=legal)]
    return {"key": key, "kind": "stage", "name": key, "name_en": key, "lead": lead, "needs": list(needs),
            "promised_days": days, "legal_days": legal, "items": items}


def item_key(stage_key: str) -> str:
    return "i" if stage_key == "s" else f"{stage_key}-i"


def item(key="i", *, days=5, legal=20, opinions=(), policy=None, needs=(), materials=(), extension=None):
    out = {"key": key, "name": key, "dept": "development-reform", "promised_days": days, "legal_days": legal,
           "needs": list(needs), "materials": list(materials),
           "opinions": [{"dept": d, "days": n} for d, n in opinions]}
    if policy:
        out["overdue_policy"] = policy
    if extension is not None:
        out["extension_days"] = extension
    return out


def agency(key="a", *, needs=(), days=10):
    return {"key": key, "kind": "agency", "name": key, "name_en": key, "service": "survey", "needs": list(needs),
            "contracted_days": days}


def milestone(key="m", *, needs):
    return {"key": key, "kind": "milestone", "name": key, "name_en": key, "needs": list(needs)}


def template(*nodes, ratio=None, materials=(), fast_paths=()):
    """An inline template; by default one stage `s` (item `i`, 5/20 days) and a milestone `m` after it."""
    if not nodes:
        nodes = (stage(), milestone(needs=["s"]))
    out = {"key": "t", "version": 1, "name": "测试", "name_en": "Test", "nodes": list(nodes),
           "materials": [dict(m) for m in materials], "fast_paths": list(fast_paths)}
    if ratio is not None:
        out["warning_ratio"] = ratio
    return out


def ev(date: str, do: str, node: str = "s", **fields) -> dict:
    return {"date": date, "do": do, "node": node, **fields}


def accepted(day: str, node: str = "s") -> list[dict]:
    """Submit and accept the same day."""
    return [ev(day, "submit", node), ev(day, "accept", node)]


def run(events, tpl=None, *, as_of=None, project=None, calendar=None) -> dict:
    """The timeline JSON of the scenario."""
    data = {"template": copy.deepcopy(tpl or template()), "project": project or {"name": "p"},
            "events": list(events)}
    if as_of:
        data["as_of"] = as_of
    if calendar:
        data["calendar"] = calendar
    return simulate(data, {}, official_calendar())


def node(result: dict, key: str = "s") -> dict:
    return result["nodes"][key]


def it(result: dict, key: str = "i", stage_key: str = "s") -> dict:
    return result["nodes"][stage_key]["items"][key]


def picked(clock: dict, *names: str) -> tuple:
    return tuple(clock[n] for n in names)
