"""Which matcher thresholds does no test pin? Change each one, run the matcher tests, report.

Every field of :class:`claimcheck.match.thresholds.Thresholds` and every constant of
:mod:`claimcheck.match.relations` is moved one way and then the other (numbers up and down by
a third, counts by one); a constant whose every move leaves ``tests/match`` green is reported as
unpinned. Run it after changing a threshold or adding one.

    python bench/threshold_mutants.py            # all of them (about two minutes)
    python bench/threshold_mutants.py support    # only the fields whose name contains "support"
    python bench/threshold_mutants.py --bench    # a constant no test pins: does the accuracy
                                                 # gate (bench/accuracy.py) notice the move?
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RELATION_CONSTANTS = ("BOUND_STRETCH", "BOUND_SHRINK", "HEDGE_TOLERANCE", "COARSER_STEP")

# applied at interpreter start-up (sitecustomize on PYTHONPATH) in every process the check
# starts: pytest, and the claimcheck runs the accuracy gate's score.py starts
_SITECUSTOMIZE = """
import os

if os.environ.get("CLAIMCHECK_MUTANT"):
    name, value = os.environ["CLAIMCHECK_MUTANT"].split("=", 1)
    import claimcheck.match.relations as rel
    import claimcheck.match.thresholds as th

    if hasattr(rel, name):
        setattr(rel, name, type(getattr(rel, name))(value))
    else:
        current = getattr(th.T, name)
        if isinstance(current, tuple):
            new = tuple(float(v) for v in value.split(","))
        else:
            new = type(current)(value)
        # the one Thresholds object every default argument points at, changed in place
        object.__setattr__(th.T, name, new)
"""
_GATE = [sys.executable, "bench/accuracy.py"]


def moves(value: object) -> list[str]:
    if isinstance(value, tuple):
        return [",".join(str(v * f) for v in value) for f in (1 / 1.5, 1.5)]
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [str(value - 1), str(value + 1)]
    return [str(float(value) / 1.5), str(float(value) * 1.5)]  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("only", nargs="?", default="", help="substring of the names to try")
    ap.add_argument("--bench", action="store_true",
                    help="for moves no test notices, also run the accuracy gate")  # fmt: skip
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from claimcheck.match import relations
    from claimcheck.match.thresholds import T

    constants: dict[str, object] = {f.name: getattr(T, f.name) for f in dataclasses.fields(T)}
    constants.update({name: getattr(relations, name) for name in RELATION_CONSTANTS})
    site = ROOT / "bench" / "out" / "mutant"
    site.mkdir(parents=True, exist_ok=True)
    (site / "sitecustomize.py").write_text(_SITECUSTOMIZE, encoding="utf-8")
    unpinned = []
    for name, value in constants.items():
        if args.only not in name:
            continue
        caught = []
        for move in moves(value):
            env = {**os.environ, "CLAIMCHECK_MUTANT": f"{name}={move}", "PYTHONPATH": str(site)}
            proc = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-x", "tests/match"],
                cwd=ROOT, env=env, capture_output=True, text=True,
            )  # fmt: skip
            by = "tests" if proc.returncode != 0 else ""
            if not by and args.bench:
                gate = subprocess.run(_GATE, cwd=ROOT, env=env, capture_output=True, text=True)
                by = "bench" if gate.returncode == 1 else ""
            caught.append(by)
        state = "pinned" if all(caught) else ("half-pinned" if any(caught) else "UNPINNED")
        print(f"{name:24} {state:12} down: {caught[0] or '-':6} up: {caught[-1] or '-'}")
        if not all(caught):
            unpinned.append(name)
    print(f"{len(unpinned)} constants not pinned both ways: {', '.join(unpinned) or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
