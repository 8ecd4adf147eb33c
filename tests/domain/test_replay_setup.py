"""The starting state of a replay: worked out once per template and fast paths, fresh objects every time."""
import pytest

from coordinator.domain.calendar import official_calendar
from coordinator.domain.errors import RuleBroken
from coordinator.domain.replay_setup import starting_nodes
from coordinator.domain.templates import parse_template
from coordinator.domain.timeline import Project, Replay
from tests.domain.kit import D, item, milestone, stage, template
from tests.domain.test_rules_fast_paths import FAST, TPL

FAST_PROJECT = Project(attributes={"standard_land": True}, fast_paths=("fp",))


def test_each_replay_gets_its_own_objects():
    tpl = parse_template(template(stage("s", items=[item("i", opinions=[("fire-protection", 3)])]),
                                  milestone(needs=["s"])))
    first, second = starting_nodes(tpl, Project()), starting_nodes(tpl, Project())
    a, b = first["s"].items["i"], second["s"].items["i"]
    assert a is not b and a.clock is not b.clock and a.opinions is not b.opinions
    a.clock.start, a.status = D("2025-03-03"), "running"
    a.opinions["fire-protection"].history.append(a.opinions["fire-protection"])
    first["s"].missing.append("x")
    assert (b.clock.start, b.status, b.opinions["fire-protection"].history, second["s"].missing) == (
        None, "pending", [], [])
    assert b.clock.parent is second["s"].clock and b.opinions["fire-protection"].clock.parent is b.clock


def test_fast_paths_change_the_state_only_for_projects_that_take_them():
    tpl = parse_template(TPL)
    fast, plain, again = (starting_nodes(tpl, p) for p in (FAST_PROJECT, Project(), FAST_PROJECT))
    assert (fast["report"].mode, fast["report"].reason, fast["s"].needs) == ("waived", "区域环评", ())
    assert (fast["s"].items["c"].mode, fast["s"].items["c"].clock.limit) == ("commitment", 0)
    assert fast["s"].items["c"].commitment_change.verify_within_days == 180
    assert (fast["m2"].mode, fast["m2"].reason) == ("waived", "all prerequisites waived")
    assert (plain["report"].mode, plain["s"].needs, plain["s"].items["i"].clock.limit) == ("normal", ("report",), 5)
    assert again["s"].items["i"].clock.limit == FAST["items"]["i"]["promised_days"]


def test_qualification_is_checked_on_every_replay():
    tpl = parse_template(TPL)
    Replay(tpl, FAST_PROJECT, official_calendar())
    with pytest.raises(RuleBroken, match="does not qualify"):
        Replay(tpl, Project(attributes={"standard_land": False}, fast_paths=("fp",)), official_calendar())
    with pytest.raises(RuleBroken, match="unknown fast path"):
        Replay(tpl, Project(fast_paths=("nope",)), official_calendar())
