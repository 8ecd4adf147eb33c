"""Scenarios (模拟推演): read the input of formats/scenario.md and compute its timeline."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import yaml

from coordinator.domain.calendar import WorkCalendar
from coordinator.domain.errors import ScenarioInvalid
from coordinator.domain.events import normalise_events, parse_date
from coordinator.domain.output import timeline_json
from coordinator.domain.templates import StageTemplate, TemplateInvalid, load_template_file, parse_template
from coordinator.domain.timeline import Project, replay

TOP_KEYS = {"template", "project", "calendar", "as_of", "events"}
CALENDAR_KEYS = {"holidays", "workdays"}


def load_scenario_text(text: str) -> dict:
    """Parse YAML or JSON scenario text (JSON is YAML) with the safe loader."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ScenarioInvalid(f"not valid YAML or JSON: {exc}") from exc
    if not isinstance(data, Mapping):
        raise ScenarioInvalid("a scenario must be a mapping with template, project and events")
    return dict(data)


def simulate(data: Mapping, templates: Mapping[str, StageTemplate], cal: WorkCalendar,
             base_dir: Path | None = None) -> dict:
    """The timeline JSON of a scenario; ScenarioInvalid or RuleBroken when it cannot be replayed."""
    unknown = sorted(set(data) - TOP_KEYS, key=str)
    if unknown:
        raise ScenarioInvalid(f"{unknown[0]}: unknown top-level key; expected {', '.join(sorted(TOP_KEYS))}")
    template = resolve_template(data.get("template"), templates, base_dir)
    project = read_project(data.get("project"))
    cal = _calendar(data.get("calendar"), cal)
    events = normalise_events(data.get("events"))
    as_of = _as_of(data.get("as_of"), events)
    state = replay(template, project, events, cal, as_of)
    return timeline_json(state, as_of, project.target_date)


def resolve_template(ref, templates: Mapping[str, StageTemplate], base_dir: Path | None) -> StageTemplate:
    """A loaded template's key, a path to a template file, or the template itself inline."""
    try:
        if isinstance(ref, Mapping):
            return parse_template(ref)
        if isinstance(ref, str) and ref in templates:
            return templates[ref]
        if isinstance(ref, str) and ref.endswith((".yaml", ".yml")):
            path = Path(ref) if base_dir is None or Path(ref).is_absolute() else base_dir / ref
            if path.is_file():
                return load_template_file(path)
    except TemplateInvalid as exc:
        raise ScenarioInvalid(f"template: {exc}") from exc
    known = ", ".join(sorted(templates)) or "none loaded"
    raise ScenarioInvalid(f"template: unknown template {ref!r} (known: {known})")


def read_project(raw) -> Project:
    """The project block: its name, attributes for fast paths, opted-in fast paths, target date."""
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise ScenarioInvalid("project: must be a mapping")
    fast_paths = raw.get("fast_paths") or []
    if not isinstance(fast_paths, list) or not all(isinstance(k, str) for k in fast_paths):
        raise ScenarioInvalid("project.fast_paths: must be a list of fast-path keys")
    target = raw.get("target_date")
    target = parse_date(target, "project.target_date") if target is not None else None
    attributes = {k: v for k, v in raw.items() if k not in ("fast_paths", "target_date")}
    attributes.setdefault("standard_land", False)
    return Project(str(raw.get("name", "")), attributes, tuple(fast_paths), target)


def _calendar(raw, cal: WorkCalendar) -> WorkCalendar:
    if raw is None:
        return cal
    if not isinstance(raw, Mapping):
        raise ScenarioInvalid("calendar: must be a mapping with holidays and workdays")
    unknown = sorted(set(raw) - CALENDAR_KEYS, key=str)
    if unknown:
        raise ScenarioInvalid(f"calendar.{unknown[0]}: unknown key")
    days = {}
    for key in CALENDAR_KEYS:
        values = raw.get(key) or []
        if not isinstance(values, list):
            raise ScenarioInvalid(f"calendar.{key}: must be a list of dates")
        days[key] = [parse_date(v, f"calendar.{key}") for v in values]
    if not days["holidays"] and not days["workdays"]:
        return cal
    return cal.with_overrides(days["holidays"], days["workdays"])


def _as_of(raw, events: list[dict]) -> dt.date:
    if raw is not None:
        return parse_date(raw, "as_of")
    if not events:
        raise ScenarioInvalid("as_of: needed when there are no events")
    return events[-1]["date"]
