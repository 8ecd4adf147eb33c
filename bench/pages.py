"""City-size speed benchmark (a script, not a timed test): generates N projects with 14 departments, their
opinions and events (bulk inserts into a file SQLite database, or COORDINATOR_DATABASE_URL), then times
pages through the real Flask stack against the hand-written SQL that fetches the same data, in one run.

    .venv/bin/python -m bench.pages --projects 1000 --reps 15
    .venv/bin/python -m bench.pages --projects 20000 --reps 12

Each page is timed in rounds interleaved with its SQL floor and three framework floors (an empty public route;
an empty route as the signed-in leader: session record, user, permission check; an empty page in the shared
layout as that leader: navigation, badges, language switch, which every real page pays), so that a page and
its floors see the same machine load. Prints a Markdown table (page, p50, SQL floor, page ÷ (SQL + each
floor)) and writes bench/results/<date>-<projects>.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from flask import render_template
from sqlalchemy import insert, text

from coordinator import create_app
from coordinator.clock import BUSINESS_DATE_KEY
from coordinator.extensions import db
from coordinator.models import Department, Project, ProjectEvent, TemplateVersion, User
from coordinator.services import cockpit
from coordinator.services.calendar import app_calendar
from coordinator.services.settings import put_setting
from coordinator.web.access import public, requires

TODAY = dt.date(2026, 6, 30)
DEPTS = ["natural-resources", "housing-construction", "fire-protection", "meteorology", "transport",
         "civil-air-defense", "ecology-environment", "water-resources", "market-regulation", "culture-tourism",
         "emergency-management", "urban-management", "power-supply", "telecom"]
SCHEME_DEPTS, PERMIT_DEPTS = DEPTS[2:8], DEPTS[8:14] + DEPTS[:2]
TEMPLATE = {
    "key": "bench-city", "version": 1, "name": "基准测试流程", "name_en": "Benchmark flow",
    "reform_target": {"node": "start", "working_days": 30, "name": "开工前审批用时 ≤ 30 个工作日"},
    "nodes": [
        {"key": "planning", "kind": "stage", "name": "工程建设许可", "name_en": "Planning permit",
         "lead": "natural-resources", "promised_days": 12, "legal_days": 20, "items": [
             {"key": "scheme", "name": "设计方案审查", "dept": "natural-resources", "promised_days": 7,
              "legal_days": 20, "overdue_policy": "deemed_consent",
              "opinions": [{"dept": d, "days": 3} for d in SCHEME_DEPTS]},
             {"key": "permit", "name": "建设工程规划许可证", "dept": "natural-resources", "promised_days": 7,
              "legal_days": 20, "opinions": [{"dept": d, "days": 3} for d in PERMIT_DEPTS]}]},
        {"key": "construction", "kind": "stage", "name": "施工许可", "name_en": "Construction permit",
         "lead": "housing-construction", "needs": ["planning"], "promised_days": 5, "legal_days": 7,
         "items": [{"key": "licence", "name": "施工许可证", "dept": "housing-construction", "promised_days": 5,
                    "legal_days": 7}]},
        {"key": "start", "kind": "milestone", "name": "开工", "name_en": "Start of works", "needs": ["construction"]},
    ],
}


# ------------------------------------------------------------------ data
def add_days(day: dt.date, working: int) -> dt.date:
    """`working` working days after `day` on the app's calendar (the one the engine counts with)."""
    return CALENDAR[0].deadline(day, working) if working else day


CALENDAR: list = []  # the app's calendar, read once by generate()


