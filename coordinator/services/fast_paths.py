"""Fast paths in the app: the standard-parcel register, a project's eligibility on a day (with every
condition explained), opting in (recorded with who and when, the graph changed in the same transaction),
the commitment letter and its signing (one `commit` event per item, the same day), and the comparison of
the normal path with each fast path."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from coordinator.domain import commitment_letter as letters
from coordinator.domain import eligibility as rules
from coordinator.domain import timeline as engine
from coordinator.domain.errors import RuleBroken
from coordinator.domain.events import normalise_events
from coordinator.domain.path_compare import Variant, compare
from coordinator.domain.planning import forecast
from coordinator.extensions import db
from coordinator.models import (
    CommitmentLetter,
    FastPathChoice,
    NegativeListEntry,
    Project,
    RegionalAssessment,
    StandardParcel,
)
from coordinator.services import audit
from coordinator.services.agreement_obligations import open_terms
from coordinator.services.calendar import app_calendar
from coordinator.services.obligations import credit_suspended_until
from coordinator.services.projects import (
    append_event,
    engine_project,
    project_events,
    project_state,
    project_template,
)

PARCEL_NUMBERS = ("area_mu", "investment_intensity", "tax_per_mu", "plot_ratio", "energy_value_added",
                  "emission_value_added")


class FastPathRefused(ValueError):
    """The request breaks a rule; `message` is an English msgid with `params`."""

    def __init__(self, message: str, **params):
        self.message, self.params = message, params
        super().__init__(message % params if params else message)


# ------------------------------------------------------------------ the parcel register


def parse_parcel(form: dict) -> dict:
    """Values of a parcel form, checked: code, name and area are required, indicators are numbers ≥ 0."""
    values = {"code": (form.get("code") or "").strip(), "name": (form.get("name") or "").strip(),
              "zone": (form.get("zone") or "").strip()}
    if not values["code"] or not values["name"]:
        raise FastPathRefused("A parcel needs its code and its name.")
    for key in PARCEL_NUMBERS:
        values[key] = _number(form.get(key), key, required=key == "area_mu")
    values["delivered_on"] = _date(form.get("delivered_on"), "delivered_on")
    values["extra_indicators"] = parse_extra(form.get("extra_indicators") or "")
    return values


def _number(raw, field: str, required: bool = False) -> Decimal | None:
    text = (raw or "").strip()
    if not text:
        if required:
            raise FastPathRefused("%(field)s is required.", field=field)
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise FastPathRefused("%(field)s must be a number.", field=field) from None
    if value < 0 or not value.is_finite():
        raise FastPathRefused("%(field)s must be a number.", field=field)
    return value


def _date(raw, field: str) -> dt.date | None:
    text = (raw or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FastPathRefused("%(field)s must be a date (YYYY-MM-DD).", field=field) from None


def parse_extra(text: str) -> list[dict]:
    """X indicators, one per line: `name = value unit` (e.g. `研发经费占比 = 2 %`)."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, sep, rest = line.partition("=")
        parts = rest.split(None, 1)
        if not sep or not name.strip() or not parts:
            raise FastPathRefused("Write each extra indicator as: name = value unit")
        value = _number(parts[0], name.strip())
        out.append({"name": name.strip(), "value": str(value), "unit": parts[1].strip() if len(parts) > 1 else ""})
    return out


def save_parcel(values: dict, actor, parcel: StandardParcel | None = None) -> StandardParcel:
    """Create or update a parcel (its code unique); audited with the values."""
    clash = db.session.scalar(select(StandardParcel.id).where(StandardParcel.code == values["code"]))
    if clash is not None and (parcel is None or clash != parcel.id):
        raise FastPathRefused("Parcel code %(code)s is already registered.", code=values["code"])
    created = parcel is None
    parcel = parcel or StandardParcel()
    for key, value in values.items():
        setattr(parcel, key, value)
    db.session.add(parcel)
    db.session.flush()
    audit.record("parcel:create" if created else "parcel:update", actor, "standard_parcel", parcel.id,
                 **{k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()})
    return parcel


