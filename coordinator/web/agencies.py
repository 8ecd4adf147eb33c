"""Agency pages: the register (中介服务超市) with the scoreboard, contracts and consortia on a project, and
the agency users' own services (start, interim notes, delivery with the report)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coordinator.clock import current_clock
from coordinator.domain.errors import RuleBroken
from coordinator.domain.permissions import is_allowed
from coordinator.domain.uploads import UploadRefused
from coordinator.extensions import db
from coordinator.models import Agency
from coordinator.services import agencies as service
from coordinator.services.projects import project_template
from coordinator.web.access import requires
from coordinator.web.agents import form_date, visible_project
from coordinator.web.form_actions import attempt
from coordinator.web.messages import problem_text, upload_problem_text
from coordinator.web.projects import page_helpers

bp = Blueprint("agencies", __name__)


def agency_problem(exc: service.AgencyError) -> str:
    """The sentence for a refused agency action."""
    messages = {
        "name": _("Give a name."),
        "services": _("Choose at least one service type from the register."),
        "node": _("Choose an intermediary service of this project."),
        "service": _("This agency is not registered for the service type of this node."),
        "days": _("Contracted working days must be between 1 and 250."),
        "fee": _("The fee cannot be negative."),
        "started": _("The service has started: its contract can no longer be changed."),
        "members": _("Choose at least two contracted services of this project."),
        "member_taken": _("A chosen service is already in a consortium."),
        "lead": _("The lead agency must be one of the members."),
        "package_days": _("The overall service time must cover the longest member's contracted days."),
        "note": _("Write the note."),
        "account": _("No intermediary-agency account has this user name."),
        "date": _("Enter a date as YYYY-MM-DD."),
    }
    return messages.get(exc.code) or problem_text(exc.code, exc.detail)


def _refusal(exc: Exception) -> str:
    """The sentence for anything an agency action refuses: a rule of the timeline, an upload, the rest."""
    if isinstance(exc, RuleBroken):
        return problem_text("rule", exc.reason)
    if isinstance(exc, UploadRefused):
        return upload_problem_text(exc.problem)
    return agency_problem(exc)


def _attempt(action, success: str, target: str):
    """Run one agency action in its transaction, say how it went, and go to `target`."""
    attempt(action, success, (RuleBroken, UploadRefused, service.AgencyError), _refusal)
    return redirect(target)


def _int(name: str) -> int | None:
    return request.form.get(name, type=int)


def _date(name: str):
    """A date from the form (None when empty); a malformed one is refused like any other agency problem."""
    try:
        return form_date(name)
    except ValueError:
        raise service.AgencyError("date") from None


# ------------------------------------------------------------------ register and scoreboard


@bp.get("/agencies")
@requires("agency:view")
def index():
    """The register with each agency's score; ?service= keeps those offering one service type."""
    service_filter = request.args.get("service") or None
    agencies = service.agencies_for(service_filter)
    return render_template("agencies/index.html", agencies=agencies, scores=service.scores(current_clock().today()),
                           types=service.service_types(), service_filter=service_filter, **page_helpers())


@bp.route("/agencies/new", methods=["GET", "POST"])
@requires("agency:manage")
def new():
    problem = None
    if request.method == "POST":
        try:
            agency = service.register_agency(
                current_user, name=request.form.get("name", ""), credit_code=request.form.get("credit_code", ""),
                services=request.form.getlist("services"), contact_name=request.form.get("contact_name", ""),
                contact_phone=request.form.get("contact_phone", ""))
        except service.AgencyError as exc:
            db.session.rollback()
            problem = agency_problem(exc)
        else:
            db.session.commit()
            flash(_("Agency registered."), "success")
            return redirect(url_for("agencies.show", agency_id=agency.id))
    return render_template("agencies/new.html", types=service.service_types(), form=request.form,
                           problem=problem), 422 if problem else 200


@bp.get("/agencies/<int:agency_id>")
@requires("agency:view")
def show(agency_id: int):
    agency = db.session.get(Agency, agency_id) or abort(404)
    score = service.scores(current_clock().today()).get(agency.id)
    accounts = service.linked_users(agency) if is_allowed(current_user.role, "agency:manage") else []
    return render_template("agencies/show.html", agency=agency, score=score, types=service.service_types(),
                           accounts=accounts, today=current_clock().today(), **page_helpers())


