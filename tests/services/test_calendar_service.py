"""Importing a year and keeping local changes: atomic, audited, winning in the right order, and seen by the
next app_calendar() call, which stays one query when nothing changed."""
import datetime as dt

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from coordinator.domain.calendar_file import YearFile
from coordinator.extensions import db
from coordinator.models import AuditEntry, CalendarDay, CalendarYear
from coordinator.services import calendar as service
from coordinator.services.calendar import (
    CalendarInputError,
    app_calendar,
    days_of_year,
    import_year,
    remove_override,
    set_override,
    year_origin,
)

NEW_YEAR = dt.date(2027, 1, 1)   # a Friday
MAKEUP = dt.date(2027, 1, 9)     # a Saturday
MONDAY = dt.date(2027, 3, 8)


def schedule(holidays=(NEW_YEAR,), workdays=(MAKEUP,), source="国办发明电〔2026〕1号") -> YearFile:
    return YearFile(2027, source, {d: "元旦" for d in holidays}, {d: "补班" for d in workdays})


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_2027_is_provisional_until_imported(db_session):
    assert app_calendar().is_provisional_year(2027)
    assert app_calendar().is_workday(NEW_YEAR) and not app_calendar().is_workday(MAKEUP)
    result = import_year(None, schedule())
    db.session.commit()
    cal = app_calendar()
    assert not cal.is_provisional_year(2027)
    assert not cal.is_workday(NEW_YEAR) and cal.is_workday(MAKEUP)
    assert (result.holidays, result.workdays, result.replaced_source) == (1, 1, None)
    assert audit_actions() == ["calendar_year_imported"]
    origin = year_origin(2027)
    assert origin.imported and not origin.provisional and origin.source == "国办发明电〔2026〕1号"


def test_reimport_replaces_the_earlier_import(db_session):
    import_year(None, schedule(holidays=(NEW_YEAR, dt.date(2027, 1, 4))))
    db.session.commit()
    result = import_year(None, schedule(holidays=(NEW_YEAR,), workdays=(), source="更正"))
    db.session.commit()
    assert result.replaced_source == "国办发明电〔2026〕1号"
    days = set(db.session.scalars(select(CalendarDay.day).where(CalendarDay.scope == "official")))
    assert days == {NEW_YEAR}
    assert db.session.scalar(select(CalendarYear.source)) == "更正"
    cal = app_calendar()
    assert cal.is_workday(dt.date(2027, 1, 4)) and not cal.is_workday(MAKEUP)
    detail = db.session.scalars(select(AuditEntry.detail).order_by(AuditEntry.id)).all()[-1]
    assert detail["replaced_source"] == "国办发明电〔2026〕1号" and detail["holidays"] == ["2027-01-01"]


def test_failed_import_leaves_the_earlier_one_whole(db_session):
    import_year(None, schedule())
    db.session.commit()
    with pytest.raises(IntegrityError):  # the new year row cannot be stored, after the old rows were deleted
        import_year(None, schedule(holidays=(dt.date(2027, 1, 4),), source=None))
    db.session.rollback()
    assert db.session.scalar(select(CalendarYear.source)) == "国办发明电〔2026〕1号"
    assert db.session.scalar(select(func.count()).select_from(CalendarDay)) == 2


def test_local_overrides_win_over_everything(db_session):
    import_year(None, schedule())
    set_override(None, NEW_YEAR, True, "县政务中心元旦照常办公")
    set_override(None, MONDAY, False, "停电检修闭馆")
    set_override(None, dt.date(2026, 10, 1), True, "国庆值守")  # a package holiday
    db.session.commit()
    cal = app_calendar()
    assert cal.is_workday(NEW_YEAR) and not cal.is_workday(MONDAY) and cal.is_workday(dt.date(2026, 10, 1))
    kinds = {d.date: (d.kind, d.note) for d in days_of_year(2027)}
    assert kinds[NEW_YEAR] == ("local_open", "县政务中心元旦照常办公")
    assert kinds[MONDAY] == ("local_closed", "停电检修闭馆")
    assert audit_actions() == ["calendar_year_imported"] + ["calendar_override_set"] * 3


def test_override_replaces_and_removes_with_audit(db_session):
    set_override(None, MONDAY, False, "停电")
    set_override(None, MONDAY, True, "改为照常办公")
    db.session.commit()
    assert app_calendar().is_workday(MONDAY)
    assert db.session.scalar(select(func.count()).select_from(CalendarDay)) == 1
    remove_override(None, MONDAY)
    db.session.commit()
    assert app_calendar().is_workday(MONDAY)
    assert db.session.scalar(select(func.count()).select_from(CalendarDay)) == 0
    details = db.session.scalars(select(AuditEntry.detail).order_by(AuditEntry.id)).all()
    assert details[1]["previous"] == {"working": False, "note": "停电"}
    assert details[2]["previous"] == {"working": True, "note": "改为照常办公"}
    assert audit_actions()[-1] == "calendar_override_removed"


@pytest.mark.parametrize("day, note, message", [
    (MONDAY, "   ", "A note is required: say why the day is changed."),
    (MONDAY, "x" * 201, "The note is longer than 200 characters."),
    (dt.date(2100, 1, 4), "x", "The date must be from 2004 to 2099."),
])
def test_override_refusals(db_session, day, note, message):
    with pytest.raises(CalendarInputError) as refused:
        set_override(None, day, False, note)
    assert str(refused.value) == message
    assert audit_actions() == []


def test_removing_a_missing_override_is_refused(db_session):
    with pytest.raises(CalendarInputError, match="2027-03-08 has no local change"):
        remove_override(None, MONDAY)


def count_queries():
    statements = []

    def listen(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listen)
    return statements, lambda: event.remove(db.engine, "before_cursor_execute", listen)


def test_warm_app_calendar_is_one_query(db_session):
    app_calendar()
    statements, stop = count_queries()
    try:
        app_calendar()
        app_calendar()
    finally:
        stop()
    assert len(statements) == 2


@pytest.mark.parametrize("change", [
    lambda: import_year(None, schedule()),
    lambda: set_override(None, MONDAY, False, "闭馆"),
])
def test_every_change_changes_the_stamp(db_session, change):
    before = service._stamp()
    cal = app_calendar()
    change()
    db.session.commit()
    assert service._stamp() != before
    assert app_calendar() is not cal


def test_same_shape_changes_still_change_the_stamp(db_session):
    """Replacing a year by one of the same size, or an override by another, is seen too."""
    import_year(None, schedule())
    set_override(None, MONDAY, False, "闭馆")
    db.session.commit()
    stamps = {service._stamp()}
    import_year(None, schedule(holidays=(dt.date(2027, 1, 4),)))
    db.session.commit()
    stamps.add(service._stamp())
    assert not app_calendar().is_workday(dt.date(2027, 1, 4)) and app_calendar().is_workday(NEW_YEAR)
    set_override(None, MONDAY, True, "照常")
    db.session.commit()
    stamps.add(service._stamp())
    assert app_calendar().is_workday(MONDAY)
    remove_override(None, MONDAY)
    set_override(None, MONDAY, True, "照常")
    db.session.commit()
    stamps.add(service._stamp())
    assert len(stamps) == 4


def test_package_years_get_package_names(db_session):
    days = {d.date: d for d in days_of_year(2026, translate=str.upper)}
    assert days[dt.date(2026, 2, 17)].note == "SPRING FESTIVAL"
    assert year_origin(2026).source == "chinesecalendar" and not year_origin(2026).provisional
