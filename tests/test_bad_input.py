"""Bad input costs nothing: every bad file is named once with its reason, every good one is read.

The corpus is made here, in a temporary folder, and built with the real command line
(``python -m graph.cli build``) in a child process: empty and blank files, binaries under a
``.txt`` name, a file with no Chinese, a broken link, an unreadable file, a named pipe, a file
over the size limit, duplicates, next to good articles in five encodings and as HTML.

Unreadable as root: root reads a ``chmod 000`` file anyway, so when the tests run as root the
build runs under ``setpriv`` with CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH dropped from the
bounding set (root without them is refused like anyone else); without ``setpriv`` that one
case is skipped.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import CORPUS, ROOT

from graph.read import MAX_BYTES

XK = "https://w3id.org/xkg/ontology#"
DCT = "http://purl.org/dc/terms/"


# -- running the command line ---------------------------------------------------------------

@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float

    @property
    def skipped_lines(self) -> list[str]:
        return [ln for ln in self.stderr.splitlines() if ln.startswith("skipped ")]


def _without_dac_override() -> list[str] | None:
    """A prefix that runs a command as root without the capabilities that ignore file modes."""
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    drop = "-dac_override,-dac_read_search"
    prefix = [setpriv, "--bounding-set", drop, "--inh-caps", drop, "--"]
    probe = subprocess.run([*prefix, sys.executable, "-c", "pass"], capture_output=True)
    return prefix if probe.returncode == 0 else None


def can_lock_files() -> bool:
    return os.geteuid() != 0 or _without_dac_override() is not None


def xkg_build(*args: str | Path, cwd: Path) -> Run:
    """``xkg build ARGS`` in a child process; its exit code, output, time and peak memory."""
    cmd = [sys.executable, "-m", "graph.cli", "build", *map(str, args), "--no-progress"]
    if os.geteuid() == 0:
        cmd = [*(_without_dac_override() or []), *cmd]
    with open(cwd / "stdout.txt", "w+b") as out, open(cwd / "stderr.txt", "w+b") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(proc.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                   seconds, usage.ru_maxrss / 1024)


def article_graphs(nq: Path) -> dict[str, dict]:
    """Per article file name: its encoding and the surfaces of its mentions (from graph.nq)."""
    graphs: dict[str, dict] = {}
    for q in ox.parse(nq.read_bytes(), format=ox.RdfFormat.N_QUADS):
        if not isinstance(q.graph_name, ox.NamedNode):
            continue
        g = graphs.setdefault(q.graph_name.value, {"surfaces": set(), "evidence": set()})
        p = q.predicate.value
        if p == DCT + "identifier":
            g["name"] = q.object.value
        elif p == XK + "encoding":
            g["encoding"] = q.object.value
        elif p == XK + "surface":
            g["surfaces"].add(q.object.value)
        elif p == XK + "evidence":
            g["evidence"].add(q.object.value)
    return {g["name"]: g for g in graphs.values()}


# -- the corpus ---------------------------------------------------------------------------------

GOOD = {  # file -> (text, encoding to write it in, the encoding xkg must report, a mention as written)
    "utf8.txt": ("株洲日报记者 王军\n株洲市芦淞区委书记杨晓江表示,全区15.8万贫困人口实现脱贫。\n",
                 "utf-8", "utf-8", "芦淞区"),
    "gb18030.txt": ("河南日报\n鹤壁市淇滨区2.35万户8.17万人实现增收。\n", "gb18030", "gb18030", "淇滨区"),
    "big5.txt": ("鄭州市金水區1.2萬名群眾受益,貧困人口全部脫貧。\n", "big5", "big5", "金水區"),
    "utf16-bom.txt": ("湘潭市雨湖区全市3万人实现脱贫。\n", "utf-16", "utf-16", "雨湖区"),
    "utf16le-nobom.txt": ("Source: web\nTitle: news\n长沙市岳麓区新增就业1万人。\n", "utf-16-le", "utf-16-le",
                          "岳麓区"),
    "utf8-bom.md": ("# 衡阳日报\n\n衡阳市南岳区旅游收入增长12%。\n", "utf-8-sig", "utf-8-sig", "南岳区"),
    "dup_a.txt": ("娄底市新化县5000名群众喝上放心水。\n", "utf-8", "utf-8", "新化县"),
}
#: cut inside its last character: still UTF-8, the cut character dropped
TRUNCATED = "岳阳市君山区1.1万亩茶园丰收。".encode()[:-2]
HTML = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>常德新闻</title>"
        "<script>var where = '邵阳市大祥区';</script><style>p{color:red}</style></head>"
        "<body><p>常德市武陵区&lt;幸福&gt;家园</p><p>全区1.5万人受益。</p></body></html>")
HTML_GB = ("<html><head><meta charset=\"gb2312\"></head><body><div>益阳市赫山区</div>"
           "<div>8000户农户增收。</div></body></html>")


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


def _pdf() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("article.txt", "株洲市芦淞区委书记杨晓江表示。")  # an article inside is still an archive
    return buf.getvalue()


@dataclass
class Corpus:
    src: Path
    extra: list[Path]  # files given explicitly, outside the folder
    bad: dict[Path, str]  # path -> the reason its line must give
    ignored: list[Path]  # in the folder but not article files: no line, not counted


def make_corpus(root: Path, lock: bool) -> Corpus:
    src = root / "articles"
    (src / "sub").mkdir(parents=True)
    for name, (text, enc, _, _) in GOOD.items():
        (src / name).write_bytes(text.encode(enc))
    (src / "sub" / "truncated.txt").write_bytes(TRUNCATED)
    (src / "sub" / "page.html").write_text(HTML, encoding="utf-8")
    (src / "sub" / "page-gb.htm").write_bytes(HTML_GB.encode("gb18030"))
    dup_text = GOOD["dup_a.txt"][0]
    (src / "dup_b.txt").write_text(dup_text, encoding="utf-8")
    (src / "dup_c.txt").write_bytes(dup_text.encode("gb18030"))  # the same text in another encoding

    bad: dict[Path, str] = {}

    def put(name: str, data: bytes, reason: str) -> None:
        (src / name).write_bytes(data)
        bad[src / name] = reason

    put("empty.txt", b"", "empty file")
    put("blank.txt", b"  \n\t\r\n   \n", "empty file")
    put("image.txt", _png(), "binary file (a PNG image), not an article")
    put("paper.txt", _pdf(), "binary file (a PDF document), not an article")
    put("bundle.txt", _zip(), "binary file (a zip archive), not an article")
    put("english.txt", b"Local news, no Chinese in this one.\n" * 20, "no Chinese text in the file")
    put("noise.txt", bytes(range(256)) * 8, "binary file (contains NUL bytes), not an article")
    put("compressed.txt", gzip.compress("株洲市芦淞区".encode()), "binary file (a gzip archive), not an article")
    bad[src / "dup_b.txt"] = f"duplicate of {src / 'dup_a.txt'} (same text)"
    bad[src / "dup_c.txt"] = f"duplicate of {src / 'dup_a.txt'} (same text)"
    os.symlink(src / "gone.txt", src / "dangling.txt")
    bad[src / "dangling.txt"] = "broken symbolic link"
    os.mkfifo(src / "pipe.txt")
    bad[src / "pipe.txt"] = "not a regular file (a named pipe)"
    with open(src / "huge.txt", "wb") as fh:  # sparse: over the limit without using the disk
        fh.truncate(MAX_BYTES + 2**20)
    bad[src / "huge.txt"] = f"too large ({(MAX_BYTES + 2**20) // 2**20} MB > {MAX_BYTES // 2**20} MB)"
    if lock:
        (src / "locked.txt").write_text("醴陵市委书记表示。", encoding="utf-8")
        (src / "locked.txt").chmod(0)
        bad[src / "locked.txt"] = "permission denied"

    ignored = [src / "photo.png", src / ".hidden.txt", src / "sub" / ".draft.txt"]
    ignored[0].write_bytes(_png())
    for p in ignored[1:]:
        p.write_text("株洲市天元区", encoding="utf-8")

    outside = root / "given"
    outside.mkdir()
    scan = outside / "scan.pdf"
    scan.write_bytes(_pdf())
    bad[scan] = "binary file (a PDF document), not an article"
    extra = [scan]
    if Path("/dev/zero").is_char_device():  # read to the end, it never ends
        extra.append(Path("/dev/zero"))
        bad[Path("/dev/zero")] = "not a regular file (a device)"
    return Corpus(src=src, extra=extra, bad=bad, ignored=ignored)


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Corpus, Path, Run]:
    root = tmp_path_factory.mktemp("bad-input")
    corpus = make_corpus(root, lock=can_lock_files())
    out = root / "out"
    run = xkg_build(corpus.src, *corpus.extra, "--out", out, "--format", "nq", cwd=root)
    return corpus, out, run


# -- the tests ------------------------------------------------------------------------------------

def test_mixed_corpus_exits_3(bad_build):
    _, _, run = bad_build
    assert run.code == 3, run.stderr


def test_each_bad_file_gets_one_line_with_its_reason(bad_build):
    corpus, _, run = bad_build
    lines = run.skipped_lines
    for path, reason in corpus.bad.items():
        mine = [ln for ln in lines if ln.startswith(f"skipped {path}: ")]
        assert mine == [f"skipped {path}: {reason}"], (path, lines)
    assert len(lines) == len(corpus.bad), lines
    assert run.seconds < 60


def test_nothing_but_skip_lines_and_one_ignored_line_on_stderr(bad_build):
    corpus, _, run = bad_build
    others = [ln for ln in run.stderr.splitlines() if ln.strip() and not ln.startswith("skipped ")]
    visible = [p for p in corpus.ignored if not p.name.startswith(".")]  # hidden files pass unmentioned
    assert len(others) == 1 and others[0].startswith(f"ignored {len(visible)} file(s)"), others


def test_every_good_file_is_read_in_its_encoding(bad_build):
    corpus, out, run = bad_build
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    good = len(GOOD) + 3  # + truncated.txt, page.html, page-gb.htm
    assert manifest["articles"] == good
    assert f"articles read: {good}" in run.stdout
    assert sorted(s["path"] for s in manifest["skipped"]) == sorted(map(str, corpus.bad))
    assert {s["path"]: s["reason"] for s in manifest["skipped"]} == {str(p): r for p, r in corpus.bad.items()}
    graphs = article_graphs(out / "graph.nq")
    for name, (_, _, encoding, mention) in GOOD.items():
        assert graphs[name]["encoding"] == encoding, name
        assert mention in graphs[name]["surfaces"], (name, graphs[name]["surfaces"])
    assert "dup_b.txt" not in graphs and "dup_c.txt" not in graphs  # the duplicates add nothing
    assert "君山区" in graphs["truncated.txt"]["surfaces"]


def test_html_gives_its_text_not_its_markup(bad_build):
    _, out, _ = bad_build
    graphs = article_graphs(out / "graph.nq")
    assert "武陵区" in graphs["page.html"]["surfaces"]
    assert any("常德市武陵区<幸福>家园" in e or "全区1.5万人受益" in e for e in graphs["page.html"]["evidence"])
    nq = (out / "graph.nq").read_text(encoding="utf-8")
    assert "邵阳" not in nq and "color:red" not in nq and "<p>" not in nq  # script, style and tags are not text
    assert graphs["page-gb.htm"]["encoding"] == "gb18030" and "赫山区" in graphs["page-gb.htm"]["surfaces"]


def test_files_that_are_not_articles_are_left_alone(bad_build):
    corpus, out, run = bad_build
    graphs = article_graphs(out / "graph.nq")
    for p in corpus.ignored:
        assert f"skipped {p}" not in run.stderr and p.name not in graphs


@pytest.mark.skipif(not can_lock_files(), reason="running as root without setpriv: chmod 000 does not stop root")
def test_an_unreadable_file_is_refused(bad_build):
    corpus, _, run = bad_build
    locked = corpus.src / "locked.txt"
    assert f"skipped {locked}: permission denied" in run.skipped_lines


def test_all_good_exits_0_with_no_skip_line(tmp_path):
    src = tmp_path / "good"
    src.mkdir()
    for name, (text, enc, _, _) in GOOD.items():
        (src / name).write_bytes(text.encode(enc))
    run = xkg_build(src, "--out", tmp_path / "out", cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert run.skipped_lines == []
    assert json.loads((tmp_path / "out" / "manifest.json").read_text())["articles"] == len(GOOD)


def test_a_missing_source_is_a_usage_error(tmp_path):
    run = xkg_build(CORPUS, tmp_path / "nowhere", "--out", tmp_path / "out", cwd=tmp_path)
    assert run.code == 2
    assert run.stderr.strip() == f"error: {tmp_path / 'nowhere'}: no such file or folder"
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_only_bad_files_is_a_failure_that_keeps_the_previous_output(tmp_path):
    src = tmp_path / "bad"
    src.mkdir()
    (src / "good.txt").write_text(GOOD["utf8.txt"][0], encoding="utf-8")
    out = tmp_path / "out"
    assert xkg_build(src, "--out", out, cwd=tmp_path).code == 0
    before = (out / "graph.ttl").read_bytes()
    (src / "good.txt").unlink()
    (src / "empty.txt").write_bytes(b"")
    (src / "english.txt").write_text("nothing to see", encoding="utf-8")
    run = xkg_build(src, "--out", out, cwd=tmp_path)
    assert run.code == 1 and len(run.skipped_lines) == 2
    assert "not one article could be read" in run.stderr
    assert (out / "graph.ttl").read_bytes() == before


def test_a_folder_without_articles_is_a_usage_error(tmp_path):
    src = tmp_path / "empty"
    src.mkdir()
    (src / "photo.png").write_bytes(b"\x89PNG\r\n")
    run = xkg_build(src, "--out", tmp_path / "out", cwd=tmp_path)
    assert run.code == 2 and "no article files" in run.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()


# -- big articles -----------------------------------------------------------------------------

def _paragraph() -> str:
    """A real paragraph of the sample corpus (it has 。, places and figures)."""
    text = (CORPUS / "000_b9f28eaf66ef77d1.txt").read_text(encoding="utf-8")
    return max((p for p in text.split("\n") if "。" in p), key=len)


def test_a_single_5_mb_line_is_processed(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    para = _paragraph()
    line = para * (5 * 2**20 // len(para.encode("utf-8")) + 1)
    (src / "one-line.txt").write_text("株洲日报 " + line, encoding="utf-8")  # no line break at all
    assert (src / "one-line.txt").stat().st_size > 5 * 2**20
    run = xkg_build(src, "--out", tmp_path / "out", cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert "articles read: 1" in run.stdout
    assert run.seconds < 60 and run.max_rss_mb < 1500, (run.seconds, run.max_rss_mb)


def test_a_line_without_sentence_ends_costs_time_and_space_in_proportion(tmp_path):
    """1 MB of figures and commas, no 。: one "sentence" of 26,000 outcomes. Each outcome's
    evidence was the whole line (a 200 KB line gave a 1 GB graph.ttl in 90 s) and the resolver
    rescanned the line for each; now evidence is the clauses around a fact."""
    src = tmp_path / "src"
    src.mkdir()
    unit = "全市15.8万贫困人口实现脱贫,"
    (src / "no-stops.txt").write_text("株洲日报 " + unit * (2**20 // len(unit.encode("utf-8"))), encoding="utf-8")
    run = xkg_build(src, "--out", tmp_path / "out", cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert run.seconds < 60 and run.max_rss_mb < 1000, (run.seconds, run.max_rss_mb)
    assert (tmp_path / "out" / "graph.ttl").stat().st_size < 30 * 2**20


def test_a_50_mb_article_is_refused_and_the_rest_processed(tmp_path):
    """No newspaper article is 50 MB: past MAX_BYTES (8 MB) a file is refused from its size, before
    it is read, with the reason; measured earlier: processing one took 198 s and a 9.7 GB peak."""
    src = tmp_path / "src"
    src.mkdir()
    para = _paragraph() + "\n"
    (src / "big.txt").write_text("株洲日报\n" + para * (50 * 2**20 // len(para.encode("utf-8"))), encoding="utf-8")
    (src / "good.txt").write_text("株洲日报\n" + para, encoding="utf-8")
    run = xkg_build(src, "--out", tmp_path / "out", cwd=tmp_path)
    assert run.code == 3, run.stderr
    assert "articles read: 1" in run.stdout
    assert any("big.txt: too large (50 MB > 8 MB)" in ln for ln in run.skipped_lines), run.skipped_lines
    assert run.seconds < 60 and run.max_rss_mb < 1500, (run.seconds, run.max_rss_mb)


def test_same_text_in_any_encoding_is_one_article(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    text = GOOD["utf8.txt"][0]
    for enc in ("utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-be"):
        (src / f"a-{enc}.txt").write_bytes(text.encode(enc) if enc != "utf-16-be"
                                            else codecs.BOM_UTF16_BE + text.encode(enc))
    run = xkg_build(src, "--out", tmp_path / "out", cwd=tmp_path)
    assert run.code == 3
    assert len(run.skipped_lines) == 4 and all(re.search(r"duplicate of .*a-gb18030\.txt", ln)
                                               for ln in run.skipped_lines), run.skipped_lines
