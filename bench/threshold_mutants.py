"""Which matcher thresholds does no test pin? Change each one, run the matcher tests, report.

Every field of :class:`claimcheck.match.thresholds.Thresholds` and every constant of
:mod:`claimcheck.match.relations` is moved one way and then the other (numbers up and down by
a third, counts by one); a constant whose every move leaves ``tests/match`` green is reported as
unpinned. Run it after changing a threshold or adding one.

    python bench/threshold_mutants.py            # all of them (about a minute)
    python bench/threshold_mutants.py support    # only the fields whose name contains "support"
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

# run inside pytest: patch one constant from the environment before the tests import the matcher
_PLUGIN = """
import os


def pytest_configure(config):
    name, value = os.environ["CLAIMCHECK_MUTANT"].split("=", 1)
    import claimcheck.match.relations as rel
    import claimcheck.match.thresholds as th

    if hasattr(rel, name):
        setattr(rel, name, type(getattr(rel, name))(value))
        return
    current = getattr(th.T, name)
    if isinstance(current, tuple):
        new = tuple(float(v) for v in value.split(","))
    else:
        new = type(current)(value)
    # the one Thresholds object every default argument points at, changed in place
    object.__setattr__(th.T, name, new)
"""


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
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from claimcheck.match import relations
    from claimcheck.match.thresholds import T

    constants: dict[str, object] = {f.name: getattr(T, f.name) for f in dataclasses.fields(T)}
    constants.update({name: getattr(relations, name) for name in RELATION_CONSTANTS})
    plugin = ROOT / "bench" / "out" / "mutant_plugin.py"
    plugin.parent.mkdir(parents=True, exist_ok=True)
    plugin.write_text(_PLUGIN, encoding="utf-8")
    unpinned = []
    for name, value in constants.items():
        if args.only not in name:
            continue
        caught = []
        for move in moves(value):
            env = {**os.environ, "CLAIMCHECK_MUTANT": f"{name}={move}",
                   "PYTHONPATH": str(plugin.parent)}  # fmt: skip
            proc = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-x", "-p", "mutant_plugin",
                 "tests/match"],
                cwd=ROOT, env=env, capture_output=True, text=True,
            )  # fmt: skip
            caught.append(proc.returncode != 0)
        state = "pinned" if all(caught) else ("half-pinned" if any(caught) else "UNPINNED")
        print(f"{name:24} {state}")
        if not all(caught):
            unpinned.append(name)
    print(f"{len(unpinned)} constants not pinned both ways: {', '.join(unpinned) or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
