"""Archive-scale benchmark: many claims files over many local pages, checked cold by a local run
(``--jobs 2``), on a Dask LocalCluster of two workers (``--dask local``), and on a scheduler
and two workers started as separate processes on loopback (``dask scheduler``, ``dask worker``,
``--dask tcp://127.0.0.1:PORT``); at 1x, 2x and 4x the archive.

    python bench/scale.py                          # 1,000 files over 250 pages, then 2x and 4x
    python bench/scale.py --files 20000 --pages 5000 --sizes 1   # the issue's archive (long)

Each row is one cold run (empty cache) of a whole claimcheck process: wall time, throughput in
pages and MB of HTML per second, and the peak memory of the client process alone (VmHWM from
/proc, so that LocalCluster workers, which are its children, do not count). Then the arithmetic
for a real cluster at the measured per-core rate. Needs the dask extra (pip install -e
'.[dask]'). Deterministic archives for a given seed (pages from bench/workload.py).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import workload  # noqa: E402  (bench/ is not a package: its generator, as perf.py uses it)

NIGHT_SECONDS = 8 * 3600
NIGHTLY_PAGES = 1_000_000


def make_archive(out: Path, files: int, pages: int, seed: int, min_kb: int, max_kb: int) -> int:
    """``files`` claims files citing ``pages`` local pages (1-3 each, 3 claims of 2 figures per
    file); the bytes of HTML written."""
    rng = random.Random(seed)
    claims = out / "claims"
    (claims / "pages").mkdir(parents=True, exist_ok=True)
    facts = []
    size = 0
    for p in range(pages):
        page_facts = workload.page_facts(rng, 6)
        facts.append(page_facts)
        html = workload.render_page(rng, p, page_facts, rng.randint(min_kb, max_kb) * 1024)
        (claims / "pages" / f"page{p:05d}.html").write_text(html, "utf-8")
        size += len(html)
    for f in range(files):
        cited = sorted(rng.sample(range(pages), rng.randint(1, 3)))
        sources = "".join(f"  {p}: {{path: pages/page{p:05d}.html}}\n" for p in cited)
        entries = []
        for c in range(3):
            p = rng.choice(cited)
            text, figures = workload.claim_for(rng, rng.choice(facts[p]), rng.random() < 0.25)
            figs = "".join(
                f'      - {{value: "{g["value"]}", about: "{g["about"]}"'
                + (f", change: {g['change']}" if "change" in g else "") + "}\n"
                for g in figures
            )  # fmt: skip
            entries.append(f'  - id: c{c}\n    text: "{text}"\n    sources: [{p}]\n'
                           f"    figures:\n{figs}")  # fmt: skip
        (claims / f"article{f:05d}.yaml").write_text(
            f"article:\n  title: Article {f}\nsources:\n{sources}claims:\n{''.join(entries)}",
            "utf-8",
        )
    return size


def peak_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def measured(cmd: list[str], cwd: Path) -> tuple[float, float, int]:
    """(wall seconds, the process's own peak RSS in MB, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, peak_kb(proc.pid) or 0)
        time.sleep(0.05)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    return wall, peak / 1024, proc.returncode


@contextmanager
def loopback_cluster(folder: Path, workers: int = 2) -> Iterator[str]:
    """``dask scheduler`` and ``workers`` x ``dask worker --nthreads 1``, as processes."""
    dask = str(Path(sys.executable).with_name("dask"))
    info = folder / "scheduler.json"
    scheduler = [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                 "--scheduler-file", str(info)]  # fmt: skip
    procs = [subprocess.Popen(scheduler, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        address = json.loads(info.read_text())["address"]
        for n in range(workers):
            worker = [dask, "worker", address, "--nthreads", "1", "--no-dashboard",
                      "--local-directory", str(folder / f"w{n}")]  # fmt: skip
            procs.append(
                subprocess.Popen(worker, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            )
        time.sleep(3)  # workers register
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)


def run(archive: Path, *extra: str) -> list[str]:
    cache = archive / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    return [sys.executable, "-m", "claimcheck", "run", "claims", "--cache-dir", str(cache),
            "--format", "jsonl", "-o", str(archive / "report.jsonl"), *extra]  # fmt: skip


def verdicts(archive: Path) -> list[str]:
    lines = (archive / "report.jsonl").read_text().splitlines()
    claims = [json.loads(line)["claim"] for line in lines if '"record": "claim"' in line]
    return sorted(json.dumps(c, sort_keys=True) for c in claims)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--pages", type=int, default=250)
    parser.add_argument("--sizes", default="1,2,4", help="archive sizes, times the base")
    parser.add_argument("--min-kb", type=int, default=20)
    parser.add_argument("--max-kb", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the archives in this folder")
    args = parser.parse_args(argv)
    root = args.keep or Path(tempfile.mkdtemp(prefix="claimcheck-scale-"))
    rows: list[str] = []
    rates: list[float] = []
    try:
        with loopback_cluster(root) as address:
            for factor in (int(x) for x in args.sizes.split(",")):
                files, pages = args.files * factor, args.pages * factor
                archive = root / f"x{factor}"
                size = make_archive(archive, files, pages, args.seed, args.min_kb, args.max_kb)
                expected: list[str] | None = None
                configs = (
                    ("local --jobs 2", ("--jobs", "2")),
                    ("--dask local (2 workers)", ("--dask", "local", "--jobs", "2")),
                    ("--dask tcp:// (scheduler + 2 workers)", ("--dask", address)),
                )
                for name, extra in configs:
                    wall, peak, _ = measured(run(archive, *extra), archive)
                    same = verdicts(archive)
                    if expected is None:
                        expected = same
                    agree = "same verdicts" if same == expected else "**verdicts differ**"
                    if "tcp" in name:
                        rates.append(size / wall / 2)  # bytes per second per worker core
                    rows.append(
                        f"| {factor}x: {files:,} files, {pages:,} pages ({size / 1e6:.0f} MB) "
                        f"| {name} | {wall:.1f} s | {pages / wall:.1f} pages/s, "
                        f"{size / 1e6 / wall:.2f} MB/s | {peak:.0f} MB | {agree} |"
                    )
                    print(rows[-1], flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    print("\n| archive | run | cold wall | throughput | client peak | |")
    print("| --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    if rates:
        per_core = max(rates)
        page = 270_000  # bytes: the average page of bench/workload.py's default 40-500 KB
        cores = NIGHTLY_PAGES * page / (per_core * NIGHT_SECONDS)
        print(
            f"\nper worker core: {per_core / 1e6:.2f} MB/s of HTML; 1M pages of "
            f"{page // 1000} KB a night (8 h) need {NIGHTLY_PAGES * page / 1e9:.0f} GB / "
            f"({per_core / 1e6:.2f} MB/s x {NIGHT_SECONDS:,} s) = {cores:.1f} worker cores"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
