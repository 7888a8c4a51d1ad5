"""SPARQL over a built graph: from a string, a ``.rq`` file, or a named query of the catalogue.

The catalogue is ``data/queries/*.rq``; each file starts with ``#`` comment lines saying what it
answers (the file stem is its name). Parameters bind variables as RDF terms (SEP-0007 substitution
in Oxigraph), never by pasting their text into the query; for the planner's sake the same terms, as
pyoxigraph serialises them, are also given in ``VALUES`` clauses (see :func:`with_values`).

The default graph queries see is the *set* union of every article graph and the ontology (see
:mod:`graph.dataset`): Oxigraph's own "union default graph" is a multiset, so a triple stated by
four articles would match four times and COUNT or SUM would be wrong. The article graphs stay
available as named graphs (``GRAPH ?article { ... }``).
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from pathlib import Path

import pyoxigraph as ox

from .dataset import load_dataset, open_dataset  # noqa: F401 - load_dataset is part of this API
from .namespaces import DCTERMS, PREFIXES, RDFS, XK
from .resources import data_path

CATALOGUE = data_path("queries")
XSD = "http://www.w3.org/2001/XMLSchema#"


class QueryError(Exception):
    """A query that cannot be found, parsed or bound."""


def _header(text: str) -> str:
    """The leading ``#`` comment block of a query file, as one line of text."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        lines.append(line.lstrip("#").strip())
    return " ".join(x for x in lines if x)


def catalogue() -> dict[str, tuple[str, str]]:
    """Catalogue queries: name -> (what it answers, query text)."""
    out = {}
    for path in sorted(CATALOGUE.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        out[path.stem] = (_header(text), text)
    return out


def list_catalogue(width: int = 100) -> str:
    """The catalogue as text: each name, then what it answers."""
    out = io.StringIO()
    for name, (about, _) in catalogue().items():
        out.write(f"{name}\n")
        out.write(textwrap.fill(about, width=width, initial_indent="    ", subsequent_indent="    ") + "\n")
    return out.getvalue() or "(the catalogue is empty)\n"


_NAME_LIKE = re.compile(r"[\w.\-/\\~:]+")


def resolve_query(arg: str) -> str:
    """The query text for a query string, a .rq file path, or a catalogue name."""
    cat = catalogue()
    if arg in cat:
        return cat[arg][1]
    p = Path(arg)
    try:
        is_file = "\n" not in arg and p.is_file()
    except (OSError, ValueError):  # a name too long, or with a NUL: not a file
        is_file = False
    if arg.endswith(".rq") or is_file:
        if not p.is_file():
            raise QueryError(f"{arg}: no such query file")
        return p.read_text(encoding="utf-8")
    if _NAME_LIKE.fullmatch(arg):  # one word: a name that is neither in the catalogue nor a file
        names = ", ".join(sorted(cat)) or "(none)"
        raise QueryError(f"{arg!r} is neither a SPARQL query, a .rq file, nor a catalogue query ({names})")
    return arg  # anything else is SPARQL: the parser says what is wrong with it


_IRI_SCHEME = re.compile(r"(?:https?|urn|file|mailto|tag):\S+")
_PNAME = re.compile(r"([A-Za-z][\w-]*):([^\s<>\"{}|^`\\]*)")
_TYPED = re.compile(r'"(.*)"\^\^(<[^<>"\s]+>|[A-Za-z][\w-]*:[^\s<>"{}|^`\\]+)', re.S)
_LANG = re.compile(r'"(.*)"@([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)', re.S)


def _iri(text: str) -> ox.NamedNode | None:
    if text.startswith("<") and text.endswith(">"):
        return ox.NamedNode(text[1:-1])
    m = _PNAME.fullmatch(text)
    if m and m.group(1) in PREFIXES:
        return ox.NamedNode(str(PREFIXES[m.group(1)]) + m.group(2))
    if _IRI_SCHEME.fullmatch(text):
        return ox.NamedNode(text)
    return None


def parse_term(value: str) -> ox.NamedNode | ox.Literal:
    """A parameter value as one RDF term.

    ``<iri>``, ``prefix:local`` with a known prefix and ``http(s)://...`` are IRIs; ``42`` an
    xsd:integer, ``4.2`` an xsd:decimal; ``"text"@zh`` and ``"2019"^^xsd:gYear`` the literals they
    write; anything else a plain string literal, taken verbatim (quotes, braces and all).
    """
    try:
        iri = _iri(value)
        if iri is not None:
            return iri
        m = _TYPED.fullmatch(value)
        if m:
            dtype = _iri(m.group(2))
            if dtype is not None:
                return ox.Literal(m.group(1), datatype=dtype)
        m = _LANG.fullmatch(value)
        if m:
            return ox.Literal(m.group(1), language=m.group(2).lower())
    except ValueError as e:  # an IRI pyoxigraph refuses
        raise QueryError(f"{value!r}: {e}") from e
    if re.fullmatch(r"[+-]?\d+", value):
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "integer"))
    if re.fullmatch(r"[+-]?\d*\.\d+", value):
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "decimal"))
    return ox.Literal(value)


