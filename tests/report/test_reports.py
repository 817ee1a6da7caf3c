"""Every report format rendered from one hand-built Report, and the baseline comparison.

The fixture is small but has every verdict, a waived and an expired-waiver claim, and hostile
text (markup in a claim, a ``|``, a ``"`` in a URL, a ``javascript:`` URL, a control character)
so that each format's escaping is exercised by the same data.
"""

from __future__ import annotations

import base64
import copy
import difflib
import hashlib
import json
import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.model.results import ClaimResult, FigureResult, Report, SourceResult, Verdict
from claimcheck.report import FORMATS, option_names, render
from claimcheck.report.baseline import BaselineDiff, compare, doc_failures, failures
from claimcheck.report.html import evidence_parts, is_web_url
from claimcheck.report.markdown import text as markdown_text
from claimcheck.report.sarif import artifact_uri, fingerprint
from claimcheck.report.schema import load_schema, validate

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOTS = ROOT / "tests" / "fixtures" / "reports"
LANTERN = "claims/lantern.yaml"
HARBOR = "claims/harbor.yaml"
RELEASE = "https://ir.lantern.example/news/q3-2026-results"
NEWS = 'https://news.example/cloud?q="lantern"&page=2'
GONE = "https://harbor.example/investors/gone"
HOSTILE_URL = "javascript:alert(1)"
HOSTILE_TEXT = 'Revenue | up <script>alert("x")</script> 12% in Q3'
EVERYTHING = ("contradicted", "unsupported", "unverifiable", "uncited", "approximate")


def fig(
    value: str,
    verdict: Verdict,
    reason: str,
    detail: str,
    line: int,
    *,
    found: str | None = None,
    evidence: str | None = None,
    at: int | None = None,
    **extra: Any,
) -> FigureResult:
    """A figure result; spans are made consistent with the evidence (``at``: where ``found`` is)."""
    span = evidence_span = None
    if evidence is not None and found is not None:
        start = evidence.index(found) if at is None else at
        assert evidence[start : start + len(found)] == found
        base = 1000 + 37 * line
        evidence_span = (base, base + len(evidence))
        span = (base + start, base + start + len(found))
    return FigureResult(
        value=value,
        verdict=verdict,
        reason=reason,
        detail=detail,
        line=line,
        found=found,
        evidence=evidence,
        span=span,
        evidence_span=evidence_span,
        **extra,
    )


REVENUE_EVIDENCE = (
    "Group revenue rose 31% in the half; Cloud Intelligence Group revenue grew 31% "
    "year-over-year to RMB21,870 million (US$3,062 million)."
)
WAIVER = "conversion rate differs from the release; accepted by the desk"


