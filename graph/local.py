"""A neighbourhood of a large graph, read from its on-disk SPARQL store instead of the whole graph.

``xkg path`` and ``xkg render`` read a small graph whole. An archive of 100,000 articles has about
90 million quads, far too many for that; for a graph over :func:`large_bytes` they ask the
on-disk store (``DIR/store``, :mod:`graph.dataset`) for the part they need:

1. :func:`lookup` finds the entities a label names (``rdfs:label``, then ``skos:altLabel``, as
   written or in simplified characters), by index lookups;
2. :func:`explore` walks breadth-first from some entities (from both ends at once when it looks
   for a path), with one triple pattern per node, and stops at a budget of nodes;
3. :func:`subgraph` copies what the path finder and the renderer read about the entities found
   (types, labels, literals, a few pieces of evidence, the article graphs of each edge) into a
   small in-memory store, which :func:`graph.paths.build_path_graph` and :mod:`graph.render` read
   as they would read the whole graph.

Hubs. A province is the object of a triple of every outcome placed in it: tens of thousands.
The walk reads at most ``in_limit`` triples into a node. For paths (``keep_partial=False``) a node
with more is a *hub* whose incoming edges are not followed at all; its outgoing ones are. Paths
between entities reach a hub from both ends through their own outgoing edges (an outcome's
``xk:place``, a post's ``xk:jurisdiction``, a place's ``xk:locatedIn``), so they are still found;
what is not found is a path that walks *down* from a hub into one of its many members and up
again. For a picture (``keep_partial=True``) the first ``in_limit`` are kept, places and people
before outcomes.

Examples
--------
>>> ds = graph.dataset.open_dataset("/tmp/big")  # doctest: +SKIP
>>> a, b = lookup(ds, "杨晓江"), lookup(ds, "湖南省")  # doctest: +SKIP
>>> hood = explore(ds, a, targets=b)  # doctest: +SKIP
>>> pg = graph.paths.build_path_graph(subgraph(ds, hood))  # doctest: +SKIP
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from .namespaces import DCTERMS, PROV, RDF, RDFS, SKOS, XK, XKI
from .resources import ONTOLOGY_DIR

#: graphs whose graph.nq is larger than this are read through the on-disk store, a neighbourhood at a time
LARGE_BYTES = 64 * 2**20

#: the object properties that link entities (edges of a path or a picture), the most telling first
EDGE_PREDICATES = tuple(str(p) for p in (
    XK.locatedIn, XK.jurisdiction, XK.holds, XK.org, XK.partOf, XK.implementedIn, XK.launchedBy,
    XK.initiative, XK.place, XK.homePlace, XK.reporter, XK.correspondent, XK.photographer, XK.editor,
    PROV.wasDerivedFrom))
#: the edges that lead to articles and journalists (walked only when they are wanted as nodes)
ARTICLE_PREDICATES = tuple(str(p) for p in (
    PROV.wasDerivedFrom, XK.homePlace, XK.reporter, XK.correspondent, XK.photographer, XK.editor))
#: the edges among entities proper
ENTITY_PREDICATES = tuple(p for p in EDGE_PREDICATES if p not in ARTICLE_PREDICATES)
_ONTOLOGY_GRAPH = ox.NamedNode("https://w3id.org/xkg/ontology")
_DG = ox.DefaultGraph()
_TYPE, _LABEL, _ALT = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(SKOS.altLabel))
_EVIDENCE, _DERIVED = ox.NamedNode(str(XK.evidence)), ox.NamedNode(str(PROV.wasDerivedFrom))
_ORG, _PART_OF = ox.NamedNode(str(XK.org)), ox.NamedNode(str(XK.partOf))
_IDENTIFIER, _TITLE = ox.NamedNode(str(DCTERMS.identifier)), ox.NamedNode(str(DCTERMS.title))
_GAZETTEER = ox.NamedNode(str(XKI.gazetteer))
#: a subject with more triples than this is read predicate by predicate (a place named in every
#: article has a mention and a source per article)
_SCAN = 256


def large_bytes() -> int:
    """The size of graph.nq above which a graph is read a neighbourhood at a time
    (``$XKG_LARGE_GRAPH_BYTES``, default 64 MB: about 350 articles)."""
    try:
        return int(os.environ.get("XKG_LARGE_GRAPH_BYTES", LARGE_BYTES))
    except ValueError:
        return LARGE_BYTES


def is_large(graph_dir: str | os.PathLike[str]) -> bool:
    """Whether ``graph_dir`` is read a neighbourhood at a time (see :func:`large_bytes`)."""
    nq = Path(graph_dir) / "graph.nq"
    return nq.is_file() and nq.stat().st_size > large_bytes()


def _entity_classes() -> set[str]:
    from .paths import ARTICLE_CLASSES, ENTITY_CLASSES

    return {str(XK[c]) for c in ENTITY_CLASSES + ARTICLE_CLASSES}


def lookup(ds: ox.Store, name: str, articles: bool = False) -> list[str]:
    """The entities named ``name``: an IRI (full, ``<…>`` or prefixed), else those whose
    ``rdfs:label`` is ``name`` (as written, or in simplified characters), else whose
    ``skos:altLabel`` is (with ``articles``, also an article's file name or title). Sorted IRIs.

    Unlike the in-memory resolver, case and spaces must match.
    """
    from .normalise import to_simplified
    from .paths import expand

    classes = _entity_classes()

    def typed(iri: ox.NamedNode) -> bool:
        return any(q.object.value in classes for q in ds.quads_for_pattern(iri, _TYPE, None, _DG))

    iri = expand(name)
    if iri.startswith(("http://", "https://")):
        node = ox.NamedNode(iri)
        return [iri] if typed(node) else []
    texts = list(dict.fromkeys([name.strip(), to_simplified(name.strip())]))
    predicates = [_LABEL, _ALT] + ([_IDENTIFIER, _TITLE] if articles else [])
    for p in predicates:
        hits = {q.subject for t in texts for q in ds.quads_for_pattern(None, p, ox.Literal(t), _DG)}
        found = sorted(h.value for h in hits if isinstance(h, ox.NamedNode) and typed(h))
        if found:
            return found
    return []


@dataclass
class Neighbourhood:
    """What :func:`explore` found: entities with their distance in hops, the edges read, the hubs
    whose incoming edges were not all read, and whether the budget cut the walk short."""

    nodes: dict[str, int] = field(default_factory=dict)
    edges: set[tuple[str, str, str]] = field(default_factory=set)
    hubs: set[str] = field(default_factory=set)
    complete: bool = True


class _Walker:
    """The edges around one node at a time, read from the store's default graph (the set union)."""

    def __init__(self, ds: ox.Store, predicates: Iterable[str], in_limit: int, keep_partial: bool):
        self.ds = ds
        self.order = [p for p in EDGE_PREDICATES if p in set(predicates)]
        self.preds = set(self.order)
        self.in_limit, self.keep_partial = in_limit, keep_partial
        self.hubs: set[str] = set()
        self.edges: set[tuple[str, str, str]] = set()

    def outgoing(self, node: str) -> list[str]:
        out = self.outgoing_edges(node)
        self.edges.update((node, p, o) for p, o in out)
        return [o for _, o in out]

    def outgoing_edges(self, node: str) -> list[tuple[str, str]]:
        n = ox.NamedNode(node)
        quads = list(itertools.islice(self.ds.quads_for_pattern(n, None, None, _DG), _SCAN + 1))
        if len(quads) > _SCAN:  # a node of many triples: only the edge predicates, each capped
            quads = [q for p in self.order for q in itertools.islice(
                self.ds.quads_for_pattern(n, ox.NamedNode(p), None, _DG), self.in_limit)]
        return [(q.predicate.value, q.object.value) for q in quads
                if q.predicate.value in self.preds and isinstance(q.object, ox.NamedNode)]

    def incoming(self, node: str) -> list[str]:
        n = ox.NamedNode(node)
        if self.keep_partial:  # predicate by predicate, the most telling first, up to the limit
            quads = []
            for p in self.order:
                quads += itertools.islice(self.ds.quads_for_pattern(None, ox.NamedNode(p), n, _DG),
                                          self.in_limit - len(quads) + 1)
                if len(quads) > self.in_limit:
                    break
        else:
            quads = list(itertools.islice(self.ds.quads_for_pattern(None, None, n, _DG), self.in_limit + 1))
        if len(quads) > self.in_limit:
            self.hubs.add(node)
            if not self.keep_partial:
                return []
            quads = quads[:self.in_limit]
        out = []
        for q in quads:
            p = q.predicate.value
            if p in self.preds and isinstance(q.subject, ox.NamedNode):
                self.edges.add((q.subject.value, p, node))
                out.append(q.subject.value)
        return out

    def step(self, node: str, forward: bool, backward: bool) -> list[str]:
        out = self.outgoing(node) if forward else []
        if backward:
            out += self.incoming(node)
        return sorted(set(out))


def explore(ds: ox.Store, seeds: Iterable[str], *, targets: Iterable[str] = (), depth: int | None = None,
            predicates: Iterable[str] = EDGE_PREDICATES, directed: bool = False, extra: int = 0,
            budget: int = 20000, in_limit: int = 200, keep_partial: bool = False) -> Neighbourhood:
    """Walk breadth-first from ``seeds``.

    Without ``targets``: every entity within ``depth`` hops, and the objects of their triples
    (one hop further: what the outermost ones belong to). With ``targets``: from both ends,
    always extending the end with the smaller frontier, until the two meet; then ``extra`` more
    levels (for the 2nd, 3rd … shortest paths), at most ``depth`` hops in all. ``directed`` walks
    triples from subject to object only (from the targets' end, backwards). The walk stops when it
    has found ``budget`` entities, even in the middle of a level (``complete`` is then False).
    """
    w = _Walker(ds, predicates, in_limit, keep_partial)
    ends = [list(dict.fromkeys(seeds)), list(dict.fromkeys(targets))]
    dist: list[dict[str, int]] = [dict.fromkeys(ends[0], 0), dict.fromkeys(ends[1], 0)]
    frontier = [sorted(ends[0]), sorted(ends[1])]
    level = [0, 0]
    two = bool(ends[1])
    best: int | None = next((0 for n in ends[0] if n in dist[1]), None) if two else None
    complete = True
    expanded: set[str] = set()
    # an end whose frontier runs dry (at hubs) leaves the other end to walk on alone, until it reaches
    # what the dry end found: a hub's incoming edges are read from their subjects' side
    while frontier[0] or (two and frontier[1]):
        if best is not None and level[0] + level[1] >= best + extra:
            break
        if depth is not None and level[0] + level[1] >= depth:
            break
        if len(dist[0]) + len(dist[1]) > budget:
            complete = False
            break
        if not two or not frontier[1]:
            side = 0
        elif not frontier[0]:
            side = 1
        else:
            side = 0 if len(frontier[0]) <= len(frontier[1]) else 1
        other = dist[1 - side]
        nxt: list[str] = []
        for u in frontier[side]:
            if len(dist[0]) + len(dist[1]) > budget:  # within a level too: one hub can bring thousands
                complete = False
                break
            forward = side == 0 or not directed
            backward = side == 1 or not directed
            expanded.add(u)
            for v in w.step(u, forward, backward):
                if v not in dist[side]:
                    dist[side][v] = dist[side][u] + 1
                    nxt.append(v)
                if v in other:
                    length = dist[side][v] + other[v]
                    best = length if best is None else min(best, length)
        frontier[side] = sorted(set(nxt))
        level[side] += 1
        if not complete:
            break
    if not two:  # the outermost entities' own links too: among them, and to what they belong to
        for u in sorted(n for n in dist[0] if n not in expanded):
            for p, o in w.outgoing_edges(u):
                w.edges.add((u, p, o))
                dist[0].setdefault(o, dist[0][u] + 1)
    nodes: dict[str, int] = {}
    for d in dist:
        for n, h in d.items():
            nodes[n] = min(h, nodes.get(n, h))
    return Neighbourhood(nodes, w.edges, w.hubs, complete)


def _first(quads: Iterator[ox.Quad], n: int, named_only: bool = False) -> list[ox.Quad]:
    if named_only:
        quads = (q for q in quads if isinstance(q.graph_name, ox.NamedNode) and q.graph_name != _ONTOLOGY_GRAPH)
    return list(itertools.islice(quads, n))


def subgraph(ds: ox.Store, hood: Neighbourhood, *, graphs_per_edge: int = 4, evidence_per_node: int = 3,
             sources_per_node: int = 10) -> ox.Store:
    """A small in-memory store with what :func:`graph.paths.build_path_graph` and the renderer read
    about ``hood``: every entity's type, labels and other literals (from the union graph); up to
    ``sources_per_node`` of its articles and its evidence in ``evidence_per_node`` of them; each
    edge in up to ``graphs_per_edge`` of the article graphs that state it, with the evidence of
    its fact there; the articles named, and the ontology's class labels. Caps keep a place named in
    50,000 articles as cheap as one named in five; the first ones in the store's order are taken.
    """
    small = ox.Store()
    add: list[ox.Quad] = []
    articles: set[ox.NamedNode] = set()

    def article(g: ox.NamedNode) -> None:
        if g not in articles:
            articles.add(g)
            add.extend(ds.quads_for_pattern(g, None, None, _DG))  # its type, file name, title, date …

    for node in sorted(hood.nodes):
        n = ox.NamedNode(node)
        quads = list(itertools.islice(ds.quads_for_pattern(n, None, None, _DG), _SCAN + 1))
        if len(quads) > _SCAN:  # a node of many triples: its literals predicate by predicate
            quads = [q for p in _literal_predicates() for q in ds.quads_for_pattern(n, p, None, _DG)]
            quads += ds.quads_for_pattern(n, _TYPE, None, _DG)
        add.extend(q for q in quads if q.predicate == _TYPE or (
            isinstance(q.object, ox.Literal) and q.predicate != _EVIDENCE))
        sources = _first(ds.quads_for_pattern(n, _DERIVED, None, _DG), sources_per_node)
        found = 0
        for q in sources:
            add.append(q)
            if q.object == _GAZETTEER or not isinstance(q.object, ox.NamedNode):
                continue
            article(q.object)
            if found < evidence_per_node:  # its evidence in the graph of an article it comes from
                evidence = list(ds.quads_for_pattern(n, _EVIDENCE, None, q.object))
                add.extend(evidence)
                found += bool(evidence)
        add.extend(ds.quads_for_pattern(n, _DERIVED, _GAZETTEER, _DG))
    for s, p, o in sorted(hood.edges):
        sn, pn, on = ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o)
        stated = _first(ds.quads_for_pattern(sn, pn, on, None), graphs_per_edge, named_only=True)
        if not stated:
            add.append(ox.Quad(sn, pn, on, _DG))
        for q in stated:
            g = q.graph_name
            add.append(q)
            article(g)
            for f in (sn, on):  # the evidence of the fact the triple states, in that article
                add.extend(ds.quads_for_pattern(f, _EVIDENCE, None, g))
            if pn == _PART_OF:  # a department's posts there give the evidence of its xk:partOf
                for post in ds.quads_for_pattern(None, _ORG, sn, g):
                    add.append(post)
                    add.extend(ds.quads_for_pattern(post.subject, _EVIDENCE, None, g))
    add.extend(ds.quads_for_pattern(None, _LABEL, None, _ONTOLOGY_GRAPH))
    small.extend(add)
    return small


@lru_cache(maxsize=1)
def _literal_predicates() -> tuple[ox.NamedNode, ...]:
    """Every datatype property of the ontology, and the labels, names and dates it borrows."""
    owl_dp = ox.NamedNode("http://www.w3.org/2002/07/owl#DatatypeProperty")
    found = {t.subject for t in ox.parse(path=str(ONTOLOGY_DIR / "xkg.ttl"), format=ox.RdfFormat.TURTLE)
             if t.predicate == _TYPE and t.object == owl_dp and isinstance(t.subject, ox.NamedNode)}
    found |= {_LABEL, _ALT, _IDENTIFIER, _TITLE, ox.NamedNode(str(DCTERMS.date))}
    return tuple(sorted((p for p in found if p != _EVIDENCE), key=lambda p: p.value))
