"""``xkg path``: shortest connections between two entities, with the evidence of every hop."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graph.cli import main
from graph.paths import load_path_graph, nearest, shortest_paths

ARTICLE_FILE = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")
PREFIXES = """PREFIX xk: <https://w3id.org/xkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XKG_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "paths-cache"))


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["path", *map(str, args)])


def test_official_to_province_hop_by_hop(sample_graph, chain):
    r = run(chain["official"], chain["province"], "--graph", sample_graph)
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "path 1, 4 hops" in out
    hops = re.findall(r"^\s+\d+\. (.+?) —(\S+)→ (.+?)(?:   \(walked backwards\))?$", out, re.M)
    assert [p for _, p, _ in hops] == ["xk:holds", "xk:jurisdiction", "xk:locatedIn", "xk:locatedIn"]
    assert hops[0][0] == chain["official"]
    assert hops[2] == (chain["district"], "xk:locatedIn", chain["city"])
    assert hops[3] == (chain["city"], "xk:locatedIn", chain["province"])
    evidence = re.findall(r"^\s+evidence: (.+)$", out, re.M)
    articles = re.findall(r"^\s+article:\s+(\S+)$", out, re.M)
    assert len(evidence) == len(articles) == 4
    assert all(e != "none" for e in evidence[:2]), "a post's triples carry the post's evidence"
    assert all(ARTICLE_FILE.match(a) for a in articles)


def test_json_hops(sample_graph, chain):
    r = run(chain["official"], chain["province"], "--graph", sample_graph, "--json", "-k", "2")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["from"]["label"] == chain["official"] and doc["from"]["class"] == "Official"
    assert doc["to"]["label"] == chain["province"] and doc["to"]["class"] == "Province"
    assert 1 <= len(doc["paths"]) <= 2
    lengths = [p["length"] for p in doc["paths"]]
    assert lengths == sorted(lengths) and lengths[0] == 4
    for path in doc["paths"]:
        assert len(path["hops"]) == path["length"]
        for hop in path["hops"]:
            assert {"subject", "predicate", "object", "evidence", "article"} <= set(hop)
            assert hop["predicate"].startswith("xk:")
            assert hop["article"] is None or ARTICLE_FILE.match(hop["article"])
    first = doc["paths"][0]["hops"]
    assert first[0]["evidence"] and first[0]["article"]
    # the post's evidence is the sentence naming the official (as written, maybe traditional)
    from graph.normalise import to_simplified

    assert chain["official"] in to_simplified(first[0]["evidence"])


def test_names_by_iri_and_traditional_label(sample_graph, chain):
    import opencc

    doc = json.loads(run(chain["official"], chain["city"], "--graph", sample_graph, "--json").stdout)
    iri = doc["from"]["iri"]
    short = "xki:" + iri.removeprefix("https://w3id.org/xkg/id/")
    traditional = opencc.OpenCC("s2t").convert(chain["city"])
    for name in (iri, short, f"<{iri}>"):
        again = json.loads(run(name, traditional, "--graph", sample_graph, "--json").stdout)
        assert again["from"]["iri"] == iri and again["to"]["iri"] == doc["to"]["iri"]


def test_unknown_label_suggests_close_ones(sample_graph, chain):
    wrong = chain["district"][:-1] + "乡"  # 芦淞区 -> 芦淞乡
    r = run(wrong, chain["province"], "--graph", sample_graph)
    assert r.exit_code == 2
    assert "no entity labelled" in r.stderr and wrong in r.stderr
    assert chain["district"] in r.stderr.split("did you mean:")[1]
    r = run("xki:place/999999", chain["province"], "--graph", sample_graph)
    assert r.exit_code == 2 and "no entity" in r.stderr


def test_same_entity_and_bad_predicate_are_usage_errors(sample_graph, chain):
    assert run(chain["city"], chain["city"], "--graph", sample_graph).exit_code == 2
    r = run(chain["city"], chain["province"], "--graph", sample_graph, "--include", "xk:nosuch")
    assert r.exit_code == 2 and "unknown predicate" in r.stderr and "xk:locatedIn" in r.stderr


def test_exclude_located_in_changes_or_removes_the_path(sample_graph, chain):
    base = json.loads(run(chain["official"], chain["province"], "--graph", sample_graph, "--json").stdout)
    r = run(chain["official"], chain["province"], "--graph", sample_graph, "--json", "--exclude", "xk:locatedIn")
    doc = json.loads(r.stdout)
    if r.exit_code == 0:
        assert doc["paths"] != base["paths"]
        assert all(h["predicate"] != "xk:locatedIn" for p in doc["paths"] for h in p["hops"])
    else:
        assert r.exit_code == 1 and doc["paths"] == [] and doc["nearest"]


def test_include_only_located_in(sample_graph, chain):
    r = run(chain["district"], chain["province"], "--graph", sample_graph, "--json", "--include", "locatedIn")
    doc = json.loads(r.stdout)
    assert [h["predicate"] for h in doc["paths"][0]["hops"]] == ["xk:locatedIn", "xk:locatedIn"]
    r = run(chain["official"], chain["province"], "--graph", sample_graph, "--include", "xk:locatedIn")
    assert r.exit_code == 1


