"""The pipeline end to end: files in, a valid, reproducible RDF graph out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import rdflib
from click.testing import CliRunner
from conftest import CORPUS

from graph.build import build
from graph.cli import main
from graph.namespaces import DCTERMS, PROV, RDF, RDFS, XK


def _files(d: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(d.iterdir()) if p.is_file()}


def test_every_format_parses_in_rdflib_and_oxigraph(sample_graph):
    for name, fmt, oxfmt in [("graph.ttl", "turtle", ox.RdfFormat.TURTLE), ("graph.nt", "nt", ox.RdfFormat.N_TRIPLES),
                             ("graph.nq", "nquads", ox.RdfFormat.N_QUADS)]:
        path = sample_graph / name
        g = rdflib.Dataset() if fmt == "nquads" else rdflib.Graph()
        g.parse(path, format=fmt)
        assert len(g) > 0 or fmt == "nquads"
        assert sum(1 for _ in ox.parse(path.read_bytes(), format=oxfmt)) > 1000
    ds = rdflib.Dataset()
    ds.parse(sample_graph / "graph.nq", format="nquads")
    graphs = {c for _, _, _, c in ds.quads((None, None, None, None)) if c is not None}
    assert len([g for g in graphs if "/article/" in str(g)]) == 5  # one named graph per article
    jg = rdflib.Graph().parse(sample_graph / "graph.jsonld", format="json-ld",
                              base=(sample_graph / "graph.jsonld").as_uri())
    tg = rdflib.Graph().parse(sample_graph / "graph.ttl", format="turtle")
    assert len(jg) == len(tg)


def test_rebuild_is_byte_identical(tmp_path, sample_graph):
    again = tmp_path / "again"
    build([CORPUS], again, ["ttl", "nt", "nq", "jsonld"], progress=False, report=lambda m: None)
    assert _files(again) == _files(sample_graph)


def test_build_in_another_process_is_byte_identical(tmp_path, sample_graph):
    # a new interpreter has another string-hash seed: output must not depend on it
    out = tmp_path / "p"
    subprocess.run([sys.executable, "-m", "graph.cli", "build", str(CORPUS), "--out", str(out), "--format", "ttl",
                    "--format", "nq", "--format", "jsonld", "--format", "nt"],
                   check=True, capture_output=True, env={"PYTHONHASHSEED": "123", "PATH": ""})
    for name in ("graph.ttl", "graph.nq", "graph.jsonld", "graph.nt", "manifest.json"):
        assert (out / name).read_bytes() == (sample_graph / name).read_bytes(), name


def test_iris_do_not_change_when_articles_are_added(tmp_path):
    one = tmp_path / "one"
    build([CORPUS / "004_343a56a0af880900.txt"], one, ["nt"], progress=False, report=lambda m: None)
    all_ = tmp_path / "all"
    build([CORPUS], all_, ["nt"], progress=False, report=lambda m: None)
    g1 = rdflib.Graph().parse(one / "graph.nt")
    g5 = rdflib.Graph().parse(all_ / "graph.nt")
    assert set(g1.subjects(RDF.type, None)) <= set(g5.subjects(RDF.type, None))


def test_entities_carry_label_provenance_and_evidence(sample_graph):
    g = rdflib.Graph().parse(sample_graph / "graph.ttl")
    for cls in (XK.Official, XK.Post, XK.Initiative, XK.Outcome):
        nodes = set(g.subjects(RDF.type, cls))
        assert nodes, cls
        for n in nodes:
            assert len(list(g.objects(n, RDFS.label))) == 1, n
            assert list(g.objects(n, PROV.wasDerivedFrom)), n
            assert list(g.objects(n, XK.evidence)), n
    places = {s for c in (XK.City, XK.District, XK.Town, XK.Village) for s in g.subjects(RDF.type, c)}
    for p in places:
        assert len(list(g.objects(p, RDFS.label))) == 1, p
    idents = {str(o) for o in g.objects(None, DCTERMS.identifier)}
    assert "001_9d2036e036ee4571.txt" in idents


def test_traditional_garbled_seed_gives_simplified_places_with_original_evidence(sample_graph):
    g = rdflib.Graph().parse(sample_graph / "graph.ttl")
    q = """SELECT ?l ?ev WHERE { ?p a/rdfs:subClassOf* xk:Place ; rdfs:label ?l ; xk:mention ?m .
             ?m xk:inArticle/dcterms:identifier "004_343a56a0af880900.txt" ; xk:surface ?ev }"""
    g.parse(Path(__file__).resolve().parent.parent / "ontology" / "xkg.ttl")
    rows = {(str(lab), str(ev)) for lab, ev in g.query(q, initNs={"xk": XK, "rdfs": RDFS, "dcterms": DCTERMS})}
    labels = {lab for lab, _ in rows}
    assert {"鹤壁市", "淇滨区", "黎阳路街道"} <= labels
    assert ("鹤壁市", "鶴壁市") in rows  # evidence as written, traditional
    assert ("淇滨区", "淇濱區") in rows  # pinyin removed for reading, kept out of the quote


def test_mention_offsets_point_at_their_surface(sample_graph):
    ds = rdflib.Graph().parse(sample_graph / "graph.nt", format="nt")
    texts = {p.name: p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt")}
    n = 0
    for m in ds.subjects(RDF.type, XK.Mention):
        art = ds.value(m, XK.inArticle)
        name = str(ds.value(art, DCTERMS.identifier))
        s, e = int(ds.value(m, XK.start)), int(ds.value(m, XK.end))
        assert texts[name][s:e] == str(ds.value(m, XK.surface))
        n += 1
    assert n > 100


def test_validate_passes_on_the_sample(sample_graph):
    r = CliRunner().invoke(main, ["validate", "--graph", str(sample_graph)])
    assert r.exit_code == 0, r.output
    assert "conforms" in r.output


def test_validate_reports_node_and_article(tmp_path, sample_graph):
    bad = tmp_path / "bad"
    bad.mkdir()
    text = (sample_graph / "graph.nq").read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if "#value>" in ln)
    extra = line.replace('"^^', '1"^^', 1)  # a second xk:value on the same outcome
    (bad / "graph.nq").write_text(text + extra + "\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["validate", "--graph", str(bad)])
    assert r.exit_code == 1
    assert "outcome/" in r.output and ".txt" in r.output


def test_cli_build_summary_and_exit_codes(tmp_path):
    good = tmp_path / "in"
    good.mkdir()
    (good / "a.txt").write_text((CORPUS / "002_4e8a31d454a890d3.txt").read_text(encoding="utf-8"), encoding="gb18030")
    (good / "empty.txt").write_bytes(b"")
    r = CliRunner().invoke(main, ["build", str(good), "--out", str(tmp_path / "o")])
    assert r.exit_code == 3, r.output  # done, some skipped
    assert "articles read: 1 (0 from cache), skipped: 1" in r.output and "quads:" in r.output
    assert "empty.txt: empty file" in r.output or "empty.txt" in (r.stderr if r.stderr_bytes else "")
    manifest = json.loads((tmp_path / "o" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["articles"] == 1 and manifest["skipped"][0]["reason"] == "empty file"
    r = CliRunner().invoke(main, ["build", str(good / "a.txt"), "--out", str(tmp_path / "o2")])
    assert r.exit_code == 0


def test_cli_rejects_unknown_format_and_missing_source(tmp_path):
    r = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "o"), "--format", "rdfxml"])
    assert r.exit_code == 2 and "unknown --format" in r.output
    r = CliRunner().invoke(main, ["build", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert r.exit_code == 2 and "no such file" in r.output


def test_parallel_build_equals_serial(tmp_path, sample_graph):
    out = tmp_path / "par"
    build([CORPUS], out, ["nq"], jobs=2, progress=False, report=lambda m: None)
    assert (out / "graph.nq").read_bytes() == (sample_graph / "graph.nq").read_bytes()


def test_incremental_rebuild_reprocesses_only_the_changed_article(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for p in sorted(CORPUS.glob("*.txt")):
        (src / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "out"
    first = build([src], out, ["nq", "ttl"], progress=False, report=lambda m: None)
    assert first.reused == 0
    changed = src / "002_4e8a31d454a890d3.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("芦淞区委书记王建勇表示", "芦淞区委书记王建勇指出"),
                       encoding="utf-8")
    again = build([src], out, ["nq", "ttl"], progress=False, report=lambda m: None)
    assert again.articles == 5 and again.reused == 4  # only the changed article was processed
    clean = tmp_path / "clean"
    build([src], clean, ["nq", "ttl"], progress=False, report=lambda m: None)
    assert _files(out) == _files(clean)


def test_cache_entries_are_not_rdf_files(sample_graph):
    cached = list((sample_graph / ".xkg-cache").rglob("*"))
    assert any(p.is_file() for p in cached)
    assert not [p for p in cached if p.suffix in (".nq", ".ttl", ".nt", ".jsonld")]


def test_persistent_store_answers_queries_with_set_counts(tmp_path):
    from graph.dataset import DATASET_DIR, dataset_is_current, open_dataset

    out = tmp_path / "s"
    build([CORPUS], out, ["ttl"], progress=False, report=lambda m: None, store=True)
    assert (out / "graph.nq").exists() and (out / DATASET_DIR).is_dir() and dataset_is_current(out)
    store = open_dataset(out)
    rows = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { <https://w3id.org/xkg/id/place/430200> "
                            "<http://www.w3.org/2000/01/rdf-schema#label> ?l }"))
    assert int(rows[0]["n"].value) == 1  # one label, however many articles name 株洲市


def test_build_on_a_dask_cluster_equals_local(tmp_path, sample_graph):
    distributed = __import__("pytest").importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        out = tmp_path / "dask"
        r = build([CORPUS], out, ["nq", "ttl"], progress=False, report=lambda m: None,
                  scheduler=cluster.scheduler_address)
    assert r.articles == 5
    assert (out / "graph.nq").read_bytes() == (sample_graph / "graph.nq").read_bytes()
    assert (out / "graph.ttl").read_bytes() == (sample_graph / "graph.ttl").read_bytes()