@bp.post("/agencies/<int:agency_id>/users")
@requires("agency:manage")
def link_user(agency_id: int):
    agency = db.session.get(Agency, agency_id) or abort(404)
    return _attempt(lambda: service.link_user(agency, request.form.get("username", ""), current_user),
                    _("Account linked to the agency."), url_for("agencies.show", agency_id=agency.id))


@bp.post("/agencies/<int:agency_id>/qualifications")
@requires("agency:manage")
def add_qualification(agency_id: int):
    agency = db.session.get(Agency, agency_id) or abort(404)
    return _attempt(lambda: service.add_qualification(agency, current_user, name=request.form.get("name", ""),
                                                      number=request.form.get("number", ""),
                                                      expires_on=_date("expires_on")),
                    _("Qualification added."), url_for("agencies.show", agency_id=agency.id))


# ------------------------------------------------------------------ contracts and consortia on a project


@bp.post("/projects/<int:project_id>/contracts")
@requires("contract:record")
def record_contract(project_id: int):
    project = visible_project(project_id)
    agency = db.session.get(Agency, _int("agency_id") or 0)

    def record():
        if agency is None:
            raise service.AgencyError("node")
        service.record_contract(project, request.form.get("node", ""), agency, current_user,
                                signed_on=_date("signed_on") or current_clock().today(),
                                working_days=_int("working_days") or 0, fee=request.form.get("fee", type=float))

    return _attempt(record, _("Contract recorded."), url_for("projects.show", project_id=project.id) + "#agencies-h")


@bp.post("/projects/<int:project_id>/consortia")
@requires("contract:record")
def form_consortium(project_id: int):
    project = visible_project(project_id)
    lead = db.session.get(Agency, _int("lead_agency_id") or 0)

    def form():
        if lead is None:
            raise service.AgencyError("lead")
        service.form_consortium(project, current_user, name=request.form.get("name", ""), lead=lead,
                                service_days=_int("service_days") or 0, nodes=request.form.getlist("nodes"))

    return _attempt(form, _("Consortium formed."), url_for("projects.show", project_id=project.id) + "#agencies-h")


# ------------------------------------------------------------------ the agency's own services


@bp.get("/agency")
@requires("service:work")
def my_services():
    """The agency user's services with deadlines and lights (only their own agency's)."""
    rows = service.my_services(current_user.agency_id, current_clock().today())
    notes = service.notes_of([row.contract.id for row in rows])
    helpers = page_helpers()
    labels = {}
    for row in rows:
        template = project_template(row.project)
        material = template.materials.get(row.material) if row.material else None
        labels[row.contract.id] = {"node": helpers["name_of"](template.node(row.contract.node)),
                                   "material": material.name if material else ""}
    return render_template("agencies/mine.html", rows=rows, notes=notes, labels=labels, **helpers)


def _own_contract(contract_id: int):
    contract = service.contract_for_agency(contract_id, current_user.agency_id)
    if contract is None:
        abort(404)
    return contract


@bp.post("/agency/services/<int:contract_id>/start")
@requires("service:work")
def start(contract_id: int):
    contract = _own_contract(contract_id)
    return _attempt(lambda: service.start_service(contract, current_user, current_clock().today()),
                    _("Service start recorded."), url_for("agencies.my_services"))


@bp.post("/agency/services/<int:contract_id>/notes")
@requires("service:work")
def note(contract_id: int):
    contract = _own_contract(contract_id)
    return _attempt(lambda: service.add_note(contract, current_user, current_clock().today(),
                                             request.form.get("text", "")),
                    _("Note recorded."), url_for("agencies.my_services"))


@bp.post("/agency/services/<int:contract_id>/deliver")
@requires("service:work")
def deliver(contract_id: int):
    contract = _own_contract(contract_id)
    upload = request.files.get("report")
    if upload is None or not upload.filename:
        flash(_("Attach the report file."), "error")
        return redirect(url_for("agencies.my_services"))
    return _attempt(lambda: service.deliver_service(contract, current_user, current_clock().today(),
                                                    upload.filename, upload.stream),
                    _("Report delivered."), url_for("agencies.my_services"))
