"""Clocks (R2, R3, R5, R7) read day by day: remaining, overdue, pauses, extensions and lights."""
import datetime as dt
import random
from decimal import Decimal

import pytest

from coordinator.domain.calendar import official_calendar
from coordinator.domain.clocks import (
    Clock,
    Pause,
    deadline,
    merge,
    paused_ranges,
    read,
    running_ranges,
    union_of_running,
    warn_days,
)

D = dt.date.fromisoformat
CAL = official_calendar()
RATIO = Decimal("0.2")


def clock(start: str, limit: int, legal=None, finished=None, extension=0, pauses=(), parent=None) -> Clock:
    c = Clock(limit, legal, parent=parent)
    c.start = D(start)
    c.finished = D(finished) if finished else None
    c.extension = extension
    c.pauses = [Pause(D(a), "supplement", end=D(b) if b else None) for a, b in pauses]
    return c


@pytest.mark.parametrize("limit, ratio, warn", [
    (1, "0.2", 1), (2, "0.2", 1), (5, "0.2", 1), (6, "0.2", 2), (7, "0.2", 2), (10, "0.2", 2), (11, "0.2", 3),
    (0, "0.2", 1), (12, "0.3", 4), (50, "0.14", 7), (10, "0.3", 3), (100, "0.07", 7), (3, "0.1", 1),
])
def test_warn_days_is_exact_decimal(limit, ratio, warn):
    assert warn_days(limit, Decimal(ratio)) == warn


# Scenario 4A (domain.md §7) with the product's R7 threshold: 5 wd → warn max(1, ceil(1.0)) = 1, so the
# make-up Sunday 09-28 (remaining 2) is still green (domain.md's "≤ 2" default is not the product's).
SCENARIO_4A = [
    ("2025-09-24", 5, 0, "green"), ("2025-09-25", 4, 0, "green"), ("2025-09-26", 3, 0, "green"),
    ("2025-09-27", 3, 0, "green"), ("2025-09-28", 2, 0, "green"), ("2025-09-29", 1, 0, "yellow"),
    ("2025-09-30", 0, 0, "yellow"), ("2025-10-01", 0, 0, "yellow"), ("2025-10-05", 0, 0, "yellow"),
    ("2025-10-08", 0, 0, "yellow"), ("2025-10-09", 0, 1, "red"), ("2025-10-10", 0, 2, "red"),
    ("2025-10-11", 0, 3, "red"), ("2025-10-12", 0, 3, "red"),
]


@pytest.mark.parametrize("today, remaining, overdue, light", SCENARIO_4A)
def test_scenario_4a_day_by_day(today, remaining, overdue, light):
    r = read(clock("2025-09-24", 5), CAL, D(today), RATIO)
    assert r.deadline == D("2025-09-30")
    assert (r.remaining, r.overdue, r.light) == (remaining, overdue, light)


def test_scenario_4a_finished_late():
    r = read(clock("2025-09-24", 5, finished="2025-10-10"), CAL, D("2025-10-20"), RATIO)
    assert (r.used, r.overdue, r.light, r.remaining) == (7, 2, "late", None)


# S2-A3: the 人防 opinion, 3 wd from Fri 2025-06-06 (due 06-11); warn = max(1, ceil(0.6)) = 1
@pytest.mark.parametrize("today, remaining, light", [
    ("2025-06-06", 3, "green"), ("2025-06-09", 2, "green"), ("2025-06-10", 1, "yellow"),
    ("2025-06-11", 0, "yellow"), ("2025-06-12", 0, "red"),
])
def test_s2_a3_opinion_colours(today, remaining, light):
    r = read(clock("2025-06-06", 3), CAL, D(today), RATIO)
    assert (r.deadline, r.remaining, r.light) == (D("2025-06-11"), remaining, light)


def test_s2_a3_finished_two_days_late():
    r = read(clock("2025-06-06", 3, finished="2025-06-13"), CAL, D("2025-06-13"), RATIO)
    assert (r.used, r.overdue, r.light) == (5, 2, "late")


