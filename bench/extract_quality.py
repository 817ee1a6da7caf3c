"""How clean is extracted text? Main-content recall and boilerplate-figure leakage on pages
written for the purpose (tests/fixtures/boilerplate/, annotated in expected.json).

    python bench/extract_quality.py              # totals and one line per page
    python bench/extract_quality.py --details    # also every missed and leaked string
    python bench/extract_quality.py --trafilatura   # also trafilatura, when it is installed

*Recall* is the share of the annotated main-content strings (headlines, sentences with figures,
table rows as "a | b | c", captions) found in the extracted text; *leakage* is the share of the
annotated boilerplate figures (tickers, link bars, teasers, sidebars, reference lists, feedback
widgets, footers) that survive. A string counts as found when it occurs with no letter or digit
glued to either end (Latin letters and digits; CJK text has no spaces), after whitespace is
collapsed. The target: leakage 0 with recall 100%.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "boilerplate"
# --src DIR measures another version of the extractor (e.g. an older commit unpacked with
# `git archive COMMIT src | tar -x -C DIR`)
_SRC = sys.argv[sys.argv.index("--src") + 1] if "--src" in sys.argv else str(ROOT / "src")
sys.path.insert(0, _SRC)

from claimcheck.extract import Document, extract  # noqa: E402

Extractor = Callable[[bytes], str]


def squash(text: str) -> str:
    return " ".join(text.split())


def found(needle: str, text: str) -> bool:
    # Latin letters and digits only: "上涨5.3%" contains "5.3%" (CJK has no spaces)
    pattern = rf"(?<![A-Za-z0-9]){re.escape(squash(needle))}(?![A-Za-z0-9])"
    return re.search(pattern, text) is not None


def visible(page: bytes) -> str:
    """All text of the page, tags stripped: what the annotations must come from."""
    text = re.sub(rb"<(script|style|head)\b.*?</\1>", b" ", page, flags=re.S | re.I)
    text = re.sub(rb"<[^>]+>", b" ", text)
    return squash(html.unescape(text.decode("utf-8")))


def claimcheck_text(page: bytes) -> str:
    doc = extract(page, "text/html")
    return squash(doc.text) if isinstance(doc, Document) else ""


def trafilatura_text(page: bytes) -> str:
    import trafilatura  # type: ignore[import-not-found]

    return squash(trafilatura.extract(page.decode("utf-8"), include_tables=True) or "")


def measure(name: str, run: Extractor, details: bool, runs: int) -> tuple[float, float]:
    expected = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))["pages"]
    kept = keep_total = leaked = drop_total = 0
    times: list[float] = []
    print(f"\n{name}")
    print(f"{'page':<40} {'recall':>9} {'leaked':>9}  ms")
    for page_name, notes in expected.items():
        page = (FIXTURES / page_name).read_bytes()
        raw = visible(page)
        for item in notes["keep"] + notes["drop"]:
            # a table row is annotated as its cells joined by " | "
            if not all(found(cell, raw) for cell in item.split(" | ")):
                raise SystemExit(f"{page_name}: annotation {item!r} is not in the page")
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            text = run(page)
            samples.append(time.perf_counter() - started)
        times.append(statistics.median(samples))
        missed = [k for k in notes["keep"] if not found(k, text)]
        leaks = [d for d in notes["drop"] if found(d, text)]
        kept += len(notes["keep"]) - len(missed)
        keep_total += len(notes["keep"])
        leaked += len(leaks)
        drop_total += len(notes["drop"])
        print(
            f"{page_name:<40} {len(notes['keep']) - len(missed):>4}/{len(notes['keep']):<4}"
            f" {len(leaks):>4}/{len(notes['drop']):<4} {times[-1] * 1000:5.1f}"
        )
        if details:
            for item in missed:
                print(f"    missed: {item}")
            for item in leaks:
                print(f"    leaked: {item}")
    recall = kept / keep_total
    leakage = leaked / drop_total
    print(
        f"{'total':<40} {kept:>4}/{keep_total:<4} {leaked:>4}/{drop_total:<4}"
        f" {sum(times) * 1000:5.1f}"
    )
    print(f"main-content recall {recall:.1%}; boilerplate figures leaked {leaked} of {drop_total}")
    return recall, leakage


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--details", action="store_true", help="list missed and leaked strings")
    parser.add_argument("--trafilatura", action="store_true", help="also measure trafilatura")
    parser.add_argument("--runs", type=int, default=5, help="timing runs per page (median)")
    parser.add_argument("--src", help="import claimcheck from this src/ folder instead")
    args = parser.parse_args()
    measure(f"claimcheck ({args.src or 'this checkout'})", claimcheck_text, args.details, args.runs)
    if args.trafilatura:
        try:
            import trafilatura  # type: ignore[import-not-found]  # noqa: F401
        except ImportError:
            print("\ntrafilatura is not installed (pip install trafilatura)")
        else:
            measure("trafilatura", trafilatura_text, args.details, args.runs)


if __name__ == "__main__":
    main()
