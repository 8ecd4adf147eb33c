"""The investment agreement's obligations of a signed 标准地 commitment letter (start of works, completion,
对标验收 and 达产复核 of every parcel indicator): opened with the letter, each with its supervising department,
due date and target, and verified by recording the measured value against the target (kept or breached;
a breach has the same consequences as a broken commitment item). Recording the actual completion re-dates
the open 对标验收 and 达产复核 obligations from that date."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from coordinator.domain import agreement_terms as terms
from coordinator.domain.commitment_letter import Letter
from coordinator.extensions import db
from coordinator.models import Obligation, Project, StandardParcel
from coordinator.services import audit
from coordinator.services import notifications as notes
from coordinator.services.calendar import app_calendar
from coordinator.services.supervision import SUPERVISOR_ROLES, SupervisionRefused


def open_terms(project: Project, letter: Letter, actor, today: dt.date) -> list[Obligation]:
    """One obligation per term of the letter (once: a second letter adds none), audited, the departments told."""
    existing = set(db.session.execute(select(Obligation.node, Obligation.item).where(
        Obligation.project_id == project.id, Obligation.kind != "commitment")).all())
    cal, rows = app_calendar(), []
    for term in letter.terms:
        if (term.check, term.key) in existing:
            continue
        row = Obligation(project_id=project.id, kind=term.kind, node=term.check, item=term.key,
                         verify_by=term.verify_by, signed_on=today, within_days=max(0, cal.count(today, term.due)),
                         due=term.due, status="open", target=term.target, unit=term.unit)
        db.session.add(row)
        rows.append(row)
    db.session.flush()
    for row in rows:
        audit.record("obligation:open", actor, "obligation", row.id, project=project.id, kind=row.kind,
                     check=row.node, item=row.item, target=row.target, verify_by=row.verify_by, due=row.due)
    for dept in sorted({row.verify_by for row in rows}):
        notes.notify(notes.department_staff([dept], SUPERVISOR_ROLES), "obligation_opened",
                     "Agreement obligations to verify: %(project_name)s, %(count)s, the first due %(due)s",
                     project=project, link="/supervision/", project_name=project.name,
                     count=sum(1 for row in rows if row.verify_by == dept),
                     due=min(row.due for row in rows if row.verify_by == dept).isoformat())
    return rows


def verify_term(row: Obligation, measured: str, finding: str, actor, today: dt.date) -> Obligation:
    """Record what was found: an indicator's measured value or the date works started / were completed;
    the outcome follows from the target or the due date."""
    project = db.session.get(Project, row.project_id)
    if row.kind == "indicator":
        outcome = _indicator(row, project, measured)
    else:
        outcome = _date(row, measured, today)
    row.status = "kept" if outcome.kept else "breached"
    row.verified_on, row.verified_by, row.finding = today, actor.id, finding.strip()
    row.shortfall, row.penalty = outcome.shortfall, outcome.total
    audit.record(f"obligation:{row.status}", actor, "obligation", row.id, project=project.id, item=row.item,
                 target=row.target, measured=row.measured, shortfall=_text(row.shortfall),
                 penalty=_text(row.penalty))
    if row.kind == "completion" and row.measured:
        _redate(project, dt.date.fromisoformat(row.measured), actor)
    return row


def _indicator(row: Obligation, project: Project, measured: str) -> terms.Outcome:
    try:
        value = terms.parse_measured(measured)
    except ValueError:
        raise SupervisionRefused("Write the measured value as a number.") from None
    row.measured = format(value.normalize(), "f")
    parcel = db.session.get(StandardParcel, project.parcel_id) if project.parcel_id else None
    return terms.assess_indicator(row.target, value, row.unit, parcel.area_mu if parcel else None)


def _date(row: Obligation, measured: str, today: dt.date) -> terms.Outcome:
    text = (measured or "").strip()
    try:
        day = dt.date.fromisoformat(text) if text else None
    except ValueError:
        raise SupervisionRefused("Write the date as YYYY-MM-DD.") from None
    try:
        outcome = terms.assess_date(row.due, day, today)
    except ValueError as exc:
        if str(exc) == "not due":
            raise SupervisionRefused("Not due yet: record the date it happened, or wait for the due date.") from None
        raise SupervisionRefused("The date cannot be after today.") from None
    row.measured = day.isoformat() if day else None
    return outcome


def _redate(project: Project, completed_on: dt.date, actor) -> None:
    """The actual completion moves the open 对标验收 and 达产复核 due dates (production taken to start then)."""
    dues, cal = terms.redated(completed_on), app_calendar()
    rows = db.session.scalars(select(Obligation).where(
        Obligation.project_id == project.id, Obligation.kind == "indicator",
        Obligation.status.in_(("open", "claimed")), Obligation.node.in_(tuple(dues))))
    for row in rows:
        due = dues[row.node]
        if due != row.due:
            audit.record("obligation:redate", actor, "obligation", row.id, project=project.id, previous=row.due,
                         due=due, completed_on=completed_on)
            row.due, row.within_days = due, max(0, cal.count(row.signed_on, due))


def _text(value) -> str | None:
    return None if value is None else format(value, "f")
