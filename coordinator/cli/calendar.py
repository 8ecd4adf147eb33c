"""`flask calendar-import`, `calendar-override` and `calendar-show`: keep the working-day calendar current
from a terminal (a new year's official schedule each November, a county's own changes)."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from coordinator.extensions import db

KIND_LABELS = {
    "holiday": "official holiday",
    "makeup": "make-up working day",
    "local_closed": "local closure",
    "local_open": "local working day",
    "weekend": "weekend",
    "workday": "working day",
}


@click.command("calendar-import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--source", default="", help="The document the schedule comes from, when the file names none.")
@click.option("--dry-run", is_flag=True, help="Check the file and say what would change; store nothing.")
@with_appcontext
def calendar_import(file: str, source: str, dry_run: bool) -> None:
    """Import a year's official schedule (CSV date,kind,note or YAML); exit 2 on any problem."""
    from coordinator.domain.calendar_file import ScheduleInvalid, read_year_file
    from coordinator.services.calendar import import_year

    path = Path(file)
    try:
        schedule = read_year_file(path.name, path.read_bytes(), source)
    except ScheduleInvalid as exc:
        for problem in exc.problems:
            click.echo(f"{path}: {problem}", err=True)
        sys.exit(2)
    result = import_year(None, schedule)
    replaced = f"; replaces the earlier import ({result.replaced_source})" if result.replaced_source else ""
    click.echo(f"{result.year}: {result.holidays} holidays, {result.workdays} make-up working days, "
               f"source {result.source}{replaced}")
    if dry_run:
        db.session.rollback()
        click.echo("dry run: nothing was stored")
    else:
        db.session.commit()


@click.command("calendar-override")
@click.argument("day", type=click.DateTime(formats=["%Y-%m-%d"]))
@click.option("--holiday", "kind", flag_value="holiday", help="A local closure day (not worked).")
@click.option("--workday", "kind", flag_value="workday", help="A local extra working day.")
@click.option("--remove", "kind", flag_value="remove", help="Remove the day's local change.")
@click.option("--note", default="", help="Why the day is changed (required with --holiday/--workday).")
@with_appcontext
def calendar_override(day: dt.datetime, kind: str | None, note: str) -> None:
    """Add (or with --remove, take back) a local change of one day; overrides win over everything."""
    from coordinator.services.calendar import (
        CalendarInputError,
        remove_override,
        set_override,
    )

    if kind is None:
        raise click.UsageError("say --holiday, --workday or --remove")
    try:
        if kind == "remove":
            remove_override(None, day.date())
        else:
            set_override(None, day.date(), kind == "workday", note)
    except CalendarInputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    db.session.commit()
    done = "removed the local change of" if kind == "remove" else f"local {kind}:"
    click.echo(f"{done} {day.date().isoformat()}" + (f" ({note.strip()})" if kind != "remove" else ""))


@click.command("calendar-show")
@click.argument("year", type=click.IntRange(2004, 2099))
@with_appcontext
def calendar_show(year: int) -> None:
    """List the year's days that differ from Monday–Friday and say whether the year is provisional."""
    from coordinator.domain.calendar_year import deviations
    from coordinator.services.calendar import days_of_year, year_origin

    origin = year_origin(year)
    click.echo(_origin_line(origin))
    days = days_of_year(year)
    for day in deviations(days):
        worked = "worked" if day.working else "closed"
        click.echo(f"{day.date.isoformat()} {day.date.strftime('%a')}  {worked:<6}  {KIND_LABELS[day.kind]:<20}"
                   f"  {day.note}".rstrip())
    click.echo(f"{sum(day.working for day in days)} working days in {year}")


def _origin_line(origin) -> str:
    if origin.provisional:
        return f"{origin.year}: PROVISIONAL (暂按周一至周五计算): no official schedule, counted Monday to Friday"
    if origin.imported:
        return (f"{origin.year}: official, imported {origin.imported_at:%Y-%m-%d} by {origin.imported_by or 'the CLI'}"
                f" from {origin.source}")
    return f"{origin.year}: official, from the chinesecalendar package"


commands = [calendar_import, calendar_override, calendar_show]
