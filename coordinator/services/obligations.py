"""Commitments to verify (承诺核查): every signed commitment becomes an obligation with its due date and
supervising department; the department claims it, verifies it with evidence and records kept or breached
(a `verify` event); a breach writes a credit record against the company, which suspends its commitment
eligibility for 12 months (credit repair), flags the project and tells the leaders."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

from sqlalchemy import bindparam, select, update

from coordinator.domain.agreement_terms import months_later
from coordinator.domain.agreement_terms import name as term_name
from coordinator.domain.calendar import WorkCalendar
from coordinator.domain.clocks import Clock, Reading, read
from coordinator.domain.templates import DEFAULT_WARNING_RATIO
from coordinator.domain.timeline import Replay
from coordinator.extensions import db
from coordinator.models import CreditRecord, Obligation, Project
from coordinator.services import audit
from coordinator.services import notifications as notes
from coordinator.services.calendar import app_calendar
from coordinator.services.supervision import SUPERVISOR_ROLES, SupervisionRefused

REMIND_DAYS = (10, 3)  # working days before the due date: the reminders, and the yellow of a long obligation
SUSPENSION_MONTHS = 12  # domain Scenario 6A: no 承诺制 / 容缺 until credit repair (default 12 months)


def open_commitment(project: Project, state: Replay, node: str, item: str, actor) -> Obligation:
    """The obligation of a commitment just signed, with the timeline's due date (once per item)."""
    commitment = state.nodes[node].items[item].commitment
    row = db.session.scalar(select(Obligation).where(Obligation.project_id == project.id,
                                                     Obligation.kind == "commitment", Obligation.node == node,
                                                     Obligation.item == item))
    if row is not None:
        return row
    row = Obligation(project_id=project.id, kind="commitment", node=node, item=item,
                     verify_by=commitment.verify_by, signed_on=commitment.signed, within_days=commitment.within,
                     due=commitment.due, status="open")
    db.session.add(row)
    db.session.flush()
    audit.record("obligation:open", actor, "obligation", row.id, project=project.id, item=item,
                 verify_by=row.verify_by, due=row.due)
    spec = state.template.item(item)[1]
    notes.notify(notes.department_staff([row.verify_by], SUPERVISOR_ROLES), "obligation_opened",
                 "Commitment to verify: %(project_name)s, %(item)s; verify by %(due)s", project=project,
                 link=f"/supervision/obligations/{row.id}", project_name=project.name, item=spec.name,
                 due=row.due.isoformat())
    return row


def light(row: Obligation, today: dt.date, cal: WorkCalendar | None = None) -> Reading:
    """The verification clock, exactly as the timeline's commitment light (signed → due); a list passes the
    calendar it read once."""
    clock = Clock(row.within_days)
    clock.start, clock.finished = row.signed_on, row.verified_on
    return read(clock, cal or app_calendar(), today, _ratio(row))


def _ratio(row: Obligation) -> Decimal:
    """A commitment item's clock warns like any clock; an agreement term (months or years long) turns
    yellow from its first reminder, REMIND_DAYS[0] working days before it falls due."""
    if row.kind == "commitment" or row.within_days <= REMIND_DAYS[0]:
        return DEFAULT_WARNING_RATIO
    return Decimal(REMIND_DAYS[0]) / Decimal(row.within_days)


def department_obligations(dept: str, open_only: bool = True) -> list[tuple[Obligation, Project]]:
    """The department's obligations with their projects, earliest due first (one query)."""
    query = (select(Obligation, Project).join(Project, Project.id == Obligation.project_id)
             .where(Obligation.verify_by == dept).order_by(Obligation.due, Obligation.id))
    if open_only:
        query = query.where(Obligation.status.in_(("open", "claimed")))
    return [(row, project) for row, project in db.session.execute(query)]


