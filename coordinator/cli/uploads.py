"""`flask uploads-sweep`: remove upload files left without a database row (security.md, atomic uploads)."""
import datetime as dt

import click
from flask.cli import with_appcontext


@click.command("uploads-sweep")
@click.option("--older-than-hours", default=1, show_default=True, type=click.IntRange(min=0),
              help="Only files at least this old (younger ones may be uploads still in flight).")
@with_appcontext
def uploads_sweep(older_than_hours: int) -> None:
    """Delete orphan files and abandoned temp files from UPLOAD_DIR and say which."""
    from coordinator.clock import current_clock
    from coordinator.services.documents import sweep_orphans

    removed = sweep_orphans(dt.timedelta(hours=older_than_hours), current_clock().now())
    for name in removed:
        click.echo(f"removed {name}")
    click.echo(f"{len(removed)} orphan file(s) removed")


commands = [uploads_sweep]
