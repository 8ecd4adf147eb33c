"""`flask create-user`: the first administrators of a new installation (the pages need someone to log in)."""
import click
from flask.cli import with_appcontext

from coordinator.domain.permissions import ALL_ROLES


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(sorted(ALL_ROLES)), required=True)
@click.option("--name", "display_name", required=True, help="The person's name, e.g. 张三.")
@click.option("--department", default=None, help="Department code, for staff roles.")
@click.password_option(help="Asked for when not given; must meet the password policy.")
@with_appcontext
def create_user_command(username: str, role: str, display_name: str, department: str | None, password: str) -> None:
    """Create an account of any role (audited as the system). The user changes the password at first login."""
    from sqlalchemy import select

    from coordinator.extensions import db
    from coordinator.models import Department, User
    from coordinator.services.audit import record
    from coordinator.services.passwords import (
        PasswordRejected,
        check_new_password,
        hash_password,
    )
    from coordinator.services.users import USERNAME

    username = username.strip().lower()
    if not USERNAME.match(username):
        raise click.BadParameter("use 3-64 lower-case letters, digits, dots, hyphens, underscores",
                                 param_hint="USERNAME")
    if db.session.scalar(select(User.id).where(User.username == username)):
        raise click.BadParameter("this user name is taken", param_hint="USERNAME")
    department_id = None
    if department:
        department_id = db.session.scalar(select(Department.id).where(Department.code == department))
        if department_id is None:
            raise click.BadParameter(f"no department {department!r}", param_hint="--department")
    try:
        check_new_password(password, username, display_name)
    except PasswordRejected as rejected:
        raise click.BadParameter(f"password refused: {', '.join(rejected.problems)}", param_hint="--password")
    user = User(username=username, display_name=display_name, role=role, department_id=department_id,
                password_hash=hash_password(password), password_changed_at=None)
    db.session.add(user)
    db.session.flush()
    record("user_created", None, "user", user.id, username=username, role=role, via="cli")
    db.session.commit()
    click.echo(f"created {username} ({role})")


commands = [create_user_command]
