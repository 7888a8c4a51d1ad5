"""Shortest connections between two entities of a built graph: ``xkg path FROM TO --graph DIR``.

The RDF graph is read into a :class:`PathGraph`, a networkx ``MultiDiGraph`` over the entities
only (places, officials, posts, departments, initiatives, outcomes; articles and journalists on
request). Mentions, literals, ``rdf:type`` and labels are not edges. Every edge ``s -p-> o`` is
keyed by its predicate (``xk:locatedIn``) and keeps the evidence of the fact it states and the
article it was read from:

============================  ===========================================================
predicate                     evidence and article are those of
============================  ===========================================================
``xk:holds``                  the post (the object)
``xk:jurisdiction``, ``org``  the post (the subject)
``xk:place``, ``initiative``  the outcome (the subject)
``xk:implementedIn`` …        the initiative (the subject), in the article the triple is in
``xk:locatedIn``              the child place's mention evidence, in an article the triple is
                              in; none when the child was only taken from the gazetteer
``xk:partOf``                 a post sitting in the department, in the same article
anything else                 the subject, in the article the triple is in
============================  ===========================================================

With N-Quads (one named graph per article) the article is the named graph the triple is in, so
an entity found in several articles gives each edge the evidence of the article that states it.
Without named graphs (Turtle, N-Triples), the article is the fact node's ``prov:wasDerivedFrom``.

Paths are searched on a simple-graph skeleton of that multigraph (undirected by default,
directed with ``directed=True``) with :func:`networkx.shortest_simple_paths`, and each step is
then expanded back to the RDF triple it stands for. Paths that differ only in the predicate of a
step count as one.

Examples
--------
>>> pg = load_path_graph("/tmp/gp")  # doctest: +SKIP
>>> source, target = pg.resolve("杨晓江"), pg.resolve("湖南省")  # doctest: +SKIP
>>> [path] = shortest_paths(pg, source, target)  # doctest: +SKIP
>>> [str(h) for h in path]  # doctest: +SKIP
['杨晓江 —xk:holds→ 芦淞区长', '芦淞区长 —xk:jurisdiction→ 芦淞区',
 '芦淞区 —xk:locatedIn→ 株洲市', '株洲市 —xk:locatedIn→ 湖南省']
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import hashlib
import itertools
import json
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # networkx and pyoxigraph are imported when used, so ``xkg --help`` stays fast
    import networkx as nx
    import pyoxigraph as ox

XK = "https://w3id.org/xkg/ontology#"
XKI = "https://w3id.org/xkg/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
DCT_ID = "http://purl.org/dc/terms/identifier"
DCT_TITLE = "http://purl.org/dc/terms/title"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
GAZETTEER = XKI + "gazetteer"

#: entity classes, most specific first; the first a node has names its class
ENTITY_CLASSES = ("Country", "Province", "City", "District", "Town", "Village", "Place", "Official",
                  "Post", "Department", "Initiative", "Outcome")
#: added with ``articles=True``
ARTICLE_CLASSES = ("Article", "Journalist")
#: rank of a class when listing entities: places and people before posts, outcomes last
_CLASS_RANK = {c: i for i, c in enumerate(ENTITY_CLASSES + ARTICLE_CLASSES)}
#: object properties the path command knows, even where a graph has no edge of that kind
KNOWN_PREDICATES = (
    *(f"xk:{p}" for p in ("holds", "jurisdiction", "org", "partOf", "locatedIn", "implementedIn",
                          "launchedBy", "place", "initiative", "homePlace", "reporter", "correspondent",
                          "photographer", "editor")),
    "prov:wasDerivedFrom",
)
#: the properties that name the place an entity belongs to, for telling namesakes apart
_CONTEXT = ("xk:locatedIn", "xk:jurisdiction", "xk:partOf", "xk:place", "xk:implementedIn", "xk:launchedBy")
#: classes whose candidates show the first article they were found in
_FOUND_IN = ("Official", "Post", "Department", "Outcome")
#: bump when the cached graph's shape changes
CACHE_VERSION = 2

_PREFIXES = {
    "xk": XK, "xki": XKI, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#", "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#", "schema": "https://schema.org/", "qb": "http://purl.org/linked-data/cube#",
}


def _join(items: list[str], most: int = 3) -> str:
    return "、".join(items[:most]) + ("…" if len(items) > most else "")


def _summary(info: dict[str, Any]) -> str:
    """``Post, in 芦淞区, held by 郭浩, 002_….txt`` from :meth:`PathGraph.describe`."""
    parts = [info["class"] or "?"]
    if info.get("context"):
        bare = info["class"] in ("Article", "Journalist")
        parts.append(info["context"] if bare else f"in {info['context']}")
    if info.get("held_by"):
        parts.append(f"held by {info['held_by']}")
    if info.get("article"):
        parts.append(info["article"])
    return ", ".join(parts)


class PathError(Exception):
    """A FROM or TO that names no entity, or more than one; or a bad option. Exit code 2."""


class UnknownEntity(PathError):
    """A label or IRI that names no entity of the graph; ``suggestions`` are close labels."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name, self.suggestions = name, suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no entity labelled {name!r} in the graph{hint}")


