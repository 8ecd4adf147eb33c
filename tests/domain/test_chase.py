"""Chase-list ordering by impact, table-driven: critical red/yellow clocks, materials, late agencies, other
clocks, follow-ups due."""
import datetime as dt

import pytest

from coordinator.domain.chase import (
    AGENCY_LATE,
    CRITICAL_CLOCK,
    FOLLOW_UP,
    MATERIAL,
    OTHER_CLOCK,
    DueFollowUp,
    LateService,
    chase_list,
)

TODAY = dt.date(2026, 3, 20)


def clock(light, deadline="2026-03-20", used=5, limit=5, finished=None):
    return {"light": light, "deadline": deadline, "used": used, "limit": limit, "extended": 0, "finished": finished,
            "started": "2026-03-10"}


def stage_node(light="none", items=None, status="accepted", notice=(), deferred_due=None, **kw):
    return {"kind": "stage", "status": status, "notice": list(notice), "deferred_due": deferred_due,
            **clock(light, **kw), "items": items or {}}


def item(light="green", missing=(), opinions=None, **kw):
    return {**clock(light, **kw), "missing_materials": list(missing), "opinions": opinions or {}}


def timeline(nodes, critical=()):
    return {"nodes": nodes, "forecast": {"critical_path": list(critical)}}


CASES = [
    pytest.param(
        timeline({"a": stage_node("yellow", {"i": item("red", used=7)}), "b": stage_node("red")}, critical=["a"]),
        [], [],
        [(CRITICAL_CLOCK, "a", "red", "i"), (CRITICAL_CLOCK, "a", "yellow", None), (OTHER_CLOCK, "b", "red", None)],
        id="critical clocks first, red before yellow, off-path clocks later"),
    pytest.param(
        timeline({"a": stage_node("green", {"i": item("green", missing=["m2", "m1"])}, deferred_due="2026-03-25"),
                  "b": stage_node(status="ready", notice=["m3"], light="none")}),
        [LateService(1, "svc", "red", dt.date(2026, 3, 18), 2, 9)], [],
        [(MATERIAL, "a", "", None), (MATERIAL, "b", "", None), (AGENCY_LATE, "svc", "red", None)],
        id="deferred and noticed materials, then late agencies"),
    pytest.param(
        timeline({"a": stage_node("green", {"i": item("green", opinions={"d": {**clock("yellow")}})})},
                 critical=["a"]),
        [LateService(1, "svc", "yellow", dt.date(2026, 3, 23), 0, 9)],
        [DueFollowUp(1, "a", "call", TODAY, 3), DueFollowUp(1, None, "later", TODAY + dt.timedelta(days=1), 4)],
        [(CRITICAL_CLOCK, "a", "yellow", "i"), (AGENCY_LATE, "svc", "yellow", None), (FOLLOW_UP, "a", "", None)],
        id="an opinion on the critical path, a yellow agency, only follow-ups due today"),
    pytest.param(
        timeline({"a": stage_node("red", {"i": item("red"), "j": item("yellow", deadline="2026-03-23")})},
                 critical=["a"]),
        [], [], [(CRITICAL_CLOCK, "a", "red", "i"), (CRITICAL_CLOCK, "a", "yellow", "j")],
        id="a stage clock shown by its item (same light and deadline) is not repeated"),
    pytest.param(
        timeline({"a": stage_node("green", {"i": item("red", finished="2026-03-19")})}, critical=["a"]),
        [LateService(1, "svc", "green", None, 0, 9)], [], [], id="finished and green clocks are not chased"),
]


@pytest.mark.parametrize(("tl", "services", "follow_ups", "expected"), CASES)
def test_chase_order(tl, services, follow_ups, expected):
    entries = chase_list({1: tl}, services, follow_ups, TODAY)
    assert [(e.category, e.node, e.light, e.item) for e in entries] == expected


def test_more_overdue_first_then_earlier_deadline_then_project():
    late = timeline({"a": stage_node("red", used=9, deadline="2026-03-16")}, critical=["a"])
    less = timeline({"a": stage_node("red", used=6, deadline="2026-03-19")}, critical=["a"])
    entries = chase_list({2: less, 3: late}, [], [], TODAY)
    assert [(e.project_id, e.overdue) for e in entries] == [(3, 4), (2, 1)]


def test_material_entry_lists_the_materials_sorted():
    tl = timeline({"a": stage_node("green", {"i": item(missing=["m2", "m1"]), "j": item(missing=["m1"])})})
    (entry,) = chase_list({1: tl}, [], [], TODAY)
    assert entry.materials == ("m1", "m2")
