"""Pictures of a network drawn at build time as SVG: its projects on a timeline, and its partner network.

Both are laid out by arithmetic alone (no randomness, no iteration to convergence), in the order of
sorted names, so the same graph gives the same bytes; coordinates are rounded to a tenth of a pixel.
The partner network is the co-participation graph drawn through its projects: each project is a
hub, every partner is joined to the hubs of the projects it takes part in, so two partners are
linked through a hub exactly when they share a project (a clique of 38 partners stays readable as
a star). Partners in one project gather around its hub; partners in several sit between their hubs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from jinja2 import Environment

WIDTH = 960
_GOLDEN = math.pi * (3 - math.sqrt(5))
_ROW = 24
_LABEL = 230
_TOP = 34


@dataclass(frozen=True)
class Span:
    """A project on the timeline."""

    name: str
    start: int | None
    end: int | None


@dataclass(frozen=True)
class Picture:
    svg: bytes
    width: int
    height: int
    #: A sentence that says what the picture shows (its alt text, title and description).
    text: str


def _n(x: float) -> str:
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def timeline(env: Environment, title: str, spans: Sequence[Span]) -> Picture | None:
    """Bars from each project's first to its last year, one row per project, years along the top."""
    years = [y for s in spans for y in (s.start, s.end) if y is not None]
    if not years:
        return None
    first, last = min(years), max(years)
    count = last - first + 1
    chart = WIDTH - _LABEL - 20
    unit = chart / count
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 1000) if count / s <= 12)
    ticks = [
        {"x": _n(_LABEL + (y - first) * unit), "mid": _n(_LABEL + (y - first + 0.5) * unit), "year": y}
        for y in range(first, last + 1)
        if (y - first) % step == 0
    ]
    rows = []
    for i, s in enumerate(spans):
        start = s.start if s.start is not None else s.end
        end = s.end if s.end is not None else s.start
        y = _TOP + i * _ROW
        if start is None or end is None:
            continue
        open_ended = s.start is None or s.end is None
        years_text = f"{s.start or '?'}–{s.end or '?'}"
        rows.append(
            {
                "y": _n(y),
                "text_y": _n(y + _ROW / 2 + 4),
                "bar_y": _n(y + 4),
                "bar_h": _n(_ROW - 8),
                "x": _n(_LABEL + (start - first) * unit),
                "w": _n(max(unit * (end - start + 1), 3)),
                "label": _short(s.name, 34),
                "title": f"{s.name}: {years_text}",
                "open": open_ended,
            }
        )
    height = _TOP + len(spans) * _ROW + 10
    text = (
        f"Timeline of the {len(spans)} project{'s' if len(spans) != 1 else ''} of {title}, "
        f"from {first} to {last}: " + "; ".join(f"{s.name} ({s.start or '?'}–{s.end or '?'})" for s in spans) + "."
    )
    svg = env.get_template("timeline.svg").render(
        width=WIDTH,
        height=height,
        title=f"Projects of {title} by year",
        desc=text,
        ticks=ticks,
        rows=rows,
        top=_TOP - 6,
        bottom=_n(height - 6),
        label_x=_LABEL - 8,
    )
    return Picture(svg.encode(), WIDTH, height, text)


def partners(
    env: Environment, title: str, projects: Sequence[str], members: Sequence[tuple[str, Sequence[int]]]
) -> Picture | None:
    """``projects`` by name; ``members``: each partner's name and the indexes of its projects, sorted by name."""
    if not projects or not members:
        return None
    height = 720
    cx, cy = WIDTH / 2, height / 2
    ring = 0.0 if len(projects) == 1 else min(cx, cy) * 0.62
    hubs = []
    for i, name in enumerate(projects):
        angle = -math.pi / 2 + 2 * math.pi * i / len(projects)
        hubs.append((cx + ring * math.cos(angle), cy + ring * math.sin(angle), name))
    alone: dict[int, int] = {}
    spread = min(cx, cy) * (0.9 if len(projects) == 1 else min(0.3, 2.2 / len(projects) + 0.06))
    counts = [0] * len(projects)  # each project's partners in it alone, in one pass (not one per project)
    for _, ps in members:
        if len(ps) == 1:
            counts[ps[0]] += 1
    bridges_drawn, dots, edges = [], [], []
    bridges = 0
    for name, indexes in members:
        if len(indexes) == 1:
            hub = indexes[0]
            k = alone.get(hub, 0)
            alone[hub] = k + 1
            radius = spread * math.sqrt((k + 1) / (counts[hub] + 1))
            angle = (k + 1) * _GOLDEN
            x = hubs[hub][0] + radius * math.cos(angle)
            y = hubs[hub][1] + radius * math.sin(angle)
            dots.append(f"M{_n(x)} {_n(y)}h0")
        else:
            mx = sum(hubs[h][0] for h in indexes) / len(indexes)
            my = sum(hubs[h][1] for h in indexes) / len(indexes)
            offset = 14 * math.sqrt(bridges)
            x = cx + (mx - cx) * 0.55 + offset * math.cos(bridges * _GOLDEN)
            y = cy + (my - cy) * 0.55 + offset * math.sin(bridges * _GOLDEN)
            bridges += 1
            bridges_drawn.append({"x": _n(x), "y": _n(y), "label": _short(name, 28), "title": name})
        edges.extend(f"M{_n(x)} {_n(y)}L{_n(hubs[h][0])} {_n(hubs[h][1])}" for h in indexes)
    hub_nodes = [
        {"x": _n(x), "y": _n(y), "label": _short(name, 30), "title": name, "anchor": "middle", "ty": _n(y - 12)}
        for x, y, name in hubs
    ]
    text = (
        f"Partner network of {title}: {len(members)} partner organisation{'s' if len(members) != 1 else ''} "
        f"in {len(projects)} project{'s' if len(projects) != 1 else ''}, each partner joined to the projects "
        f"it takes part in; {bridges} take{'s' if bridges == 1 else ''} part in more than one"
        + (": " + "; ".join(n for n, ps in members if len(ps) > 1) if bridges else "")
        + "."
    )
    svg = env.get_template("partners.svg").render(
        width=WIDTH,
        height=height,
        title=f"Partner network of {title}",
        desc=text,
        hubs=hub_nodes,
        bridges=bridges_drawn,
        # path data, numbers and letters only: every edge in one path, every partner of one project a dot in another
        edges="".join(edges),
        dots="".join(dots),
    )
    return Picture(svg.encode(), WIDTH, height, text)
