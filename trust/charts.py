"""Trend charts drawn on the server as SVG: a line of scores with its 95% interval as a
band, and an optional comparison series (dashed). No script is needed to see them, the
page's table gives the same figures, and colours come from the stylesheet (classes only),
so the Content-Security-Policy needs no inline styles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 32, 12, 40


@dataclass(frozen=True)
class Point:
    period: str
    score: float | None  # None: suppressed or no answers (a gap in the line)
    low: float | None = None
    high: float | None = None


def _x(i: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span * i / (count - 1) if count > 1 else span / 2)


def _y(value: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - max(0.0, min(100.0, value)) / 100)


def _segments(points: Sequence[tuple[float, float | None]]) -> list[list[tuple[float, float]]]:
    runs: list[list[tuple[float, float]]] = [[]]
    for x, value in points:
        if value is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((x, _y(value)))
    return [run for run in runs if run]


def trend_svg(
    points: Sequence[Point],
    *,
    title: str,
    description: str,
    comparison: Sequence[Point] = (),
    comparison_label: str = "",
) -> SafeString:
    periods = [p.period for p in points]
    count = len(periods)
    if not count:
        return mark_safe("")  # noqa: S308 - nothing to draw
    parts: list[str] = [
        f'<svg class="trend" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}: {escape(description)}" focusable="false">',
    ]
    for tick in (0, 25, 50, 75, 100):
        y = _y(tick)
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" '
                     f'y2="{y:.1f}"/><text class="axis" x="{LEFT - 6}" y="{y + 4:.1f}" '
                     f'text-anchor="end">{tick}</text>')
    step = max(1, count // 8)
    for i, period in enumerate(periods):
        if i % step == 0 or i == count - 1:
            parts.append(f'<text class="axis" x="{_x(i, count):.1f}" y="{HEIGHT - BOTTOM + 18}"'
                         f' text-anchor="middle">{escape(period)}</text>')
    # The interval band, one polygon per unbroken run of published points.
    run: list[tuple[float, float, float]] = []
    bands: list[list[tuple[float, float, float]]] = []
    for i, p in enumerate(points):
        if p.score is None or p.low is None or p.high is None:
            if run:
                bands.append(run)
            run = []
        else:
            run.append((_x(i, count), _y(p.high), _y(p.low)))
    if run:
        bands.append(run)
    for band in bands:
        if len(band) == 1:
            x, top, bottom = band[0]
            parts.append(f'<line class="band-line" x1="{x:.1f}" x2="{x:.1f}" y1="{top:.1f}" '
                         f'y2="{bottom:.1f}"/>')
            continue
        outline = [f"{x:.1f},{top:.1f}" for x, top, _b in band] + [
            f"{x:.1f},{bottom:.1f}" for x, _t, bottom in reversed(band)
        ]
        parts.append(f'<polygon class="band" points="{" ".join(outline)}"/>')
    if comparison:
        index = {period: i for i, period in enumerate(periods)}
        placed = [(_x(index[c.period], count), c.score) for c in comparison
                  if c.period in index]
        for segment in _segments(placed):
            parts.append('<polyline class="comparison" points="'
                         + " ".join(f"{x:.1f},{y:.1f}" for x, y in segment) + '"/>')
    for segment in _segments([(_x(i, count), p.score) for i, p in enumerate(points)]):
        parts.append('<polyline class="line" points="'
                     + " ".join(f"{x:.1f},{y:.1f}" for x, y in segment) + '"/>')
        for x, y in segment:
            parts.append(f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="3"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
