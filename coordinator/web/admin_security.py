"""Security administrator's and auditor's pages: role assignment, the permission matrix, the audit log."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from coordinator.domain.permissions import PERMISSIONS, ROLES
from coordinator.extensions import db
from coordinator.models import AuditEntry, User
from coordinator.models.types import as_utc
from coordinator.services.users import InvalidInput, assign_role
from coordinator.web.access import ensure, requires
from coordinator.web.auth_forms import RoleForm

bp = Blueprint("security", __name__, url_prefix="/admin")
AUDIT_PAGE = 100
AUDIT_FILTERS = ("action", "username", "object_type", "object_id", "result", "date_from", "date_to")


@bp.app_template_filter("local_time")
def local_time(value: dt.datetime | None) -> str:
    """A stored UTC time shown in the installation's zone (+08:00)."""
    if value is None:
        return ""
    return as_utc(value).astimezone(ZoneInfo(current_app.config["TIMEZONE"])).strftime("%Y-%m-%d %H:%M:%S")


@bp.get("/roles")
@requires("role:assign")
def roles():
    """Everyone's role, with a form to change it (not one's own)."""
    users = db.session.scalars(select(User).order_by(User.role, User.username)).unique().all()
    return render_template("admin/roles.html", users=users, form=RoleForm())


@bp.post("/users/<int:user_id>/role")
@requires("role:assign")
def change_role(user_id: int):
    """Give someone another role (audited with the old and the new role)."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    ensure(user.id != current_user.id, permission="role:assign", object_type="user", object_id=user.id)
    form = RoleForm()
    if not form.validate_on_submit():
        abort(422)
    old = user.role
    try:
        assign_role(current_user, user, form.role.data)
    except InvalidInput as error:
        db.session.rollback()
        flash(_(error.message), "error")
        return redirect(url_for("security.roles"))
    db.session.commit()
    flash(_("%(name)s: role %(old)s → %(new)s.", name=user.username, old=old, new=user.role), "info")
    return redirect(url_for("security.roles"))


@bp.get("/permissions")
@requires("permission:view")
def permissions():
    """The permission table as a matrix (the same table the access checks and tests read)."""
    return render_template("admin/permissions.html", permissions=sorted(PERMISSIONS.items()), roles=ROLES)


@bp.get("/audit")
@requires("audit:view")
def audit():
    """The audit log, newest first, filtered by the query string, 100 rows a page."""
    filters = {name: request.args.get(name, "").strip() for name in AUDIT_FILTERS}
    query = _filtered(select(AuditEntry), filters)
    before = request.args.get("before", type=int)
    if before:
        query = query.where(AuditEntry.id < before)
    entries = db.session.scalars(query.order_by(AuditEntry.id.desc()).limit(AUDIT_PAGE + 1)).all()
    users = _usernames({entry.user_id for entry in entries})
    more = entries[AUDIT_PAGE].id + 1 if len(entries) > AUDIT_PAGE else None
    return render_template("admin/audit.html", entries=entries[:AUDIT_PAGE], users=users, filters=filters,
                           more=more)


def _filtered(query, filters: dict):
    """Apply the non-empty filters; a bad date is ignored rather than an error."""
    for name in ("action", "object_type", "object_id", "result"):
        if filters[name]:
            query = query.where(getattr(AuditEntry, name) == filters[name])
    if filters["username"]:
        query = query.where(AuditEntry.user_id.in_(select(User.id).where(User.username == filters["username"])))
    tz = ZoneInfo(current_app.config["TIMEZONE"])
    for name, op in (("date_from", "__ge__"), ("date_to", "__lt__")):
        day = _parse_day(filters[name])
        if day:
            day += dt.timedelta(days=1) if name == "date_to" else dt.timedelta(0)
            start = dt.datetime.combine(day, dt.time(), tz).astimezone(dt.UTC)
            query = query.where(getattr(AuditEntry.at, op)(start))
    return query


def _parse_day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _usernames(ids: set) -> dict[int, str]:
    """user id -> user name for one page of entries (one query)."""
    ids.discard(None)
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.username).where(User.id.in_(ids))).all())
