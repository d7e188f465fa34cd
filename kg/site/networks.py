"""What a network's page shows beyond its facts: its projects by year and its partner network."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import quote

from jinja2 import Environment
from rdflib import URIRef

from kg.core.vocab import KGO
from kg.site.entities import Entities, href
from kg.site.pages import Value, name_of, root_of, year
from kg.site.svg import Picture, Span, partners, timeline


@dataclass(frozen=True)
class NetworkView:
    """The template's view (``context``) and the two pictures to write beside the page."""

    context: dict[str, object]
    pictures: dict[str, Picture]


def projects_of(entities: Entities, network: URIRef) -> list[URIRef]:
    """The projects a network is involved in, or takes part in as a partner."""
    found = {p for p in entities.values(network, KGO.involvedIn) if isinstance(p, URIRef)}
    found |= {s for p, s in entities.into.get(network, ()) if p in (KGO.participant, KGO.involves)}
    return [p for p in found if isinstance(p, URIRef) and KGO.Project in entities.types(p)]


def _start_end(entities: Entities, project: URIRef) -> tuple[int | None, int | None]:
    starts = [y for v in entities.values(project, KGO.startYear) if (y := year(v)) is not None]
    ends = [y for v in entities.values(project, KGO.endYear) if (y := year(v)) is not None]
    return (min(starts) if starts else None, max(ends) if ends else None)


def network_view(env: Environment, entities: Entities, network: URIRef) -> NetworkView | None:
    """The timeline and partner network of a network with projects; None for one without."""
    projects = projects_of(entities, network)
    if not projects:
        return None
    path = entities.paths[network]
    root = root_of(path)
    own = path.rsplit("/", 1)[-1]
    title = name_of(entities, network)

    def link(node: URIRef) -> Value:
        page = entities.paths.get(node)
        return Value(entities.label(node), root + href(page) + ".html" if page else None)

    dated = {p: _start_end(entities, p) for p in projects}
    order = sorted(projects, key=lambda p: (dated[p][0] or dated[p][1] or 0, entities.label(p).casefold(), str(p)))
    spans = [Span(entities.label(p), *dated[p]) for p in order]
    by_year: dict[int, list[URIRef]] = defaultdict(list)
    for p in order:
        start, end = dated[p]
        if start is not None or end is not None:
            for y in range(start or end or 0, (end or start or 0) + 1):
                by_year[y].append(p)
    index = {p: i for i, p in enumerate(order)}
    taking_part: dict[URIRef, set[int]] = defaultdict(set)
    for p in order:
        for member in entities.values(p, KGO.participant):
            if isinstance(member, URIRef) and member != network:
                taking_part[member].add(index[p])
    members = sorted(taking_part, key=lambda m: (entities.label(m).casefold(), str(m)))
    pictures: dict[str, Picture] = {}
    drawn_timeline = timeline(env, title, spans)
    if drawn_timeline is not None:
        pictures["timeline.svg"] = drawn_timeline
    drawn_partners = partners(
        env, title, [entities.label(p) for p in order], [(entities.label(m), sorted(taking_part[m])) for m in members]
    )
    if drawn_partners is not None:
        pictures["partners.svg"] = drawn_partners
    bridges = [(link(m), [link(order[i]) for i in sorted(taking_part[m])]) for m in members if len(taking_part[m]) > 1]
    context = {
        "timeline": f"{quote(own)}.timeline.svg" if drawn_timeline else None,
        "timeline_alt": drawn_timeline.text if drawn_timeline else "",
        "timeline_size": (drawn_timeline.width, drawn_timeline.height) if drawn_timeline else (0, 0),
        "partners": f"{quote(own)}.partners.svg" if drawn_partners else None,
        "partners_alt": drawn_partners.text if drawn_partners else "",
        "partners_size": (drawn_partners.width, drawn_partners.height) if drawn_partners else (0, 0),
        "years": [(y, [link(p) for p in by_year[y]]) for y in sorted(by_year)],
        "bridges": bridges,
    }
    return NetworkView(context, pictures)