def sample_report() -> Report:
    S, A, C, U, V, N = (
        Verdict.SUPPORTED,
        Verdict.APPROXIMATE,
        Verdict.CONTRADICTED,
        Verdict.UNSUPPORTED,
        Verdict.UNVERIFIABLE,
        Verdict.UNCITED,
    )
    src1 = {"source": "1", "url": RELEASE}
    src2 = {"source": "2", "url": NEWS}
    lantern = [
        ClaimResult(
            LANTERN, 12, "cloud-revenue",
            "Lantern's cloud revenue grew 31% to 21.9 billion yuan", S,
            (
                fig("31%", S, "exact", "the source states 31%", 16, found="31%",
                    evidence=REVENUE_EVIDENCE, at=REVENUE_EVIDENCE.rindex("31%"),
                    about="cloud revenue growth", score=0.81, **src1),
                fig("21.9 billion yuan", S, "rounded",
                    "the source states RMB21,870 million, which rounds to 21.9 billion yuan",
                    17, found="RMB21,870 million", evidence=REVENUE_EVIDENCE, **src1),
            ),
            ("1",),
        ),
        ClaimResult(
            LANTERN, 19, "cloud-usd", "That is about $3.07 billion", A,
            (
                fig("$3.07 billion", A, "within_tolerance",
                    "the source states US$3,062 million: close to $3.07 billion but not at its "
                    "precision", 22, found="US$3,062 million", evidence=REVENUE_EVIDENCE,
                    page=2, **src1),
            ),
            ("1",),
        ),
        ClaimResult(
            LANTERN, 24, "cloud-margin", "The cloud unit's adjusted EBITA margin was 8.0%", C,
            (
                fig("8.0%", C, "different_value", "the source states 7.5% for this, not 8.0%",
                    27, found="7.5%",
                    evidence="Adjusted EBITA margin of the cloud segment was 7.5%, up from 6.1%.",
                    about="cloud adjusted EBITA margin", **src1),
            ),
            ("1",),
        ),
        ClaimResult(
            LANTERN, 29, "capex", "Lantern will spend 420 billion yuan on AI over three years", U,
            (
                fig("420 billion yuan", U, "not_found",
                    "the source does not state this figure, nor another value for the same "
                    "thing", 32, **src2),
            ),
            ("2",),
        ),
        ClaimResult(
            LANTERN, 34, "hostile", HOSTILE_TEXT, U,
            (
                fig("12%", U, "found_elsewhere",
                    "the value appears only in a passage about something else: 12%", 37,
                    found="12%",
                    evidence='Ad <img src=x onerror=alert(1)> spend\x0b rose 12% | "all" @team',
                    **src2),
            ),
            ("2",),
        ),
    ]  # fmt: skip
    harbor = [
        ClaimResult(
            HARBOR, 8, "users", "Harbor has 50 million paying users", V,
            (fig("50 million", V, "http_404", "the server answered 404 Not Found", 10,
                 source="1", url=GONE),),
            ("1",),
        ),
        ClaimResult(
            HARBOR, 12, "outlook", "Harbor expects strong growth", V,
            (fig("", V, "no_figures", "the claim states no figure that could be checked", 12),),
            ("1",),
        ),
        ClaimResult(
            HARBOR, 15, "promo", "A promotion lifted sales 9%", V,
            (fig("9%", V, "bad_url", "the source location is not a web address", 17,
                 source="2", url=HOSTILE_URL),),
            ("2",),
        ),
        ClaimResult(
            HARBOR, 19, "market-share", "Harbor holds 40% of the market", N,
            (fig("40%", N, "no_sources", "the claim cites no source", 19),),
        ),
        ClaimResult(
            HARBOR, 21, "fx-rate", "which is $7.1 billion", C,
            (fig("$7.1 billion", C, "different_value",
                 "the source states US$6.9 billion for this, not $7.1 billion", 24,
                 found="US$6.9 billion", evidence="Revenue was US$6.9 billion.", waived=WAIVER,
                 source="1", url=GONE),),
            ("1",), waived=WAIVER,
        ),
        ClaimResult(
            HARBOR, 29, "old-waiver", "Harbor's cloud revenue was 2.1 billion yuan", C,
            (fig("2.1 billion yuan", C, "scale_slip",
                 "the source states RMB2,100 billion: 2.1 billion yuan is off by a power of a "
                 "thousand", 31, found="RMB2,100 billion",
                 evidence="Cloud revenue reached RMB2,100 billion.", waiver_expired="2025-01-31",
                 source="1", url=GONE),),
            ("1",), waiver_expired="2025-01-31",
        ),
    ]  # fmt: skip
    sha = hashlib.sha256
    sources = (
        SourceResult("1", RELEASE, final_url=RELEASE, status=200,
                     fetched_at="2026-03-02T08:00:00Z", sha256=sha(b"release").hexdigest(),
                     provenance="fetched", content_type="text/html", files=(LANTERN,)),
        SourceResult("2", NEWS, final_url=NEWS, status=200, fetched_at="2026-03-02T08:00:01Z",
                     sha256=sha(b"news").hexdigest(), from_cache=True, provenance="cached",
                     changed=True, previous_sha256=sha(b"old news").hexdigest(),
                     previous_fetched_at="2026-02-23T08:00:01Z", files=(LANTERN,)),
        SourceResult("1", GONE, status=404, fetched_at="2026-03-02T08:00:02Z",
                     provenance="fetched", error="http_404",
                     error_detail="the server answered 404 Not Found", files=(HARBOR,)),
        SourceResult("2", HOSTILE_URL, error="bad_url",
                     error_detail="<b>not</b> a web address", files=(HARBOR,)),
    )  # fmt: skip
    return Report(
        claims=tuple(lantern + harbor),
        sources=sources,
        generated_at="2026-03-02T08:00:05Z",
        tool_version="0.1.0",
    )


