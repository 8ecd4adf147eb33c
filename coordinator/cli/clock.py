"""`flask set-business-date YYYY-MM-DD`: move the business date of a training instance."""
import datetime as dt

import click
from flask.cli import with_appcontext

from coordinator.extensions import db


@click.command("set-business-date")
@click.argument("day", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD")
@with_appcontext
def set_business_date_command(day: dt.datetime) -> None:
    """Set the date every page and service sees (training instances only: COORDINATOR_TRAINING=1)."""
    from coordinator.clock import current_clock
    from coordinator.services.business_date import (
        BusinessDateRefused,
        set_business_date,
    )

    try:
        set_business_date(None, day.date(), current_clock())
    except BusinessDateRefused as exc:
        click.echo(f"error: {exc} (set COORDINATOR_TRAINING=1)", err=True)
        raise SystemExit(2) from exc
    db.session.commit()
    click.echo(f"business date: {day.date().isoformat()}")


commands = [set_business_date_command]
