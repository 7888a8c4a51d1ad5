"""The dataset that SPARQL queries see (``xkg query``, ``xkg serve``).

Its default graph is the *set* union of every article graph and the ontology, and the article
graphs stay available as named graphs (``GRAPH ?article { ... }``). Oxigraph's own "union default
graph" (``use_default_graph_as_union``, ``--union-default-graph``) is a multiset: a triple stated by
four articles (株洲市's label, say) would match four times, and COUNT or SUM would be wrong. Here
every triple is added once more to the default graph, where the store keeps it once.

The dataset is loaded in memory for one query, or kept on disk in ``DIR/store`` (built in a
temporary folder and renamed into place; rebuilt only when the graph files or the ontology change).
It is read from ``graph.nq`` (the article graphs; every build writes it), or else from the other
graph files (a union graph only: no article graphs).

Two derived tables are added when the dataset is loaded, each in a graph of its own, so that the
default graph holds what the articles say and nothing else:

* totals of the outcomes by county, indicator and unit (``xk:CountyTotal``, from
  ``data/derived/county-totals.rq``), in ``TOTALS_GRAPH``. Summing tens of thousands of outcomes is
  seconds of work on a large graph; done once here, the catalogue's indicator-by-county reads the sums.
* the listing order (``xk:listingRank``) of every place, initiative and outcome, in ``ORDER_GRAPH``. The
  catalogue's long listings sort tens of thousands of rows; pyoxigraph 0.5 reads long strings and
  IRIs from disk at every comparison of a sort (0.4 s for the outcomes of a city at 100,000
  articles), and integers it does not.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from .gazetteer import LEVELS
from .namespaces import RDF, RDFS, XK, XSD
from .resources import ONTOLOGY_DIR, data_path
from .store import _OX_FORMAT, _UMASK, graph_files, union_triples

ONTOLOGY_GRAPH = ox.NamedNode("https://w3id.org/xkg/ontology")
TOTALS_GRAPH = ox.NamedNode("https://w3id.org/xkg/totals")
ORDER_GRAPH = ox.NamedNode("https://w3id.org/xkg/order")
TOTALS_QUERY = data_path("derived") / "county-totals.rq"
DATASET_DIR = "store"
STAMP = "xkg-dataset.json"
COUNTS = "xkg-counts.json"  # entities per class, counted once when the store is built
LAYOUT = 4  # bump when what load_dataset puts in a store changes


def _source(graph_dir: Path) -> tuple[str, list[Path]]:
    """Where the graph is read from: ("nq", [graph.nq]) or ("files", [...])."""
    files = graph_files(graph_dir)  # raises GraphDirError for a folder without a graph
    if files[0].name == "graph.nq":
        return "nq", files
    return "files", files


def load_dataset(graph_dir: str | os.PathLike[str], store: ox.Store | None = None) -> ox.Store:
    """The graph of ``graph_dir`` in ``store`` (by default a new in-memory one), as described above."""
    graph_dir = Path(graph_dir)
    store = ox.Store() if store is None else store
    kind, paths = _source(graph_dir)
    if kind == "nq":
        path = str(paths[0])
        store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)
        # every triple once more into the default graph, where the store keeps it once
        with union_triples(paths[0]) as triples:
            store.bulk_load(input=triples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    else:
        for path in paths:
            fmt = _OX_FORMAT[path.suffix]
            if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
                store.bulk_load(path=str(path), format=fmt)
                store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object)
                                  for q in ox.parse(path=str(path), format=fmt))
            else:
                store.bulk_load(path=str(path), format=fmt, to_graph=ox.DefaultGraph())
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    add_totals(store)
    add_listing_order(store)
    return store


def add_totals(store: ox.Store) -> None:
    """The county totals (see the module docstring) into ``store``, in TOTALS_GRAPH."""
    with tempfile.TemporaryDirectory(prefix="xkg-totals-") as tmp:
        path = str(Path(tmp) / "totals.nt")  # a file: the query reads the store the load writes to
        store.query(TOTALS_QUERY.read_text(encoding="utf-8")).serialize(output=path,
                                                                        format=ox.RdfFormat.N_TRIPLES)
        store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES, to_graph=TOTALS_GRAPH)


_DEFAULT = ox.DefaultGraph()


def _first(store: ox.Store, subject: ox.NamedNode, predicate: ox.NamedNode) -> str:
    """The smallest value of ``subject``'s ``predicate`` in the default graph ("" if none)."""
    return min((q.object.value for q in store.quads_for_pattern(subject, predicate, None, _DEFAULT)), default="")


def _number(text: str) -> tuple[int, Decimal | str]:
    try:
        return 0, Decimal(text)
    except ArithmeticError:  # not a number: after the numbers
        return 1, text


def listing_order(store: ox.Store) -> Iterator[tuple[ox.NamedNode, int]]:
    """(entity, rank) for every place, initiative and outcome with a place, as the catalogue's
    listings sort them.

    Places: by level (gazetteer.LEVELS), administrative code (none first), name, IRI. Initiatives: by
    name, IRI. Outcomes: by the name of their place, the place, indicator, value and IRI. Index
    lookups, place by place, so that the outcomes of one place at a time are held in memory (5
    million at 100,000 articles).
    """
    label, code = ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(XK.adminCode))
    rdf_type = ox.NamedNode(str(RDF.type))
    places = []
    for level, name in enumerate(LEVELS):
        for q in store.quads_for_pattern(None, rdf_type, ox.NamedNode(str(XK[name])), _DEFAULT):
            if isinstance(q.subject, ox.NamedNode):
                places.append((level, _first(store, q.subject, code), _first(store, q.subject, label),
                               q.subject.value, q.subject))
    places.sort(key=lambda p: p[:4])
    for rank, p in enumerate(places):
        yield p[4], rank
    initiatives = sorted((_first(store, q.subject, label), q.subject.value, q.subject)
                         for q in store.quads_for_pattern(None, rdf_type, ox.NamedNode(str(XK.Initiative)), _DEFAULT)
                         if isinstance(q.subject, ox.NamedNode))
    for rank, i in enumerate(initiatives):
        yield i[2], rank
    at, indicator, value = (ox.NamedNode(str(p)) for p in (XK.place, XK.indicator, XK.value))
    rank = 0
    for p in sorted(places, key=lambda p: (p[2], p[3])):
        outcomes = sorted((_first(store, q.subject, indicator), _number(_first(store, q.subject, value)),
                           q.subject.value, q.subject)
                          for q in store.quads_for_pattern(None, at, p[4], _DEFAULT))
        for o in outcomes:
            yield o[3], rank
            rank += 1