def parse_param(spec: str) -> tuple[ox.Variable, ox.NamedNode | ox.Literal]:
    """``NAME=VALUE`` -> a variable and an RDF term (see :func:`parse_term`)."""
    if "=" not in spec:
        raise QueryError(f"--param {spec!r}: expected NAME=VALUE")
    name, value = spec.split("=", 1)
    name = name.strip().lstrip("?$")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise QueryError(f"--param {spec!r}: {name!r} is not a variable name")
    return ox.Variable(name), parse_term(value)


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


SYNTAX_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.S)


def syntax_message(text: str, error: Exception) -> str:
    """The parser's message, with its line and column and the line it points at."""
    raw = str(error)
    m = SYNTAX_ERROR.match(raw)
    if not m:
        return f"SPARQL syntax error: {raw}"
    line, col, why = int(m.group(1)), int(m.group(2)), m.group(3)
    lines = text.splitlines()
    if "Prefix not found" in why:
        before = lines[line - 1][: col - 1] if 1 <= line <= len(lines) else ""
        pname = re.search(r"([A-Za-z][\w.-]*)?:[^\s:]*$", before)
        name = f"{pname.group(1) or ''}:" if pname else "a prefix"
        why = f"undeclared prefix {name} (add a PREFIX line)"
    else:  # the character classes the parser lists say little to a reader: keep the words
        e = re.match(r"expected (one of )?(.*)", why, re.S)
        items = [i.strip() for i in re.sub(r"\[[^\]]*\]", "", e.group(2)).replace("\n", " ").split(",")] if e else []
        items = [i for i in items if i and not i.startswith("|")]
        if items:
            why = "expected " + ("one of " if len(items) > 1 else "") + ", ".join(items)
    out = f"SPARQL syntax error at line {line}, column {col}: {why}"
    if 1 <= line <= len(lines):
        src = lines[line - 1]
        out += f"\n  {line} | {src}\n  {' ' * len(str(line))} | {' ' * display_width(src[: max(col - 1, 0)])}^"
    return out


_COMMENT = re.compile(r"(^|\s)#[^\n]*")  # a # after a space: not the # inside an IRI
_TRAILING_VALUES = re.compile(r"\bVALUES\s*(?:\?\w+|\([^()]*\))\s*\{[^{}]*\}\s*$", re.I)
#: ``# lookup: ?place names ?scope`` in a query: a --param for ?place names the entity ?scope stands for
_LOOKUP = re.compile(r"#\s*lookup:\s*\?(\w+)\s+names\s+\?(\w+)")
_NAMING = tuple(ox.NamedNode(str(p)) for p in (RDFS.label, XK.adminCode, DCTERMS.identifier))


def named_by(store: ox.Store, term: ox.NamedNode | ox.Literal) -> list[ox.NamedNode]:
    """The entities ``term`` names: itself if an IRI, else those whose rdfs:label, xk:adminCode or
    dcterms:identifier is its text. Index lookups in the default graph, sorted."""
    if isinstance(term, ox.NamedNode):
        return [term]
    text = ox.Literal(term.value)
    found = {q.subject for p in _NAMING for q in store.quads_for_pattern(None, p, text, ox.DefaultGraph())}
    return sorted((s for s in found if isinstance(s, ox.NamedNode)), key=lambda s: s.value)


def with_values(text: str, subs: dict[ox.Variable, ox.NamedNode | ox.Literal],
                lookups: dict[ox.Variable, list[ox.NamedNode]] | None = None) -> str:
    """``text`` with the parameters' values where Oxigraph's planner sees them.

    The query is also run with ``substitutions`` (the variable is bound everywhere, filters
    included), but the planner does not see those: a pattern on a bound ``?indicator`` still scans
    every outcome (445 ms → 9 ms on 1,000 articles with a VALUES clause instead), and a filter that
    compares each place's label, code or IRI with the parameter reads every place. So the values
    are also given as a trailing ``VALUES`` clause, and each ``# lookup: ?param names ?var`` line
    gets ``VALUES ?var { <entities> }`` (see :func:`named_by`) at the start of the group that
    follows it. The values agree with the substitutions and the filters, so no result changes.
    """
    for var, found in (lookups or {}).items():
        m = re.search(rf"#\s*lookup:\s*\?\w+\s+names\s+\?{var.value}\b[^\n]*\n\s*\{{", text)
        if m:
            values = f" VALUES {var} {{ {' '.join(map(str, found))} }}"
            text = text[:m.end()] + values + text[m.end():]
    stripped = _COMMENT.sub(r"\1", text)  # a comment could look like a VALUES clause
    if not subs or _TRAILING_VALUES.search(stripped):
        return text
    names = " ".join(str(v) for v in subs)
    row = " ".join(str(t) for t in subs.values())
    return f"{text.rstrip()}\nVALUES ({names}) {{ ({row}) }}\n"


