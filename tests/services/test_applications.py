"""The bundled application against a database: one form for two ready stages, drafts, idempotent submission
with one `submit` event and one window review per stage, all in one transaction."""
import pytest
from sqlalchemy import func, select

from coordinator.domain.bundle import bundle_fields, bundle_materials, check_values
from coordinator.extensions import db
from coordinator.models import Application, AuditEntry, ProjectEvent, StageReview
from coordinator.services.applications import (
    ApplicationError,
    application_form,
    save_draft,
    start_application,
    submit_application,
)
from coordinator.services.projects import project_template
from tests.application_kit import GOOD_FORM, MONDAY, bundle_project, people


@pytest.fixture
def setting(db_session):
    who = people()
    return who, bundle_project(who["owner"].company_id)


def _draft(project, owner, token="token-0000000001", stages=("land", "scheme")):
    application = start_application(project, list(stages), token, owner, MONDAY)
    db.session.commit()
    return application


def test_one_form_asks_each_field_once_and_lists_each_material_once(setting):
    _, project = setting
    template = project_template(project)
    fields = bundle_fields(template, ["land", "scheme"])
    assert [f.spec.key for f in fields] == ["site", "area", "supply", "start", "policy"]
    site = next(f for f in fields if f.spec.key == "site")
    assert [i.key for i in site.items] == ["land-permit", "scheme-ok"]
    materials = bundle_materials(template, ["land", "scheme"])
    assert [m.spec.key for m in materials] == ["licence", "contract", "attorney", "drawing"]
    licence = materials[0]
    assert [i.key for i in licence.items] == ["land-permit", "scheme-ok"] and not licence.deferrable
    assert [m.spec.key for m in materials if m.deferrable] == ["attorney", "drawing"]


def test_values_are_typed_and_required_ones_enforced(setting):
    _, project = setting
    fields = bundle_fields(project_template(project), ["land", "scheme"])
    values, problems = check_values(fields, {**GOOD_FORM, "area": "4,5.0"}, complete=True)
    assert values["area"] == "45.0" and values["policy"] is True and not problems
    _, problems = check_values(fields, {"area": "many", "supply": "租赁", "start": "2026-13-01"}, complete=True)
    assert problems == {"site": "required", "area": "number", "supply": "choice", "start": "date",
                        "policy": "required"}
    _, draft_problems = check_values(fields, {"area": "many"}, complete=False)
    assert draft_problems == {"area": "number"}


def test_only_ready_stages_can_be_applied_for(setting):
    who, project = setting
    with pytest.raises(ApplicationError) as caught:
        start_application(project, ["land", "permit"], "token-000000000x", who["owner"], MONDAY)
    assert caught.value.code == "not_ready" and "permit" in caught.value.detail


def test_same_token_twice_finds_the_first_draft(setting):
    who, project = setting
    first = _draft(project, who["owner"])
    again = start_application(project, ["land"], "token-0000000001", who["owner"], MONDAY)
    assert again.id == first.id
    assert db.session.scalar(select(func.count(Application.id))) == 1


def test_draft_keeps_everything_typed_even_when_malformed(setting):
    who, project = setting
    application = _draft(project, who["owner"])
    fields, _ = application_form(project, application, MONDAY)
    problems = save_draft(application, fields, {"site": "天台", "area": "forty"}, who["owner"])
    db.session.commit()
    assert problems == {"area": "number"}
    assert db.session.get(Application, application.id).form["area"] == "forty"


def test_submit_records_one_event_and_one_review_per_stage_and_is_idempotent(setting):
    who, project = setting
    application = _draft(project, who["owner"])
    fields, _ = application_form(project, application, MONDAY)
    save_draft(application, fields, GOOD_FORM, who["owner"])
    done, problems = submit_application(application, fields, "token-0000000001", who["owner"], MONDAY)
    db.session.commit()
    assert done and not problems
    again, problems = submit_application(application, fields, "token-0000000001", who["owner"], MONDAY)
    db.session.commit()
    assert not again and not problems
    events = db.session.scalars(select(ProjectEvent).where(ProjectEvent.project_id == project.id)).all()
    assert [(e.do, e.node) for e in events] == [("submit", "land"), ("submit", "scheme")]
    reviews = db.session.scalars(select(StageReview).order_by(StageReview.node)).all()
    assert [(r.node, r.lead, r.received, r.window_end.isoformat()) for r in reviews] == [
        ("land", "natural-resources", MONDAY, "2026-06-08"), ("scheme", "natural-resources", MONDAY, "2026-06-08")]
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("event:submit") == 2 and actions.count("application:submit") == 1


def test_submit_with_a_missing_required_field_records_nothing(setting):
    who, project = setting
    application = _draft(project, who["owner"])
    fields, _ = application_form(project, application, MONDAY)
    save_draft(application, fields, {**GOOD_FORM, "site": ""}, who["owner"])
    done, problems = submit_application(application, fields, "token-0000000001", who["owner"], MONDAY)
    assert not done and problems == {"site": "required"}
    assert db.session.scalar(select(func.count(ProjectEvent.id))) == 0
    assert db.session.get(Application, application.id).status == "draft"


def test_a_wrong_token_cannot_submit(setting):
    who, project = setting
    application = _draft(project, who["owner"])
    fields, _ = application_form(project, application, MONDAY)
    save_draft(application, fields, GOOD_FORM, who["owner"])
    with pytest.raises(ApplicationError):
        submit_application(application, fields, "forged", who["owner"], MONDAY)


def test_a_second_draft_is_prefilled_from_the_last_one(setting):
    who, project = setting
    application = _draft(project, who["owner"], stages=("land",))
    fields, _ = application_form(project, application, MONDAY)
    save_draft(application, fields, GOOD_FORM, who["owner"])
    submit_application(application, fields, "token-0000000001", who["owner"], MONDAY)
    db.session.commit()
    second = _draft(project, who["owner"], token="token-0000000002", stages=("scheme",))
    assert second.form["site"] == GOOD_FORM["site"]


def test_what_the_registration_said_is_not_asked_again():
    import datetime as dt
    from decimal import Decimal
    from types import SimpleNamespace

    from coordinator.domain.bundle import known_values

    project = SimpleNamespace(name="某项目", location="天台县", investment=Decimal("3200.00"), land_area=None,
                              planned_start=dt.date(2026, 9, 1), industry="")
    assert known_values(project) == {"project-name": "某项目", "construction-site": "天台县",
                                     "total-investment": "3200.00", "planned-start": "2026-09-01"}


def test_a_missing_or_short_token_is_refused(setting):
    who, project = setting
    for token in ("", "short"):
        with pytest.raises(ApplicationError) as caught:
            start_application(project, ["land"], token, who["owner"], MONDAY)
        assert caught.value.code == "token"
