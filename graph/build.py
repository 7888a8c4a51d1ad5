"""The build: every article through the pipeline, the graph written once at the end.

One bad article never costs the rest: a file that cannot be read, or whose extraction fails, is
reported (file and reason) and skipped; a second copy of an article already read is reported as a
duplicate. The result says what was read, skipped and written.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .pipeline import EXTRACTOR_VERSION, make_document, process
from .rdf import article_iri, document_triples, gazetteer_triples, nquad
from .read import ReadError, iter_sources, read_article
from .store import write_graph, write_text


@dataclass
class ArticleResult:
    """What one article gave: its N-Quads lines and counts (plain data, cheap to pickle)."""

    path: str
    name: str = ""
    sha1: str = ""
    lines: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    error: str | None = None


@dataclass
class BuildResult:
    articles: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    counts: dict[str, int] = field(default_factory=dict)
    triples: int = 0
    files: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0: all read; 3: done, some skipped (see ``skipped``); 1 is left for failures."""
        return 3 if self.skipped else 0


def process_path(path: str) -> ArticleResult:
    """Read, extract and build one article's graph; errors come back as data, not exceptions."""
    try:
        raw = read_article(path)
    except ReadError as e:
        return ArticleResult(path=path, error=e.reason)
    try:
        doc = process(make_document(raw))
        triples = document_triples(doc)
    except Exception as e:  # one article's bug must not stop the corpus
        return ArticleResult(path=path, name=raw.name, sha1=raw.sha1, error=f"extraction failed: {e!r}")
    g = article_iri(doc)
    lines = [nquad(s, p, o, g) for s, p, o in triples]
    counts = {
        "places": len({m.key for m in doc.place_mentions}),
        "officials": len({o.name for o in doc.officials}),
        "initiatives": len({i.name for i in doc.initiatives}),
        "outcomes": len(doc.outcomes),
    }
    return ArticleResult(path=path, name=raw.name, sha1=raw.sha1, lines=lines, counts=counts)


def build(sources: Iterable[str | os.PathLike[str]], out_dir: Path, formats: list[str], jobs: int = 1,
          progress: bool | None = None, report: Callable[[str], None] | None = None) -> BuildResult:
    """Build the graph of ``sources`` into ``out_dir``."""
    report = report or (lambda msg: print(msg, file=sys.stderr))
    paths = [str(p) for p in iter_sources(sources)]
    result = BuildResult()
    if progress is None:
        progress = sys.stderr.isatty()
    results: Iterable[ArticleResult]
    pool = None
    if jobs > 1 and len(paths) > 1:
        pool = ProcessPoolExecutor(max_workers=jobs)
        results = pool.map(process_path, paths, chunksize=max(1, min(64, len(paths) // (jobs * 8) or 1)))
    else:
        results = map(process_path, paths)
    if progress:
        from tqdm import tqdm

        results = tqdm(results, total=len(paths), unit="article", desc="xkg build", file=sys.stderr)
    quad_lines: list[str] = []
    seen: dict[str, str] = {}
    try:
        for r in results:
            if r.error:
                result.skipped.append((r.path, r.error))
                report(f"skipped {r.path}: {r.error}")
                continue
            if r.sha1 in seen:
                reason = f"duplicate of {seen[r.sha1]} (same text)"
                result.skipped.append((r.path, reason))
                report(f"skipped {r.path}: {reason}")
                continue
            seen[r.sha1] = r.path
            result.articles += 1
            quad_lines.extend(r.lines)
            for k, v in r.counts.items():
                result.counts[k] = result.counts.get(k, 0) + v
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    default_lines = [nquad(s, p, o) for s, p, o in gazetteer_triples()]
    files = write_graph(out_dir, quad_lines, default_lines, formats)
    result.triples = len({line.rsplit(" ", 2)[0] for line in quad_lines} | set(default_lines))
    result.files = [str(f) for f in files]
    manifest = {
        "xkg_extractor_version": EXTRACTOR_VERSION,
        "articles": result.articles,
        "skipped": [{"path": p, "reason": r} for p, r in result.skipped],
        "counts": result.counts,
        "triples": result.triples,
        "files": [Path(f).name for f in files],
    }
    write_text(out_dir / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    result.files.append(str(out_dir / "manifest.json"))
    return result
