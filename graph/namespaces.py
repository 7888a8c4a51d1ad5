"""RDF namespaces used across xkg: refer to ``XK.Place``, never to IRI strings."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

XK = Namespace("https://w3id.org/xkg/ontology#")
#: instance data: places, officials, articles ... (``XKI["place/430200"]``)
XKI = Namespace("https://w3id.org/xkg/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
QB = Namespace("http://purl.org/linked-data/cube#")

PREFIXES = {
    "xk": XK, "xki": XKI, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "skos": SKOS,
    "prov": PROV, "dcterms": DCTERMS, "org": ORG, "schema": SCHEMA, "qb": QB,
}

__all__ = ["DCTERMS", "ORG", "OWL", "PREFIXES", "PROV", "QB", "RDF", "RDFS", "SCHEMA", "SKOS", "XK", "XKI", "XSD"]
