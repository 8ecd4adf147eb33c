"""Intermediary agencies: the register, contracts per agency node, consortia, the agency's own services
(start, interim notes, delivery with the report stored as the material a later stage needs) and the
scoreboard, each in a constant number of queries."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import BinaryIO

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from coordinator.domain import timeline as engine
from coordinator.domain.agency_services import (
    PackageFacts,
    PackageReading,
    Score,
    ServiceFacts,
    package_reading,
    report_material,
    scoreboard,
    service_reading,
)
from coordinator.domain.chase import LateService
from coordinator.domain.clocks import Reading
from coordinator.domain.credit_code import credit_code_problem, normalise
from coordinator.domain.events import normalise_events
from coordinator.domain.templates import DEFAULT_WARNING_RATIO
from coordinator.extensions import db
from coordinator.models import (
    Agency,
    AgencyContract,
    AgencyQualification,
    Consortium,
    Document,
    Project,
    ServiceNote,
)
from coordinator.services import audit, notifications
from coordinator.services.calendar import app_calendar
from coordinator.services.documents import store_upload
from coordinator.services.projects import append_event, engine_project, project_template
from coordinator.services.registers import load_services


class AgencyError(ValueError):
    """A refused agency action; `code` names the problem for the page, `detail` adds facts."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code)
        self.code, self.detail = code, detail


def service_types() -> dict[str, dict]:
    """code -> {name, name_en} of registers/services.yaml."""
    return load_services(current_app.config["REGISTERS"])


# ------------------------------------------------------------------ register


def register_agency(actor, *, name: str, credit_code: str, services: list[str], contact_name: str = "",
                    contact_phone: str = "") -> Agency:
    """Add an agency to the register after checking its 统一社会信用代码 and service types."""
    code = normalise(credit_code)
    if not name.strip():
        raise AgencyError("name")
    if problem := credit_code_problem(code):
        raise AgencyError(problem)
    if db.session.scalar(select(Agency.id).where(Agency.credit_code == code)):
        raise AgencyError("taken")
    known = service_types()
    if not services or any(s not in known for s in services):
        raise AgencyError("services")
    agency = Agency(name=name.strip()[:200], credit_code=code, services=sorted(set(services)),
                    contact_name=contact_name.strip()[:100], contact_phone=contact_phone.strip()[:40])
    db.session.add(agency)
    db.session.flush()
    audit.record("agency:register", actor, "agency", agency.id, name=agency.name, credit_code=code,
                 services=agency.services)
    return agency


def add_qualification(agency: Agency, actor, *, name: str, number: str = "",
                      expires_on: dt.date | None = None) -> AgencyQualification:
    if not name.strip():
        raise AgencyError("name")
    row = AgencyQualification(agency_id=agency.id, name=name.strip()[:200], number=number.strip()[:100],
                              expires_on=expires_on)
    db.session.add(row)
    db.session.flush()
    audit.record("agency:qualification", actor, "agency", agency.id, name=row.name, expires_on=expires_on)
    return row


def link_user(agency: Agency, username: str, actor) -> None:
    """Make an agency account (role 中介机构) work for this agency; its services are then this agency's."""
    from coordinator.models import User

    user = db.session.scalar(select(User).where(User.username == username.strip()))
    if user is None or user.role != "agency":
        raise AgencyError("account")
    previous, user.agency_id = user.agency_id, agency.id
    db.session.flush()
    audit.record("agency:link_user", actor, "user", user.id, agency=agency.id, previous=previous)


def linked_users(agency: Agency) -> list:
    """The agency's active accounts."""
    return _agency_users(agency.id)


def agencies_for(service: str | None = None) -> list[Agency]:
    """The register, by name; only agencies offering `service` when given."""
    rows = db.session.scalars(select(Agency).order_by(Agency.name))
    return [a for a in rows if service is None or service in (a.services or [])]


# ------------------------------------------------------------------ contracts and consortia


def record_contract(project: Project, node: str, agency: Agency, actor, *, signed_on: dt.date, working_days: int,
                    fee: float | None = None) -> AgencyContract:
    """Choose the agency of one agency node and record its contract (a second call replaces it until the
    service has started)."""
    template = project_template(project)
    if not template.has_node(node) or template.node(node).kind != "agency":
        raise AgencyError("node")
    if template.node(node).service and template.node(node).service not in (agency.services or []):
        raise AgencyError("service")
    if not 1 <= working_days <= 250:
        raise AgencyError("days")
    if fee is not None and fee < 0:
        raise AgencyError("fee")
    contract = db.session.scalar(select(AgencyContract).where(AgencyContract.project_id == project.id,
                                                              AgencyContract.node == node))
    if contract is not None and _started(project, node):
        raise AgencyError("started")
    if contract is None:
        contract = AgencyContract(project_id=project.id, node=node)
        db.session.add(contract)
    contract.agency_id, contract.signed_on, contract.working_days, contract.fee = (
        agency.id, signed_on, working_days, fee)
    contract.recorded_by = getattr(actor, "id", None)
    db.session.flush()
    audit.record("agency:contract", actor, "project", project.id, node=node, agency=agency.id,
                 signed_on=signed_on, working_days=working_days, fee=fee)
    notifications.notify(_agency_users(agency.id), "agency_contracted",
                         "%(project_name)s contracted your agency: %(days)s working days from the start",
                         project=project, link="/agency", project_name=project.name, days=working_days)
    return contract


