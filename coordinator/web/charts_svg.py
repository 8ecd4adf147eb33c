"""Cockpit charts as server-side SVG (no JS library, no CDN): horizontal stacked bars with a legend and a
value beside each bar. All text is escaped; colours are attributes, not inline styles (CSP, printable)."""
from __future__ import annotations

from html import escape

from coordinator.web.graph_svg import fit

LABEL_W, BAR_H, GAP, HEAD_H, VALUE_W, PAD = 200, 18, 8, 28, 60, 8


def stacked_bars(rows: list[tuple[str, list[float]]], series: list[tuple[str, str]], *, title: str,
                 id_prefix: str, width: int = 720, suffix: str = "", scale_max: float | None = None) -> str:
    """rows: (label, one value per series); series: (legend label, fill colour). Bars share one scale."""
    peak = scale_max or max((sum(values) for _label, values in rows), default=0) or 1
    room = width - LABEL_W - VALUE_W - PAD
    height = HEAD_H + len(rows) * (BAR_H + GAP) + PAD
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" '
              f'height="{height}" viewBox="0 0 {width} {height}" aria-labelledby="{escape(id_prefix)}-title">'
              f'<title id="{escape(id_prefix)}-title">{escape(title)}</title>'), *_legend(series)]
    for index, (label, values) in enumerate(rows):
        y = HEAD_H + index * (BAR_H + GAP)
        parts.append(f'<text x="{LABEL_W - PAD}" y="{y + 13}" font-size="12" text-anchor="end" fill="#1f2328">'
                     f'{escape(fit(label, 12, LABEL_W - 2 * PAD))}</text>')
        x = float(LABEL_W)
        for value, (name, colour) in zip(values, series):
            w = room * value / peak
            if w > 0:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR_H}" fill="{escape(colour)}">'
                             f'<title>{escape(label)} · {escape(name)}: {_number(value)}{escape(suffix)}</title></rect>')
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 13}" font-size="12" fill="#57606a">'
                     f'{_number(sum(values))}{escape(suffix)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def bars(rows: list[tuple[str, float]], colour: str, *, title: str, id_prefix: str, suffix: str = "",
         scale_max: float | None = None) -> str:
    """A plain horizontal bar chart: one value per row."""
    return stacked_bars([(label, [value]) for label, value in rows], [(title, colour)], title=title,
                        id_prefix=id_prefix, suffix=suffix, scale_max=scale_max)


def _legend(series: list[tuple[str, str]]) -> list[str]:
    parts, x = [], LABEL_W
    for name, colour in series:
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{escape(colour)}"/>'
                     f'<text x="{x + 16}" y="16" font-size="12" fill="#1f2328">{escape(name)}</text>')
        x += 28 + 13 * len(name) if not name.isascii() else 28 + 7 * len(name)
    return parts


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
