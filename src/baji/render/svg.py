"""Small inline SVG bar charts for the HTML reports (no library, no script).

Horizontal bars, so long Chinese labels fit on the left. Every number drawn is also
written as text next to its bar, and each bar carries a ``<title>`` (a tooltip in
browsers and the accessible name for screen readers).
"""

from __future__ import annotations

from collections.abc import Sequence

from baji.render.html import esc
from baji.render.text import width

_ROW = 18        # height of one bar
_GAP = 10        # space between categories
_CHAR = 7.2      # pixels per display column of label text (12px font)
_PLOT = 420      # width of the plotting area
_VALUE = 60      # room for the value written after a bar


def _label_width(labels: Sequence[str]) -> int:
    return int(max((width(s) for s in labels), default=4) * _CHAR) + 16


def grouped_bars(title: str, categories: Sequence[str],
                 series: Sequence[tuple[str, Sequence[int], str]]) -> str:
    """A horizontal grouped bar chart: for each category one bar per series.

    Args:
        title: the chart's caption.
        categories: one label per group of bars.
        series: ``(name, values, colour)``; each has one value per category.
    """
    left = _label_width(categories)
    peak = max([max(values, default=0) for _, values, _ in series] + [1])
    group = len(series) * _ROW + _GAP
    legend = 24
    height = legend + len(categories) * group + 8
    total = left + _PLOT + _VALUE
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{total}" '
           f'height="{height}" viewBox="0 0 {total} {height}" font-size="12">',
           f"<title>{esc(title)}</title>"]
    x = left
    for name, _, colour in series:
        out.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"/>'
                   f'<text x="{x + 16}" y="14">{esc(name)}</text>')
        x += 24 + int(width(name) * _CHAR)
    for c, label in enumerate(categories):
        top = legend + c * group
        out.append(f'<text x="{left - 8}" y="{top + len(series) * _ROW / 2 + 4:.0f}" '
                   f'text-anchor="end">{esc(label)}</text>')
        for s, (name, values, colour) in enumerate(series):
            value = values[c]
            size = _PLOT * value / peak
            y = top + s * _ROW
            out.append(f'<rect x="{left}" y="{y + 2}" width="{size:.1f}" height="{_ROW - 4}" '
                       f'fill="{colour}"><title>{esc(label)} · {esc(name)}: {value}</title>'
                       f'</rect><text x="{left + size + 4:.1f}" y="{y + _ROW - 5}">{value}'
                       f"</text>")
    out.append(f'<line x1="{left}" y1="{legend - 2}" x2="{left}" y2="{height - 6}" '
               f'stroke="#888"/>')
    out.append("</svg>")
    return "\n".join(out)


def diverging_bars(title: str, categories: Sequence[str], left_name: str,
                   left_values: Sequence[int], right_name: str, right_values: Sequence[int],
                   left_colour: str = "#c0392b", right_colour: str = "#2e8b57") -> str:
    """Bars growing both ways from a middle axis: ``left_values`` to the left (losses),
    ``right_values`` to the right (gains), one row per category."""
    label = _label_width(categories)
    half = _PLOT // 2
    peak = max(list(left_values) + list(right_values) + [1])
    legend = 24
    height = legend + len(categories) * (_ROW + _GAP) + 8
    axis = label + _VALUE + half
    total = axis + half + _VALUE
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{total}" '
           f'height="{height}" viewBox="0 0 {total} {height}" font-size="12">',
           f"<title>{esc(title)}</title>",
           f'<rect x="{label}" y="4" width="12" height="12" fill="{left_colour}"/>'
           f'<text x="{label + 16}" y="14">{esc(left_name)}</text>',
           f'<rect x="{axis + 8}" y="4" width="12" height="12" fill="{right_colour}"/>'
           f'<text x="{axis + 24}" y="14">{esc(right_name)}</text>']
    for c, name in enumerate(categories):
        y = legend + c * (_ROW + _GAP)
        lost, gained = left_values[c], right_values[c]
        lw, rw = half * lost / peak, half * gained / peak
        out.append(f'<text x="{label - 8}" y="{y + _ROW - 5}" text-anchor="end">{esc(name)}'
                   f"</text>")
        out.append(f'<rect x="{axis - lw:.1f}" y="{y + 2}" width="{lw:.1f}" '
                   f'height="{_ROW - 4}" fill="{left_colour}"><title>{esc(name)} · '
                   f"{esc(left_name)}: {lost}</title></rect>"
                   f'<text x="{axis - lw - 4:.1f}" y="{y + _ROW - 5}" text-anchor="end">'
                   f"{lost}</text>")
        out.append(f'<rect x="{axis}" y="{y + 2}" width="{rw:.1f}" height="{_ROW - 4}" '
                   f'fill="{right_colour}"><title>{esc(name)} · {esc(right_name)}: {gained}'
                   f'</title></rect><text x="{axis + rw + 4:.1f}" y="{y + _ROW - 5}">{gained}'
                   f"</text>")
    out.append(f'<line x1="{axis}" y1="{legend - 2}" x2="{axis}" y2="{height - 6}" '
               f'stroke="#888"/>')
    out.append("</svg>")
    return "\n".join(out)
