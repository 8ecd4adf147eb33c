"""What each day of a year is and why (an official holiday, a make-up day, a local change), so that an
administrator can check a year's schedule before any deadline depends on it. Pure."""
from __future__ import annotations

import calendar as stdlib_calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from coordinator.domain.calendar import WorkCalendar

# why a day is (not) worked; the first four are the plain Monday–Friday rule's exceptions
HOLIDAY = "holiday"            # official holiday (法定节假日)
MAKEUP = "makeup"              # official make-up working day (调休上班日)
LOCAL_CLOSED = "local_closed"  # a local extra closure day
LOCAL_OPEN = "local_open"      # a local extra working day
WEEKEND = "weekend"
WORKDAY = "workday"


@dataclass(frozen=True)
class Day:
    """One date with its kind, whether it is worked and the note that explains it."""

    date: dt.date
    kind: str
    working: bool
    note: str = ""

    @property
    def deviates(self) -> bool:
        """True when the day is worked differently from Monday–Friday, or is a local change."""
        plain = self.date.weekday() < 5
        return self.working != plain or self.kind in (LOCAL_CLOSED, LOCAL_OPEN)


def day_kind(cal: WorkCalendar, day: dt.date) -> str:
    """The reason behind `cal.is_workday(day)`: local changes first, then the official schedule, then the week."""
    if day in cal.local_holidays:
        return LOCAL_CLOSED
    if day in cal.local_workdays:
        return LOCAL_OPEN
    schedule = cal.schedules.get(day.year)
    if schedule and day in schedule.holidays:
        return HOLIDAY
    if schedule and day in schedule.workdays:
        return MAKEUP
    return WEEKEND if day.weekday() >= 5 else WORKDAY


def year_days(cal: WorkCalendar, year: int, notes: Mapping[dt.date, str]) -> list[Day]:
    """Every day of `year`, in order; `notes` explains holidays, make-up days and local changes."""
    first = dt.date(year, 1, 1)
    count = (dt.date(year + 1, 1, 1) - first).days
    days = (first + dt.timedelta(i) for i in range(count))
    return [Day(d, day_kind(cal, d), cal.is_workday(d), notes.get(d, "")) for d in days]


def deviations(days: list[Day]) -> list[Day]:
    """The days `flask calendar-show` lists: worked unlike Monday–Friday, or changed locally."""
    return [day for day in days if day.deviates]


def month_weeks(days: list[Day], month: int) -> list[list[Day | None]]:
    """The month as weeks Monday to Sunday, None for the cells outside the month."""
    by_date = {day.date: day for day in days}
    year = days[0].date.year
    weeks = stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[by_date[d] if d.month == month else None for d in week] for week in weeks]
