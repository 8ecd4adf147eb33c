"""Request hooks: security headers, error pages, template globals."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError


def init_hooks(app: Flask) -> None:
    """Attach headers, error handlers and template globals."""
    app.after_request(_security_headers)
    app.context_processor(_globals)
    for code in (400, 403, 404, 405, 409, 413, 422, 500):
        app.register_error_handler(code, _error_page)


def _security_headers(response):
    """CSP, nosniff, frame-ancestors and friends on every response (HSTS in production)."""
    from flask import current_app

    headers = response.headers
    headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
    )
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    if current_app.config["ENV"] == "production":
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def _globals() -> dict:
    """Values every template may use: the business date, whether this is a training instance and the shared
    layout's links (coordinator/web/navigation.py)."""
    from flask import current_app

    from coordinator.clock import current_clock
    from coordinator.web.navigation import chrome

    return {
        "training": bool(current_app.config.get("TRAINING")),
        "business_date": current_clock().today(),
        "layout_chrome": chrome,
    }


ERROR_TITLES = {
    400: _l("The request could not be processed"),
    403: _l("No permission"),
    404: _l("Page not found"),
    405: _l("Action not allowed"),
    409: _l("Changed by someone else"),
    413: _l("File too large"),
    422: _l("The request could not be processed"),
    500: _l("System error"),
}
ERROR_TEXTS = {
    400: _l("Check what you entered and try again."),
    403: _l("Your role does not allow this page or action. Ask your administrator if you think it should."),
    404: _l("The page does not exist, or you may not see it."),
    405: _l("This page does not accept that action."),
    409: _l("Someone else changed this record first. Reload the page, check their change and try again."),
    413: _l("The file is larger than the system accepts."),
    422: _l("Check what you entered and try again."),
    500: _l("Something went wrong on our side and has been recorded. Please try again later."),
}


def _error_page(error):
    """JSON for the API, a page in the user's language for people (never Werkzeug's English text)."""
    code = getattr(error, "code", 500) or 500
    description = getattr(error, "description", "") or ""
    if request.path.startswith("/api/"):
        return jsonify({"error": {"status": code, "message": str(description)}}), code
    return render_error(code, expired=isinstance(error, CSRFError))


def render_error(code: int, *, expired: bool = False):
    """The error page for a status code; an expired form (CSRF) says so and how to recover."""
    text = (_l("The page had expired, so nothing was saved. Go back, reload the page and submit again.")
            if expired else ERROR_TEXTS.get(code, ERROR_TEXTS[500]))
    return render_template("error.html", code=code, title=ERROR_TITLES.get(code, ERROR_TITLES[500]),
                           description=text), code
