"""The app's working-day calendar: the official package data, plus years imported by an administrator and
local changes, both stored in the database (overrides win over the package); and the audited actions
that change them."""
from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from flask import has_request_context, request
from sqlalchemy import delete, func, select, true

from coordinator.domain.calendar import (
    FIRST_YEAR,
    LAST_YEAR,
    WorkCalendar,
    YearSchedule,
    chinesecalendar_schedules,
)
from coordinator.domain.calendar_file import NOTE_MAX, YearFile
from coordinator.domain.calendar_year import LOCAL_CLOSED, LOCAL_OPEN, Day, year_days
from coordinator.extensions import db
from coordinator.models import CalendarDay, CalendarYear, Setting, User
from coordinator.models.types import utcnow
from coordinator.services.audit import record
from coordinator.services.cockpit_stale import mark_stale
from coordinator.services.settings import put_setting

OFFICIAL = "official"
LOCAL = "local"
# a fresh random value on every change, so the stamp changes even when counts and timestamps would not
REVISION_KEY = "calendar_revision"

_cache: dict[tuple, WorkCalendar] = {}


class CalendarInputError(ValueError):
    """A refused change: an English message template (translated by the UI) and its values."""

    def __init__(self, text: str, **args):
        super().__init__(text % args if args else text)
        self.text, self.params = text, args


@dataclass(frozen=True)
class ImportResult:
    """What an import stored and what it replaced (None: the year had not been imported before)."""

    year: int
    holidays: int
    workdays: int
    source: str
    replaced_source: str | None


@dataclass(frozen=True)
class YearOrigin:
    """Where a year's official schedule comes from: imported (with who and when), the package, or nowhere."""

    year: int
    provisional: bool
    source: str = ""
    imported_at: dt.datetime | None = None
    imported_by: str = ""

    @property
    def imported(self) -> bool:
        return self.imported_at is not None


# -- the calendar every clock uses ------------------------------------------------------------------


def _stamp() -> tuple:
    """Changes whenever calendar data changes (one cheap query)."""
    return tuple(db.session.execute(_stamp_statement()).one())


@cache
def _stamp_statement():
    """The stamp's query; built once per process, since every page reads the stamp."""
    days = select(func.count().label("n"), func.max(CalendarDay.created_at).label("at")).subquery()
    years = select(func.count().label("n"), func.max(CalendarYear.created_at).label("at")).subquery()
    revision = select(Setting.value).where(Setting.key == REVISION_KEY).scalar_subquery()
    return select(days.c.n, days.c.at, years.c.n, years.c.at, revision).select_from(days.join(years, true()))


STAMP_KEY = "coordinator.calendar_stamp"  # the stamp read once per request (request.environ)


def calendar_stamp() -> tuple:
    """The calendar data's stamp, read once per request (a page's caches and its clocks all need it);
    outside a request, read each time."""
    if not has_request_context():
        return _stamp()
    if STAMP_KEY not in request.environ:
        request.environ[STAMP_KEY] = _stamp()
    return request.environ[STAMP_KEY]


def app_calendar() -> WorkCalendar:
    """The calendar every clock of the app uses; rebuilt only when the stored data changed."""
    stamp = calendar_stamp()
    cal = _cache.get(stamp)
    if cal is None:
        cal = _build()
        _cache.clear()
        _cache[stamp] = cal
    return cal


def _build() -> WorkCalendar:
    schedules = chinesecalendar_schedules()
    imported: dict[int, tuple[set, set]] = {year: (set(), set()) for year in db.session.scalars(select(CalendarYear.year))}
    local_holidays, local_workdays = set(), set()
    for day, is_workday, scope, year in db.session.execute(
            select(CalendarDay.day, CalendarDay.is_workday, CalendarDay.scope, CalendarDay.year)):
        if scope == OFFICIAL and year in imported:
            imported[year][1 if is_workday else 0].add(day)
        elif scope == LOCAL:
            (local_workdays if is_workday else local_holidays).add(day)
    for year, (holidays, workdays) in imported.items():
        schedules[year] = YearSchedule(year, frozenset(holidays), frozenset(workdays))
    return WorkCalendar(schedules, local_holidays, local_workdays)


def _changed() -> None:
    """Give the calendar a new revision, so every worker's next app_calendar() rebuilds; the cockpit's
    cached clock readings are stale."""
    put_setting(REVISION_KEY, uuid.uuid4().hex)
    mark_stale()
    if has_request_context():
        request.environ.pop(STAMP_KEY, None)  # the rest of the request reads the new calendar


# -- importing a year's official schedule -----------------------------------------------------------