def test_max_length_too_short_lists_nearest(sample_graph, chain):
    # official -holds-> post -jurisdiction-> district -locatedIn-> city: 3 hops
    r = run(chain["official"], chain["city"], "--graph", sample_graph, "--max-length", "1")
    assert r.exit_code == 1
    assert "no path of at most 1 hop between" in r.stdout
    assert "the shortest has 3 hops" in r.stdout
    near = r.stdout.split("nearest entities reachable from")[1].strip().splitlines()[1:]
    assert 1 <= len(near) <= 5
    assert near[0].strip().startswith("1 hop:") and "Post" in near[0]
    doc = json.loads(run(chain["official"], chain["city"], "--graph", sample_graph, "--max-length", "1",
                         "--json").stdout)
    assert doc["paths"] == [] and doc["shortest_length"] == 3
    assert [n["hops"] for n in doc["nearest"]] == sorted(n["hops"] for n in doc["nearest"])
    assert run(chain["official"], chain["city"], "--graph", sample_graph, "--max-length", "3").exit_code == 0


def test_directed_respects_direction(sample_graph, chain):
    assert run(chain["official"], chain["province"], "--graph", sample_graph, "--directed").exit_code == 0
    r = run(chain["province"], chain["official"], "--graph", sample_graph, "--directed")
    assert r.exit_code == 1 and "no directed path" in r.stdout
    # undirected, the way back is found, each triple still printed as written in RDF
    r = run(chain["province"], chain["official"], "--graph", sample_graph)
    assert r.exit_code == 0
    assert f"{chain['city']} —xk:locatedIn→ {chain['province']}   (walked backwards)" in r.stdout
    doc = json.loads(run(chain["province"], chain["official"], "--graph", sample_graph, "--json").stdout)
    assert all(h["reversed"] for h in doc["paths"][0]["hops"])


def test_k_paths_are_distinct_and_sorted(sample_graph, chain):
    pg = load_path_graph(sample_graph)
    a, b = pg.resolve(chain["official"]), pg.resolve(chain["province"])
    paths = shortest_paths(pg, a, b, k=3)
    assert 1 <= len(paths) <= 3
    assert [len(p) for p in paths] == sorted(len(p) for p in paths)
    walks = [tuple((h.subject, h.object) for h in p) for p in paths]
    assert len(set(walks)) == len(walks)
    for p in paths:  # consecutive hops share a node
        assert (p[0].object if not p[0].reversed else p[0].subject) in (p[1].subject, p[1].object)
    assert nearest(pg, a, 2)[0][1] == 1


def test_turtle_only_graph_still_gives_evidence_and_article(sample_graph, chain, tmp_path):
    shutil.copy(sample_graph / "graph.ttl", tmp_path / "graph.ttl")
    r = run(chain["official"], chain["province"], "--graph", tmp_path, "--json", "--no-cache")
    assert r.exit_code == 0, r.output
    hops = json.loads(r.stdout)["paths"][0]["hops"]
    assert hops[0]["evidence"] and ARTICLE_FILE.match(hops[0]["article"])


def test_cached_graph_gives_the_same_answer(sample_graph, chain, tmp_path, monkeypatch):
    monkeypatch.setenv("XKG_CACHE_DIR", str(tmp_path / "cache"))
    first = run(chain["official"], chain["province"], "--graph", sample_graph)
    assert list((tmp_path / "cache").glob("*.pickle"))
    second = run(chain["official"], chain["province"], "--graph", sample_graph)
    assert first.stdout == second.stdout
    assert run(chain["official"], chain["province"], "--graph", sample_graph, "--no-cache").stdout == first.stdout


ID = "https://w3id.org/xkg/id/"


def test_ambiguous_label_lists_candidates(namesakes):
    r = run("张三", "新村", "--graph", namesakes)
    assert r.exit_code == 2
    assert "'新村' names 2 entities" in r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip().startswith("新村 (")]
    assert len(lines) == 2
    assert any("Village, in 甲镇" in ln and ln.endswith(f"{ID}place/x3") for ln in lines)
    assert any("Village, in 乙镇" in ln and ln.endswith(f"{ID}place/x5") for ln in lines)
    doc = json.loads(run("张三", "新村", "--graph", namesakes, "--json").stdout)
    assert doc["error"] == "ambiguous" and doc["argument"] == "TO"
    assert sorted(c["context"] for c in doc["candidates"]) == ["乙镇", "甲镇"]


def test_namesake_by_iri_and_evidence_per_article(namesakes):
    r = run("张三", "xki:place/x5", "--graph", namesakes, "--json")
    assert r.exit_code == 0, r.output
    hops = json.loads(r.stdout)["paths"][0]["hops"]
    assert [(h["subject"], h["predicate"], h["object"]) for h in hops] == [
        ("张三", "xk:holds", "甲镇镇长"), ("甲镇镇长", "xk:jurisdiction", "甲镇"), ("甲镇", "xk:locatedIn", "某县"),
        ("乙镇", "xk:locatedIn", "某县"), ("新村", "xk:locatedIn", "乙镇")]
    assert [h["reversed"] for h in hops] == [False, False, False, True, True]
    assert hops[0]["evidence"] == hops[1]["evidence"] == "甲镇镇长张三说。"
    assert hops[2]["evidence"] == "甲镇新村今年增收。" and hops[2]["article"] == "001_aaaaaaaaaaaaaaaa.txt"
    assert hops[3]["evidence"] is None and hops[3]["source"] == "gazetteer"  # 乙镇 is not mentioned
    assert hops[4]["evidence"] == "乙镇的新村修了路。" and hops[4]["article"] == "002_bbbbbbbbbbbbbbbb.txt"
    text = run("张三", "xki:place/x5", "--graph", namesakes).stdout
    assert "from the gazetteer" in text
    assert run("张三", "xki:place/x3", "--graph", namesakes, "--directed").exit_code == 1
