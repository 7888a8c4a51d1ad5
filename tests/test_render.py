"""Tests of ``xkg render``: the offline, self-contained HTML view of the graph.

The browser tests drive Debian's Chromium (``apt-get install chromium fonts-noto-cjk``) through the
pip ``playwright`` package; they are skipped when /usr/bin/chromium is missing.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.render import DEFAULT_CLASSES, RenderError, _vis_assets, render

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
XK = "https://w3id.org/xkg/ontology#"
XKI = "https://w3id.org/xkg/id/"

# a tiny hand-written graph whose every string tries to become markup or script
HOSTILE_LABEL = "<img src=x onerror=alert(1)>"
HOSTILE_EVIDENCE = "<script>alert(2)</script>"
HOSTILE_NQ = r"""
<{i}article/a1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{x}Article> <{i}article/a1> .
<{i}article/a1> <http://purl.org/dc/terms/identifier> "<b onmouseover=alert(5)>a1</b>.txt" <{i}article/a1> .
<{i}article/a1> <http://purl.org/dc/terms/title> "</script><script>window.__xss=3</script>" <{i}article/a1> .
<{i}place/evil> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{x}City> <{i}article/a1> .
<{i}place/evil> <http://www.w3.org/2000/01/rdf-schema#label> "<img src=x onerror=alert(1)>" <{i}article/a1> .
<{i}place/evil> <http://www.w3.org/2004/02/skos/core#altLabel> "<img src=x onerror=\"window.__xss=1\">" <{i}article/a1>.
<{i}place/evil> <{x}evidence> "<script>alert(2)</script>" <{i}article/a1> .
<{i}place/evil> <{x}adminCode> "<iframe src=javascript:window.__xss=6>" <{i}article/a1> .
<{i}place/evil> <http://www.w3.org/ns/prov#wasDerivedFrom> <{i}article/a1> <{i}article/a1> .
<{i}place/top> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{x}Province> <{i}article/a1> .
<{i}place/top> <http://www.w3.org/2000/01/rdf-schema#label> "湖南省 \u2028 <!-- x" <{i}article/a1> .
<{i}place/evil> <{x}locatedIn> <{i}place/top> <{i}article/a1> .
<{i}official/o1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{x}Official> <{i}article/a1> .
<{i}official/o1> <http://www.w3.org/2000/01/rdf-schema#label> "<svg onload=window.__xss=2>" <{i}article/a1> .
<{i}official/o1> <{x}evidence> "\"'><img src=x onerror=window.__xss=4>&amp;" <{i}article/a1> .
<{i}official/o1> <{x}holds> <{i}post/p1> <{i}article/a1> .
<{i}post/p1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{x}Post> <{i}article/a1> .
<{i}post/p1> <http://www.w3.org/2000/01/rdf-schema#label> "市长" <{i}article/a1> .
<{i}post/p1> <{x}title> "<b>市长</b>" <{i}article/a1> .
<{i}post/p1> <{x}jurisdiction> <{i}place/evil> <{i}article/a1> .
""".replace("{i}", XKI).replace("{x}", XK)


def _entity_count(graph_dir: Path) -> int:
    """Entities of the default classes, counted straight from the RDF (independently of render)."""
    store = ox.Store()
    with open(graph_dir / "graph.nq", "rb") as fh:
        store.bulk_load(fh, format=ox.RdfFormat.N_QUADS)
    values = " ".join(f"<{XK}{c}>" for c in DEFAULT_CLASSES)
    q = f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a ?c }} VALUES ?c {{ {values} }} }}"
    return int(next(iter(store.query(q)))["n"].value)


def _render_cli(*args: str) -> None:
    result = CliRunner().invoke(main, ["render", *args])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def sample_html(sample_graph: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("render") / "sample.html"
    _render_cli("--graph", str(sample_graph), "--out", str(out))
    return out


@pytest.fixture(scope="module")
def hostile_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("hostile-graph")
    (d / "graph.nq").write_text(HOSTILE_NQ.lstrip(), encoding="utf-8")
    return d


# ---- without a browser ------------------------------------------------------------------------


def test_page_references_nothing_remote(sample_html: Path) -> None:
    text = sample_html.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert not re.search(r"url\(\s*[\"']?\s*(?:https?:)?//", text, re.I)
    assert "@import" not in text
    for host in ("cdnjs.cloudflare.com", "cdn.jsdelivr.net", "unpkg.com", "fonts.googleapis.com"):
        assert host not in text  # pyvis's own template links these
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)
    assert csp and "default-src 'none'" in csp.group(1) and "unsafe-eval" not in csp.group(1)
    assert "'unsafe-inline'" not in csp.group(1).split("script-src", 1)[1].split(";", 1)[0]
    # the JSON data block, vis-network, the page's script (vis-network's code holds a "<script>" string)
    assert len(re.findall(r"(?m)^<script", text)) == 3 and text.count("</script>") == 3


def test_same_graph_same_bytes(sample_graph: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(sample_graph, copy)
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    _render_cli("--graph", str(sample_graph), "--out", str(a))
    _render_cli("--graph", str(copy), "--out", str(b))
    assert a.read_bytes() == b.read_bytes()
    _render_cli("--graph", str(sample_graph), "--out", str(b), "--max-nodes", "40", "--articles")
    c = tmp_path / "c.html"
    _render_cli("--graph", str(copy), "--out", str(c), "--max-nodes", "40", "--articles")
    assert b.read_bytes() == c.read_bytes()


def test_hostile_strings_never_reach_the_markup(hostile_graph: Path) -> None:
    vis_js, vis_css = _vis_assets()
    text = render(hostile_graph).html.replace(vis_js, "").replace(vis_css, "")  # vendored code aside
    for raw in ("<img", "<svg onload", "<iframe", "<b>", "window.__xss=3</script>", "<!-- x"):
        assert raw not in text
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in text


def test_class_and_focus_options(sample_graph: Path) -> None:
    total = _entity_count(sample_graph)
    full = render(sample_graph)
    assert full.shown == full.total == total and full.note == ""
    places = render(sample_graph, classes="Place")
    assert 0 < places.shown < total and places.note.startswith(f"showing {places.shown} of {total} nodes")
    focus = render(sample_graph, focus="株洲市", depth=1)
    assert 1 < focus.shown < total and "株洲市" in focus.note
    small = render(sample_graph, max_nodes=30)
    assert small.shown == 30 and "--max-nodes 30" in small.note
    with_articles = render(sample_graph, articles=True)
    assert with_articles.shown > total
    with pytest.raises(RenderError, match="unknown class"):
        render(sample_graph, classes="Place,Nonsense")
    with pytest.raises(RenderError, match="no node"):
        render(sample_graph, focus="不存在的地方")
    result = CliRunner().invoke(main, ["render", "--graph", str(sample_graph), "--out", "/dev/null",
                                       "--focus", "不存在的地方"])
    assert result.exit_code == 2 and "no node" in result.output
    result = CliRunner().invoke(main, ["render", "--graph", str(sample_graph / "missing"), "--out", "/dev/null"])
    assert result.exit_code == 2 and "no such folder" in result.output


def test_turtle_graph_renders_too(sample_graph: Path, tmp_path: Path) -> None:
    """A graph without article graphs (Turtle only): article membership comes from prov:wasDerivedFrom."""
    shutil.copy(sample_graph / "graph.ttl", tmp_path / "graph.ttl")
    ttl = render(tmp_path)
    nq = render(sample_graph)
    assert ttl.shown == nq.shown and ttl.edges == nq.edges


# ---- in a real browser -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium fonts-noto-cjk)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"],
        )
        yield b
        b.close()


class Page:
    """A page of the browser that records requests, console errors and dialogs."""

    def __init__(self, browser: object, html_file: Path):
        self.url = html_file.resolve().as_uri()
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(self.url)
        # a function, not an expression: the page's CSP forbids eval, which string predicates use
        self.page.wait_for_function("() => window.xkg && window.xkg.ready === true", timeout=60_000)

    def _dialog(self, dialog: object) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def eval(self, js: str, arg: object = None) -> object:
        return self.page.evaluate(js, arg)

    def node_id(self, label: str) -> int:
        return self.eval("l => xkg.data.nodes.find(n => n.label === l).id", label)

    def hover(self, node: int) -> None:
        self.page.mouse.move(1, 1)
        self.page.wait_for_timeout(400)  # let any focus animation end
        x, y = self.eval("""id => {
            xkg.network.moveTo({position: xkg.network.getPosition(id), animation: false});
            const r = document.getElementById('xkg-network').getBoundingClientRect();
            const p = xkg.network.canvasToDOM(xkg.network.getPosition(id));
            return [r.left + p.x, r.top + p.y]; }""", node)
        self.page.mouse.move(x - 3, y - 3)
        self.page.mouse.move(x, y)
        self.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)

    def assert_clean(self) -> None:
        assert self.requests == [self.url], self.requests
        assert self.errors == []
        assert self.dialogs == []
        assert self.eval("() => typeof window.__xss") == "undefined"

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def open_page(browser: object) -> Iterator[object]:
    pages: list[Page] = []

    def opener(html_file: Path) -> Page:
        pages.append(Page(browser, html_file))
        return pages[-1]

    yield opener
    for p in pages:
        p.close()


@pytest.mark.browser
def test_page_loads_offline_and_draws_every_node(sample_graph: Path, sample_html: Path, open_page) -> None:
    page = open_page(sample_html)
    expected = _entity_count(sample_graph)
    counts = page.eval("() => [xkg.nodes.length, xkg.network.body.nodeIndices.length, xkg.edges.length]")
    assert counts[0] == counts[1] == expected
    assert counts[2] > 0
    assert page.page.locator("#xkg-note").is_hidden()
    assert page.page.locator("#xkg-legend input.xkg-class").count() >= 6
    assert page.page.locator("#xkg-articles input.xkg-article").count() == 5
    page.assert_clean()


@pytest.mark.browser
def test_search_box_selects_and_focuses_a_chinese_label(sample_html: Path, open_page) -> None:
    page = open_page(sample_html)
    target = page.node_id("株洲市")
    page.page.fill("#xkg-search", "株洲市")
    page.page.press("#xkg-search", "Enter")
    page.page.wait_for_timeout(600)  # the focus animation
    assert page.eval("() => xkg.network.getSelectedNodes()") == [target]
    assert page.page.locator("#xkg-details h3").text_content() == "株洲市"
    assert re.fullmatch(r"1 / \d+", page.page.locator("#xkg-search-status").text_content())
    view, pos, scale = page.eval("""id => [xkg.network.getViewPosition(), xkg.network.getPosition(id),
                                           xkg.network.getScale()]""", target)
    assert abs(view["x"] - pos["x"]) < 5 and abs(view["y"] - pos["y"]) < 5 and scale > 1
    # the neighbourhood stays coloured, the rest is greyed
    grey = page.eval("() => xkg.nodes.get().filter(n => n.color.background === '#e4e4e4').length")
    assert 0 < grey < page.eval("() => xkg.nodes.length")
    page.hover(target)
    assert "株洲市" in page.page.locator("div.vis-tooltip").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "render.png"))
    page.assert_clean()


@pytest.mark.browser
def test_class_and_article_filters_hide_nodes(sample_html: Path, open_page) -> None:
    page = open_page(sample_html)
    outcomes = page.eval("() => xkg.data.nodes.filter(n => n.cls === 'Outcome').length")
    assert outcomes > 0
    page.page.locator("#xkg-legend input[value=Outcome]").uncheck()
    assert page.eval("() => xkg.nodes.get({filter: n => n.hidden}).length") == outcomes
    page.page.locator("#xkg-legend input[value=Outcome]").check()
    page.page.click("#xkg-art-none")
    no_article = page.eval("() => xkg.data.nodes.filter(n => !n.articles.length).length")
    assert page.eval("() => xkg.nodes.get({filter: n => !n.hidden}).length") == no_article
    page.page.locator("#xkg-articles input.xkg-article").first.check()
    shown = page.eval("() => xkg.nodes.get({filter: n => !n.hidden}).length")
    assert no_article < shown < page.eval("() => xkg.nodes.length")
    page.assert_clean()


@pytest.mark.browser
def test_hostile_labels_show_as_text_and_run_nothing(hostile_graph: Path, tmp_path: Path, open_page) -> None:
    out = tmp_path / "hostile.html"
    _render_cli("--graph", str(hostile_graph), "--out", str(out), "--articles")
    page = open_page(out)
    evil = page.node_id(HOSTILE_LABEL)
    page.hover(evil)
    tip = page.page.locator("div.vis-tooltip")
    assert HOSTILE_LABEL in tip.inner_text()
    assert HOSTILE_EVIDENCE in tip.inner_text()
    page.page.fill("#xkg-search", HOSTILE_LABEL)
    page.page.press("#xkg-search", "Enter")
    assert page.page.locator("#xkg-details h3").text_content() == HOSTILE_LABEL
    assert HOSTILE_EVIDENCE in page.page.locator("#xkg-details").inner_text()
    official = page.node_id("<svg onload=window.__xss=2>")
    page.eval("id => xkg.network.selectNodes([id])", official)
    page.hover(official)
    assert "<img src=x onerror=window.__xss=4>" in tip.inner_text()
    article_list = page.page.locator("#xkg-articles").inner_text()
    assert "</script><script>window.__xss=3</script>" in article_list
    # nothing from the data became an element
    assert page.eval("() => document.querySelectorAll('img, iframe, b, script').length") == 3
    assert page.eval("() => document.querySelectorAll('svg').length") == page.eval(
        "() => document.querySelectorAll('#xkg-legend svg').length")
    page.page.wait_for_timeout(300)
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "render-hostile.png"))
    page.assert_clean()


@pytest.mark.browser
def test_max_nodes_reduces_and_says_so(sample_graph: Path, tmp_path: Path, open_page) -> None:
    out = tmp_path / "small.html"
    _render_cli("--graph", str(sample_graph), "--out", str(out), "--max-nodes", "50")
    page = open_page(out)
    total = _entity_count(sample_graph)
    assert page.eval("() => xkg.network.body.nodeIndices.length") == 50
    note = page.page.locator("#xkg-note")
    assert note.is_visible()
    assert note.inner_text().startswith(f"showing 50 of {total} nodes: the 50 with the most connections")
    page.assert_clean()


@pytest.mark.browser
def test_focus_draws_the_neighbourhood(sample_graph: Path, tmp_path: Path, open_page) -> None:
    out = tmp_path / "focus.html"
    _render_cli("--graph", str(sample_graph), "--out", str(out), "--focus", "株洲市", "--depth", "1")
    page = open_page(out)
    centre = page.node_id("株洲市")
    ids = page.eval("() => xkg.nodes.getIds()")
    near = set(page.eval("id => xkg.network.getConnectedNodes(id)", centre))
    assert 1 < len(ids) < _entity_count(sample_graph)
    assert set(ids) == near | {centre}
    assert page.eval("() => xkg.network.getSelectedNodes()") == [centre]
    assert "within 1 step(s) of 株洲市" in page.page.locator("#xkg-note").inner_text()
    page.assert_clean()
