"""`flask simulate FILE` (模拟推演) and `flask templates-check [FILES]`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from coordinator.domain.calendar import official_calendar
from coordinator.domain.errors import RuleBroken, ScenarioInvalid
from coordinator.domain.scenario import load_scenario_text, simulate
from coordinator.domain.templates import TemplateInvalid


@click.command("simulate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--as-of", "as_of", help="Compute the timeline for this date (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print the timeline JSON instead of a table.")
@with_appcontext
def simulate_command(file: str, as_of: str | None, as_json: bool) -> None:
    """Replay a scenario file and print its timeline; exit 2 when it breaks a rule."""
    from coordinator.services.templates import loaded_templates

    path = Path(file)
    try:
        data = load_scenario_text(path.read_text(encoding="utf-8"))
        if as_of:
            data["as_of"] = as_of
        result = simulate(data, loaded_templates(), _calendar(), base_dir=path.parent)
    except (ScenarioInvalid, RuleBroken, TemplateInvalid) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(render_table(result))


def _calendar():
    """The app's calendar when its database is reachable, else the official one."""
    from sqlalchemy.exc import SQLAlchemyError

    from coordinator.services.calendar import app_calendar

    try:
        return app_calendar()
    except SQLAlchemyError:
        return official_calendar()


def render_table(t: dict) -> str:
    """The timeline as a readable table."""
    head = f"{'node':<28} {'status':<10} {'start':<10} {'deadline':<10} {'finish':<10} {'used':>9} {'left':>4}  light"
    lines = [f"as of {t['as_of']}" + ("  (provisional: 暂按周一至周五计算)" if t["provisional"] else ""), head,
             "-" * len(head)]
    for key, node in t["nodes"].items():
        lines.append(_row(key, node))
        for ikey, item in node.get("items", {}).items():
            lines.append(_row("  " + ikey, item))
            for dept, op in item.get("opinions", {}).items():
                lines.append(_row("    @" + dept, {**op, "status": op.get("decision") or "open"}))
    tot = t["totals"]
    lines += ["", (f"elapsed {tot['elapsed']} working days: government {tot['government']}, "
                   f"agency {tot['agency']}, owner {tot['owner']}")]
    fc = t["forecast"]
    if fc["blocked_by"]:
        lines.append(f"blocked by rejected stage(s): {', '.join(fc['blocked_by'])}")
    else:
        lines.append(f"forecast finish {fc['finish']} via {' → '.join(fc['critical_path'])}")
    if "plan" in t:
        p = t["plan"]
        verdict = "feasible" if p["feasible"] else f"NOT feasible (short by {p['short_by']} working days)"
        lines.append(f"target {p['target']}: {verdict}")
        for key, start in p["latest_start"].items():
            lines.append(f"  {key:<26} latest start {start}  slack {p['slack'][key]}")
    for c in t["commitments"]:
        lines.append(f"commitment {c['node']}/{c['item']}: signed {c['signed']}, verify by {c['due']} "
                     f"({c['verify_by']}) {c['status']}")
    return "\n".join(lines)


def _row(key: str, c: dict) -> str:
    used = "" if c.get("used") is None else f"{c['used']}/{c.get('limit', '')}"
    if c.get("kind") == "milestone":
        used = ""
    left = "" if c.get("remaining") is None else str(c["remaining"])
    return (f"{key:<28} {c.get('status', ''):<10} {c.get('started') or '':<10} {c.get('deadline') or '':<10} "
            f"{c.get('finished') or '':<10} {used:>9} {left:>4}  {c.get('light', '')}")


@click.command("templates-check")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def templates_check(files: tuple[str, ...]) -> None:
    """Validate stage templates (default: every file in stage_templates/); exit 2 on any problem."""
    from coordinator.services.templates import check_files, template_files

    paths = [Path(f) for f in files] or template_files()
    bad = 0
    for path, problems in check_files(paths).items():
        if problems:
            bad += 1
            click.echo(f"{path}: {len(problems)} problem(s)")
            for problem in problems:
                click.echo(f"  {problem}")
        else:
            click.echo(f"{path}: ok")
    if bad:
        sys.exit(2)


commands = [simulate_command, templates_check]
