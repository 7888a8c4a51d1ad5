"""The ``xkg`` command line: build, validate, query, path, render, serve.

Exit codes: 0 success; 1 failure; 2 usage error; 3 done, but some inputs were skipped.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from . import __version__
from .resources import DATA_DIR

DEFAULT_CORPUS = DATA_DIR / "corpus"


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@click.group()
@click.version_option(__version__, prog_name="xkg")
def main() -> None:
    """xkg: a knowledge graph of China's local-governance reporting."""


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the graph into (created if needed).")
@click.option("--format", "formats", multiple=True, default=("ttl",), show_default=True,
              help="RDF format(s): ttl, nt, nq (one named graph per article), jsonld. Repeat for several.")
@click.option("--jobs", "-j", default=1, show_default=True, help="Worker processes for extraction.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when stderr is a terminal).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run extraction on a Dask cluster (e.g. tcp://10.0.0.5:8786) instead of local processes.")
@click.option("--store/--no-store", default=False, show_default=True,
              help="Also load the on-disk Oxigraph store for SPARQL now (OUT/store); otherwise the first "
                   "xkg query or xkg serve makes it.")
@click.option("--timings", "timings_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write seconds per stage as JSON to this file (not into OUT: outputs stay reproducible).")
def build(sources: tuple[Path, ...], out_dir: Path, formats: tuple[str, ...], jobs: int, progress: bool | None,
          scheduler: str | None, store: bool, timings_file: Path | None) -> None:
    """Read articles (files or folders) and write their knowledge graph into OUT.

    With no SOURCES it builds the bundled sample corpus in data/corpus.
    """
    from .build import build as run_build
    from .store import FORMAT_ALIASES

    fmts = []
    for f in formats:
        for part in f.split(","):
            key = FORMAT_ALIASES.get(part.strip().lower())
            if key is None:
                _fail(f"unknown --format {part!r}: choose from ttl, nt, nq, jsonld", 2)
            if key not in fmts:
                fmts.append(key)
    for s in sources:
        if not s.exists() and not s.is_symlink():
            _fail(f"{s}: no such file or folder", 2)
    t0 = time.perf_counter()
    import signal

    # SIGTERM ends the build like Ctrl-C: temporary files are removed, earlier outputs stay
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    from .build import NoArticles

    try:
        result = run_build(list(sources) or [DEFAULT_CORPUS], out_dir, fmts, jobs=jobs, progress=progress,
                           scheduler=scheduler, store=store)
    except KeyboardInterrupt:
        click.echo("interrupted: the previous output and the cache are intact", err=True)
        sys.exit(130)
    except NoArticles as e:
        _fail(str(e), 2)
    if timings_file:
        import json

        timings_file.write_text(json.dumps(result.timings, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    c = result.counts
    click.echo(
        f"articles read: {result.articles} ({result.reused} from cache), skipped: {len(result.skipped)}\n"
        f"places: {c.get('places', 0)}, officials: {c.get('officials', 0)}, "
        f"initiatives: {c.get('initiatives', 0)}, outcomes: {c.get('outcomes', 0)} (mentions per article, summed)\n"
        f"quads: {result.quads}" + (f", distinct triples: {result.triples}" if result.triples else "") + "\n"
        f"files: {', '.join(result.files)}\n"
        f"time: {time.perf_counter() - t0:.1f} s"
    )
    if result.exit_code == 1:
        click.echo("error: not one article could be read (see the reasons above); nothing was written", err=True)
    sys.exit(result.exit_code)


@main.command()
@click.option("--graph", "graph_dir", required=True, type=click.Path(path_type=Path), help="A built graph folder.")
@click.option("--max-report", default=50, show_default=True, help="Violations to print at most.")
def validate(graph_dir: Path, max_report: int) -> None:
    """Check a built graph against the SHACL shapes in ontology/ (pySHACL)."""
    from .store import GraphDirError
    from .validate import validate_graph

    try:
        report = validate_graph(graph_dir)
    except GraphDirError as e:
        _fail(str(e), 2)
    if report.conforms:
        click.echo(f"conforms: {report.nodes} nodes checked against {report.shapes} shapes, no violation")
        return
    click.echo(f"does not conform: {len(report.violations)} violation(s)")
    for v in report.violations[:max_report]:
        click.echo(f"- {v}")
    sys.exit(1)


@main.command()
@click.argument("query", required=False)
@click.option("--graph", "graph_dir", type=click.Path(path_type=Path), help="A built graph folder.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="Output format.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE as one RDF term: <iri>, prefix:name, a number, or a string. Repeatable.")
@click.option("--limit", type=click.IntRange(min=0), default=None, metavar="N",
              help="At most N rows (a page; with --offset the next ones).")
@click.option("--offset", type=click.IntRange(min=0), default=0, metavar="M", help="Skip the first M rows.")
@click.option("--list", "list_", is_flag=True, help="List the catalogue's queries and what each answers.")
def query(query: str | None, graph_dir: Path | None, fmt: str, params: tuple[str, ...], limit: int | None,
          offset: int, list_: bool) -> None:
    """Run SPARQL over a built graph: a query string, a .rq file, or a catalogue query's name.

    Long listings are read a page at a time with --limit and --offset; the catalogue's long
    listings then read their long columns for that page only."""
    from .query import QueryError, list_catalogue, resolve_query, run_query
    from .store import GraphDirError

    if list_:
        click.echo(list_catalogue(), nl=False)
        return
    if query is None:
        _fail("missing QUERY (a SPARQL string, a .rq file or a catalogue name; --list shows the catalogue)", 2)
    if graph_dir is None:
        _fail("missing option --graph DIR", 2)
    try:
        text = resolve_query(query)
        out = run_query(graph_dir, text, fmt=fmt, params=params, limit=limit, offset=offset)
    except (QueryError, GraphDirError) as e:
        _fail(str(e), 2)
    click.echo(out, nl=not out.endswith("\n"))


# Commands that live in their own modules register here, one line each.
from .serve import serve_command  # noqa: E402

main.add_command(serve_command)
from .paths import path_command  # noqa: E402

main.add_command(path_command)
from .render import render_command  # noqa: E402

main.add_command(render_command)

if __name__ == "__main__":
    main()
