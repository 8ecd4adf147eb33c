"""The window's decisions against a database: accept, 容缺 accept with a promised date, supply, one-time
notice and resubmission, refusal, stale forms refused, deemed acceptance after 5 working days, and an inbox
read in one query."""
import datetime as dt
import io

import pytest
from sqlalchemy import event, func, select

from coordinator.domain.errors import RuleBroken
from coordinator.extensions import db
from coordinator.models import AuditEntry, ProjectEvent, StageReview
from coordinator.services import acceptance
from coordinator.services.applications import (
    application_form,
    save_draft,
    start_application,
    submit_application,
)
from coordinator.services.projects import append_event, project_timeline
from tests.application_kit import GOOD_FORM, MONDAY, PDF, bundle_project, people


def submitted(who, project, stages=("land", "scheme"), token="token-0000000000", day=MONDAY):
    application = start_application(project, list(stages), token, who["owner"], day)
    fields, _ = application_form(project, application, day)
    save_draft(application, fields, GOOD_FORM, who["owner"])
    submit_application(application, fields, token, who["owner"], day)
    db.session.commit()
    return {r.node: r for r in application.reviews}


@pytest.fixture
def setting(db_session):
    who = people()
    project = bundle_project(who["owner"].company_id)
    return who, project, submitted(who, project)


def seq(project):
    return acceptance.last_event_seq(project.id)


def test_accept_starts_the_stage_clock(setting):
    who, project, reviews = setting
    tuesday = MONDAY + dt.timedelta(days=1)
    acceptance.accept(reviews["land"], seq(project), who["clerk"], tuesday)
    db.session.commit()
    node = project_timeline(project, tuesday)["nodes"]["land"]
    assert node["status"] == "accepted" and node["started"] == "2026-06-02" and not node["deemed_accepted"]
    assert reviews["land"].status == "accepted" and reviews["land"].decided_by == who["clerk"].id
    assert db.session.scalar(select(func.count()).where(AuditEntry.action == "event:accept")) == 1


def test_deferred_accept_then_supply_then_the_item_can_be_decided(setting):
    who, project, reviews = setting
    due = MONDAY + dt.timedelta(days=10)
    acceptance.accept(reviews["land"], seq(project), who["clerk"], MONDAY, ["attorney"], due)
    db.session.commit()
    item = project_timeline(project, MONDAY)["nodes"]["land"]["items"]["land-permit"]
    assert item["missing_materials"] == ["attorney"]
    with pytest.raises(RuleBroken, match="deferred material still missing"):
        append_event(project, {"do": "decide", "node": "land", "item": "land-permit", "result": "approved"},
                     who["clerk"], MONDAY)
    db.session.rollback()
    light = acceptance.deferred_light(MONDAY, due, None, MONDAY + dt.timedelta(days=9))
    assert light.light == "yellow"
    acceptance.supply(project, "land", "attorney", "授权委托书.pdf", io.BytesIO(PDF), who["owner"], MONDAY)
    db.session.commit()
    assert project_timeline(project, MONDAY)["nodes"]["land"]["items"]["land-permit"]["missing_materials"] == []
    append_event(project, {"do": "decide", "node": "land", "item": "land-permit", "result": "approved"},
                 who["clerk"], MONDAY)


def test_deferring_needs_a_deferrable_material_and_a_date(setting):
    who, project, reviews = setting
    with pytest.raises(acceptance.DecisionRefused) as caught:
        acceptance.accept(reviews["land"], seq(project), who["clerk"], MONDAY, ["attorney"], None)
    assert caught.value.code == "due"
    with pytest.raises(acceptance.DecisionRefused) as caught:
        acceptance.accept(reviews["land"], seq(project), who["clerk"], MONDAY, ["licence"], MONDAY)
    assert caught.value.code == "rule" and "not deferrable" in caught.value.detail


