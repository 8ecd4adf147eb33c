"""Agenda suggestions from timeline JSONs, and the light of a meeting task."""
import datetime as dt

import pytest

from coordinator.domain import agenda

D = dt.date.fromisoformat


def opinion(decision=None, finished=None, light="green", deadline="2026-06-04"):
    return {"decision": decision, "finished": finished, "light": light, "deadline": deadline}


def timeline(item_status="running", opinions=None, plan=None):
    out = {"nodes": {"planning": {"kind": "stage", "items": {"scheme": {"status": item_status,
                                                                       "opinions": opinions or {}}}},
                     "start": {"kind": "milestone"}}}
    if plan is not None:
        out["plan"] = plan
    return out


def test_objections_overdue_opinions_and_infeasible_plans_are_suggested():
    data = timeline(opinions={"fire": opinion("object", "2026-06-02"), "transport": opinion(light="red"),
                              "meteorology": opinion("consent", "2026-06-02"), "water": opinion()},
                    plan={"feasible": False, "short_by": 4})
    got = agenda.project_suggestions(7, data)
    assert [(s.reason, s.dept, s.note) for s in got] == [
        ("objection", "fire", ""), ("overdue_opinion", "transport", "2026-06-04"), ("past_target", None, "4")]


def test_decided_items_and_feasible_plans_are_not_suggested():
    data = timeline("approved", {"fire": opinion("object", "2026-06-02")}, {"feasible": True, "short_by": 0})
    assert agenda.project_suggestions(7, data) == []


def test_open_tasks_come_back_and_items_on_an_open_agenda_are_left_out():
    data = timeline(opinions={"fire": opinion("object", "2026-06-02")})
    task = {"project_id": 8, "dept": "fire", "text": "复核", "due": D("2026-06-10")}
    assert [s.reason for s in agenda.suggestions([(7, data)], [task])] == ["objection", "task"]
    flagged = agenda.suggestions([], [], [], [(9, "投资超10亿元")])
    assert [(s.project_id, s.reason, s.note) for s in flagged] == [(9, "flagged", "投资超10亿元")]
    assert [s.reason for s in agenda.suggestions([(7, data)], [task], [(7, "objection", "planning", "scheme",
                                                                      "fire")])] == ["task"]


def test_a_suggestion_key_round_trips_and_unknown_reasons_are_refused():
    suggestion = agenda.Suggestion(7, "objection", "planning", "scheme", "fire")
    assert agenda.parse_key(suggestion.key) == suggestion
    assert agenda.parse_key(agenda.Suggestion(7, "past_target").key) == agenda.Suggestion(7, "past_target")
    with pytest.raises(ValueError):
        agenda.parse_key("7:whatever")


def working_days(a, b):  # Mon-Fri, no holidays
    step = 1 if b >= a else -1
    days, day = 0, a
    while day != b:
        day += dt.timedelta(days=step)
        days += step if day.weekday() < 5 else 0
    return days


@pytest.mark.parametrize("today,done,light", [
    ("2026-06-03", None, "green"), ("2026-06-09", None, "yellow"), ("2026-06-10", None, "yellow"),
    ("2026-06-11", None, "red"), ("2026-06-11", "2026-06-10", "on_time"), ("2026-06-11", "2026-06-11", "late")])
def test_a_task_lights_like_a_clock(today, done, light):
    got = agenda.task_light(D("2026-06-03"), D("2026-06-10"), D(done) if done else None, D(today), working_days)
    assert got == light


def test_suggestions_are_grouped_by_reason_most_urgent_first_and_cut_to_their_limit():
    found = [agenda.Suggestion(1, "overdue_opinion", "a", "x", "d1", "2026-05-10"),
             agenda.Suggestion(2, "past_target", note="3"),
             agenda.Suggestion(3, "overdue_opinion", "a", "x", "d1", "2026-04-01"),
             agenda.Suggestion(4, "past_target", note="9"),
             agenda.Suggestion(5, "objection", "a", "x", "d2"),
             agenda.Suggestion(6, "overdue_opinion", "a", "x", "d1", "2026-05-01")]
    groups = agenda.grouped(found, {"past_target": 5}, 2)
    assert [(g.reason, [s.project_id for s in g.shown], g.total) for g in groups] == [
        ("objection", [5], 1), ("overdue_opinion", [3, 6], 3), ("past_target", [4, 2], 2)]


def test_the_stored_rank_orders_like_the_urgency_and_heads_merge_with_flags_and_tasks():
    assert agenda.rank(agenda.Suggestion(1, "overdue_opinion", note="2026-04-01")) < \
        agenda.rank(agenda.Suggestion(1, "overdue_opinion", note="2026-05-01")) < \
        agenda.rank(agenda.Suggestion(1, "overdue_opinion", note="None"))
    assert agenda.rank(agenda.Suggestion(1, "past_target", note="9")) == -9
    assert agenda.rank(agenda.Suggestion(1, "objection", "a", "x", "d")) == 0
    head = agenda.Group("past_target", (agenda.Suggestion(4, "past_target", note="9"),), 7)
    others = [agenda.Suggestion(9, "task", dept="d"), agenda.Suggestion(8, "flagged", note="大项目")]
    groups = agenda.merged([head, agenda.Group("objection", (), 0)], others, {}, 20)
    assert [(g.reason, g.total) for g in groups] == [("past_target", 7), ("flagged", 1), ("task", 1)]
