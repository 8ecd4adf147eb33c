"""Stage templates in the app: the files of stage_templates/, checked against the registers, and the
versions projects are bound to (stored in template_versions, so editing a file never rewrites a project)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml
from flask import current_app
from sqlalchemy import bindparam, select
from sqlalchemy.orm import defer

from coordinator.domain.templates import StageTemplate, TemplateInvalid, load_template_file, parse_template
from coordinator.extensions import db
from coordinator.models import TemplateVersion
from coordinator.services.registers import load_departments, load_services

_parsed: dict[tuple[int, str], StageTemplate] = {}


class TemplateConflict(RuntimeError):
    """A template file changed its content without a new version number."""


def registers() -> tuple[set[str], set[str]]:
    """The department and service codes templates may use."""
    folder = current_app.config["REGISTERS"]
    return set(load_departments(folder)), set(load_services(folder))


def template_files(folder: str | None = None) -> list[Path]:
    """The template files of the configured folder."""
    return sorted(Path(folder or current_app.config["STAGE_TEMPLATES"]).glob("*.yaml"))


def check_files(paths: list[Path]) -> dict[Path, list[str]]:
    """Every problem of every file (an empty list for a good file)."""
    departments, services = registers()
    result = {}
    for path in paths:
        try:
            load_template_file(path, departments, services)
            result[path] = []
        except TemplateInvalid as exc:
            result[path] = [str(p) for p in exc.problems]
    return result


def loaded_templates() -> dict[str, StageTemplate]:
    """key -> template, read from the files (the templates a scenario may name by key)."""
    departments, services = registers()
    out = {}
    for path in template_files():
        template = load_template_file(path, departments, services)
        if template.key not in out or template.version > out[template.key].version:
            out[template.key] = template
    return out


def sync_templates() -> int:
    """Store each file's (key, version) once; refuse a file whose content changed under the same version."""
    departments, services = registers()
    added = 0
    for path in template_files():
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        template = parse_template(raw, departments, services, source=str(path))
        checksum = hashlib.sha256(json.dumps(raw, sort_keys=True, default=str).encode()).hexdigest()
        row = db.session.query(TemplateVersion).filter_by(key=template.key, version=template.version).first()
        if row is None:
            db.session.add(TemplateVersion(key=template.key, version=template.version, name=template.name,
                                           content=json.loads(json.dumps(raw, default=str)), checksum=checksum))
            added += 1
        elif row.checksum != checksum:
            raise TemplateConflict(f"{path}: content changed but version is still {template.version}; "
                                   "give the template a new version")
    db.session.flush()
    return added


def latest_versions() -> list[TemplateVersion]:
    """The newest stored version of every template, for choosing a project kind."""
    rows = db.session.query(TemplateVersion).order_by(TemplateVersion.key, TemplateVersion.version.desc())
    seen, out = set(), []
    for row in rows:
        if row.key not in seen:
            seen.add(row.key)
            out.append(row)
    return out


def template_of(row: TemplateVersion) -> StageTemplate:
    """The parsed template of a stored version (parsed once per process)."""
    cache_key = (row.id, row.checksum)
    template = _parsed.get(cache_key)
    if template is None:
        template = parse_template(row.content, source=f"{row.key} v{row.version}")
        _parsed[cache_key] = template
    return template
def all_templates() -> dict[int, StageTemplate]:
    """Every stored template version by its row id, parsed once per process (one query; the content is read
    only for a version this process has not parsed yet)."""
    return {row.id: template_of(row) for row in db.session.scalars(_VERSIONS)}


def templates_by_id(ids: set[int]) -> dict[int, StageTemplate]:
    """The few template versions a page shows, by row id (one query; content as in all_templates)."""
    if not ids:
        return {}
    return {row.id: template_of(row) for row in db.session.scalars(_VERSIONS_BY_ID, {"ids": sorted(ids)})}


# built once per process; the content is deferred: template_of reads it only for a version not parsed yet
_VERSIONS = select(TemplateVersion).options(defer(TemplateVersion.content))
_VERSIONS_BY_ID = _VERSIONS.where(TemplateVersion.id.in_(bindparam("ids", expanding=True)))
