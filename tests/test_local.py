"""Large graphs: ``xkg path`` and ``xkg render --focus`` read a neighbourhood from the on-disk store.

``XKG_LARGE_GRAPH_BYTES=0`` makes the sample graph "large", so the same questions can be asked both
ways and the answers compared: the neighbourhood must give what the whole graph gives.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graph import local
from graph.cli import main
from graph.dataset import open_dataset


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XKG_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "paths-cache"))


@pytest.fixture(scope="module")
def big(sample_graph: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample graph's N-Quads alone, in a folder of its own (no store yet)."""
    d = tmp_path_factory.mktemp("big")
    shutil.copy(sample_graph / "graph.nq", d / "graph.nq")
    return d


def invoke(*args: str | Path, large: bool, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.setenv("XKG_LARGE_GRAPH_BYTES", "0" if large else str(10**12))
    return CliRunner().invoke(main, list(map(str, args)))


def _hops(r: Result) -> list[list[tuple[str, str, str, bool]]]:
    doc = json.loads(r.stdout)
    return [[(h["subject"], h["predicate"], h["object"], h["reversed"]) for h in p["hops"]] for p in doc["paths"]]


@pytest.mark.parametrize("ends", [("official", "province"), ("official", "city"), ("post", "province"),
                                  ("district", "official"), ("city", "province")])
@pytest.mark.parametrize("k", ["1", "3"])
def test_path_from_the_store_equals_the_whole_graph(big, chain, ends, k, monkeypatch):
    a, b = chain[ends[0]], chain[ends[1]]
    whole = invoke("path", a, b, "--graph", big, "-k", k, "--json", large=False, monkeypatch=monkeypatch)
    hood = invoke("path", a, b, "--graph", big, "-k", k, "--json", large=True, monkeypatch=monkeypatch)
    assert whole.exit_code == hood.exit_code == 0, hood.output
    assert _hops(hood) == _hops(whole)
    doc = json.loads(hood.stdout)
    assert doc["explored"]["complete"] and doc["explored"]["nodes"] > 1
    for p in doc["paths"]:  # every hop still quotes an article, as the whole graph does
        assert all(h["evidence"] or h["source"] == "gazetteer" for h in p["hops"])


def test_unknown_and_ambiguous_names_from_the_store(big, namesakes, monkeypatch):
    r = invoke("path", "没有这个地方", "湖南省", "--graph", big, large=True, monkeypatch=monkeypatch)
    assert r.exit_code == 2 and "FROM: no entity labelled '没有这个地方'" in r.stderr
    r = invoke("path", "湖南省", "没有这个地方", "--graph", big, "--json", large=True, monkeypatch=monkeypatch)
    assert r.exit_code == 2 and json.loads(r.stdout)["argument"] == "TO"
    r = invoke("path", "张三", "新村", "--graph", namesakes, "--json", large=True, monkeypatch=monkeypatch)
    assert r.exit_code == 2
    doc = json.loads(r.stdout)
    assert doc["error"] == "ambiguous" and doc["argument"] == "TO"
    assert sorted(c["context"] for c in doc["candidates"]) == ["乙镇", "甲镇"]
    r = invoke("path", "张三", "xki:place/x5", "--graph", namesakes, "--json", large=True, monkeypatch=monkeypatch)
    assert r.exit_code == 0, r.output
    hops = json.loads(r.stdout)["paths"][0]["hops"]
    assert [h["object"] for h in hops] == ["甲镇镇长", "甲镇", "某县", "某县", "乙镇"]


def test_traditional_label_is_found_in_the_store(big, chain, monkeypatch):
    from opencc import OpenCC

    to_trad = OpenCC("s2t").convert
    name = next((chain[k] for k in ("district", "city", "province") if to_trad(chain[k]) != chain[k]), None)
    if name is None:
        pytest.skip("the chain's places are written the same in both scripts")
    r = invoke("path", chain["official"], to_trad(name), "--graph", big, large=True, monkeypatch=monkeypatch)
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0].endswith(f"{name}: 1 path")


def test_hubs_are_not_walked_into_but_paths_through_them_are_found(big, chain):
    ds = open_dataset(big)
    [src] = local.lookup(ds, chain["official"])
    [dst] = local.lookup(ds, chain["province"])
    hood = local.explore(ds, [src], targets=[dst], predicates=local.ENTITY_PREDICATES, in_limit=1)
    assert hood.hubs, "with one incoming triple allowed, the places above are hubs"
    assert dst in hood.nodes and hood.nodes[dst] == 0
    from graph.paths import build_path_graph, shortest_paths

    pg = build_path_graph(local.subgraph(ds, hood))
    [path] = shortest_paths(pg, src, dst)
    assert [h.predicate for h in path] == ["xk:holds", "xk:jurisdiction", "xk:locatedIn", "xk:locatedIn"]
    # the budget stops a walk and says so
    cut = local.explore(ds, [dst], depth=6, budget=3)
    assert not cut.complete


def _page_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    start = text.index('<script type="application/json"')
    body = text[text.index(">", start) + 1:text.index("</script>", start)]
    return json.loads(body)


def test_render_focus_from_the_store_draws_what_the_whole_graph_draws(big, chain, tmp_path, monkeypatch):
    pages = {}
    for large in (False, True):
        out = tmp_path / f"{large}.html"
        r = invoke("render", "--graph", big, "--out", out, "--focus", chain["district"], "--depth", "2",
                   large=large, monkeypatch=monkeypatch)
        assert r.exit_code == 0, r.output
        pages[large] = _page_data(out)
    whole, hood = pages[False], pages[True]
    assert hood["total"] == whole["total"]
    assert [n["iri"] for n in hood["nodes"]] == [n["iri"] for n in whole["nodes"]]
    assert hood["edges"] == whole["edges"]
    assert [n["facts"] for n in hood["nodes"]] == [n["facts"] for n in whole["nodes"]]
    assert hood["note"] == whole["note"] and chain["district"] in hood["note"]


def test_render_of_a_large_graph_needs_a_focus(big, tmp_path, monkeypatch):
    r = invoke("render", "--graph", big, "--out", tmp_path / "x.html", large=True, monkeypatch=monkeypatch)
    assert r.exit_code != 0 and "--focus" in r.output
    assert not (tmp_path / "x.html").exists()
    r = invoke("render", "--graph", big, "--out", tmp_path / "x.html", "--focus", "没有这个地方", large=True,
               monkeypatch=monkeypatch)
    assert r.exit_code != 0 and "no entity has this label" in r.output