def _agency_users(agency_id: int) -> list:
    from coordinator.models import User

    return list(db.session.scalars(select(User).where(User.agency_id == agency_id, User.role == "agency",
                                                      User.is_active_account.is_(True))))


def _started(project: Project, node: str) -> bool:
    from coordinator.models import ProjectEvent

    return db.session.scalar(select(ProjectEvent.id).where(
        ProjectEvent.project_id == project.id, ProjectEvent.node == node, ProjectEvent.do == "start")) is not None


def contracts_of(project: Project) -> dict[str, AgencyContract]:
    """node -> contract for one project (one query)."""
    rows = db.session.scalars(select(AgencyContract).where(AgencyContract.project_id == project.id))
    return {row.node: row for row in rows}


def form_consortium(project: Project, actor, *, name: str, lead: Agency, service_days: int,
                    nodes: list[str]) -> Consortium:
    """中介联合体: the contracted nodes become one package with a lead agency and one overall service time;
    each member keeps its own contracted days."""
    contracts = contracts_of(project)
    if len(set(nodes)) < 2 or any(n not in contracts for n in nodes):
        raise AgencyError("members")
    members = [contracts[n] for n in sorted(set(nodes))]
    if any(m.consortium_id for m in members):
        raise AgencyError("member_taken")
    if lead.id not in {m.agency_id for m in members}:
        raise AgencyError("lead")
    if not 1 <= service_days <= 250 or service_days < max(m.working_days for m in members):
        raise AgencyError("package_days")
    consortium = Consortium(project_id=project.id, name=name.strip()[:200] or lead.name, lead_agency_id=lead.id,
                            service_days=service_days)
    db.session.add(consortium)
    db.session.flush()
    for member in members:
        member.consortium_id = consortium.id
    db.session.flush()
    audit.record("agency:consortium", actor, "project", project.id, consortium=consortium.id, lead=lead.id,
                 service_days=service_days, nodes=[m.node for m in members])
    return consortium


# ------------------------------------------------------------------ the agency's own services


@dataclass
class ServiceRow:
    """One contracted service with its clock against the contract (and its package, in a consortium)."""

    contract: AgencyContract
    project: Project
    status: str
    reading: Reading
    package: PackageReading | None = None
    material: str | None = None


def _ratio(project: Project):
    return project_template(project).warning_ratio if project else DEFAULT_WARNING_RATIO


def _facts(contract: AgencyContract, node: dict) -> ServiceFacts:
    return ServiceFacts(contract.agency_id, contract.project_id, contract.node, contract.working_days,
                        _day(node.get("started")), _day(node.get("finished")))