# S8-A2: 7 wd from Fri 2025-09-26, due Mon 10-13; warn = ceil(1.4) = 2
@pytest.mark.parametrize("today, remaining, light", [
    ("2025-09-26", 7, "green"), ("2025-09-28", 6, "green"), ("2025-09-30", 4, "green"),
    ("2025-10-04", 4, "green"), ("2025-10-09", 3, "green"), ("2025-10-10", 2, "yellow"),
    ("2025-10-11", 1, "yellow"), ("2025-10-12", 1, "yellow"), ("2025-10-13", 0, "yellow"),
])
def test_s8_a2_colours(today, remaining, light):
    r = read(clock("2025-09-26", 7), CAL, D(today), RATIO)
    assert (r.deadline, r.remaining, r.light) == (D("2025-10-13"), remaining, light)


def test_s8_a1_finished_on_the_due_day_is_on_time():
    r = read(clock("2025-09-26", 7, finished="2025-10-13"), CAL, D("2025-10-14"), RATIO)
    assert (r.used, r.light) == (7, "on_time")


# 2026 春节: 5 wd from Thu 02-12 → 02-13, Sat 02-14, 02-24, 02-25, 02-26
@pytest.mark.parametrize("today, remaining, overdue, light", [
    ("2026-02-12", 5, 0, "green"), ("2026-02-14", 3, 0, "green"), ("2026-02-20", 3, 0, "green"),
    ("2026-02-25", 1, 0, "yellow"), ("2026-02-26", 0, 0, "yellow"), ("2026-02-27", 0, 1, "red"),
    ("2026-02-28", 0, 2, "red"), ("2026-03-01", 0, 2, "red"),
])
def test_spring_festival_2026(today, remaining, overdue, light):
    r = read(clock("2026-02-12", 5), CAL, D(today), RATIO)
    assert r.deadline == D("2026-02-26")
    assert (r.remaining, r.overdue, r.light) == (remaining, overdue, light)


# R7: due Fri 2026-12-25 … a clock due on a Friday turns red on the next working day, not on the weekend
@pytest.mark.parametrize("today, light", [("2026-12-25", "yellow"), ("2026-12-26", "yellow"),
                                          ("2026-12-27", "yellow"), ("2026-12-28", "red")])
def test_red_not_on_a_weekend(today, light):
    r = read(clock("2026-12-18", 5), CAL, D(today), RATIO)
    assert r.deadline == D("2026-12-25")
    assert r.light == light


def test_across_the_year_boundary_counts_2027_monday_to_friday():
    # 12-25, 28, 29, 30, 31, Fri 2027-01-01 (元旦 2027 is not known yet), 01-04 … 01-07
    r = read(clock("2026-12-24", 10, legal=20), CAL, D("2027-01-04"), RATIO)
    assert r.deadline == D("2027-01-07")
    assert r.legal_deadline == D("2027-01-21")
    assert (r.used, r.remaining, r.light) == (7, 3, "green")


