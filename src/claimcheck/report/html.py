"""One self-contained HTML page: counts, a verdict filter, every claim with its evidence.

No external assets, so the file works offline, as a CI artifact and as an e-mail attachment. The
content is plain server-side HTML and readable with JavaScript off; the small inline script only
adds the verdict filter, which honours ``#only=contradicted,unsupported`` (or ``?only=``) on load
so that a filtered view can be bookmarked or linked.

Claims and sources are untrusted text: everything is escaped, only http(s) URLs become links,
and a Content-Security-Policy that allows nothing but this page's own script and style (by hash)
stops anything that slipped through from running or loading.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from claimcheck.config import DEFAULT_FAIL_ON
from claimcheck.model.results import SUMMARY_ORDER, ClaimResult, FigureResult, Report, SourceResult
from claimcheck.report.baseline import BaselineDiff, Finding
from claimcheck.report.html_assets import CSP, CSS, JS
from claimcheck.report.review import closest_note, review_row, waiver_until

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WEB = re.compile(r"https?://", re.IGNORECASE)


def e(value: object) -> str:
    """Escape text for HTML content and double-quoted attribute values."""
    return html.escape(_CONTROL.sub("", str(value)), quote=True)


def is_web_url(url: str | None) -> bool:
    """True for an absolute http(s) URL with a host: the only URLs a report turns into links."""
    if not url or not _WEB.match(url) or any(c.isspace() or ord(c) < 32 for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _relative_href(path: str) -> str | None:
    """An href for a cached copy: a relative path only (no scheme, host or absolute path)."""
    path = path.replace("\\", "/")
    if not path or path.startswith("/") or _CONTROL.search(path):
        return None
    try:
        parts = urlsplit(path)
    except ValueError:
        return None
    if parts.scheme or parts.netloc or ":" in path.split("/", 1)[0]:
        return None
    return quote(path, safe="/-._~")


def evidence_parts(fig: FigureResult) -> tuple[str, str, str] | None:
    """The evidence split around the found figure: (before, found, after), or None.

    The figure's span and the evidence's span are offsets in the same extracted text, so the
    found figure sits at ``span - evidence_span[0]`` inside the evidence. When the spans are
    missing or do not point at the found text, the first occurrence of ``found`` is used.
    """
    evidence, found = fig.evidence, fig.found
    if not evidence or not found:
        return None
    if fig.span is not None and fig.evidence_span is not None:
        start = fig.span[0] - fig.evidence_span[0]
        end = fig.span[1] - fig.evidence_span[0]
        if 0 <= start < end <= len(evidence) and evidence[start:end] == found:
            return evidence[:start], evidence[start:end], evidence[end:]
    at = evidence.find(found)
    if at < 0:
        return None
    return evidence[:at], found, evidence[at + len(found) :]


def _link(url: str | None, label: str) -> str:
    if not url:
        return ""
    if is_web_url(url):
        return f'<a href="{e(url)}" rel="noopener noreferrer" title="{e(url)}">{e(label)}</a>'
    return f'<span title="{e(url)}">{e(label)}</span> <span class="muted">{e(url)}</span>'


def _cached(url: str | None, cache_links: Mapping[str, str]) -> str:
    path = cache_links.get(url or "")
    if not path:
        return ""
    href = _relative_href(path)
    if href is None:
        return f'<span class="muted">cached: {e(path)}</span>'
    return f'<a href="{e(href)}" rel="noopener noreferrer">cached copy</a>'


def _host(url: str | None) -> str:
    if not is_web_url(url):
        return ""
    return urlsplit(url or "").hostname or ""


def _evidence(fig: FigureResult) -> str:
    note = closest_note(fig)
    if not fig.evidence:
        return note
    parts = evidence_parts(fig)
    body = (
        e(fig.evidence)
        if parts is None
        else (f"{e(parts[0])}<mark>{e(parts[1])}</mark>{e(parts[2])}")
    )
    page = f' <span class="muted">(page {fig.page})</span>' if fig.page else ""
    return f"{note}<blockquote>{body}</blockquote>{page}"


def _figure_row(fig: FigureResult, cache_links: Mapping[str, str], status: str | None) -> str:
    v = fig.verdict.value
    notes = []
    if fig.waived:
        notes.append(f'<span class="badge neutral">waived</span> {e(fig.waived)}')
    if fig.waiver_expired:
        notes.append(f'<span class="badge neutral">waiver expired {e(fig.waiver_expired)}</span>')
    if status == "new":
        notes.append('<span class="badge new">new</span>')
    about = f'<div class="about">{e(fig.about)}</div>' if fig.about else ""
    line = f'<div class="where">line {fig.line}</div>' if fig.line else ""
    source = ""
    if fig.source:
        host = _host(fig.url)
        label = f"[{fig.source}]" + (f" {host}" if host else "")
        links = [x for x in (_link(fig.url, label), _cached(fig.url, cache_links)) if x]
        source = "<br>".join(links) or e(f"[{fig.source}]")
    return (
        f'<tr class="figure" data-verdict="{v}">'
        f'<td class="fig">{e(fig.value) or "<em>(no figure)</em>"}{about}{line}</td>'
        f'<td><span class="badge v-{v}">{v}</span> <code>{e(fig.reason)}</code>'
        f'<div class="detail">{e(fig.detail)}</div>{"".join(notes)}</td>'
        f"<td>{e(fig.found or '')}</td>"
        f"<td>{_evidence(fig)}</td>"
        f"<td>{source}</td></tr>"
    )


def _source_notices(claim: ClaimResult, sources: Mapping[tuple[str, str], SourceResult]) -> str:
    """A notice per cited source that could not be read or whose refetch failed."""
    notes = []
    for key in claim.sources:
        src = sources.get((claim.file, key))
        if src is None:
            continue
        if src.error:
            why = f"{src.error}: {src.error_detail}" if src.error_detail else src.error
            notes.append(
                f'<p class="notice warn">Source [{e(key)}] could not be read ({e(why)}); '
                "a figure it alone cites could not be checked.</p>"
            )
        elif src.stale:
            notes.append(
                f'<p class="notice warn">Source [{e(key)}] failed to refetch '
                f"({e(src.live_error or 'refetch failed')}); its verdicts use the copy cached "
                f"{e(src.fetched_at or 'earlier')}.</p>"
            )
    return "".join(notes)


def _claim(
    n: int,
    claim: ClaimResult,
    failing: bool,
    cache_links: Mapping[str, str],
    baseline: BaselineDiff | None,
    sources: Mapping[tuple[str, str], SourceResult] | None = None,
    review: Review | None = None,
) -> str:
    v = claim.verdict.value
    badges = [f'<span class="badge v-{v}">{v}</span>']
    if claim.waived:
        badges.append('<span class="badge neutral">waived</span>')
    if claim.waiver_expired:
        badges.append(
            f'<span class="badge neutral">waiver expired {e(claim.waiver_expired)}</span>'
        )
    rows = []
    for k, fig in enumerate(claim.figures, 1):
        status = None
        if baseline is not None:
            status = baseline.status(claim.file, claim.id, fig.value, fig.verdict.value)
        rows.append(_figure_row(fig, cache_links, status))
        if review is not None and review.wanted(claim, fig):
            rows.append(review_row(claim, fig, f"{n}-{k}", review.until, columns=5))
    waiver = (
        f'<p class="notice">Waived: {e(claim.waived)}</p>'
        if claim.waived
        else (
            f'<p class="notice">The waiver expired on {e(claim.waiver_expired)}; '
            "the claim is judged again.</p>"
            if claim.waiver_expired
            else ""
        )
    )
    table = (
        "<table><thead><tr><th>figure</th><th>verdict</th><th>source says</th>"
        "<th>evidence</th><th>source</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        if rows
        else '<p class="muted">No figures to check.</p>'
    )
    where = f"{claim.file}:{claim.line}" if claim.line else claim.file
    return (
        f'<article class="claim v-{v}" id="claim-{n}" data-verdict="{v}" '
        f'data-claim="{e(claim.id)}" data-failing="{str(failing).lower()}">'
        f'<header><h3><a href="#claim-{n}">{e(claim.id)}</a></h3>{" ".join(badges)}'
        f'<span class="where">{e(where)}</span></header>'
        f'<p class="text">{e(claim.text)}</p>{_source_notices(claim, sources or {})}'
        f"{waiver}{table}</article>"
    )


def _summary(report: Report, fail_on: tuple[str, ...], failing: int) -> str:
    s = report.summary()
    coverage = report.coverage()
    # each count links to the filtered view (the script applies #only= on hashchange)
    items = "".join(
        f'<li class="v-{v.value}"><a href="#only={v.value}"><span class="n">{s[v.value]}</span>'
        f'<span class="label">{v.value}</span></a></li>'
        for v in SUMMARY_ORDER
    )
    waived = sum(1 for c in report.claims if c.waived)
    expired = sum(1 for c in report.claims if c.waiver_expired)
    extra = (f", {waived} waived" if waived else "") + (
        f", {expired} with an expired waiver" if expired else ""
    )
    head = (
        f"{failing} of {s['claims']} claims fail"
        if failing
        else f"No failing claims ({s['claims']})"
    )
    nothing = (
        f'<p class="notice nothing"><strong>Nothing was checked: {e(coverage.line())}.</strong> '
        "An audit that checked nothing is not a pass (exit code 2).</p>"
        if coverage.checked_nothing
        else f'<p class="coverage"><strong>{e(coverage.line())}.</strong></p>'
    )
    return (
        f"{nothing}"
        f'<p class="lead"><strong>{head}</strong>{extra}. '
        f"Failing verdicts: {e(', '.join(fail_on) or 'none')}.</p>"
        f'<ul class="counts">{items}</ul>'
    )


def _filter(report: Report, fail_on: tuple[str, ...]) -> str:
    s = report.summary()
    boxes = "".join(
        f'<label class="v-{v.value}"><input type="checkbox" name="verdict" value="{v.value}" '
        f"checked> {v.value} ({s[v.value]})</label>"
        for v in SUMMARY_ORDER
    )
    return (
        f'<form id="filter" class="filter" hidden data-fail-on="{e(",".join(fail_on))}" '
        f'aria-label="Filter claims by verdict"><strong>Show</strong>{boxes}'
        '<button type="button" data-preset="failing">failing verdicts</button>'
        '<button type="button" data-preset="all">all</button>'
        '<output id="shown" class="muted"></output></form>'
    )


def _findings(title: str, items: Iterable[Finding]) -> str:
    lis = []
    for f in items:
        where = f"{f.file}:{f.line}" if f.line else f.file
        was = f" (was {e(f.previous_verdict)})" if f.previous_verdict else ""
        lis.append(
            f"<li><strong>{e(f.claim)}</strong> {e(f.value)} "
            f'<span class="where">{e(where)}</span>: {e(f.verdict)}{was}</li>'
        )
    return f"<h3>{title}</h3><ul>{''.join(lis)}</ul>" if lis else ""


def _baseline(diff: BaselineDiff) -> str:
    since = f" ({e(diff.previous_generated_at)})" if diff.previous_generated_at else ""
    changed = "".join(
        f'<li>{_link(c.url, c.url)}: <span class="sha">{e((c.previous_sha256 or "unread")[:12])}'
        f" → {e((c.sha256 or 'unread')[:12])}</span></li>"
        for c in diff.changed_sources
    )
    return (
        f'<section id="baseline"><h2>Since the baseline{since}</h2>'
        f"<p>{len(diff.new)} new, {len(diff.known)} known, {len(diff.fixed)} fixed, "
        f"{len(diff.removed)} removed; {len(diff.changed_sources)} cited pages changed.</p>"
        + _findings("New failures", diff.new)
        + _findings("Fixed", diff.fixed)
        + _findings("Removed claims", diff.removed)
        + (f"<h3>Changed sources</h3><ul>{changed}</ul>" if changed else "")
        + "</section>"
    )


def _sources(sources: Iterable[SourceResult], cache_links: Mapping[str, str]) -> str:
    rows = []
    for src in sources:
        state = (
            f'<span class="v-unverifiable">{e(src.error)}</span> {e(src.error_detail or "")}'
            if src.error
            else e(src.provenance or "")
        )
        if src.changed:
            state += ' <span class="badge neutral">changed since last fetch</span>'
        if src.stale:
            state += (
                ' <span class="v-unverifiable">refetch failed; verdicts use the cached copy</span> '
                + e(src.live_error or "")
            )
        links = [x for x in (_link(src.url, src.url), _cached(src.url, cache_links)) if x]
        rows.append(
            f"<tr><td>[{e(src.key)}]</td><td>{'<br>'.join(links)}</td>"
            f"<td>{e(', '.join(src.files))}</td><td>{e(src.status or '')}</td>"
            f"<td>{e(src.fetched_at or '')}</td>"
            f'<td class="sha" title="{e(src.sha256 or "")}">{e((src.sha256 or "")[:12])}</td>'
            f"<td>{state}</td></tr>"
        )
    if not rows:
        return ""
    return (
        '<section id="sources"><h2>Sources</h2><table><thead><tr><th>key</th><th>URL</th>'
        "<th>cited in</th><th>status</th><th>fetched</th><th>sha256</th><th>state</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


@dataclass(frozen=True)
class Review:
    """Which figures get a review row (fix or waive), and the date their waivers run to."""

    fail_on: tuple[str, ...]
    until: dt.date

    def wanted(self, claim: ClaimResult, fig: FigureResult) -> bool:
        live = claim.waived or fig.waived
        return fig.verdict.value in self.fail_on and not live


@dataclass(frozen=True)
class Options:
    """``fail_on``: the verdicts that fail; ``baseline``: the comparison with an earlier report;
    ``cache_links``: source URL -> the cached copy, relative to the HTML file; ``title``: the
    page's heading (default "claimcheck report")."""

    fail_on: tuple[str, ...] = DEFAULT_FAIL_ON
    baseline: BaselineDiff | None = None
    cache_links: Mapping[str, str] | None = None
    title: str | None = None


