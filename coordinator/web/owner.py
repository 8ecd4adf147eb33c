"""The owner's pages: register a company and a project, the bundled application (one form, one set of
materials), uploads and downloads, supplying deferred materials, printable notices and receipts."""
from __future__ import annotations

import secrets
from urllib.parse import quote

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError, OperationalError

from coordinator.clock import current_clock
from coordinator.domain.uploads import ALLOWED, UploadRefused
from coordinator.extensions import db
from coordinator.models import Application, Document, Project, StageReview
from coordinator.models.types import as_utc
from coordinator.services.acceptance import DecisionRefused, supply
from coordinator.services.applications import (
    ApplicationError,
    application_form,
    noticed_materials,
    save_draft,
    start_application,
    submit_application,
)
from coordinator.services.documents import (
    current_documents,
    document_path,
    record_download,
    store_upload,
)
from coordinator.services.owner_tasks import owner_tasks
from coordinator.services.project_access import can_see_project
from coordinator.services.projects import project_template, project_timeline
from coordinator.services.registration import (
    InvalidInput,
    project_kinds,
    register_company,
    register_project,
)
from coordinator.web.access import requires
from coordinator.web.hooks import render_error
from coordinator.web.messages import problem_text, upload_problem_text
from coordinator.web.projects import page_helpers

bp = Blueprint("owner", __name__)


def visible_project(project_id: int) -> Project:
    """The project, or 404 when it does not exist or the user may not see it."""
    project = db.session.get(Project, project_id)
    if project is None or not can_see_project(current_user, project):
        abort(404)
    return project


@bp.route("/owner/company", methods=["GET", "POST"])
@requires("company:register")
def company():
    """Register the owner's company (统一社会信用代码 with its check character)."""
    if current_user.company_id is not None:
        return redirect(url_for("owner.new_project"))
    problems: dict[str, str] = {}
    if request.method == "POST":
        try:
            register_company(current_user, request.form.get("name", ""), request.form.get("credit_code", ""))
            db.session.commit()
            flash(_("Company registered."), "info")
            return redirect(url_for("owner.new_project"))
        except InvalidInput as exc:
            db.session.rollback()
            problems = exc.problems
    return render_template("owner/company.html", form=request.form, problems=problems,
                           problem_text=problem_text), 422 if problems else 200


@bp.route("/owner/projects/new", methods=["GET", "POST"])
@requires("project:create")
def new_project():
    """Register a project: name, 项目代码, kind (→ the newest template version), location and figures."""
    if current_user.role == "owner" and current_user.company_id is None:
        return redirect(url_for("owner.company"))
    problems: dict[str, str] = {}
    if request.method == "POST":
        raw = {key: value for key, value in request.form.items() if key != "csrf_token"}
        raw.setdefault("standard_land", "no")
        try:
            project = register_project(current_user, raw, current_clock().today())
            db.session.commit()
            flash(_("Project registered."), "info")
            return redirect(url_for("projects.show", project_id=project.id))
        except InvalidInput as exc:
            db.session.rollback()
            problems = exc.problems
        except IntegrityError:
            db.session.rollback()
            problems = {"code": "taken"}
    kinds = project_kinds()
    return render_template("owner/new_project.html", form=request.form, problems=problems, kinds=kinds,
                           problem_text=problem_text), 422 if problems else 200


@bp.post("/projects/<int:project_id>/applications")
@requires("application:edit")
def start(project_id: int):
    """Start (or, for the same token, find again) a draft for the chosen ready stages."""
    project = visible_project(project_id)
    stages = request.form.getlist("stage")
    try:
        application = start_application(project, stages, request.form.get("token", ""), current_user,
                                        current_clock().today())
        db.session.commit()
    except ApplicationError as exc:
        db.session.rollback()
        flash(problem_text(exc.code, exc.detail), "error")
        return redirect(url_for("projects.show", project_id=project.id))
    except IntegrityError:  # the same token raced in: the first draft wins
        db.session.rollback()
        application = db.session.query(Application).filter_by(token=request.form.get("token", "")).one()
    return redirect(url_for("owner.application", application_id=application.id))


@bp.errorhandler(CSRFError)
def _session_gone(error: CSRFError):
    """The browser lost its session while the owner was typing: back to the draft (through the login page),
    where the form restores what was typed from this browser; any other form gets the usual 400 page."""
    if request.endpoint == "owner.application":
        flash(_("Your session had ended, so nothing was sent. What you typed is kept in this browser: check it "
                "and save again."), "error")
        return redirect(request.path)
    return render_error(400, expired=True)


def _own_application(application_id: int) -> tuple[Application, Project]:
    application = db.session.get(Application, application_id)
    if application is None:
        abort(404)
    return application, visible_project(application.project_id)


@bp.route("/applications/<int:application_id>", methods=["GET", "POST"])
@requires("application:edit")
def application(application_id: int):
    """The one form: GET shows it, POST saves the typed values and any attached files, then maybe submits."""
    application, project = _own_application(application_id)
    if request.method == "GET" or application.status != "draft":
        return _render_application(application, project, {}, {})
    fields, materials = application_form(project, application, current_clock().today())
    problems = save_draft(application, fields, request.form.to_dict(), current_user)
    upload_problems = _store_files(project, [m.spec.key for m in materials])
    db.session.commit()
    if request.form.get("action") != "submit":
        if not problems and not upload_problems:
            flash(_("Draft saved."), "info")
            return redirect(url_for("owner.application", application_id=application.id))
        return _render_application(application, project, problems, upload_problems, status=422)
    return _submit(application, project, fields, upload_problems)


