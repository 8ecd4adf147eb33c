"""Parallel review read from timelines: inbox rows and their order, the board grid, the reminders a day
calls for, and the object rules, all from engine output (no database)."""
import pytest

from coordinator.domain import review as rules
from coordinator.domain.calendar import official_calendar
from coordinator.domain.scenario import simulate
from coordinator.domain.templates import parse_template
from tests.review_kit import TEMPLATE

ACCEPT = [{"date": "2026-06-01", "do": "submit", "node": "planning"},
          {"date": "2026-06-01", "do": "accept", "node": "planning"}]


def timeline(events=(), as_of="2026-06-02"):
    return simulate({"template": TEMPLATE, "events": ACCEPT + list(events), "as_of": as_of}, {}, official_calendar())


def opinion(day, item, dept, decision="consent", **extra):
    return {"date": day, "do": "opinion", "node": "planning", "item": item, "dept": dept, "decision": decision,
            **extra}


TPL = parse_template(TEMPLATE)


def test_inbox_rows_of_a_department_are_its_open_requests_and_the_items_it_decides():
    t = timeline([opinion("2026-06-02", "scheme", "fire-protection")])
    fire = rules.inbox_rows(7, TPL, t, "fire-protection")
    assert [(r.kind, r.item, r.deadline, r.light, r.remaining) for r in fire] == [
        ("opinion", "permit", "2026-06-08", "green", 4)]
    lead = rules.inbox_rows(7, TPL, t, "natural-resources")
    assert [(r.kind, r.item) for r in lead] == [("item", "scheme"), ("item", "permit")]
    assert rules.inbox_rows(7, TPL, t, "tax") == []


def test_rows_are_ordered_by_deadline_red_first_and_filtered():
    t = timeline(as_of="2026-06-05")
    rows = [r for dept in ("fire-protection", "civil-air-defense", "transport")
            for r in rules.inbox_rows(1, TPL, t, dept)]
    ordered = rules.filter_rows(rows)
    assert [(r.deadline, r.light) for r in ordered] == [("2026-06-04", "red"), ("2026-06-04", "red"),
                                                        ("2026-06-08", "yellow")]
    assert ordered[0].overdue == 1
    assert [r.dept for r in rules.filter_rows(rows, light="yellow")] == ["fire-protection"]
    assert rules.filter_rows(rows, project_id=2) == [] and len(rules.filter_rows(rows, node="planning")) == 3


def test_a_paused_item_shows_its_opinions_paused_since_the_pause():
    t = timeline([{"date": "2026-06-02", "do": "pause", "node": "planning", "item": "permit", "reason": "hearing"}],
                 as_of="2026-06-03")
    row = rules.inbox_rows(1, TPL, t, "transport")[0]
    assert (row.light, row.paused_since) == ("paused", "2026-06-02")


def test_board_grid_keeps_template_order_adds_extra_departments_and_marks_objections():
    t = timeline([
        opinion("2026-06-02", "permit", "civil-air-defense", "object", basis="《人民防空法》"),
        opinion("2026-06-02", "scheme", "meteorology", "conditional", conditions="避雷设施"),
        {"date": "2026-06-02", "do": "request_opinion", "node": "planning", "item": "permit",
         "dept": "ecology-environment", "days": 2, "reason": "排污"}])
    grid = rules.board(TPL, t, "planning")
    assert grid.items == ["scheme", "permit"]
    assert grid.departments == ["fire-protection", "meteorology", "civil-air-defense", "transport",
                                "ecology-environment"]
    assert grid.cell("meteorology", "permit") is None
    assert sorted(grid.standing_out()) == [("civil-air-defense", "permit"), ("meteorology", "scheme")]


def test_reminders_of_a_day():
    t = timeline(as_of="2026-06-05")
    found = {(r.kind, r.dept, r.day) for r in rules.reminders(3, TPL, t)}
    assert found == {
        ("deemed", "fire-protection", "2026-06-04"), ("deemed", "meteorology", "2026-06-04"),
        ("overdue", "civil-air-defense", "2026-06-05"), ("escalated", "civil-air-defense", "2026-06-04"),
        ("overdue", "transport", "2026-06-05"), ("escalated", "transport", "2026-06-04"),
        ("due_soon", "fire-protection", "2026-06-05")}
    keys = {r.key for r in rules.reminders(3, TPL, t)}
    assert "3/planning/permit/transport/1" in keys


def test_a_deemed_round_before_a_reconsultation_is_still_recorded():
    t = timeline([{"date": "2026-06-05", "do": "reconsult", "node": "planning", "item": "scheme",
                   "dept": "meteorology", "days": 2, "message": "请再看"}], as_of="2026-06-05")
    deemed = sorted(r.key for r in rules.reminders(1, TPL, t) if r.kind == "deemed")
    assert deemed == ["1/planning/scheme/fire-protection/1", "1/planning/scheme/meteorology/1"]


@pytest.mark.parametrize("decision, conditions, basis, missing", [
    ("consent", "", "", None), ("conditional", "", "", "conditions"), ("conditional", "a", "", None),
    ("object", "", " ", "basis"), ("object", "", "《消防法》", None)])
def test_required_text_of_each_decision(decision, conditions, basis, missing):
    assert rules.missing_text(decision, conditions, basis) == missing


@pytest.mark.parametrize("user, item_dept, lead, handles, leads", [
    ("natural-resources", "natural-resources", "natural-resources", True, True),
    ("housing-construction", "housing-construction", "approval-bureau", True, False),
    ("approval-bureau", "housing-construction", "approval-bureau", True, True),
    ("transport", "housing-construction", "approval-bureau", False, False),
    (None, "housing-construction", None, False, False)])
def test_object_rules(user, item_dept, lead, handles, leads):
    assert rules.may_handle_item(user, item_dept, lead) is handles
    assert rules.may_lead(user, lead) is leads
    assert rules.may_answer(user, {"transport"}) is (user == "transport")
