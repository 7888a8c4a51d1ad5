"""``xkg render``: the graph as one self-contained, offline, interactive HTML page.

The page draws entities (places by level, officials, posts, departments, initiatives, outcomes;
optionally articles and journalists) with vis-network, the library pyvis bundles. pyvis's own page
template is not used: it links bootstrap and vis-network from CDNs even with
``cdn_resources="in_line"``, shows HTML tooltips as raw text, and has no search/filter UI that
works offline. Instead the page here:

- inlines ``vis-network.min.js`` and its CSS from the installed pyvis package, and nothing else
  from outside: a Content-Security-Policy ``default-src 'none'`` with the SHA-256 of each of its
  two inline scripts forbids every network request and every other script (an injected inline
  event handler or ``<script>`` would not run even if escaping failed);
- carries the graph as JSON in a non-executable ``<script type="application/json">`` block, with
  ``<``, ``>`` and ``&`` written as ``\\u003c`` etc., and the page's script builds every tooltip,
  legend and list from it with ``textContent``: no text from an article ever becomes HTML;
- is deterministic: nodes and edges sorted, ids derived from IRIs, vis-network's layout seeded,
  no timestamps. The layout is computed in the browser (physics with a bounded number of
  stabilisation iterations, then physics off), so the same graph gives the same bytes;
- reduces a large graph (``--max-nodes``, ``--focus``/``--depth``, ``--classes``) and says so on the
  page ("showing N of M nodes: ...").
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import sys
import time
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import click
import pyoxigraph as ox

from .namespaces import PROV, RDF, RDFS, SKOS, XK
from .store import load_store

DEFAULT_MAX_NODES = 1500
DEFAULT_TITLE = "xkg 知识图谱"

# One visual style per class: (key, fallback Chinese label, colour, vis shape, size).
# Order matters: a node gets the first of these classes it has.
CLASS_STYLES: tuple[tuple[str, str, str, str, int], ...] = (
    ("Country", "国家", "#08306b", "dot", 30),
    ("Province", "省级行政区", "#08519c", "dot", 26),
    ("City", "地级行政区", "#2171b5", "dot", 22),
    ("District", "县级行政区", "#4292c6", "dot", 18),
    ("Town", "乡级行政区", "#6baed6", "dot", 14),
    ("Village", "村级单位", "#9ecae1", "dot", 11),
    ("Official", "官员", "#d62728", "star", 18),
    ("Post", "职务", "#f08080", "triangle", 11),
    ("Department", "部门", "#8c564b", "square", 12),
    ("Initiative", "举措", "#2ca02c", "diamond", 13),
    ("Outcome", "成效", "#ff9f40", "triangleDown", 9),
    ("Article", "文章", "#636363", "hexagon", 14),
    ("Journalist", "新闻工作者", "#9467bd", "triangle", 10),
)
PLACE_CLASSES = ("Country", "Province", "City", "District", "Town", "Village")
#: classes drawn unless asked otherwise; articles and journalists come with --articles
DEFAULT_CLASSES = (*PLACE_CLASSES, "Official", "Post", "Department", "Initiative", "Outcome")
ARTICLE_CLASSES = ("Article", "Journalist")

EDGE_COLOURS = {
    "locatedIn": "#6baed6", "holds": "#d62728", "jurisdiction": "#f08080", "org": "#8c564b",
    "partOf": "#8c564b", "implementedIn": "#2ca02c", "launchedBy": "#74c476", "place": "#ff9f40",
    "initiative": "#98df8a", "wasDerivedFrom": "#bdbdbd", "homePlace": "#969696",
}

# predicates that are not edges of the picture
_NOT_EDGES = {str(RDF.type), str(XK.mention), str(XK.inArticle), "http://purl.org/linked-data/cube#dataSet"}
# literal predicates not listed among a node's facts (shown elsewhere or noise)
_NOT_FACTS = {str(RDFS.label), str(XK.evidence), str(SKOS.altLabel), str(XK.contentHash)}
# the facts shown first, in this order; the others follow alphabetically
_FACT_ORDER = ("title", "indicator", "value", "unit", "surfaceValue", "qualifier", "previousValue", "date",
               "adminCode", "former", "identifier", "newspaper", "section", "encoding", "script")
_ONTOLOGY_GRAPH = "https://w3id.org/xkg/ontology"
# the IRIs compared with every quad read, as plain strings (an rdflib namespace builds a term per access)
_LABEL, _TYPE, _ALT = str(RDFS.label), str(RDF.type), str(SKOS.altLabel)
_EVIDENCE, _DERIVED = str(XK.evidence), str(PROV.wasDerivedFrom)
_GAZETTEER = "https://w3id.org/xkg/id/gazetteer"


class RenderError(Exception):
    """A render request that cannot be met (unknown class, focus label not found ...)."""


def local_name(iri: str) -> str:
    """``https://w3id.org/xkg/ontology#locatedIn`` -> ``locatedIn``."""
    for sep in ("#", "/"):
        if sep in iri:
            iri = iri.rsplit(sep, 1)[1] or iri
    return iri


