"""R4 acceptance: receipt on a non-working day, the 5-day window, deemed acceptance, one-time notice, 容缺."""
import pytest

from coordinator.domain.errors import RuleBroken
from tests.domain.kit import ev, it, item, milestone, node, run, stage, template

MATERIALS = [{"key": "licence", "name": "营业执照", "deferrable": False},
             {"key": "deed", "name": "不动产权证", "deferrable": True}]
WITH_MATERIALS = template(stage(items=[item(materials=["licence", "deed"])]), milestone(needs=["s"]),
                          materials=MATERIALS)


@pytest.mark.parametrize("submitted, received, window_end", [
    ("2025-05-01", "2025-05-06", "2025-05-13"),   # 劳动节: received Tue 05-06
    ("2025-04-27", "2025-04-27", "2025-05-07"),   # make-up Sunday; 劳动节 05-01..05 skipped
    ("2026-02-21", "2026-02-24", "2026-03-02"),   # 春节 2026 (Sat 02-28 counts)
    ("2026-10-03", "2026-10-08", "2026-10-14"),   # 国庆 2026 (Sat 10-10 counts)
    ("2026-12-26", "2026-12-28", "2027-01-04"),   # into 2027, Fri 01-01 counted as a working day
])
def test_deemed_acceptance_starts_on_the_day_received(submitted, received, window_end):
    events = [ev(submitted, "submit")]
    still = run(events, as_of=window_end)
    assert node(still)["status"] == "submitted"
    assert node(still)["started"] is None
    after = run(events, as_of=_day_after(window_end))
    s = node(after)
    assert (s["status"], s["started"], s["deemed_accepted"], s["submitted"]) == \
        ("accepted", received, True, submitted)
    assert it(after)["started"] == received


def _day_after(day: str) -> str:
    import datetime as dt

    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


def test_an_acceptance_on_the_last_day_of_the_window_is_not_deemed():
    out = run([ev("2026-02-21", "submit"), ev("2026-03-02", "accept")], as_of="2026-03-10")
    s = node(out)
    assert (s["started"], s["deemed_accepted"], s["deadline"]) == ("2026-03-02", False, "2026-03-09")


def test_accepting_after_the_window_is_refused():
    with pytest.raises(RuleBroken, match=r"event 2 .*already accepted by law.*\[R4\]"):
        run([ev("2026-02-21", "submit"), ev("2026-03-03", "accept")])


def test_deemed_days_are_government_days():
    out = run([ev("2026-09-18", "submit")], as_of="2026-10-12")
    # received Fri 09-18; window Sun 09-20 (make-up), 21, 22, 23, 24 → deemed on 09-25, started 09-18;
    # (09-18, 10-12]: 09-20..24, 09-28..30, 10-08, 10-09, Sat 10-10, 10-12 = 12 government days
    assert node(out)["started"] == "2026-09-18"
    assert out["totals"] == {"elapsed": 12, "government": 12, "agency": 0, "owner": 0}


def test_one_time_notice_closes_the_window_and_needs_a_new_submission():
    events = [ev("2026-03-02", "submit"), ev("2026-03-03", "notify_missing", materials=["licence"])]
    out = run(events, WITH_MATERIALS, as_of="2026-03-20")
    s = node(out)
    assert (s["status"], s["submitted"], s["started"], s["deemed_accepted"]) == \
        ("ready", "2026-03-02", None, False)
    again = run(events + [ev("2026-03-05", "submit"), ev("2026-03-06", "accept")], WITH_MATERIALS)
    assert (node(again)["submitted"], node(again)["started"]) == ("2026-03-05", "2026-03-06")


def test_accept_after_a_notice_without_resubmission_is_refused():
    with pytest.raises(RuleBroken, match=r"event 3 .*no pending submission.*\[R4\]"):
        run([ev("2026-03-02", "submit"), ev("2026-03-03", "notify_missing", materials=["licence"]),
             ev("2026-03-04", "accept")], WITH_MATERIALS)


def test_reject_before_acceptance_makes_the_stage_ready_again():
    events = [ev("2026-03-02", "submit"), ev("2026-03-04", "reject", reason="不属于本机关职权")]
    out = run(events, as_of="2026-03-20")
    assert (node(out)["status"], node(out)["submitted"], node(out)["started"]) == ("ready", None, None)
    again = run(events + [ev("2026-03-09", "submit"), ev("2026-03-10", "accept")])
    assert (node(again)["status"], node(again)["started"]) == ("accepted", "2026-03-10")


def test_reject_after_acceptance_ends_the_stage_as_rejected():
    out = run([ev("2026-03-02", "submit"), ev("2026-03-03", "accept"),
               ev("2026-03-06", "reject", reason="不符合规划")], as_of="2026-03-20")
    s = node(out)
    assert (s["status"], s["finished"], s["used"], s["light"]) == ("rejected", "2026-03-06", 3, "on_time")
    assert (it(out)["status"], it(out)["finished"]) == ("rejected", "2026-03-06")
    assert out["forecast"] == {"finish": None, "critical_path": [], "blocked_by": ["s"]}
    assert out["nodes"]["m"]["status"] == "waiting"


def test_rongque_does_not_pause_and_withholds_the_result():
    events = [ev("2026-03-02", "submit"), ev("2026-03-02", "accept", deferred=["deed"])]
    out = run(events, WITH_MATERIALS, as_of="2026-03-04")
    assert it(out)["missing_materials"] == ["deed"]
    assert (it(out)["paused"], it(out)["used"], it(out)["light"]) == (0, 2, "green")
    with pytest.raises(RuleBroken, match=r"event 3 .*deferred material still missing: deed"):
        run(events + [ev("2026-03-04", "decide", item="i", result="approved")], WITH_MATERIALS)
    done = run(events + [ev("2026-03-05", "supply", material="deed"),
                         ev("2026-03-05", "decide", item="i", result="approved"),
                         ev("2026-03-05", "complete")], WITH_MATERIALS)
    assert (it(done)["missing_materials"], it(done)["used"], it(done)["light"]) == ([], 3, "on_time")


@pytest.mark.parametrize("deferred, message", [
    (["licence"], "not deferrable"), (["nothing"], "unknown material 'nothing'"),
])
def test_only_deferrable_known_materials_may_be_deferred(deferred, message):
    with pytest.raises(RuleBroken, match=message):
        run([ev("2026-03-02", "submit"), ev("2026-03-02", "accept", deferred=deferred)], WITH_MATERIALS)
