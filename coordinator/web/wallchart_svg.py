"""Draw wall charts (挂图作战) as server-side SVG: per node an actual bar coloured by its light, a forecast
bar (outlined), pauses shaded, the critical path outlined in blue, today and the target as vertical lines.
Several projects share one date axis. All text is escaped; no script, no inline style (CSP, printable)."""
from __future__ import annotations

import datetime as dt
from html import escape

from coordinator.domain.wallchart import Chart, ChartRow
from coordinator.web.graph_svg import CRITICAL, LIGHT_COLOURS, fit
from coordinator.web.timeline_view import display_name

LABEL_W, ROW_H, HEAD_H, GROUP_H, PAD = 230, 24, 34, 26, 8
TODAY_COLOUR, TARGET_COLOUR, FORECAST, FORECAST_EDGE = "#cf222e", "#8250df", "#0b3d91", "#57606a"
PAUSE_FILL = "#8c959f"


def render_wallchart(groups: list[tuple[str, object, Chart]], *, english: bool, translate, title: str,
                     id_prefix: str = "wallchart", width: int = 960) -> str:
    """groups: (project title, template, chart); one SVG with a shared time axis."""
    charts = [c for _t, _tpl, c in groups]
    first = min(c.span()[0] for c in charts)
    last = max(c.span()[1] for c in charts)
    days = (last - first).days + 1
    scale = (width - LABEL_W - PAD) / days
    rows = sum(len(c.rows) for c in charts) * ROW_H + GROUP_H * len(groups)
    height = HEAD_H + rows + PAD

    def x(day: dt.date) -> float:
        return LABEL_W + (day - first).days * scale

    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" class="wallchart" role="img" '
             f'aria-labelledby="{escape(id_prefix)}-title" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}"><title id="{escape(id_prefix)}-title">{escape(title)}</title>'),
             _pattern(id_prefix), *_off_days(charts, x, scale, height), *_months(first, last, x, height)]
    y = HEAD_H
    for name, template, c in groups:
        parts.append(f'<text class="wc-group" x="{PAD}" y="{y + 17}" font-size="13" font-weight="bold" '
                     f'fill="#1f2328">{escape(fit(name, 13, width - 2 * PAD))}</text>')
        if c.target:
            parts.append(_marker_line(x(c.target) + scale, y, y + GROUP_H + len(c.rows) * ROW_H, TARGET_COLOUR,
                                      "wc-target", translate("Target %(date)s") % {"date": c.target}))
        y += GROUP_H
        for row in c.rows:
            parts.append(_row(row, template, y, x, scale, english, translate, id_prefix))
            y += ROW_H
    today = charts[0].today
    parts.append(_marker_line(x(today) + scale / 2, HEAD_H - 6, height - PAD, TODAY_COLOUR, "wc-today",
                              translate("Today %(date)s") % {"date": today}))
    parts.append("</svg>")
    return "\n".join(parts)


def _pattern(prefix: str) -> str:
    return (f'<defs><pattern id="{escape(prefix)}-paused" width="6" height="6" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="3" height="6" fill="{PAUSE_FILL}"/></pattern></defs>')


def _months(first: dt.date, last: dt.date, x, height: int) -> list[str]:
    """A tick and label at the first of every month (and at the start)."""
    out, day = [], first
    while day <= last:
        if day == first or day.day == 1:
            out.append(f'<line class="wc-tick" x1="{x(day):.1f}" y1="{HEAD_H - 14}" x2="{x(day):.1f}" '
                       f'y2="{height - PAD}" stroke="#d0d7de" stroke-width="1"/>'
                       f'<text x="{x(day) + 2:.1f}" y="{HEAD_H - 18}" font-size="11" fill="#57606a">'
                       f'{day.strftime("%Y-%m") if day == first or day.month == 1 else day.strftime("%m")}'
                       f'</text>')
        day += dt.timedelta(days=1)
    return out


