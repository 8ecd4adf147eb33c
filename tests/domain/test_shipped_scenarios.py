"""Each shipped scenario (examples/scenarios) replays to its expected JSON, and the `--as-of` views its
header comment promises hold."""
import json
from functools import cache
from pathlib import Path

import pytest
import yaml

from coordinator.domain.calendar import official_calendar
from coordinator.domain.scenario import load_scenario_text, simulate
from coordinator.domain.templates import load_template_file
from tests.contract import assert_contract

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "examples" / "scenarios").glob("*.yaml"))


@cache
def templates() -> dict:
    """The shipped templates by key, checked against the registers as the app loads them."""
    registers = ROOT / "registers"
    departments = set(yaml.safe_load((registers / "departments.yaml").read_text(encoding="utf-8"))["departments"])
    services = set(yaml.safe_load((registers / "services.yaml").read_text(encoding="utf-8"))["services"])
    loaded = [load_template_file(p, departments, services) for p in sorted((ROOT / "stage_templates").glob("*.yaml"))]
    return {t.key: t for t in loaded}


def replay(name: str, as_of: str | None = None) -> dict:
    path = ROOT / "examples" / "scenarios" / f"{name}.yaml"
    data = load_scenario_text(path.read_text(encoding="utf-8"))
    if as_of:
        data["as_of"] = as_of
    return simulate(data, templates(), official_calendar(), base_dir=path.parent)


def test_at_least_six_scenarios_each_with_its_expected_output():
    assert len(SCENARIOS) >= 6
    missing = [p.name for p in SCENARIOS if not p.with_suffix(".expected.json").is_file()]
    assert not missing, f"no expected output for {missing}: run `flask --app wsgi simulate FILE --json`"


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_shipped_scenario(path):
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert_contract(expected, replay(path.stem))


def _node(out, key):
    return out["nodes"][key]


# What the scenarios' header comments say a re-run with `--as-of` shows.
AS_OF_VIEWS = [
    ("deemed-acceptance", "2026-03-27", "works-construction", {"status": "submitted", "light": "none"}),
    ("deemed-acceptance", "2026-03-30", "works-construction",
     {"status": "accepted", "deemed_accepted": True, "started": "2026-03-20", "light": "red"}),
    ("joint-completion-national-day", "2025-10-09", "joint-acceptance", {"light": "green", "remaining": 3}),
    ("joint-completion-national-day", "2025-10-10", "joint-acceptance", {"light": "yellow", "remaining": 2}),
    ("joint-completion-national-day", "2025-10-11", "joint-acceptance", {"light": "yellow", "remaining": 1}),
    ("joint-completion-national-day", "2025-10-13", "joint-acceptance", {"light": "on_time", "used": 7}),
    ("spring-festival", "2026-02-20", "foundation-permit", {"light": "yellow", "remaining": 1}),
]


@pytest.mark.parametrize("name, as_of, node, fields", AS_OF_VIEWS)
def test_as_of_views(name, as_of, node, fields):
    out = _node(replay(name, as_of), node)
    assert {k: out[k] for k in fields} == fields


@pytest.mark.parametrize("as_of, light", [
    ("2026-09-28", "green"), ("2026-09-29", "yellow"), ("2026-09-30", "yellow"), ("2026-10-03", "yellow"),
    ("2026-10-07", "yellow"), ("2026-10-08", "red"),
])
def test_escalated_opinion_over_national_day(as_of, light):
    out = replay("opinion-escalate-national-day", as_of)
    opinion = out["nodes"]["scheme-review"]["items"]["scheme-approval"]["opinions"]["civil-air-defense"]
    assert (opinion["light"], opinion["decision"], opinion["deemed"]) == (light, None, False)
