"""Services against their contracts and a consortium package (domain Scenario 5), the scoreboard, and the
material a delivered report becomes."""
from decimal import Decimal

from coordinator.domain.agency_services import (
    PackageFacts,
    ServiceFacts,
    package_reading,
    report_material,
    scoreboard,
    service_reading,
)
from coordinator.domain.calendar import official_calendar
from coordinator.domain.templates import parse_template
from tests.domain.kit import D, agency, item, milestone, stage, template

CAL = official_calendar()
RATIO = Decimal("0.2")
START = D("2025-07-02")
# Scenario 5: members for 节能 (12 wd), 环评 (18), 水保 (15), 安全 (15); the evaluation phase is 18 wd
MEMBERS = [
    ServiceFacts(1, 7, "energy", 12, START, D("2025-07-18")),
    ServiceFacts(2, 7, "eia", 18, START, D("2025-07-28")),
    ServiceFacts(3, 7, "soil-water", 15, START, D("2025-07-31")),
    ServiceFacts(4, 7, "safety", 15, START, D("2025-07-23")),
]


def test_s5_member_limits_and_package():
    soil = service_reading(START, None, 15, CAL, D("2025-07-24"), RATIO)
    assert (soil.deadline, soil.light, soil.overdue) == (D("2025-07-23"), "red", 1)  # 07-24: overdue 1 → red
    done = service_reading(START, D("2025-07-31"), 15, CAL, D("2025-08-01"), RATIO)
    assert (done.light, done.overdue) == ("late", 6)  # S5-A3: 6 wd against its own limit (S5-A4: not 3)
    package = package_reading(MEMBERS, 18, CAL, D("2025-08-01"), RATIO)
    assert package.deadline == D("2025-07-28") and package.finished == D("2025-07-31")
    assert (package.reading.light, package.reading.overdue) == ("late", 3)  # 评估 phase overdue 3 wd
    assert (package.members_on_time, package.members_delivered) == (3, 4)  # S5-A3: 75 %


def test_s5_package_yellow_on_its_due_day_and_red_after():
    members = [m if m.node != "soil-water" else ServiceFacts(3, 7, "soil-water", 15, START, None) for m in MEMBERS]
    assert package_reading(members, 18, CAL, D("2025-07-28"), RATIO).reading.light == "yellow"
    assert package_reading(members, 18, CAL, D("2025-07-29"), RATIO).reading.light == "red"
    assert package_reading(members, 18, CAL, D("2025-07-29"), RATIO).finished is None


def test_s5_the_lead_agency_shares_the_late_package_mark():
    # agency 2 (环评) leads; every member is its own agency in this table
    scores = scoreboard(MEMBERS, CAL, D("2025-08-01"), RATIO, [PackageFacts(2, 18, tuple(MEMBERS))])
    assert (scores[2].packages_finished, scores[2].packages_on_time) == (1, 0)  # S5-A2: 3 wd late
    assert (scores[2].delivered, scores[2].on_time) == (1, 1)  # its own report was on time
    assert scores[3].on_time == 0 and scores[1].packages_finished == 0  # 水保 late; members do not lead
    on_0725 = [m if m.finished <= D("2025-07-25") else ServiceFacts(m.agency_id, 7, m.node, m.contracted, START, None)
               for m in MEMBERS]  # as the replay sees 07-25: 环评 and 水保 still running
    running = scoreboard(on_0725, CAL, D("2025-07-25"), RATIO, [PackageFacts(2, 18, tuple(on_0725))])
    assert running[2].packages_finished == 0  # not finished yet: no mark


def test_scoreboard_counts_on_time_median_and_current_late():
    facts = [
        ServiceFacts(1, 1, "a", 10, D("2025-07-01"), D("2025-07-11")),  # 8 wd ≤ 10: on time
        ServiceFacts(1, 2, "a", 10, D("2025-07-01"), D("2025-07-18")),  # 13 wd: late
        ServiceFacts(1, 3, "a", 12, D("2025-07-01"), D("2025-07-15")),  # 10 wd: on time
        ServiceFacts(1, 4, "a", 5, D("2025-07-01"), None),  # open, due 07-08: red on 07-21
        ServiceFacts(2, 5, "a", 5, None, None),  # not started
    ]
    scores = scoreboard(facts, CAL, D("2025-07-21"), RATIO)
    one = scores[1]
    assert (one.services, one.delivered, one.on_time, one.late_now) == (4, 3, 2, 1)
    assert one.on_time_rate == 2 / 3
    assert (one.median_used, one.median_contracted) == (10, 10)
    two = scores[2]
    assert (two.delivered, two.on_time_rate, two.median_used, two.late_now) == (0, None, None, 0)


def test_report_material_is_the_known_report_a_later_stage_asks_for():
    eia = stage("eia", needs=["rep"], items=[item("eia-i", materials=["business-license", "eia-report-form"])])
    rep = agency("rep")
    rep["service"] = "environmental-assessment"
    other = agency("other")
    other["service"] = "surveying"
    tpl = parse_template(template(rep, other, eia, milestone("m", needs=["eia", "other"]),
                                  materials=[{"key": "business-license", "name": "营业执照"},
                                             {"key": "eia-report-form", "name": "环境影响报告表"}]))
    assert report_material(tpl, "rep") == "eia-report-form"
    assert report_material(tpl, "other") is None  # no stage after it asks for a survey report
