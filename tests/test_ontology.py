"""Tests of the ontology, the SHACL shapes and the JSON-LD context in ontology/."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pytest
from pyshacl import validate
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY = ONTOLOGY_DIR / "xkg.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
CONTEXT = ONTOLOGY_DIR / "context.jsonld"
CONTRACT = ROOT.parent / "shared" / "CONTRACT.md"

XK = Namespace("https://w3id.org/xkg/ontology#")
XKI = Namespace("https://w3id.org/xkg/id/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # rdflib's closed XSD warns under pytest
SH = Namespace("http://www.w3.org/ns/shacl#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
QB = Namespace("http://purl.org/linked-data/cube#")

# The vocabulary published in CONTRACT.md's table (kept here so that the test also runs where
# shared/ is not beside the repository).
CONTRACT_CLASSES = {
    "Article",
    "Place",
    "Country",
    "Province",
    "City",
    "District",
    "Town",
    "Village",
    "Official",
    "Post",
    "Initiative",
    "Outcome",
}
CONTRACT_PROPERTIES = {
    "locatedIn",
    "holds",
    "title",
    "jurisdiction",
    "org",
    "implementedIn",
    "launchedBy",
    "value",
    "unit",
    "indicator",
    "place",
    "date",
    "initiative",
}
# The project's own terms, beyond the contract.
OWN_CLASSES = {"Person", "Journalist", "Department", "Mention", "Gazetteer", "Launcher"}
OWN_PROPERTIES = {
    "newspaper",
    "section",
    "contentHash",
    "encoding",
    "script",
    "reporter",
    "correspondent",
    "photographer",
    "editor",
    "homePlace",
    "adminCode",
    "former",
    "partOf",
    "qualifier",
    "surfaceValue",
    "previousValue",
    "evidence",
    "mention",
    "inArticle",
    "start",
    "end",
    "surface",
}
PLACE_LEVELS = ["Country", "Province", "City", "District", "Town", "Village"]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@pytest.fixture(scope="module")
def context() -> dict:
    return json.loads(CONTEXT.read_text(encoding="utf-8"))


def contract_terms() -> set[str]:
    terms = CONTRACT_CLASSES | CONTRACT_PROPERTIES
    if CONTRACT.exists():
        terms |= set(re.findall(r"`xk:(\w+)`", CONTRACT.read_text(encoding="utf-8")))
    return terms


def xk_terms_in(graph: Graph) -> set[URIRef]:
    return {
        node
        for triple in graph
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(str(XK))
    }


# --------------------------------------------------------------------------------------------
# Parsing


@pytest.mark.parametrize("path", [ONTOLOGY, SHAPES])
def test_turtle_parses_in_rdflib_and_pyoxigraph(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    assert len(graph) > 0
    with path.open("rb") as f:
        quads = list(pyoxigraph.parse(f, pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(graph)


def test_context_is_json_ld_1_1(context: dict) -> None:
    ctx = context["@context"]
    assert ctx["@version"] == 1.1
    for prefix, iri in {
        "xk": str(XK),
        "xki": str(XKI),
        "rdfs": str(RDFS),
        "skos": str(SKOS),
        "prov": str(PROV),
        "dcterms": str(DCTERMS),
        "org": str(ORG),
        "schema": str(SCHEMA),
        "qb": str(QB),
        "xsd": str(XSD),
    }.items():
        assert ctx[prefix] == iri
    assert ctx["label"] == {"@id": "rdfs:label"}  # plain strings, no language
    assert ctx["altLabel"] == {"@id": "skos:altLabel", "@container": "@set"}
    assert ctx["wasDerivedFrom"]["@type"] == "@id"
    assert ctx["value"] == {"@id": "xk:value", "@type": "xsd:decimal"}


def sample_json_ld(context: dict) -> str:
    doc = {
        "@context": context["@context"],
        "@graph": [
            {
                "id": "xki:place/430200",
                "type": "City",
                "label": "株洲市",
                "altLabel": ["株洲"],
                "locatedIn": "xki:place/430000",
                "adminCode": "430200",
                "wasDerivedFrom": ["xki:gazetteer"],
            },
            {
                "id": "xki:outcome/u1",
                "type": "Outcome",
                "value": 158000,
                "unit": "人",
                "place": "xki:place/430200",
                "date": {"@value": "2018-08", "@type": "xsd:gYearMonth"},
            },
            {"id": "xki:mention/m1", "type": "Mention", "start": 10, "end": 13},
        ],
    }
    return json.dumps(doc, ensure_ascii=False)


def test_context_maps_to_the_right_triples(context: dict) -> None:
    graph = Graph().parse(data=sample_json_ld(context), format="json-ld")
    city, outcome = XKI["place/430200"], XKI["outcome/u1"]
    assert (city, RDF.type, XK.City) in graph
    assert (city, RDFS.label, Literal("株洲市")) in graph  # xsd:string, no language tag
    assert (city, SKOS.altLabel, Literal("株洲")) in graph
    assert (city, XK.locatedIn, XKI["place/430000"]) in graph
    assert (city, PROV.wasDerivedFrom, XKI["gazetteer"]) in graph
    (value,) = graph.objects(outcome, XK.value)
    assert value.datatype == XSD.decimal and value.toPython() == Decimal(158000)
    assert (outcome, XK.place, city) in graph
    assert (outcome, XK.date, Literal("2018-08", datatype=XSD.gYearMonth)) in graph
    (start,) = graph.objects(XKI["mention/m1"], XK.start)
    assert start.datatype == XSD.nonNegativeInteger


@pytest.mark.skipif(
    not hasattr(pyoxigraph.RdfFormat, "JSON_LD"), reason="this pyoxigraph has no JSON-LD parser"
)
def test_context_works_in_pyoxigraph(context: dict) -> None:
    quads = list(pyoxigraph.parse(sample_json_ld(context).encode(), pyoxigraph.RdfFormat.JSON_LD))
    label = pyoxigraph.NamedNode(str(RDFS.label))
    labels = [q.object for q in quads if q.predicate == label]
    assert labels == [pyoxigraph.Literal("株洲市")]
    value = pyoxigraph.NamedNode(str(XK.value))
    (number,) = [q.object for q in quads if q.predicate == value]
    assert number.datatype == pyoxigraph.NamedNode(str(XSD.decimal))


def test_context_terms_are_declared(context: dict, ontology: Graph) -> None:
    declared = set(ontology.subjects(RDFS.label, None))
    for key, definition in context["@context"].items():
        iri = definition["@id"] if isinstance(definition, dict) else definition
        if isinstance(iri, str) and iri.startswith("xk:"):
            assert XK[iri[3:]] in declared, f"context key {key!r} maps to undeclared {iri}"


# --------------------------------------------------------------------------------------------
# The ontology


def test_ontology_header(ontology: Graph) -> None:
    onto = URIRef("https://w3id.org/xkg/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    assert (onto, OWL.versionInfo, Literal("0.1.0")) in ontology
    assert (onto, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in ontology
    assert ontology.value(onto, DCTERMS.title) is not None
    assert ontology.value(onto, DCTERMS.description) is not None


def labels_by_language(graph: Graph, term: URIRef) -> dict[str | None, list[Literal]]:
    out: dict[str | None, list[Literal]] = {}
    for label in graph.objects(term, RDFS.label):
        out.setdefault(label.language, []).append(label)
    return out


@pytest.mark.parametrize("name", sorted(contract_terms() | OWN_CLASSES | OWN_PROPERTIES))
def test_term_is_documented(ontology: Graph, name: str) -> None:
    term = XK[name]
    types = set(ontology.objects(term, RDF.type))
    labels = labels_by_language(ontology, term)
    assert len(labels.get("zh", [])) == 1, f"xk:{name} needs one rdfs:label @zh"
    assert len(labels.get("en", [])) == 1, f"xk:{name} needs one rdfs:label @en"
    comments = list(ontology.objects(term, RDFS.comment))
    assert any(c.language == "en" for c in comments), f"xk:{name} needs an rdfs:comment @en"
    if name[0].isupper():
        assert OWL.Class in types, f"xk:{name} must be an owl:Class"
        return
    assert types & {OWL.ObjectProperty, OWL.DatatypeProperty}, f"xk:{name} has no OWL type"
    assert not {OWL.ObjectProperty, OWL.DatatypeProperty} <= types
    domain = ontology.value(term, RDFS.domain)
    range_ = ontology.value(term, RDFS.range)
    assert domain is not None, f"xk:{name} has no rdfs:domain"
    assert range_ is not None, f"xk:{name} has no rdfs:range"
    if OWL.DatatypeProperty in types:
        assert range_ == RDFS.Literal or str(range_).startswith(str(XSD)), name
    else:
        assert (range_, RDF.type, OWL.Class) in ontology, f"range of xk:{name} is not a class"


def test_every_xk_term_used_is_declared(ontology: Graph, shapes: Graph) -> None:
    declared = set(ontology.subjects(RDFS.label, None))
    for graph in (ontology, shapes):
        missing = xk_terms_in(graph) - declared
        assert not missing, f"undeclared xk terms: {sorted(missing)}"


def test_place_subclass_tree(ontology: Graph) -> None:
    assert (XK.Place, RDFS.subClassOf, SCHEMA.AdministrativeArea) in ontology
    for level in PLACE_LEVELS:
        assert (XK[level], RDFS.subClassOf, XK.Place) in ontology
    (disjoint,) = ontology.subjects(RDF.type, OWL.AllDisjointClasses)
    members = list(Collection(ontology, ontology.value(disjoint, OWL.members)))
    assert members == [XK[level] for level in PLACE_LEVELS]


@pytest.mark.parametrize(
    ("sub", "predicate", "sup"),
    [
        (XK.Article, RDFS.subClassOf, SCHEMA.NewsArticle),
        (XK.Article, RDFS.subClassOf, PROV.Entity),
        (XK.Person, RDFS.subClassOf, SCHEMA.Person),
        (XK.Person, RDFS.subClassOf, PROV.Agent),
        (XK.Official, RDFS.subClassOf, XK.Person),
        (XK.Journalist, RDFS.subClassOf, XK.Person),
        (XK.Official, OWL.disjointWith, XK.Journalist),
        (XK.Post, RDFS.subClassOf, ORG.Post),
        (XK.Department, RDFS.subClassOf, ORG.Organization),
        (XK.Initiative, RDFS.subClassOf, PROV.Entity),
        (XK.Outcome, RDFS.subClassOf, QB.Observation),
        (XK.Gazetteer, RDFS.subClassOf, PROV.Entity),
        (XK.holds, RDFS.subPropertyOf, ORG.holds),
        (XK.org, RDFS.subPropertyOf, ORG.postIn),
        (XK.locatedIn, RDFS.subPropertyOf, SCHEMA.containedInPlace),
        (XK.reporter, RDFS.subPropertyOf, DCTERMS.contributor),
        (XK.value, RDF.type, QB.MeasureProperty),
        (XK.unit, RDF.type, QB.AttributeProperty),
        (XK.indicator, RDF.type, QB.DimensionProperty),
        (XK.place, RDF.type, QB.DimensionProperty),
        (XK.date, RDF.type, QB.DimensionProperty),
    ],
)
def test_alignment(ontology: Graph, sub: URIRef, predicate: URIRef, sup: URIRef) -> None:
    assert (sub, predicate, sup) in ontology


def test_initiative_is_not_a_concept(ontology: Graph) -> None:
    assert (XK.Initiative, RDFS.subClassOf, SKOS.Concept) not in ontology


def test_launcher_is_a_union(ontology: Graph) -> None:
    assert ontology.value(XK.launchedBy, RDFS.range) == XK.Launcher
    union = ontology.value(ontology.value(XK.Launcher, OWL.equivalentClass), OWL.unionOf)
    assert set(Collection(ontology, union)) == {XK.Place, XK.Department, XK.Official}


def test_outcome_structure(ontology: Graph) -> None:
    assert (XK.OutcomeStructure, RDF.type, QB.DataStructureDefinition) in ontology
    components = {
        (p, o)
        for c in ontology.objects(XK.OutcomeStructure, QB.component)
        for p, o in ontology.predicate_objects(c)
        if p in (QB.dimension, QB.measure, QB.attribute)
    }
    assert components == {
        (QB.dimension, XK.place),
        (QB.dimension, XK.date),
        (QB.dimension, XK.indicator),
        (QB.measure, XK.value),
        (QB.attribute, XK.unit),
    }


# --------------------------------------------------------------------------------------------
# SHACL

VALID_DATA = """
@prefix xk:      <https://w3id.org/xkg/ontology#> .
@prefix xki:     <https://w3id.org/xkg/id/> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix qb:      <http://purl.org/linked-data/cube#> .

