"""The bell: a person's notifications (unread first), marking them read, and the unread count in the header."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coordinator.clock import current_clock
from coordinator.extensions import db
from coordinator.models import Notification
from coordinator.services import notifications as notes
from coordinator.web.access import requires
from coordinator.web.projects import department_names, page_helpers

bp = Blueprint("notifications", __name__, url_prefix="/notifications")

# parameters holding codes, shown through the timeline's label tables
CODED = {"decision": "decision_label", "result": "status_label", "reason": "reason_label"}


@bp.app_context_processor
def bell():
    def unread() -> int:
        return notes.unread_count(current_user) if current_user.is_authenticated else 0
    return {"notification_count": unread}


def text_of(notification, helpers: dict, names: dict) -> str:
    """The notification in the reader's language, codes turned into words."""
    params = dict(notification.params or {})
    for key, helper in CODED.items():
        if key in params:
            params[key] = helpers[helper](params[key])
    if "dept" in params:
        params["dept"] = names.get(params["dept"], params["dept"])
    if "status" in params:
        params["status"] = _("approved") if params["status"] == "approved" else _("refused")
    return _(notification.message, **params)


@bp.get("")
@requires("notification:view")
def index():
    helpers, names = page_helpers(), department_names()
    rows = [(n, text_of(n, helpers, names)) for n in notes.recent(current_user)]
    return render_template("notifications/list.html", rows=rows)


@bp.post("/<int:notification_id>/read")
@requires("notification:view")
def read(notification_id: int):
    """Mark one read and follow its link (same-origin paths only)."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != current_user.id:
        abort(404)
    notes.mark_read(current_user, current_clock().now(), notification_id)
    db.session.commit()
    link = notification.link
    if request.form.get("follow") and link.startswith("/") and not link.startswith("//"):
        return redirect(link)
    return redirect(url_for("notifications.index"))


@bp.post("/read-all")
@requires("notification:view")
def read_all():
    notes.mark_read(current_user, current_clock().now())
    db.session.commit()
    return redirect(url_for("notifications.index"))