def project_events(rng: random.Random) -> list[dict]:
    """One project's events in date order, following the rules: a valid prefix of a full approval."""
    if rng.random() < 0.1:
        return []
    d0 = CALENDAR[0].next_workday(TODAY - dt.timedelta(days=rng.randint(5, 540)))
    out = [(d0, 0, {"do": "submit", "node": "planning"}), (d0, 1, {"do": "accept", "node": "planning"})]
    last = add_days(d0, 4)
    for dept in SCHEME_DEPTS:  # deemed consent after 3 working days when silent
        if rng.random() < 0.7:
            out.append((add_days(d0, rng.randint(0, 3)), 2, _opinion("scheme", dept)))
    answered = 0
    for dept in PERMIT_DEPTS:  # escalate: a late answer is allowed, a silent one stays red
        if rng.random() < 0.93:
            day = add_days(d0, rng.randint(0, 6))
            out.append((day, 2, _opinion("permit", dept)))
            last, answered = max(last, day), answered + 1
    if answered == len(PERMIT_DEPTS) and rng.random() < 0.8:
        decided = add_days(last, rng.randint(0, 3))
        out += [(decided, 3, {"do": "decide", "node": "planning", "item": item, "result": "approved"})
                for item in ("scheme", "permit")]
        out.append((decided, 4, {"do": "complete", "node": "planning"}))
        if rng.random() < 0.8:
            accepted = add_days(decided, rng.randint(1, 8))
            done = add_days(accepted, rng.randint(1, 7))
            out += [(accepted, 5, {"do": "submit", "node": "construction"}),
                    (accepted, 6, {"do": "accept", "node": "construction"})]
            if rng.random() < 0.85:
                out += [(done, 7, {"do": "decide", "node": "construction", "item": "licence", "result": "approved"}),
                        (done, 8, {"do": "complete", "node": "construction"})]
    return [{**event, "date": day} for day, _order, event in sorted(out, key=lambda e: (e[0], e[1]))
            if day <= TODAY]


def _opinion(item: str, dept: str) -> dict:
    return {"do": "opinion", "node": "planning", "item": item, "dept": dept, "decision": "consent"}


def generate(count: int, seed: int = 7) -> None:
    """Departments, two users, the template and `count` projects with their events, by bulk inserts."""
    db.session.execute(insert(Department), [{"code": c, "name": c, "name_en": c} for c in DEPTS])
    template = TemplateVersion(key="bench-city", version=1, name=TEMPLATE["name"], content=TEMPLATE, checksum="b")
    db.session.add(template)
    db.session.flush()
    rng = random.Random(seed)
    CALENDAR[:] = [app_calendar()]
    projects, events = [], []
    for number in range(1, count + 1):
        projects.append({"id": number, "code": f"2026-330000-00-00-{number:06d}", "name": f"基准项目{number}",
                         "template_id": template.id, "fast_paths": [], "standard_land": rng.random() < 0.1,
                         "location": "", "industry": "", "version": 1})
        for seq, event in enumerate(project_events(rng), 1):
            fields = {k: v for k, v in event.items() if k not in ("date", "do", "node", "item", "dept")}
            events.append({"project_id": number, "seq": seq, "date": event["date"], "do": event["do"],
                           "node": event.get("node"), "item": event.get("item"), "dept": event.get("dept"),
                           "data": fields, "actor_id": None})
    for start in range(0, len(projects), 5000):
        db.session.execute(insert(Project), projects[start:start + 5000])
    for start in range(0, len(events), 20000):
        db.session.execute(insert(ProjectEvent), events[start:start + 20000])
    put_setting(BUSINESS_DATE_KEY, TODAY.isoformat())
    db.session.commit()
    print(f"generated {count} projects, {len(events)} events", file=sys.stderr)


def bench_leader() -> User:
    """The leader who reads the cockpit, the project page and the meetings."""
    leader = User(username="bench-leader", display_name="领导", password_hash="!", role="leader",
                  department_id=db.session.query(Department.id).filter_by(code=DEPTS[0]).scalar())
    db.session.add(leader)
    db.session.commit()
    return leader


def app_for(url: str):
    """The app on the benchmark's database, with a throwaway upload folder."""
    return create_app({"SECRET_KEY": "bench", "DATABASE_URL": url, "SQLALCHEMY_DATABASE_URI": url,
                       "WTF_CSRF_ENABLED": False, "UPLOAD_DIR": tempfile.mkdtemp(prefix="bench-uploads-")})


def prepared(count: int) -> tuple[User, User, int, float]:
    """After generate(): the leader, the inbox's lead, the meeting and the cache filled as a running server
    has it (statistics settled); returns them with the seconds the cache's first fill took."""
    leader = bench_leader()
    start = time.perf_counter()
    cockpit.refresh(TODAY)
    db.session.commit()
    rebuild = time.perf_counter() - start
    settled()
    return leader, inbox_lead(), meeting(leader, count), rebuild


