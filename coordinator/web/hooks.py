"""Request hooks: security headers, error pages, template globals."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request


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
    """Values every template may use: the business date and whether this is a training instance."""
    from flask import current_app
    from flask_babel import get_locale

    from coordinator.clock import current_clock

    return {
        "training": bool(current_app.config.get("TRAINING")),
        "business_date": current_clock().today(),
        "get_locale": get_locale,
    }


def _error_page(error):
    """JSON for the API, a page for people."""
    code = getattr(error, "code", 500) or 500
    description = getattr(error, "description", "") or ""
    if request.path.startswith("/api/"):
        return jsonify({"error": {"status": code, "message": str(description)}}), code
    return render_template("error.html", code=code, description=description), code