@pytest.fixture(scope="module")
def report() -> Report:
    return sample_report()


def test_fixture_has_every_verdict(report: Report) -> None:
    summary = report.summary()
    assert all(summary[v.value] for v in Verdict), summary
    assert [c.id for c in report.failing(("contradicted", "unsupported"))] == [
        "cloud-margin", "capex", "hostile", "old-waiver"
    ]  # fmt: skip


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_renders(report: Report, name: str) -> None:
    options = {"fail_on": EVERYTHING, "baseline": None}
    text = render(report, name, **{k: v for k, v in options.items() if k in option_names(name)})
    assert isinstance(text, str) and text.strip()


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_an_option_a_format_lacks_is_an_error(report: Report, name: str) -> None:
    with pytest.raises(ValueError, match=f"the {name} format has no option 'unknown_option'"):
        render(report, name, unknown_option=True)


def test_each_format_takes_the_options_it_uses() -> None:
    assert option_names("json") == ()
    assert option_names("table") == ("color", "width")
    assert set(option_names("html")) == {"fail_on", "baseline", "cache_links", "title"}
    assert set(option_names("markdown")) == {"fail_on", "baseline", "max_rows"}
    assert option_names("junit") == option_names("sarif") == ("fail_on",)


def test_every_format_renders_a_real_audit(tmp_path: Path) -> None:
    """The quickstart example (local sources, no network) through the real pipeline."""
    from claimcheck.config import Settings
    from claimcheck.pipeline import audit, load_articles

    articles, problems = load_articles([ROOT / "examples" / "quickstart"])
    assert not problems
    real = audit(articles, Settings(cache_dir=tmp_path / "cache", offline=True))
    assert validate(real.to_json()) == []
    for name in FORMATS:
        options = {"fail_on": EVERYTHING} if "fail_on" in option_names(name) else {}
        assert render(real, name, **options).strip()
    marks = parse(render(real, "html")).marks
    assert marks and all(marks)


# --- JSON schema ------------------------------------------------------------------------------


def test_json_report_validates(report: Report) -> None:
    assert load_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert validate(report.to_json()) == []
    assert validate(json.loads(render(report, "json"))) == []
    assert validate(Report(claims=()).to_json()) == []


def test_broken_json_report_does_not_validate(report: Report) -> None:
    doc = report.to_json()
    doc["claims"][0]["verdict"] = "plausible"
    del doc["claims"][1]["figures"][0]["reason"]
    doc["sources"][0]["sha256"] = "not-a-hash"
    doc["summary"]["extra"] = 1
    doc["claims"][2]["figures"][0]["span"] = [1, 2, 3]
    problems = validate(doc)
    assert len(problems) == 5, problems
    wheres = [p.split(":", 1)[0] for p in problems]
    assert "claims/0/verdict" in wheres
    assert "claims/1/figures/0" in wheres  # the missing key
    assert "sources/0/sha256" in wheres
    assert "summary" in wheres
    assert "claims/2/figures/0/span" in wheres
    assert validate([]) == ["(document): [] is not of type 'object'"]


# --- JUnit ------------------------------------------------------------------------------------


def suites(xml: str) -> dict[str, dict[str, Any]]:
    root = ET.fromstring(xml)
    assert root.tag == "testsuites"
    out = {}
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        outcome = {}
        for case in cases:
            kinds = [child.tag for child in case if child.tag != "system-out"]
            outcome[case.get("name")] = kinds[0] if kinds else "passed"
            assert case.get("classname") == suite.get("name")
        counted = {
            "tests": len(cases),
            "failures": sum(1 for k in outcome.values() if k == "failure"),
            "errors": sum(1 for k in outcome.values() if k == "error"),
            "skipped": sum(1 for k in outcome.values() if k == "skipped"),
        }
        attrs = {k: int(suite.get(k, "-1")) for k in counted}
        assert attrs == counted, suite.get("name")  # the attributes tell the truth
        out[suite.get("name")] = {**counted, "outcome": outcome}
    totals = {k: sum(s[k] for s in out.values()) for k in ("tests", "failures", "errors")}
    assert {k: int(root.get(k, "-1")) for k in totals} == totals
    return out


