"""Template validation: each broken template reports exactly the problems its `# expect:` lines name."""
from pathlib import Path

import pytest
import yaml

from coordinator.domain.templates import (
    TemplateInvalid,
    load_template_file,
    parse_template,
)

ROOT = Path(__file__).resolve().parents[2]
BROKEN = sorted((Path(__file__).parent / "broken_templates").glob("*.yaml"))
DEPARTMENTS = set(yaml.safe_load((ROOT / "registers" / "departments.yaml").read_text(encoding="utf-8"))["departments"])
SERVICES = set(yaml.safe_load((ROOT / "registers" / "services.yaml").read_text(encoding="utf-8"))["services"])
PREFIX = "# expect: "


def expected(path: Path) -> list[str]:
    return [line[len(PREFIX):] for line in path.read_text(encoding="utf-8").splitlines() if line.startswith(PREFIX)]


def test_there_is_a_broken_template_for_every_kind_of_problem():
    names = {p.stem for p in BROKEN}
    for kind in ("unknown-key", "missing-key", "bad-type", "duplicate-key", "unknown-reference", "cycle",
                 "promised-over-legal", "negative-days", "unknown-material", "unknown-department",
                 "unknown-service", "fast-path-unknown", "milestone-without-needs"):
        assert kind in names


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_template(path):
    messages = expected(path)
    assert messages, f"{path.name} has no `# expect:` line"
    with pytest.raises(TemplateInvalid) as exc:
        load_template_file(path, DEPARTMENTS, SERVICES)
    assert sorted(str(p) for p in exc.value.problems) == sorted(messages)
    assert str(exc.value).startswith(str(path))


@pytest.mark.parametrize("path", sorted((ROOT / "stage_templates").glob("*.yaml")), ids=lambda p: p.stem)
def test_shipped_templates_are_valid(path):
    template = load_template_file(path, DEPARTMENTS, SERVICES)
    assert template.nodes


def test_codes_are_not_checked_without_registers():
    path = next(p for p in BROKEN if p.stem == "unknown-department")
    assert load_template_file(path).node("a").lead == "mars-office"


def test_not_a_mapping_and_not_yaml():
    with pytest.raises(TemplateInvalid, match="must be a mapping, got list"):
        parse_template([1, 2])


def test_bad_yaml(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("key: [unclosed\n", encoding="utf-8")
    with pytest.raises(TemplateInvalid, match="not valid YAML"):
        load_template_file(bad)