def import_year(actor, schedule: YearFile) -> ImportResult:
    """Store `schedule` as the year's official schedule, replacing an earlier import (flushes; audited)."""
    year = schedule.year
    replaced = db.session.scalar(select(CalendarYear.source).where(CalendarYear.year == year))
    db.session.execute(delete(CalendarDay).where(CalendarDay.scope == OFFICIAL, CalendarDay.year == year))
    db.session.execute(delete(CalendarYear).where(CalendarYear.year == year))
    now = utcnow()
    db.session.add(CalendarYear(year=year, source=schedule.source, imported_by_id=getattr(actor, "id", None),
                                created_at=now))
    db.session.flush()
    db.session.add_all(
        CalendarDay(day=day, is_workday=working, scope=OFFICIAL, note=note, year=year, created_at=now)
        for working, days in ((False, schedule.holidays), (True, schedule.workdays))
        for day, note in days.items())
    _changed()
    record("calendar_year_imported", actor, "calendar_year", year, source=schedule.source,
           holidays=sorted(schedule.holidays), workdays=sorted(schedule.workdays), replaced_source=replaced)
    return ImportResult(year, len(schedule.holidays), len(schedule.workdays), schedule.source, replaced)


# -- local overrides --------------------------------------------------------------------------------


def set_override(actor, day: dt.date, working: bool, note: str) -> None:
    """Make `day` a local working day or closure day, replacing an earlier override (flushes; audited)."""
    note = (note or "").strip()
    if not note:
        raise CalendarInputError("A note is required: say why the day is changed.")
    if len(note) > NOTE_MAX:
        raise CalendarInputError("The note is longer than %(n)s characters.", n=NOTE_MAX)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CalendarInputError("The date must be from %(first)s to %(last)s.", first=FIRST_YEAR, last=LAST_YEAR)
    previous = _override(day)
    db.session.execute(delete(CalendarDay).where(CalendarDay.scope == LOCAL, CalendarDay.day == day))
    db.session.add(CalendarDay(day=day, is_workday=working, scope=LOCAL, note=note, year=None, created_at=utcnow()))
    db.session.flush()
    _changed()
    record("calendar_override_set", actor, "calendar_day", day.isoformat(), working=working, note=note,
           previous=previous)


def remove_override(actor, day: dt.date) -> None:
    """Remove the local change of `day` (flushes; audited); refused when there is none."""
    previous = _override(day)
    if previous is None:
        raise CalendarInputError("%(date)s has no local change.", date=day.isoformat())
    db.session.execute(delete(CalendarDay).where(CalendarDay.scope == LOCAL, CalendarDay.day == day))
    _changed()
    record("calendar_override_removed", actor, "calendar_day", day.isoformat(), previous=previous)


def _override(day: dt.date) -> dict | None:
    row = db.session.execute(select(CalendarDay.is_workday, CalendarDay.note)
                             .where(CalendarDay.scope == LOCAL, CalendarDay.day == day)).first()
    return {"working": row.is_workday, "note": row.note} if row else None


# -- reading a year ---------------------------------------------------------------------------------


def year_origin(year: int) -> YearOrigin:
    """Whether `year` is provisional, and who imported its schedule when it was imported."""
    row = db.session.execute(
        select(CalendarYear.source, CalendarYear.created_at, User.display_name, User.username)
        .outerjoin(User, User.id == CalendarYear.imported_by_id).where(CalendarYear.year == year)).first()
    provisional = app_calendar().is_provisional_year(year)
    if row is None:
        return YearOrigin(year, provisional, "chinesecalendar" if not provisional else "")
    return YearOrigin(year, provisional, row.source, row.created_at, row.display_name or row.username or "")


def imported_years() -> list[YearOrigin]:
    """Every imported year, newest year first."""
    rows = db.session.execute(
        select(CalendarYear.year, CalendarYear.source, CalendarYear.created_at, User.display_name, User.username)
        .outerjoin(User, User.id == CalendarYear.imported_by_id).order_by(CalendarYear.year.desc()))
    return [YearOrigin(r.year, False, r.source, r.created_at, r.display_name or r.username or "") for r in rows]


def days_of_year(year: int, translate: Callable[[str], str] = str) -> list[Day]:
    """Every day of `year` with its kind and note; `translate` turns the package's English holiday names."""
    return year_days(app_calendar(), year, _notes(year, translate))


def overrides_of(days: list[Day]) -> list[Day]:
    """The local changes among `days`."""
    return [day for day in days if day.kind in (LOCAL_CLOSED, LOCAL_OPEN)]


def _notes(year: int, translate: Callable[[str], str]) -> dict[dt.date, str]:
    """date -> note: the package's holiday names (for years not imported), then stored notes, local last."""
    notes: dict[dt.date, str] = {}
    if db.session.get(CalendarYear, year) is None:
        from chinese_calendar import constants

        for names in (constants.holidays, constants.workdays):
            notes.update({day: translate(name) for day, name in names.items() if day.year == year})
    rows = db.session.execute(select(CalendarDay.day, CalendarDay.note, CalendarDay.scope)
                              .where(CalendarDay.day.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
                              .order_by(CalendarDay.scope.desc()))
    notes.update({row.day: row.note for row in rows if row.note})
    return notes