def _submit(application, project, fields, upload_problems):
    if upload_problems:
        return _render_application(application, project, {}, upload_problems, status=422)
    token = request.form.get("token", "")
    try:
        done, problems = submit_application(application, fields, token, current_user, current_clock().today())
        if problems:
            db.session.rollback()
            return _render_application(application, project, problems, upload_problems, status=422)
        db.session.commit()
    except ApplicationError as exc:
        db.session.rollback()
        flash(problem_text(exc.code, exc.detail), "error")
        return redirect(url_for("owner.application", application_id=application.id))
    except (IntegrityError, OperationalError):  # a concurrent request recorded first: nothing twice
        db.session.rollback()
        flash(_("This application was already submitted."), "info")
        return redirect(url_for("owner.application", application_id=application.id))
    flash(_("Application submitted: the window decides on acceptance within 5 working days.") if done
          else _("This application was already submitted."), "info")
    return redirect(url_for("projects.show", project_id=project.id))


def _store_files(project: Project, allowed: list[str]) -> dict[str, str]:
    """Store each attached file under its material (each in its own savepoint); problems by material."""
    problems = {}
    for material in allowed:
        upload = request.files.get(f"file-{material}")
        if upload is None or not upload.filename:
            continue
        try:
            with db.session.begin_nested():
                store_upload(project, material, upload.filename, upload.stream, current_user)
        except UploadRefused as exc:
            problems[material] = upload_problem_text(exc.problem)
    return problems


def _render_application(application, project, problems, upload_problems, status=200):
    today = current_clock().today()
    fields, materials = application_form(project, application, today)
    template = project_template(project)
    documents = current_documents(project.id)
    return render_template(
        "owner/application.html", application=application, project=project, template=template, fields=fields,
        materials=materials, documents=documents, problems=problems, upload_problems=upload_problems,
        values=dict(application.form or {}, **_typed()), problem_text=problem_text, allowed=ALLOWED,
        saved_at=int(as_utc(application.updated_at).timestamp()),
        noticed=noticed_materials(application),
        max_mb=current_app.config["MAX_UPLOAD_MB"], **page_helpers()), status


def _typed() -> dict:
    """What was just posted (so a re-rendered form shows exactly what was typed)."""
    if request.method != "POST":
        return {}
    return {key: value for key, value in request.form.items() if key not in ("csrf_token", "token", "action")}


@bp.get("/documents/<int:document_id>")
@requires("document:download")
def download(document_id: int):
    """Send a stored file with its original (Chinese) name; 404 for anyone who may not see the project."""
    document = db.session.get(Document, document_id)
    if document is None:
        abort(404)
    visible_project(document.project_id)
    record_download(document, current_user)
    db.session.commit()
    response = send_file(document_path(document), as_attachment=True, download_name=document.storage_name,
                         max_age=0)
    response.headers["Content-Disposition"] = content_disposition(document.original_name, document.extension)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def content_disposition(name: str, ext: str) -> str:
    """RFC 6266 attachment with an ASCII fallback and the real name as RFC 8187 `filename*`."""
    fallback = "".join(ch if ch.isascii() and ch.isalnum() or ch in "._-" else "_" for ch in name) or "file"
    if not fallback.lower().endswith("." + ext):
        fallback = f"download.{ext}"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@bp.post("/projects/<int:project_id>/supply")
@requires("application:edit")
def supply_material(project_id: int):
    """Upload a deferred material: stored and recorded as `supply` in one transaction."""
    project = visible_project(project_id)
    upload = request.files.get("file")
    node, material = request.form.get("node", ""), request.form.get("material", "")
    if upload is None or not upload.filename:
        flash(_("Choose the file to upload."), "error")
        return redirect(url_for("projects.show", project_id=project.id))
    try:
        supply(project, node, material, upload.filename, upload.stream, current_user, current_clock().today())
        db.session.commit()
        flash(_("Deferred material supplied."), "info")
    except UploadRefused as exc:
        db.session.rollback()
        flash(upload_problem_text(exc.problem), "error")
    except DecisionRefused as exc:
        db.session.rollback()
        flash(problem_text(exc.code, exc.detail), "error")
    return redirect(url_for("projects.show", project_id=project.id))


def _review_of(project_id: int, review_id: int) -> tuple[Project, StageReview]:
    project = visible_project(project_id)
    review = db.session.get(StageReview, review_id)
    if review is None or review.project_id != project.id:
        abort(404)
    return project, review


@bp.get("/projects/<int:project_id>/notices/<int:review_id>")
@requires("project:view")
def notice(project_id: int, review_id: int):
    """The printable one-time notice (一次性告知书) or refusal (不予受理通知书)."""
    project, review = _review_of(project_id, review_id)
    if review.status not in ("notified", "rejected"):
        abort(404)
    return render_template("owner/notice.html", project=project, review=review, template=project_template(project),
                           **page_helpers())


@bp.get("/projects/<int:project_id>/receipts/<int:review_id>")
@requires("project:view")
def receipt(project_id: int, review_id: int):
    """The printable acceptance receipt (受理回执) with the query code and its QR code (一码全知)."""
    from coordinator.web.public import progress_qr

    project, review = _review_of(project_id, review_id)
    timeline = project_timeline(project, current_clock().today())
    node = timeline["nodes"][review.node]
    if review.status != "accepted" and not (review.status == "pending" and node.get("deemed_accepted")):
        abort(404)  # a receipt exists only for an acceptance, decided or by law (R4)
    url = url_for("public.progress", code=project.public_code, _external=True)
    return render_template("owner/receipt.html", project=project, review=review, node=node, public_url=url,
                           qr=progress_qr(url), template=project_template(project), **page_helpers())


@bp.app_template_global()
def owner_panel_data(project: Project, timeline: dict) -> dict:
    """What the owner panel on the project page needs (its own queries; called only for owners/agents)."""
    return {"tasks": owner_tasks(project, timeline), "token": secrets.token_urlsafe(24)}
