"""``xkg query`` and the query catalogue in data/queries, over the sample graph."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from decimal import Decimal

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.query import CATALOGUE, QueryError, catalogue, execute, load_dataset, parse_term

NAMES = sorted(catalogue())
#: what the brief asks the catalogue to answer, at least
REQUIRED = {"outcomes-of-place", "officials", "initiatives-of-city", "places-under-province", "article-facts",
            "indicator-by-county", "influence-paths"}


def xkg(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def dataset(sample_graph):
    return load_dataset(sample_graph)


def rows(graph, name: str, *params: str) -> list[dict[str, str]]:
    args = ["query", name, "--graph", str(graph), "--format", "csv"]
    for p in params:
        args += ["--param", p]
    code, out, err = xkg(*args)
    assert code == 0, err
    return list(csv.DictReader(io.StringIO(out)))


def select_vars(text: str) -> list[str]:
    """The projected variables of a catalogue query, as its SELECT clause lists them."""
    clause = re.search(r"SELECT\s+(?:DISTINCT\s+)?(.*?)\s*WHERE", text, re.S).group(1)
    return re.findall(r"\?(\w+)\)?(?=\s|$)", re.sub(r"\([^()]*\([^()]*\)[^()]*AS\s+", "", clause))


# --- the catalogue --------------------------------------------------------------------------------


def test_catalogue_has_the_queries_asked_for():
    assert set(NAMES) >= REQUIRED


@pytest.mark.parametrize("name", NAMES)
def test_catalogue_files_say_what_they_answer_and_declare_their_prefixes(name):
    text = (CATALOGUE / f"{name}.rq").read_text(encoding="utf-8")
    assert text.startswith("# ")
    about, _ = catalogue()[name]
    assert len(about) > 40
    # every prefix used is declared, so the file runs in any store
    declared = set(re.findall(r"^PREFIX\s+(\w*):", text, re.M))
    body = "\n".join(line for line in text.splitlines() if not line.startswith(("#", "PREFIX")))
    used = set(re.findall(r"(?<![\w?$<\"])([A-Za-z]\w*):[A-Za-z]", body))
    assert used <= declared, used - declared
    ox.Store().query(text)  # parses without the default prefixes xkg query adds


@pytest.mark.parametrize("name", NAMES)
def test_every_catalogue_query_returns_rows_fast(dataset, name):
    text = catalogue()[name][1]
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        n = len(list(execute(dataset, text)))
        best = min(best, time.perf_counter() - t0)
    assert n >= 1
    assert best < 1.0, f"{name}: {best:.2f} s"


@pytest.mark.parametrize("name", NAMES)
def test_every_catalogue_query_runs_from_the_command_line(sample_graph, name):
    got = rows(sample_graph, name)
    assert got and list(got[0]) == select_vars(catalogue()[name][1])


def test_query_list_names_every_catalogue_query():
    code, out, _ = xkg("query", "--list")
    assert code == 0
    for name in NAMES:
        assert re.search(rf"^{re.escape(name)}$", out, re.M)
    assert "Parameter" in out


# --- output formats --------------------------------------------------------------------------------


def test_csv_tsv_json_parse_with_the_query_columns(sample_graph):
    columns = select_vars(catalogue()["officials"][1])
    outs = {}
    for fmt in ("csv", "tsv", "json", "table"):
        code, out, err = xkg("query", "officials", "--graph", str(sample_graph), "--format", fmt)
        assert code == 0, err
        outs[fmt] = out
    table = list(csv.DictReader(io.StringIO(outs["csv"])))
    assert list(table[0]) == columns
    tsv = list(csv.reader(io.StringIO(outs["tsv"]), delimiter="\t"))
    assert [c.lstrip("?") for c in tsv[0]] == columns
    data = json.loads(outs["json"])
    assert data["head"]["vars"] == columns
    assert len(data["results"]["bindings"]) == len(table) == len(tsv) - 1
    assert f"({len(table)} rows)" in outs["table"]
    names = {r["officialName"] for r in table}
    assert names == {b["officialName"]["value"] for b in data["results"]["bindings"]}


def test_ask_and_construct(sample_graph):
    code, out, _ = xkg("query", "ASK { ?x a <https://w3id.org/xkg/ontology#Official> }", "--graph", str(sample_graph))
    assert code == 0 and out.strip() == "true"
    code, out, _ = xkg("query", "CONSTRUCT WHERE { ?x a xk:Official }", "--graph", str(sample_graph))
    assert code == 0
    assert sum(1 for _ in ox.parse(out.encode(), format=ox.RdfFormat.N_TRIPLES)) >= 1


def test_query_from_a_file(sample_graph, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?a a xk:Article }", encoding="utf-8")
    code, out, _ = xkg("query", str(f), "--graph", str(sample_graph), "--format", "csv")
    assert code == 0 and out.splitlines() == ["n", "5"]


def test_a_long_one_line_query_is_not_taken_for_a_file_name(sample_graph):
    optionals = " ".join(f"OPTIONAL {{ ?a dcterms:title ?t{i} }}" for i in range(12))
    q = "SELECT ?a WHERE { ?a a xk:Article . " + optionals + " }"
    assert len(q) > 300
    code, out, err = xkg("query", q, "--graph", str(sample_graph), "--format", "csv")
    assert code == 0, err
    assert len(out.splitlines()) == 6


def test_default_graph_is_a_set_union(sample_graph):
    # 株洲市's label is stated by several article graphs: it must still match once
    q = "SELECT (COUNT(*) AS ?n) WHERE { <https://w3id.org/xkg/id/place/430200> rdfs:label ?l }"
    code, out, _ = xkg("query", q, "--graph", str(sample_graph), "--format", "csv")
    assert code == 0 and out.splitlines() == ["n", "1"]
    code, out, _ = xkg("query", "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?a a xk:Article } }",
                       "--graph", str(sample_graph), "--format", "csv")
    assert out.splitlines() == ["n", "5"]  # the article graphs are still there


def test_a_build_with_store_answers_from_it(tmp_path):
    from conftest import CORPUS

    out = tmp_path / "g"
    code, _, err = xkg("build", str(CORPUS), "--out", str(out), "--format", "ttl", "--store", "--no-progress")
    assert code == 0, err
    assert (out / "graph.nq").exists() and (out / "store").is_dir()
    facts = rows(out, "article-facts", "article=002_4e8a31d454a890d3.txt")
    assert facts and {"place", "outcome"} <= {r["kind"] for r in facts}
    q = "SELECT (COUNT(*) AS ?n) WHERE { <https://w3id.org/xkg/id/place/430200> rdfs:label ?l }"
    code, out_, _ = xkg("query", q, "--graph", str(out), "--format", "csv")
    assert out_.splitlines() == ["n", "1"]


# --- parameters --------------------------------------------------------------------------------


def test_param_binds_a_place_by_label_iri_or_code(sample_graph):
    every = rows(sample_graph, "outcomes-of-place")
    by_label = rows(sample_graph, "outcomes-of-place", "place=芦淞区")
    assert 0 < len(by_label) < len(every)
    assert {r["scopeLabel"] for r in by_label} == {"芦淞区"}
    for value in ("xki:place/430203", "<https://w3id.org/xkg/id/place/430203>", "430203"):
        again = rows(sample_graph, "outcomes-of-place", f"place={value}")
        assert sorted(r["outcome"] for r in again) == sorted(r["outcome"] for r in by_label)
    # a place takes in what lies below it
    city = rows(sample_graph, "outcomes-of-place", "place=株洲市")
    assert {r["outcome"] for r in by_label} < {r["outcome"] for r in city}


def test_param_values_are_terms_not_query_text(sample_graph):
    for hostile in ['x" } ; DROP ALL', 'x" ) } } SELECT * WHERE { ?s ?p ?o } #', "芦淞区> } #", "?place"]:
        code, out, err = xkg("query", "outcomes-of-place", "--graph", str(sample_graph), "--format", "csv",
                             "--param", f"place={hostile}")
        assert code == 0, err
        assert out.splitlines()[1:] == []  # matches nothing
    term = parse_term('x" } ; DROP ALL')
    assert isinstance(term, ox.Literal) and term.value == 'x" } ; DROP ALL'
    # nothing was dropped
    assert rows(sample_graph, "articles")


def test_parse_term():
    assert parse_term("<https://w3id.org/xkg/id/place/430200>") == ox.NamedNode("https://w3id.org/xkg/id/place/430200")
    assert parse_term("xk:City") == ox.NamedNode("https://w3id.org/xkg/ontology#City")
    assert parse_term("42").datatype.value.endswith("#integer")
    assert parse_term("4.5").datatype.value.endswith("#decimal")
    assert parse_term('"2019"^^xsd:gYear') == ox.Literal("2019", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#gYear"))
    assert parse_term('"株洲"@zh') == ox.Literal("株洲", language="zh")
    assert parse_term("株洲市") == ox.Literal("株洲市")
    assert parse_term("nope:x") == ox.Literal("nope:x")  # an unknown prefix is just text
    with pytest.raises(QueryError):
        parse_term("<not an iri>")


def test_params_of_the_other_catalogue_queries(sample_graph):
    officials = rows(sample_graph, "officials", "jurisdiction=株洲市")
    zhuzhou = {"株洲市", "芦淞区", "醴陵市", "荷塘区", "天元区", "攸县", "茶陵县", "炎陵县", "渌口区"}
    assert officials and {r["placeLabel"] for r in officials} <= zhuzhou
    mayors = rows(sample_graph, "officials", "title=区长")
    assert mayors and {r["title"] for r in mayors} == {"区长"}
    hunan = rows(sample_graph, "places-under-province", "province=湖南省")
    assert hunan and {r["provinceLabel"] for r in hunan} == {"湖南省"}
    assert {r["level"] for r in hunan} >= {"City", "District", "Town"}
    cities = rows(sample_graph, "initiatives-of-city", "city=株洲市")
    assert cities and {r["cityLabel"] for r in cities} == {"株洲市"}
    paths = rows(sample_graph, "influence-paths", "official=杨晓江")
    assert paths and {r["officialName"] for r in paths} == {"杨晓江"}
    assert all(r["path"].startswith("杨晓江 —") for r in paths)


def test_article_facts_by_identifier_or_iri(sample_graph):
    name = "002_4e8a31d454a890d3.txt"
    facts = rows(sample_graph, "article-facts", f"article={name}")
    assert facts and {r["identifier"] for r in facts} == {name}
    assert {"place", "outcome", "initiative"} <= {r["kind"] for r in facts}
    assert all(r["evidence"] for r in facts)
    iri = next(r["article"] for r in rows(sample_graph, "articles") if r["identifier"] == name)
    by_iri = rows(sample_graph, "article-facts", f"article=<{iri}>")
    assert sorted(r["fact"] for r in by_iri) == sorted(r["fact"] for r in facts)


def test_indicator_by_county_adds_up_the_outcomes(sample_graph):
    totals = rows(sample_graph, "indicator-by-county")
    assert totals and all(r["unit"] not in ("%", "‰") for r in totals)
    for t in totals[:10]:
        outcomes = rows(sample_graph, "outcomes-of-place", f"place=<{t['county']}>")
        mine = [o for o in outcomes if o["indicator"] == t["indicator"] and o["unit"] == t["unit"]]
        assert len({o["outcome"] for o in mine}) == int(t["outcomes"])
        total = sum(Decimal(o["value"]) for o in {o["outcome"]: o for o in mine}.values())
        assert total == Decimal(t["total"])
    one = totals[0]
    bound = rows(sample_graph, "indicator-by-county", f"indicator={one['indicator']}", f"unit={one['unit']}")
    assert bound and {(r["indicator"], r["unit"]) for r in bound} == {(one["indicator"], one["unit"])}



# indicator-by-county as it was before the totals were stored: the sum made at query time
SUMMED_AT_QUERY_TIME = """
PREFIX xk: <https://w3id.org/xkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?countyLabel ?indicator ?unit (SUM(?value) AS ?total) (COUNT(DISTINCT ?outcome) AS ?outcomes)
       (COUNT(DISTINCT ?a) AS ?articles) ?county
