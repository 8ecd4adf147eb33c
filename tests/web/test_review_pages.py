"""Review pages through the test client: sending requests, inbox order and filters, the opinion form, the
board and its actions, who may see what, the header badge and the bell, and query counts."""
import copy
import io
import re

import pytest

from coordinator.extensions import db
from coordinator.models import Notification, OpinionRevision, ReviewDispatch
from tests.queries import count_queries
from tests.review_kit import (
    TEMPLATE,
    D,
    accept,
    big_template,
    departments,
    person,
    project,
)
from tests.web.web_people import log_in


@pytest.fixture
def world(db_session, business_date):
    departments()
    people = {"lead": person("lead", "natural-resources"), "fire": person("reviewer", "fire-protection"),
              "fire2": person("reviewer", "fire-protection"), "cad": person("reviewer", "civil-air-defense"),
              "meteo": person("reviewer", "meteorology"), "leader": person("leader", "natural-resources"),
              "transport": person("reviewer", "transport")}
    row = project(name="研发楼项目")
    people["owner"] = person("owner", company_id=row.company_id)
    db.session.commit()
    accept(row)
    business_date(D("2026-06-01"))
    return row, people


def get(client, url):
    response = client.get(url)
    return response.status_code, response.get_data(as_text=True)


def base(row):
    return f"/review/projects/{row.id}"


def test_the_lead_sends_the_requests_with_an_extra_department_and_a_shorter_limit(client, world):
    row, people = world
    log_in(client, people["lead"])
    status, html = get(client, f"{base(row)}/stages/planning/assign")
    assert status == 200 and html.count('type="checkbox" checked disabled') == 5
    response = client.post(f"{base(row)}/stages/planning/assign", data={
        "days-scheme-fire-protection": "2", "reviewer-scheme-fire-protection": str(people["fire"].id),
        "extra-item-1": "permit", "extra-dept-1": "ecology-environment", "extra-days-1": "2",
        "extra-reason-1": "涉及排污口"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/stages/planning/board")
    _, board = get(client, f"{base(row)}/stages/planning/board")
    assert "生态环境局" in board and "涉及排污口" in board and "2026-06-03" in board  # shortened: due 06-03
    assert db.session.query(ReviewDispatch).count() == 1


def test_another_department_cannot_open_the_assignment_or_the_board(client, world):
    row, people = world
    log_in(client, people["fire"])
    assert client.get(f"{base(row)}/stages/planning/assign").status_code == 403  # not a lead role
    assert client.get(f"{base(row)}/stages/planning/board").status_code == 403
    other_lead = person("lead", "housing-construction")
    db.session.commit()
    log_in(client, other_lead)
    assert client.get(f"{base(row)}/stages/planning/board").status_code == 404  # not its stage
    assert client.get(f"{base(row)}/opinions/planning/scheme/fire-protection").status_code == 404


def test_inbox_is_ordered_by_deadline_with_lights_and_filters_and_a_header_badge(client, world, business_date):
    row, people = world
    business_date(D("2026-06-04"))  # fire-protection: scheme due 06-04 (yellow, today), permit due 06-08
    log_in(client, people["fire"])
    status, html = get(client, "/review/inbox")
    assert status == 200
    deadlines = re.findall(r'<tr class="inbox-row light-row-(\w+)">\s*<td>([\d-]+)</td>', html)
    assert deadlines == [("yellow", "2026-06-04"), ("green", "2026-06-08")]
    assert 'class="badge"' in html and ">2</span>" in html
    _, filtered = get(client, "/review/inbox?light=green")
    assert "2026-06-04" not in filtered.split("<tbody>")[1] and "2026-06-08" in filtered
    _, other = get(client, f"/review/inbox?project={row.id + 999}")
    assert "inbox-row" not in other


def test_inbox_queries_do_not_grow_with_projects(client, world):
    _row, people = world
    log_in(client, people["fire"])
    get(client, "/review/inbox")
    with count_queries() as few:
        get(client, "/review/inbox")
    for _ in range(5):
        accept(project())
    with count_queries() as refreshing:
        get(client, "/review/inbox")  # the caches take the new events: a fixed number of queries for them all
    with count_queries() as many:
        status, html = get(client, "/review/inbox")
    assert status == 200 and html.count('class="inbox-row') == 12
    # session, date, cache watermark (2), templates, counts, the page, calendar, timelines, routes, to send, bell
    assert len(many) == len(few) <= 11, many
    assert len(refreshing) <= 34, refreshing  # + the agenda counts (3 statements), the write lock (SQLite)


def test_the_inbox_records_deemed_consents_and_escalations_of_its_page_once(client, world, business_date):
    from coordinator.models import AuditEntry

    _row, people = world
    business_date(D("2026-06-05"))  # the scheme's opinions were due 06-04: deemed; the permit's are red
    log_in(client, people["fire"])
    for _ in range(2):  # the second read finds them recorded (and the timelines kept per digest)
        assert get(client, "/review/inbox")[0] == 200
    actions = db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.action.like("opinion:%"))).all()
    assert sorted(actions) == ["opinion:deemed", "opinion:deemed", "opinion:escalated", "opinion:escalated"]