def test_junit_default_fail_on(report: Report) -> None:
    xml = render(report, "junit", fail_on=("contradicted", "unsupported"))
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    got = suites(xml)
    assert list(got) == [LANTERN, HARBOR]
    assert {k: got[LANTERN][k] for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": 5, "failures": 3, "errors": 0, "skipped": 0
    }  # fmt: skip
    assert {k: got[HARBOR][k] for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": 6, "failures": 1, "errors": 0, "skipped": 5
    }  # fmt: skip
    assert got[HARBOR]["outcome"] == {
        "users": "skipped", "outlook": "skipped", "promo": "skipped",
        "market-share": "skipped", "fx-rate": "skipped", "old-waiver": "failure",
    }  # fmt: skip
    root = ET.fromstring(xml)
    margin = root.find(".//testcase[@name='cloud-margin']/failure")
    assert margin is not None
    assert margin.get("type") == "contradicted/different_value"
    assert "7.5% for this, not 8.0%" in margin.get("message", "")
    assert "Adjusted EBITA margin of the cloud segment was 7.5%" in (margin.text or "")
    waived = root.find(".//testcase[@name='fx-rate']/skipped")
    assert waived is not None and WAIVER in waived.get("message", "")
    expired = root.find(".//testcase[@name='old-waiver']/failure")
    assert expired is not None and "waiver expired 2025-01-31" in expired.get("message", "")
    hostile = root.find(".//testcase[@name='hostile']/failure")
    assert hostile is not None and HOSTILE_TEXT in (hostile.text or "")  # escaped, round-trips


def test_junit_strict_fail_on(report: Report) -> None:
    got = suites(render(report, "junit", fail_on=EVERYTHING))
    assert got[LANTERN]["outcome"]["cloud-usd"] == "failure"  # approximate is in fail_on
    assert got[LANTERN]["outcome"]["cloud-revenue"] == "passed"
    assert {k: got[HARBOR][k] for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": 6, "failures": 2, "errors": 3, "skipped": 1
    }  # fmt: skip
    assert got[HARBOR]["outcome"]["market-share"] == "failure"
    assert got[HARBOR]["outcome"]["users"] == "error"


# --- SARIF ------------------------------------------------------------------------------------


def test_sarif(report: Report) -> None:
    doc = json.loads(render(report, "sarif", fail_on=("contradicted", "unsupported")))
    assert doc["version"] == "2.1.0"
    assert doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "claimcheck" and driver["version"] == "0.1.0"
    rules = [r["id"] for r in driver["rules"]]
    assert rules == [
        "claimcheck/contradicted/different_value",
        "claimcheck/unsupported/not_found",
        "claimcheck/unsupported/found_elsewhere",
        "claimcheck/contradicted/scale_slip",
    ]
    assert all(r["shortDescription"]["text"] for r in driver["rules"])
    results = run["results"]
    found = [
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            "suppressions" in r,
        )
        for r in results
    ]
    assert found == [
        ("claimcheck/contradicted/different_value", "error", LANTERN, 27, False),
        ("claimcheck/unsupported/not_found", "error", LANTERN, 32, False),
        ("claimcheck/unsupported/found_elsewhere", "error", LANTERN, 37, False),
        ("claimcheck/contradicted/scale_slip", "error", HARBOR, 31, False),
        ("claimcheck/contradicted/different_value", "error", HARBOR, 24, True),  # waived
    ]
    for r in results:
        assert driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["message"]["text"]
        assert len(r["partialFingerprints"]["claimcheck/v1"]) == 32
    margin = results[0]["message"]["text"]
    assert "Claimed \u201c8.0%\u201d" in margin and "says \u201c7.5%\u201d" in margin
    assert RELEASE in margin
    assert results[-1]["suppressions"][0]["justification"] == WAIVER
    assert "expired on 2025-01-31" in results[3]["message"]["text"]


