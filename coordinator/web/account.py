"""The user's own page: who they are, what they may do, their password and personal API tokens."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coordinator.clock import current_clock
from coordinator.domain.permissions import permissions_of
from coordinator.extensions import db
from coordinator.services.tokens import (
    TokenError,
    create_token,
    revoke_token,
    tokens_of,
)
from coordinator.services.users import InvalidInput, change_password
from coordinator.web.access import requires
from coordinator.web.auth import EXPIRED_KEY
from coordinator.web.auth_forms import PasswordChangeForm, TokenForm, show_error
from coordinator.web.auth_loader import SESSION_KEY

bp = Blueprint("account", __name__, url_prefix="/account")


def _page(token_form=None, new_token=None, status=200):
    return render_template(
        "auth/account.html", permissions=permissions_of(current_user.role), tokens=tokens_of(current_user),
        token_form=token_form or TokenForm(), new_token=new_token,
    ), status


@bp.get("")
@requires("account:view")
def index():
    """Profile, permissions and tokens."""
    return _page()


@bp.route("/password", methods=["GET", "POST"])
@requires("account:view")
def password():
    """Change one's own password (required after expiry or an administrator's reset)."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current_password.data, form.password.data,
                            current_clock().now(), session.get(SESSION_KEY))
        except InvalidInput as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            session.pop(EXPIRED_KEY, None)
            flash(_("Your password was changed; your other sessions were ended."), "info")
            return redirect(url_for("account.index"))
    return render_template("auth/password.html", form=form)


@bp.post("/tokens")
@requires("token:manage")
def create():
    """Create a token and show its full text once (only its hash is kept)."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(token_form=form, status=422)
    try:
        _token, raw = create_token(current_user, form.name.data, current_clock().now())
    except TokenError as error:
        db.session.rollback()
        form.name.errors = [_(error.message)]
        return _page(token_form=form, status=422)
    db.session.commit()
    return _page(new_token=raw)


@bp.post("/tokens/<int:token_id>/revoke")
@requires("token:manage")
def revoke(token_id: int):
    """Revoke one of one's own tokens; someone else's token is not found."""
    try:
        revoke_token(current_user, token_id, current_clock().now())
    except TokenError:
        db.session.rollback()
        abort(404)
    db.session.commit()
    flash(_("The token was revoked."), "info")
    return redirect(url_for("account.index"))
