"""E-mail of notifications when SMTP is configured (sent only after the commit, dropped on rollback), and
`flask remind` doing each day's reminders once."""
import typing

import pytest

from coordinator.extensions import db
from coordinator.services import notifications as notes
from tests.review_kit import D, accept, departments, person, project


class FakeSMTP:
    sent: typing.ClassVar[list] = []

    def __init__(self, host, port, timeout):
        self.host = host

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_message(self, mail):
        FakeSMTP.sent.append(mail)


@pytest.fixture
def smtp(app, monkeypatch):
    FakeSMTP.sent = []
    monkeypatch.setattr(notes.smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "SMTP_HOST", "mail.example.gov.cn")
    return FakeSMTP.sent


def test_mail_goes_out_after_the_commit_and_never_after_a_rollback(db_session, smtp):
    departments(["fire-protection"])
    with_mail = person("reviewer", "fire-protection", email="fire@example.gov.cn")
    without = person("reviewer", "fire-protection")
    notes.notify([with_mail, without], "test", "%(project_name)s: due soon (%(deadline)s)",
                 project_name="研发楼", deadline="2026-06-04")
    assert smtp == []  # not before the commit
    db.session.commit()
    assert [m["To"] for m in smtp] == ["fire@example.gov.cn"]
    assert "研发楼：即将到期（2026-06-04）" in smtp[0].get_content()
    notes.notify([with_mail], "test", "%(project_name)s: due soon (%(deadline)s)", project_name="x", deadline="y")
    db.session.rollback()
    db.session.commit()
    assert len(smtp) == 1


def test_flask_remind_does_each_reminder_once_a_day(app, db_session, business_date):
    departments()
    person("reviewer", "civil-air-defense")
    person("leader", "natural-resources")
    accept(project())
    business_date(D("2026-06-05"))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["remind"])
    assert first.exit_code == 0, first.output
    assert "2026-06-05: deemed 2, escalated 2, due_soon 1, overdue 2" in first.output
    again = runner.invoke(args=["remind"])
    assert "deemed 0, escalated 0, due_soon 0, overdue 0" in again.output
