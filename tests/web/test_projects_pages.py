"""Home page and project page: what each viewer may see, the numbers of the timeline, no N+1 queries."""
import datetime as dt
import re

import pytest

from coordinator.extensions import db
from coordinator.models import Department
from tests.queries import count_queries
from tests.web.web_golden import timeline
from tests.web.web_people import as_of, log_in, make_company, make_project, make_user

OPINIONS = "enterprise-parallel-opinions"


@pytest.fixture
def departments(db_session):
    for code, name in [("natural-resources", "自然资源和规划局"), ("civil-air-defense", "人防办"),
                       ("fire-protection", "消防救援大队"), ("housing-construction", "住房和城乡建设局")]:
        db.session.add(Department(code=code, name=name, name_en=code))
    db.session.flush()


def page(client, url):
    response = client.get(url)
    return response.status_code, response.get_data(as_text=True)


def test_anonymous_visitors_see_a_login_prompt_and_no_project(client, business_date):
    project = make_project(OPINIONS, make_company())
    business_date(as_of(OPINIONS))
    status, html = page(client, "/")
    assert status == 200
    assert "/auth/login" in html or "/login" in html
    assert project.name not in html and project.code not in html and "<svg" not in html


def test_staff_see_every_project_with_light_deadline_forecast_and_graph(client, business_date):
    first = make_project(OPINIONS, make_company(), name="第一个项目")
    second = make_project("rongque-deferred-material", make_company(), name="第二个项目")
    business_date(as_of(OPINIONS))
    log_in(client, make_user("clerk"))
    status, html = page(client, "/")
    assert status == 200
    for project in (first, second):
        assert project.name in html and project.code in html and f"/projects/{project.id}" in html
    assert "一般企业投资项目（备案类）" in html  # template name
    assert html.count('class="stage-graph compact"') == 2
    card = html.split("第一个项目")[1].split("</li>")[0]
    assert "light light-red" in card and "红灯（超期）" in card  # the 人防 opinion is overdue
    assert timeline(OPINIONS)["forecast"]["finish"] in card
    assert "2026-06-11" in card  # the earliest open deadline: the 人防 opinion's


def test_owners_see_only_their_company_projects(client, business_date):
    mine, theirs = make_company("我的公司"), make_company("别人的公司")
    own = make_project(OPINIONS, mine, name="本公司项目")
    other = make_project(OPINIONS, theirs, name="他公司项目")
    business_date(as_of(OPINIONS))
    owner = make_user("owner", company_id=mine.id)
    log_in(client, owner)
    _, html = page(client, "/")
    assert own.name in html and other.name not in html
    assert page(client, f"/projects/{own.id}")[0] == 200
    assert page(client, f"/projects/{other.id}")[0] == 404


@pytest.mark.parametrize("role", ["sysadmin", "auditor", "agency"])
def test_roles_without_project_access_get_no_list(client, business_date, role):
    project = make_project(OPINIONS, make_company())
    business_date(as_of(OPINIONS))
    log_in(client, make_user(role))
    status, html = page(client, "/")
    assert status == 200 and project.name not in html and "工作页面" in html


def test_home_page_is_paginated_by_25(client, business_date):
    company = make_company()
    for number in range(26):
        make_project("rongque-deferred-material", company, name=f"分页项目{number:02d}")
    business_date(as_of("rongque-deferred-material"))
    log_in(client, make_user("lead"))
    _, first = page(client, "/")
    _, second = page(client, "/?page=2")
    assert first.count("<li class=\"project-card") == 25 and second.count("<li class=\"project-card") == 1
    assert "分页项目00" in second  # newest first: the first one created is last
    assert 'rel="next"' in first and 'rel="prev"' in second


def test_home_page_query_count_does_not_grow_with_the_projects(client, business_date):
    company = make_company()
    make_project(OPINIONS, company)
    business_date(as_of(OPINIONS))
    log_in(client, make_user("clerk"))
    page(client, "/")  # warm caches (parsed templates, calendar)
    with count_queries() as few:
        page(client, "/")
    for _ in range(9):
        make_project(OPINIONS, company)
    db.session.commit()
    with count_queries() as many:
        status, html = page(client, "/")
    assert status == 200 and html.count('class="stage-graph compact"') == 10
    # the login session's own bookkeeping (touching last_seen) may add a query; the list must not
    listing = [[q for q in queries if "user" not in q] for queries in (few, many)]
    assert len(listing[1]) == len(listing[0]), "\n".join(listing[1])
    assert len([q for q in many if "project" in q]) == 3  # the page, its count, all their events
    assert len(many) <= 25, "\n".join(many)  # header badges and panels add a few, never per project


