"""Accuracy gate: claimcheck on every dev half of the shared benchmark, against checked-in floors.

Each ``*.jsonl`` half in the benchmark folder (default ``../shared/bench``, beside the project)
is scored by that folder's own ``score.py`` — the scorer the project is measured with: it writes
the claims files, runs ``claimcheck run --offline --format json`` and maps gold figures to
reported ones — and the metrics are computed with ``score.py``'s own functions from the
``figures.jsonl`` it writes. Then:

* every half with at least ``min_flags`` flagged gold figures must reach its F1 floor and beat
  the naive baseline (flag a figure iff its exact string is absent) by ``margin``;
* halves with a contradicted-recall floor must reach it;
* halves with a ``max_flagged_supported`` ceiling (FaithBench, which mostly measures false
  alarms) must flag at most that share of gold-supported figures.

Floors live in ``bench/accuracy_floors.json``: the numbers reached, minus a small margin, so a
regression fails CI while noise does not.

    python bench/accuracy.py                   # table + gate; exit 1 below a floor
    python bench/accuracy.py --markdown        # the table as Markdown (the README's)
    python bench/accuracy.py --bench DIR --keep /tmp/acc   # another folder; keep work dirs

Exit status: 0 all floors hold, 1 a floor fails, 2 the benchmark folder or scorer is missing
(or, without ``--require``, 0 with a notice, so a checkout without ../shared still passes).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BENCH = ROOT.parent / "shared" / "bench"
FLOORS = Path(__file__).with_name("accuracy_floors.json")
FLAGS = ("contradicted", "unsupported")


@dataclass(frozen=True)
class Row:
    name: str
    claims: int
    flags: int
    f1: float | None
    naive_f1: float | None
    precision: float | None
    recall: float | None
    contradicted_recall: float | None
    flagged_supported: float  # share of gold-supported figures claimcheck flags
    error: str = ""


def load_scorer(bench: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_score", bench / "score.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(bench / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_half(scorer: ModuleType, half: Path, work: Path, timeout: float) -> Row:
    """Run score.py on one half in ``work`` and compute its metrics from figures.jsonl."""
    env = {**os.environ, "CLAIMCHECK": shlex.join([sys.executable, "-m", "claimcheck"])}
    proc = subprocess.run(
        [sys.executable, str(Path(scorer.__file__)), str(half), str(work),
         "--timeout", str(timeout)],
        capture_output=True, text=True, env=env, timeout=timeout + 60,
    )  # fmt: skip
    items = [json.loads(line) for line in half.read_text(encoding="utf-8").split("\n") if line]
    figures = [json.loads(line) for line in (work / "figures.jsonl").read_text().splitlines()]
    failed = "claimcheck run failed" in proc.stdout or any(f["claimcheck"] is None for f in figures)
    rows = [(f["gold"], f["claimcheck"]) for f in figures]
    naive = [(f["gold"], f["naive"]) for f in figures]
    flags = sum(1 for f in figures if f["gold"] in FLAGS)
    supported = [f for f in figures if f["gold"] == "supported"]
    if failed:
        tail = "; ".join(proc.stdout.strip().splitlines()[-3:])
        return Row(half.stem, len(items), flags, None, None, None, None, None, 0.0, tail)
    ours = scorer.metrics(rows, [])
    base = scorer.metrics(naive, [])
    flagged = sum(1 for f in supported if f["claimcheck"] in FLAGS) / (len(supported) or 1)
    return Row(
        half.stem, len(items), flags, ours["flag F1"], base["flag F1"], ours["flag precision"],
        ours["flag recall"], ours["contradicted recall"], flagged,
    )  # fmt: skip


def check(row: Row, floors: dict) -> list[str]:
    """The floors this half misses, as sentences."""
    if row.error:
        return [f"{row.name}: claimcheck did not run ({row.error})"]
    rule = floors["halves"].get(row.name, {})
    short: list[str] = []
    f1, naive = row.f1 or 0.0, row.naive_f1 or 0.0
    if row.flags >= floors["min_flags"]:
        if f1 < naive + floors["margin"]:
            short.append(f"{row.name}: F1 {f1:.3f} < naive {naive:.3f} + {floors['margin']}")
        if "f1" in rule and f1 < rule["f1"]:
            short.append(f"{row.name}: F1 {f1:.3f} < floor {rule['f1']}")
    if (
        "contradicted_recall" in rule
        and (row.contradicted_recall or 0.0) < rule["contradicted_recall"]
    ):
        short.append(
            f"{row.name}: contradicted recall {row.contradicted_recall or 0:.3f} "
            f"< floor {rule['contradicted_recall']}"
        )
    if "max_flagged_supported" in rule and row.flagged_supported > rule["max_flagged_supported"]:
        short.append(
            f"{row.name}: {row.flagged_supported:.1%} of supported figures flagged "
            f"> {rule['max_flagged_supported']:.0%}"
        )
    return short


def fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH, help="benchmark folder")
    ap.add_argument("--only", help="comma-separated half names (default: every *.jsonl)")
    ap.add_argument("--keep", type=Path, help="keep each half's work dir under this folder")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    ap.add_argument("--require", action="store_true", help="exit 2 when the folder is missing")
    ap.add_argument("--timeout", type=float, default=900)
    args = ap.parse_args(argv)
    halves = sorted(args.bench.glob("*.jsonl")) if args.bench.is_dir() else []
    if args.only:
        wanted = set(args.only.split(","))
        halves = [h for h in halves if h.stem in wanted]
    if not halves or not (args.bench / "score.py").is_file():
        print(f"accuracy gate skipped: no benchmark halves and score.py in {args.bench}")
        return 2 if args.require else 0
    scorer = load_scorer(args.bench)
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        for half in halves:
            work = (args.keep or Path(tmp)) / half.stem
            work.mkdir(parents=True, exist_ok=True)
            rows.append(score_half(scorer, half, work, args.timeout))
    head = ("half", "claims", "flags", "F1", "naive F1", "precision", "recall",
            "contradicted recall", "supported flagged")  # fmt: skip
    lines = []
    for r in rows:
        cells = (r.name, str(r.claims), str(r.flags), "ABORT" if r.error else fmt(r.f1),
                 fmt(r.naive_f1), fmt(r.precision), fmt(r.recall), fmt(r.contradicted_recall),
                 f"{r.flagged_supported:.1%}")  # fmt: skip
        lines.append(cells)
    if args.markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + " --- |" * len(head))
        for cells in lines:
            print("| " + " | ".join(cells) + " |")
    else:
        widths = [max(len(h), *(len(c[i]) for c in lines)) for i, h in enumerate(head)]
        for cells in (head, *lines):
            print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)))
    short = [s for r in rows for s in check(r, floors)]
    for s in short:
        print(f"below floor: {s}")
    print(f"accuracy gate {'fails' if short else 'holds'} on {len(rows)} dev halves")
    return 1 if short else 0


if __name__ == "__main__":
    raise SystemExit(main())
