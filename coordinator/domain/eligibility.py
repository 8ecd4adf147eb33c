"""Which fast paths a project qualifies for, and why: every condition held or not held on a given day.

A fast path's `when` names project attributes (stage-template.md). `standard_land` is not taken on the
owner's word: it holds when the project is on a registered standard parcel whose area-wide assessments
(区域评估) replace every single-project assessment the path waives, each valid on the day. Other `when`
attributes are read from the project. A path with commitments also needs a company whose commitment
eligibility is not suspended by a credit record, and the project's recorded events must still replay under
the path (a single-project report already delivered cannot be waived any more). A project of an industry on
the zone's negative list (负面清单) gets neither the zone's assessments nor the commitment regime (§3.1, §3.5).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from coordinator.domain.templates import FastPathSpec, StageTemplate

# kind code -> (Chinese name, English name, the intermediary service it replaces or None)
ASSESSMENT_KINDS: dict[str, tuple[str, str, str | None]] = {
    "area-eia": ("区域规划环境影响评价", "Area-wide environmental impact assessment", "environmental-assessment"),
    "area-energy": ("区域能评", "Area-wide energy assessment", "energy-assessment"),
    "soil-water": ("区域水土保持方案", "Area-wide soil and water conservation plan", "soil-water"),
    "geo-hazard": ("区域地质灾害危险性评估", "Area-wide geological hazard assessment", "geo-hazard"),
    "flood": ("区域防洪影响评价", "Area-wide flood impact assessment", None),
    "water-resources": ("区域水资源论证", "Area-wide water resources assessment", None),
    "mineral": ("区域压覆重要矿产资源评估", "Area-wide mineral overlay assessment", None),
    "seismic": ("区域地震安全性评价", "Area-wide seismic safety assessment", None),
    "relics": ("区域文物考古调查", "Area-wide cultural relics survey", None),
    "climate": ("区域气候可行性论证", "Area-wide climate feasibility study", None),
}
SERVICE_KIND = {service: kind for kind, (_, _, service) in ASSESSMENT_KINDS.items() if service}


@dataclass(frozen=True)
class Assessment:
    """An area-wide assessment as eligibility sees it."""

    kind: str
    name: str
    approved_on: dt.date
    valid_until: dt.date | None = None

    def valid_on(self, day: dt.date) -> bool:
        """Valid from its approval day through `valid_until` inclusive (open-ended when None)."""
        return self.approved_on <= day and (self.valid_until is None or day <= self.valid_until)


@dataclass(frozen=True)
class Condition:
    """One reason a path is (not) open: `code` says which rule, `params` fill its explanation."""

    code: str
    held: bool
    params: Mapping = None

    def as_dict(self) -> dict:
        return {"code": self.code, "held": self.held, "params": dict(self.params or {})}


@dataclass(frozen=True)
class Eligibility:
    path: FastPathSpec
    conditions: tuple[Condition, ...]
    opted_in: bool = False

    @property
    def eligible(self) -> bool:
        return all(c.held for c in self.conditions)

    def attributes(self) -> dict:
        """The `when` attributes the engine must see for this path (what held)."""
        return dict(self.path.when) if self.eligible else {}


INDUSTRY_CODE = re.compile(r"^([A-T]?)(\d{2,4})$")  # GB/T 4754-2017: section letter, 2–4 digits
_LEADING_CODE = re.compile(r"^\s*[A-T]?(\d{2,4})\b")
_PROJECT_CODE = re.compile(r"^\d{4}-\d{6}-(\d{2})-\d{2}-\d{6}$")  # 年份-区划-行业-类型-流水号


@dataclass(frozen=True)
class Excluded:
    """One entry of a zone's negative list: an industry code (a class covers its subclasses) and/or a name."""

    code: str = ""
    name: str = ""

    def label(self) -> str:
        return " ".join(part for part in (self.code, self.name) if part)


def industry_digits(project_code: str, industry: str) -> tuple[str, ...]:
    """The project's industry codes as digits: the 2-digit class of its 项目代码 and any code the industry
    field starts with (e.g. "C2929 塑料零件制造" -> 2929)."""
    out = []
    for pattern, text in ((_PROJECT_CODE, project_code or ""), (_LEADING_CODE, industry or "")):
        match = pattern.match(text)
        if match:
            out.append(match.group(1))
    return tuple(out)


