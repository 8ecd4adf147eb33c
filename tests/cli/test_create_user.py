"""`flask create-user`: the first accounts of an installation, with the password policy and an audit row."""
from coordinator.extensions import db
from coordinator.models import AuditEntry, User
from tests.login import make_department


def test_creates_an_audited_account_that_must_change_its_password(app, db_session):
    make_department("approval-bureau", "行政审批局")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=[
        "create-user", "root.admin", "--role", "sysadmin", "--name", "管理员", "--department", "approval-bureau",
        "--password", "Blue-Harbour-Lantern-7"])
    assert result.exit_code == 0, result.output
    user = db.session.query(User).filter_by(username="root.admin").one()
    assert user.role == "sysadmin" and user.password_changed_at is None and user.department.code == "approval-bureau"
    entry = db.session.query(AuditEntry).filter_by(action="user_created").one()
    assert entry.user_id is None and entry.detail["via"] == "cli"


def test_refuses_a_weak_password_and_a_taken_name(app, db_session):
    runner = app.test_cli_runner()
    weak = runner.invoke(args=["create-user", "root.admin", "--role", "sysadmin", "--name", "管理员",
                               "--password", "password"])
    assert weak.exit_code != 0 and "too_short" in weak.output
    assert db.session.query(User).count() == 0
    runner.invoke(args=["create-user", "root.admin", "--role", "auditor", "--name", "审计",
                        "--password", "Blue-Harbour-Lantern-7"])
    taken = runner.invoke(args=["create-user", "root.admin", "--role", "auditor", "--name", "审计",
                                "--password", "Blue-Harbour-Lantern-7"])
    assert taken.exit_code != 0 and "taken" in taken.output