WHERE {
  ?outcome xk:indicator ?indicator ; xk:value ?value ; xk:unit ?unit ; xk:place ?at .
  FILTER(?unit NOT IN ("%", "‰"))
  ?at xk:locatedIn* ?county .
  ?county a xk:District ; rdfs:label ?countyLabel .
  OPTIONAL { ?outcome prov:wasDerivedFrom ?a }
}
GROUP BY ?county ?countyLabel ?indicator ?unit
ORDER BY ?countyLabel ?indicator ?unit ?county
"""


def test_stored_county_totals_equal_the_sums_made_at_query_time(dataset):
    text = catalogue()["indicator-by-county"][1]
    stored = [tuple(map(str, r)) for r in execute(dataset, text)]
    summed = [tuple(map(str, r)) for r in dataset.query(SUMMED_AT_QUERY_TIME)]
    assert len(stored) > 20 and stored == summed
    for _, indicator, unit, *_ in stored[:5]:
        params = [f"indicator={indicator[1:-1]}", f"unit={unit[1:-1]}"]
        one = [tuple(map(str, r)) for r in execute(dataset, text, params)]
        assert one and one == [r for r in summed if r[1] == indicator and r[2] == unit]


def test_county_totals_live_in_a_graph_of_their_own_in_the_store_only(sample_graph, dataset):
    from graph.dataset import TOTALS_GRAPH

    def count(where: str) -> int:
        return int(next(iter(dataset.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")))[0].value)

    total = "?t a <https://w3id.org/xkg/ontology#CountyTotal>"
    assert count(f"GRAPH <{TOTALS_GRAPH.value}> {{ {total} }}") > 20
    assert count(total) == 0  # the default graph: what the articles say, nothing derived
    for path in sample_graph.glob("graph.*"):
        assert "CountyTotal" not in path.read_text(encoding="utf-8"), path

# --- errors ------------------------------------------------------------------------------------------


def test_malformed_sparql_gives_line_and_column_and_exit_2(sample_graph):
    code, _, err = xkg("query", "SELECT *\nWHERE {\n  ?s ?p\n}", "--graph", str(sample_graph))
    assert code == 2
    assert re.search(r"line 4, column \d+", err), err
    assert "4 | }" in err  # the line it points at
    code, _, err = xkg("query", "SELECT ?x WHERE { ?x nope:y ?z }", "--graph", str(sample_graph))
    assert code == 2 and "undeclared prefix nope:" in err and "line 1, column" in err


def test_usage_errors_exit_2(sample_graph, tmp_path):
    for args in (["query", "no-such-query", "--graph", str(sample_graph)],
                 ["query", "missing.rq", "--graph", str(sample_graph)],
                 ["query", "articles", "--graph", str(tmp_path / "nothing")],
                 ["query", "articles"],
                 ["query", "articles", "--graph", str(sample_graph), "--param", "novalue"],
                 ["query", "articles", "--graph", str(sample_graph), "--param", "not_selected=1"]):
        code, _, err = xkg(*args)
        assert code == 2, (args, err)
        assert err.startswith("error: ")


# the planner's help (lookups, trailing VALUES) must never change an answer
SAMPLE_PARAMS = [
    ("outcomes-of-place", ["place=芦淞区"]), ("outcomes-of-place", ["place=430200"]),
    ("outcomes-of-place", ["place=xki:place/430203"]), ("outcomes-of-place", ["place=没有的地方"]),
    ("officials", ["jurisdiction=株洲市"]), ("officials", ["title=区长"]),
    ("officials", ["jurisdiction=芦淞区", "title=区长"]),
    ("places-under-province", ["province=湖南省"]), ("places-under-province", ["province=430000"]),
    ("initiatives-of-city", ["city=株洲市"]), ("influence-paths", ["official=杨晓江"]),
    ("influence-paths", ["official=杨晓江", "jurisdiction=芦淞区"]),
    ("article-facts", ["article=002_4e8a31d454a890d3.txt"]), ("articles", ["identifier=002_4e8a31d454a890d3.txt"]),
    ("indicator-by-county", ["indicator=贫困人口", "unit=人"]),
]


@pytest.mark.parametrize(("name", "params"), SAMPLE_PARAMS)
def test_lookups_and_values_give_what_substitution_alone_gives(dataset, name, params):
    from graph.query import parse_param

    text = catalogue()[name][1]
    helped = sorted(tuple(map(str, r)) for r in execute(dataset, text, params))
    subs = dict(parse_param(p) for p in params)
    plain = sorted(tuple(map(str, r)) for r in dataset.query(text, substitutions=subs))
    assert helped == plain


def test_lookup_line_puts_the_named_entities_first(dataset):
    from graph.query import named_by, parse_param, with_values

    text = catalogue()["outcomes-of-place"][1]
    assert "# lookup: ?place names ?scope" in text
    [iri] = named_by(dataset, parse_param("place=芦淞区")[1])
    assert named_by(dataset, parse_param("place=430203")[1]) == [iri]  # by its code too
    subs = dict([parse_param("place=芦淞区")])
    out = with_values(text, subs, {ox.Variable("scope"): [iri]})
    assert f"VALUES ?scope {{ {iri} }}" in out
    assert out.rstrip().endswith('VALUES (?place) { ("芦淞区") }')
    assert named_by(dataset, parse_param("place=没有的地方")[1]) == []


# --- pages: xkg query --limit/--offset ---------------------------------------------------------------

PAGED = sorted(n for n, (_, text) in catalogue().items() if re.search(r"^\s*#\s*page\s*$", text, re.M))


def test_the_long_listings_find_their_keys_in_a_subquery_marked_for_the_page():
    assert {"outcomes-of-place", "places-under-province"} <= set(PAGED)
    from graph.query import paged

    text = catalogue()["outcomes-of-place"][1]
    cut = paged(text, limit=10, offset=20)
    assert "LIMIT 10 OFFSET 20" in cut and "# page" not in cut
    # inside the keys' subquery: the outer ORDER BY comes after it
    assert cut.index("LIMIT 10 OFFSET 20") < cut.rindex("ORDER BY")


@pytest.mark.parametrize(("name", "params"),
                         [(n, p) for n, p in SAMPLE_PARAMS if n in PAGED] + [(n, []) for n in PAGED])
def test_pages_put_together_are_the_whole_listing(dataset, name, params):
    text = catalogue()[name][1]
    whole = [tuple(map(str, r)) for r in execute(dataset, text, params)]
    size, pages = 7, []
    for offset in range(0, len(whole) + size, size):
        page = [tuple(map(str, r)) for r in execute(dataset, text, params, limit=size, offset=offset)]
        assert len(page) <= size
        pages += page
    assert pages == whole
    assert [tuple(map(str, r)) for r in execute(dataset, text, params, offset=3)] == whole[3:]
    assert list(execute(dataset, text, params, limit=0)) == []


def test_a_query_without_a_page_mark_is_cut_after_its_order(dataset):
    text = "SELECT ?p ?l WHERE { ?p <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l ?p"
    whole = [tuple(map(str, r)) for r in execute(dataset, text)]
    assert len(whole) > 12
    assert [tuple(map(str, r)) for r in execute(dataset, text, limit=5, offset=7)] == whole[7:12]
    # a trailing VALUES clause stays last
    with_values = text + ' VALUES ?l { "株洲市" "芦淞区" }'
    assert len(list(execute(dataset, with_values, limit=1))) == 1


def test_a_query_with_its_own_limit_is_not_cut_again(dataset, sample_graph):
    text = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 3"
    with pytest.raises(QueryError, match="its own LIMIT"):
        execute(dataset, text, limit=2)
    # a LIMIT inside a subquery, or a # in an IRI, is not the query's own
    inner = ("SELECT ?s WHERE { { SELECT ?s WHERE { ?s a <https://w3id.org/xkg/ontology#Town> } "
             "ORDER BY ?s LIMIT 4 } } ORDER BY ?s")
    assert len(list(execute(dataset, inner, limit=2))) == 2
    code, _, err = xkg("query", text, "--graph", str(sample_graph), "--limit", "2")
    assert code == 2 and "its own LIMIT" in err
    code, _, err = xkg("query", "articles", "--graph", str(sample_graph), "--offset", "-1")
    assert code == 2


def test_cli_pages_are_rows_of_the_whole_listing(sample_graph):
    whole = rows(sample_graph, "places-under-province", "province=湖南省")
    code, out, err = xkg("query", "places-under-province", "--graph", str(sample_graph), "--format", "csv",
                         "--param", "province=湖南省", "--limit", "4", "--offset", "2")
    assert code == 0, err
    assert list(csv.DictReader(io.StringIO(out))) == whole[2:6]
    code, out, _ = xkg("query", "places-under-province", "--graph", str(sample_graph),
                       "--param", "province=湖南省", "--limit", "3")
    assert out.rstrip().endswith("(3 rows)")


# --- the listing order (xk:listingRank, computed when the dataset is loaded) -------------------------

OUTCOMES_IN_ORDER = """
PREFIX xk: <https://w3id.org/xkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?outcome WHERE { ?outcome xk:place ?at ; xk:indicator ?i ; xk:value ?v . ?at rdfs:label ?l }
ORDER BY ?l ?at ?i ?v ?outcome
"""
PLACES_IN_ORDER = """
PREFIX xk: <https://w3id.org/xkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?place WHERE {
  VALUES (?class ?level) { (xk:City 2) (xk:District 3) (xk:Town 4) (xk:Village 5) }
  ?place xk:locatedIn+ ?p ; a ?class ; rdfs:label ?l . ?p rdfs:label "湖南省" .
  OPTIONAL { ?place xk:adminCode ?code }
} ORDER BY ?level ?code ?l ?place
"""


def test_listings_in_rank_order_are_in_the_order_their_keys_give(dataset):
    outcomes = [r["outcome"] for r in execute(dataset, catalogue()["outcomes-of-place"][1])]
    assert len(outcomes) > 100
    assert outcomes == [r["outcome"] for r in dataset.query(OUTCOMES_IN_ORDER)]
    places = [r["place"] for r in execute(dataset, catalogue()["places-under-province"][1], ["province=湖南省"])]
    assert len(places) > 20
    assert places == [r["place"] for r in dataset.query(PLACES_IN_ORDER)]
    # initiatives by name (then IRI), each with its outcomes together
    rows = [(r["initiativeLabel"].value, r["initiative"].value)
            for r in execute(dataset, catalogue()["initiatives-of-city"][1], ["city=株洲市"])]
    assert len(set(rows)) > 5 and rows == sorted(rows)


def test_listing_ranks_are_one_per_place_initiative_and_outcome(dataset):
    from graph.dataset import ORDER_GRAPH
    from graph.gazetteer import LEVELS as PLACE_LEVELS

    ranks = {}
    for q in dataset.quads_for_pattern(None, None, None, ORDER_GRAPH):
        assert q.subject not in ranks
        ranks[q.subject] = int(q.object.value)
    count = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { %s }"
    places = " UNION ".join(f"{{ ?s a <https://w3id.org/xkg/ontology#{c}> }}" for c in PLACE_LEVELS)
    n_places = int(next(dataset.query(count % places))["n"].value)
    n_outcomes = int(next(dataset.query(count % "?s <https://w3id.org/xkg/ontology#place> ?at"))["n"].value)
    n_initiatives = int(next(dataset.query(count % "?s a <https://w3id.org/xkg/ontology#Initiative>"))["n"].value)
    assert len(ranks) == n_places + n_initiatives + n_outcomes
    # nothing derived reaches the default graph, which holds what the articles say
    assert not list(dataset.quads_for_pattern(None, ox.NamedNode("https://w3id.org/xkg/ontology#listingRank"),
                                              None, ox.DefaultGraph()))


def test_a_store_without_the_order_lists_the_same_rows(sample_graph):
    from graph.dataset import ORDER_GRAPH

    bare = load_dataset(sample_graph)
    bare.remove_graph(ORDER_GRAPH)
    ranked = load_dataset(sample_graph)
    for name, params in (("outcomes-of-place", ["place=株洲市"]), ("places-under-province", ["province=湖南省"])):
        text = catalogue()[name][1]
        rows_ranked = sorted(tuple(map(str, r)) for r in execute(ranked, text, params))
        assert rows_ranked and sorted(tuple(map(str, r)) for r in execute(bare, text, params)) == rows_ranked
