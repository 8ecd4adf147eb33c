"""`flask cockpit-refresh`: run from cron right after the business date turns (beside `flask remind`) so the
first leader of the day does not wait for every project's replay; idempotent."""
import click
from flask.cli import with_appcontext

from coordinator.extensions import db


@click.command("cockpit-refresh")
@with_appcontext
def cockpit_refresh_command() -> None:
    """Bring the cockpit's summary cache to today's business date and the latest event."""
    from coordinator.clock import current_clock
    from coordinator.services.cockpit import refresh

    today = current_clock().today()
    count = refresh(today)
    db.session.commit()
    click.echo(f"{today.isoformat()}: {count} projects summarised")


commands = [cockpit_refresh_command]
