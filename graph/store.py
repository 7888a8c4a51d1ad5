"""Stage 6, store: write the graph as RDF files (atomically, byte for byte reproducible) and load it back.

The canonical form is N-Quads, one named graph per article (its IRI is the graph name), built as
sorted lines; every other format is derived from those lines by pyoxigraph's streaming
serialisers, in sorted triple order, so the same input always gives the same bytes. The union of
all article graphs (plus the ontology-independent dataset description) is the default graph
written to Turtle, N-Triples and JSON-LD.

Files in the output folder::

    graph.ttl | graph.nt | graph.nq | graph.jsonld (+ context.jsonld)   the graph
    manifest.json                                                        what was built, and what was skipped
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from .namespaces import PREFIXES
from .resources import ONTOLOGY_DIR

FORMATS = {"ttl": "graph.ttl", "nt": "graph.nt", "nq": "graph.nq", "jsonld": "graph.jsonld"}
FORMAT_ALIASES = {"turtle": "ttl", "ntriples": "nt", "n-triples": "nt", "nquads": "nq", "n-quads": "nq",
                  "json-ld": "jsonld", "ttl": "ttl", "nt": "nt", "nq": "nq", "jsonld": "jsonld"}
RDF_SUFFIXES = (".ttl", ".nt", ".nq", ".jsonld", ".trig")
_OX_FORMAT = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
              ".trig": ox.RdfFormat.TRIG, ".jsonld": ox.RdfFormat.JSON_LD}


_UMASK = os.umask(0)
os.umask(_UMASK)


class GraphDirError(Exception):
    """A --graph folder that is missing or holds no xkg graph."""


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``, renamed onto it only when the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def write_text(path: Path, text: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def _triples_sorted(nt_lines: Iterable[str]) -> list[ox.Triple]:
    data = "".join(nt_lines).encode("utf-8")
    triples = [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
    triples.sort(key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return triples


def _prefixes() -> dict[str, str]:
    return {k: str(v) for k, v in PREFIXES.items()}


def write_graph(out_dir: Path, quad_lines: list[str], default_lines: list[str], formats: Iterable[str]) -> list[Path]:
    """Write the graph in each of ``formats``; return the files written.

    ``quad_lines`` are N-Quads lines (every article graph); ``default_lines`` are N-Triples lines
    for triples that belong to no article (the dataset descriptions).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    quad_lines = sorted(set(quad_lines))
    nt_lines = sorted({line.rsplit(" ", 2)[0] + " .\n" for line in quad_lines} | set(default_lines))
    written = []
    for fmt in formats:
        path = out_dir / FORMATS[fmt]
        with atomic_path(path) as tmp:
            if fmt == "nq":
                with open(tmp, "w", encoding="utf-8") as fh:
                    fh.writelines(quad_lines)
                    fh.writelines(sorted(set(default_lines)))
            elif fmt == "nt":
                with open(tmp, "w", encoding="utf-8") as fh:
                    fh.writelines(nt_lines)
            elif fmt == "ttl":
                with open(tmp, "wb") as fh:
                    ox.serialize(_triples_sorted(nt_lines), fh, format=ox.RdfFormat.TURTLE, prefixes=_prefixes())
            elif fmt == "jsonld":
                _write_jsonld(tmp, nt_lines)
        written.append(path)
        if fmt == "jsonld":
            ctx = out_dir / "context.jsonld"
            with atomic_path(ctx) as tmp:
                shutil.copyfile(ONTOLOGY_DIR / "context.jsonld", tmp)
            written.append(ctx)
    return written


def _write_jsonld(path: Path, nt_lines: list[str]) -> None:
    """JSON-LD: one node object per subject, sorted, with the project's context by reference."""
    import rdflib

    g = rdflib.Graph()
    g.parse(data="".join(nt_lines), format="nt")
    context = json.loads((ONTOLOGY_DIR / "context.jsonld").read_text(encoding="utf-8"))
    doc = json.loads(g.serialize(format="json-ld", context=context.get("@context", context), auto_compact=True))
    nodes = doc.get("@graph", [doc] if "@id" in doc else [])
    for node in nodes:
        for k, v in node.items():
            if isinstance(v, list):
                node[k] = sorted(v, key=lambda x: json.dumps(x, ensure_ascii=False, sort_keys=True))
    nodes.sort(key=lambda n: n.get("@id", ""))
    out = {"@context": "context.jsonld", "@graph": nodes}
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def graph_files(graph_dir: str | os.PathLike[str]) -> list[Path]:
    """The RDF files of a built graph folder, preferring N-Quads (it keeps the article graphs)."""
    d = Path(graph_dir)
    if not d.exists():
        raise GraphDirError(f"{d}: no such folder (build one with: xkg build --out {d})")
    if not d.is_dir():
        raise GraphDirError(f"{d}: not a folder")
    for name in ("graph.nq", "graph.ttl", "graph.nt", "graph.jsonld"):
        if (d / name).exists():
            return [d / name]
    others = sorted(p for p in d.iterdir() if p.suffix in RDF_SUFFIXES)
    if not others:
        raise GraphDirError(f"{d}: holds no xkg graph (no graph.ttl, graph.nq, graph.nt or graph.jsonld)")
    return others


def load_store(graph_dir: str | os.PathLike[str], with_ontology: bool = True) -> ox.Store:
    """An in-memory Oxigraph store with the graph (article graphs kept) and the ontology."""
    store = ox.Store()
    for path in graph_files(graph_dir):
        fmt = _OX_FORMAT[path.suffix]
        with open(path, "rb") as fh:
            if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
                store.bulk_load(fh, format=fmt)
            else:
                store.bulk_load(fh, format=fmt, to_graph=ox.DefaultGraph())
    if with_ontology:
        for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
            with open(path, "rb") as fh:
                store.bulk_load(fh, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("https://w3id.org/xkg/ontology"))
    return store
