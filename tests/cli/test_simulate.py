"""`flask simulate FILE [--as-of] [--json]`: the table, the JSON, and exit 2 naming the event and the rule."""
import json
from pathlib import Path

import pytest

from tests.contract import assert_contract

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "formats" / "examples"
CONTRACT = EXAMPLES / "contract-example.yaml"


@pytest.fixture
def cli(app, db_session):
    runner = app.test_cli_runner()

    def invoke(*args):
        return runner.invoke(args=["simulate", *map(str, args)])

    return invoke


def test_json_reproduces_the_contract_example(cli):
    result = cli(CONTRACT, "--json")
    assert result.exit_code == 0, result.output
    expected = json.loads((EXAMPLES / "contract-example.expected.json").read_text(encoding="utf-8"))
    assert_contract(expected, json.loads(result.stdout))


def test_table_output(cli):
    result = cli(CONTRACT)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "as of 2026-03-20"
    assert lines[1].split() == ["node", "status", "start", "deadline", "finish", "used", "left", "light"]
    row = next(line for line in lines if line.startswith("initiation "))
    assert row.split() == ["initiation", "done", "2026-03-03", "2026-03-04", "2026-03-04", "1/1", "on_time"]
    assert any(line.split()[:2] == ["@housing-construction", "open"] for line in lines)
    assert "elapsed 13 working days: government 1, agency 0, owner 12" in lines
    assert "forecast finish 2026-04-13 via initiation → eia-report → start-works" in lines
    assert "target 2026-03-31: NOT feasible (short by 8 working days)" in lines
    assert any(line.split() == ["eia-report", "latest", "start", "2026-03-10", "slack", "-8"] for line in lines)


@pytest.mark.parametrize("as_of, light, remaining", [("2026-03-03", "yellow", 1), ("2026-03-04", "on_time", None)])
def test_as_of(cli, tmp_path, as_of, light, remaining):
    result = cli(CONTRACT, "--json", "--as-of", as_of)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    initiation = out["nodes"]["initiation"]
    assert (out["as_of"], initiation["light"], initiation["remaining"]) == (as_of, light, remaining)


def test_provisional_is_shown_in_the_table(cli, tmp_path):
    scenario = tmp_path / "s.yaml"
    text = CONTRACT.read_text(encoding="utf-8").replace("2026-03-", "2027-03-").replace("holidays: [2027-03-02]",
                                                                                         "holidays: []")
    scenario.write_text(text, encoding="utf-8")
    result = cli(scenario)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].endswith("(provisional: 暂按周一至周五计算)")


def _broken(tmp_path, event: str) -> Path:
    text = CONTRACT.read_text(encoding="utf-8").rstrip("\n") + "\n" + event + "\n"
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_rule_break_exits_2_naming_the_event_and_the_rule(cli, tmp_path):
    path = _broken(tmp_path, "  - {date: 2026-03-05, do: complete, node: land-planning}")
    result = cli(path, "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == ("error: event 5 (2026-03-05 complete land-planning): "
                                     "stage 'land-planning' is ready, not accepted [R8]")


def test_an_event_out_of_order_exits_2(cli, tmp_path):
    result = cli(_broken(tmp_path, "  - {date: 2026-03-01, do: submit, node: land-planning}"))
    assert result.exit_code == 2
    assert "event 5 (2026-03-01 submit land-planning): dated before the previous event (2026-03-04) [event order]" \
        in result.stderr


def test_a_malformed_scenario_exits_2(cli, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("template: no-such-template\nevents: []\nas_of: 2026-03-02\n", encoding="utf-8")
    result = cli(path)
    assert result.exit_code == 2
    assert "template: unknown template 'no-such-template'" in result.stderr


def test_a_shipped_template_by_key(cli, tmp_path):
    path = tmp_path / "by-key.yaml"
    path.write_text("template: enterprise-filing\nproject: {name: p}\nas_of: 2026-03-20\nevents:\n"
                    "  - {date: 2026-03-02, do: submit, node: initiation}\n", encoding="utf-8")
    result = cli(path, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["nodes"]["initiation"]["status"] == "accepted"   # deemed after 5 days


def test_a_missing_file(cli):
    assert cli("/no/such/file.yaml").exit_code == 2
