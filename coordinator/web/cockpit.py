"""The leaders' cockpit (领导驾驶舱): pipeline and red items, department scorecards by month, project
performance against promises and reform targets; charts as SVG and every table as .xlsx."""
from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user

from coordinator.clock import current_clock
from coordinator.extensions import db
from coordinator.models import CockpitState
from coordinator.services import cockpit, exports
from coordinator.services.templates import all_templates
from coordinator.web.access import requires
from coordinator.web.charts_svg import bars, stacked_bars
from coordinator.web.links import fill, url_template
from coordinator.web.projects import department_names, is_english, keep_cache, page_helpers
from coordinator.web.timeline_view import display_name

bp = Blueprint("cockpit", __name__, url_prefix="/cockpit")
LIGHTS = (("red", "#cf222e"), ("yellow", "#d4a72c"), ("green", "#1a7f37"), ("none", "#d0d7de"))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def fresh() -> CockpitState:
    """Bring the summary cache up to date (a replay only after new events, a new business date or a calendar
    change); returns its state (held here: the session keeps no strong reference)."""
    state, replayed = cockpit.brought_up_to(current_clock().today())
    keep_cache(bool(replayed))
    return state


def names() -> dict:
    """Display names of departments, stages and templates (two queries, templates parsed once)."""
    english, depts = is_english(), department_names()
    nodes, items, templates = {}, {}, {}
    for template in all_templates().values():  # parsed once per process
        templates[template.key] = display_name(template, english)
        nodes.update({node.key: display_name(node, english) for node in template.nodes})
        items.update({item.key: display_name(item, english) for node in template.nodes for item in node.items})
    nodes.update({"done": _("All stages done"), "waiting": _("Not started")})
    return {"dept_name": lambda c: depts.get(c, c), "node_name": lambda c: nodes.get(c, c),
            "item_name": lambda c: items.get(c, c),
            "template_name": lambda c: templates.get(c, c)}


def page_number() -> int:
    return max(1, request.args.get("page", 1, type=int))


@bp.get("/")
@requires("cockpit:view")
def overview():
    """Pipeline by stage and light, the open red items longest red first, on-time rate by month."""
    state = fresh()
    helpers = {**page_helpers(), **names()}
    pipeline = cockpit.pipeline()
    red = red_rows(cockpit.red_clocks(page_number()), helpers)
    trend = cockpit.monthly_trend()
    legend = [(helpers["light_label"](light) if light != "none" else _("No clock running"), colour)
              for light, colour in LIGHTS]
    pipeline_chart = stacked_bars([(helpers["node_name"](r["stage"]), [r[light] for light, _c in LIGHTS])
                                   for r in pipeline], legend, title=_("Projects by stage and light"),
                                  id_prefix="pipeline-chart")
    trend_chart = bars([(t["month"], t["rate"] or 0) for t in trend], "#1a7f37", title=_("On-time rate by month"),
                       id_prefix="trend-chart", suffix="%", scale_max=100)
    return render_template("cockpit/overview.html", pipeline=pipeline, red=red, red_total=state.red_clocks,
                           page=page_number(), per_page=cockpit.RED_PAGE, trend=trend,
                           pipeline_chart=pipeline_chart, trend_chart=trend_chart, **helpers)


@bp.get("/departments")
@requires("cockpit:view")
def departments():
    """One month's scorecard per department (default: the latest month with finished work)."""
    fresh()
    helpers = {**page_helpers(), **names()}
    months = cockpit.months()
    month = request.args.get("month") or (months[0] if months else "")
    if month and month not in months:
        abort(404)
    scores = cockpit.scorecard(month) if month else []
    chart = bars([(helpers["dept_name"](s.dept), s.on_time_rate or 0) for s in scores], "#1a7f37",
                 title=_("On-time rate by department"), id_prefix="dept-chart", suffix="%", scale_max=100)
    return render_template("cockpit/departments.html", months=months, month=month, scores=scores, chart=chart,
                           **helpers)


@bp.get("/performance")
@requires("cockpit:view")
def performance():
    """Working days against the promise per stage, against the reform targets per template and project."""
    fresh()
    helpers = {**page_helpers(), **names()}
    land = {"yes": True, "no": False}.get(request.args.get("land", ""))
    projects = cockpit.performance(page_number(), standard_land=land)
    targets = cockpit.targets_by_template()
    total = cockpit.with_target(targets, land)
    stages = cockpit.stage_days()
    split = [(_("Government"), "#0b3d91"), (_("Agency"), "#8250df"), (_("Owner"), "#d4a72c")]
    split_chart = stacked_bars([(_target_label(t, helpers), [t["government"], t["agency"], t["owner"]])
                                for t in targets], split, title=_("Average working days: government, agency, owner"),
                               id_prefix="split-chart")
    stage_chart = stacked_bars([(helpers["node_name"](s["node"]), [s["used"]]) for s in stages],
                               [(_("Average working days used"), "#0b3d91")],
                               title=_("Average working days used per stage"), id_prefix="stage-chart")
    return render_template("cockpit/performance.html", project_rows=performance_rows(projects, helpers), total=total,
                           page=page_number(), per_page=cockpit.RED_PAGE, land=request.args.get("land", ""), targets=targets,
                           stages=stages, split_chart=split_chart, stage_chart=stage_chart, **helpers)


