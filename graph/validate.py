"""SHACL validation of a built graph (pySHACL), each violation named with its node and article."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib.namespace import SH

from .namespaces import DCTERMS, PROV, XK
from .resources import ONTOLOGY_DIR
from .store import graph_files


@dataclass
class Violation:
    node: str
    path: str | None
    message: str
    article: str | None

    def __str__(self) -> str:
        where = f" (article {self.article})" if self.article else ""
        path = f" [{self.path}]" if self.path else ""
        return f"{self.node}{path}: {self.message}{where}"


@dataclass
class Report:
    conforms: bool
    nodes: int
    shapes: int
    violations: list[Violation] = field(default_factory=list)


def _article_of(g: rdflib.Graph, node: rdflib.term.Node) -> str | None:
    for art in list(g.objects(node, PROV.wasDerivedFrom)) + list(g.objects(node, XK.inArticle)):
        ident = g.value(art, DCTERMS.identifier)
        if ident is not None:
            return str(ident)
    return None


def validate_graph(graph_dir: str | Path) -> Report:
    """Validate the graph in ``graph_dir`` against ``ontology/shapes.ttl`` (no inference)."""
    from pyshacl import validate

    data = rdflib.Dataset()
    for path in graph_files(graph_dir):
        data.parse(path, format=rdflib.util.guess_format(str(path)) or "turtle")
    g = rdflib.Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        g.add((s, p, o))
    shapes = rdflib.Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")
    ont = rdflib.Graph().parse(ONTOLOGY_DIR / "xkg.ttl", format="turtle")
    conforms, results, _ = validate(g, shacl_graph=shapes, ont_graph=ont, inference="none",
                                    allow_warnings=True, advanced=True)
    violations = []
    for res in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        node = results.value(res, SH.focusNode)
        path = results.value(res, SH.resultPath)
        msg = results.value(res, SH.resultMessage)
        violations.append(Violation(str(node), str(path) if path is not None else None, str(msg),
                                    _article_of(g, node)))
    violations.sort(key=lambda v: (v.article or "", v.node, v.path or "", v.message))
    n_shapes = len(set(shapes.subjects(rdflib.RDF.type, SH.NodeShape)))
    return Report(conforms=bool(conforms), nodes=len(set(g.subjects())), shapes=n_shapes, violations=violations)
