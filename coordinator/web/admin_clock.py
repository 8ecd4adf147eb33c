"""The training instance's business-date page: a system administrator moves the one app clock."""
from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.validators import InputRequired

from coordinator.clock import current_clock
from coordinator.extensions import db
from coordinator.services.business_date import set_business_date
from coordinator.web.access import requires

bp = Blueprint("admin_clock", __name__, url_prefix="/admin")


class BusinessDateForm(FlaskForm):
    business_date = DateField(validators=[InputRequired()])


def training_only(view):
    """404 on an instance whose clock follows the real date: the page does not exist there."""
    @wraps(view)
    def guarded(*args, **kwargs):
        if not current_clock().settable:
            abort(404)
        return view(*args, **kwargs)

    return guarded


@bp.route("/business-date", methods=["GET", "POST"])
@training_only
@requires("business_date:set")
def business_date():
    """Show and change the business date (POST/redirect/GET, audited)."""
    clock = current_clock()
    form = BusinessDateForm()
    if form.validate_on_submit():
        set_business_date(current_user, form.business_date.data, clock)
        db.session.commit()
        flash(_("The business date is now %(date)s.", date=form.business_date.data.isoformat()), "success")
        return redirect(url_for("admin_clock.business_date"))
    if not form.is_submitted():
        form.business_date.data = clock.today()
    return render_template("admin/business_date.html", form=form), (422 if form.errors else 200)