def test_sarif_levels_and_figureless_claims(report: Report) -> None:
    doc = json.loads(render(report, "sarif", fail_on=EVERYTHING))
    levels = {r["ruleId"]: r["level"] for r in doc["runs"][0]["results"]}
    assert levels["claimcheck/unverifiable/http_404"] == "warning"
    assert levels["claimcheck/uncited/no_sources"] == "warning"
    assert levels["claimcheck/approximate/within_tolerance"] == "note"
    # the figureless claim points at its own line
    outlook = [r for r in doc["runs"][0]["results"] if r["properties"]["claim"] == "outlook"]
    assert outlook[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 12


def test_sarif_fingerprints_are_stable() -> None:
    a = fingerprint("claims/a.yaml", "margin", "8.0%")
    assert a == fingerprint("claims/a.yaml", "margin", "8.0%")
    assert a != fingerprint("claims/a.yaml", "margin", "8.1%")
    assert a != fingerprint("claims/b.yaml", "margin", "8.0%")
    assert artifact_uri("claims/my article.yaml") == "claims/my%20article.yaml"
    assert artifact_uri("/abs/claims.yaml") == "file:///abs/claims.yaml"


# --- Markdown ---------------------------------------------------------------------------------


def check_snapshot(name: str, text: str) -> None:
    """Compare with tests/fixtures/reports/NAME; CLAIMCHECK_UPDATE_SNAPSHOTS=1 rewrites it."""
    path = SNAPSHOTS / name
    if os.environ.get("CLAIMCHECK_UPDATE_SNAPSHOTS") == "1":
        path.write_text(text, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                text.splitlines(keepends=True),
                f"{path} (expected)",
                "rendered",
            )
        )
        pytest.fail(
            f"{name} differs from the snapshot (review, then rerun with "
            f"CLAIMCHECK_UPDATE_SNAPSHOTS=1 to accept):\n{diff}",
            pytrace=False,
        )


def test_markdown_snapshot(report: Report) -> None:
    check_snapshot("report.md", render(report, "markdown", fail_on=("contradicted", "unsupported")))


def test_markdown_escapes_cells(report: Report) -> None:
    text = render(report, "markdown", fail_on=("contradicted", "unsupported"))
    table = [line for line in text.splitlines() if line.startswith("| ")]
    header_cells = table[0].count(" | ")
    # every row of a table has as many cells as its header: no | or newline broke out
    failing = text.split("### Failing claims", 1)[1].split("###", 1)[0]
    rows = [line for line in failing.splitlines() if line.startswith("| ")]
    assert len(rows) == 2 + 4
    assert all(line.replace("\\|", "").count(" | ") == rows[0].count(" | ") for line in rows)
    assert header_cells
    assert "<script>" not in text and "<img" not in text
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in text
    assert "\x0b" not in text
    assert "@\u2060team" in text  # no @mention
    assert "| javascript:alert(1) |" in text  # an unreadable source, shown as text
    assert "](javascript" not in text and "<javascript" not in text  # never a link


def test_markdown_renders_as_intended(report: Report) -> None:
    """Through a CommonMark renderer with GFM tables: the cells hold exactly the text."""
    markdown_it = pytest.importorskip("markdown_it")  # comes with rich
    md = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    page = parse(md.render(render(report, "markdown", fail_on=EVERYTHING)))
    allowed = {"h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "b", "br",
               "strong", "a", "ul", "li"}  # fmt: skip
    assert {t for t, _ in page.tags} <= allowed
    rows = [a for t, a in page.tags if t == "tr"]
    assert rows
    assert HOSTILE_TEXT in "".join(page.text)
    hrefs = [a["href"] for t, a in page.tags if t == "a"]
    assert hrefs and all(is_web_url(h) for h in hrefs)
    assert NEWS.replace('"', "%22") in hrefs