def parse_assessment(form: dict) -> dict:
    """Values of an assessment form: a known kind, a name, an approval date, optional validity end."""
    kind = form.get("kind") or ""
    if kind not in rules.ASSESSMENT_KINDS:
        raise FastPathRefused("Choose the kind of area-wide assessment.")
    name = (form.get("name") or "").strip()
    approved = _date(form.get("approved_on"), "approved_on")
    if not name or approved is None:
        raise FastPathRefused("An assessment needs its name and its approval date.")
    until = _date(form.get("valid_until"), "valid_until")
    if until is not None and until < approved:
        raise FastPathRefused("The validity cannot end before the approval date.")
    return {"kind": kind, "name": name, "approved_on": approved, "valid_until": until,
            "scope": (form.get("scope") or "").strip(), "approval_no": (form.get("approval_no") or "").strip()}


def add_assessment(parcel: StandardParcel, values: dict, actor) -> RegionalAssessment:
    """A new assessment covering `parcel` (other parcels of the zone can be linked to it too)."""
    row = RegionalAssessment(**values)
    db.session.add(row)
    parcel.assessments.append(row)
    db.session.flush()
    audit.record("assessment:create", actor, "regional_assessment", row.id, parcel=parcel.id, **values)
    return row


def link_assessment(parcel: StandardParcel, assessment_id: int, actor) -> None:
    row = db.session.get(RegionalAssessment, assessment_id)
    if row is None:
        raise FastPathRefused("No such assessment.")
    if row not in parcel.assessments:
        parcel.assessments.append(row)
        db.session.flush()
        audit.record("assessment:link", actor, "standard_parcel", parcel.id, assessment=row.id)


def link_project(parcel: StandardParcel, project_code: str, actor) -> Project:
    """Put a project on the parcel (by its 项目代码)."""
    project = db.session.scalar(select(Project).where(Project.code == project_code.strip()))
    if project is None:
        raise FastPathRefused("No project with code %(code)s.", code=project_code.strip())
    project.parcel_id = parcel.id
    db.session.flush()
    audit.record("project:parcel", actor, "project", project.id, parcel=parcel.id, parcel_code=parcel.code)
    return project


def parcel_projects(parcel_id: int) -> list[Project]:
    return list(db.session.scalars(select(Project).where(Project.parcel_id == parcel_id).order_by(Project.code)))


# ------------------------------------------------------------------ the zone's negative list (负面清单)


def negative_list(zone: str) -> list[rules.Excluded]:
    """The zone's entries (none for a parcel without a zone)."""
    if not zone:
        return []
    return [rules.Excluded(row.code, row.name) for row in zone_entries(zone)]


def zone_entries(zone: str) -> list[NegativeListEntry]:
    return list(db.session.scalars(select(NegativeListEntry).where(NegativeListEntry.zone == zone)
                                   .order_by(NegativeListEntry.code, NegativeListEntry.name)))


def parse_entry(form: dict) -> dict:
    """An entry: a GB/T 4754 code (letter + 2–4 digits, e.g. C25 or 2511) and/or an industry name."""
    code = (form.get("code") or "").strip().upper()
    name = (form.get("name") or "").strip()
    if not code and not name:
        raise FastPathRefused("Give the industry's code or its name.")
    if code and not rules.INDUSTRY_CODE.match(code):
        raise FastPathRefused("The industry code is a letter and 2 to 4 digits of GB/T 4754 (e.g. C25 or 2511).")
    if len(name) > 100:
        raise FastPathRefused("The industry name is at most 100 characters.")
    return {"code": code, "name": name, "note": (form.get("note") or "").strip()}


def add_entry(parcel: StandardParcel, values: dict, actor) -> NegativeListEntry:
    """Add an industry to the negative list of the parcel's zone (every parcel of the zone shares it)."""
    if not parcel.zone:
        raise FastPathRefused("Give the parcel its zone first: the negative list belongs to the zone.")
    clash = db.session.scalar(select(NegativeListEntry.id).where(
        NegativeListEntry.zone == parcel.zone, NegativeListEntry.code == values["code"],
        NegativeListEntry.name == values["name"]))
    if clash is not None:
        raise FastPathRefused("This industry is already on the zone's negative list.")
    row = NegativeListEntry(zone=parcel.zone, **values)
    db.session.add(row)
    db.session.flush()
    audit.record("negative_list:add", actor, "negative_list_entry", row.id, zone=row.zone, **values)
    return row


