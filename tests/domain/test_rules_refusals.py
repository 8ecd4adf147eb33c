"""Event order and refusals: every broken rule names the event's position and the rule; nothing half-applied."""
import copy

import pytest

from coordinator.domain.calendar import official_calendar
from coordinator.domain.errors import RuleBroken, ScenarioInvalid
from coordinator.domain.scenario import simulate
from tests.domain.kit import accepted, ev, milestone, run, stage, template

TPL = template(stage("a", days=5), stage("b", needs=["a"], days=5), milestone(needs=["b"]))


@pytest.mark.parametrize("events, position, rule, text", [
    ([ev("2026-03-03", "submit", "a"), ev("2026-03-02", "accept", "a")], 2, "event order",
     "dated before the previous event (2026-03-03)"),
    ([ev("2026-03-02", "submit", "zz")], 1, "unknown key", "unknown node 'zz'"),
    ([ev("2026-03-02", "submit", "b")], 1, "R8", "prerequisites not finished: a"),
    ([ev("2026-03-02", "accept", "a")], 1, "R4", "no pending submission"),
    ([*accepted("2026-03-02", "a"), ev("2026-03-02", "accept", "a")], 3, "R4", "no pending submission"),
    ([*accepted("2026-03-02", "a"), ev("2026-03-03", "submit", "a")], 3, "R4", "only a ready stage"),
    ([ev("2026-03-02", "submit", "m")], 1, "unknown key", "'m' is a milestone, not a stage"),
    ([ev("2026-03-02", "start", "a")], 1, "unknown key", "'a' is a stage, not an agency service"),
    ([*accepted("2026-03-02", "a"), ev("2026-03-03", "decide", "a", item="b-i", result="approved")], 3,
     "unknown key", "unknown item 'b-i' in stage 'a'"),
    ([*accepted("2026-03-02", "a"), ev("2026-03-03", "complete", "a")], 3, "R8", "items not decided: a-i"),
    ([ev("2026-03-02", "complete", "a")], 1, "R8", "stage 'a' is ready, not accepted"),
    ([*accepted("2026-03-02", "a"), ev("2026-03-03", "decide", "a", item="a-i", result="rejected"),
      ev("2026-03-03", "complete", "a")], 4, "R8", "end the stage with `reject`"),
    ([*accepted("2026-03-02", "a"), ev("2026-03-03", "supply", "a", material="x")], 3, "R4 容缺", "is not missing"),
])
def test_refusals_name_the_position_and_the_rule(events, position, rule, text):
    with pytest.raises(RuleBroken) as exc:
        run(events, TPL)
    err = exc.value
    assert (err.position, err.rule) == (position, rule)
    assert text in err.reason
    assert str(err).startswith(f"event {position} ({events[position - 1]['date']} {events[position - 1]['do']}")
    assert str(err).endswith(f"[{rule}]")


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d.update(extra=1), "^extra: unknown top-level key; expected as_of, calendar, events, project, template$"),
    (lambda d: d.update(template="no-such-template"), "template: unknown template 'no-such-template'"),
    (lambda d: d["events"].append({"date": "2026-03-03", "do": "dance", "node": "a"}), r"events\[2\].do: unknown event"),
    (lambda d: d["events"].append({"date": "2026-03-03", "do": "submit", "node": "a", "colour": 1}),
     r"events\[2\].colour: unknown field for `submit`"),
    (lambda d: d["events"].append({"do": "submit", "node": "a"}), r"events\[2\].date: missing required field"),
    (lambda d: d["events"].append({True: "2026-03-03", "do": "submit", "node": "a"}), r"events\[2\]: use `date`"),
    (lambda d: d["events"].append({"date": "2026-03-03", "do": "pause", "node": "a", "reason": "lunch"}),
     r"events\[2\].reason: must be one of supplement"),
    (lambda d: d["events"].append({"date": "03/03/2026", "do": "submit", "node": "a"}),
     r"events\[2\].date: must be an ISO date"),
    (lambda d: d["events"].append({"date": "2026-03-03", "do": "extend", "node": "a", "days": "two", "reason": "r"}),
     r"events\[2\].days: must be a whole number"),
    (lambda d: d.update(calendar={"holidays": ["2026-03-02"], "weekends": []}), "calendar.weekends: unknown key"),
    (lambda d: d["project"].update(fast_paths="fp"), "project.fast_paths: must be a list"),
])
def test_malformed_scenarios(mutate, message):
    data = {"template": copy.deepcopy(TPL), "project": {"name": "p"},
            "events": [{"date": "2026-03-02", "do": "submit", "node": "a"}]}
    mutate(data)
    with pytest.raises(ScenarioInvalid, match=message):
        simulate(data, {}, official_calendar())


def test_events_after_as_of_are_ignored_but_still_ordered():
    events = [*accepted("2026-03-02", "a"), ev("2026-03-10", "decide", "a", item="a-i", result="approved")]
    out = run(events, TPL, as_of="2026-03-05")
    assert out["nodes"]["a"]["items"]["a-i"]["status"] == "running"
    assert out["as_of"] == "2026-03-05"
    with pytest.raises(RuleBroken, match="event 4 .*dated before"):
        run(events + [ev("2026-03-09", "complete", "a")], TPL, as_of="2026-03-05")


def test_as_of_defaults_to_the_last_event():
    assert run(accepted("2026-03-02", "a"), TPL)["as_of"] == "2026-03-02"


def test_same_day_events_apply_in_the_order_written():
    with pytest.raises(RuleBroken, match="event 1 .*no pending submission"):
        run([ev("2026-03-02", "accept", "a"), ev("2026-03-02", "submit", "a")], TPL)


def test_a_refused_scenario_leaves_the_template_untouched():
    tpl = copy.deepcopy(TPL)
    with pytest.raises(RuleBroken):
        run([*accepted("2026-03-02", "a"), ev("2026-03-03", "complete", "a")], tpl)
    assert tpl == TPL
    assert run(accepted("2026-03-02", "a"), tpl)["nodes"]["a"]["status"] == "accepted"


def test_an_invalid_inline_template_is_named_once():
    tpl = copy.deepcopy(TPL)
    tpl["nodes"][0]["promised_days"] = 30
    with pytest.raises(ScenarioInvalid) as exc:
        run([], tpl, as_of="2026-03-02")
    assert str(exc.value) == "template: nodes[a].promised_days: promised 30 exceeds the legal limit 20 (R6)"


@pytest.mark.parametrize("field, data, message", [
    ("event", {"events": [{"date": "2003-12-31", "do": "submit", "node": "a"}]},
     r"^events\[1\].date: 2003-12-31 is outside the calendar \(2004–2099\)$"),
    ("as_of", {"as_of": "2100-01-04"}, r"^as_of: 2100-01-04 is outside the calendar"),
    ("target", {"project": {"name": "p", "target_date": "2100-01-04"}}, r"^project.target_date: 2100-01-04 is outside"),
])
def test_dates_outside_the_calendar_are_refused_as_input_errors(field, data, message):
    scenario = {"template": copy.deepcopy(TPL), "project": {"name": "p"}, "as_of": "2026-03-02",
                "events": [{"date": "2026-03-02", "do": "submit", "node": "a"}], **data}
    with pytest.raises(ScenarioInvalid, match=message):
        simulate(scenario, {}, official_calendar())
