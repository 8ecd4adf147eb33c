"""The home page and language switch."""
from flask import Blueprint, redirect, render_template, request, session, url_for

from coordinator.web.access import public
from coordinator.web.i18n import LANGUAGES

bp = Blueprint("home", __name__)


@bp.get("/")
@public
def index():
    """The landing page."""
    return render_template("home.html")


@bp.post("/lang")
@public
def set_language():
    """Switch the interface language and go back to a same-origin page."""
    lang = request.form.get("lang", "")
    if lang in LANGUAGES:
        session["lang"] = lang
    target = request.form.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("home.index")
    return redirect(target)
