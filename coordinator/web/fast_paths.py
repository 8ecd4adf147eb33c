"""Fast-path pages: the standard-parcel register (admin), a project's eligibility and opt-in, the
commitment letter (shown, signed, printable) and the comparison of the normal path with each fast path.
Thin: parse the form, call coordinator.services.fast_paths, commit once, redirect."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from coordinator.clock import current_clock
from coordinator.domain.eligibility import ASSESSMENT_KINDS
from coordinator.domain.errors import RuleBroken
from coordinator.domain.path_compare import gain
from coordinator.extensions import db
from coordinator.models import Project, StandardParcel
from coordinator.services import fast_paths as svc
from coordinator.services import obligations
from coordinator.services.project_access import can_see_project
from coordinator.services.projects import project_template
from coordinator.web.access import requires
from coordinator.web.projects import department_names, page_helpers, page_kept, page_replay

bp = Blueprint("fast_paths", __name__)


def today():
    return current_clock().today()


def visible(project_id: int) -> Project:
    """The project, or 404 when it does not exist or the user may not see it."""
    project = db.session.get(Project, project_id)
    if project is None or not can_see_project(current_user, project):
        abort(404)
    return project


def act(action, done: str) -> bool:
    """Run and commit; a refusal (or an engine rule) rolls back and is flashed."""
    try:
        action()
        db.session.commit()
        flash(done, "info")
        return True
    except svc.FastPathRefused as exc:
        db.session.rollback()
        flash(_(exc.message, **exc.params), "error")
    except RuleBroken as exc:
        db.session.rollback()
        flash(_("Refused by the rules: %(reason)s", reason=exc.reason), "error")
    return False


# ------------------------------------------------------------------ parcel register (admin)


@bp.get("/admin/parcels")
@requires("parcel:manage")
def parcels():
    rows = db.session.scalars(select(StandardParcel).order_by(StandardParcel.code)).all()
    return render_template("fastpath/parcels.html", parcels=rows, form={}, kinds=ASSESSMENT_KINDS, today=today())


@bp.post("/admin/parcels")
@requires("parcel:manage")
def create_parcel():
    holder = {}

    def run():
        holder["parcel"] = svc.save_parcel(svc.parse_parcel(request.form), current_user)

    if act(run, _("Parcel registered.")):
        return redirect(url_for("fast_paths.parcel", parcel_id=holder["parcel"].id))
    rows = db.session.scalars(select(StandardParcel).order_by(StandardParcel.code)).all()
    return render_template("fastpath/parcels.html", parcels=rows, form=request.form, kinds=ASSESSMENT_KINDS,
                           today=today()), 400


def _parcel(parcel_id: int) -> StandardParcel:
    parcel = db.session.get(StandardParcel, parcel_id)
    if parcel is None:
        abort(404)
    return parcel


@bp.get("/admin/parcels/<int:parcel_id>")
@requires("parcel:manage")
def parcel(parcel_id: int):
    row = _parcel(parcel_id)
    return render_template("fastpath/parcel.html", parcel=row, projects=svc.parcel_projects(row.id),
                           entries=svc.zone_entries(row.zone) if row.zone else [], kinds=ASSESSMENT_KINDS,
                           today=today(), english=page_helpers()["english"])


@bp.post("/admin/parcels/<int:parcel_id>")
@requires("parcel:manage")
def update_parcel(parcel_id: int):
    row = _parcel(parcel_id)
    act(lambda: svc.save_parcel(svc.parse_parcel(request.form), current_user, row), _("Parcel saved."))
    return redirect(url_for("fast_paths.parcel", parcel_id=parcel_id))


@bp.post("/admin/parcels/<int:parcel_id>/assessments")
@requires("parcel:manage")
def add_assessment(parcel_id: int):
    row = _parcel(parcel_id)
    act(lambda: svc.add_assessment(row, svc.parse_assessment(request.form), current_user),
        _("Area-wide assessment added."))
    return redirect(url_for("fast_paths.parcel", parcel_id=parcel_id))


@bp.post("/admin/parcels/<int:parcel_id>/negative-list")
@requires("parcel:manage")
def add_negative_entry(parcel_id: int):
    row = _parcel(parcel_id)
    act(lambda: svc.add_entry(row, svc.parse_entry(request.form), current_user),
        _("Industry added to the zone's negative list."))
    return redirect(url_for("fast_paths.parcel", parcel_id=parcel_id) + "#negative-h")


@bp.post("/admin/parcels/<int:parcel_id>/negative-list/<int:entry_id>/delete")
@requires("parcel:manage")
def remove_negative_entry(parcel_id: int, entry_id: int):
    row = _parcel(parcel_id)
    act(lambda: svc.remove_entry(row, entry_id, current_user), _("Industry removed from the zone's negative list."))
    return redirect(url_for("fast_paths.parcel", parcel_id=parcel_id) + "#negative-h")


@bp.post("/admin/parcels/<int:parcel_id>/projects")
@requires("parcel:manage")
def link_project(parcel_id: int):
    row = _parcel(parcel_id)
    act(lambda: svc.link_project(row, request.form.get("code", ""), current_user), _("Project put on the parcel."))
    return redirect(url_for("fast_paths.parcel", parcel_id=parcel_id))


# ------------------------------------------------------------------ a project's fast paths


@bp.get("/projects/<int:project_id>/fast-paths")
@requires("fastpath:view")
def eligibility(project_id: int):
    project = visible(project_id)
    day = today()
    parcel = db.session.get(StandardParcel, project.parcel_id) if project.parcel_id else None
    return render_template("fastpath/eligibility.html", project=project, template=project_template(project),
                           results=svc.eligibility(project, day), parcel=parcel, choices=svc.choices(project.id),
                           kinds=ASSESSMENT_KINDS, day=day, **page_helpers())


@bp.post("/projects/<int:project_id>/fast-paths/<path>")
@requires("fastpath:opt_in")
def opt_in(project_id: int, path: str):
    project = visible(project_id)
    if act(lambda: svc.opt_in(project, path, current_user, today()), _("Fast path chosen: the stage graph changed.")):
        return redirect(url_for("projects.show", project_id=project_id))
    return redirect(url_for("fast_paths.eligibility", project_id=project_id))


@bp.get("/projects/<int:project_id>/commitment-letter")
@requires("fastpath:view")
def letter(project_id: int):
    project = visible(project_id)
    day = today()
    try:
        content = svc.letter(project, day)
    except svc.FastPathRefused as exc:
        flash(_(exc.message, **exc.params), "error")
        return redirect(url_for("fast_paths.eligibility", project_id=project_id))
    ready, signed = svc.commitment_items(project, day)[1:]
    template = project_template(project)
    return render_template("fastpath/letter.html", project=project, letter=content, ready=ready, signed=signed,
                           letters=svc.signed_letters(project.id), template=template,
                           departments=department_names(), **page_helpers())


@bp.post("/projects/<int:project_id>/commitment-letter")
@requires("commitment:sign")
def sign(project_id: int):
    project = visible(project_id)
    act(lambda: svc.sign(project, request.form.get("signer", ""), current_user, today()),
        _("Commitment letter signed: the items on commitment are issued today."))
    return redirect(url_for("fast_paths.letter", project_id=project_id))


@bp.get("/projects/<int:project_id>/paths")
@requires("fastpath:view")
def compare(project_id: int):
    project = visible(project_id)
    template = project_template(project)
    variants = svc.comparison(project, today())
    normal = variants[0]
    gains = {(v.path, m.key): gain(normal, v, m.key) for v in variants[1:] for m in v.milestones}
    return render_template("fastpath/compare.html", project=project, template=template, variants=variants,
                           gains=gains, departments=department_names(), day=today(), **page_helpers())


@bp.app_template_global()
def fastpath_panel_data(project: Project) -> dict:
    """What the fast-path panel on the project page needs (a few queries, one page): the credit flags, then,
    only when the panel shows (fast paths offered, a parcel or a flag), its choices, obligations and forecast."""
    parcel = db.session.get(StandardParcel, project.parcel_id) if project.parcel_id else None
    flags, offered = obligations.project_flags(project.id), bool(project_template(project).fast_paths)
    panel = {"parcel": parcel, "choices": [], "flags": flags, "obligations": [], "offered": offered, "milestones": []}
    if offered or parcel or flags:  # the panel shows
        panel.update(choices=svc.choices(project.id), obligations=obligations.project_obligations(project.id),
                     milestones=page_kept(project, "milestones",
                                          lambda: svc.milestones(project, today(), page_replay(project))))
    return panel


OBLIGATION_STATUS = {"open": "To claim", "claimed": "Being verified", "kept": "Kept", "breached": "Breached"}
INDICATOR_NAMES = {
    "investment_intensity": "Fixed-asset investment intensity",
    "plot_ratio": "Plot ratio",
    "tax_per_mu": "Tax per mu",
    "energy_value_added": "Value added per tonne of coal equivalent",
    "emission_value_added": "Value added per tonne of emissions",
}


TERM_NAMES = {"start_works": "Start of works within the agreed period",
              "completion": "Completion within the agreed period"}
CHECK_NAMES = {"benchmark": "Benchmark acceptance", "production": "Production review"}


@bp.app_template_global()
def obligation_name(row, item_name: str | None = None) -> str:
    """A commitment item by its template name; an agreement term (an Obligation row or a letter's Term) by
    what it checks, with the check."""
    if row.kind == "commitment":
        return item_name or row.item
    key, check = getattr(row, "item", None) or row.key, getattr(row, "node", None) or row.check
    label = key[2:] if key.startswith("x:") else _(INDICATOR_NAMES.get(key) or TERM_NAMES.get(key) or key)
    return f"{_(CHECK_NAMES[check])} · {label}" if check in CHECK_NAMES else label


@bp.app_template_global()
def obligation_status(status: str) -> str:
    """An obligation's status in the interface language."""
    return _(OBLIGATION_STATUS[status]) if status in OBLIGATION_STATUS else status


@bp.app_template_global()
def indicator_name(indicator) -> str:
    """A letter indicator's name: the core ones translated, an X indicator by its own name."""
    return _(INDICATOR_NAMES[indicator.key]) if indicator.key in INDICATOR_NAMES else indicator.name
