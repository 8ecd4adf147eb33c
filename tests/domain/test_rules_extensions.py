"""R5 extensions: once per clock, up to the allowed days, moving the deadline and the legal deadline only."""
import pytest

from coordinator.domain.errors import RuleBroken
from tests.domain.kit import (
    accepted,
    ev,
    it,
    item,
    milestone,
    node,
    run,
    stage,
    template,
)

TPL = template(stage(days=5, legal=20, items=[item("i", days=5, legal=20), item("k", days=5, legal=20, extension=3)]),
               milestone(needs=["s"]))


@pytest.mark.parametrize("start, days, finish, deadline, legal, light", [
    # 5 wd from Wed 2026-09-30: 10-08, 09, Sat 10-10, 12, 13; +3 → 10-16 (legal 20+3)
    ("2026-09-30", 3, "2026-10-16", "2026-10-16", "2026-11-06", "on_time"),
    ("2026-09-30", 3, "2026-10-19", "2026-10-16", "2026-11-06", "late"),
    # 春节 2026: 5 wd from Fri 02-13 → 02-14, 24, 25, 26, 27; +10 → 03-12 (Sat 02-28 is worked)
    ("2026-02-13", 10, "2026-03-12", "2026-03-12", "2026-04-02", "on_time"),
    ("2026-02-13", 10, "2026-03-13", "2026-03-12", "2026-04-02", "late"),
    # into 2027 (Monday to Friday): 5 wd from 12-28 → 2027-01-04; +2 → 01-06
    ("2026-12-28", 2, "2027-01-06", "2027-01-06", "2027-01-27", "on_time"),
])
def test_item_extension(start, days, finish, deadline, legal, light):
    out = run(accepted(start) + [ev(start, "extend", item="i", days=days, reason="需现场核查"),
                                 ev(finish, "decide", item="i", result="approved")], TPL)
    i = it(out)
    assert (i["extended"], i["deadline"], i["legal_deadline"], i["light"]) == (days, deadline, legal, light)
    assert i["extension_reason"] == "需现场核查"
    assert node(out)["extended"] == 0
    assert it(out, "k")["extended"] == 0


def test_a_stage_extension_does_not_extend_its_items():
    out = run(accepted("2026-03-02") + [ev("2026-03-03", "extend", days=10, reason="联合审查")], TPL,
              as_of="2026-03-10")
    assert (node(out)["extended"], node(out)["deadline"]) == (10, "2026-03-23")
    assert (it(out)["extended"], it(out)["deadline"], it(out)["light"]) == (0, "2026-03-09", "red")


def test_extension_keeps_the_promised_limit_for_yellow():
    out = run(accepted("2026-03-02") + [ev("2026-03-02", "extend", item="i", days=10, reason="r")], TPL,
              as_of="2026-03-19")
    # deadline 03-23, remaining 2; warn for the promised 5 days is 1 → green (15 days would warn at 3)
    assert (it(out)["limit"], it(out)["remaining"], it(out)["light"]) == (5, 2, "green")
    assert it(run(accepted("2026-03-02") + [ev("2026-03-02", "extend", item="i", days=10, reason="r")], TPL,
                  as_of="2026-03-20"))["light"] == "yellow"


@pytest.mark.parametrize("extra, message", [
    ([ev("2026-03-03", "extend", item="i", days=2, reason="r"), ev("2026-03-04", "extend", item="i", days=2, reason="r")],
     "event 4 .*already been extended once"),
    ([ev("2026-03-03", "extend", item="i", days=11, reason="r")], "event 3 .*1 to 10 working days, got 11"),
    ([ev("2026-03-03", "extend", item="k", days=4, reason="r")], "event 3 .*1 to 3 working days, got 4"),
    ([ev("2026-03-03", "extend", days=11, reason="r")], "event 3 .*1 to 10 working days, got 11"),
    ([ev("2026-03-03", "extend", item="i", days=0, reason="r")], "event 3 .*1 to 10 working days, got 0"),
    ([ev("2026-03-03", "decide", item="i", result="approved"), ev("2026-03-04", "extend", item="i", days=1, reason="r")],
     "event 4 .*not running"),
])
def test_extension_refusals(extra, message):
    with pytest.raises(RuleBroken, match=message) as exc:
        run(accepted("2026-03-02") + extra, TPL)
    assert exc.value.rule in ("R5", "R8")
