"""`flask obligations-remind`: run from cron every working morning (and after a new business date on a
training instance) to tell the supervising departments and the owners of obligations falling due."""
import click
from flask.cli import with_appcontext

from coordinator.extensions import db


@click.command("obligations-remind")
@with_appcontext
def obligations_remind_command() -> None:
    """Send today's reminders of obligations falling due (idempotent: a second run sends nothing)."""
    from coordinator.clock import current_clock
    from coordinator.services.obligation_reminders import remind

    today = current_clock().today()
    sent = remind(today)
    db.session.commit()
    click.echo(f"{today.isoformat()}: {sent} obligation reminders")


commands = [obligations_remind_command]