def claim(obligation_id: int, actor, today: dt.date) -> Obligation:
    """认领 by the supervising department; the first claim wins."""
    row = _own(obligation_id, actor)
    done = db.session.execute(update(Obligation).where(Obligation.id == row.id, Obligation.status == "open")
                              .values(status="claimed", claimed_on=today, claimed_by=actor.id)
                              .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        raise SupervisionRefused("This commitment was already claimed.")
    db.session.refresh(row)
    audit.record("obligation:claim", actor, "obligation", row.id, project=row.project_id, item=row.item)
    return row


def _own(obligation_id: int, actor) -> Obligation:
    row = db.session.get(Obligation, obligation_id)
    if row is None or row.verify_by != actor.department_code:
        raise SupervisionRefused("This commitment is not verified by your department.")
    return row


def verify(obligation_id: int, outcome: str, finding: str, actor, today: dt.date,
           evidence=None, measured: str = "") -> Obligation:
    """Record the verification with the finding and the evidence file (stored through the documents
    service): a commitment item by a `verify` event (its consequences follow in apply_outcome), an
    agreement term by its measured value against the target (the outcome follows from it)."""
    from coordinator.services.agreement_obligations import verify_term
    from coordinator.services.documents import store_upload
    from coordinator.services.projects import append_event

    row = _own(obligation_id, actor)
    if row.status != "claimed":
        raise SupervisionRefused("Claim the commitment before recording its verification.")
    if row.kind == "commitment" and outcome not in ("kept", "breached"):
        raise SupervisionRefused("Choose kept or breached.")
    if not finding.strip():
        raise SupervisionRefused("Write what the verification found.")
    project = db.session.get(Project, row.project_id)
    if evidence is not None:
        document = store_upload(project, f"verification:{row.item}"[:64], evidence[0], evidence[1], actor)
        row.evidence_id = document.id
    if row.kind != "commitment":
        verify_term(row, measured, finding, actor, today)
        if row.status == "breached":
            _breach(project, row, term_name(row.item), actor, today)
        return row
    row.finding, row.verified_by = finding.strip(), actor.id
    append_event(project, {"do": "verify", "node": row.node, "item": row.item, "outcome": outcome,
                           "note": finding.strip()}, actor, today)
    return row


def apply_outcome(project: Project, state: Replay, node: str, item: str, outcome: str, actor,
                  today: dt.date) -> None:
    """A recorded verification: the obligation closes; a breach flags the project and the company."""
    row = db.session.scalar(select(Obligation).where(Obligation.project_id == project.id,
                                                     Obligation.kind == "commitment", Obligation.node == node,
                                                     Obligation.item == item))
    if row is None:
        return
    row.status, row.verified_on = outcome, today
    audit.record(f"obligation:{outcome}", actor, "obligation", row.id, project=project.id, item=item)
    if outcome == "breached":
        _breach(project, row, state.template.item(item)[1].name, actor, today)


def _breach(project: Project, row: Obligation, item_name: str, actor, today: dt.date) -> CreditRecord:
    record = CreditRecord(company_id=project.company_id, project_id=project.id, obligation_id=row.id,
                          kind="commitment_breached", recorded_on=today, until=months_later(today, SUSPENSION_MONTHS),
                          note=_note(row, item_name), recorded_by=getattr(actor, "id", None))
    db.session.add(record)
    db.session.flush()
    audit.record("credit:record", actor, "credit_record", record.id, project=project.id,
                 company=project.company_id, until=record.until)
    notes.notify(notes.leaders() + notes.project_people(project), "commitment_breached",
                 "Commitment broken on %(project_name)s (%(item)s): the project and the company are flagged",
                 project=project, link=f"/projects/{project.id}", project_name=project.name, item=item_name)
    return record


def _note(row: Obligation, item_name: str) -> str:
    """The finding, preceded for an indicator by what was measured against what was committed (the record
    the credit platform and the leaders read)."""
    if row.kind != "indicator" or row.measured is None:
        return row.finding
    summary = f"{item_name} {row.measured} < {row.target} {row.unit}".strip()
    if row.penalty is not None:
        summary += f"，差额合计 {format(row.penalty, 'f')} 万元"
    return f"{summary}；{row.finding}"


def credit_suspended_until(company_id: int | None, today: dt.date) -> dt.date | None:
    """The last day the company's commitment eligibility stays suspended, or None."""
    if company_id is None:
        return None
    until = db.session.scalar(select(CreditRecord.until).where(CreditRecord.company_id == company_id,
                                                               CreditRecord.until >= today)
                              .order_by(CreditRecord.until.desc()).limit(1))
    return until


def project_flags(project_id: int) -> list[CreditRecord]:
    """The credit records written because of this project (its flags)."""
    return list(db.session.scalars(_flags_statement(), {"project_id": project_id}))


@cache
def _flags_statement():
    """Built once (the project page reads it on every view): SQLAlchemy keys it once per process."""
    return select(CreditRecord).where(CreditRecord.project_id == bindparam("project_id")).order_by(CreditRecord.id)


def project_obligations(project_id: int) -> list[Obligation]:
    return list(db.session.scalars(select(Obligation).where(Obligation.project_id == project_id)
                                   .order_by(Obligation.due, Obligation.id)))


def flagged(limit: int = 200) -> list[tuple[CreditRecord, Project]]:
    """Every credit record with its project, newest first (the leaders' list)."""
    rows = db.session.execute(select(CreditRecord, Project).join(Project, Project.id == CreditRecord.project_id)
                              .order_by(CreditRecord.id.desc()).limit(limit))
    return [(record, project) for record, project in rows]