xki:gazetteer a xk:Gazetteer ; rdfs:label "行政区划数据集" .

xki:article\\/a1 a xk:Article ;
    dcterms:identifier "001_9d2036e036ee4571.txt" ;
    dcterms:title "株洲：“四跟四走”助脱贫" ;
    dcterms:date "2018-08-31"^^xsd:date ;
    xk:newspaper "株洲日报" ;
    xk:section "要闻" ;
    xk:contentHash "3f786850e387550fdab836ed7e6dc881de23001b" ;
    xk:encoding "utf-8" ;
    xk:script "simplified" ;
    xk:homePlace xki:place\\/430200 ;
    xk:reporter xki:journalist\\/j1 .

xki:journalist\\/j1 a xk:Journalist ; rdfs:label "王军" .

xki:place\\/CN a xk:Country ;
    rdfs:label "中国" ;
    xk:adminCode "CN" ;
    prov:wasDerivedFrom xki:gazetteer , xki:article\\/a1 .

xki:place\\/430000 a xk:Province ;
    rdfs:label "湖南省" ;
    skos:altLabel "湖南" ;
    xk:adminCode "430000" ;
    xk:locatedIn xki:place\\/CN ;
    prov:wasDerivedFrom xki:gazetteer , xki:article\\/a1 .