class AmbiguousEntity(PathError):
    """A label that names several entities; ``candidates`` are their descriptions."""

    def __init__(self, name: str, candidates: list[dict[str, Any]]):
        self.name, self.candidates = name, candidates
        lines = [f"{name!r} names {len(candidates)} entities; pass one by its IRI:"]
        for c in candidates:
            lines.append(f"  {c['label']} ({_summary(c)})  {c['iri']}")
        super().__init__("\n".join(lines))


def prefixed(iri: str) -> str:
    """``https://w3id.org/xkg/ontology#locatedIn`` → ``xk:locatedIn`` (IRIs with no known prefix stay whole).

    >>> prefixed("https://w3id.org/xkg/ontology#locatedIn")
    'xk:locatedIn'
    >>> prefixed("https://w3id.org/xkg/id/place/430200")
    'xki:place/430200'
    """
    best = max((ns for ns in _PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(k for k, v in _PREFIXES.items() if v == best)
    return f"{prefix}:{iri[len(best):]}"


def expand(name: str) -> str:
    """A prefixed name (``xk:locatedIn``, ``xki:place/430200``) or ``<IRI>`` → the full IRI.

    >>> expand("xki:place/430200")
    'https://w3id.org/xkg/id/place/430200'
    >>> expand("<https://w3id.org/xkg/id/place/430200>")
    'https://w3id.org/xkg/id/place/430200'
    """
    name = name.strip()
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, sep, local = name.partition(":")
    if sep and prefix in _PREFIXES and not local.startswith("//"):
        return _PREFIXES[prefix] + local
    return name


def normalise_label(text: str) -> str:
    """The key labels are matched on: simplified (OpenCC t2s), case-folded, without spaces.

    >>> normalise_label(" 株洲市 ") == normalise_label("株洲市")
    True
    >>> normalise_label("鶴壁市")
    '鹤壁市'
    """
    from .normalise import to_simplified

    return "".join(to_simplified(text).casefold().split())


@dataclass(frozen=True)
class Hop:
    """One step of a path: the RDF triple ``subject —predicate→ object`` it stands for.

    ``reversed`` is true when the path walks the triple from object to subject; ``evidence`` and
    ``article`` (a file name) are those of the fact the triple states, or None.
    """

    subject: str
    predicate: str
    object: str
    subject_label: str
    object_label: str
    evidence: str | None
    article: str | None
    reversed: bool = False
    source: str | None = None

    def __str__(self) -> str:
        return f"{self.subject_label} —{self.predicate}→ {self.object_label}"

    def as_dict(self) -> dict[str, Any]:
        return {"subject": self.subject_label, "predicate": self.predicate, "object": self.object_label,
                "evidence": self.evidence, "article": self.article, "subject_iri": self.subject,
                "object_iri": self.object, "reversed": self.reversed, "source": self.source}


@dataclass
class PathGraph:
    """The entity graph of a built xkg graph, ready for path queries.

    Attributes
    ----------
    multi : networkx.MultiDiGraph
        Nodes are entity IRIs with ``label`` and ``cls`` (``City``, ``Official`` …); edges go from
        subject to object, keyed by the prefixed predicate, with ``evidence``, ``article`` (file
        name), ``articles`` (every file the triple is in) and ``source`` (``article``, ``gazetteer``
        or None).
    labels, alt_labels : dict
        Normalised ``rdfs:label`` / ``skos:altLabel`` (and, for articles, file name / title) →
        the set of nodes carrying it.
    """

    multi: nx.MultiDiGraph
    labels: dict[str, set[str]] = field(default_factory=dict)
    alt_labels: dict[str, set[str]] = field(default_factory=dict)
    display: dict[str, str] = field(default_factory=dict)
    _skeletons: dict[bool, nx.Graph] = field(default_factory=dict, repr=False)

    @property
    def predicates(self) -> set[str]:
        """The prefixed predicates of the graph's edges."""
        return {k for _, _, k in self.multi.edges(keys=True)}

    def skeleton(self, directed: bool = False) -> nx.Graph:
        """The simple graph paths are searched on; each edge's ``preds`` is the set of its predicates."""
        if directed not in self._skeletons:
            import networkx as nx

            g: nx.Graph = nx.DiGraph() if directed else nx.Graph()
            g.add_nodes_from(self.multi)
            adj = g._adj  # build the adjacency directly: several times faster than add_edge
            if directed:
                succ, pred = g._succ, g._pred
                for u, v, k in self.multi.edges(keys=True):
                    d = succ[u].get(v)
                    if d is None:
                        d = succ[u][v] = pred[v][u] = {"preds": set()}
                    d["preds"].add(k)
            else:
                for u, v, k in self.multi.edges(keys=True):
                    d = adj[u].get(v)
                    if d is None:
                        d = adj[u][v] = adj[v][u] = {"preds": set()}
                    d["preds"].add(k)
            self._skeletons[directed] = g
        return self._skeletons[directed]

    def label(self, node: str) -> str:
        return self.multi.nodes[node].get("label") or prefixed(node)

    def context(self, node: str) -> str:
        """The places an entity belongs to (parent, jurisdiction, outcome place …), to tell namesakes apart.

        >>> pg.context(pg.resolve("芦淞区"))  # doctest: +SKIP
        '株洲市'
        """
        m = self.multi
        out: list[str] = []
        targets = [node]
        if m.nodes[node].get("cls") == "Official":
            targets = [v for _, v, k in m.out_edges(node, keys=True) if k == "xk:holds"]
        for t in targets:
            for _, v, k in m.out_edges(t, keys=True):
                if k in _CONTEXT and self.label(v) not in out:
                    out.append(self.label(v))
        return _join(out)

    def describe(self, node: str) -> dict[str, Any]:
        """Label, class, IRI of a node, and what tells it from a namesake, as a dict.

        ``context`` is the place(s) it belongs to; ``held_by`` (posts) the official holding it;
        ``article`` (posts, outcomes, officials, departments) the first article it was found in.

        >>> pg.describe(pg.resolve("芦淞区"))  # doctest: +SKIP
        {'iri': 'https://w3id.org/xkg/id/place/430203', 'label': '芦淞区', 'class': 'District',
         'context': '株洲市', 'held_by': None, 'article': None}
        """
        m = self.multi
        d = m.nodes[node]
        held = [self.label(u) for u, _, k in m.in_edges(node, keys=True) if k == "xk:holds"]
        context = self.context(node)
        if d.get("cls") == "Article":
            context = d.get("title") or ""
        elif d.get("cls") == "Journalist":
            context = _join(sorted(self.label(u) for u, _ in m.in_edges(node)))
        return {"iri": node, "label": self.label(node), "class": d.get("cls"), "context": context,
                "held_by": _join(held) or None, "article": d.get("article")}

    def resolve(self, name: str) -> str:
        """The node an entity name stands for: an IRI (full, ``<…>`` or ``xki:``-prefixed) or a label.

        Labels are matched after :func:`normalise_label` (traditional or simplified, any case):
        ``rdfs:label`` first, then ``skos:altLabel``.

        Raises
        ------
        UnknownEntity
            Nothing carries that IRI or label; the error lists close labels.
        AmbiguousEntity
            Several entities carry the label; the error lists them with class and place.

        Examples
        --------
        >>> pg.resolve("株洲市")  # doctest: +SKIP
        'https://w3id.org/xkg/id/place/430200'
        >>> pg.resolve("xki:place/430200")  # doctest: +SKIP
        'https://w3id.org/xkg/id/place/430200'
        """
        iri = expand(name)
        if iri.startswith(("http://", "https://")):
            if iri in self.multi:
                return iri
            raise UnknownEntity(name, [])
        key = normalise_label(name)
        for index in (self.labels, self.alt_labels):
            hits = index.get(key)
            if hits and len(hits) == 1:
                return next(iter(hits))
            if hits:
                cands = sorted((self.describe(n) for n in hits),
                               key=lambda c: (_CLASS_RANK.get(c["class"], 99), c["context"], c["iri"]))
                raise AmbiguousEntity(name, cands)
        raise UnknownEntity(name, self.suggest(key))

    def suggest(self, key: str, n: int = 5) -> list[str]:
        """Labels close to a normalised label: those containing it or contained in it, then difflib's."""
        keys = list(self.labels) + [k for k in self.alt_labels if k not in self.labels]
        sub = sorted((k for k in keys if k and (key in k or (len(k) > 1 and k in key))),
                     key=lambda k: (abs(len(k) - len(key)), k))
        close = difflib.get_close_matches(key, keys, n=n, cutoff=0.5)
        out: list[str] = []
        for k in sub[:n] + close:
            shown = self.display.get(k, k)
            if shown not in out:
                out.append(shown)
        return out[:n]


# --- building ------------------------------------------------------------------------------------

_Q_TYPES = """SELECT DISTINCT ?s ?c WHERE {
  VALUES ?c { %s }
  { GRAPH ?g { ?s a ?c } } UNION { ?s a ?c }
}"""
_Q_LABELS = f"""SELECT DISTINCT ?s ?p ?l WHERE {{
  VALUES ?p {{ <{RDFS_LABEL}> <{SKOS_ALT}> <{DCT_ID}> <{DCT_TITLE}> }}
  {{ GRAPH ?g {{ ?s ?p ?l }} }} UNION {{ ?s ?p ?l }}
}}"""
_Q_EVIDENCE = """SELECT ?s ?g ?e WHERE {
  { GRAPH ?g { ?s <https://w3id.org/xkg/ontology#evidence> ?e } }
  UNION { ?s <https://w3id.org/xkg/ontology#evidence> ?e }
}"""
_Q_EDGES = f"""SELECT ?s ?p ?o ?g WHERE {{
  {{ GRAPH ?g {{ ?s ?p ?o }} }} UNION {{ ?s ?p ?o }}
  FILTER(isIRI(?o) && ?p NOT IN (<{RDF_TYPE}>, <{XK}mention>, <{XK}inArticle>,
                                 <http://purl.org/linked-data/cube#dataSet>))
}}"""


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: building or unpickling a big graph makes millions of
    objects and no cycles, and the collector's passes over them would take half the time."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def build_path_graph(store: ox.Store, articles: bool = False) -> PathGraph:
    """The :class:`PathGraph` of a pyoxigraph store holding a built xkg graph.

    Parameters
    ----------
    store : pyoxigraph.Store
        As given by :func:`graph.store.load_store` (the ontology may be in it or not).
    articles : bool, optional (default False)
        Also take articles and journalists as nodes, with ``prov:wasDerivedFrom``,
        ``xk:homePlace`` and byline edges: any two entities of one article are then 2 hops apart.

    Examples
    --------
    >>> from graph.store import load_store
    >>> pg = build_path_graph(load_store("/tmp/gp", with_ontology=False))  # doctest: +SKIP
    >>> pg.multi.number_of_nodes() > 0  # doctest: +SKIP
    True
    """
    import networkx as nx
    import pyoxigraph as ox

    wanted = {XK + c: c for c in ENTITY_CLASSES + (ARTICLE_CLASSES if articles else ())}
    cls: dict[str, str] = {}
    for row in store.query(_Q_TYPES % " ".join(f"<{c}>" for c in wanted)):
        s, c = row[0], wanted.get(row[1].value)
        if c is None or not isinstance(s, ox.NamedNode):
            continue
        old = cls.get(s.value)
        if old is None or _CLASS_RANK[c] < _CLASS_RANK[old]:
            cls[s.value] = c

    label: dict[str, str] = {}
    titles: dict[str, str] = {}
    idents: dict[str, str] = {}
    alts: dict[str, list[str]] = {}
    for s, p, lit in store.query(_Q_LABELS):
        node, pv, text = s.value, p.value, lit.value
        if pv == DCT_ID:
            idents[node] = text
        elif pv == DCT_TITLE:
            titles[node] = text
        elif pv == RDFS_LABEL:
            if node not in label or text < label[node]:
                label[node] = text
        else:
            alts.setdefault(node, []).append(text)

    evidence: dict[tuple[str, str | None], str] = {}
    for s, g, e in store.query(_Q_EVIDENCE):
        k = (s.value, g.value if g is not None else None)
        if k not in evidence or e.value < evidence[k]:
            evidence[k] = e.value

    quads: dict[tuple[str, str, str], set[str | None]] = {}
    derived: dict[str, set[str]] = {}
    dept_posts: dict[tuple[str, str | None], list[str]] = {}
    for s, p, o, g in store.query(_Q_EDGES):
        sv, pv, ov, gv = s.value, p.value, o.value, (g.value if g is not None else None)
        if pv == PROV_DERIVED:
            derived.setdefault(sv, set()).add(ov)
        elif pv == XK + "org":
            dept_posts.setdefault((ov, gv), []).append(sv)
        if sv in cls and ov in cls:
            quads.setdefault((sv, pv, ov), set()).add(gv)

    def fact_nodes(s: str, p: str, o: str, g: str | None) -> list[str]:
        if p == XK + "holds":
            return [o]
        if p == XK + "partOf":
            return sorted(dept_posts.get((s, g), ())) or [s]
        return [s]

    short: dict[str, str] = {}
    m = nx.MultiDiGraph()
    for node, c in cls.items():
        shown = idents.get(node, label.get(node)) if c == "Article" else label.get(node)
        m.add_node(node, label=shown or prefixed(node), cls=c)
        if node in titles:
            m.nodes[node]["title"] = titles[node]
        if c in _FOUND_IN:
            found_in = sorted(idents[a] for a in derived.get(node, ()) if a in idents)
            if found_in:
                m.nodes[node]["article"] = found_in[0]
    for (s, p, o), graphs in quads.items():
        key = short.get(p) or short.setdefault(p, prefixed(p))
        found: list[tuple[str | None, str | None]] = []  # (evidence, article file) per graph
        for g in graphs:
            if g in idents:  # a named graph per article
                if p == PROV_DERIVED:
                    ev = evidence.get((s, o)) if o == g else None
                elif p == XK + "homePlace" or cls[s] == "Article":
                    ev = None
                else:
                    ev = next((evidence[(f, g)] for f in fact_nodes(s, p, o, g) if (f, g) in evidence), None)
                found.append((ev, idents[g]))
            else:  # no named graphs: the fact node's articles, and any of its evidence
                facts = fact_nodes(s, p, o, g)
                arts = sorted(a for f in facts for a in derived.get(f, ()) if a in idents)
                if p == PROV_DERIVED:
                    arts = [o]
                ev = next((evidence[(f, None)] for f in facts if (f, None) in evidence), None)
                found.append((ev, idents[arts[0]] if arts else None))
        found.sort(key=lambda x: (x[0] is None, x[1] is None, x[1] or ""))
        ev, art = found[0] if found else (None, None)
        source = "article" if art else None
        if ev is None and p == XK + "locatedIn" and GAZETTEER in derived.get(s, ()):
            source = "gazetteer"
        m.add_edge(s, o, key=key, evidence=ev, article=art,
                   articles=sorted({a for _, a in found if a}), source=source)

    pg = PathGraph(m)
    for node in cls:
        names = [label[node]] if node in label else []
        extra = list(alts.get(node, ()))
        if cls[node] == "Article":
            names = [idents[node]] if node in idents else []
            extra += [titles[node]] if node in titles else []
        for text, index in [(t, pg.labels) for t in names] + [(t, pg.alt_labels) for t in extra]:
            k = normalise_label(text)
            if k:
                index.setdefault(k, set()).add(node)
                pg.display.setdefault(k, text)
    pg.skeleton(False)
    pg.skeleton(True)
    return pg


def _cache_file(files: list[Path], articles: bool) -> Path:
    root = Path(os.environ.get("XKG_CACHE_DIR") or
                Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "xkg" / "paths")
    which = hashlib.sha1(f"{articles}|{'|'.join(str(f.resolve()) for f in files)}".encode())
    code = Path(__file__).stat()  # a changed module never reads an old cache
    stamp = hashlib.sha1(f"v{CACHE_VERSION}|{code.st_size}|{code.st_mtime_ns}".encode())
    for f in files:
        st = f.stat()
        stamp.update(f"|{st.st_size}|{st.st_mtime_ns}".encode())
    return root / f"{which.hexdigest()[:16]}-{stamp.hexdigest()[:16]}.pickle"


def load_path_graph(graph_dir: str | os.PathLike[str], articles: bool = False,
                    cache: bool = True) -> PathGraph:
    """The :class:`PathGraph` of a built graph folder.

    The first load reads the RDF into pyoxigraph and builds the graph; with ``cache`` the result
    is pickled under ``$XKG_CACHE_DIR`` (default ``~/.cache/xkg/paths``), keyed by the graph
    files' paths, sizes and modification times, so later loads of the same graph skip the RDF.

    Raises
    ------
    graph.store.GraphDirError
        The folder is missing or holds no graph.

    Examples
    --------
    >>> pg = load_path_graph("/tmp/gp")  # doctest: +SKIP
    >>> pg.label(pg.resolve("xki:place/430200"))  # doctest: +SKIP
    '株洲市'
    """
    from .store import graph_files, load_store

    files = graph_files(graph_dir)
    path = _cache_file(files, articles) if cache else None
    if path is not None and path.exists():
        with contextlib.suppress(Exception), open(path, "rb") as fh, _no_gc():
            pg = pickle.load(fh)
            if isinstance(pg, PathGraph):
                return pg
    with _no_gc():
        pg = build_path_graph(load_store(graph_dir, with_ontology=False), articles=articles)
    if path is not None:
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            for old in path.parent.glob(path.name.split("-")[0] + "-*.pickle"):  # this graph's stale caches
                old.unlink()
            fd, tmp = tempfile.mkstemp(prefix=".paths.", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as fh:
                    pickle.dump(pg, fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
    return pg


# --- searching -----------------------------------------------------------------------------------


def predicate_filter(pg: PathGraph | None, include: Iterable[str] = (),
                     exclude: Iterable[str] = ()) -> set[str] | None:
    """The predicates a search may use, from ``--include`` / ``--exclude`` names (None: all).

    Names are prefixed (``xk:locatedIn``), full IRIs, or bare ``xk:`` local names (``locatedIn``).
    Without a graph (``pg`` None), the predicates known to the path command are the choice.

    >>> sorted(predicate_filter(pg, include=["locatedIn"]))  # doctest: +SKIP
    ['xk:locatedIn']
    """
    include, exclude = list(include), list(exclude)
    if not include and not exclude:
        return None
    have = pg.predicates if pg is not None else set(KNOWN_PREDICATES)
    known = have | set(KNOWN_PREDICATES)

    def norm(name: str) -> str:
        full = expand(name if ":" in name else f"xk:{name}")
        p = prefixed(full)
        if p not in known:
            raise PathError(f"unknown predicate {name!r}; the graph's are: {', '.join(sorted(have))}")
        return p

    allowed = {norm(n) for n in include} if include else set(have)
    return allowed - {norm(n) for n in exclude}


# --- large graphs: a neighbourhood from the on-disk store ---------------------------------------------

@dataclass
class Explored:
    """How a path on a large graph was searched (see :mod:`graph.local`)."""

    nodes: int
    hubs: list[str]
    complete: bool

    def as_dict(self) -> dict[str, Any]:
        return {"nodes": self.nodes, "hubs": self.hubs, "complete": self.complete}


def local_resolve(ds: ox.Store, name: str, articles: bool = False) -> str:
    """The entity ``name`` names in a large graph's store (see :func:`graph.local.lookup`).

    Raises UnknownEntity (without suggestions: finding close labels would read every label) and
    AmbiguousEntity, as :meth:`PathGraph.resolve` does.
    """
    from . import local

    found = local.lookup(ds, name, articles=articles)
    if not found:
        raise UnknownEntity(name, [])
    if len(found) > 1:  # describe each candidate from its own neighbourhood
        hood = local.explore(ds, found, depth=1, budget=2000)
        pg = build_path_graph(local.subgraph(ds, hood), articles=articles)
        cands = sorted((pg.describe(n) for n in found if n in pg.multi),
                       key=lambda c: (_CLASS_RANK.get(c["class"], 99), c["context"], c["iri"]))
        raise AmbiguousEntity(name, cands)
    return found[0]


def local_path_graph(ds: ox.Store, src: str, dst: str, *, k: int = 1, max_length: int | None = None,
                     include: Iterable[str] = (), exclude: Iterable[str] = (), directed: bool = False,
                     articles: bool = False, budget: int = 20000) -> tuple[PathGraph, Explored]:
    """The :class:`PathGraph` of the neighbourhood joining entities ``src`` and ``dst`` (IRIs) in
    a large graph's on-disk store (:func:`graph.dataset.open_dataset`), and how far the search went.

    The search walks from both ends until they meet (and ``k`` - 1 levels more, 3 at most), over
    ``max_length`` hops at most (default 12), through ``budget`` entities at most; the paths are
    then found in that neighbourhood as in a small graph.
    """
    from . import local

    allowed = predicate_filter(None, include, exclude)
    usable = set(local.EDGE_PREDICATES if articles else local.ENTITY_PREDICATES)
    walk = usable if allowed is None else {expand(p) for p in allowed} & usable
    hood = local.explore(ds, [src], targets=[dst], depth=max_length or 12, predicates=walk, directed=directed,
                         extra=min(k - 1, 3), budget=budget)
    pg = build_path_graph(local.subgraph(ds, hood), articles=articles)
    return pg, Explored(len(hood.nodes), sorted(hood.hubs), hood.complete)


def _search_graph(pg: PathGraph, allowed: set[str] | None, directed: bool) -> nx.Graph:
    import networkx as nx

    g = pg.skeleton(directed)
    if allowed is None:
        return g
    return nx.subgraph_view(g, filter_edge=lambda u, v: bool(g[u][v]["preds"] & allowed))


def _hop(pg: PathGraph, u: str, v: str, allowed: set[str] | None, directed: bool) -> Hop:
    """The triple behind one step u → v: forward before backward, with evidence before without."""
    m = pg.multi
    cands = []
    for s, o, rev in [(u, v, False)] + ([] if directed else [(v, u, True)]):
        if m.has_edge(s, o):
            for k, d in m[s][o].items():
                if allowed is None or k in allowed:
                    cands.append((rev, d.get("evidence") is None, k, s, o, d))
    rev, _, k, s, o, d = min(cands, key=lambda c: c[:3])
    return Hop(s, k, o, pg.label(s), pg.label(o), d.get("evidence"), d.get("article"), rev, d.get("source"))


def shortest_paths(pg: PathGraph, source: str, target: str, k: int = 1, max_length: int | None = None,
                   include: Iterable[str] = (), exclude: Iterable[str] = (),
                   directed: bool = False) -> list[list[Hop]]:
    """The ``k`` shortest simple paths from ``source`` to ``target``, shortest first, as lists of hops.

    Parameters
    ----------
    pg : PathGraph
    source, target : str
        Node IRIs (see :meth:`PathGraph.resolve`).
    k : int, optional (default 1)
        How many paths at most (networkx.shortest_simple_paths, Yen's algorithm).
    max_length : int, optional
        Only paths of at most this many hops.
    include, exclude : iterables of str
        Use only / never these predicates (``xk:locatedIn``).
    directed : bool, optional (default False)
        Follow triples from subject to object only; by default direction is ignored, and a hop
        walked backwards keeps the triple's direction with ``reversed=True``.

    Returns
    -------
    list of list of Hop
        Empty when there is no such path.

    Examples
    --------
    >>> pg = load_path_graph("/tmp/gp")  # doctest: +SKIP
    >>> a, b = pg.resolve("杨晓江"), pg.resolve("湖南省")  # doctest: +SKIP
    >>> [len(p) for p in shortest_paths(pg, a, b, k=3)]  # doctest: +SKIP
    [4, 4, 5]
    >>> shortest_paths(pg, b, a, directed=True)  # doctest: +SKIP
    []
    """
    import networkx as nx

    allowed = predicate_filter(pg, include, exclude)
    g = _search_graph(pg, allowed, directed)
    out: list[list[Hop]] = []
    try:
        for nodes in nx.shortest_simple_paths(g, source, target):
            if len(out) >= k or (max_length is not None and len(nodes) - 1 > max_length):
                break
            out.append([_hop(pg, u, v, allowed, directed) for u, v in itertools.pairwise(nodes)])
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        pass
    return out


def shortest_length(pg: PathGraph, source: str, target: str, include: Iterable[str] = (),
                    exclude: Iterable[str] = (), directed: bool = False) -> int | None:
    """Hops of the shortest path, whatever its length, or None when ``target`` is unreachable."""
    import networkx as nx

    g = _search_graph(pg, predicate_filter(pg, include, exclude), directed)
    try:
        return nx.shortest_path_length(g, source, target)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return None


def nearest(pg: PathGraph, source: str, n: int = 5, include: Iterable[str] = (), exclude: Iterable[str] = (),
            directed: bool = False) -> list[tuple[str, int]]:
    """The ``n`` entities nearest to ``source`` by hops, as (node, hops); places and people first on a tie.

    >>> [pg.label(v) for v, _ in nearest(pg, pg.resolve("杨晓江"), 2)]  # doctest: +SKIP
    ['芦淞区委副书记', '芦淞区长']
    """
    import networkx as nx

    g = _search_graph(pg, predicate_filter(pg, include, exclude), directed)
    out: list[tuple[str, int]] = []
    for dist, layer in enumerate(nx.bfs_layers(g, [source])):
        if dist == 0:
            continue
        ranked = sorted(layer, key=lambda v: (_rank(pg, v), pg.label(v), v))
        out.extend((v, dist) for v in ranked)
        if len(out) >= n:
            break
    return out[:n]


def _rank(pg: PathGraph, node: str) -> int:
    return _CLASS_RANK.get(pg.multi.nodes[node].get("cls"), 99)


# --- command -------------------------------------------------------------------------------------


def _node_json(pg: PathGraph, node: str) -> dict[str, Any]:
    return pg.describe(node)


def _format_text(pg: PathGraph, source: str, target: str, paths: list[list[Hop]]) -> Iterator[str]:
    a, b = pg.label(source), pg.label(target)
    yield f"{a} → {b}: {len(paths)} path{'s' if len(paths) != 1 else ''}"
    for i, path in enumerate(paths, 1):
        walk = [a] + [h.subject_label if h.reversed else h.object_label for h in path]
        yield ""
        yield f"path {i}, {len(path)} hop{'s' if len(path) != 1 else ''}: {' · '.join(walk)}"
        for j, h in enumerate(path, 1):
            yield f"  {j}. {h}" + ("   (walked backwards)" if h.reversed else "")
            if h.evidence:
                yield f"     evidence: {h.evidence}"
            elif h.source == "gazetteer":
                yield "     evidence: none (the administrative hierarchy, from the gazetteer)"
            else:
                yield "     evidence: none"
            yield f"     article:  {h.article or '-'}"


@click.command("path")
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option("--graph", "graph_dir", required=True, type=click.Path(path_type=Path),
              help="A built graph folder.")
@click.option("-k", "--paths", "k", default=1, show_default=True, type=click.IntRange(min=1),
              help="How many shortest paths (k shortest simple paths).")
@click.option("--max-length", type=click.IntRange(min=1), default=None, help="Only paths of at most N hops.")
@click.option("--include", multiple=True, metavar="PRED",
              help="Use only this predicate (xk:locatedIn, xk:holds …). Repeatable.")
@click.option("--exclude", multiple=True, metavar="PRED", help="Never use this predicate. Repeatable.")
@click.option("--directed", is_flag=True, help="Follow triples from subject to object only.")
@click.option("--articles", is_flag=True,
              help="Also walk through articles and journalists (prov:wasDerivedFrom, xk:homePlace, bylines).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for programs.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the cached graph (~/.cache/xkg/paths).")
@click.option("--timings", is_flag=True, help="Print load and query times on stderr.")
def path_command(source: str, target: str, graph_dir: Path, k: int, max_length: int | None,
                 include: tuple[str, ...], exclude: tuple[str, ...], directed: bool, articles: bool,
                 as_json: bool, no_cache: bool, timings: bool) -> None:
    """The shortest connections between two entities FROM and TO, each named by label or IRI.

    Labels match rdfs:label, then skos:altLabel, traditional or simplified. Each hop is printed as
    the RDF triple it follows, with its evidence and article. Exit 0 with a path, 1 with none
    (the nearest entities to FROM are listed), 2 for an unknown or ambiguous name.
    """
    from .store import GraphDirError

    def fail(message: str, code: int = 2, payload: dict[str, Any] | None = None) -> None:
        if as_json and payload is not None:
            click.echo(json.dumps(payload, ensure_ascii=False, indent=1))
        click.echo(f"error: {message}", err=True)
        sys.exit(code)

    from .local import is_large

    t0 = time.perf_counter()
    explored: Explored | None = None
    nodes: dict[str, str] = {}
    role = "FROM"
    try:
        if is_large(graph_dir):  # a neighbourhood from the on-disk store, not the whole graph
            from .dataset import open_dataset

            ds = open_dataset(graph_dir)
            for role, name in (("FROM", source), ("TO", target)):
                nodes[role] = local_resolve(ds, name, articles)
            pg, explored = local_path_graph(ds, nodes["FROM"], nodes["TO"], k=k, max_length=max_length,
                                            include=include, exclude=exclude, directed=directed, articles=articles)
        else:
            pg = load_path_graph(graph_dir, articles=articles, cache=not no_cache)
            for role, name in (("FROM", source), ("TO", target)):
                nodes[role] = pg.resolve(name)
    except GraphDirError as e:
        fail(str(e))
    except AmbiguousEntity as e:
        fail(f"{role} {e}", payload={"error": "ambiguous", "argument": role, "name": e.name,
                                     "candidates": e.candidates})
    except UnknownEntity as e:
        fail(f"{role}: {e}", payload={"error": "unknown", "argument": role, "name": e.name,
                                      "suggestions": e.suggestions})
    except PathError as e:
        fail(str(e))
    t1 = time.perf_counter()
    src, dst = nodes["FROM"], nodes["TO"]
    if src == dst:
        fail(f"FROM and TO are the same entity ({pg.label(src)}, {src})")
    try:
        paths = shortest_paths(pg, src, dst, k=k, max_length=max_length, include=include, exclude=exclude,
                               directed=directed)
        near: list[tuple[str, int]] = []
        longest = None
        if not paths:
            near = nearest(pg, src, 5, include, exclude, directed)
            if max_length is not None:
                longest = shortest_length(pg, src, dst, include, exclude, directed)
    except PathError as e:
        fail(str(e))
    t2 = time.perf_counter()
    if timings:
        how_read = "neighbourhood from the on-disk store" if explored else "whole graph"
        click.echo(f"load {t1 - t0:.3f} s ({how_read}), query {t2 - t1:.3f} s "
                   f"({pg.multi.number_of_nodes()} nodes, {pg.multi.number_of_edges()} edges)", err=True)

    if as_json:
        doc = {"from": _node_json(pg, src), "to": _node_json(pg, dst),
               "paths": [{"length": len(p), "hops": [h.as_dict() for h in p]} for p in paths]}
        if not paths:
            doc["nearest"] = [dict(_node_json(pg, v), hops=d) for v, d in near]
            doc["shortest_length"] = longest
        if explored is not None:
            doc["explored"] = explored.as_dict()
        click.echo(json.dumps(doc, ensure_ascii=False, indent=1))
        sys.exit(0 if paths else 1)
    if paths:
        click.echo("\n".join(_format_text(pg, src, dst, paths)))
        return
    how = " directed" if directed else ""
    within = f" of at most {max_length} hop{'s' if max_length != 1 else ''}" if max_length is not None else ""
    click.echo(f"no{how} path{within} between {pg.label(src)} and {pg.label(dst)}")
    if longest is not None:
        click.echo(f"(the shortest has {longest} hops: raise --max-length)")
    if near:
        click.echo(f"nearest entities reachable from {pg.label(src)}:")
        for v, d in near:
            info = pg.describe(v)
            hops = f"{d} hop{'s' if d != 1 else ''}"
            click.echo(f"  {hops}: {info['label']} ({_summary(info)})  {prefixed(v)}")
    else:
        click.echo(f"{pg.label(src)} has no connection at all with these options")
    if explored is not None:
        cut = "" if explored.complete else ", stopped at its budget"
        names = [pg.label(h) if h in pg.multi else prefixed(h) for h in explored.hubs]
        hubs = f"; not walked into (too many links): {_join(names, 5)}" if names else ""
        click.echo(f"(a large graph: searched {explored.nodes} entities around both ends{cut}{hubs})")
    sys.exit(1)


__all__ = ["AmbiguousEntity", "Explored", "Hop", "PathError", "PathGraph", "UnknownEntity", "build_path_graph",
           "expand", "load_path_graph", "local_path_graph", "local_resolve", "nearest", "normalise_label",
           "path_command", "predicate_filter", "prefixed", "shortest_length", "shortest_paths"]
