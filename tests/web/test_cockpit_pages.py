"""Cockpit pages: leaders see the pipeline, scorecard and performance from the summary cache with a fixed
number of queries whatever the number of projects; exports are real .xlsx files and audited."""
import datetime as dt
from io import BytesIO

from openpyxl import load_workbook

from coordinator.extensions import db
from coordinator.models import AuditEntry
from coordinator.services.projects import append_event
from tests import review_kit as kit
from tests.login import log_in
from tests.queries import count_queries

D = dt.date.fromisoformat


def _projects(count: int) -> None:
    kit.departments()
    for number in range(count):
        row = kit.project(name=f"<b>项目{number}</b>")
        kit.accept(row)
        append_event(row, {"do": "opinion", "node": "planning", "item": "permit", "dept": "transport",
                           "decision": "consent"}, None, D("2026-06-02"))
    db.session.commit()


def _leader(client):
    log_in(client, kit.person("leader", "housing-construction"))


def test_pages_show_the_engine_numbers(client, business_date):
    business_date(D("2026-06-09"))
    _projects(2)
    _leader(client)
    page = client.get("/cockpit/").get_data(as_text=True)
    assert "&lt;b&gt;项目0&lt;/b&gt;" in page and "<b>项目0" not in page  # escaped
    assert "<svg" in page and 'id="pipeline-chart-title"' in page
    scores = client.get("/cockpit/departments?month=2026-06").get_data(as_text=True)
    assert "交通运输局" in scores and "100.0" in scores
    assert client.get("/cockpit/departments?month=1999-01").status_code == 404
    assert client.get("/cockpit/performance?land=yes").status_code == 200


def test_query_count_does_not_grow_with_projects(client, business_date):
    business_date(D("2026-06-09"))
    _projects(2)
    _leader(client)
    urls = ["/cockpit/", "/cockpit/departments", "/cockpit/performance"]
    for url in urls:
        client.get(url)  # fills the cache
    with count_queries() as few:
        for url in urls:
            assert client.get(url).status_code == 200
    _projects(6)
    client.get("/cockpit/")
    with count_queries() as many:
        for url in urls:
            assert client.get(url).status_code == 200
    assert len(many) == len(few) <= 45


def test_export_is_an_audited_workbook(client, business_date):
    business_date(D("2026-06-09"))
    _projects(1)
    _leader(client)
    response = client.get("/cockpit/export/red.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) > 1 and rows[1][1] == "<b>项目0</b>" and rows[1][5] == 3
    entry = db.session.query(AuditEntry).filter_by(action="export").one()
    assert entry.object_id == "cockpit:red"
    assert client.get("/cockpit/export/nothing.xlsx").status_code == 404
    for table in ("pipeline", "scorecard", "trend", "targets", "stages", "projects"):
        assert client.get(f"/cockpit/export/{table}.xlsx").status_code == 200


def test_a_local_closure_day_moves_the_cockpit_readings(client, business_date):
    business_date(D("2026-06-09"))
    _projects(1)
    _leader(client)
    assert 'cockpit-red">3</td>' in client.get("/cockpit/").get_data(as_text=True)  # red 06-05, 06-08, 06-09
    admin = kit.person("sysadmin")
    log_in(client, admin)
    response = client.post("/admin/calendar/overrides", data={"day": "2026-06-08", "kind": "holiday", "note": "台风"})
    assert response.status_code == 302
    _leader(client)
    page = client.get("/cockpit/").get_data(as_text=True)
    assert 'cockpit-red">2</td>' in page and 'cockpit-red">3</td>' not in page


def test_the_scorecard_names_objections_overturned_at_meetings(client, business_date):
    business_date(D("2026-06-09"))
    _projects(1)
    _leader(client)
    page = client.get("/cockpit/departments?month=2026-06").get_data(as_text=True)
    assert "联审会议推翻的异议" in page and "异议被否决" not in page


def test_performance_lists_projects_against_their_target(client, business_date):
    business_date(D("2026-06-09"))
    kit.departments()
    targeted = {**kit.TEMPLATE, "key": "review-target",
                "reform_target": {"node": "start", "working_days": 3, "name": "开工前 ≤ 3 个工作日"}}
    late, _land = kit.project(targeted, name="甲工程"), kit.project(targeted, name="乙工程", standard_land=True)
    kit.accept(late)
    _leader(client)
    page = client.get("/cockpit/performance").get_data(as_text=True)
    assert f'href="/projects/{late.id}">甲工程</a>' in page and "已超目标，仍在办理" in page
    assert page.index("甲工程") < page.index("乙工程")  # furthest over its target first
    only_land = client.get("/cockpit/performance?land=yes").get_data(as_text=True)
    assert "乙工程" in only_land and "甲工程" not in only_land and "目前在目标内" in only_land