def test_opinion_form_requires_the_legal_basis_and_a_second_submission_is_told(client, world):
    row, people = world
    url = f"{base(row)}/opinions/planning/scheme/fire-protection"
    log_in(client, people["fire"])
    response = client.post(url, data={"decision": "object", "basis": ""})
    assert response.status_code == 422 and "法律依据" in response.get_data(as_text=True)
    assert client.post(url, data={"decision": "object", "basis": "《消防法》第十一条"}).status_code == 302
    log_in(client, people["fire2"])
    response = client.post(url, data={"decision": "consent"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "已" in html and "《消防法》第十一条" in html
    assert db.session.query(OpinionRevision).count() == 1
    response = client.post(f"{url}/correct", data={"number": "1", "basis": "《消防法》第十一条、第十二条",
                                                   "reason": "补充条款"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "第十二条" in html and 'class="revision superseded"' in html


def test_a_department_sees_only_requests_sent_to_it(client, world):
    row, people = world
    log_in(client, people["cad"])
    assert client.get(f"{base(row)}/opinions/planning/scheme/fire-protection").status_code == 404
    assert client.get(f"{base(row)}/opinions/planning/scheme/civil-air-defense").status_code == 404  # not asked
    assert client.get(f"{base(row)}/opinions/planning/permit/civil-air-defense").status_code == 200


def test_board_shows_objections_and_the_lead_decides_and_completes(client, world, business_date):
    row, people = world
    answers = [("fire", "scheme", "fire-protection", {"decision": "conditional", "conditions": "增设消防车道"}),
               ("meteo", "scheme", "meteorology", {"decision": "consent"}),
               ("fire", "permit", "fire-protection", {"decision": "consent"}),
               ("transport", "permit", "transport", {"decision": "consent"}),
               ("cad", "permit", "civil-air-defense", {"decision": "object", "basis": "《人民防空法》"})]
    for who, item, dept, data in answers:
        log_in(client, people[who])
        assert client.post(f"{base(row)}/opinions/planning/{item}/{dept}", data=data).status_code == 302
    business_date(D("2026-06-02"))
    log_in(client, people["lead"])
    _, html = get(client, f"{base(row)}/stages/planning/board")
    assert html.count("stand-out") >= 2 and "增设消防车道" in html and "《人民防空法》" in html
    assert client.post(f"{base(row)}/opinions/planning/permit/civil-air-defense/reconsult",
                       data={"message": "已补充设计", "days": "2"}).status_code == 302
    response = client.post(f"{base(row)}/items/planning/permit/decide", data={"result": "approved",
                                                                               "permit_no": "建字1号"},
                           follow_redirects=True)
    assert "civil-air-defense" in response.get_data(as_text=True)  # refused: the opinion is open again
    log_in(client, people["leader"])
    client.post(f"{base(row)}/opinions/planning/permit/civil-air-defense/override", data={"reason": "联审会决定"})
    log_in(client, people["lead"])
    for item in ("scheme", "permit"):
        client.post(f"{base(row)}/items/planning/{item}/decide", data={"result": "approved", "permit_no": f"{item}-1"})
    client.post(f"{base(row)}/stages/planning/complete")
    log_in(client, people["owner"])
    _, page = get(client, f"/projects/{row.id}")
    construction = page.split('id="node-construction"')[1].split("</tr>")[0]
    assert "可申报" in construction
    assert db.session.query(Notification).filter_by(user_id=people["owner"].id, kind="stage_completed").count() == 1


def test_board_for_14_departments_and_5_items_uses_a_constant_number_of_queries(client, db_session,
                                                                                business_date):
    codes = [f"dept-{n:02d}" for n in range(14)]
    departments(["natural-resources", *codes])
    lead, leader = person("lead", "natural-resources"), person("leader", "natural-resources")
    small, big = project(big_template(codes[:1], 1)), project(big_template(codes, 5))
    accept(small)
    accept(big)
    business_date(D("2026-06-02"))
    counts = {}
    for who in (lead, leader):
        log_in(client, who)
        for row in (small, big):
            get(client, f"/review/projects/{row.id}/stages/planning/board")  # warm caches
            with count_queries() as queries:
                status, html = get(client, f"/review/projects/{row.id}/stages/planning/board")
            assert status == 200
            counts[(who.role, row.id)] = queries
    assert html.count('class="cell decision-open') == 70
    for role in ("lead", "leader"):
        assert len(counts[(role, small.id)]) == len(counts[(role, big.id)])
    # the leader has no inbox badge: the board's own data is the project and its events, two queries
    data = [q for q in counts[("leader", big.id)] if "FROM project" in q]
    assert len(data) == 2, data


def test_bell_counts_unread_and_marks_read(client, world):
    row, people = world
    log_in(client, people["lead"])
    client.post(f"{base(row)}/items/planning/permit/pause", data={"reason": "hearing", "note": "听证会"})
    log_in(client, people["owner"])
    _, html = get(client, f"/projects/{row.id}")
    assert re.search(r'class="badge badge-bell"[^>]*>1</span>', html)
    _, listing = get(client, "/notifications")
    assert "听证" in listing
    note = db.session.query(Notification).filter_by(user_id=people["owner"].id).one()
    client.post(f"/notifications/{note.id}/read")
    _, html = get(client, "/notifications")
    assert "badge-bell" not in html


def test_an_opinion_carries_its_attachment_for_the_lead_to_download(client, world):
    row, people = world
    url = f"{base(row)}/opinions/planning/scheme/fire-protection"
    log_in(client, people["fire"])
    pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    response = client.post(url, data={"decision": "consent", "attachment": (io.BytesIO(pdf), "消防审查意见.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    html = get(client, url)[1]
    link = re.search(r'href="(/[^"]+)">消防审查意见.pdf</a>', html).group(1)
    log_in(client, people["lead"])
    download = client.get(link)
    assert download.status_code == 200 and download.data == pdf
    bad = client.post(f"{base(row)}/opinions/planning/scheme/meteorology",
                      data={"decision": "consent", "attachment": (io.BytesIO(b"MZ\x90"), "virus.exe")},
                      content_type="multipart/form-data")
    assert bad.status_code == 404  # the lead's department was not asked on that opinion
    log_in(client, people["meteo"])
    bad = client.post(f"{base(row)}/opinions/planning/scheme/meteorology",
                      data={"decision": "consent", "attachment": (io.BytesIO(b"MZ\x90"), "virus.exe")},
                      content_type="multipart/form-data")
    assert bad.status_code == 422 and "附件未被接收" in bad.get_data(as_text=True)
    assert db.session.query(OpinionRevision).count() == 1


def test_the_owner_sees_why_and_since_when_a_clock_is_paused_and_the_extension(client, world, business_date):
    row, people = world
    head = person("lead", "natural-resources", is_head=True)
    db.session.commit()
    log_in(client, people["lead"])
    client.post(f"{base(row)}/items/planning/permit/pause", data={"reason": "expert_review", "note": "组织专家论证"})
    client.post(f"{base(row)}/items/planning/scheme/extension", data={"days": "3", "reason": "需现场踏勘"})
    log_in(client, head)
    _, listing = get(client, "/review/extensions")
    request_id = re.search(r'/review/extensions/(\d+)', listing).group(1)
    assert client.post(f"/review/extensions/{request_id}", data={"approve": "1"}).status_code == 302
    business_date(D("2026-06-03"))
    log_in(client, people["owner"])
    _, html = get(client, f"/projects/{row.id}")
    panel = html.split('class="review-panel"')[1].split("</section>")[0]
    assert "自 2026-06-01 起暂停计时" in panel and "专家评审" in panel and "组织专家论证" in panel
    assert "时限延长 3 个工作日，新期限 2026-06-15" in panel and "需现场踏勘" in panel


def test_a_department_deciding_one_item_of_a_stage_it_does_not_lead_decides_it_on_the_board(client, world):
    content = copy.deepcopy(TEMPLATE)
    content["key"] = "review-test-split"
    content["nodes"][0]["items"][1]["dept"] = "housing-construction"  # the permit is another department's
    row = project(content)
    accept(row)
    housing, transport_lead = person("lead", "housing-construction"), person("lead", "transport")
    db.session.commit()
    log_in(client, housing)
    _, inbox = get(client, "/review/inbox")
    assert f"/review/projects/{row.id}/stages/planning/board" in inbox
    status, board = get(client, f"/review/projects/{row.id}/stages/planning/board")
    assert status == 200 and board.count("出具办理结果</summary>") == 1  # its own item only
    assert f'action="/review/projects/{row.id}/items/planning/permit/decide"' in board
    assert client.post(f"/review/projects/{row.id}/items/planning/scheme/decide",
                       data={"result": "approved", "permit_no": "1"}).status_code == 403
    log_in(client, transport_lead)
    assert client.get(f"/review/projects/{row.id}/stages/planning/board").status_code == 404


def test_a_queued_request_is_taken_by_one_person_and_the_inbox_filters_mine(client, world):
    row, people = world
    log_in(client, people["lead"])
    client.post(f"{base(row)}/stages/planning/assign", data={})
    url = f"{base(row)}/opinions/planning/scheme/fire-protection"
    log_in(client, people["fire"])
    assert "认领" in get(client, url)[1]
    assert client.post(f"{url}/take").status_code == 302
    assert people["fire"].display_name in get(client, url)[1]
    log_in(client, people["fire2"])
    response = client.post(f"{url}/take", follow_redirects=True)
    assert f"已由 {people['fire'].display_name} 承办" in response.get_data(as_text=True)
    _, mine = get(client, "/review/inbox?mine=1")
    assert "/opinions/planning/scheme/fire-protection" not in mine  # a colleague took it
    assert "/opinions/planning/permit/fire-protection" in mine  # still in the queue


def test_the_inbox_is_paged_in_deadline_order(client, world):
    _row, people = world
    for _ in range(25):
        accept(project())
    log_in(client, people["fire"])
    first = get(client, "/review/inbox")[1]
    second = get(client, "/review/inbox?page=2&light=")[1]
    assert first.count('class="inbox-row') == 50 and second.count('class="inbox-row') == 2
    assert "page=2" in first and "page=1" in second  # the pager keeps the filters
    dates = re.findall(r'<tr class="inbox-row light-row-\w+">\s*<td>([\d-]+)</td>', first + second)
    assert dates == sorted(dates)