@dataclass
class _Node:
    iri: str
    cls: str
    label: str = ""
    alt: set[str] = field(default_factory=set)
    facts: set[tuple[str, str]] = field(default_factory=set)
    evidence: set[tuple[str, str]] = field(default_factory=set)  # (article IRI or "", text)
    derived: set[str] = field(default_factory=set)
    graphs: set[str] = field(default_factory=set)


@dataclass
class RenderResult:
    html: str
    shown: int
    total: int
    edges: int
    note: str


Graph = tuple[dict[str, "_Node"], list[tuple[str, str, str]], dict[str, str]]


def _read_graph(graph_dir: Path) -> Graph:
    """Nodes (every typed entity of a drawable class), object-property triples, class labels."""
    return _read_store(load_store(graph_dir, with_ontology=True))


def _read_neighbourhood(graph_dir: Path, focus: str, depth: int, max_nodes: int,
                        articles: bool) -> tuple[Graph, int, str | None]:
    """What :func:`_read_graph` gives, for the entities within ``depth`` of ``focus`` only, read
    from the on-disk store of a large graph (see :mod:`graph.local`); the number of entities a
    plain render of the whole graph would count; and a note when the walk stopped at its budget."""
    from . import local
    from .dataset import class_counts, open_dataset

    ds = open_dataset(graph_dir)
    roots = local.lookup(ds, focus, articles=articles)
    if not roots:
        raise RenderError(f"--focus {focus!r}: no entity has this label (on a large graph the label must "
                          "match as written, or in simplified characters)")
    walk = local.EDGE_PREDICATES if articles else local.ENTITY_PREDICATES
    # the page shows max_nodes at most, the nearest first: twice that many is enough to choose from
    hood = local.explore(ds, roots, depth=depth, predicates=walk, budget=max(2 * max_nodes, 200),
                         in_limit=max(max_nodes, 50), keep_partial=True)
    counts = class_counts(graph_dir, ds)
    total = sum(counts.get(c, 0) for c in parse_classes(None, articles))
    cut = None if hood.complete else f"a large graph: the {len(hood.nodes)} entities read nearest the focus"
    return _read_store(local.subgraph(ds, hood)), total, cut


def _read_store(store: ox.Store) -> Graph:
    """What :func:`_read_graph` gives, from a store (the whole graph, or a neighbourhood of it)."""
    class_iris = {str(XK[key]): key for key, *_ in CLASS_STYLES}
    rank = {key: i for i, (key, *_) in enumerate(CLASS_STYLES)}
    types: dict[str, set[str]] = defaultdict(set)
    literals: dict[str, set[tuple[str, str, str]]] = defaultdict(set)  # s -> (p, value, graph)
    links: set[tuple[str, str, str]] = set()
    graphs: dict[str, set[str]] = defaultdict(set)
    class_zh: dict[str, str] = {}
    for q in store.quads_for_pattern(None, None, None, None):
        s, p, o, g = q.subject, q.predicate.value, q.object, q.graph_name
        if isinstance(g, ox.NamedNode) and g.value == _ONTOLOGY_GRAPH:
            if p == _LABEL and isinstance(o, ox.Literal) and o.language == "zh":
                class_zh[s.value] = o.value
            continue
        if not isinstance(s, ox.NamedNode):
            continue
        sv = s.value
        if isinstance(g, ox.NamedNode):
            graphs[sv].add(g.value)
        if p == _TYPE:
            if o.value in class_iris:
                types[sv].add(class_iris[o.value])
        elif isinstance(o, ox.Literal):
            literals[sv].add((p, o.value, g.value if isinstance(g, ox.NamedNode) else ""))
        elif isinstance(o, ox.NamedNode):
            links.add((sv, p, o.value))
    nodes: dict[str, _Node] = {}
    for iri, classes in types.items():
        node = _Node(iri, min(classes, key=rank.__getitem__))
        node.graphs = graphs.get(iri, set())
        labels = []
        for p, value, g in literals.get(iri, ()):
            if p == _LABEL:
                labels.append(value)
            elif p == _ALT:
                node.alt.add(value)
            elif p == _EVIDENCE:
                node.evidence.add((g, value))
            elif p not in _NOT_FACTS:
                node.facts.add((local_name(p), value))
        facts = dict(node.facts)
        if labels:
            node.label = sorted(labels)[0]
            node.alt.update(labels[1:])
        elif node.cls == "Article":
            node.label = facts.get("title") or facts.get("identifier") or local_name(iri)
        else:
            node.label = local_name(iri)
        node.alt.discard(node.label)
        nodes[iri] = node
    for s, p, o in links:
        if p == _DERIVED and s in nodes:
            nodes[s].derived.add(o)
    zh = {key: class_zh.get(str(XK[key]), fallback) for key, fallback, *_ in CLASS_STYLES}
    edges = sorted((s, p, o) for s, p, o in links
                   if s in nodes and o in nodes and s != o and p not in _NOT_EDGES)
    return nodes, edges, zh


