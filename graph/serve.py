"""``xkg serve``: a read-only SPARQL 1.1 Protocol endpoint over a built graph, and a page to query it.

Two processes:

- **Oxigraph's own server** (``oxigraph serve-read-only``, from the ``oxigraph`` package) answers
  the queries, from an on-disk store of the graph in ``DIR/store/`` (see
  :mod:`graph.dataset`: rebuilt only when the graph files or the ontology changed, built in a
  temporary folder, then renamed). It listens on a private port of 127.0.0.1 and refuses every
  update.
- **A small WSGI front** (werkzeug, served by waitress) listens where the user asked (127.0.0.1 by
  default). It forwards queries to Oxigraph, asking for results in a line-per-row format
  (SPARQL TSV, or N-Triples for CONSTRUCT and DESCRIBE), so that it can count rows while they
  stream in. It enforces what Oxigraph does not:

  * the **result limit**: once ``--max-results`` rows have come, it closes the connection to
    Oxigraph (which stops evaluating) and answers the rows so far, with the headers
    ``X-XKG-Truncated: true`` and ``X-XKG-Result-Limit``;
  * the **timeout** for results that stream: Oxigraph's ``--timeout-s`` cancels a query that
    computes for too long before its first row, but not one whose rows keep coming; the front
    stops any query whose answer is not complete after ``--timeout`` seconds (HTTP 503);
  * **read-only**: updates are refused before they reach Oxigraph (HTTP 403).

  It re-serialises the rows with pyoxigraph into the format the client's ``Accept`` asks for
  (SPARQL JSON, XML, CSV, TSV; Turtle, N-Triples, RDF/XML, JSON-LD for graphs), and serves a
  query page at ``/`` (static HTML and JavaScript from ``data/web/``, no third-party requests).

The store's default graph is the set union of the article graphs and the ontology; the article
graphs stay available as named graphs (``--union-default-graph`` is not used: Oxigraph's union is
a multiset, and would count a triple once per article that states it).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from pathlib import Path
from urllib.parse import urlencode

import click
import pyoxigraph as ox
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.wrappers import Request, Response

from . import __version__
from .dataset import ensure_dataset_store
from .namespaces import PREFIXES
from .query import SYNTAX_ERROR, syntax_message
from .resources import data_path
from .store import GraphDirError

WEB_DIR = data_path("web")
MAX_REQUEST_BYTES = 1 << 20  # a query of more than 1 MiB is refused
MAX_RESULT_BYTES = 256 << 20  # a result is cut at 256 MiB, whatever its row count

#: media types the front answers, by kind of result, preferred first
SOLUTION_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}
UPSTREAM_ACCEPT = "text/tab-separated-values, application/n-triples;q=0.9"
CANCELLED = b"The SPARQL operation has been cancelled"
STATIC = {"/": ("index.html", "text/html"), "/app.js": ("app.js", "text/javascript"),
          "/style.css": ("style.css", "text/css")}
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


class ServeError(Exception):
    """The endpoint cannot start."""


# --- Oxigraph's server, as a child process ----------------------------------------------------


def oxigraph_binary() -> str:
    """The ``oxigraph`` command of the ``oxigraph`` package (beside this Python, or on PATH)."""
    here = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    if here.exists():
        return str(here)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise ServeError("the oxigraph command was not found: pip install oxigraph")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class Oxigraph:
    """``oxigraph serve-read-only`` on a private port of 127.0.0.1."""

    def __init__(self, location: Path, timeout: float, verbose: bool = False):
        self.location = location
        self.timeout = timeout
        self.verbose = verbose
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self.log: deque[str] = deque(maxlen=30)

    def start(self, attempts: int = 3) -> None:
        for _ in range(attempts):
            self.port = free_port()
            cmd = [oxigraph_binary(), "serve-read-only", "--location", str(self.location),
                   "--bind", f"127.0.0.1:{self.port}", "--timeout-s", str(max(1, math.ceil(self.timeout)))]
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, start_new_session=True)
            threading.Thread(target=self._drain, args=(self.proc,), daemon=True).start()
            if self._wait_ready(15.0):
                return
            self.stop()
        raise ServeError("Oxigraph's server did not start:\n" + "\n".join(self.log))

    def _drain(self, proc: subprocess.Popen) -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip()
            self.log.append(line)
            if self.verbose:
                click.echo(f"[oxigraph] {line}", err=True)

    def _wait_ready(self, limit: float) -> bool:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.proc is None or self.proc.poll() is not None:
                return False
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return True
            time.sleep(0.05)
        return False

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


# --- the WSGI front ---------------------------------------------------------------------------


class Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _text(status: int, message: str, headers: dict | None = None) -> Response:
    return Response(message.rstrip("\n") + "\n", status=status, mimetype="text/plain", headers=headers)


def _negotiate(request: Request, formats: dict) -> str | None:
    accept = request.accept_mimetypes
    if not accept or not accept.values():
        return next(iter(formats))
    return accept.best_match(list(formats))


class Front:
    """The WSGI application: the SPARQL Protocol in front of Oxigraph, plus the query page."""

    def __init__(self, upstream_port: int, timeout: float = 10.0, max_results: int = 10000,
                 host: str = "127.0.0.1", upstream_host: str = "127.0.0.1"):
        self.upstream = (upstream_host, upstream_port)
        self.timeout = timeout
        self.max_results = max_results
        self.host = host
        self.port = 0  # set once the server listens (for the Host check)

    # WSGI entry point
    def __call__(self, environ, start_response):
        request = Request(environ)
        request.max_content_length = MAX_REQUEST_BYTES
        try:
            response = self.dispatch(request)
        except Refused as e:
            response = _text(e.status, e.message)
        except RequestEntityTooLarge:
            response = _text(413, f"request larger than {MAX_REQUEST_BYTES} bytes")
        except HTTPException as e:
            response = _text(e.code or 400, e.description or e.name)
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response(environ, start_response)

    def _host_allowed(self, request: Request) -> bool:
        """Refuse other Host names (DNS rebinding) unless the server listens on every address."""
        if self.host in ("0.0.0.0", "::", ""):
            return True
        host = (request.host or "").lower()
        names = {self.host.lower(), "127.0.0.1", "localhost", "[::1]"}
        if self.host.count(":") > 1:  # an IPv6 address is written in brackets in Host
            names.add(f"[{self.host.lower()}]")
        return host in names or any(host == f"{n}:{self.port}" for n in names)

    def dispatch(self, request: Request) -> Response:
        if not self._host_allowed(request):
            raise Refused(403, f"unexpected Host header {request.host!r}")
        path = request.path.rstrip("/") or "/"
        if path in ("/query", "/sparql"):
            return self.sparql(request)
        if path == "/update":
            raise Refused(403, "this endpoint is read-only: updates are refused")
        if request.method not in ("GET", "HEAD"):
            raise Refused(405, f"{request.method} is not allowed here")
        if path in STATIC:
            name, mimetype = STATIC[path]
            body = (WEB_DIR / name).read_bytes()
            resp = Response(body, mimetype=mimetype)
            resp.headers["Content-Security-Policy"] = PAGE_CSP
            return resp
        if path == "/favicon.ico":
            return Response(status=204)
        if path == "/catalogue.json":
            from .query import catalogue

            items = [{"name": n, "about": about, "query": text} for n, (about, text) in catalogue().items()]
            return Response(json.dumps(items, ensure_ascii=False), mimetype="application/json")
        if path == "/limits.json":
            return Response(json.dumps({"timeout": self.timeout, "maxResults": self.max_results}),
                            mimetype="application/json")
        raise Refused(404, f"no such page: {request.path} (the endpoint is /query, the query page /)")

    # --- the SPARQL 1.1 Protocol ---------------------------------------------------------------

    def _read_request(self, request: Request) -> tuple[str, list[str], list[str]]:
        args = request.args
        if request.method in ("GET", "HEAD"):
            if "update" in args:
                raise Refused(403, "this endpoint is read-only: updates are refused")
            query = args.get("query")
        elif request.method == "POST":
            mimetype = request.mimetype
            if mimetype == "application/x-www-form-urlencoded":
                form = request.form
                if "update" in form:
                    raise Refused(403, "this endpoint is read-only: updates are refused")
                query = form.get("query")
                args = form  # default-graph-uri and named-graph-uri come in the body too
            elif mimetype == "application/sparql-query":
                query = request.get_data(as_text=False).decode("utf-8", "replace")
            elif mimetype == "application/sparql-update":
                raise Refused(403, "this endpoint is read-only: updates are refused")
            else:
                raise Refused(415, "POST a query as application/x-www-form-urlencoded (query=...) "
                                   "or as application/sparql-query")
        else:
            raise Refused(405, f"{request.method} is not allowed: use GET or POST")
        if not query:
            raise Refused(400, "no query: send query=... (the query page is at /)")
        return query, args.getlist("default-graph-uri"), args.getlist("named-graph-uri")

    def sparql(self, request: Request) -> Response:
        query, default_graphs, named_graphs = self._read_request(request)
        solution_type = _negotiate(request, SOLUTION_FORMATS)
        graph_type = _negotiate(request, GRAPH_FORMATS)
        fields = [("query", query)] + [("default-graph-uri", g) for g in default_graphs] + \
                 [("named-graph-uri", g) for g in named_graphs]
        started = time.monotonic()
        deadline = started + self.timeout
        conn = http.client.HTTPConnection(*self.upstream, timeout=self.timeout + 5)
        try:
            conn.request("POST", "/query", body=urlencode(fields).encode("utf-8"),
                         headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": UPSTREAM_ACCEPT})
            with _socket_deadline(conn, deadline):
                upstream = conn.getresponse()
            if upstream.status != 200:
                message = upstream.read(1 << 16).decode("utf-8", "replace")
                status = upstream.status if 400 <= upstream.status < 500 else 502
                if status == 400 and SYNTAX_ERROR.match(message):
                    message = syntax_message(query, SyntaxError(message))
                return _text(status, message or upstream.reason)
            kind = (upstream.getheader("Content-Type") or "").split(";")[0].strip()
            header_lines = 1 if kind == "text/tab-separated-values" else 0
            body, rows, truncated = self._read_rows(conn, upstream, deadline, header_lines)
        except TimeoutError:
            return self._timed_out(started)
        except (OSError, http.client.HTTPException) as e:
            return _text(502, f"the SPARQL store did not answer: {e}")
        finally:
            conn.close()  # also stops Oxigraph evaluating a query whose rows were not all read
        elapsed = time.monotonic() - started
        try:
            if kind == "text/tab-separated-values":
                results = ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV)
                if solution_type is None:
                    raise Refused(406, "acceptable result formats: " + ", ".join(SOLUTION_FORMATS))
                data = results.serialize(format=SOLUTION_FORMATS[solution_type])
                mimetype = solution_type
            elif kind == "application/n-triples":
                if graph_type is None:
                    raise Refused(406, "acceptable graph formats: " + ", ".join(GRAPH_FORMATS))
                triples = [q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
                fmt = GRAPH_FORMATS[graph_type]
                prefixes = {k: str(v) for k, v in PREFIXES.items()} if fmt in (
                    ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML) else None
                data = ox.serialize(triples, format=fmt, prefixes=prefixes) if prefixes else \
                    ox.serialize(triples, format=fmt)
                mimetype = graph_type
            else:
                return _text(502, f"the SPARQL store answered an unexpected {kind!r}")
        except SyntaxError as e:
            if CANCELLED in body[-200:] or elapsed >= self.timeout:
                return self._timed_out(started)
            return _text(502, f"the SPARQL store's answer could not be read: {e}")
        headers = {"X-XKG-Result-Limit": str(self.max_results), "X-XKG-Rows": str(rows),
                   "X-XKG-Truncated": "true" if truncated else "false",
                   "Vary": "Accept"}
        if mimetype.startswith("text/") or mimetype.endswith("+xml") or mimetype.endswith("json"):
            mimetype += "; charset=utf-8"
        return Response(data or b"", status=200, content_type=mimetype, headers=headers)

    def _timed_out(self, started: float) -> Response:
        return _text(503, f"query stopped: no complete answer within the {self.timeout:g} s timeout "
                          f"({time.monotonic() - started:.1f} s)", headers={"Retry-After": "0"})

    def _read_rows(self, conn, upstream, deadline: float, header_lines: int) -> tuple[bytes, int, bool]:
        """Read the line-per-row answer until its end, the row limit or the deadline.

        Returns the bytes kept, the number of rows in them, and whether rows were left out.
        """
        keep = self.max_results + header_lines  # lines to keep
        buf = bytearray()
        lines = 0
        truncated = False
        while True:
            if time.monotonic() >= deadline:
                raise TimeoutError
            with _socket_deadline(conn, deadline):
                chunk = upstream.read1(1 << 16)
            if not chunk:
                break
            buf += chunk
            lines += chunk.count(b"\n")
            if lines >= keep:
                cut = _nth_newline(buf, keep)
                if len(buf) > cut + 1:  # something after the last row kept: a row too many
                    del buf[cut + 1:]
                    lines, truncated = keep, True
                    break
            if len(buf) > MAX_RESULT_BYTES:
                del buf[buf.rfind(b"\n") + 1:]
                lines, truncated = buf.count(b"\n"), True
                break
        rows = lines - header_lines + (1 if buf and not buf.endswith(b"\n") else 0)
        return bytes(buf), max(rows, 0), truncated


def _nth_newline(data: bytes | bytearray, n: int) -> int:
    """The index of the ``n``-th newline in ``data`` (``n`` >= 1), or -1."""
    pos = -1
    for _ in range(n):
        pos = data.find(b"\n", pos + 1)
        if pos < 0:
            return -1
    return pos


@contextlib.contextmanager
def _socket_deadline(conn: http.client.HTTPConnection, deadline: float):
    """Make the socket reads in the block give up at ``deadline`` (``TimeoutError``)."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError
    if conn.sock is not None:
        conn.sock.settimeout(remaining)
    yield