# R3: working days in (P, R] are not counted; the deadline moves by as many
@pytest.mark.parametrize("start, limit, pauses, finished, used, paused, deadline", [
    # S3-A4: 可研 accepted 02-10 (10 wd), expert review 02-11 → 02-17: paused 4, adjusted due 02-28
    ("2025-02-10", 10, [("2025-02-11", "2025-02-17")], "2025-02-24", 6, 4, "2025-02-28"),
    # S2-A7: EIA approval accepted 06-25 (10 wd), publicity 06-30 → 07-07: paused 5, due 07-16, net 5
    ("2025-06-25", 10, [("2025-06-30", "2025-07-07")], "2025-07-09", 5, 5, "2025-07-16"),
    # a supplement over 春节 2026: paused Sat 02-14 and Tue 02-24 (counted 02-13, 02-25, 02-26)
    ("2026-02-12", 5, [("2026-02-13", "2026-02-24")], "2026-02-26", 3, 2, "2026-02-28"),
    # resumed inside the holiday: only Sat 02-14 was paused
    ("2026-02-12", 5, [("2026-02-13", "2026-02-23")], "2026-02-26", 4, 1, "2026-02-27"),
    # overlapping pauses count each day once: (03-02, 03-06] = 4 days; Sat 02-28 is a make-up day
    ("2026-02-27", 5, [("2026-03-02", "2026-03-04"), ("2026-03-03", "2026-03-06")], "2026-03-10", 4, 4, "2026-03-11"),
    # touching pauses: (03-02, 03-05] = 3 days
    ("2026-02-27", 5, [("2026-03-02", "2026-03-04"), ("2026-03-04", "2026-03-05")], "2026-03-10", 5, 3, "2026-03-10"),
    # a pause over 国庆 2026 (resumed on the make-up Saturday 10-10)
    ("2026-09-28", 5, [("2026-09-29", "2026-10-10")], "2026-10-12", 2, 4, "2026-10-15"),
])
def test_pauses(start, limit, pauses, finished, used, paused, deadline):
    r = read(clock(start, limit, pauses=pauses, finished=finished), CAL, D(finished), RATIO)
    assert (r.used, r.paused, r.deadline) == (used, paused, D(deadline))
    assert r.light == ("on_time" if used <= limit else "late")


def test_a_paused_clock_keeps_its_remaining_and_shows_paused():
    running = read(clock("2026-09-21", 5), CAL, D("2026-09-23"), RATIO)
    c = clock("2026-09-21", 5, pauses=[("2026-09-23", None)])
    for today in ("2026-09-23", "2026-09-28", "2026-10-08", "2026-10-20"):
        r = read(c, CAL, D(today), RATIO)
        assert (r.light, r.remaining) == ("paused", running.remaining)
    assert read(c, CAL, D("2026-10-20"), RATIO).deadline > D("2026-10-20")


def test_a_stage_pause_pauses_its_items_and_their_opinions():
    stage = clock("2026-03-02", 10, pauses=[("2026-03-03", "2026-03-05")])
    item = clock("2026-03-02", 5, parent=stage)
    opinion = clock("2026-03-02", 3, parent=item)
    for c, due in ((stage, "2026-03-18"), (item, "2026-03-11"), (opinion, "2026-03-09")):
        assert read(c, CAL, D("2026-03-06"), RATIO).paused == 2
        assert read(c, CAL, D("2026-03-06"), RATIO).deadline == D(due)
    stage.pauses[0].end = None
    assert read(opinion, CAL, D("2026-03-06"), RATIO).light == "paused"


@pytest.mark.parametrize("extension, finished, light, deadline", [
    (0, "2026-03-09", "on_time", "2026-03-09"), (0, "2026-03-10", "late", "2026-03-09"),
    (3, "2026-03-12", "on_time", "2026-03-12"), (3, "2026-03-13", "late", "2026-03-12"),
])
def test_extension_moves_the_deadline_and_the_legal_one(extension, finished, light, deadline):
    r = read(clock("2026-03-02", 5, legal=20, extension=extension, finished=finished), CAL, D("2026-03-20"), RATIO)
    assert (r.light, r.deadline) == (light, D(deadline))
    assert r.legal_deadline == CAL.deadline(D("2026-03-02"), 20 + extension)


def test_extension_does_not_change_the_yellow_threshold():
    # limit 5 (warn 1) + 10 extension: with 2 days left the light is green, not yellow (warn of 15 would be 3)
    r = read(clock("2026-03-02", 5, extension=10), CAL, D("2026-03-19"), RATIO)
    assert (r.deadline, r.remaining, r.light) == (D("2026-03-23"), 2, "green")


