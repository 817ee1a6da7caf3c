"""Generate a synthetic audit workload: N local HTML pages and claims with M figures citing them.

Pages are 40-500 KB of what real financial sources hold: a navigation menu, prose paragraphs
with figures, results tables with a scale note, and footer boilerplate. Claims cite the pages
through `path:` sources; about a quarter of the figures are wrong (a different value, a scale
slip, the wrong direction), the rest are stated as the page states them or rounded.

    python bench/workload.py OUT_DIR --pages 1000 --figures 10000 [--seed 1]

Deterministic for a given seed. Writes OUT_DIR/claims/*.yaml (one claims file per 100 pages)
and the pages they cite, OUT_DIR/claims/pages/*.html.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

SEGMENTS = (
    "cloud", "marketplace", "logistics", "advertising", "payments", "devices", "media",
    "healthcare", "travel", "gaming", "education", "energy", "mobility", "insurance",
)  # fmt: skip
METRICS = ("revenue", "operating income", "adjusted EBITA", "gross profit", "net income")
FILLER = (
    "The company said demand held up across its main markets during the period.",
    "Management repeated its outlook for the full year and pointed to steady customer demand.",
    "Costs for data centres and delivery networks continued to weigh on margins.",
    "The board reviewed the capital plan and the pace of share buybacks at its meeting.",
    "Executives said pricing stayed rational despite competition from newer entrants.",
)


@dataclass(frozen=True)
class Fact:
    segment: str
    metric: str
    millions: int  # value in RMB millions
    growth: int  # percent, year over year


def page_facts(rng: random.Random, n: int) -> list[Fact]:
    return [
        Fact(
            segment=rng.choice(SEGMENTS) + f" unit {i}",
            metric=rng.choice(METRICS),
            millions=rng.randint(1_200, 95_000),
            growth=rng.randint(2, 60),
        )
        for i in range(n)
    ]


def render_page(rng: random.Random, index: int, facts: list[Fact], size: int) -> str:
    menu = "".join(f"<li><a href='/s/{i}'>Section {i}</a></li>" for i in range(40))
    head = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>Company {index} results</title><style>body{{font:14px sans-serif}}</style>"
        "<script>window.dataLayer=[];</script></head><body>"
        f"<header><nav><ul>{menu}</ul></nav></header>"
        "<div class='cookie-banner'>We use cookies. Accept all 100% of them?</div><main><article>"
        f"<h1>Company {index} announces quarterly results</h1>"
    )
    parts = [head]
    for fact in facts:
        parts.append(
            f"<h2>{fact.segment.title()}</h2><p>{fact.metric.capitalize()} of {fact.segment} was "
            f"RMB{fact.millions:,} million, an increase of {fact.growth}% year-over-year. "
            f"{rng.choice(FILLER)}</p>"
        )
    rows = "".join(
        f"<tr><td>{f.segment}</td><td>{int(f.millions / (1 + f.growth / 100)):,}</td>"
        f"<td>{f.millions:,}</td><td>{f.growth}%</td></tr>"
        for f in facts
    )
    parts.append(
        "<table><caption>(in millions of RMB, except percentages)</caption><thead><tr>"
        "<th>Segment</th><th>Prior-year quarter</th><th>This quarter</th><th>YoY %</th></tr>"
        f"</thead><tbody>{rows}</tbody></table>"
    )
    length = sum(map(len, parts))
    while length < size:
        para = " ".join(rng.choice(FILLER) for _ in range(6))
        extra = f"<p>{para} Orders rose {rng.randint(1, 90)}% in one region.</p>"
        parts.append(extra)
        length += len(extra)
    parts.append("</article></main><footer>Copyright. Related: shares up 45%.</footer></body>")
    parts.append("</html>")
    return "".join(parts)


def claim_for(rng: random.Random, fact: Fact, wrong: bool) -> tuple[str, list[dict[str, str]]]:
    billions = fact.millions / 1000
    value = f"{billions:.1f} billion yuan"
    growth = f"{fact.growth}%"
    change = "increase"
    if wrong:
        kind = rng.choice(("value", "scale", "direction"))
        if kind == "value":
            value = f"{billions * rng.choice((0.7, 1.3)):.1f} billion yuan"
        elif kind == "scale":
            value = f"{billions:.1f} million yuan"
        else:
            change = "decrease"
    verb = "grew" if change == "increase" else "fell"
    text = f"{fact.metric.capitalize()} of {fact.segment} {verb} {growth} to {value}"
    figures = [
        {"value": growth, "about": f"{fact.segment} {fact.metric} growth", "change": change},
        {"value": value, "about": f"{fact.segment} {fact.metric}"},
    ]
    return text, figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--figures", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--min-kb", type=int, default=40)
    parser.add_argument("--max-kb", type=int, default=500)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    claims_dir = args.out / "claims"
    pages_dir = claims_dir / "pages"  # path: sources must sit inside the claims folder
    pages_dir.mkdir(parents=True, exist_ok=True)
    claims_dir.mkdir(parents=True, exist_ok=True)
    claims_per_page = max(1, args.figures // (2 * args.pages))
    facts_per_page = max(claims_per_page, 6)
    blocks: list[list[str]] = []
    for p in range(args.pages):
        facts = page_facts(rng, facts_per_page)
        size = rng.randint(args.min_kb, args.max_kb) * 1024
        (pages_dir / f"page{p:05d}.html").write_text(render_page(rng, p, facts, size), "utf-8")
        entries = []
        for c, fact in enumerate(rng.sample(facts, claims_per_page)):
            text, figures = claim_for(rng, fact, wrong=rng.random() < 0.25)
            figs = "\n".join(
                f'      - {{value: "{f["value"]}", about: "{f["about"]}"'
                + (f", change: {f['change']}" if "change" in f else "")
                + "}"
                for f in figures
            )
            entries.append(
                f'  - id: p{p}-c{c}\n    text: "{text}"\n    sources: [{p}]\n    figures:\n{figs}\n'
            )
        blocks.append(entries)
    for start in range(0, args.pages, 100):
        chunk = range(start, min(start + 100, args.pages))
        sources = "".join(f"  {p}: {{path: pages/page{p:05d}.html}}\n" for p in chunk)
        claims = "".join(e for p in chunk for e in blocks[p])
        (claims_dir / f"batch{start // 100:03d}.yaml").write_text(
            f"article:\n  title: Synthetic batch {start // 100}\nsources:\n{sources}"
            f"claims:\n{claims}",
            "utf-8",
        )
    n_figures = sum(len(e) for e in blocks) * 2
    print(f"{args.pages} pages, {n_figures} figures in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