def render(report: Report, options: Options | None = None) -> str:
    opts = options or Options()
    wanted, baseline, title = tuple(opts.fail_on), opts.baseline, opts.title
    links = opts.cache_links or {}
    failing_ids = {id(c) for c in report.failing(wanted)}
    review = Review(wanted, waiver_until(report.generated_at))
    heading = title or "claimcheck report"
    cited = {(f, src.key): src for src in report.sources for f in src.files}
    by_file: dict[str, list[str]] = {}
    for n, claim in enumerate(report.claims, 1):
        by_file.setdefault(claim.file, []).append(
            _claim(n, claim, id(claim) in failing_ids, links, baseline, cited, review)
        )
    files = "".join(
        f'<section class="file"><h2>{e(name)}</h2>{"".join(items)}</section>'
        for name, items in by_file.items()
    )
    version = f"claimcheck {report.tool_version}".strip()
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="referrer" content="no-referrer">'
        f'<meta name="generator" content="{e(version)}">'
        f"<title>{e(heading)}</title><style>{CSS}</style></head>\n<body>"
        f'<header><h1>{e(heading)}</h1><p class="meta">Generated {e(report.generated_at)} by '
        f"{e(version)}.</p>{_summary(report, wanted, len(failing_ids))}</header>"
        f"{_filter(report, wanted)}"
        f"{_baseline(baseline) if baseline is not None else ''}"
        f"<main>{files or '<p>No claims.</p>'}</main>"
        f"{_sources(report.sources, links)}"
        f"<script>{JS}</script>\n</body></html>\n"
    )