# --- running it -------------------------------------------------------------------------------


def serve(graph_dir: Path, host: str = "127.0.0.1", port: int = 7878, timeout: float = 10.0,
          max_results: int = 10000, rebuild: bool = False, threads: int = 4, verbose: bool = False,
          report=lambda m: click.echo(m, err=True)) -> None:
    """Build or reuse the store, start Oxigraph and the front, and serve until Ctrl-C or SIGTERM."""
    from waitress.server import create_server

    location = ensure_dataset_store(graph_dir, rebuild=rebuild, report=report)
    child = Oxigraph(location, timeout, verbose=verbose)
    child.start()
    try:
        front = Front(child.port, timeout=timeout, max_results=max_results, host=host)
        server = create_server(front, host=host, port=port, threads=threads, ident=f"xkg/{__version__}",
                               clear_untrusted_proxy_headers=True, channel_timeout=max(30, int(timeout) + 10))
        front.port = server.effective_port
        shown = f"[{server.effective_host}]" if ":" in str(server.effective_host) else server.effective_host
        base = f"http://{shown}:{server.effective_port}"

        def stop(signum, frame):
            raise KeyboardInterrupt

        # installed before the URL is printed: a client may stop the server as soon as it sees it
        previous = signal.signal(signal.SIGTERM, stop)
        try:
            click.echo(f"SPARQL endpoint: {base}/query   query page: {base}/", nl=True)
            click.echo(f"read-only; timeout {timeout:g} s; at most {max_results} results; Ctrl-C stops", err=True)
            sys.stdout.flush()
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            server.close()
    finally:
        child.stop()
        report("stopped")


