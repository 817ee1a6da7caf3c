"""Speed benchmarks of whole claimcheck processes on a synthetic workload (median of runs).

    python bench/perf.py                      # 1,000 pages, 10,000 figures (needs ~3 GB disk)
    python bench/perf.py --pages 200 --figures 2000 --runs 3
    python bench/perf.py --only startup,warm

Measures, each as a separate process timed from outside with its peak memory (wait4 rusage):
  startup  `claimcheck --help`
  parser   BeautifulSoup(html, "lxml").get_text() over every page, in one process (the floor a
           cold run is compared with; needs the `bench` extra: pip install -e '.[bench]')
  cold     `claimcheck run` with an empty cache, --jobs 1 and --jobs 2
  warm     `claimcheck run` again on the filled cache: figures per second, start-up included
  growth   cold and warm runs at 1x, 2x and 4x a quarter of the workload
Fetch concurrency is measured by bench/fetch_bench.py.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARSER_ALONE = """
import sys
from pathlib import Path
from bs4 import BeautifulSoup
for path in sorted(Path(sys.argv[1]).glob("*.html")):
    BeautifulSoup(path.read_bytes(), "lxml").get_text()
"""


def timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.stderr is not None:
        proc.stderr.close()
    return wall, usage.ru_maxrss / 1024, proc.returncode


def median_of(runs: int, cmd: list[str], setup: object = None) -> tuple[float, float]:
    walls, peaks = [], []
    for _ in range(runs):
        if callable(setup):
            setup()
        wall, peak, code = timed(cmd)
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed with exit code {code}")
        walls.append(wall)
        peaks.append(peak)
    return statistics.median(walls), max(peaks)


def claimcheck(*args: str) -> list[str]:
    return [sys.executable, "-m", "claimcheck", *args]


def make_workload(root: Path, pages: int, figures: int) -> Path:
    out = root / f"w{pages}"
    if not (out / "claims").exists():
        subprocess.run(
            [sys.executable, str(HERE / "workload.py"), str(out), "--pages", str(pages),
             "--figures", str(figures)],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    return out


def run_cmd(work: Path, cache: Path, jobs: int) -> list[str]:
    return claimcheck(
        "run", str(work / "claims"), "--cache-dir", str(cache), "--format", "json",
        "-o", str(work / "report.json"), "--jobs", str(jobs),
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--figures", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="startup,parser,cold,warm,growth")
    parser.add_argument("--keep", type=Path, help="keep workloads in this folder")
    args = parser.parse_args(argv)
    wanted = set(args.only.split(","))
    root = args.keep or Path(tempfile.mkdtemp(prefix="claimcheck-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, str]] = []
    try:
        if "startup" in wanted:
            wall, peak = median_of(max(args.runs, 5), claimcheck("--help"))
            rows.append(("startup: claimcheck --help", f"{wall:.3f} s", f"{peak:.0f} MB"))
        work = make_workload(root, args.pages, args.figures)
        pages_dir = work / "claims" / "pages"
        n_figures = args.figures
        parser_time = None
        if "parser" in wanted:
            parser_time, peak = median_of(
                args.runs, [sys.executable, "-c", PARSER_ALONE, str(pages_dir)]
            )
            rows.append((f"parser alone (bs4+lxml get_text, {args.pages} pages)",
                         f"{parser_time:.2f} s", f"{peak:.0f} MB"))  # fmt: skip
        cache = work / "cache"
        if "cold" in wanted:
            for jobs in (1, 2):
                wall, peak = median_of(
                    args.runs, run_cmd(work, cache, jobs), lambda: shutil.rmtree(cache, True)
                )
                ratio = f" ({wall / parser_time:.2f}x parser)" if parser_time else ""
                rows.append((f"cold run --jobs {jobs}", f"{wall:.2f} s{ratio}", f"{peak:.0f} MB"))
        if "warm" in wanted:
            if not cache.exists():
                timed(run_cmd(work, cache, 2))
            wall, peak = median_of(args.runs, run_cmd(work, cache, 2))
            rate = f"{wall:.2f} s = {n_figures / wall:,.0f} figures/s"
            rows.append((f"warm run ({n_figures} figures)", rate, f"{peak:.0f} MB"))
        if "growth" in wanted:
            base_pages, base_figures = max(args.pages // 4, 10), max(args.figures // 4, 100)
            for factor in (1, 2, 4):
                w = make_workload(root, base_pages * factor, base_figures * factor)
                c = w / "cache"
                cold, _ = median_of(args.runs, run_cmd(w, c, 1), lambda c=c: shutil.rmtree(c, True))
                warm, _ = median_of(args.runs, run_cmd(w, c, 1))
                rows.append((f"growth {factor}x ({base_pages * factor} pages)",
                             f"cold {cold:.2f} s, warm {warm:.2f} s", ""))  # fmt: skip
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    width = max(len(r[0]) for r in rows) if rows else 10
    print(f"| {'measure'.ljust(width)} | time | peak memory |")
    print(f"| {'-' * width} | --- | --- |")
    for name, value, peak in rows:
        print(f"| {name.ljust(width)} | {value} | {peak} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
