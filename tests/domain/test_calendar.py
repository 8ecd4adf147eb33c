"""R1/R2 working days, deadlines and counts around 春节, 国庆 and their 调休 days (2025, 2026) and into 2027."""
import datetime as dt

import pytest

from coordinator.domain.calendar import WorkCalendar, YearSchedule, official_calendar

D = dt.date.fromisoformat
CAL = official_calendar()


@pytest.mark.parametrize("day, working", [
    # 2025 (domain.md Appendix A)
    ("2025-01-01", False), ("2025-01-26", True), ("2025-01-27", True), ("2025-01-28", False),
    ("2025-02-04", False), ("2025-02-05", True), ("2025-02-08", True), ("2025-02-09", False),
    ("2025-04-27", True), ("2025-05-01", False), ("2025-05-05", False), ("2025-05-06", True),
    ("2025-06-02", False), ("2025-09-27", False), ("2025-09-28", True), ("2025-10-01", False),
    ("2025-10-08", False), ("2025-10-09", True), ("2025-10-11", True), ("2025-10-12", False),
    # 2026 (chinesecalendar): 春节 02-15..23 with Sat 02-14 and Sat 02-28 worked
    ("2026-02-13", True), ("2026-02-14", True), ("2026-02-15", False), ("2026-02-23", False),
    ("2026-02-24", True), ("2026-02-28", True), ("2026-03-01", False),
    # 2026 mid-autumn 09-25..27, 国庆 10-01..07, make-up Sun 09-20 and Sat 10-10
    ("2026-09-20", True), ("2026-09-25", False), ("2026-09-27", False), ("2026-09-28", True),
    ("2026-10-01", False), ("2026-10-07", False), ("2026-10-08", True), ("2026-10-10", True),
    ("2026-10-11", False),
    # 2027: no official data, Monday–Friday (元旦 is not known yet)
    ("2026-12-31", True), ("2027-01-01", True), ("2027-01-02", False), ("2027-02-08", True),
    ("2027-10-01", True), ("2027-10-02", False),
])
def test_working_days(day, working):
    assert CAL.is_workday(D(day)) is working


@pytest.mark.parametrize("year, count", [(2025, 248), (2026, 248), (2027, 261)])
def test_working_days_per_year(year, count):
    assert CAL.count(dt.date(year - 1, 12, 31), dt.date(year, 12, 31)) == count


@pytest.mark.parametrize("start, n, due, naive", [
    # domain.md Appendix A counter-examples: the naive Mon–Fri answer must not come out
    ("2025-04-25", 10, "2025-05-13", "2025-05-09"),
    ("2025-01-26", 5, "2025-02-08", "2025-01-31"),
    ("2025-09-24", 5, "2025-09-30", "2025-10-01"),
    ("2025-09-26", 7, "2025-10-13", "2025-10-07"),
    # S1-A3: accepted on the make-up Sunday, 3 working days
    ("2025-04-27", 3, "2025-04-30", "2025-05-01"),
    # S3: 可研 accepted 02-10, 10 wd gross (before the pause)
    ("2025-02-10", 10, "2025-02-24", "2025-02-24"),
    # 2026 春节: Fri 02-13 + 1 is the make-up Saturday; + 2 jumps the holiday
    ("2026-02-13", 1, "2026-02-14", "2026-02-16"),
    ("2026-02-13", 2, "2026-02-24", "2026-02-17"),
    ("2026-02-14", 5, "2026-02-28", "2026-02-20"),
    ("2026-02-12", 10, "2026-03-04", "2026-02-26"),
    # 2026 国庆 and mid-autumn
    ("2026-09-18", 1, "2026-09-20", "2026-09-21"),
    ("2026-09-24", 1, "2026-09-28", "2026-09-25"),
    ("2026-09-30", 1, "2026-10-08", "2026-10-01"),
    ("2026-09-30", 2, "2026-10-09", "2026-10-02"),
    ("2026-09-30", 3, "2026-10-10", "2026-10-05"),
    # across 2026 → 2027 (2027 counted Monday to Friday)
    ("2026-12-25", 5, "2027-01-01", "2027-01-01"),
    ("2026-12-31", 1, "2027-01-01", "2027-01-01"),
    ("2026-12-31", 2, "2027-01-04", "2027-01-04"),
])
def test_deadline(start, n, due, naive):
    assert CAL.deadline(D(start), n) == D(due)
    if naive != due:
        assert CAL.deadline(D(start), n) != D(naive)
    assert CAL.count(D(start), D(due)) == n


@pytest.mark.parametrize("start, n, due", [
    # R2: started on a non-working day, the first working day after it is day 1
    ("2025-02-01", 1, "2025-02-05"),   # Sat in the 春节 holiday
    ("2025-10-04", 2, "2025-10-10"),
    ("2026-02-15", 1, "2026-02-24"),
    ("2026-10-03", 3, "2026-10-10"),
    ("2027-01-02", 1, "2027-01-04"),
    # N = 0: due on D itself, even when D is not a working day (即办件)
    ("2025-05-01", 0, "2025-05-01"),
    ("2026-02-14", 0, "2026-02-14"),
])
def test_deadline_from_non_working_day_and_zero(start, n, due):
    assert CAL.deadline(D(start), n) == D(due)


