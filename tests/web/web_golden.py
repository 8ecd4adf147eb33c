"""The golden examples of formats/scenario.md (copied into fixtures/) as (template, scenario, timeline)."""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from coordinator.domain.templates import StageTemplate, parse_template

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = sorted(path.name.removesuffix(".expected.json") for path in FIXTURES.glob("*.expected.json"))


def scenario(name: str) -> dict:
    """The scenario (YAML) of one example, with its inline template."""
    return yaml.safe_load((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))


def template(name: str) -> StageTemplate:
    """The example's inline template, parsed."""
    return parse_template(scenario(name)["template"])


def timeline(name: str) -> dict:
    """The timeline JSON the example must produce."""
    return json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