xki:place\\/430200 a xk:City ;
    rdfs:label "株洲市" ;
    skos:altLabel "株洲" ;
    xk:adminCode "430200" ;
    xk:locatedIn xki:place\\/430000 ;
    prov:wasDerivedFrom xki:gazetteer , xki:article\\/a1 ;
    xk:evidence "株洲市全面推行“四跟四走”" ;
    xk:mention xki:mention\\/m1 .

xki:department\\/d1 a xk:Department ;
    rdfs:label "株洲市扶贫办" ;
    xk:partOf xki:place\\/430200 .

xki:official\\/o1 a xk:Official ;
    rdfs:label "杨晓江" ;
    xk:holds xki:post\\/p1 ;
    prov:wasDerivedFrom xki:article\\/a1 ;
    xk:evidence "株洲市扶贫办主任杨晓江" .

xki:post\\/p1 a xk:Post ;
    rdfs:label "株洲市扶贫办主任" ;
    xk:title "主任" ;
    xk:jurisdiction xki:place\\/430200 ;
    xk:org xki:department\\/d1 ;
    xk:former false ;
    prov:wasDerivedFrom xki:article\\/a1 ;
    xk:evidence "株洲市扶贫办主任杨晓江" .

xki:initiative\\/i1 a xk:Initiative ;
    rdfs:label "四跟四走" ;
    xk:implementedIn xki:place\\/430200 ;
    xk:launchedBy xki:place\\/430200 ;
    prov:wasDerivedFrom xki:article\\/a1 ;
    xk:evidence "株洲市全面推行“四跟四走”" .

