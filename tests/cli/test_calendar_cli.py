"""`flask calendar-import`, `calendar-override` and `calendar-show` on the test database."""
import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from coordinator.extensions import db
from coordinator.models import AuditEntry, CalendarDay, CalendarYear
from coordinator.services.calendar import app_calendar

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "calendar" / "2027.example.yaml"


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_import_dry_run_stores_nothing(app, db_session):
    result = run(app, "calendar-import", str(EXAMPLE), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "2027: 11 holidays, 2 make-up working days" in result.stdout and "nothing was stored" in result.stdout
    assert count(CalendarYear) == 0 and count(AuditEntry) == 0


def test_import_then_show(app, db_session):
    assert run(app, "calendar-import", str(EXAMPLE)).exit_code == 0
    assert count(CalendarYear) == 1 and count(CalendarDay) == 13
    shown = run(app, "calendar-show", "2027").stdout
    assert "2027: official, imported" in shown and "PROVISIONAL" not in shown
    assert "2027-01-31 Sun  worked  make-up working day   春节调休上班" in shown
    assert "2027-02-06" not in shown  # a Saturday inside the holiday: not a deviation from Monday–Friday
    again = run(app, "calendar-import", str(EXAMPLE), "--source", "ignored: the file names its source")
    assert "replaces the earlier import" in again.stdout
    assert count(CalendarYear) == 1 and count(CalendarDay) == 13


def test_invalid_file_exits_2_with_every_problem(app, db_session, tmp_path):
    bad = tmp_path / "2027.csv"
    bad.write_text("date,kind,note\n2027-01-01,holiday,\n2027-01-04,workday,\n2027-01-01,workday,\n",
                   encoding="utf-8")
    result = run(app, "calendar-import", str(bad))
    assert result.exit_code == 2
    assert f"{bad}: line 3: 2027-01-04 is a weekday" in result.stderr
    assert f"{bad}: line 4: 2027-01-01 is listed both as a holiday and as a working day (line 2)." in result.stderr
    assert count(CalendarYear) == 0


def test_csv_takes_its_source_from_the_option(app, db_session, tmp_path):
    good = tmp_path / "2027.csv"
    good.write_text("date,kind,note\n2027-01-01,holiday,元旦\n", encoding="utf-8")
    assert run(app, "calendar-import", str(good), "--source", "国办发明电〔2026〕1号").exit_code == 0
    assert db.session.scalar(select(CalendarYear.source)) == "国办发明电〔2026〕1号"


def test_override_add_show_remove(app, db_session):
    result = run(app, "calendar-override", "2027-03-08", "--holiday", "--note", "停电检修闭馆")
    assert result.exit_code == 0, result.stderr
    assert not app_calendar().is_workday(dt.date(2027, 3, 8))
    shown = run(app, "calendar-show", "2027").stdout
    assert shown.startswith("2027: PROVISIONAL (暂按周一至周五计算)")
    assert "2027-03-08 Mon  closed  local closure         停电检修闭馆" in shown
    assert run(app, "calendar-override", "2027-03-08", "--remove").exit_code == 0
    assert app_calendar().is_workday(dt.date(2027, 3, 8))
    actions = list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["calendar_override_set", "calendar_override_removed"]


def test_override_refusals_exit_2(app, db_session):
    no_note = run(app, "calendar-override", "2027-03-08", "--workday")
    assert no_note.exit_code == 2 and "A note is required" in no_note.stderr
    nothing = run(app, "calendar-override", "2027-03-08", "--remove")
    assert nothing.exit_code == 2 and "has no local change" in nothing.stderr
    assert run(app, "calendar-override", "2027-03-08", "--note", "x").exit_code == 2  # no kind: usage error
    assert count(CalendarDay) == 0


def test_show_a_package_year(app, db_session):
    shown = run(app, "calendar-show", "2026").stdout.splitlines()
    assert shown[0] == "2026: official, from the chinesecalendar package"
    assert "2026-02-14 Sat  worked  make-up working day   Spring Festival" in shown
    assert shown[-1].endswith("working days in 2026")