#: ``# page`` alone on a line: where a query takes the LIMIT and OFFSET of ``xkg query --limit/--offset``
_PAGE_MARK = re.compile(r"^[ \t]*#[ \t]*page[ \t]*$", re.M)


def paged(text: str, limit: int | None = None, offset: int = 0) -> str:
    """``text`` cut to ``limit`` rows from row ``offset`` (both None/0: ``text`` unchanged).

    A query whose answer is a long listing marks with a ``# page`` line the subquery that finds its
    rows' keys, sorted (see ``data/queries/outcomes-of-place.rq``): the LIMIT goes there, and the
    long columns are read for the page's rows only (at 100,000 articles a page of outcomes takes a
    third of the whole listing's time). That subquery must give one row per row of the answer. Any
    other query gets the LIMIT and OFFSET as its own solution modifiers, unless it has them already.

    >>> print(paged("SELECT * WHERE { ?s ?p ?o } ORDER BY ?s", limit=10, offset=20))
    SELECT * WHERE { ?s ?p ?o } ORDER BY ?s
    LIMIT 10 OFFSET 20
    """
    if limit is None and not offset:
        return text
    if (limit is not None and limit < 0) or offset < 0:
        raise QueryError("--limit and --offset cannot be negative")
    cut = " ".join(([f"LIMIT {limit}"] if limit is not None else []) + ([f"OFFSET {offset}"] if offset else []))
    if _PAGE_MARK.search(text):
        return _PAGE_MARK.sub(lambda m: m.group(0).split("#")[0] + cut, text, count=1)
    code = _COMMENT.sub(r"\1", text)
    values = _TRAILING_VALUES.search(code)
    tail = code[:values.start()] if values else code
    tail = tail[tail.rfind("}") + 1:]  # the solution modifiers after the WHERE clause
    if re.search(r"\b(LIMIT|OFFSET)\b", tail, re.I):
        raise QueryError("the query has its own LIMIT or OFFSET: leave out --limit and --offset, or edit it")
    at = _TRAILING_VALUES.search(text)
    if at:  # a trailing VALUES clause comes after the solution modifiers
        return f"{text[:at.start()].rstrip()}\n{cut}\n{text[at.start():]}"
    return f"{text.rstrip()}\n{cut}"


def execute(store: ox.Store, text: str, params: tuple[str, ...] | list[str] = (),
            limit: int | None = None, offset: int = 0) -> object:
    """Run ``text`` over ``store`` (see :func:`graph.dataset.load_dataset`) with ``params`` bound,
    ``limit`` rows from row ``offset`` (see :func:`paged`)."""
    text = paged(text, limit, offset)
    subs = dict(parse_param(p) for p in params)
    lookups = {ox.Variable(scope): named_by(store, subs[ox.Variable(var)])
               for var, scope in _LOOKUP.findall(text) if ox.Variable(var) in subs}
    try:
        return store.query(with_values(text, subs, lookups), substitutions=subs or None,
                           prefixes={k: str(v) for k, v in PREFIXES.items()})
    except SyntaxError as e:
        raise QueryError(syntax_message(text, e)) from e
    except RuntimeError as e:
        msg = str(e)
        if subs and "SELECT projection" in msg:
            var = re.search(r"\?\w+", msg)
            raise QueryError(f"--param: the query has no {var.group(0) if var else 'such variable'} in its "
                             "SELECT clause, so it cannot be bound") from e
        raise QueryError(f"query failed: {msg}") from e
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


def display_width(s: str) -> int:
    """Terminal columns of ``s``: Chinese characters and full-width forms take two."""
    return sum(2 if "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" else 1 for ch in s)


def render_table(names: list[str], rows: list[list[str]]) -> str:
    """An aligned text table; Chinese characters count as two columns."""
    width = display_width

    def pad(s: str, w: int) -> str:
        return s + " " * (w - width(s))

    rows = [[c.replace("\n", " ").replace("\t", " ") for c in r] for r in rows]
    cols = [max([width(n)] + [width(r[i]) for r in rows]) for i, n in enumerate(names)]
    out = io.StringIO()
    out.write("  ".join(pad(n, cols[i]) for i, n in enumerate(names)).rstrip() + "\n")
    out.write("  ".join("-" * c for c in cols) + "\n")
    for r in rows:
        out.write("  ".join(pad(c, cols[i]) for i, c in enumerate(r)).rstrip() + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
    return out.getvalue()


def run_query(graph_dir: str | Path, text: str, fmt: str = "table", params: tuple[str, ...] = (),
              limit: int | None = None, offset: int = 0) -> str:
    store = open_dataset(graph_dir)
    return format_results(execute(store, text, params, limit, offset), fmt)


def csv_rows(text: str) -> list[dict[str, str]]:
    """Parse CSV results (for tests and scripts)."""
    return list(csv.DictReader(io.StringIO(text)))