def test_markdown_caps_the_table(report: Report) -> None:
    text = render(report, "markdown", max_rows=1)
    failing = text.split("### Failing claims", 1)[1].split("###", 1)[0]
    assert len([line for line in failing.splitlines() if line.startswith("| ")]) == 2 + 1
    assert "… and 3 more failing figures" in text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_markdown_cell_escaping_round_trips(raw: str) -> None:
    """Any text in a cell renders as that text: no markup, no broken table."""
    markdown_it = pytest.importorskip("markdown_it")
    md = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    out = md.render(f"| a |\n| --- |\n| {markdown_text(raw)} |\n")
    assert out.count("<td>") == 1, out
    cell = parse(out.split("<td>", 1)[1].split("</td>", 1)[0])
    assert not cell.tags, out
    expected = " ".join(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", raw).split())
    assert "".join(cell.text) == expected.replace("@", "@\u2060")


def test_markdown_baseline_section(report: Report) -> None:
    previous = copy.deepcopy(report.to_json())
    # last week the margin was already wrong and a since-fixed figure failed
    previous["claims"][0]["verdict"] = "contradicted"
    previous["claims"][0]["figures"][0]["verdict"] = "contradicted"
    previous["claims"] = [c for c in previous["claims"] if c["id"] != "hostile"]
    previous["sources"][0]["sha256"] = "0" * 64
    previous["generated_at"] = "2026-02-23T08:00:05Z"
    diff = compare(report.to_json(), previous)
    text = render(report, "markdown", baseline=diff)
    check_snapshot("report-baseline.md", text)
    assert "**new** since the baseline" in text
    assert "### Since the baseline (2026-02-23T08:00:05Z)" in text


# --- HTML -------------------------------------------------------------------------------------


class Page(HTMLParser):
    """Just enough of a DOM: elements with attributes, the text of marks, scripts and claims."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.marks: list[str] = []
        self.scripts: list[str] = []
        self.claim_texts: list[str] = []
        self.evidence: list[list[str]] = []  # per blockquote: [before, mark, after]
        self.text: list[str] = []
        self.in_text = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "blockquote":
            self.evidence.append([""])
        if tag == "mark" and self.evidence:
            self.evidence[-1].append("")
        if tag == "script":
            self.scripts.append("")
        self.in_text = tag == "p" and dict(attrs).get("class") == "text"
        if self.in_text:
            self.claim_texts.append("")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.in_text = False
        while self.stack:
            if self.stack.pop() == tag:
                break
        if tag == "mark" and self.evidence:
            self.evidence[-1].append("")

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if "mark" in self.stack:
            self.marks.append(data)
        if "blockquote" in self.stack:
            self.evidence[-1][-1] += data
        if self.stack and self.stack[-1] == "script":
            self.scripts[-1] += data
        if self.in_text:
            self.claim_texts[-1] += data


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


CACHE_LINKS = {RELEASE: "cache/bodies/ab/ab12.html", NEWS: "javascript:alert(2)"}


def test_html_content_and_safety(report: Report) -> None:
    text = render(report, "html", fail_on=("contradicted", "unsupported"), cache_links=CACHE_LINKS)
    page = parse(text)
    claims = [a for t, a in page.tags if t == "article"]
    assert [a["data-claim"] for a in claims] == [c.id for c in report.claims]
    assert [a["data-verdict"] for a in claims] == [c.verdict.value for c in report.claims]
    # readable without JavaScript: nothing hidden but the filter that needs the script
    assert all("hidden" not in a for a in claims)
    assert ("form", {"id": "filter", "class": "filter", "hidden": None}) in [
        (t, {k: v for k, v in a.items() if k in ("id", "class", "hidden")})
        for t, a in page.tags
        if t == "form"
    ]
    # hostile text shows as text, never as markup
    assert HOSTILE_TEXT in page.claim_texts
    assert len(page.scripts) == 1 and "alert" not in page.scripts[0]
    assert "<script>alert" not in text and "<img" not in text
    assert not [a for t, a in page.tags if t == "img"]
    hrefs = [a["href"] for t, a in page.tags if t == "a"]
    assert NEWS in hrefs  # the " in the URL survived as an attribute value
    for href in hrefs:
        assert href and (is_web_url(href) or href.startswith("#") or href.startswith("cache/"))
    assert "cache/bodies/ab/ab12.html" in hrefs
    assert "javascript:alert(1)" in "".join(page.text)  # shown as text
    # self-contained: nothing to load
    assert not [a for t, a in page.tags if "src" in a or t in ("link", "iframe", "object")]


def test_html_mark_highlights_the_found_text(report: Report) -> None:
    page = parse(render(report, "html"))
    figures = [f for c in report.claims for f in c.figures if f.evidence]
    assert len(page.evidence) == len(figures)
    for parts, f in zip(page.evidence, figures, strict=True):
        assert f.span is not None and f.evidence_span is not None and f.evidence is not None
        start = f.span[0] - f.evidence_span[0]
        clean = f.evidence.replace("\x0b", "")  # control characters are dropped from the page
        assert len(parts) == 3, parts
        before, mark, after = parts
        assert mark == f.found
        assert before == f.evidence[:start].replace("\x0b", "")
        assert before + mark + after == clean
    # the span wins over the first occurrence: "31%" appears twice in that evidence
    revenue = report.claims[0].figures[0]
    assert evidence_parts(revenue) == (
        REVENUE_EVIDENCE[: REVENUE_EVIDENCE.rindex("31%")],
        "31%",
        REVENUE_EVIDENCE[REVENUE_EVIDENCE.rindex("31%") + 3 :],
    )


def test_html_csp_allows_exactly_the_inline_script_and_style(report: Report) -> None:
    text = render(report, "html")
    page = parse(text)
    csp = next(
        a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert csp is not None
    digest = base64.b64encode(hashlib.sha256(page.scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp


def test_html_baseline_marks_new_failures(report: Report) -> None:
    previous = copy.deepcopy(report.to_json())
    previous["claims"] = [c for c in previous["claims"] if c["id"] != "capex"]
    diff = compare(report.to_json(), previous)
    page = parse(render(report, "html", baseline=diff))
    assert ("section", {"id": "baseline"}) in page.tags
    assert "".join(page.text).count("new") >= 1
    assert [f.claim for f in diff.new] == ["capex"]


def test_evidence_parts_fallbacks() -> None:
    f = FigureResult("5%", Verdict.SUPPORTED, "exact", "", found="5%", evidence="up 5% a year")
    assert evidence_parts(f) == ("up ", "5%", " a year")  # no spans: first occurrence
    g = FigureResult("5%", Verdict.SUPPORTED, "exact", "", found="6%", evidence="up 5%")
    assert evidence_parts(g) is None
    h = FigureResult(
        "5%", Verdict.SUPPORTED, "exact", "", found="5%", evidence="5% then 5%",
        span=(90, 92), evidence_span=(10, 20),
    )  # fmt: skip
    assert evidence_parts(h) == ("", "5%", " then 5%")  # a span out of range is not trusted


def test_is_web_url() -> None:
    assert is_web_url("https://example.com/a?b=1")
    assert is_web_url("HTTP://EXAMPLE.COM")
    for bad in ("javascript:alert(1)", " https://x.example", "java\tscript:x", "https:///x",
                "//example.com", "data:text/html,<b>", "/etc/passwd", "", None):  # fmt: skip
        assert not is_web_url(bad), bad


# --- baseline ---------------------------------------------------------------------------------


def doc(claims: list[dict[str, Any]], sources: dict[str, str | None]) -> dict[str, Any]:
    def figure(value: str, verdict: str, waived: str | None = None) -> dict[str, Any]:
        return {"value": value, "verdict": verdict, "reason": "r", "line": 3, "found": None,
                "url": None, "waived": waived}  # fmt: skip

    return {
        "schema": "claimcheck.report/1",
        "generated_at": "2026-01-01T00:00:00Z",
        "claims": [
            {
                "file": c.get("file", "claims/a.yaml"),
                "id": c["id"],
                "line": 2,
                "verdict": c["verdict"],
                "waived": c.get("waived"),
                "figures": [figure(*f) for f in c.get("figures", [])],
            }
            for c in claims
        ],
        "sources": [{"url": url, "sha256": sha} for url, sha in sources.items()],
    }


def test_baseline_compare() -> None:
    previous = doc(
        [
            {"id": "margin", "verdict": "contradicted", "figures": [("8.0%", "contradicted")]},
            {"id": "growth", "verdict": "unsupported", "figures": [("5%", "unsupported")]},
            {"id": "gone", "verdict": "contradicted", "figures": [("3%", "contradicted")]},
            {"id": "swap", "verdict": "contradicted", "figures": [("10%", "contradicted")]},
            {"id": "bare", "verdict": "uncited"},
        ],
        {"https://a.example/": "a" * 64, "https://b.example/": "b" * 64,
         "https://c.example/": "c" * 64},
    )  # fmt: skip
    current = doc(
        [
            {"id": "margin", "verdict": "contradicted", "figures": [("8.0%", "contradicted")]},
            {"id": "growth", "verdict": "supported", "figures": [("5%", "supported")]},
            {"id": "swap", "verdict": "unsupported", "figures": [("10%", "unsupported")]},
            {"id": "fresh", "verdict": "unsupported",
             "figures": [("7%", "unsupported"), ("1%", "supported")]},
            {"id": "excused", "verdict": "contradicted", "waived": "ok",
             "figures": [("2%", "contradicted", "ok")]},
            {"id": "bare", "verdict": "uncited"},
        ],
        {"https://a.example/": "d" * 64, "https://b.example/": "b" * 64,
         "https://c.example/": None, "https://new.example/": "e" * 64},
    )  # fmt: skip
    diff = compare(current, previous, fail_on=("contradicted", "unsupported", "uncited"))
    assert isinstance(diff, BaselineDiff)
    assert [(f.claim, f.value, f.verdict, f.previous_verdict) for f in diff.new] == [
        ("swap", "10%", "unsupported", "contradicted"),
        ("fresh", "7%", "unsupported", None),
    ]
    assert [(f.claim, f.value) for f in diff.known] == [("margin", "8.0%"), ("bare", "")]
    assert [(f.claim, f.value) for f in diff.fixed] == [("growth", "5%")]
    assert [(f.claim, f.value) for f in diff.removed] == [("gone", "3%")]
    assert [(c.url, c.previous_sha256, c.sha256) for c in diff.changed_sources] == [
        ("https://a.example/", "a" * 64, "d" * 64),
        ("https://c.example/", "c" * 64, None),
    ]
    assert diff.status("claims/a.yaml", "swap", "10%", "unsupported") == "new"
    assert diff.status("claims/a.yaml", "margin", "8.0%", "contradicted") == "known"
    assert diff.status("claims/a.yaml", "growth", "5%", "supported") is None
    assert diff.previous_generated_at == "2026-01-01T00:00:00Z"
    out = diff.to_json()
    assert out["counts"] == {"new": 2, "known": 2, "fixed": 1, "removed": 1, "changed_sources": 2}
    json.dumps(out)  # serialisable as is


def test_baseline_against_itself_and_rejects_other_documents(report: Report) -> None:
    current = report.to_json()
    same = compare(current, copy.deepcopy(current))
    assert not same.new and not same.fixed and not same.removed and not same.changed_sources
    assert [(f.claim, f.value) for f in same.known] == [
        (c.id, f.value if f is not None else "") for c, f in failures(report)
    ]
    assert doc_failures(current) == list(same.known)
    with pytest.raises(ValueError, match="not a claimcheck JSON report"):
        compare(current, {"runs": []})
    with pytest.raises(ValueError, match="schema"):
        compare({**current, "schema": "claimcheck.report/2"}, current)


# --- CI examples ------------------------------------------------------------------------------


def test_pre_commit_hook(tmp_path: Path) -> None:
    import subprocess
    import sys

    yaml = pytest.importorskip("yaml")
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "claimcheck-validate" and hook["language"] == "python"
    assert hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    assert files.search("claims/a.yaml") and files.search("claims/sub/b.yml")
    assert not files.search("claims/notes.txt") and not files.search("docs/claims/a.yaml")
    # the entry accepts file names, as pre-commit passes them
    entry = hook["entry"].split()
    assert entry[0] == "claimcheck"
    done = subprocess.run(
        [sys.executable, "-m", "claimcheck", *entry[1:], "examples/quickstart/claims.yaml"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
