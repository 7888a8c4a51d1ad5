"""The build: every article through the pipeline, each article's graph cached, the corpus assembled.

Streaming, so an archive of 100,000 articles fits in a laptop's memory:

1. every source file is read and processed, in parallel (``jobs``) or on a Dask cluster
   (``scheduler``); each article's N-Quads go to a cache file keyed by the hash of its text and
   the extractor's fingerprint (code + lexicons + gazetteer). A rebuild reprocesses only articles
   that changed; an unchanged one is read back from the cache;
2. ``graph.nq`` is assembled from the cache files (copied as bytes), each article as its result
   comes in, in the order of the source paths (the file was just written, so it is read back from
   the page cache: at 100,000 articles a separate pass after extraction re-read 17.7 GB from disk);
3. only when Turtle, N-Triples or JSON-LD is asked for: the union graph, the N-Quads without graph
   names, sorted and deduplicated by an external sort, then serialised by streaming;
4. with ``store=True``, the on-disk Oxigraph store for SPARQL (``store/``, see :mod:`graph.dataset`)
   is loaded now; otherwise the first ``xkg query`` or ``xkg serve`` makes it.

One bad article never costs the rest: a file that cannot be read, or whose extraction fails, is
reported (file and reason) and skipped; a second copy of an article is reported as a duplicate.
Every output is written to a temporary name and renamed, so an interrupted build leaves the
previous output and a consistent cache.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .pipeline import fingerprint, make_document, process
from .rdf import article_iri, document_triples, gazetteer_triples, nquad
from .read import RawArticle, ReadError, iter_sources, read_article
from .store import atomic_path, union_triples, write_derived, write_text

CACHE_DIR = ".xkg-cache"


@dataclass
class ArticleResult:
    """What one article gave (plain data, cheap to send between processes)."""

    path: str
    name: str = ""
    sha1: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    cached: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    lines: list[str] | None = None  # returned instead of cached when there is no shared cache


class NoArticles(Exception):
    """The sources hold no file that could be an article: nothing to build."""


@dataclass
class BuildResult:
    articles: int = 0
    ignored: int = 0  # files in folders that are not articles by their suffix
    reused: int = 0  # articles whose graph came from the cache
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    counts: dict[str, int] = field(default_factory=dict)
    quads: int = 0  # lines of graph.nq
    triples: int = 0  # distinct triples of the union graph; 0 when no format needed it (nq only)
    files: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """0: all read; 3: done, some skipped (see ``skipped``); 1: not one article could be read."""
        if self.skipped and not self.articles:
            return 1
        return 3 if self.skipped else 0


class Cache:
    """Article graphs on disk: ``ROOT/FINGERPRINT/ab/abcdef….nq.cache`` (N-Quads after a JSON header).

    The suffix is not an RDF one, so tools that load every RDF file under an output folder do not
    pick up cache entries.
    """

    def __init__(self, root: Path, version: str):
        self.dir = root / version

    def path(self, sha1: str) -> Path:
        return self.dir / sha1[:2] / f"{sha1}.nq.cache"

    def prune(self) -> None:
        """Remove entries made by other versions of the extractor (they can never be used again)."""
        if self.dir.parent.is_dir():
            for other in self.dir.parent.iterdir():
                if other.is_dir() and other != self.dir:
                    shutil.rmtree(other, ignore_errors=True)

    def get(self, sha1: str) -> dict[str, int] | None:
        """The counts of a cached article, or None when it is not cached (or the file is damaged)."""
        p = self.path(sha1)
        try:
            with open(p, encoding="utf-8") as fh:
                header = fh.readline()
            if not header.startswith("# xkg "):
                return None
            return json.loads(header[6:])["counts"]
        except (OSError, ValueError, KeyError):
            return None

    def put(self, sha1: str, lines: list[str], counts: dict[str, int]) -> None:
        with atomic_path(self.path(sha1)) as tmp, open(tmp, "w", encoding="utf-8") as fh:
            fh.write("# xkg " + json.dumps({"counts": counts}, sort_keys=True) + "\n")
            fh.writelines(lines)

    def copy_to(self, sha1: str, out: BinaryIO) -> int:
        """Append the article's N-Quads to ``out`` (bytes, no parsing); return the number of lines."""
        with open(self.path(sha1), "rb") as fh:
            fh.readline()  # the header
            data = fh.read()
        out.write(data)
        return data.count(b"\n")