xki:outcome\\/u1 a xk:Outcome ;
    rdfs:label "株洲市 贫困人口实现脱贫 158000人" ;
    xk:value "158000"^^xsd:decimal ;
    xk:unit "人" ;
    xk:indicator "贫困人口实现脱贫" ;
    xk:place xki:place\\/430200 ;
    xk:date "2018-08"^^xsd:gYearMonth ;
    xk:initiative xki:initiative\\/i1 ;
    xk:qualifier "more_than" ;
    xk:surfaceValue "15.8万" ;
    qb:dataSet xki:dataset\\/outcomes ;
    prov:wasDerivedFrom xki:article\\/a1 ;
    xk:evidence "全市15.8万多贫困人口实现脱贫" .

xki:mention\\/m1 a xk:Mention ;
    xk:inArticle xki:article\\/a1 ;
    xk:start "10"^^xsd:nonNegativeInteger ;
    xk:end "13"^^xsd:nonNegativeInteger ;
    xk:surface "株洲市" .
"""

ARTICLE = XKI["article/a1"]
CITY = XKI["place/430200"]
PROVINCE = XKI["place/430000"]
OFFICIAL = XKI["official/o1"]
POST = XKI["post/p1"]
INITIATIVE = XKI["initiative/i1"]
OUTCOME = XKI["outcome/u1"]
MENTION = XKI["mention/m1"]


def valid_data() -> Graph:
    return Graph().parse(data=VALID_DATA, format="turtle")


def run_shacl(data: Graph, shapes: Graph, ontology: Graph | None, inference: str = "none"):
    conforms, report, text = validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference=inference,
        allow_warnings=False,
    )
    return conforms, report, text


def focus_nodes(report: Graph) -> set:
    """Focus nodes of the top-level results (not of the nested sh:detail results)."""
    (root,) = report.subjects(RDF.type, SH.ValidationReport)
    return {report.value(result, SH.focusNode) for result in report.objects(root, SH.result)}


def test_valid_data_parses_with_escaped_slashes() -> None:
    data = valid_data()
    assert (CITY, XK.locatedIn, PROVINCE) in data
    assert (PROVINCE, XK.locatedIn, XKI["place/CN"]) in data


@pytest.mark.parametrize("mode", ["ontology", "rdfs", "bare"])
def test_valid_data_conforms(shapes: Graph, ontology: Graph, mode: str) -> None:
    ont = None if mode == "bare" else ontology
    inference = "rdfs" if mode == "rdfs" else "none"
    conforms, _, text = run_shacl(valid_data(), shapes, ont, inference)
    assert conforms, text


def break_two_values(g: Graph) -> None:
    g.add((OUTCOME, XK.value, Literal("158001", datatype=XSD.decimal)))


def break_post_without_title(g: Graph) -> None:
    g.remove((POST, XK.title, None))


def break_non_place_parent(g: Graph) -> None:
    g.set((CITY, XK.locatedIn, INITIATIVE))


def break_string_date(g: Graph) -> None:
    g.set((OUTCOME, XK.date, Literal("2018-08")))


def break_official_without_post(g: Graph) -> None:
    g.remove((OFFICIAL, XK.holds, None))


def break_integer_value(g: Graph) -> None:
    g.set((OUTCOME, XK.value, Literal(158000)))  # xsd:integer, not xsd:decimal


def break_outcome_two_articles(g: Graph) -> None:
    g.add((OUTCOME, PROV.wasDerivedFrom, XKI["article/a2"]))
    g.add((XKI["article/a2"], RDF.type, XK.Article))
    g.add((XKI["article/a2"], DCTERMS.identifier, Literal("002_4e8a31d454a890d3.txt")))


def break_two_labels(g: Graph) -> None:
    g.add((CITY, RDFS.label, Literal("株洲")))


def break_province_without_parent(g: Graph) -> None:
    g.remove((PROVINCE, XK.locatedIn, None))


def break_bad_admin_code(g: Graph) -> None:
    g.set((CITY, XK.adminCode, Literal("4302")))


def break_official_is_journalist(g: Graph) -> None:
    g.add((OFFICIAL, RDF.type, XK.Journalist))


def break_mention_length(g: Graph) -> None:
    g.set((MENTION, XK.end, Literal("14", datatype=XSD.nonNegativeInteger)))


def break_mention_integer_offset(g: Graph) -> None:
    g.set((MENTION, XK.start, Literal(10)))


def break_outcome_without_evidence(g: Graph) -> None:
    g.remove((OUTCOME, XK.evidence, None))


def break_initiative_in_non_place(g: Graph) -> None:
    g.set((INITIATIVE, XK.implementedIn, Literal("株洲市")))


def break_article_two_identifiers(g: Graph) -> None:
    g.add((ARTICLE, DCTERMS.identifier, Literal("x.txt")))


def break_label_without_source(g: Graph) -> None:
    g.remove((INITIATIVE, PROV.wasDerivedFrom, None))


def break_bad_qualifier(g: Graph) -> None:
    g.add((OUTCOME, XK.qualifier, Literal("about")))
    g.remove((OUTCOME, XK.qualifier, Literal("more_than")))


BROKEN = [
    (break_two_values, OUTCOME),
    (break_post_without_title, POST),
    (break_non_place_parent, CITY),
    (break_string_date, OUTCOME),
    (break_official_without_post, OFFICIAL),
    (break_integer_value, OUTCOME),
    (break_outcome_two_articles, OUTCOME),
    (break_two_labels, CITY),
    (break_province_without_parent, PROVINCE),
    (break_bad_admin_code, CITY),
    (break_official_is_journalist, OFFICIAL),
    (break_mention_length, MENTION),
    (break_mention_integer_offset, MENTION),
    (break_outcome_without_evidence, OUTCOME),
    (break_initiative_in_non_place, INITIATIVE),
    (break_article_two_identifiers, ARTICLE),
    (break_label_without_source, INITIATIVE),
    (break_bad_qualifier, OUTCOME),
]


@pytest.mark.parametrize("mode", ["ontology", "bare"])
@pytest.mark.parametrize(("breaker", "focus"), BROKEN, ids=[b.__name__ for b, _ in BROKEN])
def test_broken_data_does_not_conform(
    shapes: Graph, ontology: Graph, mode: str, breaker, focus: URIRef
) -> None:
    data = valid_data()
    breaker(data)
    conforms, report, text = run_shacl(data, shapes, ontology if mode == "ontology" else None)
    assert not conforms
    assert focus in focus_nodes(report), text


def test_violation_messages_name_the_problem(shapes: Graph, ontology: Graph) -> None:
    data = valid_data()
    break_two_values(data)
    _, report, _ = run_shacl(data, shapes, ontology)
    messages = {str(m) for m in report.objects(None, SH.resultMessage)}
    assert "an outcome needs exactly one xk:value (xsd:decimal)" in messages


def test_every_shape_has_a_message(shapes: Graph) -> None:
    shape_nodes = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.objects(None, SH.property))
    assert shape_nodes
    for shape in shape_nodes:
        message = shapes.value(shape, SH.message)
        assert message is not None and len(str(message)) > 10, f"shape {shape} lacks sh:message"
        assert not isinstance(shape, BNode) or shapes.value(shape, SH.path) is not None


# --------------------------------------------------------------------------------------------
# OWL RL consistency (owlrl comes with pyshacl)

OWLRL_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")


def owl_rl_errors(ontology: Graph, data: Graph) -> list[str]:
    import owlrl

    graph = Graph()
    graph += ontology
    graph += data
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return [str(message) for message in graph.objects(None, OWLRL_ERROR)]


def test_valid_data_is_owl_rl_consistent(ontology: Graph) -> None:
    assert owl_rl_errors(ontology, valid_data()) == []


@pytest.mark.parametrize(
    "extra",
    [(OFFICIAL, RDF.type, XK.Journalist), (CITY, RDF.type, XK.District)],
    ids=["official-journalist", "city-district"],
)
def test_disjoint_classes_are_owl_rl_inconsistent(ontology: Graph, extra: tuple) -> None:
    data = valid_data()
    data.add(extra)
    assert any("Disjoint classes" in message for message in owl_rl_errors(ontology, data))


def test_fractional_values_are_written_as_strings_in_json_ld(context: dict) -> None:
    # JSON-LD turns a JSON number with a fraction into the xsd:double lexical form ("3.7E-1"),
    # which is not a valid xsd:decimal: exporters write fractional values as strings.
    doc = json.dumps({"@context": context["@context"], "id": "xki:outcome/u2", "value": "0.37"})
    (value,) = Graph().parse(data=doc, format="json-ld").objects(XKI["outcome/u2"], XK.value)
    assert value == Literal("0.37", datatype=XSD.decimal)
