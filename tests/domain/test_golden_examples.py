"""The golden examples of ../shared/formats/examples are reproduced exactly on the contract's fields."""
import json
from pathlib import Path

import pytest

from coordinator.domain.calendar import official_calendar
from coordinator.domain.scenario import load_scenario_text, simulate
from tests.contract import assert_contract

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "formats" / "examples"
CASES = sorted(EXAMPLES.glob("*.yaml"))


def test_the_shared_examples_are_there():
    assert len(CASES) >= 4, f"expected the golden examples in {EXAMPLES}"


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden_example(path):
    expected = json.loads((EXAMPLES / f"{path.stem}.expected.json").read_text(encoding="utf-8"))
    actual = simulate(load_scenario_text(path.read_text(encoding="utf-8")), {}, official_calendar())
    assert_contract(expected, actual)