def test_not_started_reads_none():
    r = read(Clock(5), CAL, D("2026-03-02"), RATIO)
    assert (r.started, r.deadline, r.used, r.remaining, r.light) == (None, None, None, None, "none")


def test_zero_limit_is_due_the_same_day():
    r = read(clock("2026-02-14", 0), CAL, D("2026-02-14"), RATIO)
    assert (r.deadline, r.remaining, r.light) == (D("2026-02-14"), 0, "yellow")
    assert read(clock("2026-02-14", 0), CAL, D("2026-02-24"), RATIO).light == "red"


def test_running_ranges_leave_out_paused_days():
    c = clock("2026-03-02", 10, pauses=[("2026-03-04", "2026-03-06")], finished="2026-03-10")
    ranges = running_ranges(c, CAL, D("2026-03-20"))
    assert sum(b - a for a, b in ranges) == CAL.count(D("2026-03-02"), D("2026-03-10")) - 2


def reference_read(c: Clock, today: dt.date) -> tuple:
    """R2–R7 in calendar terms, day counts by cal.count and deadlines by cal.deadline (the rules' wording)."""
    end = c.finished or today
    paused = sum(b - a for a, b in paused_ranges(c, CAL, end))
    deadline = CAL.deadline(c.start, c.limit + c.extension + paused)
    legal = CAL.deadline(c.start, c.legal + c.extension + paused) if c.legal is not None else None
    used = CAL.count(c.start, end) - paused
    if c.finished:
        return deadline, legal, used, paused, None, max(0, used - c.limit - c.extension)
    return (deadline, legal, used, paused, CAL.count(today, deadline) if deadline > today else 0,
            CAL.count(deadline, today) if today > deadline else 0)


def test_readings_from_ranks_match_the_calendar_definitions():
    rng = random.Random(5)
    for _ in range(400):
        start = D("2025-09-01") + dt.timedelta(days=rng.randrange(200))
        stage = clock(start.isoformat(), rng.randrange(0, 8), pauses=_random_pauses(rng, start, 1))
        c = clock(start.isoformat(), rng.randrange(0, 12), legal=rng.choice((None, 0, 20)), parent=stage,
                  extension=rng.choice((0, 3)), pauses=_random_pauses(rng, start, 2))
        today = start + dt.timedelta(days=rng.randrange(0, 60))
        if rng.random() < 0.4:
            c.finished = start + dt.timedelta(days=rng.randrange(0, 40))
        r = read(c, CAL, today, RATIO)
        assert (r.deadline, r.legal_deadline, r.used, r.paused, r.remaining, r.overdue) == reference_read(c, today)
        assert deadline(c, CAL, today) == r.deadline


def _random_pauses(rng: random.Random, start: dt.date, most: int) -> list[tuple[str, str | None]]:
    out, day = [], start
    for _ in range(rng.randrange(most + 1)):
        day += dt.timedelta(days=rng.randrange(0, 6))
        end = day + dt.timedelta(days=rng.randrange(0, 6))
        out.append((day.isoformat(), end.isoformat() if rng.random() < 0.7 else None))
        if out[-1][1] is None:
            break
        day = end
    return out


def test_the_union_of_running_clocks_is_the_merge_of_their_ranges():
    rng = random.Random(8)
    for _ in range(100):
        start = D("2025-09-01") + dt.timedelta(days=rng.randrange(60))
        stage = clock(start.isoformat(), 5, pauses=_random_pauses(rng, start, 1))
        clocks = [stage, Clock(3)] + [clock((start + dt.timedelta(days=rng.randrange(10))).isoformat(), 3,
                                            parent=stage, pauses=_random_pauses(rng, start, 1)) for _ in range(3)]
        clocks[-1].finished = start + dt.timedelta(days=rng.randrange(5, 30))
        today = start + dt.timedelta(days=rng.randrange(0, 60))
        expected = merge([r for c in clocks for r in running_ranges(c, CAL, today)])
        assert union_of_running(clocks, CAL, today) == expected
