"""R8 stages, items and opinions: item dependencies, escalate vs deemed consent, overrides and refusals."""
import pytest

from coordinator.domain.errors import RuleBroken
from tests.domain.kit import accepted, ev, it, item, milestone, run, stage, template

OPS = [("fire", 3), ("transport", 3)]


def tpl(policy=None):
    return template(stage(days=10, items=[item("i", days=7, opinions=OPS, policy=policy),
                                          item("j", days=5, needs=["i"])]),
                    milestone(needs=["s"]))


def test_items_start_with_the_stage_or_when_their_prerequisite_finishes():
    out = run(accepted("2026-02-12") + [
        ev("2026-02-13", "opinion", item="i", dept="fire", decision="consent"),
        ev("2026-02-13", "opinion", item="i", dept="transport", decision="conditional", conditions="出入口后退"),
        ev("2026-02-24", "decide", item="i", result="approved"),
    ], tpl(), as_of="2026-02-25")
    assert (it(out, "i")["started"], it(out, "j")["started"], it(out, "j")["used"]) == ("2026-02-12", "2026-02-24", 1)
    assert it(out, "i")["opinions"]["transport"]["conditions"] == "出入口后退"
    waiting = run(accepted("2026-02-12"), tpl(), as_of="2026-02-13")
    assert (it(waiting, "j")["status"], it(waiting, "j")["started"], it(waiting, "j")["light"]) == \
        ("pending", None, "none")


# deemed consent: the fire opinion (3 wd from Thu 2026-02-12: 02-13, Sat 02-14, 02-24) is due 02-24
@pytest.mark.parametrize("as_of, decision, finished, light", [
    ("2026-02-24", None, None, "yellow"),
    ("2026-02-25", "deemed_consent", "2026-02-24", "on_time"),
    ("2026-03-20", "deemed_consent", "2026-02-24", "on_time"),
])
def test_deemed_consent(as_of, decision, finished, light):
    out = run(accepted("2026-02-12"), tpl("deemed_consent"), as_of=as_of)
    op = it(out)["opinions"]["fire"]
    assert (op["decision"], op["finished"], op["light"], op["deemed"]) == (decision, finished, light, bool(decision))
    if decision:
        assert op["used"] == 3


def test_deemed_consent_on_a_friday_deadline_is_recorded_on_the_weekend():
    # accepted Tue 2026-03-03: due Fri 03-06; on Sat 03-07 the day is after the deadline day
    out = run(accepted("2026-03-03"), tpl("deemed_consent"), as_of="2026-03-07")
    assert it(out)["opinions"]["fire"]["decision"] == "deemed_consent"


def test_deemed_consent_lets_the_item_be_decided():
    out = run(accepted("2026-02-12") + [ev("2026-02-25", "decide", item="i", result="approved")],
              tpl("deemed_consent"))
    assert it(out)["status"] == "approved"


def test_a_late_opinion_after_deemed_consent_is_refused():
    with pytest.raises(RuleBroken, match=r"event 3 .*already closed \(deemed consent\).*\[R8\]"):
        run(accepted("2026-02-12") + [ev("2026-02-25", "opinion", item="i", dept="fire", decision="object")],
            tpl("deemed_consent"))


def test_a_paused_opinion_is_not_deemed():
    events = accepted("2026-02-12") + [ev("2026-02-13", "pause", item="i", reason="expert_review")]
    out = run(events, tpl("deemed_consent"), as_of="2026-03-20")
    op = it(out)["opinions"]["fire"]
    assert (op["decision"], op["light"], op["remaining"]) == (None, "paused", 2)
    resumed = run(events + [ev("2026-03-02", "resume", item="i")], tpl("deemed_consent"), as_of="2026-03-05")
    op = it(resumed)["opinions"]["fire"]
    # paused (02-13, 03-02]: Sat 02-14, 02-24..02-28, 03-02 = 7 → due 02-24 + 7 = 03-04
    assert (op["decision"], op["finished"], op["paused"]) == ("deemed_consent", "2026-03-04", 7)


def test_escalate_stays_open_and_red():
    out = run(accepted("2026-02-12"), tpl(), as_of="2026-02-25")
    op = it(out)["opinions"]["fire"]
    assert (op["decision"], op["finished"], op["light"], op["deemed"]) == (None, None, "red", False)
    with pytest.raises(RuleBroken, match=r"event 3 .*opinions still open: fire, transport.*\[R8\]"):
        run(accepted("2026-02-12") + [ev("2026-02-25", "decide", item="i", result="approved")], tpl())


def test_a_late_opinion_under_escalate_is_late():
    out = run(accepted("2026-02-12") + [ev("2026-02-26", "opinion", item="i", dept="fire", decision="consent")],
              tpl())
    op = it(out)["opinions"]["fire"]
    assert (op["finished"], op["used"], op["light"]) == ("2026-02-26", 5, "late")


def test_override_closes_an_open_opinion():
    out = run(accepted("2026-02-12") + [
        ev("2026-02-26", "override", item="i", dept="fire", reason="联审会议决定"),
        ev("2026-02-26", "opinion", item="i", dept="transport", decision="consent"),
        ev("2026-02-26", "decide", item="i", result="approved"),
    ], tpl())
    op = it(out)["opinions"]["fire"]
    assert (op["decision"], op["finished"], op["light"], op["override_reason"]) == \
        ("overridden", "2026-02-26", "late", "联审会议决定")


@pytest.mark.parametrize("extra, message", [
    ([ev("2026-02-13", "opinion", item="i", dept="fire", decision="consent"),
      ev("2026-02-13", "opinion", item="i", dept="fire", decision="object")], "event 4 .*already closed"),
    ([ev("2026-02-13", "opinion", item="i", dept="fire", decision="consent"),
      ev("2026-02-13", "override", item="i", dept="fire", reason="r")], "event 4 .*already closed"),
    ([ev("2026-02-13", "opinion", item="i", dept="police", decision="consent")], "event 3 .*'police' was not asked"),
    ([ev("2026-02-13", "opinion", item="zz", dept="fire", decision="consent")], "event 3 .*unknown item 'zz'"),
    ([ev("2026-02-13", "decide", item="j", result="approved")], "event 3 .*'j' is pending"),
    ([ev("2026-02-13", "complete")], "event 3 .*items not decided: i, j"),
])
def test_opinion_refusals(extra, message):
    with pytest.raises(RuleBroken, match=message):
        run(accepted("2026-02-12") + extra, tpl())


def test_rejecting_the_stage_closes_open_opinions():
    out = run(accepted("2026-02-12") + [ev("2026-02-24", "reject", reason="不符合规划")], tpl(), as_of="2026-03-02")
    i = it(out)
    assert (i["status"], i["opinions"]["fire"]["finished"], it(out, "j")["status"]) == \
        ("rejected", "2026-02-24", "rejected")