# ------------------------------------------------------------------ floors: the same data by hand
COCKPIT_SQL = [  # the page reads the counts kept with the cache (cockpit_pipeline, cockpit_months): so does the floor
    "SELECT max(id) FROM project_events",
    "SELECT as_of, last_event_id, stale, red_clocks FROM cockpit_state WHERE id = 1",
    "SELECT code, name, name_en FROM departments",
    "SELECT id, key, version, content, checksum FROM template_versions",
    "SELECT stage, light, projects FROM cockpit_pipeline",
    ("SELECT c.project_id, p.code, p.name, c.kind, c.node, c.item, c.dept, c.overdue, c.used, c.\"limit\" "
     "FROM (SELECT * FROM cockpit_clocks WHERE light = 'red' AND finished IS NULL ORDER BY overdue DESC, id "
     "LIMIT 50 OFFSET :offset) c JOIN projects p ON p.id = c.project_id ORDER BY c.overdue DESC, c.id"),
    ("SELECT month, sum(handled), sum(on_time) FROM cockpit_months GROUP BY month ORDER BY month DESC LIMIT 12"),
]
SCORECARD_SQL = COCKPIT_SQL[:4] + [  # the latest month's scorecard, from the counts kept with the cache
    "SELECT DISTINCT month FROM cockpit_months ORDER BY month DESC",
    ("SELECT dept, days, used, promised FROM cockpit_month_days "
     "WHERE month = (SELECT max(month) FROM cockpit_months)"),
    "SELECT * FROM cockpit_months WHERE month = (SELECT max(month) FROM cockpit_months) ORDER BY dept",
]
PERFORMANCE_SQL = COCKPIT_SQL[:4] + [
    ("SELECT s.*, p.code, p.name FROM (SELECT * FROM cockpit_projects WHERE days_over_target IS NOT NULL "
     "ORDER BY days_over_target DESC, project_id LIMIT 50 OFFSET :offset) s JOIN projects p ON p.id = s.project_id "
     "ORDER BY s.days_over_target DESC, s.project_id"),  # the page alone first: index order without statistics
    "SELECT * FROM cockpit_targets ORDER BY template_key, standard_land, target_days",
    "SELECT * FROM cockpit_stages ORDER BY node",
]
INBOX_PAGE = (  # the inbox's page: the department's open clocks, soonest deadline first (the same ORDER BY)
    "SELECT c.project_id, c.node, c.item, c.kind FROM cockpit_clocks c WHERE c.dept = :dept AND c.finished IS NULL "
    "ORDER BY c.\"limit\" + c.extended - c.used, CASE c.light WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 "
    "WHEN 'green' THEN 2 WHEN 'paused' THEN 3 ELSE 9 END, c.project_id, c.node, c.item, "
    "CASE WHEN c.kind = 'item' THEN '' ELSE c.dept END LIMIT 50")
