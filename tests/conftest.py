"""Shared fixtures: the sample corpus built once per test session."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def sample_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample corpus built into a folder, in every format."""
    from graph.build import build

    out = tmp_path_factory.mktemp("sample-graph")
    result = build([CORPUS], out, ["ttl", "nt", "nq", "jsonld"], progress=False, report=lambda m: None)
    assert result.articles == 5 and not result.skipped
    return out


PREFIXES = """PREFIX xk: <https://w3id.org/xkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


@pytest.fixture(scope="session")
def chain(sample_graph: Path) -> dict[str, str]:
    """Labels of an official → post → district → city → province chain that the sample graph really holds.

    Each label names one entity only, so it can be passed to ``xkg path`` as it is.
    """
    store = ox.Store()
    store.bulk_load(path=str(sample_graph / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    q = PREFIXES + """
    SELECT ?official ?post ?district ?city ?province WHERE {
      ?o a xk:Official ; rdfs:label ?official ; xk:holds ?p .
      ?p rdfs:label ?post ; xk:jurisdiction ?d .
      ?d a xk:District ; rdfs:label ?district ; xk:locatedIn ?c .
      ?c a xk:City ; rdfs:label ?city ; xk:locatedIn ?v .
      ?v a xk:Province ; rdfs:label ?province .
      FILTER NOT EXISTS { ?o2 rdfs:label ?official FILTER(?o2 != ?o) }
      FILTER NOT EXISTS { ?d2 rdfs:label ?district FILTER(?d2 != ?d) }
      FILTER NOT EXISTS { ?c2 rdfs:label ?city FILTER(?c2 != ?c) }
      FILTER NOT EXISTS { ?v2 rdfs:label ?province FILTER(?v2 != ?v) }
    } ORDER BY DESC(?official = "杨晓江") ?official ?post"""
    rows = list(store.query(q, use_default_graph_as_union=True))
    assert rows, "the sample graph has no official → district → city → province chain"
    return {k: rows[0][k].value for k in ("official", "post", "district", "city", "province")}


# --- a small hand-made graph: namesakes under different parents ---------------------------------

XKO = "https://w3id.org/xkg/ontology#"
ID = "https://w3id.org/xkg/id/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def _quads(article: str, file: str, triples: list[tuple[str, str, str]]) -> list[str]:
    g = f"<{ID}article/{article}>"
    lines = [f'{g} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{XKO}Article> {g} .',
             f'{g} <http://purl.org/dc/terms/identifier> "{file}" {g} .']
    for s, p, o in triples:
        o = o if o.startswith('"') else f"<{o}>"
        lines.append(f"<{s}> <{p}> {o} {g} .")
    return lines


@pytest.fixture(scope="module")
def namesakes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two villages labelled 新村, in 甲镇 and in 乙镇, both towns in 某县; 张三 holds a post in 甲镇."""
    def a(name: str) -> str:
        return ID + name

    t, lab, loc, ev, der = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", f"{RDFS}label", f"{XKO}locatedIn",
                            f"{XKO}evidence", "http://www.w3.org/ns/prov#wasDerivedFrom")
    county = [(a("place/x1"), t, f"{XKO}District"), (a("place/x1"), lab, '"某县"'),
              (a("place/x1"), der, a("gazetteer"))]
    one = _quads("a1", "001_aaaaaaaaaaaaaaaa.txt", [
        *county,
        (a("place/x2"), t, f"{XKO}Town"), (a("place/x2"), lab, '"甲镇"'), (a("place/x2"), loc, a("place/x1")),
        (a("place/x2"), ev, '"甲镇新村今年增收。"'), (a("place/x2"), der, a("article/a1")),
        (a("place/x3"), t, f"{XKO}Village"), (a("place/x3"), lab, '"新村"'), (a("place/x3"), loc, a("place/x2")),
        (a("place/x3"), ev, '"甲镇新村今年增收。"'), (a("place/x3"), der, a("article/a1")),
        (a("official/z"), t, f"{XKO}Official"), (a("official/z"), lab, '"张三"'),
        (a("official/z"), f"{XKO}holds", a("post/z1")),
        (a("post/z1"), t, f"{XKO}Post"), (a("post/z1"), lab, '"甲镇镇长"'),
        (a("post/z1"), f"{XKO}jurisdiction", a("place/x2")), (a("post/z1"), ev, '"甲镇镇长张三说。"'),
    ])
    two = _quads("a2", "002_bbbbbbbbbbbbbbbb.txt", [
        *county,
        (a("place/x4"), t, f"{XKO}Town"), (a("place/x4"), lab, '"乙镇"'), (a("place/x4"), loc, a("place/x1")),
        (a("place/x4"), der, a("gazetteer")),
        (a("place/x5"), t, f"{XKO}Village"), (a("place/x5"), lab, '"新村"'), (a("place/x5"), loc, a("place/x4")),
        (a("place/x5"), ev, '"乙镇的新村修了路。"'), (a("place/x5"), der, a("article/a2")),
    ])
    d = tmp_path_factory.mktemp("namesakes")
    (d / "graph.nq").write_text("\n".join(one + two) + "\n", encoding="utf-8")
    return d
