"""The xkg benchmark: extraction throughput against jieba, and build, load, query, path and render
figures on generated corpora of growing size. See bench/README.md.

    python bench/run.py --sizes 1000,10000,100000 --jobs 2     # the full benchmark
    python bench/run.py --quick                                 # sizes 200,1000, a few minutes

Corpora are generated once per size and seed into bench/out/corpus/ and reused; each build goes
to a fresh bench/out/build/ folder (no cache from an earlier run). Prints an aligned table, then
the same figures as one JSON line (also saved to bench/out/results.json, and a copy per run in
bench/out/history/).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime
import inspect
import io
import itertools
import json
import os
import platform
import pstats
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
if str(ROOT) not in sys.path:
    sys.path.insert(1, str(ROOT))

import generate  # noqa: E402

OUT = BENCH / "out"
FIGURES = ("store_load", "catalogue", "query_cli", "path", "render")
TARGETS = {
    "extraction_vs_jieba": ">= 1.0 (xkg articles/s over jieba articles/s)",
    "build_100k": "< 900 s on 2 cores, peak < 4 GB",
    "catalogue_query_100k": "< 1 s each",
    "path_query_100k": "< 0.5 s",
}


# -- small helpers ----------------------------------------------------------------------------------


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def na(reason: str) -> dict[str, str]:
    return {"n/a": reason}


def attempt(what: str, fn: Callable[[], Any]) -> Any:
    """Run one figure; a failure becomes an ``n/a`` entry, never the end of the benchmark."""
    try:
        return fn()
    except Exception as e:  # the code under test changes under us: report, carry on
        log(f"{what}: n/a ({type(e).__name__}: {e})")
        return na(f"{type(e).__name__}: {e}"[:300])


def xkg_command() -> list[str]:
    exe = Path(sys.executable).with_name("xkg")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "graph.cli"]


def fmt_s(x: Any) -> str:
    if not isinstance(x, (int, float)):
        return "n/a"
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def fmt_n(x: Any, unit: str = "") -> str:
    if not isinstance(x, (int, float)):
        return "n/a"
    for div, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= div:
            return f"{x / div:.2f} {suffix}{unit}"
    return f"{x:.0f} {unit}".rstrip()


def fmt_mb(x: Any) -> str:
    return f"{x / 2**20:,.0f} MB" if isinstance(x, (int, float)) else "n/a"


def fmt_peak(fig: dict[str, Any]) -> str:
    """A figure's peak RSS, and how much of it came with the fork."""
    peak, start = fig.get("peak_rss_bytes"), fig.get("start_rss_bytes")
    if isinstance(peak, int) and isinstance(start, int):
        return f"peak RSS {fmt_mb(peak)} (+{fmt_mb(peak - start)} over the fork)"
    return f"peak RSS {fmt_mb(peak)}"


def _total_memory_gb() -> float:
    with contextlib.suppress(Exception):
        import psutil

        return psutil.virtual_memory().total / 2**30
    with contextlib.suppress(Exception):
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return 8.0


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {"python": platform.python_version(), "platform": platform.platform(),
                            "cpus": os.cpu_count(), "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}
    with contextlib.suppress(Exception):
        import psutil

        info["memory_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
        info["cpus_physical"] = psutil.cpu_count(logical=False)
    with contextlib.suppress(Exception):
        cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
        info["cpu"] = next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
    with contextlib.suppress(Exception):
        info["commit"] = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                        text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "graph"], capture_output=True,
                               text=True).stdout.strip()
        info["graph_modified"] = bool(dirty)
    with contextlib.suppress(Exception):
        from graph.pipeline import fingerprint

        info["xkg_fingerprint"] = fingerprint()
    return info


# -- corpora ---------------------------------------------------------------------------------------


def corpus(size: int, seed: int) -> tuple[Path, dict[str, Any]]:
    """The corpus of ``size`` articles of ``seed``: generated once, reused while the generator (its
    version, its source and its templates) is unchanged."""
    folder = OUT / "corpus" / f"n{size}-s{seed}"
    marker = folder.with_suffix(".json")  # beside the folder: nothing in it but articles
    want = {"n": size, "seed": seed, "generator": generate.GENERATOR_VERSION,
            "source_sha1": _sha1(Path(generate.__file__).read_bytes() + generate.TEMPLATES.read_bytes())}
    if marker.exists() and folder.is_dir():
        have = json.loads(marker.read_text(encoding="utf-8"))
        if {k: have.get(k) for k in want} == want:
            return folder, dict(have, reused=True)
    if folder.exists():
        shutil.rmtree(folder)
    log(f"generating {size} articles (seed {seed}) into {folder.relative_to(ROOT)} ...")
    generate.world()
    t0 = time.perf_counter()
    n, chars = generate.write_corpus(folder, size, seed)
    dt = time.perf_counter() - t0
    info = dict(want, chars=chars, seconds=round(dt, 2), articles_per_s=round(n / dt),
                bytes=sum(p.stat().st_size for p in folder.iterdir()))
    marker.write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    return folder, dict(info, reused=False)


def _sha1(data: bytes) -> str:
    import hashlib

    return hashlib.sha1(data).hexdigest()[:12]


def generation_speed(seed: int, n: int = 2000) -> dict[str, Any]:
    generate.world()
    list(generate.generate(3, seed))
    t0 = time.perf_counter()
    chars = sum(len(text) for _, text in generate.generate(n, seed))
    dt = time.perf_counter() - t0
    return {"articles": n, "chars": chars, "seconds": round(dt, 3), "articles_per_s": round(n / dt),
            "chars_per_s": round(chars / dt)}


# -- extraction throughput --------------------------------------------------------------------------