INBOX_SQL = [  # the cache watermark, the counts, one page with its projects, their cached timelines, routes
    "SELECT max(id) FROM project_events",
    "SELECT as_of, last_event_id, stale, red_clocks FROM cockpit_state WHERE id = 1",
    "SELECT id, key, version, content, checksum FROM template_versions",
    "SELECT node, sum(clocks) FROM cockpit_open WHERE dept = :dept GROUP BY node",  # the kept counts
    f"SELECT page.*, p.name, p.code, p.template_id FROM ({INBOX_PAGE}) page JOIN projects p ON p.id = page.project_id",
    ("SELECT t.project_id, t.digest, t.body, (SELECT max(seq) FROM project_events e WHERE e.project_id = t.project_id) "
     f"FROM timeline_cache t WHERE t.project_id IN (SELECT project_id FROM ({INBOX_PAGE}) page)"),
    ("SELECT r.project_id, r.node, r.item, r.dept, u.id, u.display_name FROM review_assignments r "
     f"JOIN users u ON u.id = r.reviewer_id WHERE r.project_id IN (SELECT project_id FROM ({INBOX_PAGE}) page)"),
    ("SELECT p.id, p.name, p.template_id, pairs.node FROM (SELECT DISTINCT c.project_id, c.node FROM cockpit_clocks c "
     "WHERE c.kind = 'item' AND c.finished IS NULL AND c.node = 'planning' AND NOT EXISTS (SELECT 1 FROM "
     "review_dispatches d WHERE d.project_id = c.project_id AND d.node = c.node) ORDER BY c.project_id, c.node "
     "LIMIT 21) pairs JOIN projects p ON p.id = pairs.project_id ORDER BY p.id, pairs.node"),
]
PROJECT_SQL = [  # the project, the cached timeline and page sections with the last event's number (no events)
    "SELECT p.*, t.content FROM projects p JOIN template_versions t ON t.id = p.template_id WHERE p.id = :id",
    ("SELECT t.digest, t.body, c.digest, c.upper, c.lower, (SELECT max(seq) FROM project_events e "
     "WHERE e.project_id = p.id) FROM projects p LEFT JOIN timeline_cache t ON t.project_id = p.id "
     "LEFT JOIN project_page_cache c ON c.project_id = p.id AND c.lang = 'zh' WHERE p.id = :id"),
]
BOARD_SQL = [  # the meeting board: the meeting with its chair and invitations, the agenda items with their project's
    # name and code, the positions, the resolutions (each row once), the department names and the templates
    ("SELECT m.*, u.display_name, i.* FROM meetings m JOIN users u ON u.id = m.chair_id "
     "LEFT JOIN meeting_invites i ON i.meeting_id = m.id WHERE m.id = :meeting"),
    ("SELECT a.*, p.name, p.code, p.template_id FROM meeting_agenda_items a JOIN projects p ON p.id = a.project_id "
     "WHERE a.meeting_id = :meeting"),
    ("SELECT s.agenda_item_id, s.dept, s.stance, s.text FROM meeting_positions s JOIN meeting_agenda_items a "
     "ON a.id = s.agenda_item_id WHERE a.meeting_id = :meeting"),
    ("SELECT r.* FROM meeting_resolutions r JOIN meeting_agenda_items a ON a.id = r.agenda_item_id "
     "WHERE a.meeting_id = :meeting"),
    "SELECT code, name FROM departments",
    "SELECT id, key, version, content, checksum FROM template_versions",
]
SUGGESTIONS_SQL = [  # /meetings/new: the stored suggestions' kept counts per reason and 20 per reason by their index,
    # what unsigned meetings hold, tasks, flags; the form's lists (one page per reason: projects and templates)
    "SELECT max(id) FROM project_events",
    "SELECT as_of, last_event_id, stale, red_clocks FROM cockpit_state WHERE id = 1",
    "SELECT project_id FROM agenda_pending",
    ("SELECT a.project_id, a.reason, a.node, a.item, a.dept FROM meeting_agenda_items a "
     "JOIN meetings m ON m.id = a.meeting_id WHERE m.signed_on IS NULL"),
    ("SELECT project_id, reason, node, item, dept, note FROM agenda_suggestions WHERE project_id IN ("
     "SELECT a.project_id FROM meeting_agenda_items a JOIN meetings m ON m.id = a.meeting_id "
     "WHERE m.signed_on IS NULL) ORDER BY project_id, ordinal"),
    "SELECT reason, suggestions FROM agenda_counts",
    " UNION ALL ".join(
        f"SELECT * FROM (SELECT project_id, reason, node, item, dept, note, rank, ordinal FROM agenda_suggestions "
        f"WHERE reason = '{reason}' ORDER BY rank, project_id, ordinal LIMIT 20) AS {reason}"
        for reason in ("objection", "overdue_opinion", "past_target")),
    "SELECT * FROM meeting_tasks WHERE done_on IS NULL ORDER BY due, id",
    "SELECT project_id, note FROM meeting_flags WHERE meeting_id IS NULL ORDER BY id",
    "SELECT id, name, code, template_id FROM projects ORDER BY id LIMIT 20",  # the shown suggestions' projects
    "SELECT id, key, version, content, checksum FROM template_versions",
    "SELECT * FROM users WHERE role = 'leader' ORDER BY display_name",
    "SELECT * FROM departments ORDER BY name",
]