@click.command("serve")
@click.option("--graph", "graph_dir", required=True, type=click.Path(path_type=Path), help="A built graph folder.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (anything but 127.0.0.1 exposes the graph to the network).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port, printed at start).")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may take; a longer one is stopped (HTTP 503).")
@click.option("--max-results", default=10000, show_default=True, type=click.IntRange(min=1),
              help="Rows (or triples) a query may return; the rest are cut (header X-XKG-Truncated: true).")
@click.option("--rebuild", is_flag=True, help="Rebuild DIR/store even if it is up to date.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Requests served at once.")
@click.option("--verbose", is_flag=True, help="Show Oxigraph's log.")
def serve_command(graph_dir: Path, host: str, port: int, timeout: float, max_results: int, rebuild: bool,
                  threads: int, verbose: bool) -> None:
    """Serve a built graph as a read-only SPARQL 1.1 Protocol endpoint, with a query page at /.

    GET or POST /query (also /sparql); results as JSON, XML, CSV or TSV by the Accept header.
    The graph is copied into an Oxigraph store in GRAPH/store, rebuilt when the graph changes.
    """
    try:
        serve(graph_dir, host=host, port=port, timeout=timeout, max_results=max_results, rebuild=rebuild,
              threads=threads, verbose=verbose)
    except (GraphDirError, ServeError, OSError) as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(2 if isinstance(e, GraphDirError) else 1)
