"""The owner's bundled application: start a draft for ready stages, save it, submit it once (one `submit`
event per stage, all in the caller's transaction)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from coordinator.domain.bundle import (
    AskedField,
    NeededMaterial,
    bundle_fields,
    bundle_materials,
    check_values,
    known_values,
)
from coordinator.domain.errors import RuleBroken
from coordinator.extensions import db
from coordinator.models import Application, Project, StageReview
from coordinator.models.types import utcnow
from coordinator.services import audit
from coordinator.services.calendar import app_calendar
from coordinator.services.projects import (
    append_event,
    project_template,
    project_timeline,
)

ACCEPTANCE_WINDOW = 5  # working days (R4)


class ApplicationError(ValueError):
    """The request cannot be carried out; `code` names why for the page."""

    def __init__(self, code: str, detail: str = ""):
        self.code = code
        self.detail = detail
        super().__init__(f"{code}: {detail}" if detail else code)


def ready_stages(timeline: dict) -> list[str]:
    """Stage keys the owner may apply for now, in template order."""
    return [key for key, node in timeline["nodes"].items() if node["kind"] == "stage" and node["status"] == "ready"]


def waived_items(timeline: dict) -> frozenset[str]:
    """Items a fast path waived: they ask no field and no material."""
    return frozenset(key for node in timeline["nodes"].values() for key, item in (node.get("items") or {}).items()
                     if item["mode"] == "waived")


def application_form(project: Project, application: Application, today: dt.date
                     ) -> tuple[list[AskedField], list[NeededMaterial]]:
    """The fields asked once and the material checklist of the application's stages."""
    template = project_template(project)
    waived = waived_items(project_timeline(project, today))
    return bundle_fields(template, application.stages, waived), bundle_materials(template, application.stages, waived)


def start_application(project: Project, stages: list[str], token: str, actor, today: dt.date) -> Application:
    """A draft for the chosen ready stages, pre-filled from the registration and what was typed last time.

    The same token twice (a double click) returns the first draft.
    """
    if not 16 <= len(token or "") <= 64:
        raise ApplicationError("token")
    existing = db.session.scalar(select(Application).where(Application.token == token))
    if existing is not None:
        if existing.project_id != project.id:
            raise ApplicationError("token")
        return existing
    ready = ready_stages(project_timeline(project, today))
    chosen = [key for key in ready if key in set(stages)]
    if not chosen or len(chosen) != len(set(stages)):
        raise ApplicationError("not_ready", ", ".join(sorted(set(stages) - set(ready))))
    form = {**known_values(project), **_previous_form(project.id)}
    application = Application(project_id=project.id, token=token, stages=chosen, form=form,
                              created_by=getattr(actor, "id", None))
    db.session.add(application)
    db.session.flush()
    audit.record("application:start", actor, "application", application.id, project=project.id, stages=chosen)
    return application


def _previous_form(project_id: int) -> dict:
    """What was typed in the project's latest application (一表申请: nothing asked twice)."""
    last = db.session.scalar(select(Application.form).where(Application.project_id == project_id)
                             .order_by(Application.id.desc()).limit(1))
    return dict(last or {})


def save_draft(application: Application, fields: list[AskedField], raw: dict[str, str], actor) -> dict[str, str]:
    """Keep everything typed (even what does not parse yet); return the problems found so far."""
    if application.status != "draft":
        raise ApplicationError("submitted")
    typed = {asked.spec.key: (raw.get(asked.spec.key) or "").strip() for asked in fields}
    application.form = {**(application.form or {}), **typed}
    application.updated_at = utcnow()
    db.session.flush()
    audit.record("application:save", actor, "application", application.id, project=application.project_id)
    _, problems = check_values(fields, typed, complete=False)
    return problems


def submit_application(application: Application, fields: list[AskedField], token: str, actor,
                       today: dt.date) -> tuple[bool, dict[str, str]]:
    """Submit once: (True, {}) when this call submitted it, (False, {}) when it already was (idempotent),
    (False, problems) when a required field is missing or malformed (nothing recorded)."""
    _, problems = check_values(fields, application.form or {}, complete=True)
    if problems:
        return False, problems
    claimed = db.session.execute(
        update(Application).where(Application.id == application.id, Application.token == token,
                                  Application.status == "draft")
        .values(status="submitted", submitted_on=today, updated_at=utcnow())
        .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        if token != application.token:
            raise ApplicationError("token")
        return False, {}
    db.session.refresh(application)
    project = db.session.get(Project, application.project_id)
    _record_submissions(project, application, actor, today)
    audit.record("application:submit", actor, "application", application.id, project=project.id,
                 stages=application.stages)
    return True, {}


def _record_submissions(project: Project, application: Application, actor, today: dt.date) -> None:
    """One `submit` event and one window review per stage; a broken rule undoes nothing here, the caller
    rolls the whole transaction back."""
    template = project_template(project)
    cal = app_calendar()
    received = cal.received_on(today)
    window_end = cal.deadline(received, ACCEPTANCE_WINDOW)
    for key in application.stages:
        try:
            event = append_event(project, {"do": "submit", "node": key}, actor, today)
        except RuleBroken as exc:
            raise ApplicationError("rule", exc.reason) from None
        db.session.add(StageReview(application_id=application.id, project_id=project.id, node=key,
                                   lead=template.node(key).lead, submitted=today, received=received,
                                   window_end=window_end, event_seq=event.seq))
    db.session.flush()


def noticed_materials(application: Application) -> set[str]:
    """Materials the window asked for in its latest one-time notice on any of the application's stages."""
    rows = db.session.scalars(select(StageReview).where(StageReview.project_id == application.project_id,
                                                        StageReview.node.in_(application.stages))
                              .order_by(StageReview.id))
    latest = {row.node: row for row in rows}
    return {m for row in latest.values() if row.status == "notified" for m in row.missing}