def _density(docs: list) -> dict[str, float]:
    tot = {"places": 0, "place_mentions": 0, "officials": 0, "initiatives": 0, "outcomes": 0}
    chars = 0
    for d in docs:
        chars += len(d.text)
        tot["places"] += len({m.key for m in d.place_mentions})
        tot["place_mentions"] += len(d.place_mentions)
        tot["officials"] += len(d.officials)
        tot["initiatives"] += len(d.initiatives)
        tot["outcomes"] += len(d.outcomes)
    return {k: round(v * 1000 / chars, 2) for k, v in tot.items()} | {"articles": len(docs), "chars": chars}


def profile_extraction(seed: int, n: int, top: int) -> list[dict[str, Any]]:
    """The ``top`` functions by cumulative time of a cProfile of ``n`` articles through xkg."""
    from graph.pipeline import make_document, process
    from graph.rdf import document_triples

    texts = list(generate.generate(n, seed + 1000))
    for name, text in generate.generate(3, seed + 2000):
        document_triples(process(make_document(text, name=name)))
    profiler = cProfile.Profile()
    profiler.enable()
    for name, text in texts:
        document_triples(process(make_document(text, name=name)))
    profiler.disable()
    s = io.StringIO()
    pstats.Stats(profiler, stream=s).sort_stats("cumulative").print_stats(top + 10)
    rows = [r for r in _profile_rows(s.getvalue()) if "profile_extraction" not in r["function"]
            and "{built-in method builtins.exec}" not in r["function"]]
    return rows[:top]


def extraction(seed: int, n: int) -> dict[str, Any]:
    """xkg (normalise + extract + resolve + triples) and jieba.lcut over the same ``n`` articles, one core."""
    from graph.pipeline import make_document, process
    from graph.rdf import document_triples
    from graph.read import read_article

    texts = list(generate.generate(n, seed + 1000))  # not the build corpora: no page-cache or warm-up effects
    chars = sum(len(t) for _, t in texts)
    # warm-up, not timed: gazetteer matcher, lexicons, OpenCC (as jieba.initialize() below)
    for name, text in generate.generate(3, seed + 2000):
        document_triples(process(make_document(text, name=name)))
    takes_timings = "timings" in inspect.signature(process).parameters
    stages: dict[str, float] = {}
    docs = []
    t_norm = t_rdf = 0.0
    t0 = time.perf_counter()
    for name, text in texts:
        a = time.perf_counter()
        doc = make_document(text, name=name)
        b = time.perf_counter()
        process(doc, stages) if takes_timings else process(doc)
        c = time.perf_counter()
        document_triples(doc)
        t_rdf += time.perf_counter() - c
        t_norm += b - a
        docs.append(doc)
    xkg_s = time.perf_counter() - t0
    out: dict[str, Any] = {
        "articles": n, "chars": chars,
        "xkg_seconds": round(xkg_s, 3), "xkg_articles_per_s": round(n / xkg_s, 1),
        "xkg_chars_per_s": round(chars / xkg_s),
        "xkg_stages_s": {"normalise": round(t_norm, 3), **{k: round(v, 3) for k, v in stages.items()},
                         "rdf": round(t_rdf, 3)},
        "density_generated": _density(docs),
    }
    samples = sorted((ROOT / "data" / "corpus").glob("*.txt"))
    out["density_samples"] = _density([process(make_document(read_article(str(p)))) for p in samples])
    del docs

    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()  # loads the dictionary: not timed
    jieba.lcut(texts[0][1])
    t0 = time.perf_counter()
    for _, text in texts:
        jieba.lcut(text)
    jieba_s = time.perf_counter() - t0
    out |= {"jieba_seconds": round(jieba_s, 3), "jieba_articles_per_s": round(n / jieba_s, 1),
            "jieba_chars_per_s": round(chars / jieba_s), "ratio_xkg_over_jieba": round(jieba_s / xkg_s, 3)}
    return out


def _profile_rows(text: str) -> list[dict[str, Any]]:
    rows = []
    for line in text.splitlines():
        m = re.match(r"\s*(\d+(?:/\d+)?)\s+([\d.]+)\s+[\d.]+\s+([\d.]+)\s+[\d.]+\s+(.*)", line)
        if m:
            where = re.sub(r"^.*?/(graph|bench)/", r"\1/", m.group(4))
            where = re.sub(r"^.*?/site-packages/", "", where)
            rows.append({"calls": m.group(1), "tottime": float(m.group(2)), "cumtime": float(m.group(3)),
                         "function": where})
    return rows


# -- the build ---------------------------------------------------------------------------------------


def _time_v_works() -> bool:
    try:
        return subprocess.run(["/usr/bin/time", "-v", "true"], capture_output=True).returncode == 0
    except OSError:
        return False


