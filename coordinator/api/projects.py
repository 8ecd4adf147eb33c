"""Projects over the JSON API: a project's timeline (formats/scenario.md) and registering a project, with
the same permission and object rules as the pages (404 for a project the caller may not see)."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, request
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from coordinator.clock import current_clock
from coordinator.extensions import db
from coordinator.models import Project
from coordinator.services.project_access import can_see_project
from coordinator.services.projects import project_timeline
from coordinator.services.registration import InvalidInput, register_project
from coordinator.web.access import requires

bp = Blueprint("api_projects", __name__, url_prefix="/api/v1/projects")


@bp.get("/<int:project_id>/timeline")
@requires("project:view")
def timeline(project_id: int):
    """The project's timeline JSON as of the app's business date."""
    project = db.session.get(Project, project_id)
    if project is None or not can_see_project(current_user, project):
        abort(404)
    return jsonify(project_timeline(project, current_clock().today()))


@bp.post("")
@requires("project:create")
def create():
    """Register a project; 422 naming each bad or unknown field."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _invalid({"body": "format"})
    if current_user.role == "owner" and current_user.company_id is None:
        return _invalid({"company": "required"})
    try:
        project = register_project(current_user, body, current_clock().today())
        db.session.commit()
    except InvalidInput as exc:
        db.session.rollback()
        return _invalid(exc.problems)
    except IntegrityError:
        db.session.rollback()
        return _invalid({"code": "taken"})
    return jsonify({"id": project.id, "code": project.code, "public_code": project.public_code,
                    "template": project.template.key, "version": project.template.version}), 201


def _invalid(problems: dict[str, str]):
    return jsonify({"error": {"status": 422, "message": "invalid input", "fields": problems}}), 422
