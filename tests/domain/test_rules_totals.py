"""R9 project totals: every working day in (first acceptance, last result] goes to exactly one party."""
import pytest

from tests.domain.kit import (
    accepted,
    agency,
    ev,
    it,
    item_key,
    milestone,
    node,
    run,
    stage,
    template,
)

# domain.md Scenario 3 (government-invested school, 2025): 春节, a special procedure, an agency
SCHOOL = template(
    stage("proposal", days=5),
    stage("land-pre", needs=["proposal"], days=5),
    stage("feasibility", needs=["land-pre"], days=10),
    stage("land-planning", needs=["feasibility"], days=5),
    stage("design", needs=["land-planning"], days=10),
    stage("scheme", needs=["land-planning"], days=5),
    agency("drawing", needs=["design", "scheme"], days=10),
    stage("permit", needs=["drawing"], days=3),
    milestone("start", needs=["permit"]),
)


def done(day, key):
    return [ev(day, "decide", key, item=item_key(key), result="approved"), ev(day, "complete", key)]


SCHOOL_EVENTS = [
    *accepted("2025-01-20", "proposal"), *done("2025-01-24", "proposal"),
    *accepted("2025-01-26", "land-pre"), *done("2025-02-07", "land-pre"),
    *accepted("2025-02-10", "feasibility"),
    ev("2025-02-11", "pause", "feasibility", reason="expert_review", note="委托评估+专家评审"),
    ev("2025-02-17", "resume", "feasibility"),
    *done("2025-02-24", "feasibility"),
    *accepted("2025-02-24", "land-planning"), *done("2025-02-28", "land-planning"),
    *accepted("2025-03-03", "design"), *accepted("2025-03-03", "scheme"),
    *done("2025-03-10", "scheme"), *done("2025-03-14", "design"),
    ev("2025-03-17", "start", "drawing"), ev("2025-03-28", "deliver", "drawing"),
    *accepted("2025-03-31", "permit"), *done("2025-04-02", "permit"),
]


def test_scenario_3_school():
    out = run(SCHOOL_EVENTS, SCHOOL, project={"name": "示例县第二实验小学", "target_date": "2025-04-21"},
              as_of="2025-04-30")
    assert node(out, "land-pre")["deadline"] == "2025-02-08"                      # S3-A3
    f = node(out, "feasibility")
    assert (f["deadline"], f["used"], f["paused"], f["light"]) == ("2025-02-28", 6, 4, "on_time")  # S3-A4
    assert (node(out, "drawing")["used"], node(out, "permit")["used"]) == (9, 2)
    assert out["nodes"]["start"] == {**out["nodes"]["start"], "status": "reached", "finished": "2025-04-02"}
    # S3-A1/A2: 48 gross; government net 29 (gross 33 less the 4 paused days, which no other clock covers),
    # agency 9, owner 6 gaps + 4 paused = 10. The project is closed, so as_of 04-30 adds nothing.
    assert out["totals"] == {"elapsed": 48, "government": 29, "agency": 9, "owner": 10}
    assert out["forecast"]["finish"] == "2025-04-02"
    assert out["plan"]["feasible"] is True and out["plan"]["short_by"] == 0


def test_open_project_counts_up_to_today():
    out = run(SCHOOL_EVENTS[:10], SCHOOL, as_of="2025-02-12")
    # (01-20, 02-12]: proposal 4 + land-pre 4 + feasibility 2 (02-11, 02-12) = 10 government; owner 01-26, 02-08, 02-10
    assert out["totals"] == {"elapsed": 13, "government": 10, "agency": 0, "owner": 3}
    paused = run(SCHOOL_EVENTS[:11], SCHOOL, as_of="2025-02-12")
    # paused from 02-11: 02-12 goes to the owner
    assert paused["totals"] == {"elapsed": 13, "government": 9, "agency": 0, "owner": 4}


def test_agency_days_during_a_pause_and_government_wins_overlaps():
    tpl = template(stage("a", days=10), agency("x", days=10), milestone(needs=["a", "x"]))
    events = [*accepted("2026-09-21", "a"), ev("2026-09-22", "start", "x"),
              ev("2026-09-24", "pause", "a", reason="testing"), ev("2026-10-09", "resume", "a")]
    out = run(events, tpl, as_of="2026-10-12")
    # (09-21, 10-12]: 09-22, 09-23, 09-24 government (a runs); 09-28 … 10-09 paused a, agency x runs (5 days);
    # Sat 10-10 and 10-12 a runs again → government
    assert out["totals"] == {"elapsed": 10, "government": 5, "agency": 5, "owner": 0}


@pytest.mark.parametrize("as_of, expected", [
    # an open project across 2026 → 2027: 12-29 … 2027-01-05 (Fri 01-01 counted, provisional)
    ("2027-01-05", {"elapsed": 5, "government": 5, "agency": 0, "owner": 0}),
])
def test_across_the_year_boundary(as_of, expected):
    out = run(accepted("2026-12-29"), template(stage(days=10), milestone(needs=["s"])), as_of=as_of)
    assert out["totals"] == expected
    assert out["provisional"] is True


def test_a_blocked_project_is_closed_at_its_latest_finish():
    tpl = template(stage("a", days=5), stage("b", days=5), milestone(needs=["a", "b"]))
    events = [*accepted("2026-03-02", "a"), *accepted("2026-03-02", "b"),
              ev("2026-03-04", "reject", "b", reason="不予许可"), *done("2026-03-06", "a")]
    out = run(events, tpl, as_of="2026-03-31")
    assert out["totals"] == {"elapsed": 4, "government": 4, "agency": 0, "owner": 0}
    assert out["forecast"]["blocked_by"] == ["b"]


def test_no_acceptance_no_totals():
    out = run([ev("2026-03-02", "submit")], as_of="2026-03-04")
    assert out["totals"] == {"elapsed": 0, "government": 0, "agency": 0, "owner": 0}


def test_items_and_opinions_keep_the_days_governmental_while_the_stage_is_closed_early():
    # item j runs after the stage … cannot happen (complete needs all items); an item pause alone leaves
    # the stage clock running, so the day stays a government day
    tpl = template(stage(days=10), milestone(needs=["s"]))
    events = accepted("2026-03-02") + [ev("2026-03-03", "pause", item="i", reason="supplement")]
    out = run(events, tpl, as_of="2026-03-06")
    assert it(out)["light"] == "paused"
    assert out["totals"] == {"elapsed": 4, "government": 4, "agency": 0, "owner": 0}
