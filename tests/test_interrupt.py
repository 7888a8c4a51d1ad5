"""A build killed mid-way leaves the previous output intact and the cache consistent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS


def _corpus(d: Path, copies: int) -> None:
    """Many distinct articles from the samples (a line added to each copy changes its hash)."""
    d.mkdir(parents=True, exist_ok=True)
    for i in range(copies):
        for p in sorted(CORPUS.glob("*.txt")):
            (d / f"{i:03d}_{p.name}").write_text(p.read_text(encoding="utf-8") + f"\n第{i}版\n", encoding="utf-8")


def _build(src: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "graph.cli", "build", str(src), "--out", str(out),
                             "--format", "nq", "--format", "ttl", "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _outputs(out: Path, temporaries: bool = True) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())
            if p.is_file() and (temporaries or not p.name.endswith(".tmp"))}


def _cache_is_consistent(out: Path) -> int:
    n = 0
    for p in (out / ".xkg-cache").rglob("*"):
        if p.is_file() and not p.name.endswith(".tmp"):  # a killed writer's temporary is never an entry
            assert p.name.endswith(".nq.cache"), p
            lines = p.read_text(encoding="utf-8").splitlines()
            assert lines[0].startswith("# xkg ") and json.loads(lines[0][6:])["counts"]
            assert all(line.endswith(" .") for line in lines[1:])
            n += 1
    return n


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_killed_build_keeps_previous_output(tmp_path, sig):
    src, out = tmp_path / "src", tmp_path / "out"
    _corpus(src, 2)
    assert _build(src, out).wait(timeout=120) == 0
    before = _outputs(out)
    _corpus(src, 40)  # many more articles: the next build takes several seconds
    proc = _build(src, out)
    deadline = time.time() + 60
    while time.time() < deadline and _cache_is_consistent(out) < 20:
        time.sleep(0.2)
    os.kill(proc.pid, sig)
    rc = proc.wait(timeout=60)
    assert rc != 0
    if sig != signal.SIGKILL:
        assert rc == 130, proc.stderr.read().decode()
        assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    # the previous graph is intact (SIGKILL leaves the new graph.nq's temporary, which the next
    # build removes: it is written while the articles are extracted)
    assert _outputs(out, temporaries=sig != signal.SIGKILL) == before
    cached = _cache_is_consistent(out)
    assert cached >= 20
    # the next build finishes, reuses the cache, and equals a clean build
    again = _build(src, out)
    stdout, stderr = again.communicate(timeout=300)
    assert again.returncode == 0, stderr.decode()
    assert "from cache" in stdout.decode()
    clean = tmp_path / "clean"
    assert _build(src, clean).wait(timeout=300) == 0
    assert _outputs(out) == _outputs(clean)
