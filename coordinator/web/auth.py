"""Login and logout pages; a user whose password expired (等保 mode) is sent to change it first."""
from __future__ import annotations

import datetime as dt

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from coordinator.clock import current_clock
from coordinator.extensions import db
from coordinator.services.auth import (
    LoginPolicy,
    authenticate,
    end_session,
    start_session,
)
from coordinator.services.passwords import password_expired
from coordinator.web.access import public, requires
from coordinator.web.auth_forms import LoginForm
from coordinator.web.auth_loader import SESSION_KEY

bp = Blueprint("auth", __name__)
EXPIRED_KEY = "password_expired"
# what a user with an expired password may still open
_WHILE_EXPIRED = {"auth.login", "auth.logout", "account.password", "home.set_language", "static"}


def safe_next(target: str | None) -> str:
    """Only same-origin paths; anything else goes to the home page."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("home.index")
    return target


def login_policy() -> LoginPolicy:
    cfg = current_app.config
    return LoginPolicy(cfg["LOGIN_MAX_FAILURES"], dt.timedelta(minutes=cfg["LOCKOUT_MINUTES"]))


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Ask for user name and password; one message for every failure."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form)
    now = current_clock().now()
    user = authenticate(form.username.data, form.password.data, now, login_policy())
    if user is None:
        db.session.commit()
        flash(_("Wrong user name or password, or the account is locked for %(minutes)s minutes after "
                "%(failures)s failures.", minutes=login_policy().lockout.seconds // 60,
                failures=login_policy().max_failures), "error")
        return render_template("auth/login.html", form=form), 200
    _begin(user, now)
    db.session.commit()
    return redirect(url_for("account.password") if session.get(EXPIRED_KEY) else safe_next(request.args.get("next")))


def _begin(user, now) -> None:
    """End any session this browser had, then start a new one under a new id."""
    end_session(session.get(SESSION_KEY), now, "relogin")
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    row = start_session(user, now, request.remote_addr or "", request.headers.get("User-Agent", ""))
    session[SESSION_KEY] = row.id
    if password_expired(user.password_changed_at, now):
        session[EXPIRED_KEY] = True
        flash(_("Your password has expired or was set by an administrator: choose a new one."), "error")
    login_user(user)


@bp.post("/logout")
@requires("account:view")
def logout():
    """End the server-side session: the old cookie is worthless from now on."""
    end_session(session.get(SESSION_KEY), current_clock().now(), "logout", current_user)
    db.session.commit()
    logout_user()
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.before_app_request
def _expired_password_first():
    """Forget any user cached in an outer app context (the session check runs for every request), then,
    until an expired password is changed, send every page to the password form."""
    g.pop("_login_user", None)
    exempt = request.endpoint in _WHILE_EXPIRED or request.path.startswith("/api/")
    if session.get(EXPIRED_KEY) and not exempt and current_user.is_authenticated:
        return redirect(url_for("account.password"))
    return None


@bp.app_template_filter("role_label")
def role_label_filter(role: str) -> str:
    """The role's label in the interface language."""
    from flask_babel import get_locale

    from coordinator.domain.permissions import role_label

    return role_label(role, english=str(get_locale()) == "en")


@bp.app_context_processor
def _access_helpers() -> dict:
    """`can("audit:view")` in templates: whether the current user's role holds a permission (the user is
    resolved once per render, not at every call)."""
    from coordinator.domain.permissions import is_allowed

    user = current_user._get_current_object()
    role = user.role if user.is_authenticated else None

    def can(permission: str) -> bool:
        return role is not None and is_allowed(role, permission)

    return {"can": can}