def remove_entry(parcel: StandardParcel, entry_id: int, actor) -> None:
    row = db.session.get(NegativeListEntry, entry_id)
    if row is None or row.zone != parcel.zone:
        raise FastPathRefused("No such entry on the zone's negative list.")
    audit.record("negative_list:remove", actor, "negative_list_entry", row.id, zone=row.zone, code=row.code,
                 name=row.name)
    db.session.delete(row)
    db.session.flush()


# ------------------------------------------------------------------ eligibility


def parcel_dict(parcel: StandardParcel) -> dict:
    return {"code": parcel.code, "name": parcel.name, "area_mu": parcel.area_mu, "delivered_on": parcel.delivered_on,
            "extra_indicators": parcel.extra_indicators or [],
            **{key: getattr(parcel, key) for key in letters.CORE_INDICATORS}}


def facts(project: Project, today: dt.date) -> rules.Facts:
    """What eligibility is decided on: the parcel and its assessments, the zone's negative list, the
    company's credit, and whether the recorded events still replay under each path."""
    parcel = db.session.get(StandardParcel, project.parcel_id) if project.parcel_id else None
    assessments = tuple(rules.Assessment(a.kind, a.name, a.approved_on, a.valid_until)
                        for a in (parcel.assessments if parcel else ()))
    zone = parcel.zone if parcel else ""
    return rules.Facts(engine_project(project).attributes, parcel.code if parcel else None, assessments,
                       credit_suspended_until(project.company_id, today), _replay_problems(project, today),
                       tuple(project.fast_paths or ()), zone,
                       rules.excluded_by(negative_list(zone), project.code, project.industry))


def _replay_problems(project: Project, today: dt.date) -> dict[str, str]:
    """path -> the rule the project's events break when the path is added (paths not yet chosen)."""
    template = project_template(project)
    base = engine_project(project)
    events = normalise_events(project_events(project))
    problems = {}
    for key, path in template.fast_paths.items():
        if key in base.fast_paths:
            continue
        trial = engine.Project(base.name, {**base.attributes, **path.when}, (*base.fast_paths, key),
                               base.target_date)
        try:
            engine.replay(template, trial, events, app_calendar(), today)
        except RuleBroken as exc:
            problems[key] = exc.reason
    return problems


def eligibility(project: Project, today: dt.date) -> list[rules.Eligibility]:
    return rules.check_all(project_template(project), facts(project, today), today)


def opt_in(project: Project, path_key: str, actor, today: dt.date) -> rules.Eligibility:
    """Record the choice of an eligible path: the project's paths and attributes change, the choice and
    its conditions are stored and audited, and the whole event log must still replay."""
    if path_key in (project.fast_paths or ()):
        raise FastPathRefused("The project is already on this fast path.")
    template = project_template(project)
    if path_key not in template.fast_paths:
        raise FastPathRefused("No such fast path.")
    result = rules.check_path(template, template.fast_paths[path_key], facts(project, today), today)
    if not result.eligible:
        raise FastPathRefused("The project does not qualify for this fast path today.")
    if result.attributes().get("standard_land"):
        project.standard_land = True
    project.fast_paths = [*(project.fast_paths or ()), path_key]
    project_state(project, today)  # the engine agrees (raises RuleBroken otherwise: the caller rolls back)
    db.session.add(FastPathChoice(project_id=project.id, path=path_key, chosen_on=today,
                                  chosen_by=getattr(actor, "id", None),
                                  conditions=[_jsonable(c.as_dict()) for c in result.conditions]))
    db.session.flush()
    audit.record("fast_path:opt_in", actor, "project", project.id, path=path_key,
                 waived=sorted(k for k, c in template.fast_paths[path_key].nodes.items() if c.mode == "waived"),
                 commitments=sorted(k for k, c in template.fast_paths[path_key].items.items()
                                    if c.mode == "commitment"))
    return result


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value.isoformat() if isinstance(value, dt.date) else value


def choices(project_id: int) -> list[FastPathChoice]:
    return list(db.session.scalars(select(FastPathChoice).where(FastPathChoice.project_id == project_id)
                                   .order_by(FastPathChoice.id)))


# ------------------------------------------------------------------ the commitment letter