class TreeMonitor(threading.Thread):
    """Peak memory of a process and all its descendants: summed RSS (every 0.1 s) and summed PSS
    (every 0.5 s, shared pages counted once), polled with psutil. Over ``limit`` bytes of RSS the
    whole tree is killed (``exceeded``), so a run that does not fit never takes the machine down."""

    def __init__(self, pid: int, limit: int = 0):
        super().__init__(daemon=True)
        import psutil

        self.psutil = psutil
        self.root = psutil.Process(pid)
        self.limit = limit
        self.exceeded = False
        self.peak_rss = self.peak_pss = 0
        self.first_rss: int | None = None  # the first sample: for a forked child, what it inherited
        self.peak_at = 0.0
        self.timeline: list[tuple[float, int]] = []  # (seconds since start, RSS), every 0.5 s
        self.max_procs = 0
        self.started = time.perf_counter()
        self.stop = threading.Event()

    def run(self) -> None:
        ps = self.psutil
        tick = 0
        while not self.stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except ps.Error:
                break
            rss = pss = 0
            for p in procs:
                try:
                    rss += p.memory_info().rss
                    if tick % 5 == 0:
                        pss += p.memory_full_info().pss
                except (ps.Error, AttributeError):
                    pass
            now = time.perf_counter() - self.started
            if self.first_rss is None:
                self.first_rss = rss
            if rss > self.peak_rss:
                self.peak_rss, self.peak_at = rss, now
            if tick % 5 == 0:
                self.peak_pss = max(self.peak_pss, pss)
                self.timeline.append((round(now, 1), rss))
            self.max_procs = max(self.max_procs, len(procs))
            if self.limit and rss > self.limit:
                self.exceeded = True
                for p in reversed(procs):
                    with contextlib.suppress(ps.Error):
                        p.kill()
                break
            tick += 1
            self.stop.wait(0.1)

    def phase_peaks(self, phases: list[tuple[str, float]]) -> dict[str, int]:
        """Peak RSS within consecutive phases given as (name, duration in seconds)."""
        out, start = {}, 0.0
        for name, dur in phases:
            inside = [rss for t, rss in self.timeline if start <= t < start + dur]
            if inside:
                out[name] = max(inside)
            start += dur
        return out


def measured_run(cmd: list[str], log_dir: Path, env: dict[str, str] | None = None,
                 mem_limit: int = 0) -> tuple[dict[str, Any], TreeMonitor | None]:
    """Run ``cmd``; wall time, exit code, peak memory of its process tree, /usr/bin/time's max RSS."""
    log_dir.mkdir(parents=True, exist_ok=True)
    use_time = _time_v_works()
    full = ["/usr/bin/time", "-v", *cmd] if use_time else cmd
    with open(log_dir / "stdout.txt", "w") as so, open(log_dir / "stderr.txt", "w") as se:
        t0 = time.perf_counter()
        proc = subprocess.Popen(full, stdout=so, stderr=se, env=env)
        mon = None
        try:
            mon = TreeMonitor(proc.pid, mem_limit)
            mon.start()
        except ImportError:
            log("psutil is not installed: no process-tree memory figures (pip install psutil)")
        rc = proc.wait()
        wall = time.perf_counter() - t0
        if mon is not None:
            mon.stop.set()
            mon.join()
    err = (log_dir / "stderr.txt").read_text(errors="replace")
    out: dict[str, Any] = {"command": " ".join(cmd), "exit_code": rc, "seconds": round(wall, 2)}
    if mon is not None:
        out |= {"peak_rss_tree_bytes": mon.peak_rss, "peak_pss_tree_bytes": mon.peak_pss,
                "peak_at_seconds": round(mon.peak_at, 1), "processes": mon.max_procs}
        if mon.exceeded:
            out["killed"] = f"process tree over the memory limit ({mem_limit / 2**30:.1f} GB)"
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    if m:
        out["max_rss_single_process_bytes"] = int(m.group(1)) * 1024
    return out, mon


#: the order of the build's top-level stages in its --timings file (for memory per stage; absent ones skipped)
BUILD_PHASES = ("extract.wall", "assemble", "serialise", "store")


def build(corpus_dir: Path, size: int, jobs: int, rebuild: bool, mem_limit: int,
          reuse: bool = False) -> tuple[Path, dict[str, Any]]:
    out_dir = OUT / "build" / f"n{size}-j{jobs}"
    log_dir = OUT / "logs" / f"n{size}-j{jobs}"
    saved = log_dir / "build.json"  # this build's figures, for --reuse-build
    if reuse and saved.exists() and (out_dir / "graph.nq").exists():
        res = json.loads(saved.read_text(encoding="utf-8"))
        res["reused"] = f"the build of {res.get('date', '?')} (--reuse-build)"
        log(f"reusing the build of {size} articles made {res.get('date', '?')}")
        return out_dir, res
    if out_dir.exists():
        shutil.rmtree(out_dir)  # a fresh build: no article cache from an earlier run
    help_text = subprocess.run([*xkg_command(), "build", "--help"], capture_output=True, text=True).stdout
    cmd = [*xkg_command(), "build", str(corpus_dir), "--out", str(out_dir), "--format", "nq", "--jobs", str(jobs)]
    if "--no-progress" in help_text:
        cmd.append("--no-progress")
    timings_file = log_dir / "timings.json"
    if "--timings" in help_text:
        with contextlib.suppress(FileNotFoundError):
            timings_file.unlink()
        cmd += ["--timings", str(timings_file)]
    log(f"building {size} articles with --jobs {jobs} ...")
    res, mon = measured_run(cmd, log_dir, mem_limit=mem_limit)
    stages = None
    if timings_file.exists():
        stages = json.loads(timings_file.read_text(encoding="utf-8"))
    manifest_path = out_dir / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        stages = stages or manifest.get("stages") or manifest.get("timings")
        res |= {"articles": manifest.get("articles"), "skipped": len(manifest.get("skipped", [])),
                "quads": manifest.get("quads")}
    res["stages"] = _flatten(stages) if isinstance(stages, dict) else "n/a"
    if mon is not None and isinstance(res["stages"], dict) and "extract.wall" in res["stages"]:
        # start-up (imports, listing the sources) comes before the first stage
        lead = max(0.0, res["seconds"] - res["stages"].get("total", res["seconds"]))
        phases = [("start-up", lead)] + [(k, res["stages"][k]) for k in BUILD_PHASES if k in res["stages"]]
        res["peak_rss_by_stage_bytes"] = mon.phase_peaks(phases)
    nq = out_dir / "graph.nq"
    if nq.exists():
        res["graph_nq_bytes"] = nq.stat().st_size
    if rebuild and res["exit_code"] in (0, 3):
        log(f"rebuilding {size} articles (every article cached) ...")
        again, _ = measured_run(cmd, OUT / "logs" / f"n{size}-j{jobs}-rebuild", mem_limit=mem_limit)
        res["rebuild_cached_seconds"] = again["seconds"]
    # the later figures do not need the article cache: at 100k it is 18 GB of disk
    shutil.rmtree(out_dir / ".xkg-cache", ignore_errors=True)
    res["date"] = datetime.datetime.now().isoformat(timespec="seconds")
    saved.write_text(json.dumps(res, sort_keys=True, default=str) + "\n", encoding="utf-8")
    return out_dir, res


