"""The app's working-day calendar: the official package data, plus years imported by an administrator and
local changes, both stored in the database (overrides win over the package)."""
from __future__ import annotations

from sqlalchemy import func

from coordinator.domain.calendar import WorkCalendar, YearSchedule, chinesecalendar_schedules
from coordinator.extensions import db
from coordinator.models import CalendarDay, CalendarYear

_cache: dict[tuple, WorkCalendar] = {}


def _stamp() -> tuple:
    """Changes whenever calendar data changes (one cheap query)."""
    days = db.session.query(func.count(CalendarDay.day), func.max(CalendarDay.created_at)).one()
    years = db.session.query(func.count(CalendarYear.year), func.max(CalendarYear.created_at)).one()
    return tuple(days) + tuple(years)


def app_calendar() -> WorkCalendar:
    """The calendar every clock of the app uses; rebuilt only when the stored data changed."""
    stamp = _stamp()
    cal = _cache.get(stamp)
    if cal is None:
        cal = _build()
        _cache.clear()
        _cache[stamp] = cal
    return cal


def _build() -> WorkCalendar:
    schedules = chinesecalendar_schedules()
    imported: dict[int, tuple[set, set]] = {y.year: (set(), set()) for y in db.session.query(CalendarYear)}
    local_holidays, local_workdays = set(), set()
    for day in db.session.query(CalendarDay):
        if day.scope == "official" and day.year in imported:
            imported[day.year][1 if day.is_workday else 0].add(day.day)
        elif day.scope == "local":
            (local_workdays if day.is_workday else local_holidays).add(day.day)
    for year, (holidays, workdays) in imported.items():
        schedules[year] = YearSchedule(year, frozenset(holidays), frozenset(workdays))
    return WorkCalendar(schedules, local_holidays, local_workdays)