def parse_classes(spec: str | None, with_articles: bool) -> tuple[str, ...]:
    """``Place,Official`` -> the class keys it names (Place stands for its six levels)."""
    if not spec:
        return DEFAULT_CLASSES + (ARTICLE_CLASSES if with_articles else ())
    known = {key.lower(): key for key, *_ in CLASS_STYLES}
    out: list[str] = []
    for part in spec.split(","):
        name = part.strip()
        if not name:
            continue
        keys = PLACE_CLASSES if name.lower() == "place" else (known.get(name.lower()),)
        if keys == (None,):
            choices = ", ".join(["Place", *known.values()])
            raise RenderError(f"unknown class {name!r} in --classes: choose from {choices}")
        out.extend(k for k in keys if k and k not in out)
    if with_articles:
        out.extend(k for k in ARTICLE_CLASSES if k not in out)
    return tuple(out)


def _adjacency(keep: Iterable[str], edges: list[tuple[str, str, str]]) -> dict[str, set[str]]:
    keep = set(keep)
    adj: dict[str, set[str]] = {n: set() for n in keep}
    for s, _, o in edges:
        if s in keep and o in keep:
            adj[s].add(o)
            adj[o].add(s)
    return adj


def select_nodes(nodes: dict[str, _Node], edges: list[tuple[str, str, str]], classes: tuple[str, ...],
                 focus: str | None, depth: int, max_nodes: int) -> tuple[list[str], list[str], list[str]]:
    """The IRIs to draw, the focus IRIs, and how the picture was reduced (for the note)."""
    reasons: list[str] = []
    pool = sorted(iri for iri, n in nodes.items() if n.cls in classes)
    adj = _adjacency(pool, edges)
    roots: list[str] = []
    dist: dict[str, int] = {}
    if focus:
        roots = [i for i in pool if nodes[i].label == focus] or [i for i in pool if focus in nodes[i].alt]
        if not roots:
            near = sorted({nodes[i].label for i in pool if focus in nodes[i].label})[:10]
            hint = f"; labels containing it: {', '.join(near)}" if near else ""
            raise RenderError(f"--focus {focus!r}: no node of the chosen classes has this label{hint}")
        dist = dict.fromkeys(roots, 0)
        todo = deque(roots)
        while todo:
            cur = todo.popleft()
            if dist[cur] >= depth:
                continue
            for nb in sorted(adj[cur]):
                if nb not in dist:
                    dist[nb] = dist[cur] + 1
                    todo.append(nb)
        pool = sorted(dist)
        reasons.append(f"within {depth} step(s) of {focus}")
    if max_nodes >= 0 and len(pool) > max_nodes:
        sub = _adjacency(pool, edges)
        if focus:
            order = sorted(pool, key=lambda i: (dist[i], -len(sub[i]), nodes[i].label, i))
            reasons.append(f"the {max_nodes} nearest the focus, best connected first "
                           f"(--max-nodes {max_nodes})")
        else:
            order = sorted(pool, key=lambda i: (-len(sub[i]), nodes[i].label, i))
            reasons.append(f"the {max_nodes} with the most connections (--max-nodes {max_nodes})")
        pool = sorted(order[:max_nodes])
    return pool, sorted(roots), reasons


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _fact_key(fact: tuple[str, str]) -> tuple[int, str, str]:
    k, v = fact
    return (_FACT_ORDER.index(k) if k in _FACT_ORDER else len(_FACT_ORDER), k, v)