def clean_leftovers(out_dir: Path) -> None:
    """Remove temporary files a killed build left behind (outputs themselves are never partial)."""
    for p in out_dir.glob(".*"):
        if p.name.endswith(".tmp") and p.is_file():
            p.unlink(missing_ok=True)
        elif p.is_dir() and p.name.startswith((".store-", ".union-")):
            shutil.rmtree(p, ignore_errors=True)
    cache_root = out_dir / CACHE_DIR
    if cache_root.is_dir():
        for p in cache_root.rglob(".*.tmp"):
            p.unlink(missing_ok=True)


def article_lines(raw_path: str, timings: dict[str, float] | None = None, raw: RawArticle | None = None
                  ) -> ArticleResult:
    """Read (unless ``raw`` is given) and process one article; its N-Quads lines in ``lines``.
    Errors come back as data."""
    timings = {} if timings is None else timings
    if raw is None:
        t0 = time.perf_counter()
        try:
            raw = read_article(raw_path)
        except ReadError as e:
            return ArticleResult(path=raw_path, error=e.reason)
        timings["read"] = time.perf_counter() - t0
    try:
        t0 = time.perf_counter()
        doc = make_document(raw)
        timings["normalise"] = time.perf_counter() - t0
        process(doc, timings)
        t0 = time.perf_counter()
        g = f"<{article_iri(doc)}>"
        lines = sorted([f"{s} {p} {o} {g} .\n" for s, p, o in document_triples(doc)])  # N-Quads; no repeats
        timings["rdf"] = time.perf_counter() - t0
    except Exception as e:  # one article's bug must not stop the corpus
        return ArticleResult(path=raw_path, name=raw.name, sha1=raw.sha1, error=f"extraction failed: {e!r}")
    counts = {
        "places": len({m.key for m in doc.place_mentions}),
        "officials": len({o.name for o in doc.officials}),
        "initiatives": len({i.name for i in doc.initiatives}),
        "outcomes": len(doc.outcomes),
    }
    return ArticleResult(path=raw_path, name=raw.name, sha1=raw.sha1, counts=counts, timings=timings, lines=lines)


def process_path(path: str, cache_root: str, version: str) -> ArticleResult:
    """One article through the pipeline, read from the cache when it is there, else added to it."""
    cache = Cache(Path(cache_root), version)
    t0 = time.perf_counter()
    try:
        raw = read_article(path)
    except ReadError as e:
        return ArticleResult(path=path, error=e.reason)
    timings = {"read": time.perf_counter() - t0}
    counts = cache.get(raw.sha1)
    if counts is not None:
        return ArticleResult(path=path, name=raw.name, sha1=raw.sha1, counts=counts, cached=True, timings=timings)
    result = article_lines(path, timings, raw)
    if result.error is None and result.lines is not None:
        cache.put(result.sha1, result.lines, result.counts)
        result.lines = None
    return result


class _NothingRead(Exception):
    """No article was read: the earlier output stays as it is."""


