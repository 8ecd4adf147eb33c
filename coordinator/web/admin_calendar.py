"""The working-day calendar page: a system administrator checks a year, imports its official schedule and
keeps the local changes (every deadline of the app depends on them)."""
from __future__ import annotations

import datetime as dt

from babel.dates import get_day_names, get_month_names
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, RadioField, StringField, TextAreaField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from coordinator.clock import current_clock
from coordinator.domain.calendar import FIRST_YEAR, LAST_YEAR
from coordinator.domain.calendar_file import (
    MAX_BYTES,
    NOTE_MAX,
    SOURCE_MAX,
    ScheduleInvalid,
    YearFile,
    pasted_name,
    read_year_file,
)
from coordinator.domain.calendar_year import month_weeks
from coordinator.extensions import db
from coordinator.services.calendar import (
    CalendarInputError,
    app_calendar,
    days_of_year,
    import_year,
    imported_years,
    overrides_of,
    remove_override,
    set_override,
    year_origin,
)
from coordinator.web.access import requires

bp = Blueprint("admin_calendar", __name__, url_prefix="/admin/calendar")


class ImportForm(FlaskForm):
    file = FileField(_l("Schedule file (.csv, .yaml)"))
    text = TextAreaField(_l("Or type the schedule here (the same CSV or YAML)"),
                         validators=[Length(max=MAX_BYTES)])
    source = StringField(_l("Source document (when the file names none)"),
                         validators=[Optional(), Length(max=SOURCE_MAX)])

    def validate_file(self, field) -> None:
        if not field.data and not (self.text.data or "").strip():
            raise ValidationError(_("Choose a file, or type the schedule."))

    def content(self) -> tuple[str, bytes]:
        """(file name, bytes) of the upload, else of the typed text (CSV when it starts with the header)."""
        if self.file.data:
            return self.file.data.filename or "", self.file.data.read(MAX_BYTES + 1)
        return pasted_name(self.text.data), self.text.data.encode("utf-8")


class OverrideForm(FlaskForm):
    day = DateField(_l("Date"), validators=[InputRequired()])
    kind = RadioField(_l("Kind of change"), choices=[SelectChoice("holiday", _l("Closed (local closure day)")),
                                            SelectChoice("workday", _l("Worked (local extra working day)"))],
                      validators=[InputRequired()])
    note = StringField(_l("Reason for the change"), validators=[Length(max=NOTE_MAX)])


class RemoveForm(FlaskForm):
    """Only the CSRF token."""


@bp.get("")
@requires("calendar:manage")
def index():
    """The year view, the import form and the override form."""
    year = _year_arg()
    return _page(year, ImportForm(formdata=None), OverrideForm(formdata=None))


@bp.post("/import")
@requires("calendar:manage")
def import_file():
    """Check an uploaded schedule; store it unless it has problems or only a check was asked for."""
    year = _year_arg()
    form = ImportForm()
    if not form.validate_on_submit():
        return _page(year, form, OverrideForm(formdata=None), status=422)
    try:
        schedule = read_year_file(*form.content(), form.source.data or "")
    except ScheduleInvalid as invalid:
        problems = [(p.line, _(p.text, **p.params)) for p in invalid.problems]
        return _page(year, form, OverrideForm(formdata=None), problems=problems, status=422)
    if "check" in request.form:
        return _page(schedule.year, form, OverrideForm(formdata=None), preview=schedule)
    result = import_year(current_user, schedule)
    db.session.commit()
    flash(_("The official schedule of %(year)s was imported: %(holidays)s holidays, %(workdays)s make-up "
            "working days.", year=result.year, holidays=result.holidays, workdays=result.workdays), "success")
    return redirect(url_for("admin_calendar.index", year=result.year))


@bp.post("/overrides")
@requires("calendar:manage")
def add_override():
    """Add or replace a local change of one day."""
    form = OverrideForm()
    year = form.day.data.year if form.day.data else _year_arg()
    error = None
    if form.validate_on_submit():
        try:
            set_override(current_user, form.day.data, form.kind.data == "workday", form.note.data or "")
        except CalendarInputError as refused:
            db.session.rollback()
            error = _(refused.text, **refused.params)
        else:
            db.session.commit()
            flash(_("The local change of %(date)s was saved.", date=form.day.data.isoformat()), "success")
            return redirect(url_for("admin_calendar.index", year=year))
    return _page(year if FIRST_YEAR <= year <= LAST_YEAR else _year_arg(), ImportForm(formdata=None), form,
                 override_error=error, status=422)


@bp.post("/overrides/<day>/remove")
@requires("calendar:manage")
def remove(day: str):
    """Remove a local change; the day follows the official schedule again."""
    date = _date_or_404(day)
    if RemoveForm().validate_on_submit():
        try:
            remove_override(current_user, date)
        except CalendarInputError as refused:
            db.session.rollback()
            flash(_(refused.text, **refused.params), "error")
        else:
            db.session.commit()
            flash(_("The local change of %(date)s was removed.", date=date.isoformat()), "success")
    return redirect(url_for("admin_calendar.index", year=date.year))


def _year_arg() -> int:
    year = request.args.get("year", type=int) or current_clock().today().year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        abort(404)
    return year


def _date_or_404(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        abort(404)


def _page(year: int, import_form: ImportForm, override_form: OverrideForm, *, problems=None,
          preview: YearFile | None = None, override_error: str | None = None, status: int = 200):
    """Render the calendar page for `year` with the two forms as they are."""
    days = days_of_year(year, translate=_)
    locale = get_locale()
    this_year = current_clock().today().year
    cal = app_calendar()
    years = [(y, cal.is_provisional_year(y)) for y in range(max(FIRST_YEAR, this_year - 1),
                                                             min(LAST_YEAR, this_year + 2) + 1)]
    return render_template(
        "admin/calendar.html", year=year, origin=year_origin(year), days=days, overrides=overrides_of(days),
        months=[(get_month_names("wide", locale=locale)[m], month_weeks(days, m)) for m in range(1, 13)],
        weekdays=[get_day_names("abbreviated", locale=locale)[i] for i in range(7)],
        working_days=sum(day.working for day in days), years=years, imported=imported_years(),
        import_form=import_form, override_form=override_form, remove_form=RemoveForm(formdata=None),
        problems=problems, preview=preview, override_error=override_error,
        replaces=preview is not None and year_origin(preview.year).imported,
    ), status