def build_data(nodes: dict[str, _Node], edges: list[tuple[str, str, str]], keep: list[str], roots: list[str],
               class_zh: dict[str, str], note: str, title: str, total: int) -> dict:
    """The JSON document the page's script reads (every string in it is plain text, never HTML)."""
    articles = sorted((iri for iri, n in nodes.items() if n.cls == "Article"),
                      key=lambda i: (dict(nodes[i].facts).get("identifier", ""), i))
    art_index = {iri: k for k, iri in enumerate(articles)}

    def art_name(iri: str) -> str:
        if iri in nodes:
            return dict(nodes[iri].facts).get("identifier") or nodes[iri].label
        return "gazetteer" if iri == _GAZETTEER else local_name(iri)

    keep_set = set(keep)
    out_links: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s, p, o in edges:
        out_links[s].append((local_name(p), o))
    index = {iri: k for k, iri in enumerate(keep)}
    data_nodes = []
    for iri in keep:
        n = nodes[iri]
        facts = [[k, v] for k, v in sorted(n.facts, key=_fact_key)]
        if n.alt:
            facts.append(["altLabel", "、".join(sorted(n.alt))])
        for p, o in sorted(out_links.get(iri, ()), key=lambda x: (x[0], nodes[x[1]].label, x[1])):
            if p != "wasDerivedFrom":
                facts.append([p, "→ " + nodes[o].label])
        member = {a for a in n.graphs | n.derived if a in art_index}
        if n.cls == "Article" and iri in art_index:
            member.add(iri)
        data_nodes.append({
            "id": index[iri],
            "iri": iri,
            "label": n.label,
            "short": _clip(n.label, 24),
            "alt": sorted(n.alt),
            "cls": n.cls,
            "facts": facts,
            "evidence": sorted([art_name(g) if g else "", text] for g, text in n.evidence),
            "sources": sorted({art_name(a) for a in n.derived}),
            "articles": sorted(art_index[a] for a in member),
        })
    data_edges = sorted(
        {(index[s], local_name(p), index[o]) for s, p, o in edges if s in keep_set and o in keep_set}
    )
    return {
        "title": title,
        "note": note,
        "total": total,
        "focus": [index[r] for r in roots if r in index],
        "classes": [
            {"key": key, "zh": class_zh.get(key, zh), "en": key, "color": colour, "shape": shape,
             "size": size,
             "count": sum(1 for i in keep if nodes[i].cls == key)}
            for key, zh, colour, shape, size in CLASS_STYLES
        ],
        "edgeColours": EDGE_COLOURS,
        "articles": [
            {"file": art_name(a), "title": dict(nodes[a].facts).get("title", ""),
             "date": dict(nodes[a].facts).get("date", "")}
            for a in articles
        ],
        "nodes": data_nodes,
        "edges": [[s, o, p] for s, p, o in data_edges],
    }


def _vis_assets() -> tuple[str, str]:
    lib = resources.files("pyvis") / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    return js, css


def _json_for_html(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # inside <script type="application/json"> nothing may close the element or open a comment
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def page_html(data: dict) -> str:
    vis_js, vis_css = _vis_assets()
    for name, code in (("vis-network.min.js", vis_js), ("render app", _APP_JS)):
        low = code.lower()
        if "</script" in low or "<!--" in low:
            raise RenderError(f"{name} cannot be inlined: it contains </script or <!--")
    if "</style" in vis_css.lower():
        raise RenderError("vis-network.css cannot be inlined: it contains </style")
    csp = ("default-src 'none'; "
           f"script-src {_sha256(vis_js)} {_sha256(_APP_JS)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; "
           "connect-src 'none'; base-uri 'none'; form-action 'none'")
    note = data["note"]
    parts = [
        "<!DOCTYPE html>\n<html lang=\"zh-Hans\">\n<head>\n<meta charset=\"utf-8\">\n",
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp, quote=False)}">\n',
        '<meta name="referrer" content="no-referrer">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<link rel="icon" href="data:,">\n',
        f"<title>{html.escape(data['title'])}</title>\n",
        f"<style>\n{vis_css}\n</style>\n<style>{_APP_CSS}</style>\n</head>\n<body>\n",
        '<header id="xkg-header">',
        f'<h1 id="xkg-title">{html.escape(data["title"])}</h1>',
        '<label class="xkg-search"><span>搜索 Search</span> '
        '<input id="xkg-search" type="search" list="xkg-labels" autocomplete="off" '
        'placeholder="label, e.g. 株洲市 (Enter: next match)"></label>',
        '<span id="xkg-search-status" role="status"></span>',
        f'<span id="xkg-count">{len(data["nodes"])} nodes, {len(data["edges"])} edges</span>',
        "</header>\n",
        f'<p id="xkg-note"{"" if note else " hidden"}>{html.escape(note)}</p>\n',
        '<div id="xkg-main">\n<aside id="xkg-side">',
        '<section><h2>类别 Classes</h2><div id="xkg-legend"></div></section>',
        '<section><h2>文章 Articles <button type="button" id="xkg-art-all">all</button>'
        '<button type="button" id="xkg-art-none">none</button></h2><div id="xkg-articles"></div></section>',
        '<section><h2>视图 View</h2>'
        '<label><input type="checkbox" id="xkg-edge-labels" checked> edge labels</label><br>'
        '<label><input type="checkbox" id="xkg-physics"> physics (re-layout)</label><br>'
        '<button type="button" id="xkg-fit">fit all</button></section>',
        "</aside>\n",
        '<div id="xkg-network-wrap"><div id="xkg-network"></div>'
        '<div id="xkg-loading">布局中 laying out…</div></div>\n',
        '<aside id="xkg-details"><p class="xkg-hint">'
        "Click a node for its facts, evidence and sources.</p></aside>\n",
        "</div>\n<datalist id=\"xkg-labels\"></datalist>\n",
        f'<script type="application/json" id="xkg-data">{_json_for_html(data)}</script>\n',
        f"<script>{vis_js}</script>\n",
        f"<script>{_APP_JS}</script>\n",
        "</body>\n</html>\n",
    ]
    return "".join(parts)


