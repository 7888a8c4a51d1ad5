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
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from .namespaces import PREFIXES, XKI
from .resources import ONTOLOGY_DIR

FORMATS = {"ttl": "graph.ttl", "nt": "graph.nt", "nq": "graph.nq", "jsonld": "graph.jsonld"}
FORMAT_ALIASES = {"turtle": "ttl", "ntriples": "nt", "n-triples": "nt", "nquads": "nq", "n-quads": "nq",
                  "json-ld": "jsonld", "ttl": "ttl", "nt": "nt", "nq": "nq", "jsonld": "jsonld"}
ONTOLOGY_GRAPH = ox.NamedNode("https://w3id.org/xkg/ontology")
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


def _prefixes() -> dict[str, str]:
    return {k: str(v) for k, v in PREFIXES.items()}


def sort_unique(src: Path, dst: Path) -> int:
    """Sort the lines of ``src`` into ``dst`` without duplicates (byte order); return the line count.

    GNU sort does it out of core for files of any size; without it, in memory.
    """
    sort = shutil.which("sort")
    if sort:
        env = dict(os.environ, LC_ALL="C")
        subprocess.run([sort, "-u", "-S", "512M", "-T", str(dst.parent), "-o", str(dst), str(src)],
                       check=True, env=env)
    else:
        with open(src, "rb") as fh:
            lines = sorted(set(fh))
        with open(dst, "wb") as fh:
            fh.writelines(lines)
    with open(dst, "rb") as fh:
        return sum(1 for _ in fh)


_GRAPH_TERM = re.compile(rb" <" + re.escape(str(XKI["article/"]).encode()) + rb"[^<>]*> \.\n$")


@contextlib.contextmanager
def union_triples(nq_path: Path) -> Iterator[IO[bytes]]:
    """The lines of an xkg ``graph.nq`` as N-Triples (repeats kept), as a binary stream to read.

    An article quad ends with its graph's name (``<…/id/article/…> .``): cutting it gives the
    triple; the dataset's own lines are triples already. ``sed`` does it in a second process at C
    speed (the bulk loader and ``sort`` read its pipe); without ``sed``, Python writes a temporary file.
    """
    sed = shutil.which("sed")
    if sed:
        pattern = _GRAPH_TERM.pattern.decode().replace("\\n$", "$")
        with subprocess.Popen([sed, "-E", f"s|{pattern}| .|", str(nq_path)], stdout=subprocess.PIPE,
                              env=dict(os.environ, LC_ALL="C")) as proc:
            assert proc.stdout is not None
            yield proc.stdout
        if proc.returncode:
            raise OSError(f"sed failed on {nq_path} (exit {proc.returncode})")
        return
    with open(nq_path, "rb") as src, tempfile.TemporaryFile() as tmp:
        for line in src:
            tmp.write(_GRAPH_TERM.sub(b" .\n", line))
        tmp.seek(0)
        yield tmp


def write_derived(out_dir: Path, raw: Path, formats: Iterable[str]) -> tuple[list[Path], int]:
    """The union graph in each of ``formats`` (ttl, nt, jsonld), from ``raw``: N-Triples lines in
    any order, with repeats (every article's triples without their graph name). Returns the files
    written and the number of distinct triples. Streams: memory does not grow with the corpus."""
    written: list[Path] = []
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".union-") as tmpdir:
        union = Path(tmpdir) / "union.nt"
        triples = sort_unique(raw, union)
        for fmt in formats:
            path = out_dir / FORMATS[fmt]
            with atomic_path(path) as tmp:
                if fmt == "nt":
                    shutil.copyfile(union, tmp)
                elif fmt == "ttl":
                    with open(union, "rb") as src, open(tmp, "wb") as fh:
                        ox.serialize(ox.parse(src, format=ox.RdfFormat.N_TRIPLES), fh, format=ox.RdfFormat.TURTLE,
                                     prefixes=_prefixes())
                elif fmt == "jsonld":
                    _write_jsonld(tmp, union.read_text(encoding="utf-8").splitlines(keepends=True))
            written.append(path)
            if fmt == "jsonld":
                ctx = out_dir / "context.jsonld"
                with atomic_path(ctx) as tmp:
                    shutil.copyfile(ONTOLOGY_DIR / "context.jsonld", tmp)
                written.append(ctx)
    return written, triples


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
    nodes.sort(key=lambda n: str(n.get("@id", n.get("id", ""))))
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
    """An in-memory store with the graph (article graphs as named graphs, nothing in the default
    graph) and, optionally, the ontology in its own named graph. For SPARQL with correct counts over
    the union of articles, use :func:`graph.dataset.open_dataset` instead."""
    d = Path(graph_dir)
    store = ox.Store()
    for path in graph_files(d):
        fmt = _OX_FORMAT[path.suffix]
        with open(path, "rb") as fh:
            if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
                store.bulk_load(fh, format=fmt)
            else:
                store.bulk_load(fh, format=fmt, to_graph=ox.DefaultGraph())
    if with_ontology:
        for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
            with open(path, "rb") as fh:
                store.bulk_load(fh, format=ox.RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
    return store