def test_project_page_shows_clocks_opinions_totals_forecast_and_events(client, business_date, departments):
    project = make_project(OPINIONS, make_company())
    business_date(as_of(OPINIONS))
    log_in(client, make_user("reviewer"))
    status, html = page(client, f"/projects/{project.id}")
    assert status == 200
    expected = timeline(OPINIONS)
    assert html.count('class="stage-graph"') == 1 and 'data-key="works-planning"' in html
    stage = html.split('id="node-works-planning"')[1].split("</tr>")[0]
    assert "审查中" in stage and "light light-yellow" in stage and "2026-06-17" in stage and "11 / 12" in stage
    air = html.split("征求意见: 人防办")[1].split("</tr>")[0] if "征求意见: 人防办" in html else \
        html.split("人防办")[1].split("</tr>")[0]
    assert "待回复意见" in air and "light light-red" in air and "超期 3 个工作日" in air
    assert "逾期视为同意" in html and "有条件同意" in html
    totals = expected["totals"]
    assert f"<strong>{totals['government']}</strong>" in html and f"<strong>{totals['owner']}</strong>" in html
    assert 'class="totals-bar"' in html
    assert expected["forecast"]["finish"] in html
    path = html.split("关键路径")[1].split("</p>")[0]
    assert [name for name in re.findall(r'crit-node">([^<]+)<', path)] == ["立项", "工程规划许可", "施工许可", "开工"]
    dates = re.findall(r"<td class=\"date\">(\d{4}-\d\d-\d\d)</td>", html.split('class="events"')[1])
    assert dates[0] == "2026-06-10" and dates[-1] == "2026-05-25" and dates == sorted(dates, reverse=True)
    assert "暂按周一至周五计算" not in html


def test_provisional_numbers_are_flagged(client, business_date):
    project = make_project(OPINIONS, make_company())
    business_date(dt.date(2027, 3, 1))  # the forecast runs into a year without an official calendar
    log_in(client, make_user("clerk"))
    _, html = page(client, f"/projects/{project.id}")
    assert "暂按周一至周五计算" in html


def test_project_page_in_english(client, business_date):
    project = make_project(OPINIONS, make_company())
    business_date(as_of(OPINIONS))
    log_in(client, make_user("clerk"))
    with client.session_transaction() as session:
        session["lang"] = "en"
    _, html = page(client, f"/projects/{project.id}")
    assert "Works planning permit" in html and "Yellow light (warning)" in html


def test_missing_projects_404_and_anonymous_visitors_log_in(client, business_date):
    project = make_project(OPINIONS, make_company())
    business_date(as_of(OPINIONS))
    assert client.get(f"/projects/{project.id}").status_code == 302
    log_in(client, make_user("clerk"))
    assert client.get(f"/projects/{project.id + 1000}").status_code == 404


def test_project_names_are_escaped(client, business_date):
    project = make_project(OPINIONS, make_company(), name='<script>alert(1)</script>')
    business_date(as_of(OPINIONS))
    log_in(client, make_user("clerk"))
    for url in ("/", f"/projects/{project.id}"):
        _, html = page(client, url)
        assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_commitments_are_listed_with_their_verification_deadline(client, business_date):
    project = make_project("commitment-page", make_company())
    business_date(as_of("commitment-page"))
    log_in(client, make_user("clerk"))
    _, html = page(client, f"/projects/{project.id}")
    table = html.split('class="commitments"')[1].split("</table>")[0]
    assert "建设项目环境影响评价文件审批" in table and "2026-06-03" in table
    assert "待核查" in table and "light light-green" in table


PANEL_ONLY = ("FROM fast_path_choices", "FROM obligations")  # read only when the fast-path panel shows


def test_project_page_queries_do_not_grow_with_the_events(client, business_date):
    short = make_project("commitment-page", make_company())
    long = make_project(OPINIONS, make_company())
    business_date(as_of(OPINIONS))
    log_in(client, make_user("clerk"))
    for row in (short, long):
        page(client, f"/projects/{row.id}")  # warm caches (the calendar, each page's cached timeline sections)
    counts = []
    for project_id in (short.id, long.id):
        db.session.expunge_all()  # the test shares the requests' session: start each page from nothing
        with count_queries() as queries:
            assert page(client, f"/projects/{project_id}")[0] == 200
        counts.append([q for q in queries if "user" not in q and not any(t in q for t in PANEL_ONLY)])
    assert len(counts[0]) == len(counts[1]) and len(counts[1]) <= 10, counts  # other panels add a few
    # the calendar's stamp is read once for the page and all its panels; with the caches warm no panel replays:
    # only the last event's number is read, not the events
    assert [sum("calendar_days" in q for q in c) for c in counts] == [1, 1], counts
    assert [sum("FROM project_events" in q for q in c) for c in counts] == [1, 1], counts
    assert not any("project_events.data" in q for c in counts for q in c), counts


def test_the_cached_sections_follow_new_events_and_the_date(client, business_date):
    from coordinator.models import ProjectPageCache
    from coordinator.services.projects import append_event

    row = make_project(OPINIONS, make_company())
    day = as_of(OPINIONS)
    business_date(day)
    log_in(client, make_user("clerk"))
    first = page(client, f"/projects/{row.id}")[1]
    assert page(client, f"/projects/{row.id}")[1] == first  # from the cache
    assert db.session.query(ProjectPageCache).filter_by(project_id=row.id, lang="zh").count() == 1
    append_event(row, {"do": "pause", "node": "works-planning", "item": "works-planning-permit", "reason": "hearing",
                       "note": "听证会议"}, None, day)
    db.session.commit()
    assert "听证会议" in page(client, f"/projects/{row.id}")[1]  # a new event: sections drawn again
    business_date(day + dt.timedelta(days=7))
    assert f"<dd>{(day + dt.timedelta(days=7)).isoformat()}</dd>" in page(client, f"/projects/{row.id}")[1]
