"""The terminal table: how much could be checked, one row per figure grouped by claim, the
sources that could not be read or refetched, then a summary line.

Colour only on a terminal and when NO_COLOR is unset; otherwise plain text that reads well in a
CI log. The table fits the given width: claim ids are never broken, other text wraps at spaces
(and only a token longer than its column, such as a URL, is folded).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from claimcheck.model.results import FigureResult, Report, SourceResult, Verdict

DEFAULT_WIDTH = 120  # when the width is unknown (a pipe, a file)

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
    return counts_line(report.summary(), report.figure_summary())


def counts_line(claims: dict[str, int], figures: dict[str, int]) -> str:
    """The summary line from the counts (a streamed report keeps counts, not claims)."""

    def counts(summary: dict[str, int]) -> str:
        parts = [f"{summary[v.value]} {v.value}" for v in Verdict if summary.get(v.value)]
        return f" ({', '.join(parts)})" if parts else ""

    return (
        f"{claims['claims']} claims{counts(claims)}; {figures['figures']} figures{counts(figures)}"
    )


def lead_line(report: Report) -> str:
    """What a report says first: how many cited figures could be checked."""
    coverage = report.coverage()
    if coverage.checked_nothing:
        return f"Nothing was checked: {coverage.line()}"
    return coverage.line().capitalize() if coverage.figures_cited == 0 else coverage.line()


def source_notes(sources: tuple[SourceResult, ...]) -> list[str]:
    """One line per source that could not be read, or whose refetch failed (dead or stale)."""
    unread: dict[str, str] = {}
    stale: dict[str, str] = {}
    for src in sources:
        if src.error and src.url not in unread:
            why = f"{src.error}: {src.error_detail}" if src.error_detail else src.error
            unread[src.url] = f"  [{src.key}] {src.url}: {why}"
        elif src.stale and src.url not in stale:
            why = src.live_error or "refetch failed"
            stale[src.url] = f"  [{src.key}] {src.url}: {why}; cached copy from {src.fetched_at}"
    lines: list[str] = []
    if unread:
        lines += ["Sources that could not be read:", *unread.values()]
    if stale:
        lines += ["Sources that failed to refetch (verdicts use the cached copy):", *stale.values()]
    return lines


# the claim column takes at most this share of the width; longer ids wrap at their hyphens
ID_SHARE = 0.2
# a text column is at least as wide as its longest word, up to this (a longer token folds)
MAX_WORD = 14
WHY_MIN = 16  # below this the explanation is hard to read: narrower, the rows are stacked
COLUMNS = ("claim", "figure", "verdict", "source says", "src", "why")
OVERHEAD = 3 * len(COLUMNS) - 1  # box lines and cell padding (pad_edge off)
WRAPPING = frozenset({"figure", "source says", "why"})
_ID_PARTS = re.compile(r"[^-_.]+[-_.]*|[-_.]+")


def wrap_id(claim_id: str, width: int) -> str:
    """The id on lines of at most ``width`` characters, broken only after '-', '_' or '.'
    (so no word of it is ever cut; a part longer than the width stays whole)."""
    lines = [""]
    for part in _ID_PARTS.findall(claim_id):
        if lines[-1] and len(lines[-1]) + len(part) > width:
            lines.append("")
        lines[-1] += part
    return "\n".join(lines)


def fit_widths(natural: list[int], minimum: list[int], room: int) -> list[int]:
    """Natural widths when they fit ``room``; else each column's minimum plus a share of what
    is left, in proportion to what it still lacks of its natural width."""
    if sum(natural) <= room:
        return natural
    low = [min(n, m) for n, m in zip(natural, minimum, strict=True)]
    spare = room - sum(low)
    lacking = [n - w for n, w in zip(natural, low, strict=True)]
    total = sum(lacking)
    if spare <= 0 or total <= 0:
        return low
    extra = [min(spare * lack // total, lack) for lack in lacking]
    for i in sorted(range(len(extra)), key=lambda i: -lacking[i])[: spare - sum(extra)]:
        extra[i] += 1  # the rounding remainder, to the columns lacking most
    return [w + x for w, x in zip(low, extra, strict=True)]


def summary_lines(report: Report, width: int | None) -> list[str]:
    """The summary line; split after its ';' only when a known width cannot hold it (a CI log
    keeps it on one line, easy to grep)."""
    line = summary_line(report)
    if width is None or len(line) <= width:
        return [line]
    claims, _, figures = line.partition("; ")
    return [f"{claims};", figures]


def _verdict(fig: FigureResult) -> str:
    return fig.verdict.value + (" (waived)" if fig.waived else "")


def _rows(report: Report) -> list[tuple[tuple[str, ...], Verdict]]:
    """Every row's cells as plain text (the claim id on its claim's first row), with the
    verdict that colours it."""
    out: list[tuple[tuple[str, ...], Verdict]] = []
    for claim in report.claims:
        if not claim.figures:
            out.append(((claim.id, "", claim.verdict.value, "", "", ""), claim.verdict))
        for n, fig in enumerate(claim.figures):
            label = claim.id if n == 0 else ""
            cells = (label, fig.value, _verdict(fig), fig.found or "", fig.source or "", fig.detail)
            out.append((cells, fig.verdict))
    return out


def _longest_word(texts: Iterable[str]) -> int:
    return min(max((len(w) for t in texts for w in t.split()), default=1), MAX_WORD)


def _widths(rows: list[tuple[str, ...]], full: int) -> list[int]:
    """Natural widths when they fit; else minimums plus a fair share of what is left; []
    when not even the minimums fit."""
    natural = [max([len(name)] + [len(r[i]) for r in rows]) for i, name in enumerate(COLUMNS)]
    longest_part = max((len(p) for r in rows for p in _ID_PARTS.findall(r[0])), default=5)
    natural[0] = min(natural[0], max(int(full * ID_SHARE), longest_part))
    # ids wrap only at their hyphens, verdicts and source keys are never cut, the text columns
    # keep their longest word (header included) and "why" a readable width
    minimum = [
        natural[0],
        max(_longest_word(r[1] for r in rows), len("figure")),
        natural[2],
        max(_longest_word(r[3] for r in rows), len("source")),
        natural[4],
        min(natural[5], WHY_MIN),
    ]
    room = full - OVERHEAD
    if sum(minimum) > room:
        return []  # no table reads well this narrow: the caller stacks the rows instead
    return fit_widths(natural, minimum, room)


@dataclass(frozen=True)
class Options:
    """``color``: ANSI colours and styles (the CLI asks for them on a terminal without
    NO_COLOR); ``width``: the width to fit, or None for DEFAULT_WIDTH with the summary left
    unwrapped (a pipe, a file)."""

    color: bool = False
    width: int | None = None


def render(report: Report, options: Options | None = None) -> str:
    from rich.console import Console
    from rich.text import Text

    opts = options or Options()
    color, width = opts.color, opts.width
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color or "NO_COLOR" in os.environ,
        width=width or DEFAULT_WIDTH,
        highlight=False,
    )
    console.print(Text(lead_line(report)))
    rows = _rows(report)
    widths = _widths([cells for cells, _ in rows], console.width)
    if not widths:
        _stacked(console, report)
    else:
        console.print(_table(rows, widths))
    for line in source_notes(report.sources):
        console.print(Text(line))
    for line in summary_lines(report, width):
        console.print(Text(line), soft_wrap=width is None)
    return buffer.getvalue()


def _table(rows: list[tuple[tuple[str, ...], Verdict]], widths: list[int]) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False, expand=False, pad_edge=False)
    for name, w in zip(COLUMNS, widths, strict=True):
        table.add_column(name, width=w, no_wrap=name not in WRAPPING, overflow="fold")
    for cells, verdict in rows:
        # every cell is a Text: claims and pages may contain "[...]", which rich would read
        # as markup
        table.add_row(
            Text(wrap_id(cells[0], widths[0])),
            Text(cells[1]),
            Text(cells[2], STYLES.get(verdict, "")),
            *(Text(c) for c in cells[3:]),
        )
    return table


def _stacked(console: Any, report: Report) -> None:
    """For a terminal too narrow for any table: each claim's id on its own line(s), then one
    indented block per figure."""
    from rich.padding import Padding
    from rich.text import Text

    for claim in report.claims:
        console.print(Text(wrap_id(claim.id, console.width), style="bold"))
        for fig in claim.figures:
            line = Text(f"{fig.value}  ")
            line.append(_verdict(fig), STYLES.get(fig.verdict, ""))
            if fig.source:
                line.append(f"  [{fig.source}]")
            if fig.found:
                line.append(f"  source says {fig.found}")
            console.print(Padding(line, (0, 0, 0, 2)))
            if fig.detail:
                console.print(Padding(Text(fig.detail), (0, 0, 0, 4)))
        if not claim.figures:
            console.print(Text(f"  {claim.verdict.value}", STYLES[claim.verdict]))