def red_rows(rows: list, helpers: dict) -> list[tuple]:
    """The red list ready to print, one tuple per row: links and names made here, once, not per row in
    the template (the longest part of the page at 50 rows)."""
    link = url_template("projects.show", ints=("project_id",))
    node, item, dept = helpers["node_name"], helpers["item_name"], helpers["dept_name"]
    return [(fill(link, project_id=r.project_id), r.name, r.code, node(r.node), item(r.item), r.kind == "opinion",
             dept(r.dept), r.overdue, r.used, r.limit) for r in rows]


def performance_rows(rows: list[dict], helpers: dict) -> list[tuple]:
    """The project list ready to print, one tuple per row (link, names and status labels made once per page):
    link, name, code, 标准地, stage, government, agency, owner, target days, status, status label."""
    link, node, labels = url_template("projects.show", ints=("project_id",)), helpers["node_name"], target_labels()
    return [(fill(link, project_id=r["project_id"]), r["name"], r["code"], r["standard_land"], node(r["stage"]),
             r["government"], r["agency"], r["owner"], r["target_days"], r["status"], labels[r["status"]])
            for r in rows]


def _target_label(target: dict, helpers: dict) -> str:
    name = helpers["template_name"](target["template"])
    return f"{name} · {_('Standard land')}" if target["standard_land"] else name


@bp.get("/export/<table>.xlsx")
@requires("cockpit:export")
def export(table: str):
    """One cockpit table, whole (not paged), as an Excel file; audited as an export."""
    if table not in TABLES:
        abort(404)
    fresh()
    helpers = {**page_helpers(), **names()}
    title, headers, rows = TABLES[table](helpers)
    data = exports.export(f"cockpit:{table}", title, headers, rows, current_user,
                          month=request.args.get("month", ""))
    db.session.commit()
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=f"cockpit-{table}.xlsx")


def _pipeline(h):
    return (_("Pipeline"), [_("Stage"), h["light_label"]("red"), h["light_label"]("yellow"),
                            h["light_label"]("green"), _("No clock running"), _("Projects")],
            ([h["node_name"](r["stage"]), r["red"], r["yellow"], r["green"], r["none"], r["total"]]
             for r in cockpit.pipeline()))


def _red(h):
    rows = cockpit.red_clocks(1, per_page=10 ** 9)
    return (_("Red items"), [_("Project code"), _("Project"), _("Stage"), _("Item"), _("Held by"),
                             _("Working days red"), _("Used"), _("Limit")],
            ([r.code, r.name, h["node_name"](r.node), h["item_name"](r.item), h["dept_name"](r.dept), r.overdue,
              r.used, r.limit] for r in rows))


def _scorecard(h):
    months = cockpit.months()
    month = request.args.get("month") or (months[0] if months else "")
    if month not in months:
        abort(404)
    return (_("Department scorecard"), _score_headers(),
            ([month, h["dept_name"](s.dept), s.handled, s.on_time, s.on_time_rate, s.early, s.median_used,
              s.median_promised, s.extensions, s.deemed, s.overridden] for s in cockpit.scorecard(month)))


def _score_headers() -> list[str]:
    return [_("Month"), _("Department"), _("Handled"), _("On time"), _("On-time rate (percent)"), _("Early"),
            _("Median working days used"), _("Median working days promised"), _("Extensions"),
            _("Deemed consents"), _("Objections overturned at meetings")]


def _trend(h):
    return (_("On-time rate by month"), [_("Month"), _("Handled"), _("On time"), _("On-time rate (percent)")],
            ([t["month"], t["handled"], t["on_time"], t["rate"]] for t in cockpit.monthly_trend(limit=10 ** 6)))


def _targets(h):
    return (_("Reform targets"), [_("Template"), _("Standard land"), _("Target (working days)"), _("Projects"),
                                  _("Government"), _("Agency"), _("Owner"), _("Met"), _("Missed"), _("Over, running")],
            ([h["template_name"](t["template"]), _("Yes") if t["standard_land"] else _("No"), t["target_days"],
              t["projects"], t["government"], t["agency"], t["owner"], t["met"], t["missed"], t["over"]]
             for t in cockpit.targets_by_template()))


def _stages(h):
    return (_("Stages"), [_("Stage"), _("Items finished"), _("Average working days used"),
                          _("Average working days promised"), _("On-time rate (percent)")],
            ([h["node_name"](s["node"]), s["handled"], s["used"], s["promised"], s["on_time_rate"]]
             for s in cockpit.stage_days()))


def _projects(h):
    rows, labels = cockpit.performance(1, per_page=10 ** 9), target_labels()
    return (_("Project performance"), [_("Project code"), _("Project"), _("Template"), _("Stage"), _("Government"),
                                       _("Agency"), _("Owner"), _("Target (working days)"), _("Status")],
            ([r["code"], r["name"], h["template_name"](r["template"]), h["node_name"](r["stage"]), r["government"],
              r["agency"], r["owner"], r["target_days"], labels[r["status"]]] for r in rows))


def target_labels() -> dict[str, str]:
    """The status of a project against its reform target, in words."""
    return {"met": _("Target met"), "missed": _("Target missed"), "on_track": _("Within target so far"),
            "over": _("Over target, still running"), "none": "—"}


TABLES = {"pipeline": _pipeline, "red": _red, "scorecard": _scorecard, "trend": _trend, "targets": _targets,
          "stages": _stages, "projects": _projects}
