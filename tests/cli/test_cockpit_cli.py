"""`flask cockpit-refresh` summarises every project on a new business date, then nothing until events arrive."""
import datetime as dt

from tests import review_kit as kit


def test_refresh_is_idempotent(app, db_session, business_date):
    business_date(dt.date(2026, 6, 9))
    kit.departments()
    kit.accept(kit.project())
    runner = app.test_cli_runner()
    assert "2026-06-09: 1 projects summarised" in runner.invoke(args=["cockpit-refresh"]).output
    assert "2026-06-09: 0 projects summarised" in runner.invoke(args=["cockpit-refresh"]).output
