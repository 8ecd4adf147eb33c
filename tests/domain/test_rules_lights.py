"""R7 lights through whole replays: thresholds in decimal, template ratios, holidays, closed clocks."""
import pytest

from coordinator.domain.calendar import official_calendar
from tests.domain.kit import (
    D,
    accepted,
    agency,
    ev,
    it,
    item,
    milestone,
    node,
    run,
    stage,
    template,
)

CAL = official_calendar()


def one_item(days, ratio=None):
    return template(stage(days=days, legal=max(days, 20)), milestone(needs=["s"]), ratio=ratio)


@pytest.mark.parametrize("days, ratio, remaining, light", [
    # 50 × 0.14 = 7 exactly (binary floating point would give 7.000000000000001 → 8)
    (50, 0.14, 8, "green"), (50, 0.14, 7, "yellow"),
    # 12 × 0.3 = 3.6 → 4 (the golden example's stage)
    (12, 0.3, 5, "green"), (12, 0.3, 4, "yellow"),
    # 10 × 0.07 = 0.7 → max(1, 1)
    (10, 0.07, 2, "green"), (10, 0.07, 1, "yellow"),
    # default 0.2: 10 → 2, 11 → 3 (2.2 rounds up), 4 → 1 (the floor of max(1, …))
    (10, None, 3, "green"), (10, None, 2, "yellow"), (11, None, 4, "green"), (11, None, 3, "yellow"),
    (4, None, 2, "green"), (4, None, 1, "yellow"), (4, None, 0, "yellow"),
])
def test_thresholds(days, ratio, remaining, light):
    start = D("2026-03-02")
    as_of = CAL.latest_start(CAL.deadline(start, days), remaining)
    out = run(accepted(start.isoformat()), one_item(days, ratio), as_of=as_of.isoformat())
    assert (it(out)["remaining"], it(out)["light"]) == (remaining, light)
    assert (node(out)["remaining"], node(out)["light"]) == (remaining, light)


# 国庆 2026: 5 wd from Tue 09-22 → 09-23, 24, 28, 29, 30 (mid-autumn 09-25..27); due Wed 09-30
@pytest.mark.parametrize("as_of, remaining, light", [
    ("2026-09-22", 5, "green"), ("2026-09-25", 3, "green"), ("2026-09-28", 2, "green"),
    ("2026-09-29", 1, "yellow"), ("2026-09-30", 0, "yellow"), ("2026-10-04", 0, "yellow"),
    ("2026-10-07", 0, "yellow"), ("2026-10-08", 0, "red"),
])
def test_national_day_2026(as_of, remaining, light):
    out = run(accepted("2026-09-22"), one_item(5), as_of=as_of)
    assert (it(out)["deadline"], it(out)["remaining"], it(out)["light"]) == ("2026-09-30", remaining, light)


@pytest.mark.parametrize("finish, light", [("2026-09-30", "on_time"), ("2026-10-08", "late")])
def test_closed_clocks(finish, light):
    out = run(accepted("2026-09-22") + [ev(finish, "decide", item="i", result="approved"), ev(finish, "complete")],
              one_item(5), as_of="2026-10-20")
    assert (it(out)["light"], node(out)["light"], it(out)["remaining"]) == (light, light, None)
    assert it(out)["legal_overdue"] is False


def test_legal_overdue_is_a_separate_flag():
    tpl = template(stage(days=3, legal=5), milestone(needs=["s"]))
    out = run(accepted("2026-03-02"), tpl, as_of="2026-03-10")
    assert (it(out)["light"], it(out)["legal_deadline"], it(out)["legal_overdue"]) == ("red", "2026-03-09", True)
    assert it(run(accepted("2026-03-02"), tpl, as_of="2026-03-09"))["legal_overdue"] is False


def test_opinion_light_over_spring_festival_2026():
    tpl = template(stage(items=[item(days=5, opinions=[("fire", 3)])]), milestone(needs=["s"]))
    # 3 wd from Wed 02-11: 02-12, 02-13, Sat 02-14 → due 02-14; the holiday keeps it yellow until 02-24
    for as_of, light in (("2026-02-13", "yellow"), ("2026-02-14", "yellow"), ("2026-02-23", "yellow"),
                         ("2026-02-24", "red")):
        op = it(run(accepted("2026-02-11"), tpl, as_of=as_of))["opinions"]["fire"]
        assert (op["deadline"], op["light"]) == ("2026-02-14", light)


def test_agency_light():
    tpl = template(stage(), agency("a", needs=["s"], days=10), milestone(needs=["a"]))
    events = accepted("2026-02-11") + [ev("2026-02-13", "decide", item="i", result="approved"),
                                      ev("2026-02-13", "complete"), ev("2026-02-14", "start", "a")]
    # 10 wd from Sat 02-14: 02-24 .. 02-27, Sat 02-28, 03-02 .. 03-06 → due Fri 03-06 (warn 2)
    for as_of, remaining, light in (("2026-02-20", 10, "green"), ("2026-03-04", 2, "yellow"),
                                    ("2026-03-07", 0, "yellow"), ("2026-03-09", 0, "red")):
        a = node(run(events, tpl, as_of=as_of), "a")
        assert (a["deadline"], a["remaining"], a["light"], a["status"]) == ("2026-03-06", remaining, light, "running")
    done = node(run(events + [ev("2026-03-09", "deliver", "a")], tpl), "a")
    assert (done["status"], done["used"], done["light"]) == ("delivered", 11, "late")