def commitment_items(project: Project, today: dt.date) -> tuple[list[letters.Clause], list[str], list[str]]:
    """(clauses of every commitment item of the chosen paths, items that can be signed now, items already
    signed). An item can be signed once its stage is accepted."""
    template = project_template(project)
    state = project_state(project, today)
    clauses, ready, signed = [], [], []
    for key in project.fast_paths or ():
        for item_key, change in template.fast_paths[key].items.items():
            if change.mode != "commitment":
                continue
            node, spec = template.item(item_key)
            clauses.append(letters.Clause(item_key, spec.name, spec.dept, change.verify_by,
                                          change.verify_within_days or 0))
            item = state.nodes[node.key].items[item_key]
            if item.commitment is not None:
                signed.append(item_key)
            elif item.status == "running" and not item.clock.is_paused():
                ready.append(item_key)
    return clauses, ready, signed


def letter(project: Project, today: dt.date) -> letters.Letter:
    """The letter as it would be signed today."""
    if project.parcel_id is None:
        raise FastPathRefused("The project is not on a registered standard parcel.")
    parcel = db.session.get(StandardParcel, project.parcel_id)
    clauses = commitment_items(project, today)[0]
    if not clauses:
        raise FastPathRefused("The project has chosen no fast path with commitments.")
    data = {"code": project.code, "name": project.name, "company": project.company.name if project.company else "",
            "investment": project.investment, "land_area": project.land_area}
    return letters.build(data, parcel_dict(parcel), clauses, today)


def sign(project: Project, signer: str, actor, today: dt.date) -> CommitmentLetter:
    """The owner signs: one `commit` event per item ready to be signed, all today, then the letter as
    signed is stored with its digest and the agreement's obligations are opened."""
    if not signer.strip():
        raise FastPathRefused("Write the name of the person who signs.")
    content = letter(project, today)
    ready = commitment_items(project, today)[1]
    if not ready:
        raise FastPathRefused("No commitment item is ready to be signed: its stage must be accepted first.")
    template = project_template(project)
    for item_key in ready:
        node = template.item(item_key)[0].key
        append_event(project, {"do": "commit", "node": node, "item": item_key, "signer": signer.strip()}, actor, today)
    _complete_commitment_stages(project, [n.key for n in template.nodes if any(i.key in ready for i in n.items)], today)
    row = CommitmentLetter(project_id=project.id, signed_on=today, signer=signer.strip(),
                           signed_by=getattr(actor, "id", None), items=ready, content=content.as_dict(),
                           digest=content.digest())
    db.session.add(row)
    db.session.flush()
    audit.record("commitment_letter:sign", actor, "commitment_letter", row.id, project=project.id, items=ready,
                 digest=row.digest, signer=row.signer)
    open_terms(project, content, actor, today)
    return row


def _complete_commitment_stages(project: Project, nodes: list[str], today: dt.date) -> None:
    """A stage made only of commitment (or waived) items has its result with the signature (签署即办结): its
    `complete` follows the same day, recorded by the system, so its 0-day clock does not turn red."""
    for node in nodes:
        items = project_state(project, today).nodes[node].items.values()
        if all(i.mode in ("commitment", "waived") and i.decided for i in items):
            append_event(project, {"do": "complete", "node": node}, None, today)


def signed_letters(project_id: int) -> list[CommitmentLetter]:
    return list(db.session.scalars(select(CommitmentLetter).where(CommitmentLetter.project_id == project_id)
                                   .order_by(CommitmentLetter.id)))


# ------------------------------------------------------------------ comparison


def comparison(project: Project, today: dt.date) -> list[Variant]:
    """The normal path and each path the project is on or qualifies for today."""
    template = project_template(project)
    paths = [e.path.key for e in eligibility(project, today) if e.eligible or e.opted_in]
    base = engine_project(project)
    base = engine.Project(base.name, base.attributes, (), base.target_date)
    return compare(template, base, normalise_events(project_events(project)), app_calendar(), today, paths)


def milestones(project: Project, today: dt.date, state: engine.Replay | None = None) -> list[tuple[str, dt.date | None]]:
    """Every live milestone's forecast date (桩基先行开工 beside 开工), in template order; `state`: the replay
    the caller already has (the project page's)."""
    state = state or project_state(project, today)
    finishes = forecast(state, today).earliest_finish
    return [(key, finishes.get(key)) for key, node in state.nodes.items()
            if node.kind == "milestone" and node.mode != "waived"]
