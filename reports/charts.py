"""Charts drawn on the server as inline SVG: no JavaScript, no CDN, printable.

Each function takes plain data and returns a :class:`Chart`: the SVG markup (all text
escaped with format_html) and the same numbers as a table, which the template shows next to
the drawing for screen readers and paper.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# Okabe–Ito and Tol colours: distinguishable with the common colour-vision deficiencies.
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
    "#882255", "#44AA99", "#999933", "#AA4499", "#6699CC", "#332288",
)  # fmt: skip
_ids = itertools.count(1)


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    color: str = ""


@dataclass
class Chart:
    title: str
    svg: SafeString
    header: list[str]
    rows: list[list]
    empty: bool = False
    legend: list[Series] = field(default_factory=list)


def with_colors(series: Sequence[Series]) -> list[Series]:
    return [
        Series(s.key, s.label, s.color or PALETTE[i % len(PALETTE)]) for i, s in enumerate(series)
    ]


def _nice_max(value: int) -> int:
    """A round axis maximum at or above ``value`` (1, 2, 5 × 10ⁿ steps)."""
    if value <= 0:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def _ticks(maximum: int, count: int = 4) -> list[int]:
    step = max(1, maximum // count)
    return list(range(0, maximum + 1, step))


def _svg(width: int, height: int, title: str, body: str, desc: str = "") -> SafeString:
    uid = f"chart-{next(_ids)}"
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-labelledby="{uid}-t {uid}-d" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{uid}-t">{title}</title><desc id="{uid}-d">{desc}</desc>{body}</svg>',
        w=width,
        h=height,
        uid=uid,
        title=title,
        desc=desc,
        body=mark_safe(body),  # noqa: S308 - built from format_html fragments only
    )


def _legend(series: Sequence[Series], x: int, y: int, width: int) -> tuple[str, int]:
    """Legend swatches laid out in rows; returns the markup and its height."""
    parts, cx, cy = [], x, y
    for s in series:
        item_width = 22 + 7 * len(s.label)
        if cx + item_width > x + width and cx > x:
            cx, cy = x, cy + 18
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
                '<text x="{}" y="{}">{}</text>',
                cx,
                cy,
                s.color,
                cx + 16,
                cy + 10,
                s.label,
            )
        )
        cx += item_width
    return "".join(parts), cy - y + 18


def stacked_columns(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    values: dict[str, dict[str, int]],
    *,
    category_label: str,
    desc: str = "",
) -> Chart:
    """Vertical stacked columns: one column per category, one segment per series."""
    series = with_colors(series)
    totals = [sum(values.get(c, {}).values()) for c in categories]
    header = [category_label, *(s.label for s in series), "Σ"]
    rows = [
        [c, *(values.get(c, {}).get(s.key, 0) for s in series), total]
        for c, total in zip(categories, totals, strict=True)
    ]
    width, left, right, top = 640, 40, 10, 18
    legend, legend_height = _legend(series, left, 0, width - left - right)
    plot_height = 200
    height = top + plot_height + 24 + legend_height + 6
    maximum = _nice_max(max(totals, default=0))
    scale = plot_height / maximum
    parts = []
    for tick in _ticks(maximum):
        y = top + plot_height - tick * scale
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{y}" y2="{y}" stroke="#d8dde3"/>'
                '<text x="{}" y="{}" text-anchor="end">{}</text>',
                left,
                width - right,
                left - 4,
                y + 4,
                tick,
                y=round(y, 1),
            )
        )
    slot = (width - left - right) / max(len(categories), 1)
    bar = min(48, slot * 0.7)
    for i, category in enumerate(categories):
        x = left + i * slot + (slot - bar) / 2
        y = top + plot_height
        for s in series:
            n = values.get(category, {}).get(s.key, 0)
            if not n:
                continue
            h = n * scale
            y -= h
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {} {}</title></rect>",
                    round(x, 1),
                    round(y, 1),
                    round(bar, 1),
                    round(h, 1),
                    s.color,
                    category,
                    s.label,
                    n,
                )
            )
        if totals[i]:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle">{}</text>',
                    round(x + bar / 2, 1),
                    round(y - 3, 1),
                    totals[i],
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle">{}</text>',
                round(left + i * slot + slot / 2, 1),
                top + plot_height + 16,
                category,
            )
        )
    legend_markup = format_html(
        '<g transform="translate(0,{})">{}</g>', top + plot_height + 26, mark_safe(legend)
    )
    svg = _svg(width, height, title, "".join(parts) + legend_markup, desc)
    return Chart(title, svg, header, rows, empty=not any(totals), legend=series)


def grouped_bars(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    values: dict[str, dict[str, int]],
    *,
    category_label: str,
    desc: str = "",
) -> Chart:
    """Horizontal bars, one group per category (e.g. country), one bar per series."""
    series = with_colors(series)
    header = [category_label, *(s.label for s in series)]
    rows = [[c, *(values.get(c, {}).get(s.key, 0) for s in series)] for c in categories]
    width, left, right = 640, 150, 40
    bar, gap = 12, 10
    group = bar * len(series) + gap
    legend, legend_height = _legend(series, left, 0, width - left - right)
    plot_height = max(group * len(categories), 20)
    height = plot_height + legend_height + 10
    maximum = _nice_max(max((n for row in rows for n in row[1:]), default=0))
    scale = (width - left - right) / maximum
    parts = []
    for i, category in enumerate(categories):
        y0 = i * group
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end">{}</text>',
                left - 6,
                y0 + bar * len(series) / 2 + 4,
                category if len(category) <= 22 else category[:21] + "…",
            )
        )
        for j, s in enumerate(series):
            n = values.get(category, {}).get(s.key, 0)
            y = y0 + j * bar
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {} {}</title></rect>"
                    '<text x="{}" y="{}">{}</text>',
                    left,
                    y,
                    round(n * scale, 1),
                    bar - 2,
                    s.color,
                    category,
                    s.label,
                    n,
                    round(left + n * scale + 4, 1),
                    y + bar - 3,
                    n if n else "",
                )
            )
    legend_markup = format_html(
        '<g transform="translate(0,{})">{}</g>', plot_height + 6, mark_safe(legend)
    )
    svg = _svg(width, height, title, "".join(parts) + legend_markup, desc)
    return Chart(title, svg, header, rows, empty=not categories, legend=series)


def heatmap(
    title: str,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    values: dict[str, dict[str, int]],
    *,
    row_label: str,
    desc: str = "",
) -> Chart:
    """A grid of shaded cells (e.g. topics × years), the count written in each cell."""
    header = [row_label, *column_labels]
    rows = [[r, *(values.get(r, {}).get(c, 0) for c in column_labels)] for r in row_labels]
    left, cell_w, cell_h, top = 180, max(36, min(60, 460 // max(len(column_labels), 1))), 22, 20
    width = left + cell_w * len(column_labels) + 10
    height = top + cell_h * len(row_labels) + 6
    maximum = max((n for row in rows for n in row[1:]), default=0) or 1
    parts = [
        format_html(
            '<text x="{}" y="{}" text-anchor="middle">{}</text>',
            left + j * cell_w + cell_w // 2,
            top - 6,
            label,
        )
        for j, label in enumerate(column_labels)
    ]
    for i, label in enumerate(row_labels):
        y = top + i * cell_h
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end">{}</text>',
                left - 6,
                y + cell_h - 7,
                label if len(label) <= 26 else label[:25] + "…",
            )
        )
        for j, column in enumerate(column_labels):
            n = values.get(label, {}).get(column, 0)
            opacity = 0.08 + 0.92 * n / maximum if n else 0.03
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="#0072B2" '
                    'fill-opacity="{}" stroke="#fff"><title>{} {}: {}</title></rect>'
                    '<text x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>',
                    left + j * cell_w,
                    y,
                    cell_w,
                    cell_h,
                    round(opacity, 2),
                    label,
                    column,
                    n,
                    left + j * cell_w + cell_w // 2,
                    y + cell_h - 7,
                    "#fff" if opacity > 0.55 else "#1d2733",
                    n or "",
                )
            )
    svg = _svg(width, height, title, "".join(parts), desc)
    return Chart(title, svg, header, rows, empty=not row_labels or not column_labels)