def render(graph_dir: Path, out: Path | None = None, *, focus: str | None = None, depth: int = 2,
           classes: str | None = None, max_nodes: int = DEFAULT_MAX_NODES, articles: bool = False,
           title: str = DEFAULT_TITLE) -> RenderResult:
    """Render the graph in ``graph_dir``; write the page to ``out`` when given."""
    from .local import is_large

    chosen = parse_classes(classes, articles)
    plain = parse_classes(None, articles)
    if is_large(graph_dir):
        if not focus:
            raise RenderError(f"{graph_dir} is a large graph: draw a part of it with --focus LABEL "
                              "(and --depth, --max-nodes)")
        (nodes, edges, class_zh), total, cut = _read_neighbourhood(Path(graph_dir), focus, depth, max_nodes,
                                                                  articles)
    else:
        cut = None
        nodes, edges, class_zh = _read_graph(Path(graph_dir))
        # the total the note counts against: what a plain render (same --articles) would draw
        total = sum(1 for n in nodes.values() if n.cls in plain)
    keep, roots, reasons = select_nodes(nodes, edges, chosen, focus, depth, max_nodes)
    if set(chosen) != set(plain):
        reasons.insert(0, "classes " + ", ".join(chosen))
    if cut:
        reasons.append(cut)
    note = ""
    if reasons or len(keep) != total:
        note = f"showing {len(keep)} of {total} nodes" + (": " + "; ".join(reasons) if reasons else "")
    data = build_data(nodes, edges, keep, roots, class_zh, note, title, total)
    text = page_html(data)
    if out is not None:
        from .store import write_text

        write_text(Path(out), text)
    return RenderResult(text, len(keep), total, len(data["edges"]), note)


@click.command("render")
@click.option("--graph", "graph_dir", required=True, type=click.Path(path_type=Path),
              help="A built graph folder.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write (self-contained, works offline).")
@click.option("--focus", default=None, metavar="LABEL",
              help="Draw only the neighbourhood of the node(s) with this label (rdfs:label or altLabel).")
@click.option("--depth", default=2, show_default=True, type=click.IntRange(0), help="Steps around --focus.")
@click.option("--classes", default=None, metavar="A,B,...",
              help="Classes to draw: Place (all levels), Country, Province, City, District, Town, Village, "
                   "Official, Post, Department, Initiative, Outcome, Article, Journalist.")
@click.option("--max-nodes", default=DEFAULT_MAX_NODES, show_default=True, type=click.IntRange(0),
              help="Draw at most this many nodes (the best connected, or the nearest the focus).")
@click.option("--articles/--no-articles", default=False, show_default=True,
              help="Also draw articles (and their journalists) as nodes, linked by wasDerivedFrom.")
@click.option("--title", default=DEFAULT_TITLE, show_default=True, help="The page's title.")
def render_command(graph_dir: Path, out: Path, focus: str | None, depth: int, classes: str | None,
                   max_nodes: int, articles: bool, title: str) -> None:
    """Write the graph as one interactive HTML page (no network access needed)."""
    from .store import GraphDirError

    t0 = time.perf_counter()
    try:
        result = render(graph_dir, out, focus=focus, depth=depth, classes=classes, max_nodes=max_nodes,
                        articles=articles, title=title)
    except (GraphDirError, RenderError) as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(2)
    click.echo(f"wrote {out}: {result.shown} of {result.total} nodes, {result.edges} edges, "
               f"{len(result.html.encode('utf-8')) // 1024} KiB, {time.perf_counter() - t0:.1f} s")
    if result.note:
        click.echo(result.note)


_APP_CSS = """
html,body{margin:0;height:100%;font-family:"Noto Sans CJK SC","Noto Sans SC","WenQuanYi Zen Hei",
"Microsoft YaHei","PingFang SC",sans-serif;font-size:14px;color:#222;background:#fff}
body{display:flex;flex-direction:column}
#xkg-header{display:flex;align-items:center;gap:14px;padding:6px 12px;border-bottom:1px solid #ddd;
flex-wrap:wrap}
#xkg-header h1{font-size:18px;margin:0}
#xkg-search{width:240px;padding:3px 6px;font:inherit}
#xkg-search-status,#xkg-count{color:#666;font-size:13px}
#xkg-note{margin:0;padding:4px 12px;background:#fff4d6;border-bottom:1px solid #f0d68a;font-size:13px}
#xkg-main{flex:1;display:flex;min-height:0}
#xkg-side{width:230px;overflow:auto;border-right:1px solid #ddd;padding:6px 10px;font-size:13px}
#xkg-side h2{font-size:14px;margin:8px 0 4px}
#xkg-side h2 button{font-size:11px;margin-left:4px;padding:0 4px}
#xkg-legend label,#xkg-articles label{display:flex;align-items:center;gap:5px;margin:2px 0;cursor:pointer}
#xkg-legend svg{flex:none}
#xkg-articles label{align-items:flex-start}
#xkg-articles .xkg-file{color:#666;font-size:11px;display:block}
#xkg-network-wrap{flex:1;position:relative;min-width:0}
#xkg-network{position:absolute;inset:0}
#xkg-loading{position:absolute;top:8px;left:8px;background:rgba(255,255,255,.9);padding:4px 8px;
border:1px solid #ddd;border-radius:4px}
#xkg-details{width:300px;overflow:auto;border-left:1px solid #ddd;padding:6px 10px;font-size:13px}
#xkg-details h3{margin:4px 0;font-size:16px;word-break:break-all}
.xkg-cls{color:#666;font-size:12px}
.xkg-facts{border-collapse:collapse;margin:4px 0;width:100%}
.xkg-facts th{text-align:left;color:#555;font-weight:normal;padding:1px 6px 1px 0;vertical-align:top;
white-space:nowrap}
.xkg-facts td{padding:1px 0;word-break:break-all}
.xkg-ev{margin:4px 0;padding:3px 6px;background:#f6f6f6;border-left:3px solid #ccc;word-break:break-all}
.xkg-src{color:#666;font-size:11px}
.xkg-iri{color:#888;font-size:11px;word-break:break-all}
div.vis-tooltip{white-space:normal;max-width:380px;font-family:inherit;font-size:12px;line-height:1.4}
.xkg-tt-label{font-weight:bold;font-size:14px}
"""

