"""``xkg serve`` over real HTTP: the SPARQL 1.1 Protocol, read-only, the timeout and the result limit."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message
from pathlib import Path

import pytest

from graph.dataset import DATASET_DIR, STAMP, ensure_dataset_store, load_dataset

pytestmark = pytest.mark.server

PREFIXES = ("PREFIX xk: <https://w3id.org/xkg/ontology#>\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")
CITIES = PREFIXES + "SELECT ?city ?label WHERE { ?city a xk:City ; rdfs:label ?label } ORDER BY ?label"
HOSTILE_STREAM = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HOSTILE_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


class Server:
    """``xkg serve`` in a child process, on a free port it picks and prints."""

    def __init__(self, graph: Path, *args: str):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "graph.cli", "serve", "--graph", str(graph), "--port", "0", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        self.err: list[str] = []
        threading.Thread(target=lambda: self.err.extend(self.proc.stderr), daemon=True).start()
        line = self._line(timeout=60)
        m = re.search(r"(http://[^ ]+)/query", line)
        assert m, f"no URL in {line!r}; stderr: {''.join(self.err)}"
        self.base = m.group(1)
        self.endpoint = self.base + "/query"
        self.port = int(self.base.rsplit(":", 1)[1])

    def _line(self, timeout: float) -> str:
        out: list[str] = []
        t = threading.Thread(target=lambda: out.append(self.proc.stdout.readline()), daemon=True)
        t.start()
        t.join(timeout)
        return out[0] if out else ""

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(p) for p in path.read_text().split()] if path.exists() else []

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            raise


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None,
         timeout: float = 30) -> tuple[int, Message, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def post(server: Server, query: str, accept: str = "application/sparql-results+json") -> tuple[int, Message, bytes]:
    return http(server.endpoint, urllib.parse.urlencode({"query": query}).encode(),
                {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})


def get(server: Server, query: str, accept: str = "application/sparql-results+json") -> tuple[int, Message, bytes]:
    return http(server.endpoint + "?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})


@pytest.fixture(scope="module")
def graph_copy(sample_graph, tmp_path_factory) -> Path:
    """The sample graph's N-Quads in a folder of their own (the server adds serve-store/ to it)."""
    d = tmp_path_factory.mktemp("served-graph")
    shutil.copy2(sample_graph / "graph.nq", d / "graph.nq")
    return d


@pytest.fixture(scope="module")
def server(graph_copy):
    s = Server(graph_copy, "--timeout", "2", "--max-results", "50")
    yield s
    assert s.stop() == 0


# --- the protocol ------------------------------------------------------------------------------------


