"""The terminal table: one row per figure, grouped by claim, then a summary line.

Colour only on a terminal and when NO_COLOR is unset; otherwise plain text that reads well in a
CI log.
"""

from __future__ import annotations

import io
import os

from claimcheck.results import Report, Verdict

STYLES = {
    Verdict.SUPPORTED: "green",
    Verdict.APPROXIMATE: "cyan",
    Verdict.CONTRADICTED: "bold red",
    Verdict.UNSUPPORTED: "red",
    Verdict.UNVERIFIABLE: "yellow",
    Verdict.UNCITED: "magenta",
}


def summary_line(report: Report) -> str:
    """'5 claims (2 contradicted, ...); 9 figures (4 supported, ...)' for logs and terminals."""

    def counts(summary: dict[str, int]) -> str:
        parts = [f"{summary[v.value]} {v.value}" for v in Verdict if summary.get(v.value)]
        return f" ({', '.join(parts)})" if parts else ""

    claims = report.summary()
    figures = report.figure_summary()
    return (
        f"{claims['claims']} claims{counts(claims)}; {figures['figures']} figures{counts(figures)}"
    )


def render(report: Report, color: bool | None = None, width: int | None = None, **_: object) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    if color is None:
        color = False
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color or "NO_COLOR" in os.environ,
        width=width or 120,
        highlight=False,
    )
    table = Table(show_lines=False, expand=False, pad_edge=False)
    for name in ("claim", "figure", "verdict", "source says", "src", "why"):
        table.add_column(name, overflow="fold")
    for claim in report.claims:
        first = True
        rows = claim.figures or ()
        # every cell is a Text: claims and pages may contain "[...]", which rich would read
        # as markup
        if not rows:
            table.add_row(
                Text(claim.id), "", Text(claim.verdict.value, STYLES[claim.verdict]), "", "", ""
            )
        for fig in rows:
            label = claim.id if first else ""
            first = False
            verdict = fig.verdict.value + (" (waived)" if fig.waived else "")
            table.add_row(
                Text(label),
                Text(fig.value),
                Text(verdict, STYLES.get(fig.verdict, "")),
                Text(fig.found or ""),
                Text(fig.source or ""),
                Text(fig.detail),
            )
    console.print(table)
    console.print(Text(summary_line(report)), soft_wrap=True)
    return buffer.getvalue()
