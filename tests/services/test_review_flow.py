"""The review use cases against a database: sending requests, opinions and corrections, pauses,
extensions, override, re-consultation, results, reminders exactly once, notifications."""
import datetime as dt

import pytest
from sqlalchemy import select

from coordinator.extensions import db
from coordinator.models import AuditEntry, Notification, OpinionRevision, ReminderLog
from coordinator.services import notifications as notes
from coordinator.services import reminders
from coordinator.services import review as svc
from tests.review_kit import MONDAY, D, accept, departments, person, project

NOW = dt.datetime(2026, 6, 1, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def people(db_session):
    departments()
    return {
        "lead": person("lead", "natural-resources"),
        "head": person("lead", "natural-resources", is_head=True),
        "fire": person("reviewer", "fire-protection"),
        "fire2": person("reviewer", "fire-protection"),
        "meteo": person("reviewer", "meteorology"),
        "cad": person("reviewer", "civil-air-defense"),
        "transport": person("reviewer", "transport"),
        "housing": person("lead", "housing-construction"),
        "leader": person("leader", "natural-resources"),
    }


@pytest.fixture
def accepted(people):
    row = project()
    owner = person("owner", company_id=row.company_id)
    accept(row)
    return row, owner


def ctx(row, day=MONDAY):
    return svc.load(row.id, day)


def unread(user) -> list[str]:
    return [n.kind for n in db.session.scalars(select(Notification).filter_by(user_id=user.id, read_at=None))]


def test_dispatch_adds_a_department_shortens_a_limit_routes_and_tells_each_department(accepted, people):
    row, _ = accepted
    svc.dispatch(ctx(row), "planning", people["lead"],
                 extra=[svc.ExtraRequest("permit", "ecology-environment", 2, "涉及排污口")],
                 shorten={("scheme", "fire-protection"): 2}, routes={("scheme", "fire-protection"): people["fire"].id})
    db.session.commit()
    timeline = ctx(row).timeline
    scheme = timeline["nodes"]["planning"]["items"]["scheme"]["opinions"]
    permit = timeline["nodes"]["planning"]["items"]["permit"]["opinions"]
    assert (scheme["fire-protection"]["limit"], scheme["fire-protection"]["deadline"]) == (2, "2026-06-03")
    assert permit["ecology-environment"]["extra_reason"] == "涉及排污口"
    assert unread(people["fire"]) == ["opinion_requested", "opinion_requested"]  # routed + the permit's queue
    assert unread(people["fire2"]) == ["opinion_requested"]  # only the queued one
    assert len(svc.assignments(row.id, "planning")) == 6
    with pytest.raises(svc.Conflict):
        svc.dispatch(ctx(row), "planning", people["lead"])


def test_only_the_lead_department_sends_and_a_reviewer_must_be_of_the_department(accepted, people):
    row, _ = accepted
    with pytest.raises(svc.NotAllowed):
        svc.dispatch(ctx(row), "planning", people["fire"])
    with pytest.raises(svc.ReviewRefused, match="routed to a person of the department"):
        svc.dispatch(ctx(row), "planning", people["lead"], routes={("scheme", "fire-protection"): people["meteo"].id})


@pytest.mark.parametrize("decision, conditions, basis, error", [
    ("conditional", "", "", "must state its conditions"),
    ("object", "请补充", "", "must cite its legal basis"),
    ("maybe", "", "", "Choose consent"),
])
def test_an_opinion_needs_its_text(accepted, people, decision, conditions, basis, error):
    row, _ = accepted
    with pytest.raises(svc.ReviewRefused, match=error):
        svc.submit_opinion(ctx(row), "planning", "scheme", "fire-protection", people["fire"], NOW,
                           decision=decision, conditions=conditions, basis=basis)


def test_opinion_is_signed_once_and_corrections_keep_every_revision(accepted, people):
    row, _ = accepted
    day = D("2026-06-02")
    svc.submit_opinion(ctx(row, day), "planning", "scheme", "fire-protection", people["fire"], NOW,
                       decision="conditional", conditions="增设消防车道")
    db.session.commit()
    with pytest.raises(svc.Conflict, match="already given"):
        svc.submit_opinion(ctx(row, day), "planning", "scheme", "fire-protection", people["fire2"], NOW,
                           decision="consent")
    svc.correct_opinion(ctx(row, day), "planning", "scheme", "fire-protection", people["fire2"], NOW, number=1,
                        conditions="增设环形消防车道", basis="", remarks="", reason="表述不准确")
    db.session.commit()
    with pytest.raises(svc.Conflict, match="revision 2"):
        svc.correct_opinion(ctx(row, day), "planning", "scheme", "fire-protection", people["fire"], NOW, number=1,
                            conditions="x", basis="", remarks="", reason="y")
    revs = svc.revisions(row.id)[("planning", "scheme", "fire-protection")]
    assert [(r.number, r.decision, r.conditions, r.signer_id) for r in revs] == [
        (1, "conditional", "增设消防车道", people["fire"].id), (2, "conditional", "增设环形消防车道", people["fire2"].id)]
    opinion = ctx(row, day).opinion("planning", "scheme", "fire-protection")
    assert (opinion["decision"], opinion["finished"], opinion["conditions"]) == ("conditional", "2026-06-02", "增设消防车道")
    assert "opinion_objection" in unread(people["lead"])


def test_another_department_cannot_see_or_answer_a_request_not_sent_to_it(accepted, people):
    row, _ = accepted
    with pytest.raises(svc.NotVisible):
        svc.submit_opinion(ctx(row), "planning", "scheme", "civil-air-defense", people["cad"], NOW, decision="consent")
    with pytest.raises(svc.NotVisible):
        svc.submit_opinion(ctx(row), "planning", "scheme", "fire-protection", people["cad"], NOW, decision="consent")


def test_pause_and_resume_with_reason_and_note_are_shown_to_the_owner(accepted, people):
    row, owner = accepted
    svc.pause(ctx(row, D("2026-06-02")), "planning", "permit", people["lead"], "expert_review", "组织专家论证")
    db.session.commit()
    item = ctx(row, D("2026-06-04")).item("planning", "permit")
    assert item["status"] == "paused" and item["pauses"] == [
        {"from": "2026-06-02", "to": None, "reason": "expert_review", "note": "组织专家论证"}]
    assert item["opinions"]["transport"]["light"] == "paused"
    assert unread(owner) == ["clock_paused"]
    with pytest.raises(svc.ReviewRefused, match="Choose a reason"):
        svc.pause(ctx(row), "planning", "scheme", people["lead"], "holiday")
    svc.resume(ctx(row, D("2026-06-05")), "planning", "permit", people["lead"], "论证完成")
    db.session.commit()
    item = ctx(row, D("2026-06-05")).item("planning", "permit")
    assert item["paused"] == 3 and item["deadline"] == "2026-06-15"


def test_extension_is_asked_by_the_deciding_department_and_approved_once_by_its_head(accepted, people):
    row, owner = accepted
    with pytest.raises(svc.NotAllowed):
        svc.request_extension(ctx(row), "planning", "scheme", people["fire"], 3, "现场踏勘")
    with pytest.raises(svc.ReviewRefused, match="1 to 5"):
        svc.request_extension(ctx(row), "planning", "scheme", people["lead"], 8, "现场踏勘")
    request = svc.request_extension(ctx(row), "planning", "scheme", people["lead"], 3, "需现场踏勘")
    db.session.commit()
    assert unread(people["head"]) == ["extension_requested"] and unread(people["lead"]) == []
    with pytest.raises(svc.NotAllowed):
        svc.decide_extension(request.id, people["lead"], MONDAY, NOW, approve=True)
    svc.decide_extension(request.id, people["head"], MONDAY, NOW, approve=True)
    db.session.commit()
    item = ctx(row).item("planning", "scheme")
    assert (item["extended"], item["deadline"], item["extension_reason"]) == (3, "2026-06-15", "需现场踏勘")
    assert "extension_approved" in unread(owner)
    with pytest.raises(svc.ReviewRefused, match="already been extended once"):
        svc.request_extension(ctx(row), "planning", "scheme", people["lead"], 1, "再延")


def test_override_reconsult_decide_and_complete_make_the_next_stage_ready(accepted, people):
    row, owner = accepted
    row.agent_id = person("agent").id
    day = D("2026-06-02")
    for who, item, dept in [("fire", "scheme", "fire-protection"), ("meteo", "scheme", "meteorology"),
                            ("transport", "permit", "transport"), ("fire", "permit", "fire-protection")]:
        svc.submit_opinion(ctx(row, day), "planning", item, dept, people[who], NOW, decision="consent")
    svc.submit_opinion(ctx(row, day), "planning", "permit", "civil-air-defense", people["cad"], NOW,
                       decision="object", basis="《人民防空法》第二十二条")
    db.session.commit()
    svc.reconsult(ctx(row, D("2026-06-03")), "planning", "permit", "civil-air-defense", people["lead"], 2,
                  "已补充人防工程设计，请再次审查")
    db.session.commit()
    with pytest.raises(svc.ReviewRefused, match="opinions still open: civil-air-defense"):
        svc.decide_item(ctx(row, D("2026-06-08")), "planning", "permit", people["lead"], result="approved",
                        permit_no="建字第1号")
    svc.override(ctx(row, D("2026-06-08")), "planning", "permit", "civil-air-defense", people["leader"], "联审会议决定")
    with pytest.raises(svc.ReviewRefused, match="permit number"):
        svc.decide_item(ctx(row, D("2026-06-08")), "planning", "permit", people["lead"], result="approved")
    for item in ("scheme", "permit"):
        svc.decide_item(ctx(row, D("2026-06-08")), "planning", item, people["lead"], result="approved",
                        permit_no=f"建字第{item}号")
    ready = svc.complete_stage(ctx(row, D("2026-06-08")), "planning", people["lead"])
    db.session.commit()
    timeline = ctx(row, D("2026-06-08")).timeline
    cad = timeline["nodes"]["planning"]["items"]["permit"]["opinions"]["civil-air-defense"]
    assert (cad["decision"], cad["override_reason"], [h["decision"] for h in cad["history"]]) == (
        "overridden", "联审会议决定", ["object"])
    assert ready == ["construction"] and timeline["nodes"]["construction"]["status"] == "ready"
    assert timeline["nodes"]["planning"]["items"]["permit"]["permit_no"] == "建字第permit号"
    assert unread(owner).count("stage_completed") == 1 and "stage_completed" in unread(db.session.get(
        type(owner), row.agent_id))


def test_deemed_consent_and_escalation_are_recorded_exactly_once(accepted, people):
    row, _ = accepted
    late = D("2026-06-05")  # the scheme's 3-day opinions were due 06-04: deemed; the permit's are red
    for _ in range(2):
        context = ctx(row, late)
        reminders.process(context.project, context.timeline)
        db.session.commit()
    audits = db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("opinion:%"))).all()
    assert sorted(audits) == ["opinion:deemed", "opinion:deemed", "opinion:escalated", "opinion:escalated"]
    assert unread(people["leader"]) == ["escalated", "escalated"]  # civil-air-defense and transport
    assert unread(people["meteo"]) == ["deemed"]
    counts = reminders.remind_all(late)
    db.session.commit()
    assert counts == {"deemed": 0, "escalated": 0, "due_soon": 1, "overdue": 2}
    assert reminders.remind_all(late) == dict.fromkeys(counts, 0)
    # a new day, new reminders: both items and the 5-day opinion are now due soon (yellow)
    assert reminders.remind_all(D("2026-06-08")) == {"deemed": 0, "escalated": 0, "due_soon": 3, "overdue": 2}
    assert db.session.query(ReminderLog).count() == 4 + 3 + 5


def test_notifications_are_listed_unread_first_and_marked_read(accepted, people):
    row, owner = accepted
    svc.pause(ctx(row), "planning", "permit", people["lead"], "hearing")
    svc.resume(ctx(row, D("2026-06-02")), "planning", "permit", people["lead"])
    db.session.commit()
    assert notes.unread_count(owner) == 2
    first = notes.recent(owner)[-1]
    assert notes.mark_read(owner, NOW, first.id) == 1 and notes.unread_count(owner) == 1
    assert notes.mark_read(people["fire"], NOW, notes.recent(owner)[0].id) == 0  # not theirs
    assert notes.mark_read(owner, NOW) == 1 and notes.unread_count(owner) == 0
    assert db.session.query(OpinionRevision).count() == 0