def _flatten(d: dict, prefix: str = "") -> dict[str, float]:
    out: dict[str, float] = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out |= _flatten(v, f"{prefix}{k}.")
        elif isinstance(v, (int, float)):
            out[f"{prefix}{k}"] = v
    return out


# -- after the build: load, query, path, render ------------------------------------------------------


def isolated(what: str, fn: Callable[[], dict[str, Any]], mem_limit: int, timeout: float) -> dict[str, Any]:
    """Run one figure in a forked child, watched: killed over ``mem_limit`` bytes of RSS (its whole
    process tree) or after ``timeout`` seconds, so a figure that does not fit is reported, not fatal.
    The result gains ``peak_rss_bytes``, the peak RSS of the child's tree, and ``start_rss_bytes``,
    its RSS when first seen (pages shared with the benchmark process by fork: the figure's own
    memory is about the difference)."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)

    def child() -> None:
        try:
            result = fn()
        except Exception as e:
            result = na(f"{type(e).__name__}: {e}"[:300])
        send.send(result)
        send.close()

    proc = ctx.Process(target=child, name=f"bench-{what}")
    proc.start()
    send.close()
    mon = TreeMonitor(proc.pid, mem_limit)
    mon.start()
    t0 = time.perf_counter()
    result: dict[str, Any] | None = None
    while result is None:
        if recv.poll(0.2):
            with contextlib.suppress(EOFError):
                result = recv.recv()
            break
        if mon.exceeded:
            result = na(f"stopped: over the memory limit ({mem_limit / 2**30:.1f} GB)")
        elif timeout and time.perf_counter() - t0 > timeout:
            for q in [*mon.root.children(recursive=True), mon.root]:
                with contextlib.suppress(Exception):
                    q.kill()
            result = na(f"stopped: over the time limit ({timeout:.0f} s)")
        elif not proc.is_alive():
            result = na(f"the child process died (exit {proc.exitcode})")
    proc.join()
    mon.stop.set()
    mon.join()
    if result is None:
        result = na("no result")
    if isinstance(result, dict):
        result["peak_rss_bytes"] = mon.peak_rss
        result["start_rss_bytes"] = mon.first_rss  # inherited from the benchmark process by fork
    if "n/a" in result:
        log(f"{what}: n/a ({result['n/a']})")
    return result


def store_load(out_dir: Path) -> dict[str, Any]:
    """The on-disk SPARQL store (``OUT/store``: article graphs + their set union + the ontology),
    built from graph.nq as ``xkg query`` / ``serve`` build it; the catalogue then reuses it."""
    from graph.dataset import DATASET_DIR, ensure_dataset_store

    t0 = time.perf_counter()
    ensure_dataset_store(out_dir, rebuild=True)
    dt = time.perf_counter() - t0
    # what the loader read: every quad of graph.nq twice (as itself, and as a triple of the union);
    # counting the store's quads instead would read them all again (minutes at 100k)
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    n = 2 * int(manifest["quads"])
    disk = sum(f.stat().st_size for f in (out_dir / DATASET_DIR).rglob("*") if f.is_file())
    return {"quads_read": n, "seconds": round(dt, 3), "quads_per_s": round(n / dt), "disk_bytes": disk,
            "where": "on disk (graph.dataset.ensure_dataset_store)"}


def picks(seed: int) -> dict[str, Any]:
    """Parameters for the catalogue, path and render, from article 0 (in every corpus of ``seed``)."""
    from graph.pipeline import make_document, process

    art = generate._Article(seed, 0)
    name, text = generate.article(seed, 0)
    doc = process(make_document(text, name=name))
    p: dict[str, Any] = {"article": name, "identifier": name, "city": art.city.name, "place": art.city.name,
                         "province": art.city.province}
    off = next((o for o in doc.officials if any(post.jurisdiction for post in o.posts)), None)
    if off is not None:
        post = next(post for post in off.posts if post.jurisdiction)
        p["official"] = off.name
        p["title"] = post.title
        place = doc.places.get(post.jurisdiction)
        p["jurisdiction"] = place.name if place else art.city.name
    out = next((o for o in doc.outcomes if o.unit in ("人", "户", "元") and len(o.indicator) >= 4), None) or \
        next((o for o in doc.outcomes if o.unit not in ("%", "‰")), None)
    if out is not None:
        p["indicator"], p["unit"] = out.indicator, out.unit
    return p


def _open_dataset_fn() -> tuple[str, Callable[[Path], Any]]:
    """The function that loads a built graph as the dataset queries see (it has moved between modules)."""
    import importlib

    for mod_name, fn in (("graph.dataset", "load_dataset"), ("graph.query", "load_dataset"),
                         ("graph.store", "load_store")):
        with contextlib.suppress(ImportError):
            mod = importlib.import_module(mod_name)
            if hasattr(mod, fn):
                return f"{mod_name}.{fn}", getattr(mod, fn)
    raise ImportError("no load_dataset / load_store in graph.dataset, graph.query or graph.store")


def _consume(result: Any) -> int:
    if isinstance(result, bool):
        return 1
    n = 0
    for _ in result:
        n += 1
    return n


PAGE_ROWS = 1000  # a long listing is also timed a page at a time (xkg query --limit/--offset)


def _pages(store: Any, text: str, params: list[str], rows: int) -> dict[str, Any]:
    """The first and the last page of ``PAGE_ROWS`` rows of a long listing, best of three each."""
    import inspect

    from graph.query import execute

    if "limit" not in inspect.signature(execute).parameters:
        return na("graph.query.execute takes no limit")
    res: dict[str, Any] = {"size": PAGE_ROWS}
    for which, offset in (("first", 0), ("last", (rows - 1) // PAGE_ROWS * PAGE_ROWS)):
        times, n = [], 0
        for _ in range(3):
            t0 = time.perf_counter()
            n = _consume(execute(store, text, params, limit=PAGE_ROWS, offset=offset))
            times.append(time.perf_counter() - t0)
        res[which] = {"offset": offset, "first_s": round(times[0], 4), "best_s": round(min(times), 4), "rows": n}
    return res


def catalogue(out_dir: Path, p: dict[str, Any], unbound: bool) -> dict[str, Any]:
    """Every catalogue query, bound with parameters from article 0 (and unbound, all rows, if asked),
    on the dataset ``xkg query`` and ``xkg serve`` use: the on-disk serve-store where the code has one
    (built here first, and timed), else the dataset loaded in memory."""
    from graph.query import catalogue as cat
    from graph.query import execute

    res: dict[str, Any] = {"queries": {}}
    try:
        from graph.dataset import ensure_dataset_store, open_dataset
    except ImportError:
        ensure_dataset_store = None
    if ensure_dataset_store is not None:
        t0 = time.perf_counter()
        ensure_dataset_store(out_dir)
        res["dataset"] = "on-disk serve-store (graph.dataset)"
        res["dataset_build_seconds"] = round(time.perf_counter() - t0, 2)
        t0 = time.perf_counter()
        store = open_dataset(out_dir)
    else:
        which, load = _open_dataset_fn()
        res["dataset"] = f"in memory ({which})"
        t0 = time.perf_counter()
        store = load(out_dir)
    res["dataset_open_seconds"] = round(time.perf_counter() - t0, 4)
    for name, (about, text) in cat().items():
        params = [f"{k}={v}" for k, v in p.items() if v is not None and re.search(rf"\?{k}\b", about)]
        row: dict[str, Any] = {"params": params}
        for label, ps in (("bound", params), ("unbound", [])) if unbound else (("bound", params),):
            if label == "unbound" and not params:
                row["unbound"] = row["bound"]
                continue
            try:
                times = []
                for _ in range(3):
                    t0 = time.perf_counter()
                    rows = _consume(execute(store, text, ps))
                    times.append(time.perf_counter() - t0)
                    if times[0] > 10:  # very slow: once is enough
                        break
                row[label] = {"first_s": round(times[0], 4), "best_s": round(min(times), 4), "rows": rows}
                if label == "bound" and rows > PAGE_ROWS:
                    row["pages"] = _pages(store, text, ps, rows)
            except Exception as e:
                row[label] = na(f"{type(e).__name__}: {e}"[:200])
        res["queries"][name] = row
    del store
    return res


def query_cli(out_dir: Path, p: dict[str, Any]) -> dict[str, Any]:
    """``xkg query articles --param identifier=…`` end to end: start-up, load and query."""
    cmd = [*xkg_command(), "query", "articles", "--graph", str(out_dir), "--format", "csv",
           "--param", f"identifier={p['identifier']}"]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    return {"seconds": round(time.perf_counter() - t0, 3), "exit_code": r.returncode}


def path_query(out_dir: Path, p: dict[str, Any]) -> dict[str, Any]:
    try:
        from graph import paths
    except ImportError:
        return na("no graph.paths")
    if not hasattr(paths, "load_path_graph") or not hasattr(paths, "shortest_paths"):
        return na("graph.paths has no load_path_graph/shortest_paths")
    from graph.local import is_large

    if is_large(out_dir) and hasattr(paths, "local_path_graph"):
        return _local_path_query(out_dir, p, paths)
    t0 = time.perf_counter()
    pg = paths.load_path_graph(out_dir, cache=False)
    load_s = time.perf_counter() - t0
    res: dict[str, Any] = {"load_uncached_seconds": round(load_s, 3), "nodes": pg.multi.number_of_nodes(),
                           "edges": pg.multi.number_of_edges()}
    src = _resolve(pg, paths, p.get("official"), "Official")
    dst = _resolve(pg, paths, p.get("province"), "Province")
    res["from"], res["to"] = pg.label(src), pg.label(dst)
    for k in (1, 3):
        t0 = time.perf_counter()
        found = paths.shortest_paths(pg, src, dst, k=k)
        res[f"query_k{k}_seconds"] = round(time.perf_counter() - t0, 4)
        res[f"k{k}_lengths"] = [len(x) for x in found]
    del pg
    # the command end to end, with its pickled-graph cache (first run writes it, second reads it)
    env = dict(os.environ, XKG_CACHE_DIR=str(OUT / "cache"))
    cmd = [*xkg_command(), "path", src, dst, "--graph", str(out_dir)]
    for run in ("cli_first_seconds", "cli_cached_seconds"):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, env=env)
        res[run] = round(time.perf_counter() - t0, 3)
    return res


def _local_path_query(out_dir: Path, p: dict[str, Any], paths: Any) -> dict[str, Any]:
    """A large graph: the neighbourhood joining the two ends, read from the on-disk store
    (``graph.local``); each figure is resolve + walk + copy + path finding, as ``xkg path`` does."""
    from graph.dataset import open_dataset

    res: dict[str, Any] = {"mode": "neighbourhood from the on-disk store (graph.local)"}
    t0 = time.perf_counter()
    ds = open_dataset(out_dir)
    res["open_seconds"] = round(time.perf_counter() - t0, 4)

    def resolve(label: str | None) -> str:
        try:
            return paths.local_resolve(ds, label or "")
        except paths.AmbiguousEntity as e:  # namesakes: the first candidate
            return e.candidates[0]["iri"]

    t0 = time.perf_counter()
    src, dst = resolve(p.get("official")), resolve(p.get("province"))
    res["resolve_seconds"] = round(time.perf_counter() - t0, 4)
    for k in (1, 3):
        t0 = time.perf_counter()
        pg, explored = paths.local_path_graph(ds, src, dst, k=k)
        found = paths.shortest_paths(pg, src, dst, k=k)
        res[f"query_k{k}_seconds"] = round(time.perf_counter() - t0, 4)
        res[f"k{k}_lengths"] = [len(x) for x in found]
        res[f"k{k}_explored"] = explored.as_dict() | {"hubs": len(explored.hubs)}
    res["from"], res["to"] = pg.label(src), pg.label(dst)
    cmd = [*xkg_command(), "path", src, dst, "--graph", str(out_dir)]
    for run in ("cli_first_seconds", "cli_cached_seconds"):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True)
        res[run] = round(time.perf_counter() - t0, 3)
    return res


def _resolve(pg: Any, paths: Any, label: str | None, cls: str) -> str:
    if label:
        try:
            return pg.resolve(label)
        except getattr(paths, "AmbiguousEntity", ()) as e:
            cands = getattr(e, "candidates", None) or []
            if cands and isinstance(cands[0], dict) and cands[0].get("iri"):
                return cands[0]["iri"]
        except Exception:
            pass
    nodes = sorted(n for n, d in pg.multi.nodes(data=True) if d.get("cls") == cls)
    if not nodes:
        raise LookupError(f"no {cls} node in the graph")
    return nodes[0]


def render(out_dir: Path, p: dict[str, Any], size: int) -> dict[str, Any]:
    try:
        from graph.render import render as do_render
    except ImportError:
        return na("no graph.render.render")
    html = OUT / "render" / f"n{size}.html"
    html.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    r = do_render(out_dir, html, focus=p["city"], depth=2)
    dt = time.perf_counter() - t0
    return {"seconds": round(dt, 2), "focus": p["city"], "shown": getattr(r, "shown", None),
            "total": getattr(r, "total", None), "html_bytes": html.stat().st_size if html.exists() else None}


# -- report ------------------------------------------------------------------------------------------


def _width(text: str) -> int:
    """Columns on a terminal: Chinese characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _why(x: Any) -> str:
    if x is None:
        return "not run"
    return f"n/a ({x['n/a']})" if isinstance(x, dict) and "n/a" in x else "n/a"


