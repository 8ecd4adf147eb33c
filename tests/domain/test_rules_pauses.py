"""R3 time that does not count: item and stage pauses, their inheritance, overlaps and refusals."""
import pytest

from coordinator.domain.errors import RuleBroken
from tests.domain.kit import (
    accepted,
    ev,
    it,
    item,
    milestone,
    node,
    picked,
    run,
    stage,
    template,
)

TPL = template(stage(days=15, items=[item("i", days=10, opinions=[("fire", 3)]), item("j", days=5)]),
               milestone(needs=["s"]))
FIELDS = ("used", "paused", "deadline", "light")


@pytest.mark.parametrize("start, pause, resume, finish, used, paused, deadline", [
    # S3 可研 (2025, 10 wd): accepted 02-10, expert review 02-11 → 02-17, approved 02-24 (S3-A4: due 02-28)
    ("2025-02-10", "2025-02-11", "2025-02-17", "2025-02-24", 6, 4, "2025-02-28"),
    # supplement over 春节 2026 from Thu 02-12, accepted Wed 02-11 (2026): paused 02-13, Sat 02-14, 02-24
    ("2026-02-11", "2026-02-12", "2026-02-24", "2026-02-26", 3, 3, "2026-03-06"),
    # a pause over 国庆 2026, resumed on the make-up Saturday 10-10
    ("2026-09-28", "2026-09-29", "2026-10-10", "2026-10-13", 3, 4, "2026-10-22"),
])
def test_item_pause(start, pause, resume, finish, used, paused, deadline):
    events = accepted(start) + [
        ev(start, "opinion", item="i", dept="fire", decision="consent"),
        ev(pause, "pause", item="i", reason="expert_review", note="专家评审"),
        ev(resume, "resume", item="i"),
        ev(finish, "decide", item="i", result="approved"),
    ]
    out = run(events, TPL)
    assert picked(it(out), *FIELDS) == (used, paused, deadline, "on_time")
    assert it(out)["pauses"] == [{"from": pause, "to": resume, "reason": "expert_review", "note": "专家评审"}]
    assert node(out)["paused"] == 0           # the stage's own clock ran on
    assert it(out, "j")["paused"] == 0


def test_pausing_an_item_pauses_its_opinions():
    events = accepted("2026-03-02") + [ev("2026-03-03", "pause", item="i", reason="testing")]
    out = run(events, TPL, as_of="2026-03-05")
    op = it(out)["opinions"]["fire"]
    assert (it(out)["status"], it(out)["light"], op["light"]) == ("paused", "paused", "paused")
    assert (op["remaining"], op["used"], op["paused"], op["deadline"]) == (2, 1, 2, "2026-03-09")
    assert it(out, "j")["light"] == "green"


def test_pausing_a_stage_pauses_its_items_and_their_opinions():
    events = accepted("2026-03-02") + [ev("2026-03-03", "pause", reason="public_notice"),
                                      ev("2026-03-06", "resume")]
    out = run(events, TPL, as_of="2026-03-09")
    for clock in (node(out), it(out), it(out, "j"), it(out)["opinions"]["fire"]):
        assert clock["paused"] == 3
        assert clock["used"] == 2
    assert (node(out)["deadline"], it(out)["deadline"], it(out)["opinions"]["fire"]["deadline"]) == \
        ("2026-03-26", "2026-03-19", "2026-03-10")
    paused = run(events[:3], TPL, as_of="2026-03-09")
    assert (node(paused)["status"], it(paused)["status"], it(paused)["opinions"]["fire"]["light"]) == \
        ("paused", "paused", "paused")


def test_overlapping_stage_and_item_pauses_count_each_day_once():
    events = accepted("2026-03-02") + [
        ev("2026-03-03", "pause", reason="hearing"),
        ev("2026-03-04", "pause", item="i", reason="supplement"),
        ev("2026-03-06", "resume"),
        ev("2026-03-10", "resume", item="i"),
    ]
    out = run(events, TPL, as_of="2026-03-11")
    # stage paused (03-03, 03-06] = 3; item also (03-04, 03-10] → union (03-03, 03-10] = 5
    assert (node(out)["paused"], it(out)["paused"], it(out)["used"]) == (3, 5, 2)


def test_a_paused_clock_keeps_its_remaining():
    events = accepted("2026-09-28") + [ev("2026-09-30", "pause", item="j", reason="supplement")]
    before = run(events[:2], TPL, as_of="2026-09-30")
    for day in ("2026-09-30", "2026-10-08", "2026-10-20"):
        assert it(run(events, TPL, as_of=day), "j")["remaining"] == it(before, "j")["remaining"] == 3


@pytest.mark.parametrize("events, message, rule", [
    ([ev("2026-03-03", "pause", item="i", reason="supplement"),
      ev("2026-03-04", "decide", item="i", result="approved")], "event 4 .*is paused", "R3"),
    ([ev("2026-03-03", "pause", reason="supplement"), ev("2026-03-04", "complete")], "event 4 .*paused", "R3"),
    ([ev("2026-03-03", "resume", item="i")], "event 3 .*not paused", "R3"),
    ([ev("2026-03-03", "pause", item="i", reason="supplement"),
      ev("2026-03-04", "pause", item="i", reason="testing")], "event 4 .*already paused", "R3"),
    ([ev("2026-03-03", "pause", node="m", reason="supplement")], "event 3 .*not a stage", "unknown key"),
])
def test_pause_refusals(events, message, rule):
    with pytest.raises(RuleBroken, match=message) as exc:
        run(accepted("2026-03-02") + events, TPL)
    assert exc.value.rule == rule


def test_pausing_before_acceptance_is_refused():
    with pytest.raises(RuleBroken, match=r"event 2 .*not accepted"):
        run([ev("2026-03-02", "submit"), ev("2026-03-02", "pause", reason="supplement")], TPL)


def test_a_leader_may_override_a_paused_opinion():
    events = accepted("2026-03-02") + [
        ev("2026-03-03", "pause", item="i", reason="expert_review"),
        ev("2026-03-04", "override", item="i", dept="fire", reason="联审会议决定"),
        ev("2026-03-05", "resume", item="i"),
        ev("2026-03-05", "decide", item="i", result="approved"),
    ]
    out = run(events, TPL)
    op = it(out)["opinions"]["fire"]
    assert (op["decision"], op["finished"], op["light"]) == ("overridden", "2026-03-04", "on_time")
    assert it(out)["status"] == "approved"
