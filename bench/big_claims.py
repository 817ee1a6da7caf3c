"""One very large claims file, validated: the memory target of streaming claims files.

    python bench/big_claims.py                  # 235,000 claims (470,000 figures), about 66 MB
    python bench/big_claims.py --claims 60000   # quicker

Writes a claims file of plain claims (two figures each, in the block style people write), runs
``claimcheck validate`` on it as its own process and prints the file size, wall time and the
process's peak resident memory (``ru_maxrss`` of the child). The target: 235,000 claims under
500 MB. ``--whole`` also times the reader that composes the file's whole node tree (the path
files with tags, aliases or ``sources:`` after ``claims:`` still take), for comparison.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_MB = 500

HEAD = """\
article:
  title: A year of quarterly results
  url: https://example.com/archive
sources:
  1: {url: "https://example.com/results"}
  2: {url: "https://example.com/annual-report.pdf"}
claims:
"""


def claim(n: int) -> str:
    unit, pct = n % 997, n % 41
    return (
        f"  - id: c{n}\n"
        f'    text: "Revenue of unit {unit} grew {pct}% to {n}.5 million dollars in Q{n % 4 + 1}"\n'
        f"    sources: [{n % 2 + 1}]\n"
        f"    figures:\n"
        f'      - value: "{pct}%"\n'
        f"        about: unit {unit} revenue growth\n"
        f"        change: increase\n"
        f'      - value: "${n}.5 million"\n'
        f"        about: unit {unit} revenue\n"
    )


def write(path: Path, claims: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for n in range(claims):
            out.write(claim(n))


# the child reports its own peak as it exits (RUSAGE_CHILDREN would give the largest child yet)
PEAK = (
    "import atexit, resource, sys\n"
    "atexit.register(lambda: print('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
    " file=sys.stderr))\n"
)


def measure(code: str) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB and exit code of one Python child running ``code``."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAK + code], capture_output=True, text=True)
    wall = time.perf_counter() - start
    told = [line for line in done.stderr.splitlines() if line.startswith("PEAK ")]
    if done.returncode not in (0, 1) or not told:
        sys.exit(f"the child failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return wall, int(told[-1].split()[1]) / 1024, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=235_000)
    parser.add_argument("--whole", action="store_true", help="also time the whole-tree reader")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "archive.yaml"
        write(path, args.claims)
        size = path.stat().st_size / 1e6
        print(f"{args.claims:,} claims ({2 * args.claims:,} figures), {size:.0f} MB")
        validate = (
            "import sys; from claimcheck.cli import main; "
            f"sys.argv = ['claimcheck', 'validate', {str(path)!r}]; main()"
        )
        wall, peak, code = measure(validate)
        verdict = "under" if peak < TARGET_MB else "OVER"
        print(f"claimcheck validate: {wall:.1f} s, peak {peak:.0f} MB ({verdict} the "
              f"{TARGET_MB} MB target), exit {code}")  # fmt: skip
        if args.whole:
            whole = (
                "from pathlib import Path; from claimcheck.claimsfile import _validate_whole; "
                f"p = Path({str(path)!r}); _validate_whole(p, p.read_bytes(), None)"
            )
            wall, peak, _ = measure(whole)
            print(f"whole-tree reader: {wall:.1f} s, peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