# The page's script. Static: no data is ever formatted into it (its hash is in the CSP).
_APP_JS = r"""
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("xkg-data").textContent);
  var FONT = '"Noto Sans CJK SC","Noto Sans SC","WenQuanYi Zen Hei","Microsoft YaHei",' +
    '"PingFang SC",sans-serif';
  var styles = {};
  D.classes.forEach(function (c) { styles[c.key] = c; });
  var adj = D.nodes.map(function () { return []; });
  D.edges.forEach(function (e) { adj[e[0]].push(e[1]); adj[e[1]].push(e[0]); });
  var hiddenNode = D.nodes.map(function () { return false; });

  // Every text below comes from the articles: it goes into the page through textContent only.
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function clip(s, n) { s = String(s); return s.length > n ? s.slice(0, n - 1) + "\u2026" : s; }
  function clsName(n) { var s = styles[n.cls]; return s.zh + " \u00b7 " + s.en; }
  function factsTable(facts, limit, width) {
    var t = el("table", "xkg-facts");
    facts.slice(0, limit).forEach(function (f) {
      var tr = el("tr");
      tr.appendChild(el("th", null, f[0]));
      tr.appendChild(el("td", null, clip(f[1], width)));
      t.appendChild(tr);
    });
    return t;
  }
  function evidenceBox(ev, width) {
    var d = el("div", "xkg-ev");
    if (ev[0]) { d.appendChild(el("span", "xkg-src", ev[0] + ": ")); }
    d.appendChild(document.createTextNode(clip(ev[1], width)));
    return d;
  }
  function tooltip(n) {
    var box = el("div", "xkg-tt");
    box.appendChild(el("div", "xkg-cls", clsName(n)));
    box.appendChild(el("div", "xkg-tt-label", n.label));
    if (n.facts.length) { box.appendChild(factsTable(n.facts, 10, 80)); }
    n.evidence.slice(0, 2).forEach(function (ev) { box.appendChild(evidenceBox(ev, 160)); });
    if (n.evidence.length > 2) {
      box.appendChild(el("div", "xkg-src", "+" + (n.evidence.length - 2) + " more evidence"));
    }
    if (n.sources.length) {
      box.appendChild(el("div", "xkg-src", "sources: " + clip(n.sources.join(", "), 200)));
    }
    return box;
  }
  function showDetails(n) {
    var panel = document.getElementById("xkg-details");
    panel.replaceChildren();
    if (!n) {
      panel.appendChild(el("p", "xkg-hint", "Click a node for its facts, evidence and sources."));
      return;
    }
    panel.appendChild(el("div", "xkg-cls", clsName(n)));
    panel.appendChild(el("h3", null, n.label));
    if (n.facts.length) { panel.appendChild(factsTable(n.facts, 100000, 100000)); }
    if (n.evidence.length) { panel.appendChild(el("div", "xkg-cls", "evidence \u8bc1\u636e")); }
    n.evidence.forEach(function (ev) { panel.appendChild(evidenceBox(ev, 100000)); });
    if (n.sources.length) {
      panel.appendChild(el("div", "xkg-cls", "sources \u6765\u6e90"));
      n.sources.forEach(function (s) { panel.appendChild(el("div", "xkg-src", s)); });
    }
    panel.appendChild(el("div", "xkg-iri", n.iri));
  }

  // ---- vis data ----------------------------------------------------------------
  var edgeLabels = document.getElementById("xkg-edge-labels");
  function nodeItem(n, dim) {
    var s = styles[n.cls];
    var v = {
      id: n.id, label: n.short, shape: s.shape, size: s.size, hidden: hiddenNode[n.id],
      color: { background: s.color, border: s.color, highlight: { background: s.color, border: "#000" },
               hover: { background: s.color, border: "#000" } },
      font: { color: "#222", face: FONT, size: 13, strokeWidth: 3, strokeColor: "#fff" }
    };
    if (dim) {
      v.color = { background: "#e4e4e4", border: "#d4d4d4" };
      v.font = { color: "#c4c4c4", face: FONT, size: 13, strokeWidth: 0 };
    }
    return v;
  }
  function edgeItem(e, i, dim) {
    var c = D.edgeColours[e[2]] || "#9a9a9a";
    return {
      id: i, from: e[0], to: e[1], label: edgeLabels.checked ? e[2] : "",
      hidden: hiddenNode[e[0]] || hiddenNode[e[1]],
      arrows: { to: { enabled: true, scaleFactor: 0.5 } }, width: 1,
      color: dim ? { color: "#eeeeee" } : { color: c, highlight: c, hover: c },
      font: { size: 9, face: FONT, color: dim ? "rgba(0,0,0,0)" : "#666", strokeWidth: dim ? 0 : 2,
              strokeColor: "#fff", align: "middle" }
    };
  }
  var nodes = new vis.DataSet(D.nodes.map(function (n) {
    var v = nodeItem(n, false); v.title = tooltip(n); return v;
  }));
  var edges = new vis.DataSet(D.edges.map(function (e, i) { return edgeItem(e, i, false); }));
  var api = { network: null, nodes: nodes, edges: edges, data: D, ready: false, selected: null };
  window.xkg = api;

  // ---- neighbourhood highlight ------------------------------------------------
  var highlighted = null;
  function restyle() {
    var near = null;
    if (highlighted !== null) {
      near = {}; near[highlighted] = true;
      adj[highlighted].forEach(function (j) { near[j] = true; });
    }
    nodes.update(D.nodes.map(function (m) { return nodeItem(m, near !== null && !near[m.id]); }));
    edges.update(D.edges.map(function (e, i) {
      return edgeItem(e, i, near !== null && e[0] !== highlighted && e[1] !== highlighted);
    }));
  }
  function select(id, focus) {
    api.selected = id;
    highlighted = id;
    restyle();
    api.network.selectNodes([id]);
    showDetails(D.nodes[id]);
    if (focus) {
      api.network.focus(id, { scale: 1.3, animation: { duration: 250, easingFunction: "easeInOutQuad" } });
    }
  }
  function deselect() {
    api.selected = null;
    if (highlighted !== null) { highlighted = null; restyle(); }
    showDetails(null);
  }

  // ---- filters: classes and articles ----------------------------------------
  var classOn = {}, articleOn = D.articles.map(function () { return true; });
  function visibleNode(m) {
    if (!classOn[m.cls]) { return false; }
    if (!m.articles.length) { return true; }
    for (var i = 0; i < m.articles.length; i++) { if (articleOn[m.articles[i]]) { return true; } }
    return false;
  }
  function applyFilters() {
    var shown = 0;
    D.nodes.forEach(function (m) { hiddenNode[m.id] = !visibleNode(m); if (!hiddenNode[m.id]) { shown++; } });
    nodes.update(D.nodes.map(function (m) { return { id: m.id, hidden: hiddenNode[m.id] }; }));
    edges.update(D.edges.map(function (e, i) {
      return { id: i, hidden: hiddenNode[e[0]] || hiddenNode[e[1]] };
    }));
    document.getElementById("xkg-count").textContent =
      shown + " of " + D.nodes.length + " nodes shown, " + D.edges.length + " edges";
  }
  function shapeIcon(shape, colour) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "16"); svg.setAttribute("height", "16");
    svg.setAttribute("viewBox", "0 0 16 16");
    var pts = {
      diamond: "8,1 15,8 8,15 1,8", triangle: "8,1 15,14 1,14", triangleDown: "1,2 15,2 8,15",
      square: "2,2 14,2 14,14 2,14", hexagon: "4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8",
      star: "8,0.5 10,6 15.5,6 11,9.5 12.8,15 8,11.6 3.2,15 5,9.5 0.5,6 6,6"
    }[shape];
    var s = document.createElementNS(ns, pts ? "polygon" : "circle");
    if (pts) { s.setAttribute("points", pts); }
    else { s.setAttribute("cx", "8"); s.setAttribute("cy", "8"); s.setAttribute("r", "6.5"); }
    s.setAttribute("fill", colour);
    svg.appendChild(s);
    return svg;
  }
  function checkbox(cls, value, onChange) {
    var box = el("input"); box.type = "checkbox"; box.checked = true; box.value = value; box.className = cls;
    box.addEventListener("change", function () { onChange(box.checked); applyFilters(); });
    return box;
  }
  var legend = document.getElementById("xkg-legend");
  D.classes.forEach(function (c) {
    classOn[c.key] = true;
    if (!c.count) { return; }
    var lab = el("label");
    lab.appendChild(checkbox("xkg-class", c.key, function (on) { classOn[c.key] = on; }));
    lab.appendChild(shapeIcon(c.shape, c.color));
    lab.appendChild(el("span", null, c.zh + " " + c.en + " (" + c.count + ")"));
    legend.appendChild(lab);
  });
  var artBox = document.getElementById("xkg-articles");
  var artInputs = [];
  D.articles.forEach(function (a, i) {
    var lab = el("label");
    var box = checkbox("xkg-article", String(i), function (on) { articleOn[i] = on; });
    artInputs.push(box);
    lab.appendChild(box);
    var txt = el("span", null, clip(a.title || a.file, 40));
    if (a.title || a.date) {
      txt.appendChild(el("span", "xkg-file", (a.title ? a.file : "") + (a.date ? " \u00b7 " + a.date : "")));
    }
    lab.appendChild(txt);
    artBox.appendChild(lab);
  });
  function setAllArticles(on) {
    artInputs.forEach(function (b, i) { b.checked = on; articleOn[i] = on; });
    applyFilters();
  }
  document.getElementById("xkg-art-all").addEventListener("click", function () { setAllArticles(true); });
  document.getElementById("xkg-art-none").addEventListener("click", function () { setAllArticles(false); });
  if (!D.articles.length) { artBox.appendChild(el("p", "xkg-hint", "(no article graphs)")); }
  applyFilters();

  // ---- search ----------------------------------------------------------------
  var list = document.getElementById("xkg-labels");
  var seen = {};
  D.nodes.forEach(function (m) {
    if (seen[m.label]) { return; }
    seen[m.label] = true;
    var o = el("option"); o.value = m.label; list.appendChild(o);
  });
  var input = document.getElementById("xkg-search");
  var status = document.getElementById("xkg-search-status");
  var lastQuery = null, matches = [], pos = 0;
  function find(q) {
    var exact = [], prefix = [], part = [];
    D.nodes.forEach(function (m) {
      if (hiddenNode[m.id]) { return; }
      var names = [m.label].concat(m.alt);
      if (names.indexOf(q) >= 0) { exact.push(m.id); }
      else if (names.some(function (s) { return s.indexOf(q) === 0; })) { prefix.push(m.id); }
      else if (names.some(function (s) { return s.indexOf(q) >= 0; })) { part.push(m.id); }
    });
    return exact.concat(prefix, part);
  }
  function search(q, next) {
    q = String(q).trim();
    if (!q) { status.textContent = ""; return null; }
    if (q !== lastQuery || !next) { lastQuery = q; matches = find(q); pos = 0; }
    else if (matches.length) { pos = (pos + 1) % matches.length; }
    if (!matches.length) { status.textContent = "no visible node matches"; return null; }
    status.textContent = (pos + 1) + " / " + matches.length;
    select(matches[pos], true);
    return matches[pos];
  }
  api.search = search;
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); search(input.value, true); }
  });
  input.addEventListener("change", function () { search(input.value, false); });

  // ---- the network -------------------------------------------------------------
  var n = D.nodes.length;
  var iterations = n <= 200 ? 400 : Math.max(60, Math.round(100000 / n));
  var network = new vis.Network(document.getElementById("xkg-network"), {}, {
    autoResize: true,
    layout: { randomSeed: 20241124, improvedLayout: n <= 150 },
    physics: {
      enabled: true, solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -60, centralGravity: 0.008, springLength: 90,
                          springConstant: 0.06, damping: 0.6, avoidOverlap: 0.3 },
      stabilization: { enabled: true, iterations: iterations, updateInterval: 25, fit: true },
      minVelocity: 1, maxVelocity: 60, timestep: 0.5
    },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: n > 600, hideEdgesOnZoom: n > 600,
                   navigationButtons: false, keyboard: false, multiselect: false },
    edges: { smooth: false, selectionWidth: 1 },
    nodes: { borderWidth: 1 }
  });
  api.network = network;
  var loading = document.getElementById("xkg-loading");
  network.on("stabilizationProgress", function (p) {
    var pct = Math.round(100 * p.iterations / p.total);
    loading.textContent = "\u5e03\u5c40\u4e2d laying out\u2026 " + pct + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    network.fit();
    loading.hidden = true;
    if (D.focus.length) { select(D.focus[0], false); }
    api.ready = true;
  });
  network.on("click", function (p) {
    if (p.nodes.length) { select(p.nodes[0], false); } else { deselect(); }
  });
  edgeLabels.addEventListener("change", restyle);
  document.getElementById("xkg-physics").addEventListener("change", function (ev) {
    network.setOptions({ physics: { enabled: ev.target.checked, stabilization: { enabled: false } } });
  });
  document.getElementById("xkg-fit").addEventListener("click", function () { network.fit(); });
  if (n === 0) { loading.textContent = "no nodes to show"; api.ready = true; }
  else { network.setData({ nodes: nodes, edges: edges }); }
})();
"""