def _day(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _timelines(project_ids: set[int], today: dt.date, cal) -> dict[int, tuple[Project, engine.Replay]]:
    """project id -> (project, replay) for many projects in two queries (projects, then their events)."""
    if not project_ids:
        return {}
    projects = db.session.scalars(select(Project).where(Project.id.in_(project_ids))
                                  .options(selectinload(Project.events)))
    return {p.id: (p, engine.replay(project_template(p), engine_project(p),
                                    normalise_events([e.as_scenario_event() for e in p.events]), cal, today))
            for p in projects}


def _node_dict(state: engine.Replay, key: str) -> dict:
    clock = state.nodes[key].clock
    return {"started": clock.start, "finished": clock.finished, "status": state.status(key)}


def service_rows(contracts: list[AgencyContract], today: dt.date,
                 states: dict[int, tuple[Project, engine.Replay]] | None = None) -> list[ServiceRow]:
    """Readings of the given contracts, packages included, in a constant number of queries (none for the
    replays when the caller passes them as `states`)."""
    cal = app_calendar()
    states = states if states is not None else _timelines({c.project_id for c in contracts}, today, cal)
    package_members = _package_members({c.consortium_id for c in contracts if c.consortium_id})
    rows = []
    for c in contracts:
        project, state = states[c.project_id]
        node = _node_dict(state, c.node)
        reading = service_reading(node["started"], node["finished"], c.working_days, cal, today, _ratio(project))
        package = None
        if c.consortium_id:
            members = [_facts(m, _node_dict(state, m.node)) for m in package_members[c.consortium_id]]
            package = package_reading(members, c.consortium.service_days, cal, today, _ratio(project))
        rows.append(ServiceRow(c, project, node["status"], reading, package,
                               report_material(project_template(project), c.node)))
    return rows


def _package_members(ids: set[int]) -> dict[int, list[AgencyContract]]:
    if not ids:
        return {}
    out: dict[int, list[AgencyContract]] = {i: [] for i in ids}
    for row in db.session.scalars(select(AgencyContract).where(AgencyContract.consortium_id.in_(ids))):
        out[row.consortium_id].append(row)
    return out


def my_services(agency_id: int | None, today: dt.date) -> list[ServiceRow]:
    """The services of one agency (its users see nothing else), open ones first, nearest deadline first."""
    if agency_id is None:
        return []
    contracts = list(db.session.scalars(select(AgencyContract).where(AgencyContract.agency_id == agency_id)
                                        .order_by(AgencyContract.id)))
    rows = service_rows(contracts, today)
    return sorted(rows, key=lambda r: (r.reading.finished is not None, r.reading.deadline or dt.date.max))


def late_services(cockpit_rows, today: dt.date, cal) -> list[LateService]:
    """Services of the agent's projects read against their contracts (one query for the contracts)."""
    by_id = {r.project.id: r for r in cockpit_rows}
    if not by_id:
        return []
    contracts = db.session.scalars(select(AgencyContract).where(AgencyContract.project_id.in_(by_id)))
    out = []
    for c in contracts:
        row = by_id[c.project_id]
        node = row.timeline["nodes"].get(c.node)
        if node is None or node.get("finished"):
            continue
        facts = _facts(c, node)
        reading = service_reading(facts.started, None, c.working_days, cal, today, _ratio(row.project))
        out.append(LateService(c.project_id, c.node, reading.light, reading.deadline, reading.overdue or 0, c.id))
    return out


def contract_for_agency(contract_id: int, agency_id: int | None) -> AgencyContract | None:
    """The contract when it belongs to the agency, else None (the page answers 404)."""
    contract = db.session.get(AgencyContract, contract_id)
    if contract is None or agency_id is None or contract.agency_id != agency_id:
        return None
    return contract


def start_service(contract: AgencyContract, actor, today: dt.date) -> None:
    append_event(contract.project, {"do": "start", "node": contract.node, "days": contract.working_days},
                 actor, today)


def add_note(contract: AgencyContract, actor, today: dt.date, text: str) -> ServiceNote:
    if not text.strip():
        raise AgencyError("note")
    note = ServiceNote(contract_id=contract.id, day=today, text=text.strip()[:2000], author_id=actor.id)
    db.session.add(note)
    db.session.flush()
    audit.record("agency:note", actor, "project", contract.project_id, node=contract.node, note=note.id)
    return note


def notes_of(contract_ids: list[int]) -> dict[int, list[ServiceNote]]:
    """contract id -> its interim notes, newest first (one query; none without contracts)."""
    out: dict[int, list[ServiceNote]] = {i: [] for i in contract_ids}
    if contract_ids:
        for row in db.session.scalars(select(ServiceNote).where(ServiceNote.contract_id.in_(contract_ids))
                                      .order_by(ServiceNote.day.desc(), ServiceNote.id.desc())):
            out[row.contract_id].append(row)
    return out


def deliver_service(contract: AgencyContract, actor, today: dt.date, filename: str,
                    stream: BinaryIO) -> Document | None:
    """Record the delivery (rules first: a service not running is refused before any file is written), then
    store the report as the material the later stage asks for (or under the node's key when none does)."""
    project = contract.project
    append_event(project, {"do": "deliver", "node": contract.node}, actor, today)
    material = report_material(project_template(project), contract.node) or contract.node
    document = store_upload(project, material, filename, stream, actor)
    notifications.notify(notifications.project_people(project), "agency_delivered",
                         "%(agency)s delivered its report for %(project_name)s", project=project,
                         link=f"/projects/{project.id}", agency=contract.agency.name, project_name=project.name)
    return document


# ------------------------------------------------------------------ scoreboard


def scores(today: dt.date) -> dict[int, Score]:
    """agency id -> score over every contract (three queries whatever the number of agencies)."""
    contracts = list(db.session.scalars(select(AgencyContract)))
    cal = app_calendar()
    states = _timelines({c.project_id for c in contracts}, today, cal)
    facts, members = [], {}
    for c in contracts:
        _project, state = states[c.project_id]
        facts.append(_facts(c, _node_dict(state, c.node)))
        if c.consortium_id:
            members.setdefault(c.consortium_id, (c.consortium, []))[1].append(facts[-1])
    packages = [PackageFacts(consortium.lead_agency_id, consortium.service_days, tuple(rows))
                for consortium, rows in members.values()]
    return scoreboard(facts, cal, today, DEFAULT_WARNING_RATIO, packages)
