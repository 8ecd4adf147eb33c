"""The working-day calendar (R1, R2): official holidays and make-up days, local overrides, provisional years.

Every working-day question is answered from precomputed arrays in O(1) (a cumulative count per day and
the list of working days), never by walking day by day.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

FIRST_YEAR = 2004
LAST_YEAR = 2099


@dataclass(frozen=True)
class YearSchedule:
    """One year's official schedule: its holidays and its make-up working days (调休上班日)."""

    year: int
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]


def chinesecalendar_schedules() -> dict[int, YearSchedule]:
    """The official schedules shipped in the `chinesecalendar` package, one per year it covers."""
    from chinese_calendar import constants

    holidays: dict[int, set[dt.date]] = {}
    workdays: dict[int, set[dt.date]] = {}
    for day in constants.holidays:
        holidays.setdefault(day.year, set()).add(day)
    for day in constants.workdays:
        workdays.setdefault(day.year, set()).add(day)
    years = set(holidays) | set(workdays)
    return {
        y: YearSchedule(y, frozenset(holidays.get(y, ())), frozenset(workdays.get(y, ())))
        for y in sorted(years)
    }


class _Ranks(dict):
    """date -> its rank, filled on first use (the bounds checked then): a lookup is one dict access."""

    __slots__ = ("calendar",)

    def __init__(self, calendar: WorkCalendar):
        super().__init__()
        self.calendar = calendar

    def __missing__(self, day: dt.date) -> int:
        cal = self.calendar
        value = self[day] = cal._cum[cal._index(day)]
        return value


class WorkCalendar:
    """Working days between FIRST_YEAR and LAST_YEAR, with O(1) deadline and count queries."""

    def __init__(self, schedules: Mapping[int, YearSchedule],
                 local_holidays: Iterable[dt.date] = (), local_workdays: Iterable[dt.date] = ()):
        self.schedules = dict(schedules)
        self.local_holidays = frozenset(local_holidays)
        self.local_workdays = frozenset(local_workdays)
        self.official_years = frozenset(self.schedules)
        self._base = dt.date(FIRST_YEAR, 1, 1).toordinal()
        self._build()

    def _build(self) -> None:
        """Precompute the working-day flags, cumulative counts and the list of working days."""
        last = dt.date(LAST_YEAR, 12, 31).toordinal()
        size = last - self._base + 1
        flags = bytearray(size)
        for i in range(size):
            flags[i] = (i + self._base) % 7 not in (6, 0)  # ordinal % 7: 0 = Sunday, 6 = Saturday
        for schedule in self.schedules.values():
            self._mark(flags, schedule.holidays, 0)
            self._mark(flags, schedule.workdays, 1)
        self._mark(flags, self.local_holidays, 0)
        self._mark(flags, self.local_workdays, 1)
        cum = [0] * size
        days: list[dt.date] = []
        count = 0
        fromordinal, base = dt.date.fromordinal, self._base
        for i in range(size):
            if flags[i]:
                count += 1
                days.append(fromordinal(i + base))
            cum[i] = count
        self._flags, self._cum, self._days, self._size = flags, cum, days, size
        self.ranks = _Ranks(self)  # for hot loops: cal.ranks[day] is cal.rank(day)

    def _mark(self, flags: bytearray, dates: Iterable[dt.date], value: int) -> None:
        for day in dates:
            i = day.toordinal() - self._base
            if 0 <= i < len(flags):
                flags[i] = value

    def with_overrides(self, holidays: Iterable[dt.date] = (), workdays: Iterable[dt.date] = ()) -> WorkCalendar:
        """A copy with more local changes (a scenario's `calendar:` block); overrides win."""
        return WorkCalendar(self.schedules, self.local_holidays | frozenset(holidays),
                            self.local_workdays | frozenset(workdays))

    def _index(self, day: dt.date) -> int:
        i = day.toordinal() - self._base
        if not 0 <= i < self._size:
            raise ValueError(f"{day.isoformat()} is outside the calendar ({FIRST_YEAR}–{LAST_YEAR})")
        return i

    def is_workday(self, day: dt.date) -> bool:
        """R1: Monday–Friday minus holidays plus make-up days, local changes winning."""
        return bool(self._flags[self._index(day)])

    def deadline(self, start: dt.date, n: int) -> dt.date:
        """R2: the n-th working day strictly after `start`; n = 0 is `start` itself."""
        if n < 0:
            raise ValueError("a period cannot be negative")
        if n == 0:
            return start
        return self._days[self.rank(start) + n - 1]

    def count(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]; negative (minus the days in (end, start]) when end < start."""
        return self.rank(end) - self.rank(start)

    def rank(self, day: dt.date) -> int:
        """The number of working days up to and including `day` (count(a, b) = rank(b) - rank(a))."""
        return self.ranks[day]

    def workday(self, rank: int) -> dt.date:
        """The working day of rank `rank` (≥ 1): deadline(start, n) is workday(rank(start) + n) for n ≥ 1."""
        return self._days[rank - 1]

    def latest_start(self, finish_by: dt.date, n: int) -> dt.date:
        """R10: the latest working day from which `deadline(day, n)` is still on or before `finish_by`."""
        return self._days[self.rank(finish_by) - n - 1]

    def next_workday(self, day: dt.date) -> dt.date:
        """The first working day strictly after `day`."""
        return self.deadline(day, 1)

    def received_on(self, day: dt.date) -> dt.date:
        """R4: an application filed on a non-working day counts as received on the next working day."""
        return day if self.is_workday(day) else self.next_workday(day)

    def is_provisional_year(self, year: int) -> bool:
        """True for a year without an official schedule (counted Monday–Friday, 暂按周一至周五计算)."""
        return year not in self.official_years

    def official_run(self, day: dt.date) -> tuple[dt.date, dt.date] | None:
        """The first and last day of the unbroken run of official years around `day` (None when its year is
        provisional): a span of dates from `day` is provisional (has a year without an official schedule)
        exactly when it leaves this run."""
        if self.is_provisional_year(day.year):
            return None
        first = last = day.year
        while first - 1 in self.official_years:
            first -= 1
        while last + 1 in self.official_years:
            last += 1
        return dt.date(first, 1, 1), dt.date(last, 12, 31)


_OFFICIAL: WorkCalendar | None = None


def official_calendar() -> WorkCalendar:
    """The calendar of the `chinesecalendar` package alone, built once per process."""
    global _OFFICIAL
    if _OFFICIAL is None:
        _OFFICIAL = WorkCalendar(chinesecalendar_schedules())
    return _OFFICIAL