def table(rows: list[tuple[str, str]], title: str) -> str:
    width = max(_width(k) for k, _ in rows)
    lines = [f"\n{title}", "-" * _width(title)]
    lines += [f"  {k}{' ' * (width - _width(k))}  {v}".rstrip() for k, v in rows]
    return "\n".join(lines)


def report(results: dict[str, Any]) -> str:
    parts = []
    m = results["machine"]
    changed = " + local changes in graph/" if m.get("graph_modified") else ""
    parts.append(table([("python", m.get("python", "?")), ("cpu", f"{m.get('cpu', '?')} ({m.get('cpus')} logical)"),
                        ("memory", f"{m.get('memory_gb', '?')} GB"),
                        ("commit", f"{m.get('commit', '?')}{changed}"),
                        ("xkg fingerprint", str(m.get("xkg_fingerprint", "?"))),
                        ("command", results["command"])], "machine"))
    g = results.get("generate", {})
    if "articles_per_s" in g:
        parts.append(table([("corpus generation", f"{g['articles_per_s']:,} articles/s, "
                                                  f"{fmt_n(g['chars_per_s'], 'chars/s')} (one core, in memory)")],
                           "generator"))
    e = results.get("extract", {})
    if "xkg_seconds" in e:
        rows = [
            ("articles / chars", f"{e['articles']} / {fmt_n(e['chars'])}"),
            ("xkg (normalise+extract+resolve+triples)",
             f"{e['xkg_articles_per_s']:>8.1f} articles/s  {fmt_n(e['xkg_chars_per_s'], 'chars/s')}"),
            ("jieba.lcut", f"{e['jieba_articles_per_s']:>8.1f} articles/s  {fmt_n(e['jieba_chars_per_s'], 'chars/s')}"),
            ("ratio xkg/jieba (target >= 1)", f"{e['ratio_xkg_over_jieba']:.2f}"),
        ]
        total = sum(e["xkg_stages_s"].values()) or 1
        rows += [(f"  stage {k}", f"{v:.2f} s ({100 * v / total:.0f}%)") for k, v in e["xkg_stages_s"].items()]
        parts.append(table(rows, "extraction throughput, one core"))
        dg, ds = e["density_generated"], e["density_samples"]
        rows = [(k, f"generated {dg[k]:6.2f}   samples {ds[k]:6.2f}")
                for k in ("places", "place_mentions", "officials", "initiatives", "outcomes")]
        parts.append(table(rows, f"facts per 1,000 characters (generated: {dg['articles']} articles; samples: "
                                 f"{ds['articles']})"))
        if isinstance(e.get("profile"), list):
            rows = [(f"{r['cumtime']:.2f} s cum, {r['tottime']:.2f} s own", r["function"][:100]) for r in e["profile"]]
            parts.append(table(rows, "cProfile of the extraction run, by cumulative time"))
    for size, r in results["sizes"].items():
        b = r.get("build", {})
        rows = [("corpus", f"{r['corpus'].get('chars', 0):,} chars"
                           f"{' (reused)' if r['corpus'].get('reused') else ''}")]
        if "seconds" in b:
            per = b["seconds"] / int(size)
            rows += [("build (wall)", f"{fmt_s(b['seconds'])}  ({per * 1000:.1f} ms/article, exit {b['exit_code']})"
                                      f"{'  KILLED: ' + b['killed'] if b.get('killed') else ''}"),
                     ("peak memory, process tree", f"RSS {fmt_mb(b.get('peak_rss_tree_bytes'))}, "
                                                   f"PSS {fmt_mb(b.get('peak_pss_tree_bytes'))} "
                                                   f"({b.get('processes', '?')} processes, "
                                                   f"at {b.get('peak_at_seconds', '?')} s)"),
                     ("max RSS of one process (time -v)", fmt_mb(b.get("max_rss_single_process_bytes"))),
                     ("articles / quads / graph.nq", f"{b.get('articles')} / {fmt_n(b.get('quads'))} / "
                                                       f"{fmt_mb(b.get('graph_nq_bytes'))}")]
            if "rebuild_cached_seconds" in b:
                rows.append(("rebuild, all cached", fmt_s(b["rebuild_cached_seconds"])))
            st = b.get("stages")
            if isinstance(st, dict) and st:
                rows.append(("stages (extract.*: CPU time summed over workers)", ""))
                rows += [(f"  {k}", fmt_s(v)) for k, v in st.items()]
            else:
                rows.append(("stages", "n/a"))
            for k, v in b.get("peak_rss_by_stage_bytes", {}).items():
                rows.append((f"  peak RSS during {k}", fmt_mb(v)))
        else:
            rows.append(("build", json.dumps(b, ensure_ascii=False)[:200]))
        sl = r.get("store_load")
        n = (sl or {}).get("quads_read", (sl or {}).get("quads"))
        disk = f", {fmt_mb(sl['disk_bytes'])} on disk" if sl and "disk_bytes" in sl else ""
        rows.append(("on-disk SPARQL store build (named + union graphs)",
                     f"{fmt_n(sl.get('quads_per_s'), 'quads/s')} ({fmt_n(n)} quads read, "
                     f"{fmt_s(sl.get('seconds'))}{disk}; {fmt_peak(sl)})"
                     if sl and n else _why(sl)))
        c = r.get("catalogue")
        if c and "queries" in c:
            built = f"built in {fmt_s(c['dataset_build_seconds'])}, " if "dataset_build_seconds" in c else ""
            rows.append(("catalogue dataset", f"{c['dataset']}: {built}opened in {fmt_s(c['dataset_open_seconds'])}; "
                                              f"{fmt_peak(c)}"))
            for q, v in c["queries"].items():
                cells = []
                for label in ("bound", "unbound"):
                    x = v.get(label)
                    if isinstance(x, dict) and "first_s" in x:
                        cells.append(f"{label} {fmt_s(x['first_s'])} (best {fmt_s(x['best_s'])}, {x['rows']} rows)")
                    elif x is not None:
                        cells.append(f"{label} {_why(x)}")
                pg = v.get("pages")
                if isinstance(pg, dict) and "first" in pg:
                    cells.append(f"a page of {pg['size']} rows: first {fmt_s(pg['first']['first_s'])} (best "
                                 f"{fmt_s(pg['first']['best_s'])}), last {fmt_s(pg['last']['first_s'])} (best "
                                 f"{fmt_s(pg['last']['best_s'])})")
                elif pg is not None:
                    cells.append(f"pages {_why(pg)}")
                rows.append((f"  query {q}", "; ".join(cells)))
        else:
            rows.append(("catalogue queries", _why(c)))
        qc = r.get("query_cli")
        rows.append(("xkg query articles (CLI, end to end)",
                     fmt_s(qc["seconds"]) if qc and "seconds" in qc else _why(qc)))
        pq = r.get("path")
        if pq and "query_k1_seconds" in pq:
            if "load_uncached_seconds" in pq:
                rows.append(("path graph load (no cache)", f"{fmt_s(pq['load_uncached_seconds'])} "
                                                           f"({fmt_n(pq['nodes'])} nodes, {fmt_n(pq['edges'])} "
                                                           f"edges; {fmt_peak(pq)})"))
            else:
                rows.append(("path: neighbourhood from the store", f"open {fmt_s(pq['open_seconds'])}, resolve "
                                                                  f"{fmt_s(pq['resolve_seconds'])}; entities read "
                                                                  f"k=1 {pq['k1_explored']['nodes']}, k=3 "
                                                                  f"{pq['k3_explored']['nodes']}; {fmt_peak(pq)}"))
            rows += [(f"path query {pq['from']} -> {pq['to']}",
                      f"k=1 {fmt_s(pq['query_k1_seconds'])}, k=3 {fmt_s(pq['query_k3_seconds'])}"),
                     ("xkg path (CLI, first / cached)",
                      f"{fmt_s(pq['cli_first_seconds'])} / {fmt_s(pq['cli_cached_seconds'])}")]
        else:
            rows.append(("path query", _why(pq)))
        rd = r.get("render") or {}
        rows.append((f"render --focus {rd.get('focus', '')}".rstrip(),
                     f"{fmt_s(rd['seconds'])} ({rd.get('shown')} of {rd.get('total')} nodes; "
                     f"{fmt_peak(rd)})" if "seconds" in rd else _why(r.get("render"))))
        parts.append(table(rows, f"{int(size):,} articles"))
    sc = results.get("scaling", {})
    if sc:
        parts.append(table([(k, f"{v:.2f}") for k, v in sc.items()], "scaling of build time (linear = size ratio)"))
    return "\n".join(parts)


