"""SPARQL over a built graph: from a string, a ``.rq`` file, or a named query of the catalogue.

The catalogue is ``data/queries/*.rq``; each file starts with ``#`` comment lines saying what it
answers. Parameters bind variables as RDF terms (SEP-0007 substitution in Oxigraph), never by
pasting text into the query.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyoxigraph as ox

from .namespaces import PREFIXES
from .resources import data_path
from .store import load_store

CATALOGUE = data_path("queries")


class QueryError(Exception):
    """A query that cannot be found, parsed or bound."""


def catalogue() -> dict[str, tuple[str, str]]:
    """Catalogue queries: name -> (what it answers, query text)."""
    out = {}
    for path in sorted(CATALOGUE.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        about = " ".join(line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#"))
        out[path.stem] = (about, text)
    return out


def resolve_query(arg: str) -> str:
    """The query text for a query string, a .rq file path, or a catalogue name."""
    cat = catalogue()
    if arg in cat:
        return cat[arg][1]
    p = Path(arg)
    if arg.endswith(".rq") or (len(arg) < 255 and "\n" not in arg and p.is_file()):
        if not p.is_file():
            raise QueryError(f"{arg}: no such query file")
        return p.read_text(encoding="utf-8")
    if not re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", arg, re.I):
        names = ", ".join(sorted(cat)) or "(none)"
        raise QueryError(f"{arg!r} is neither a SPARQL query, a .rq file, nor a catalogue query ({names})")
    return arg


def parse_param(spec: str) -> tuple[ox.Variable, ox.NamedNode | ox.Literal]:
    """``NAME=VALUE`` -> a variable and an RDF term: ``<iri>``, ``xk:Place``, a number, or a string."""
    if "=" not in spec:
        raise QueryError(f"--param {spec!r}: expected NAME=VALUE")
    name, value = spec.split("=", 1)
    name = name.strip().lstrip("?$")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise QueryError(f"--param {spec!r}: {name!r} is not a variable name")
    if value.startswith("<") and value.endswith(">"):
        term: ox.NamedNode | ox.Literal = ox.NamedNode(value[1:-1])
    elif re.fullmatch(r"[A-Za-z][\w-]*:[\w-]+", value) and value.split(":", 1)[0] in PREFIXES:
        prefix, local = value.split(":", 1)
        term = ox.NamedNode(str(PREFIXES[prefix]) + local)
    elif re.fullmatch(r"-?\d+", value):
        term = ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    elif re.fullmatch(r"-?\d+\.\d+", value):
        term = ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))
    else:
        term = ox.Literal(value)
    return ox.Variable(name), term


def _cell(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        iri = term.value
        for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
            if iri.startswith(str(ns)):
                return f"{prefix}:{iri[len(str(ns)):]}"
        return f"<{iri}>"
    return str(term)


def execute(store: ox.Store, text: str, params: tuple[str, ...] | list[str] = ()) -> object:
    subs = dict(parse_param(p) for p in params)
    try:
        return store.query(text, use_default_graph_as_union=True, substitutions=subs or None,
                           prefixes={k: str(v) for k, v in PREFIXES.items()})
    except SyntaxError as e:
        raise QueryError(f"SPARQL syntax error: {e}") from e
    except (ValueError, OSError) as e:
        raise QueryError(f"query failed: {e}") from e


def format_results(results: object, fmt: str = "table") -> str:
    if isinstance(results, ox.QueryBoolean):
        return json.dumps({"head": {}, "boolean": bool(results)}) if fmt == "json" else str(bool(results)).lower()
    if isinstance(results, ox.QueryTriples):
        return results.serialize(format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    assert isinstance(results, ox.QuerySolutions)
    if fmt in ("json", "csv", "tsv"):
        f = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
             "tsv": ox.QueryResultsFormat.TSV}[fmt]
        return results.serialize(format=f).decode("utf-8")
    names = [v.value for v in results.variables]
    rows = [[_cell(sol[v]) for v in names] for sol in results]
    return render_table(names, rows)


def render_table(names: list[str], rows: list[list[str]]) -> str:
    """An aligned text table; Chinese characters count as two columns."""
    def width(s: str) -> int:
        return sum(2 if "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" else 1 for ch in s)

    def pad(s: str, w: int) -> str:
        return s + " " * (w - width(s))

    cols = [max([width(n)] + [width(r[i]) for r in rows]) for i, n in enumerate(names)]
    out = io.StringIO()
    out.write("  ".join(pad(n, cols[i]) for i, n in enumerate(names)).rstrip() + "\n")
    out.write("  ".join("-" * c for c in cols) + "\n")
    for r in rows:
        out.write("  ".join(pad(c, cols[i]) for i, c in enumerate(r)).rstrip() + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
    return out.getvalue()


def run_query(graph_dir: str | Path, text: str, fmt: str = "table", params: tuple[str, ...] = ()) -> str:
    store = load_store(graph_dir)
    return format_results(execute(store, text, params), fmt)


def csv_rows(text: str) -> list[dict[str, str]]:
    """Parse CSV results (for tests and scripts)."""
    return list(csv.DictReader(io.StringIO(text)))
