"""The lead's opinion requests beyond the template: extra departments, shortened limits, re-consultation."""
import pytest
import yaml

from coordinator.domain.calendar import official_calendar
from coordinator.domain.errors import RuleBroken
from coordinator.domain.scenario import simulate

TEMPLATE = yaml.safe_load("""
key: t
version: 1
name: 测试
name_en: Test
nodes:
  - key: s
    kind: stage
    name: 规划
    name_en: Planning
    lead: natural-resources
    promised_days: 10
    legal_days: 20
    items:
      - key: i
        name: 方案审查
        dept: natural-resources
        promised_days: 7
        legal_days: 20
        opinions: [{dept: fire-protection, days: 3}]
  - {key: m, kind: milestone, name: 开工, name_en: Start, needs: [s]}
""")
ACCEPT = [{"date": "2026-06-01", "do": "submit", "node": "s"}, {"date": "2026-06-01", "do": "accept", "node": "s"}]


def run(events, as_of="2026-06-12"):
    return simulate({"template": TEMPLATE, "events": ACCEPT + events, "as_of": as_of}, {}, official_calendar())


def opinion(t, dept):
    return t["nodes"]["s"]["items"]["i"]["opinions"][dept]


def test_an_extra_department_gets_its_own_clock_from_the_request():
    t = run([{"date": "2026-06-02", "do": "request_opinion", "node": "s", "item": "i", "dept": "transport",
              "days": 2, "reason": "涉及道路开口"}])
    extra = opinion(t, "transport")
    assert (extra["started"], extra["deadline"], extra["extra_reason"]) == ("2026-06-02", "2026-06-04", "涉及道路开口")
    assert extra["light"] == "red"


def test_a_limit_can_be_shortened_on_the_day_sent_within_the_template_bound():
    t = run([{"date": "2026-06-01", "do": "shorten_opinion", "node": "s", "item": "i", "dept": "fire-protection",
              "days": 2}])
    assert opinion(t, "fire-protection")["deadline"] == "2026-06-03"
    with pytest.raises(RuleBroken, match="1 to 3"):
        run([{"date": "2026-06-01", "do": "shorten_opinion", "node": "s", "item": "i", "dept": "fire-protection",
              "days": 5}])
    with pytest.raises(RuleBroken, match="day the request is sent"):
        run([{"date": "2026-06-02", "do": "shorten_opinion", "node": "s", "item": "i", "dept": "fire-protection",
              "days": 2}])


def test_reconsulting_reopens_with_a_new_clock_and_keeps_the_first_round():
    t = run([
        {"date": "2026-06-02", "do": "opinion", "node": "s", "item": "i", "dept": "fire-protection",
         "decision": "object", "basis": "《消防法》第十一条"},
        {"date": "2026-06-04", "do": "reconsult", "node": "s", "item": "i", "dept": "fire-protection", "days": 3,
         "message": "已按意见修改总平面，请再次审查"},
    ], as_of="2026-06-05")
    op = opinion(t, "fire-protection")
    assert (op["started"], op["deadline"], op["decision"], op["light"]) == ("2026-06-04", "2026-06-09", None, "green")
    assert [h["decision"] for h in op["history"]] == ["object"]
    assert t["totals"]["government"] == 4


def test_an_open_opinion_cannot_be_reconsulted_and_blocks_the_decision():
    with pytest.raises(RuleBroken, match="only a closed opinion"):
        run([{"date": "2026-06-02", "do": "reconsult", "node": "s", "item": "i", "dept": "fire-protection",
              "days": 3, "message": "x"}])
    with pytest.raises(RuleBroken, match="opinions still open: fire-protection") as err:
        run([{"date": "2026-06-02", "do": "decide", "node": "s", "item": "i", "result": "approved"}])
    assert err.value.position == 3



def test_a_waived_stage_waives_its_items_with_the_same_reason():
    template = {**TEMPLATE, "fast_paths": [{"key": "zone", "name": "区域评估", "when": {"standard_land": True},
                                            "nodes": {"s": {"mode": "waived", "reason": "区域评估已覆盖"}}}]}
    t = simulate({"template": template, "project": {"standard_land": True, "fast_paths": ["zone"]},
                  "events": [], "as_of": "2026-06-01"}, {}, official_calendar())
    item = t["nodes"]["s"]["items"]["i"]
    assert (t["nodes"]["s"]["status"], item["status"], item["mode"], item["reason"]) == (
        "waived", "waived", "waived", "区域评估已覆盖")
    assert t["nodes"]["m"]["status"] == "waived"


def test_an_agency_service_runs_on_its_contracted_days():
    template = {**TEMPLATE, "nodes": [{"key": "r", "kind": "agency", "name": "环评报告", "name_en": "EIA report",
                                       "service": "environmental-assessment", "contracted_days": 15},
                                      {"key": "m", "kind": "milestone", "name": "开工", "name_en": "Start",
                                       "needs": ["r"]}]}
    events = [{"date": "2026-06-01", "do": "start", "node": "r", "days": 10}]
    t = simulate({"template": template, "events": events, "as_of": "2026-06-02"}, {}, official_calendar())
    assert (t["nodes"]["r"]["limit"], t["nodes"]["r"]["deadline"], t["forecast"]["finish"]) == (
        10, "2026-06-15", "2026-06-15")