def _off_days(charts: list[Chart], x, scale: float, height: int) -> list[str]:
    """Non-working days shaded as columns, consecutive days merged."""
    days = sorted({day for c in charts for day in c.off_days})
    runs: list[list[dt.date]] = []
    for day in days:
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return [f'<rect class="wc-off" x="{x(run[0]):.1f}" y="{HEAD_H - 10}" width="{len(run) * scale:.1f}" '
            f'height="{height - HEAD_H + 10 - PAD}" fill="#f6f8fa"/>' for run in runs]


def _marker_line(px: float, y1: float, y2: float, colour: str, css: str, label: str) -> str:
    return (f'<g class="{css}"><title>{escape(label)}</title><line x1="{px:.1f}" y1="{y1}" x2="{px:.1f}" '
            f'y2="{y2}" stroke="{colour}" stroke-width="2" stroke-dasharray="4 3"/></g>')


def _row(row: ChartRow, template, y: float, x, scale: float, english: bool, _, prefix: str) -> str:
    name = display_name(template.node(row.key), english)
    weight = ' font-weight="bold"' if row.critical else ""
    out = [(f'<g class="wc-row{" critical" if row.critical else ""}" data-key="{escape(row.key)}" '
           f'data-light="{escape(row.light)}">'),
           f'<title>{escape(_row_summary(row, name, _))}</title>',
           (f'<text x="{PAD + 8}" y="{y + 16}" font-size="12"{weight} fill="#1f2328">'
           f'{escape(fit(name, 12, LABEL_W - PAD - 14))}</text>')]
    if row.forecast and row.kind != "milestone":
        a, b = row.forecast
        fill, stroke, width = ("#ddf4ff", CRITICAL, 2.2) if row.critical else ("#ffffff", FORECAST_EDGE, 1.2)
        out.append(f'<rect class="wc-forecast" x="{x(a):.1f}" y="{y + 6}" width="{(b - a).days * scale + scale:.1f}" '
                   f'height="{ROW_H - 12}" fill="{fill}" stroke="{stroke}" stroke-width="{width}" '
                   f'stroke-dasharray="4 2"/>')
    if row.actual:
        a, b = row.actual
        fill, stroke, _lamp = LIGHT_COLOURS.get(row.light, LIGHT_COLOURS["none"])
        if row.kind == "milestone":
            out.append(_diamond(x(a) + scale / 2, y + ROW_H / 2, "#1a7f37"))
        else:
            out.append(f'<rect class="wc-actual" x="{x(a):.1f}" y="{y + 4}" width="{(b - a).days * scale + scale:.1f}" '
                       f'height="{ROW_H - 8}" fill="{fill}" stroke="{CRITICAL if row.critical else stroke}" '
                       f'stroke-width="{2.2 if row.critical else 1.2}"/>')
    elif row.kind == "milestone" and row.forecast:
        out.append(_diamond(x(row.forecast[1]) + scale / 2, y + ROW_H / 2, FORECAST))
    for a, b in row.pauses:
        out.append(f'<rect class="wc-pause" x="{x(a) + scale:.1f}" y="{y + 4}" width="{(b - a).days * scale:.1f}" '
                   f'height="{ROW_H - 8}" fill="url(#{escape(prefix)}-paused)" opacity="0.6"/>')
    out.append("</g>")
    return "".join(out)


def _diamond(cx: float, cy: float, colour: str) -> str:
    return (f'<path class="wc-milestone" d="M{cx:.1f},{cy - 7:.1f} L{cx + 7:.1f},{cy:.1f} L{cx:.1f},{cy + 7:.1f} '
            f'L{cx - 7:.1f},{cy:.1f} z" fill="{colour}"/>')


def _row_summary(row: ChartRow, name: str, _) -> str:
    parts = [name]
    if row.actual:
        parts.append(_("actual %(start)s – %(end)s") % {"start": row.actual[0], "end": row.actual[1]})
    if row.forecast:
        parts.append(_("forecast %(start)s – %(end)s") % {"start": row.forecast[0], "end": row.forecast[1]})
    for a, b in row.pauses:
        parts.append(_("paused %(start)s – %(end)s") % {"start": a, "end": b})
    if row.critical:
        parts.append(_("on the critical path"))
    return " · ".join(parts)