def test_select_via_sparqlwrapper(server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    sw = SPARQLWrapper(server.endpoint)
    sw.setQuery(CITIES)
    sw.setReturnFormat(JSON)
    data = sw.query().convert()
    assert data["head"]["vars"] == ["city", "label"]
    labels = [b["label"]["value"] for b in data["results"]["bindings"]]
    assert "株洲市" in labels
    assert all(b["city"]["type"] == "uri" for b in data["results"]["bindings"])


def test_get_and_post_answer_alike(server):
    answers = []
    for status, headers, body in (get(server, CITIES), post(server, CITIES),
                                  http(server.endpoint, CITIES.encode(), {
                                      "Content-Type": "application/sparql-query",
                                      "Accept": "application/sparql-results+json"})):
        assert status == 200, body
        assert headers["Content-Type"].startswith("application/sparql-results+json")
        answers.append(json.loads(body))
    assert answers[0] == answers[1] == answers[2]
    assert len(answers[0]["results"]["bindings"]) >= 5


def test_result_format_follows_accept(server):
    status, headers, body = post(server, CITIES, accept="text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert list(table[0]) == ["city", "label"] and "株洲市" in {r["label"] for r in table}
    status, headers, body = get(server, CITIES, accept="text/tab-separated-values")
    assert status == 200 and body.decode("utf-8").splitlines()[0] == "?city\t?label"
    status, headers, body = post(server, CITIES, accept="application/sparql-results+xml")
    assert status == 200 and b"<sparql" in body and "株洲市".encode() in body
    status, headers, body = post(server, "ASK { ?x a <https://w3id.org/xkg/ontology#Official> }")
    assert status == 200 and json.loads(body)["boolean"] is True
    status, headers, body = post(server, PREFIXES + "CONSTRUCT WHERE { ?x a xk:Official }", accept="text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle") and b"xk:Official" in body
    status, _, _ = post(server, CITIES, accept="image/png")
    assert status == 406


def test_the_ontology_is_in_the_default_graph_and_triples_count_once(server):
    q = PREFIXES + """SELECT (COUNT(*) AS ?n) WHERE {
        ?c rdfs:subClassOf xk:Place . ?p a ?c ; rdfs:label ?l . FILTER(?p = <https://w3id.org/xkg/id/place/430200>) }"""
    status, _, body = post(server, q, accept="text/csv")
    assert status == 200 and body.decode().splitlines() == ["n", "1"]


def test_a_syntax_error_is_a_400_with_line_and_column(server):
    status, _, body = post(server, "SELECT * WHERE {\n  ?s ?p\n}")
    assert status == 400
    assert re.search(r"line 3, column \d+", body.decode("utf-8"))


# --- read-only ---------------------------------------------------------------------------------------


def test_updates_are_refused(server):
    insert = "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"
    for url, data, ctype in [
        (server.endpoint, urllib.parse.urlencode({"update": insert}).encode(), "application/x-www-form-urlencoded"),
        (server.base + "/update", urllib.parse.urlencode({"update": insert}).encode(),
         "application/x-www-form-urlencoded"),
        (server.endpoint, insert.encode(), "application/sparql-update"),
        (server.endpoint, insert.encode(), "application/sparql-query"),
        (server.endpoint, urllib.parse.urlencode({"query": insert}).encode(), "application/x-www-form-urlencoded"),
    ]:
        status, _, body = http(url, data, {"Content-Type": ctype})
        assert 400 <= status < 500, (url, ctype, status, body)
    from SPARQLWrapper import POST, SPARQLWrapper

    sw = SPARQLWrapper(server.endpoint)
    sw.setMethod(POST)
    sw.setQuery(insert)
    with pytest.raises(Exception):  # noqa: B017 - SPARQLWrapper raises its own or urllib's error
        sw.query()
    status, _, body = post(server, "ASK { <urn:x:a> ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is False


# --- the result limit and the timeout ---------------------------------------------------------------


def test_the_result_limit_truncates(server):
    status, headers, body = post(server, HOSTILE_STREAM, accept="text/csv")
    assert status == 200
    assert headers["X-XKG-Truncated"] == "true" and headers["X-XKG-Result-Limit"] == "50"
    assert len(list(csv.reader(io.StringIO(body.decode("utf-8"))))) == 1 + 50
    status, headers, body = post(server, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 50")
    assert status == 200 and headers["X-XKG-Truncated"] == "false"
    assert len(json.loads(body)["results"]["bindings"]) == 50
    status, headers, body = post(server, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 51")
    assert headers["X-XKG-Truncated"] == "true" and len(json.loads(body)["results"]["bindings"]) == 50
    status, headers, body = post(server, "CONSTRUCT WHERE { ?s ?p ?o }", accept="application/n-triples")
    assert status == 200 and headers["X-XKG-Truncated"] == "true" and len(body.splitlines()) == 50


def test_a_hostile_query_stops_at_its_timeout(server):
    t0 = time.monotonic()
    status, _, body = post(server, HOSTILE_COUNT)
    elapsed = time.monotonic() - t0
    assert status == 503, body
    assert 1.5 <= elapsed < 6, elapsed
    t0 = time.monotonic()
    status, _, body = post(server, CITIES)
    assert status == 200 and json.loads(body)["results"]["bindings"]
    assert time.monotonic() - t0 < 2


def test_a_streaming_query_stops_at_its_timeout(graph_copy):
    # no row limit to speak of: only the timeout can stop this one
    s = Server(graph_copy, "--timeout", "2", "--max-results", "1000000000")
    try:
        t0 = time.monotonic()
        status, _, body = post(s, HOSTILE_STREAM, accept="text/tab-separated-values")
        elapsed = time.monotonic() - t0
        assert status == 503, body[:200]
        assert elapsed < 6, elapsed
        status, _, body = post(s, CITIES)
        assert status == 200 and json.loads(body)["results"]["bindings"]
    finally:
        assert s.stop() == 0


# --- where it listens, the page, stopping ---------------------------------------------------------------


def _listening(port: int) -> set[str]:
    """The local addresses listening on ``port`` (Linux /proc)."""
    found = set()
    for table, size in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        with contextlib.suppress(OSError), open(table) as fh:
            for line in list(fh)[1:]:
                local, state = line.split()[1], line.split()[3]
                addr, p = local.split(":")
                if int(p, 16) == port and state == "0A" and len(addr) == size:
                    found.add(addr)
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads /proc/net/tcp")
def test_it_binds_127_0_0_1_by_default(server):
    assert server.base.startswith("http://127.0.0.1:")
    assert _listening(server.port) == {"0100007F"}  # 127.0.0.1, and nothing else
    status, _, _ = http(server.endpoint + "?query=ASK%7B%7D", headers={"Host": f"evil.example:{server.port}"})
    assert status == 403  # another Host name (DNS rebinding) is refused


def test_the_query_page_needs_nothing_from_elsewhere(server):
    status, headers, body = http(server.base + "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    page = body.decode("utf-8")
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    status, _, js = http(server.base + "/app.js")
    assert status == 200 and b"innerHTML" not in js and b"textContent" in js
    status, _, cat = http(server.base + "/catalogue.json")
    assert status == 200 and {q["name"] for q in json.loads(cat)} >= {"outcomes-of-place", "influence-paths"}
    # every catalogue query also runs over HTTP (without parameters)
    for q in json.loads(cat):
        status, _, body = post(server, q["query"])
        assert status == 200 and json.loads(body)["results"]["bindings"], q["name"]


def test_sigterm_stops_the_server_and_oxigraph(graph_copy):
    s = Server(graph_copy)
    children = s.children()
    assert children, "oxigraph should run as a child"
    assert s.stop() == 0, "".join(s.err)
    for pid in children:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()
    assert "building" not in "".join(s.err)  # the store was reused, not rebuilt


def test_the_store_is_rebuilt_only_when_the_graph_changes(sample_graph, tmp_path):
    shutil.copy2(sample_graph / "graph.nq", tmp_path / "graph.nq")
    said: list[str] = []
    store = ensure_dataset_store(tmp_path, report=said.append)
    assert store == tmp_path / DATASET_DIR and (store / STAMP).exists() and said
    stamp = (store / STAMP).stat().st_mtime_ns
    said.clear()
    ensure_dataset_store(tmp_path, report=said.append)
    assert not said and (store / STAMP).stat().st_mtime_ns == stamp
    later = time.time() + 5
    os.utime(tmp_path / "graph.nq", (later, later))
    ensure_dataset_store(tmp_path, report=said.append)
    assert said and (store / STAMP).stat().st_mtime_ns != stamp
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nq", DATASET_DIR]  # no temporary left
    # xkg query uses it when it is current, and answers as from the files
    from graph.query import execute, open_dataset

    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    on_disk = open_dataset(tmp_path)
    assert next(iter(execute(on_disk, q)))[0] == next(iter(execute(load_dataset(tmp_path), q)))[0]