def _results(paths: list[str], cache_root: str, version: str, jobs: int,
             scheduler: str | None) -> Iterator[ArticleResult]:
    if scheduler:
        from distributed import Client

        # workers may not share our disk: they return lines, and we fill the cache here
        with Client(scheduler) as client:
            futures = client.map(article_lines, paths, pure=False)
            for fut in futures:
                yield fut.result()
        return
    if jobs > 1 and len(paths) > 1:
        chunk = max(1, min(64, len(paths) // (jobs * 8) or 1))
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            try:
                yield from pool.map(process_path, paths, [cache_root] * len(paths), [version] * len(paths),
                                    chunksize=chunk)
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
        return
    for p in paths:
        yield process_path(p, cache_root, version)


def build(sources: Iterable[str | os.PathLike[str]], out_dir: Path, formats: list[str], jobs: int = 1,
          progress: bool | None = None, report: Callable[[str], None] | None = None,
          scheduler: str | None = None, store: bool = False, cache_dir: Path | None = None) -> BuildResult:
    """Build the graph of ``sources`` into ``out_dir`` (see the module docstring)."""
    report = report or (lambda msg: print(msg, file=sys.stderr))
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    version = fingerprint()
    cache = Cache(cache_dir or out_dir / CACHE_DIR, version)
    cache.prune()
    clean_leftovers(out_dir)
    ignored: list[Path] = []
    paths = [str(p) for p in iter_sources(sources, ignored)]
    result = BuildResult(ignored=len(ignored))
    if ignored:
        report(f"ignored {len(ignored)} file(s) that are not articles by their suffix (e.g. {ignored[0]})")
    if not paths:
        raise NoArticles("no article files (.txt, .md, .html …) in " + ", ".join(str(s) for s in sources))
    if progress is None:
        progress = sys.stderr.isatty()
    results: Iterable[ArticleResult] = _results(paths, str(cache.dir.parent), version, jobs, scheduler)
    if progress:
        from tqdm import tqdm

        results = tqdm(results, total=len(paths), unit="article", desc="xkg build", file=sys.stderr)
    kept: dict[str, ArticleResult] = {}
    stage_time: dict[str, float] = {}
    nq_path = out_dir / "graph.nq"
    try:
        with atomic_path(nq_path) as tmp, open(tmp, "wb") as fh:
            for r in results:
                for k, v in r.timings.items():
                    stage_time[k] = stage_time.get(k, 0.0) + v
                if r.error:
                    result.skipped.append((r.path, r.error))
                    report(f"skipped {r.path}: {r.error}")
                    continue
                if r.sha1 in kept:
                    reason = f"duplicate of {kept[r.sha1].path} (same text)"
                    result.skipped.append((r.path, reason))
                    report(f"skipped {r.path}: {reason}")
                    continue
                if r.lines is not None:  # from a Dask worker: cached here, and its lines are at hand
                    cache.put(r.sha1, r.lines, r.counts)
                    fh.write("".join(r.lines).encode("utf-8"))
                    result.quads += len(r.lines)
                    r.lines = None
                else:  # from the cache file a worker has just written, still in the page cache
                    result.quads += cache.copy_to(r.sha1, fh)
                kept[r.sha1] = r
                result.articles += 1
                result.reused += r.cached
                for k, v in r.counts.items():
                    result.counts[k] = result.counts.get(k, 0) + v
            result.timings = {f"extract.{k}": round(v, 3) for k, v in sorted(stage_time.items())}
            result.timings["extract.wall"] = round(time.perf_counter() - started, 3)
            if not kept:
                raise _NothingRead
            # assemble: the gazetteer's lines, then the file made durable and renamed into place
            t0 = time.perf_counter()
            default_lines = sorted({nquad(s, p, o) for s, p, o in gazetteer_triples()})
            fh.write("".join(default_lines).encode("utf-8"))
            result.quads += len(default_lines)
            fh.flush()
    except _NothingRead:
        return result  # nothing read: leave any earlier output as it is
    files = [nq_path]  # always written: the canonical form, which query, path and serve read
    result.timings["assemble"] = round(time.perf_counter() - t0, 3)
    derived_formats = [f for f in formats if f != "nq"]
    derived: list[Path] = []
    if derived_formats:  # the union graph (distinct triples) only when a format needs it
        t0 = time.perf_counter()
        raw = out_dir / f".union-{os.getpid()}.nt.tmp"
        try:
            with union_triples(nq_path) as src, open(raw, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            derived, result.triples = write_derived(out_dir, raw, derived_formats)
        finally:
            raw.unlink(missing_ok=True)
        result.timings["serialise"] = round(time.perf_counter() - t0, 3)
    files.extend(derived)
    if store:
        from .dataset import ensure_dataset_store

        t0 = time.perf_counter()
        files.append(ensure_dataset_store(out_dir))
        result.timings["store"] = round(time.perf_counter() - t0, 3)
    manifest = {
        "xkg_fingerprint": version,
        "articles": result.articles,
        "skipped": [{"path": p, "reason": r} for p, r in result.skipped],
        "counts": result.counts,
        "quads": result.quads,
        "triples": result.triples,
        "files": sorted(Path(f).name for f in files),
    }
    write_text(out_dir / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    result.files = [str(f) for f in files] + [str(out_dir / "manifest.json")]
    result.timings["total"] = round(time.perf_counter() - started, 3)
    return result
