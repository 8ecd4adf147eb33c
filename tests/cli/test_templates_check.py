"""`flask templates-check [FILES]`: ok lines for good files, every problem of a bad one, exit 2 on any."""
from pathlib import Path

import pytest

BROKEN = Path(__file__).resolve().parents[1] / "domain" / "broken_templates"


@pytest.fixture
def check(app, db_session):
    runner = app.test_cli_runner()
    return lambda *files: runner.invoke(args=["templates-check", *map(str, files)])


def test_the_shipped_templates_are_ok(check, app):
    result = check()
    assert result.exit_code == 0, result.output
    files = sorted(Path(app.config["STAGE_TEMPLATES"]).glob("*.yaml"))
    assert len(files) >= 5
    assert result.stdout.splitlines() == [f"{f}: ok" for f in files]


def test_a_broken_file_exits_2_with_its_problems(check):
    path = BROKEN / "unknown-department.yaml"
    result = check(path)
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}: 2 problem(s)",
        "  nodes[a].lead: unknown department 'mars-office'",
        "  nodes[a].items[filing].dept: unknown department 'moon-office'",
    ]


def test_good_and_bad_together(check, app):
    good = min(Path(app.config["STAGE_TEMPLATES"]).glob("*.yaml"))
    bad = BROKEN / "cycle.yaml"
    result = check(good, bad)
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [f"{good}: ok", f"{bad}: 1 problem(s)", "  nodes: cycle: a -> r -> m -> a"]
