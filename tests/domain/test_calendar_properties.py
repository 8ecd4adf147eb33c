"""Properties of the working-day calendar (R1, R2) over 2024–2028, local overrides included."""
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from coordinator.domain.calendar import official_calendar

OFFICIAL = official_calendar()
LOCAL = OFFICIAL.with_overrides(holidays=[dt.date(2026, 3, 2), dt.date(2027, 5, 3)],
                                workdays=[dt.date(2026, 2, 22), dt.date(2027, 1, 2)])
days = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2028, 6, 30))
periods = st.integers(min_value=1, max_value=250)
calendars = st.sampled_from([OFFICIAL, LOCAL])


@settings(max_examples=300)
@given(cal=calendars, start=days, n=periods)
def test_a_deadline_is_a_working_day_strictly_after_the_start(cal, start, n):
    due = cal.deadline(start, n)
    assert cal.is_workday(due)
    assert due > start


@settings(max_examples=300)
@given(cal=calendars, start=days, n=st.integers(min_value=0, max_value=250))
def test_adding_then_counting_gives_n_back(cal, start, n):
    assert cal.count(start, cal.deadline(start, n)) == n


@settings(max_examples=300)
@given(cal=calendars, start=days, n=periods)
def test_deadline_is_strictly_monotone_in_n(cal, start, n):
    assert cal.deadline(start, n - 1) < cal.deadline(start, n)


@settings(max_examples=300)
@given(cal=calendars, start=days, n=periods)
def test_deadline_is_the_first_day_with_n_working_days(cal, start, n):
    due = cal.deadline(start, n)
    before = due - dt.timedelta(days=1)
    assert cal.count(start, before) == n - 1


@settings(max_examples=300)
@given(cal=calendars, finish_by=days, n=st.integers(min_value=0, max_value=200))
def test_latest_start_is_consistent_with_deadline(cal, finish_by, n):
    latest = cal.latest_start(finish_by, n)
    assert cal.is_workday(latest)
    assert cal.deadline(latest, n) <= finish_by
    later = cal.next_workday(latest)
    assert cal.deadline(later, n) > finish_by


@settings(max_examples=300)
@given(cal=calendars, a=days, b=days, c=days)
def test_count_is_additive(cal, a, b, c):
    assert cal.count(a, c) == cal.count(a, b) + cal.count(b, c)


@settings(max_examples=200)
@given(cal=calendars, day=days)
def test_received_on_is_the_day_or_the_next_working_day(cal, day):
    received = cal.received_on(day)
    assert cal.is_workday(received)
    assert cal.count(day, received) == (0 if cal.is_workday(day) else 1)
