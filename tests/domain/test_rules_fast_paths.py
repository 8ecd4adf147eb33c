"""Fast paths (标准地+承诺制): commitments, waived nodes and items, changed promised limits, eligibility."""
import pytest

from coordinator.domain.errors import RuleBroken
from tests.domain.kit import (
    accepted,
    agency,
    ev,
    it,
    item,
    milestone,
    node,
    run,
    stage,
    template,
)

FAST = {"key": "fp", "name": "标准地+承诺制", "when": {"standard_land": True},
        "items": {"c": {"mode": "commitment", "verify_by": "ecology", "verify_within_days": 180},
                  "w": {"mode": "waived", "reason": "区域评估已覆盖"},
                  "i": {"promised_days": 1}},
        "nodes": {"report": {"mode": "waived", "reason": "区域环评"}, "energy": {"mode": "waived", "reason": "区域能评"}}}
TPL = template(
    agency("report", days=15),
    stage("s", needs=["report"], days=5, items=[item("i", days=5), item("c", days=10), item("w", days=5)]),
    stage("energy", days=5, items=[item("e", days=5)]),
    milestone("m", needs=["s"]),
    milestone("m2", needs=["energy"]),
    fast_paths=[FAST],
)
OWNER = {"name": "p", "standard_land": True, "fast_paths": ["fp"]}


def test_waived_nodes_items_and_milestones():
    out = run([], TPL, as_of="2025-04-24", project=OWNER)
    assert (node(out, "report")["status"], node(out, "report")["mode"]) == ("waived", "waived")
    assert node(out, "energy")["status"] == "waived"
    assert out["nodes"]["m2"]["status"] == "waived"          # all its needs are waived
    assert (node(out, "report")["reason"], out["nodes"]["m2"]["reason"]) == ("区域环评", "all prerequisites waived")
    assert "reason" not in out["nodes"]["m"]                 # only a waived milestone or service says why
    assert node(out)["status"] == "ready"                     # its only prerequisite is waived
    assert (it(out, "w")["status"], it(out, "w")["mode"]) == ("waived", "waived")
    assert (it(out, "c")["mode"], it(out, "c")["limit"], it(out, "i")["limit"]) == ("commitment", 0, 1)
    # R10: waived nodes are ignored; s (5 days from Thu 04-24: 04-25, Sun 04-27, 04-28, 04-29, 04-30)
    assert out["forecast"] == {"finish": "2025-04-30", "critical_path": ["s", "m"], "blocked_by": []}


def test_commitment_is_issued_the_day_it_is_signed():
    # 2025-04-25 + 180 wd = 2026-01-14 (the shipped scenario's hand count: Sun 2026-01-04 is a make-up day)
    events = accepted("2025-04-25") + [ev("2025-04-25", "commit", item="c", signer="法定代表人"),
                                      ev("2025-04-27", "decide", item="i", result="approved"),
                                      ev("2025-04-27", "complete")]
    out = run(events, TPL, as_of="2025-05-06", project=OWNER)
    c = it(out, "c")
    assert (c["status"], c["started"], c["finished"], c["used"], c["light"]) == \
        ("approved", "2025-04-25", "2025-04-25", 0, "on_time")
    assert (it(out, "i")["deadline"], it(out, "i")["light"]) == ("2025-04-27", "on_time")
    assert out["commitments"] == [{**out["commitments"][0], "node": "s", "item": "c", "verify_by": "ecology",
                                   "signed": "2025-04-25", "due": "2026-01-14", "status": "open"}]
    assert out["nodes"]["m"]["status"] == "reached"
    assert out["provisional"] is False


@pytest.mark.parametrize("outcome", ["kept", "breached"])
def test_verification(outcome):
    events = accepted("2025-04-25") + [ev("2025-04-25", "commit", item="c"),
                                      ev("2025-10-09", "verify", item="c", outcome=outcome)]
    out = run(events, TPL, project=OWNER)
    assert (out["commitments"][0]["status"], out["commitments"][0]["verified"]) == (outcome, "2025-10-09")
    with pytest.raises(RuleBroken, match="already verified"):
        run(events + [ev("2025-10-10", "verify", item="c", outcome="kept")], TPL, project=OWNER)


@pytest.mark.parametrize("extra, message", [
    ([ev("2025-04-25", "decide", item="c", result="approved")], "event 3 .*commitment mode: use `commit`"),
    ([ev("2025-04-25", "commit", item="i")], "event 3 .*normal mode: use `decide`"),
    ([ev("2025-04-25", "decide", item="w", result="approved")], "event 3 .*'w' is waived"),
    ([ev("2025-04-25", "start", "report")], "event 3 .*'report' is waived"),
    ([ev("2025-04-25", "verify", item="c", outcome="kept")], "event 3 .*no signed commitment"),
])
def test_fast_path_refusals(extra, message):
    with pytest.raises(RuleBroken, match=message) as exc:
        run(accepted("2025-04-25") + extra, TPL, project=OWNER)
    assert exc.value.rule == "fast paths"


def test_opting_into_a_fast_path_the_project_does_not_qualify_for_is_refused():
    with pytest.raises(RuleBroken, match=r"does not qualify for fast path 'fp' \(needs standard_land=True\)"):
        run([], TPL, as_of="2025-04-24", project={**OWNER, "standard_land": False})
    with pytest.raises(RuleBroken, match="unknown fast path 'nope'"):
        run([], TPL, as_of="2025-04-24", project={**OWNER, "fast_paths": ["nope"]})


def test_without_the_fast_path_everything_is_normal():
    out = run([], TPL, as_of="2025-04-24", project={"name": "p"})
    assert (node(out, "report")["status"], node(out)["status"], it(out, "c")["mode"], it(out, "i")["limit"]) == \
        ("ready", "waiting", "normal", 5)
    assert out["forecast"]["critical_path"] == ["report", "s", "m"]