@pytest.mark.parametrize("start, end, used", [
    ("2025-04-25", "2025-05-13", 10),   # S1-A1
    ("2025-01-20", "2025-04-02", 48),   # S3-A1 gross
    ("2025-09-26", "2025-10-13", 7),    # S8-A1
    ("2025-09-24", "2025-10-10", 7),    # Scenario 4A: elapsed 7 vs 5
    ("2025-06-03", "2025-07-09", 26),   # S2-A1 受理 → M
    ("2025-04-25", "2025-04-25", 0),    # finishing on D uses 0 days
    ("2025-10-01", "2025-10-08", 0),    # a whole holiday
    ("2026-02-13", "2026-02-28", 6),    # Sat 02-14, Tue 02-24 .. Fri 02-27, Sat 02-28
    ("2026-12-31", "2027-01-08", 6),
])
def test_count(start, end, used):
    assert CAL.count(D(start), D(end)) == used


@pytest.mark.parametrize("finish_by, n, latest", [
    ("2025-05-13", 2, "2025-05-09"),    # S1 backward plan: C4 latest acceptance 05-09
    ("2025-05-08", 5, "2025-04-28"),    # S1: C1 latest acceptance 04-28
    ("2025-05-08", 2, "2025-05-06"),
    ("2026-02-24", 2, "2026-02-13"),
    ("2026-10-08", 1, "2026-09-30"),
    ("2026-10-10", 0, "2026-10-10"),
    ("2026-10-11", 0, "2026-10-10"),    # a Sunday: the last working day on or before it
    ("2027-01-04", 2, "2026-12-31"),
])
def test_latest_start(finish_by, n, latest):
    assert CAL.latest_start(D(finish_by), n) == D(latest)
    assert CAL.deadline(D(latest), n) <= D(finish_by)
    if n:
        assert CAL.deadline(CAL.next_workday(D(latest)), n) > D(finish_by)


@pytest.mark.parametrize("day, received", [
    ("2025-05-03", "2025-05-06"), ("2025-04-27", "2025-04-27"), ("2026-02-21", "2026-02-24"),
    ("2026-02-28", "2026-02-28"), ("2026-10-04", "2026-10-08"), ("2027-01-02", "2027-01-04"),
])
def test_received_on(day, received):
    assert CAL.received_on(D(day)) == D(received)


@pytest.mark.parametrize("first, last, provisional", [
    ("2025-01-01", "2026-12-31", False), ("2026-12-31", "2027-01-01", True), ("2027-03-01", "2027-03-02", True),
    ("2004-01-01", "2004-01-02", False),
])
def test_provisional_span(first, last, provisional):
    run = CAL.official_run(D(first))
    assert (run is None or D(last) > run[1]) is provisional


def test_local_overrides_win_and_keep_provisional():
    local = CAL.with_overrides(holidays=[D("2026-03-02")], workdays=[D("2026-02-22"), D("2027-01-02")])
    assert not local.is_workday(D("2026-03-02"))
    assert local.is_workday(D("2026-02-22"))       # a holiday Sunday made a working day
    assert local.deadline(D("2026-02-27"), 2) == D("2026-03-03")
    assert local.is_workday(D("2027-01-02"))
    assert local.is_provisional_year(2027)          # local overrides do not lift provisional
    assert CAL.is_workday(D("2026-03-02"))          # the official calendar is untouched


def test_an_imported_year_is_official_and_wins_over_monday_to_friday():
    schedules = dict(CAL.schedules)
    schedules[2027] = YearSchedule(2027, frozenset({D("2027-01-01"), D("2027-02-08")}),
                                   frozenset({D("2027-02-06")}))
    cal = WorkCalendar(schedules)
    assert not cal.is_workday(D("2027-01-01"))
    assert cal.is_workday(D("2027-02-06"))
    assert not cal.is_provisional_year(2027)
    assert cal.deadline(D("2026-12-31"), 1) == D("2027-01-04")


def test_negative_period_is_refused():
    with pytest.raises(ValueError):
        CAL.deadline(D("2026-01-05"), -1)


def test_ranks_and_workdays_agree_with_counts_and_deadlines():
    start = D("2025-09-26")
    assert CAL.workday(CAL.rank(start) + 3) == CAL.deadline(start, 3) == D("2025-09-30")  # Sunday 09-28 is worked
    assert CAL.ranks[D("2025-10-12")] - CAL.ranks[start] == CAL.count(start, D("2025-10-12"))
    assert CAL.workday(CAL.rank(D("2025-10-09"))) == D("2025-10-09")


@pytest.mark.parametrize("day", [dt.date(2003, 12, 31), dt.date(2100, 1, 1)])
def test_days_outside_the_calendar_are_refused(day):
    for query in (CAL.rank, CAL.is_workday, lambda d: CAL.ranks[d], lambda d: CAL.count(D("2025-01-02"), d)):
        with pytest.raises(ValueError, match="outside the calendar"):
            query(day)


def test_the_official_run_around_a_day_bounds_the_spans_that_are_not_provisional():
    schedules = {y: s for y, s in CAL.schedules.items() if y != 2020}  # a gap in the official years
    cal = WorkCalendar(schedules)
    assert cal.official_run(D("2025-06-01")) == (D("2021-01-01"), D("2026-12-31"))
    assert cal.official_run(D("2019-06-01"))[1] == D("2019-12-31")
    assert cal.official_run(D("2020-06-01")) is None and cal.official_run(D("2027-01-04")) is None
    first, last = cal.official_run(D("2025-06-01"))
    assert not any(cal.is_provisional_year(y) for y in range(first.year, last.year + 1))
    assert cal.is_provisional_year(first.year - 1) and cal.is_provisional_year(last.year + 1)