def excluded_by(negative_list, project_code: str, industry: str) -> tuple[Excluded, ...]:
    """The entries that catch the project: its code falls in the entry's class, or the entry's name is part
    of the project's industry."""
    digits = industry_digits(project_code, industry)
    text = (industry or "").strip()
    out = []
    for entry in negative_list:
        match = INDUSTRY_CODE.match(entry.code) if entry.code else None
        by_code = match is not None and any(d.startswith(match.group(2)) for d in digits)
        if by_code or (entry.name and entry.name in text):
            out.append(entry)
    return tuple(out)


@dataclass(frozen=True)
class Facts:
    """What is known about the project on the day of the check."""

    attributes: Mapping
    parcel: str | None = None  # the standard parcel's code, None when not on one
    assessments: tuple[Assessment, ...] = ()
    credit_suspended_until: dt.date | None = None
    replay_problems: Mapping[str, str] = None  # path key -> the rule the events break under it
    opted_in: tuple[str, ...] = ()
    zone: str = ""  # the parcel's zone, whose negative list applies
    excluded: tuple[Excluded, ...] = ()  # the negative-list entries that catch the project


def covering(service: str | None, assessments: tuple[Assessment, ...], day: dt.date) -> Assessment | None:
    """The assessment valid on `day` that replaces the single-project service, or None."""
    kind = SERVICE_KIND.get(service or "")
    valid = [a for a in assessments if a.kind == kind and a.valid_on(day)]
    return max(valid, key=lambda a: a.approved_on, default=None)


def waiver_conditions(template: StageTemplate, path: FastPathSpec, facts: Facts, day: dt.date) -> list[Condition]:
    """One condition per waived intermediary service: an area-wide assessment must cover it on `day`."""
    out = []
    for key, change in path.nodes.items():
        node = template.node(key)
        if change.mode != "waived" or node.kind != "agency":
            continue
        found = covering(node.service, facts.assessments, day)
        params = {"node": key, "kind": SERVICE_KIND.get(node.service or "", ""), "reason": change.reason}
        if found is not None:
            params.update(assessment=found.name, approved_on=found.approved_on, valid_until=found.valid_until)
        else:
            params["expired"] = _latest_expiry(node.service, facts.assessments, day)
        out.append(Condition("assessment", found is not None, params))
    return out


def _latest_expiry(service: str | None, assessments: tuple[Assessment, ...], day: dt.date) -> dt.date | None:
    """When the newest assessment of the right kind ran out (None when there is none or it starts later)."""
    kind = SERVICE_KIND.get(service or "")
    ended = [a.valid_until for a in assessments if a.kind == kind and a.valid_until and a.valid_until < day]
    return max(ended, default=None)


def check_path(template: StageTemplate, path: FastPathSpec, facts: Facts, day: dt.date) -> Eligibility:
    """Every condition of one path on `day`."""
    waivers = waiver_conditions(template, path, facts, day)
    on_standard_land = facts.parcel is not None and all(c.held for c in waivers)
    conditions = []
    if waivers or "standard_land" in path.when:
        conditions.append(Condition("parcel", facts.parcel is not None, {"parcel": facts.parcel or ""}))
    conditions += waivers
    has_commitments = any(change.mode == "commitment" for change in path.items.values())
    if waivers or "standard_land" in path.when or has_commitments:
        conditions.append(Condition("negative_list", not facts.excluded,
                                    {"zone": facts.zone, "entries": [e.label() for e in facts.excluded]}))
    for key, wanted in path.when.items():
        value = on_standard_land if key == "standard_land" else facts.attributes.get(key)
        conditions.append(Condition("when", value == wanted, {"attribute": key, "wanted": wanted, "value": value}))
    if has_commitments:
        until = facts.credit_suspended_until
        suspended = until is not None and day <= until
        conditions.append(Condition("credit", not suspended, {"until": until if suspended else None}))
    problem = (facts.replay_problems or {}).get(path.key)
    conditions.append(Condition("events", problem is None, {"problem": problem or ""}))
    return Eligibility(path, tuple(conditions), path.key in facts.opted_in)


def check_all(template: StageTemplate, facts: Facts, day: dt.date) -> list[Eligibility]:
    """Every fast path of the template, in template order."""
    return [check_path(template, path, facts, day) for path in template.fast_paths.values()]