def meeting(leader: User, count: int) -> int:
    """A joint-approval meeting the size of a real session: 41 projects on the agenda, 14 departments invited,
    each department's position on every item, one resolution per item (bulk inserts)."""
    from coordinator.models import AgendaItem, Meeting, MeetingInvite, MeetingPosition, Resolution

    row = Meeting(year=TODAY.year, number=1, title="基准联审会", day=TODAY, place="三楼会议室", chair_id=leader.id,
                  convened_by_id=leader.id)
    db.session.add(row)
    db.session.flush()
    db.session.execute(insert(MeetingInvite), [{"meeting_id": row.id, "dept": d, "attendance": "present",
                                                "attendee": "", "absence_reason": ""} for d in DEPTS])
    step = max(1, count // 41)
    items = [{"meeting_id": row.id, "position": n, "project_id": 1 + (n - 1) * step % count, "node": "planning",
              "item": "permit", "dept": PERMIT_DEPTS[n % len(PERMIT_DEPTS)], "reason": "overdue_opinion",
              "note": ""} for n in range(1, 42)]
    db.session.execute(insert(AgendaItem), items)
    ids = list(db.session.scalars(text("SELECT id FROM meeting_agenda_items WHERE meeting_id = :m ORDER BY id"),
                                  {"m": row.id}))
    db.session.execute(insert(MeetingPosition), [{"agenda_item_id": i, "dept": d, "stance": "agree", "text": "同意"}
                                                 for i in ids for d in DEPTS])
    db.session.execute(insert(Resolution), [{"agenda_item_id": i, "kind": "extend", "text": "延期", "basis": "",
                                             "days": 3} for i in ids])
    db.session.commit()
    return row.id


def inbox_lead() -> User:
    """The lead of the department holding most open clocks (自然资源和规划局: both items, and the requests to send)."""
    lead = User(username="bench-lead", display_name="牵头科室", password_hash="!", role="lead",
                department_id=db.session.query(Department.id).filter_by(code=DEPTS[0]).scalar())
    db.session.add(lead)
    db.session.commit()
    return lead


def settled() -> None:
    """Planner statistics and (PostgreSQL) the visibility map after the bulk load and the cache's first fill,
    as autovacuum would leave them on a server that has been running."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def floor(statements: list[str], params: dict) -> None:
    with db.engine.connect() as conn:
        for statement in statements:
            conn.execute(text(statement), params).fetchall()


def interleaved(calls: dict, reps: int) -> dict[str, float]:
    """Median milliseconds of each call, timed in `reps` rounds that run every call once (after two warm-up
    rounds): a page and its floors see the same machine load, so their ratio holds on a busy machine."""
    samples: dict[str, list[float]] = {name: [] for name in calls}
    for round_ in range(reps + 2):
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            if round_ >= 2:
                samples[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


def page(client, url: str):
    def call():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    return call


def measure(app, count: int, reps: int, skip: set[str]) -> dict:
    from tests.login import log_in

    app.add_url_rule("/bench/empty", "bench_empty", public(lambda: ""))
    layout_page = app.jinja_env.from_string('{% extends "base.html" %}{% block content %}{% endblock %}')
    app.add_url_rule("/bench/signed-in", "bench_signed_in", requires("cockpit:view")(lambda: ""))
    app.add_url_rule("/bench/layout", "bench_layout", requires("cockpit:view")(lambda: render_template(layout_page)))
    with app.app_context():
        leader, lead, meeting_id, rebuild = prepared(count)
        middle = count // 2
        leader_client, lead_client = app.test_client(), app.test_client()
        log_in(leader_client, leader)
        log_in(lead_client, lead)
        floors = {"framework": page(leader_client, "/bench/empty"), "signed_in": page(leader_client, "/bench/signed-in"),
                  "layout": page(leader_client, "/bench/layout")}
        pages = {
            "cockpit": (page(leader_client, "/cockpit/"), COCKPIT_SQL, {"offset": 0}),
            "cockpit page 3": (page(leader_client, "/cockpit/?page=3"), COCKPIT_SQL, {"offset": 100}),
            "cockpit scorecard": (page(leader_client, "/cockpit/departments"), SCORECARD_SQL, {}),
            "cockpit performance page 3": (page(leader_client, "/cockpit/performance?page=3"), PERFORMANCE_SQL,
                                           {"offset": 100}),
            "project": (page(leader_client, f"/projects/{middle}"), PROJECT_SQL, {"id": middle}),
            "inbox": (page(lead_client, "/review/inbox"), INBOX_SQL, {"dept": DEPTS[0]}),
            "inbox page 3": (page(lead_client, "/review/inbox?page=3"), [q.replace("LIMIT 50", "LIMIT 50 OFFSET 100")
                                                                        for q in INBOX_SQL], {"dept": DEPTS[0]}),
            "meeting board": (page(leader_client, f"/meetings/{meeting_id}"), BOARD_SQL, {"meeting": meeting_id}),
            "/meetings/new": (page(leader_client, "/meetings/new"), SUGGESTIONS_SQL, {}),
        }
        results = {"projects": count, "cache_rebuild_s": round(rebuild, 1), "pages": {}}
        seen: dict[str, list[float]] = {name: [] for name in floors}
        for name, (call, statements, params) in pages.items():
            if name in skip:
                continue
            ms = interleaved({"page": call, "sql": lambda s=statements, p=params: floor(s, p), **floors}, reps)
            for floor_name in floors:
                seen[floor_name].append(ms[floor_name])
            results["pages"][name] = {"ms": round(ms["page"], 2), "sql_ms": round(ms["sql"], 2),
                                      **{f"{f}_ms": round(ms[f], 2) for f in floors},
                                      **{f"ratio_{f}": round(ms["page"] / (ms["sql"] + ms[f]), 2) for f in floors}}
        results.update({f"{f}_ms": round(statistics.median(values), 2) for f, values in seen.items() if values})
        return results


def report(results: dict) -> str:
    lines = [(f"Projects: {results['projects']}; floors (median over the pages' runs): framework (empty route) "
              f"{results['framework_ms']} ms, signed-in empty route {results['signed_in_ms']} ms, signed-in layout "
              f"{results['layout_ms']} ms; cache rebuild for a new business date {results['cache_rebuild_s']} s"),
             "", ("| page | p50 ms | SQL floor ms | ÷ (SQL + framework) | ÷ (SQL + signed-in route) "
                  "| ÷ (SQL + layout) |"),
             "|---|---|---|---|---|---|"]
    lines += [f"| {name} | {r['ms']} | {r['sql_ms']} | {r['ratio_framework']} | {r['ratio_signed_in']} "
              f"| {r['ratio_layout']} |" for name, r in results["pages"].items()]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--reps", type=int, default=15)
    parser.add_argument("--skip", action="append", default=[], help="a page to leave out (e.g. /meetings/new)")
    parser.add_argument("--results", type=Path, default=Path(__file__).parent / "results",
                        help="the folder the JSON results go to")
    args = parser.parse_args()
    url = os.environ.get("COORDINATOR_DATABASE_URL") or \
        f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench-')) / f'bench-{args.projects}.db'}"
    app = app_for(url)
    with app.app_context():
        db.drop_all()
        db.create_all()
        start = time.perf_counter()
        generate(args.projects)
        db.session.execute(text("ANALYZE"))  # planner statistics after the bulk load (PostgreSQL's autovacuum would)
        db.session.commit()
        print(f"generation {time.perf_counter() - start:.1f} s", file=sys.stderr)
    results = measure(app, args.projects, args.reps, set(args.skip))
    results.update(database=url.split(":")[0], python=sys.version.split()[0],
                   sha=subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False).stdout
                   .strip(), nproc=os.cpu_count())
    database = "" if results["database"] == "sqlite" else f"-{results['database'].split('+')[0]}"
    out = args.results / f"{TODAY.isoformat()}-{args.projects}{database}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(report(results))


if __name__ == "__main__":
    main()