def test_one_time_notice_then_the_owner_resubmits(setting):
    who, project, reviews = setting
    acceptance.notify_missing(reviews["scheme"], seq(project), who["clerk"], MONDAY, ["drawing", "licence"], "盖章")
    db.session.commit()
    node = project_timeline(project, MONDAY)["nodes"]["scheme"]
    assert node["status"] == "ready" and node["notice"] == ["drawing", "licence"]
    tuesday = MONDAY + dt.timedelta(days=1)
    again = submitted(who, project, ("scheme",), token="token-0000000002", day=tuesday)
    assert again["scheme"].status == "pending"
    assert project_timeline(project, tuesday)["nodes"]["scheme"]["status"] == "submitted"


def test_reject_makes_the_stage_ready_again_with_the_reasons(setting):
    who, project, reviews = setting
    acceptance.reject(reviews["land"], seq(project), who["clerk"], MONDAY, "不属于本部门受理范围")
    db.session.commit()
    node = project_timeline(project, MONDAY)["nodes"]["land"]
    assert node["status"] == "ready" and node["reason"] == "不属于本部门受理范围"
    with pytest.raises(acceptance.DecisionRefused):
        acceptance.reject(reviews["scheme"], seq(project), who["clerk"], MONDAY, "  ")


def test_a_stale_form_is_refused_and_writes_nothing(setting):
    who, project, reviews = setting
    shown = seq(project)
    acceptance.accept(reviews["land"], shown, who["clerk"], MONDAY)
    db.session.commit()
    with pytest.raises(acceptance.Stale):
        acceptance.notify_missing(reviews["scheme"], shown, who["clerk"], MONDAY, ["drawing"])
    with pytest.raises(acceptance.Stale):
        acceptance.reject(reviews["land"], seq(project), who["clerk"], MONDAY, "again")
    assert db.session.scalar(select(func.count(ProjectEvent.id))) == 3


def test_after_five_working_days_the_stage_counts_as_accepted_on_the_day_received(setting):
    who, project, reviews = setting
    late = dt.date(2026, 6, 9)  # window: received Mon 06-01, last day Mon 06-08
    _clock, deemed = acceptance.acceptance_clock(reviews["land"], late)
    assert deemed
    node = project_timeline(project, late)["nodes"]["land"]
    assert node["deemed_accepted"] and node["started"] == "2026-06-01"
    with pytest.raises(acceptance.DecisionRefused) as caught:
        acceptance.reject(reviews["land"], seq(project), who["clerk"], late, "too late")
    assert caught.value.code == "deemed"
    assert [r.review.node for r in acceptance.inbox("natural-resources", late, "deemed")] == ["land", "scheme"]
    assert acceptance.inbox("natural-resources", late, "pending") == []


def test_acceptance_clock_lights(setting):
    _, _, reviews = setting
    assert acceptance.acceptance_clock(reviews["land"], MONDAY)[0].light == "green"
    assert acceptance.acceptance_clock(reviews["land"], dt.date(2026, 6, 5))[0].light == "yellow"
    assert acceptance.acceptance_clock(reviews["land"], dt.date(2026, 6, 8))[0].light == "yellow"


def test_the_inbox_is_one_query_whatever_its_length(setting):
    who, _project, _ = setting
    for number in range(2, 6):
        other = bundle_project(who["owner"].company_id, code=f"2026-331023-34-03-00000{number}")
        submitted(who, other, token=f"token-000000000{number}")
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        rows = acceptance.inbox("natural-resources", MONDAY)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(rows) == 10 and all(row.last_seq >= 2 for row in rows)
    calendar_queries = 2  # app_calendar()'s cheap change stamp
    assert len(statements) <= 1 + calendar_queries
    assert {row.stage.key for row in rows} == {"land", "scheme"}
    assert acceptance.inbox("natural-resources", MONDAY, text="000003")[0].project_code.endswith("000003")
    assert acceptance.inbox("housing-construction", MONDAY) == []
    assert db.session.scalar(select(func.count(StageReview.id))) == 10
