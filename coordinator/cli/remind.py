"""`flask remind`: run from cron (e.g. every morning and after the end of each working day) to record
deemed consents, escalate overdue opinions and send due-soon and overdue reminders, each exactly once."""
import click
from flask.cli import with_appcontext

from coordinator.extensions import db


@click.command("remind")
@with_appcontext
def remind_command() -> None:
    """Do today's reminders for every project under review (idempotent: a second run sends nothing)."""
    from coordinator.clock import current_clock
    from coordinator.services.reminders import remind_all

    today = current_clock().today()
    counts = remind_all(today)
    db.session.commit()
    click.echo(f"{today.isoformat()}: " + ", ".join(f"{kind} {count}" for kind, count in counts.items()))


commands = [remind_command]
