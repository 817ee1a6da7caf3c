"""Markdown for a CI job summary (``$GITHUB_STEP_SUMMARY``) or an issue: counts, then what fails.

GitHub-flavoured Markdown: pipe tables, ``<br>`` for line breaks inside a cell. Every piece of
text that comes from a claims file or a source is escaped so that it renders as the same text and
nothing else: no table cell broken by ``|`` or a newline, no HTML, no emphasis or links, no math
from dollar amounts, and no ``@mention`` pinging someone when the report is pasted into an issue.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from claimcheck.config import DEFAULT_FAIL_ON
from claimcheck.model.results import SUMMARY_ORDER, ClaimResult, FigureResult, Report
from claimcheck.report.baseline import BaselineDiff, Finding, failures
from claimcheck.report.html import evidence_parts, is_web_url

# punctuation that starts inline Markdown (emphasis, code, links, strikethrough, GitHub math)
_INLINE = re.compile(r"([\\`*_\[\]~$|])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+")
# safe in a link destination; everything else (spaces, quotes, parentheses, pipes) is encoded
_URL_SAFE = ":/?#@!$&'*+,;=%-._~"
# a GitHub job summary is capped at 1 MiB and nobody reads a longer table; the rest is in JSON/HTML
MAX_ROWS = 300


def text(value: object, strip: bool = True) -> str:
    """Escape any text for a Markdown table cell (also fine in a list item)."""
    s = _CONTROL.sub("", str(value))
    s = _SPACE.sub(" ", s)  # newlines would end the table row
    if strip:
        s = s.strip()
    s = html.escape(s, quote=False)
    s = _INLINE.sub(r"\\\1", s)
    # a word joiner after @ keeps the text but stops GitHub linking (and notifying) a user
    return s.replace("@", "@\u2060")


def link(label: str, url: str | None) -> str:
    """A Markdown link when ``url`` is http(s); otherwise the label and the location as text."""
    if not url:
        return text(label)
    if is_web_url(url):
        return f"[{text(label)}]({quote(url, safe=_URL_SAFE)})"
    return text(url) if label == url else f"{text(label)}: {text(url)}"


def _where(claim: ClaimResult, fig: FigureResult | None = None) -> str:
    line = fig.line if fig is not None and fig.line else claim.line
    return f"{claim.file}:{line}" if line else claim.file


def _evidence(fig: FigureResult) -> str:
    if not fig.evidence:
        return ""
    if fig.closest_only:
        return f"closest passage: {text(fig.evidence)}"
    parts = evidence_parts(fig)
    if parts is None:
        return text(fig.evidence)
    before, found, after = parts
    # <b>, not **: emphasis delimiters next to punctuation or letters ("US$4,662") may not open
    out = f"{text(before, strip=False)}<b>{text(found)}</b>{text(after, strip=False)}".strip()
    if fig.page:
        out += f" (page {fig.page})"
    return out


def _verdict_cell(fig: FigureResult | None, claim: ClaimResult, status: str | None) -> str:
    verdict = fig.verdict.value if fig is not None else claim.verdict.value
    lines = [f"**{verdict}**" + (f" ({text(fig.reason)})" if fig is not None else "")]
    if fig is not None and fig.detail:
        lines.append(text(fig.detail))
    expired = (fig.waiver_expired if fig is not None else None) or claim.waiver_expired
    if expired:
        lines.append(f"waiver expired {text(expired)}")
    if status == "new":
        lines.append("**new** since the baseline")
    return "<br>".join(lines)


def _summary(report: Report, fail_on: tuple[str, ...], failing: int) -> list[str]:
    s = report.summary()
    figures = report.figure_summary()["figures"]
    waived = sum(1 for c in report.claims if c.waived)
    expired = sum(1 for c in report.claims if c.waiver_expired)
    coverage = report.coverage()
    if coverage.checked_nothing:
        head = "## claimcheck: nothing was checked"
    elif failing:
        head = f"## claimcheck: {failing} failing claim{'s' if failing != 1 else ''}"
    else:
        head = "## claimcheck: no failing claims"
    facts = [
        f"{s['claims']} claims, {figures} figures",
        f"fail on: {', '.join(fail_on) or 'nothing'}",
    ]
    if waived:
        facts.append(f"{waived} waived")
    if expired:
        facts.append(f"{expired} with an expired waiver")
    version = f"claimcheck {report.tool_version}".strip()
    facts.append(f"{version}, {report.generated_at}")
    names = [v.value for v in SUMMARY_ORDER]
    return [
        head,
        "",
        f"**{text(coverage.line())}**",
        "",
        text(" · ".join(facts)),
        "",
        "| claims | " + " | ".join(names) + " |",
        "| ---: | " + " | ".join("---:" for _ in names) + " |",
        f"| {s['claims']} | " + " | ".join(str(s[n]) for n in names) + " |",
    ]


def _failing_table(
    report: Report, fail_on: tuple[str, ...], baseline: BaselineDiff | None, max_rows: int | None
) -> list[str]:
    rows = failures(report, fail_on)
    if not rows:
        return []
    more = len(rows) - max_rows if max_rows is not None and len(rows) > max_rows else 0
    if more:
        rows = rows[:max_rows]
    out = [
        "",
        "### Failing claims",
        "",
        "| claim | figure | verdict | source says | evidence | source |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for claim, fig in rows:
        status = None
        if baseline is not None:
            value = fig.value if fig is not None else ""
            verdict = fig.verdict.value if fig is not None else claim.verdict.value
            status = baseline.status(claim.file, claim.id, value, verdict)
        cells = [
            "<br>".join([f"<b>{text(claim.id)}</b>", text(_where(claim, fig)), text(claim.text)]),
            text(fig.value) if fig is not None and fig.value else "(no figure)",
            _verdict_cell(fig, claim, status),
            f"<b>{text(fig.found)}</b>" if fig is not None and fig.found else "",
            _evidence(fig) if fig is not None else "",
            link(f"[{fig.source}]", fig.url) if fig is not None and fig.source else "",
        ]
        out.append("| " + " | ".join(cells) + " |")
    if more:
        out += ["", f"… and {more} more failing figures: see the JSON or HTML report."]
    return out


def _waivers(report: Report) -> list[str]:
    waived: list[str] = []
    expired: list[str] = []
    for claim in report.claims:
        if claim.waived:
            waived.append(
                f"- <b>{text(claim.id)}</b> ({text(_where(claim))}, {claim.verdict.value}): "
                f"{text(claim.waived)}"
            )
        else:
            # a waiver may cover some figures of a claim that still fails on others
            for fig in claim.figures:
                if fig.waived:
                    waived.append(
                        f"- <b>{text(claim.id)}</b> {text(fig.value)} "
                        f"({text(_where(claim, fig))}, {fig.verdict.value}): {text(fig.waived)}"
                    )
        if claim.waiver_expired:
            expired.append(
                f"- <b>{text(claim.id)}</b> ({text(_where(claim))}, {claim.verdict.value}): "
                f"the waiver expired on {text(claim.waiver_expired)}"
            )
    out: list[str] = []
    if waived:
        out += ["", "### Waived", "", *waived]
    if expired:
        out += ["", "### Expired waivers", "", *expired]
    return out


def _unreadable(report: Report) -> list[str]:
    rows: dict[str, str] = {}
    for src in report.sources:
        if src.error and src.url not in rows:
            why = text(src.error) + (f": {text(src.error_detail)}" if src.error_detail else "")
            rows[src.url] = f"| {link(src.url, src.url)} | {why} |"
    out: list[str] = []
    if rows:
        out += ["", "### Sources that could not be read", "", "| source | why |", "| --- | --- |",
                *rows.values()]  # fmt: skip
    stale: dict[str, str] = {}
    for src in report.sources:
        if src.stale and src.url not in stale:
            why = text(src.live_error or "refetch failed")
            stale[src.url] = f"| {link(src.url, src.url)} | {why} | {text(src.fetched_at or '')} |"
    if stale:
        # a dead link: verdicts still rest on the copy cached before, which a reviewer must know
        title = "### Sources that failed to refetch (verdicts use the cached copy)"
        head = ["| source | why | cached copy from |", "| --- | --- | --- |"]
        out += ["", title, "", *head, *stale.values()]
    return out


def _findings(title: str, items: Iterable[Finding]) -> list[str]:
    out = []
    for f in items:
        figure = f" {text(f.value)}" if f.value else ""
        was = f", was {f.previous_verdict}" if f.previous_verdict else ""
        line = f"{f.file}:{f.line}" if f.line else f.file
        out.append(f"- <b>{text(f.claim)}</b>{figure} ({text(line)}): {text(f.verdict)}{was}")
    return ["", f"**{title}**", "", *out] if out else []


def _baseline(diff: BaselineDiff) -> list[str]:
    since = f" ({text(diff.previous_generated_at)})" if diff.previous_generated_at else ""
    counts = (
        f"{len(diff.new)} new, {len(diff.known)} known, {len(diff.fixed)} fixed, "
        f"{len(diff.removed)} removed; {len(diff.changed_sources)} cited "
        f"page{'s' if len(diff.changed_sources) != 1 else ''} changed"
    )
    out = ["", f"### Since the baseline{since}", "", counts]
    out += _findings("New failures", diff.new)
    out += _findings("Fixed", diff.fixed)
    out += _findings("Removed claims", diff.removed)
    if diff.changed_sources:
        out += ["", "**Changed sources**", ""]
        for change in diff.changed_sources:
            old = (change.previous_sha256 or "unread")[:12]
            new = (change.sha256 or "unread")[:12]
            out.append(f"- {link(change.url, change.url)}: {text(old)} → {text(new)}")
    return out


@dataclass(frozen=True)
class Options:
    """``fail_on``: the verdicts that fail; ``baseline``: the comparison with an earlier report
    (new and known failures, fixed claims); ``max_rows`` caps the failing-figures table (None:
    no cap)."""

    fail_on: tuple[str, ...] = DEFAULT_FAIL_ON
    baseline: BaselineDiff | None = None
    max_rows: int | None = MAX_ROWS


def render(report: Report, options: Options | None = None) -> str:
    opts = options or Options()
    wanted, baseline, max_rows = tuple(opts.fail_on), opts.baseline, opts.max_rows
    failing = len(report.failing(wanted))
    lines = _summary(report, wanted, failing)
    lines += _failing_table(report, wanted, baseline, max_rows)
    lines += _waivers(report)
    lines += _unreadable(report)
    if baseline is not None:
        lines += _baseline(baseline)
    return "\n".join(lines) + "\n"