def add_listing_order(store: ox.Store) -> None:
    """``xk:listingRank`` of every place, initiative and outcome (see :func:`listing_order`), in
    ORDER_GRAPH."""
    rank_iri, integer = f"<{XK.listingRank}>", f"<{XSD.integer}>"
    with tempfile.TemporaryDirectory(prefix="xkg-order-") as tmp:
        path = Path(tmp) / "order.nt"  # every rank read from the store before any is written to it
        with open(path, "w", encoding="utf-8") as out:
            for entity, rank in listing_order(store):
                out.write(f'{entity} {rank_iri} "{rank}"^^{integer} .\n')
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=ORDER_GRAPH)


def _signature(graph_dir: Path) -> dict:
    kind, paths = _source(graph_dir)
    watched = [*paths, *sorted(ONTOLOGY_DIR.glob("*.ttl")), TOTALS_QUERY]
    files = []
    for p in watched:
        st = p.stat()
        files.append([str(p.resolve()), st.st_size, st.st_mtime_ns])
    return {"layout": LAYOUT, "source": kind, "files": files}


def dataset_is_current(graph_dir: str | os.PathLike[str]) -> bool:
    """Whether ``DIR/store`` holds the graph as its files are now."""
    graph_dir = Path(graph_dir)
    try:
        stamp = json.loads((graph_dir / DATASET_DIR / STAMP).read_text(encoding="utf-8"))
        return stamp == _signature(graph_dir)
    except (OSError, ValueError):
        return False


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on ``folder`` itself (two servers on one graph build its store once)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def ensure_dataset_store(graph_dir: str | os.PathLike[str], rebuild: bool = False, report=lambda m: None) -> Path:
    """``DIR/store``, an on-disk store of the dataset, (re)built if the graph changed."""
    graph_dir = Path(graph_dir)
    _source(graph_dir)  # a GraphDirError before anything is written
    target = graph_dir / DATASET_DIR
    with _locked(graph_dir):
        if not rebuild and dataset_is_current(graph_dir):
            return target
        report(f"building the SPARQL store in {target} ...")
        t0 = time.perf_counter()
        signature = _signature(graph_dir)
        tmp = Path(tempfile.mkdtemp(prefix=f".{DATASET_DIR}.", dir=graph_dir))
        try:
            store = ox.Store(str(tmp))
            load_dataset(graph_dir, store)
            store.flush()
            store.optimize()
            counts = count_classes(store)
            del store  # closes the database before it moves
            (tmp / COUNTS).write_text(json.dumps(counts, sort_keys=True), encoding="utf-8")
            (tmp / STAMP).write_text(json.dumps(signature), encoding="utf-8")
            os.chmod(tmp, 0o777 & ~_UMASK)  # mkdtemp makes 0700; the store is an ordinary folder
            old = None
            if target.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{DATASET_DIR}-old.", dir=graph_dir))
                os.replace(target, old / DATASET_DIR)
            os.replace(tmp, target)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
        report(f"store ready in {time.perf_counter() - t0:.1f} s")  # (counting its quads would read them all)
    return target


def count_classes(store: ox.Store) -> dict[str, int]:
    """Entities per xk: class (``{"City": 12, ...}``) in the store's default graph."""
    q = ("SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c . "
         "FILTER(STRSTARTS(STR(?c), \"https://w3id.org/xkg/ontology#\")) } GROUP BY ?c")
    return {row[0].value.rsplit("#", 1)[1]: int(row[1].value) for row in store.query(q)}


def class_counts(graph_dir: str | os.PathLike[str], store: ox.Store) -> dict[str, int]:
    """Entities per class of the graph in ``graph_dir``: as counted when its on-disk store was
    built, or else counted now in ``store`` (its dataset, as :func:`open_dataset` gives it)."""
    if dataset_is_current(graph_dir):
        with contextlib.suppress(OSError, ValueError):
            return json.loads((Path(graph_dir) / DATASET_DIR / COUNTS).read_text(encoding="utf-8"))
    return count_classes(store)


#: graphs larger than this get their on-disk store made on first use, so later queries do not re-parse
PERSIST_BYTES = 20 * 2**20


def open_dataset(graph_dir: str | os.PathLike[str]) -> ox.Store:
    """The dataset for a query: ``DIR/store`` read-only when it is current, else loaded in memory.

    A large graph without a current store gets one made first (and kept for the next query).
    """
    graph_dir = Path(graph_dir)
    _kind, paths = _source(graph_dir)
    if not dataset_is_current(graph_dir) and sum(p.stat().st_size for p in paths) > PERSIST_BYTES:
        with contextlib.suppress(OSError):  # a read-only graph folder: fall back to memory
            ensure_dataset_store(graph_dir)
    if dataset_is_current(graph_dir):
        with contextlib.suppress(OSError):
            return ox.Store.read_only(str(graph_dir / DATASET_DIR))
    return load_dataset(graph_dir)