def scaling(sizes: dict[str, Any]) -> dict[str, float]:
    done = [(int(s), r["build"]["seconds"]) for s, r in sizes.items()
            if isinstance(r.get("build"), dict) and "seconds" in r["build"]]
    done.sort()
    out = {}
    for (s1, t1), (s2, t2) in itertools.pairwise(done):
        out[f"t({s2})/t({s1}) [size x{s2 / s1:g}]"] = round(t2 / t1, 2)
    return out


# -- main --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000", help="corpus sizes, comma-separated")
    ap.add_argument("--jobs", type=int, default=2, help="xkg build --jobs (default 2)")
    ap.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    ap.add_argument("--quick", action="store_true", help="sizes 200,1000 and 200 articles for extraction")
    ap.add_argument("--extract-n", type=int, default=500, help="articles for the throughput figure (default 500)")
    ap.add_argument("--profile", type=int, default=10, metavar="N",
                    help="print the top N functions of a cProfile of the extraction run (0: no profile). "
                         "The profile is a separate run: the throughput figure is measured without it")
    ap.add_argument("--unbound-max", type=int, default=1000,
                    help="also time catalogue queries unbound (all rows) up to this size (default 1000)")
    ap.add_argument("--mem-limit-gb", type=float, default=None,
                    help="kill a build or figure whose process tree goes over this RSS (default 70%% of RAM)")
    # the 100k store build (with its listing order) takes 40-50 minutes here
    ap.add_argument("--figure-timeout", type=float, default=5400,
                    help="seconds each post-build figure may take (default 5400; 0: no limit)")
    ap.add_argument("--rebuild", action="store_true", help="also time a second build with every article cached")
    ap.add_argument("--reuse-build", action="store_true",
                    help="reuse a size's last build (and its figures) when its output is still there")
    ap.add_argument("--skip-extract", action="store_true", help="skip the extraction-vs-jieba figure")
    ap.add_argument("--figures", default=",".join(FIGURES),
                    help=f"post-build figures to measure, comma-separated (default all: {','.join(FIGURES)}; "
                         "'none': build only)")
    args = ap.parse_args(argv)
    sizes = [200, 1000] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    extract_n = 200 if args.quick and args.extract_n == 500 else args.extract_n
    OUT.mkdir(parents=True, exist_ok=True)
    mem_limit = int((args.mem_limit_gb or _total_memory_gb() * 0.7) * 2**30)
    os.environ["XKG_CACHE_DIR"] = str(OUT / "cache")  # path-graph caches stay under bench/out
    results: dict[str, Any] = {
        "bench": "xkg", "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "command": "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": machine(), "targets": TARGETS, "seed": args.seed, "jobs": args.jobs, "sizes": {},
    }
    results["generate"] = attempt("generation", lambda: generation_speed(args.seed))
    if not args.skip_extract:
        log(f"extraction throughput over {extract_n} articles (xkg, then jieba) ...")
        results["extract"] = attempt("extraction", lambda: extraction(args.seed, extract_n))
        if args.profile and isinstance(results["extract"], dict) and "n/a" not in results["extract"]:
            log("profiling the extraction ...")
            results["extract"]["profile"] = attempt(
                "profile", lambda: profile_extraction(args.seed, min(extract_n, 200), args.profile))
    p = attempt("picks", lambda: picks(args.seed))
    for size in sizes:
        r: dict[str, Any] = {}
        results["sizes"][str(size)] = r
        folder, r["corpus"] = corpus(size, args.seed)
        out_dir, r["build"] = build(folder, size, args.jobs, args.rebuild, mem_limit, args.reuse_build)
        if r["build"].get("exit_code") not in (0, 3) or not (out_dir / "graph.nq").exists():
            log(f"build of {size} failed (exit {r['build'].get('exit_code')}): see bench/out/logs/")
            continue
        figures: list[tuple[str, Callable[[], dict[str, Any]]]] = [
            ("store_load", lambda out_dir=out_dir: store_load(out_dir))]
        if isinstance(p, dict) and "n/a" not in p:
            figures += [
                ("catalogue", lambda out_dir=out_dir, size=size: catalogue(out_dir, p, size <= args.unbound_max)),
                ("query_cli", lambda out_dir=out_dir: query_cli(out_dir, p)),
                ("path", lambda out_dir=out_dir: path_query(out_dir, p)),
                ("render", lambda out_dir=out_dir, size=size: render(out_dir, p, size)),
            ]
        wanted = {f.strip() for f in args.figures.split(",")}
        for name, fn in figures:
            if name not in wanted:
                continue
            log(f"{size}: {name} ...")
            r[name] = isolated(name, fn, mem_limit, args.figure_timeout)
        log(f"{size}: done")
    results["scaling"] = scaling(results["sizes"])
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(report(results))
    line = json.dumps(results, ensure_ascii=False, sort_keys=True, default=str)
    (OUT / "results.json").write_text(line + "\n", encoding="utf-8")
    history = OUT / "history" / f"results-{results['date'].replace(':', '')}.json"
    history.parent.mkdir(exist_ok=True)
    history.write_text(line + "\n", encoding="utf-8")
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
