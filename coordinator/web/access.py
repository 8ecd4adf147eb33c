"""Route guards: every view is either `@public` or `@requires("resource:action")` (checked against the
one permission table), and `ensure()` turns an object rule into 404 (may not see) or 403 (may not act).

Put the blueprint decorator outermost so the registered view carries the mark:

    @bp.get("/projects/<int:project_id>")
    @requires("project:view")
    def show(project_id): ...

The access tests enumerate `app.url_map` and fail for any endpoint without a mark.
"""
from __future__ import annotations

from functools import wraps

from flask import abort, jsonify, request
from flask_login import current_user

from coordinator.domain.permissions import PERMISSIONS, is_allowed
from coordinator.extensions import db, login_manager

ACCESS_ATTR = "coordinator_access"
PUBLIC = "public"


def public(view):
    """Mark a view as deliberately open to anyone, logged in or not."""
    setattr(view, ACCESS_ATTR, PUBLIC)
    return view


def requires(permission: str):
    """Login required, then the user's role must hold `permission` (pages and API alike)."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}: add it to coordinator.domain.permissions")

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return unauthenticated()
            if not is_allowed(current_user.role, permission):
                deny(permission)
            return view(*args, **kwargs)

        setattr(guarded, ACCESS_ATTR, permission)
        return guarded

    return decorate


def access_of(view) -> str | None:
    """The view's mark: "public", a permission name, or None when the author forgot it."""
    return getattr(view, ACCESS_ATTR, None)


def is_api_request() -> bool:
    """True for the JSON API, which answers 401/403 as JSON instead of redirecting."""
    return request.path.startswith("/api/")


def unauthenticated():
    """401 JSON for the API, a redirect to the login page for people."""
    if is_api_request():
        response = jsonify({"error": {"status": 401, "message": "authentication required"}})
        response.headers["WWW-Authenticate"] = 'Bearer realm="coordinator"'
        return response, 401
    return login_manager.unauthorized()


def deny(permission: str, object_type: str = "", object_id: object = ""):
    """Record the refusal (committed on its own, since the request ends here) and answer 403."""
    from coordinator.services.audit import record

    db.session.rollback()
    record("permission_denied", current_user, object_type, object_id, result="denied",
           permission=permission, path=request.path, method=request.method)
    db.session.commit()
    abort(403)


def ensure(allowed: bool, visible: bool = True, *, permission: str = "", object_type: str = "",
           object_id: object = "") -> None:
    """Pass when `allowed`; else 404 if the user may not even see the object, 403 (audited) if they may."""
    if allowed:
        return
    if not visible:
        abort(404)
    deny(permission or f"{request.endpoint}", object_type, object_id)
