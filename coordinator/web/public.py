"""The public progress page (一码全知): anyone holding a project's random query code sees its stages, lights
and next step, and nothing personal: no people, no documents, no opinions' texts."""
from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from flask import Blueprint, abort, render_template

from coordinator.clock import current_clock
from coordinator.extensions import db
from coordinator.models import Project
from coordinator.services.projects import project_template, project_timeline
from coordinator.web.access import public
from coordinator.web.projects import page_helpers

bp = Blueprint("public", __name__)
MAX_CODE = 32


def progress_qr(url: str) -> str:
    """The URL as a QR code, an SVG data URI (the CSP allows `img-src data:`)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@bp.get("/p/<code>")
@public
def progress(code: str):
    """Stages, lights and the next step of the project with this code; 404 for any other code."""
    if len(code) > MAX_CODE:
        abort(404)
    project = db.session.query(Project).filter_by(public_code=code).one_or_none()
    if project is None:
        abort(404)
    template = project_template(project)
    timeline = project_timeline(project, current_clock().today())
    stages = [(spec, timeline["nodes"][spec.key]) for spec in template.nodes if spec.kind != "milestone"]
    next_steps = [spec for spec, node in stages if node["status"] in ("ready", "submitted")]
    response = render_template("public/progress.html", project=project, template=template, timeline=timeline,
                               stages=stages, next_steps=next_steps, **page_helpers())
    return response, 200, {"Cache-Control": "no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer"}
