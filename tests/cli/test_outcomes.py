"""Honest outcomes: every report leads with how many cited figures could be checked, an audit
that checked nothing exits 2 (its report still written, saying so first), `run` says what
happened to the sources, and dead or stale sources are visible wherever the verdicts are."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from claimcheck.model.results import ClaimResult, Coverage, FigureResult, Outcome, Report, Verdict
from claimcheck.report import render
from clirun import ROOT, claimcheck
from localserver import LocalServer, Reply, html

QUICKSTART = ROOT / "examples" / "quickstart"
NOTHING = "8 figures cited; 0 could be checked: every cited source was unreadable (not_cached: 2)"


def offline_quickstart(tmp_path: Path) -> Path:
    """The quick start citing web pages instead of its local files, to be run --offline with an
    empty cache: every source is unreadable."""
    folder = tmp_path / "qs"
    shutil.copytree(QUICKSTART, folder)
    claims = folder / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    text = text.replace("path: sources/results.html", 'url: "https://ir.harbor.example/q2"')
    text = text.replace("path: sources/news.txt", 'url: "https://news.example/harbor"')
    claims.write_text(text, encoding="utf-8")
    return folder


def figure(verdict: Verdict, reason: str, value: str = "5%") -> FigureResult:
    return FigureResult(value=value, verdict=verdict, reason=reason, detail="")


def claim(claim_id: str, *figures: FigureResult, cited: bool = True) -> ClaimResult:
    verdict = Verdict.UNCITED if not cited else figures[0].verdict
    return ClaimResult("c.yaml", 1, claim_id, "text", verdict, figures, ("1",) if cited else ())


# -- the one decision ------------------------------------------------------------------------


def test_coverage_counts_cited_figures_and_what_checked_them() -> None:
    report = Report(
        claims=(
            claim(
                "a", figure(Verdict.UNVERIFIABLE, "http_404"), figure(Verdict.SUPPORTED, "exact")
            ),
            claim("b", figure(Verdict.UNVERIFIABLE, "timeout")),
            claim("c", figure(Verdict.UNCITED, "no_sources"), cited=False),
            claim("d", figure(Verdict.UNVERIFIABLE, "no_figures", value="")),
        )
    )
    coverage = Coverage.of(report)
    assert (coverage.figures_cited, coverage.figures_checked) == (3, 1)
    assert coverage.line() == (
        "3 figures cited; 1 could be checked (2 could not: http_404: 1, timeout: 1)"
    )
    assert report.outcome(("contradicted",)) is Outcome.PASSED


@pytest.mark.parametrize(
    ("figures", "outcome"),
    [
        # the edge: one checked figure is enough for the run to count
        ((figure(Verdict.UNVERIFIABLE, "timeout"), figure(Verdict.UNSUPPORTED, "not_found")),
         Outcome.FAILED),
        ((figure(Verdict.UNVERIFIABLE, "timeout"), figure(Verdict.UNVERIFIABLE, "blocked")),
         Outcome.UNCHECKED),
    ],
)  # fmt: skip
def test_a_run_that_checked_nothing_is_neither_pass_nor_finding(
    figures: tuple[FigureResult, ...], outcome: Outcome
) -> None:
    report = Report(claims=(claim("a", *figures),))
    # even when --fail-on names unverifiable, checking nothing is its own outcome
    assert report.outcome(("contradicted", "unsupported", "unverifiable")) is outcome


def test_no_cited_figures_is_not_checked_nothing() -> None:
    report = Report(claims=(claim("c", figure(Verdict.UNCITED, "no_sources"), cited=False),))
    assert not report.coverage().checked_nothing
    assert report.outcome(("contradicted",)) is Outcome.PASSED


# -- end to end ------------------------------------------------------------------------------


def test_an_audit_that_checked_nothing_exits_2_and_every_report_says_so_first(
    tmp_path: Path,
) -> None:
    folder = offline_quickstart(tmp_path)
    out = tmp_path / "out"
    result = claimcheck(
        "run", str(folder), "--offline", "--cache-dir", str(tmp_path / "cache"), "--format", "json",
        "-o", str(out / "r.json"), "--report", f"markdown={out / 'r.md'}",
        "--report", f"html={out / 'r.html'}", "--report", f"junit={out / 'r.xml'}",
        "--report", f"sarif={out / 'r.sarif'}", "--report", f"table={out / 'r.txt'}",
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[0] == (
        "2 sources: 0 fetched, 0 from cache, 0 revalidated, 0 archived, 2 failed (not_cached: 2)"
    )
    assert "not one cited figure could be checked" in result.stderr
    data = json.loads((out / "r.json").read_text(encoding="utf-8"))
    assert list(data)[:4] == ["schema", "tool", "generated_at", "coverage"]
    assert data["coverage"]["line"] == NOTHING and data["coverage"]["checked_nothing"]
    md = (out / "r.md").read_text(encoding="utf-8").splitlines()
    assert md[0] == "## claimcheck: nothing was checked"
    assert md[2] == f"**{NOTHING.replace('_', chr(92) + '_')}**"
    page = (out / "r.html").read_text(encoding="utf-8")
    assert page.index("Nothing was checked: " + NOTHING) < page.index('class="lead"')
    assert "figures checked." not in page  # the old headline counted every figure as checked
    xml = (out / "r.xml").read_text(encoding="utf-8")
    assert re.search(r'<testsuite name="claimcheck"[^>]*>\s*<testcase[^>]*name="coverage"', xml)
    assert 'type="checked_nothing"' in xml
    sarif = json.loads((out / "r.sarif").read_text(encoding="utf-8"))
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"] == NOTHING
    table = (out / "r.txt").read_text(encoding="utf-8")
    assert table.splitlines()[0] == f"Nothing was checked: {NOTHING}"


def test_run_says_what_happened_to_the_sources(tmp_path: Path, server: LocalServer) -> None:
    good = server.add("/r", html("<p>Harbor Cloud revenue grew 18% in the June quarter.</p>"))
    gone = server.add("/gone", Reply(status=404, body="no"))
    (tmp_path / "claimcheck.toml").write_text("use-archive = false\nallow-private-hosts = true\n")
    (tmp_path / "c.yaml").write_text(
        f'sources:\n  1: {{url: "{good}"}}\n  2: {{url: "{gone}"}}\nclaims:\n'
        '  - id: growth\n    text: "Harbor Cloud revenue grew 18%"\n    sources: [1]\n'
        '  - id: moved\n    text: "Harbor Cloud revenue grew 18%"\n    sources: [2]\n',
        encoding="utf-8",
    )
    first = claimcheck("run", "c.yaml", cwd=tmp_path)
    assert first.returncode == 0, first.stderr + first.stdout
    assert first.stderr.splitlines()[0] == (
        "2 sources: 1 fetched, 0 from cache, 0 revalidated, 0 archived, 1 failed (http_404: 1)"
    )
    assert first.stdout.splitlines()[0] == (
        "2 figures cited; 1 could be checked (1 could not: http_404: 1)"
    )
    assert f"[2] {gone}: http_404" in first.stdout  # the dead link, in the table output
    again = claimcheck("run", "c.yaml", "--format", "json", cwd=tmp_path)
    assert again.stderr.splitlines()[0].startswith("2 sources: 0 fetched, 1 from cache")


def test_stale_and_dead_sources_show_in_the_table_and_on_each_claim_card(
    tmp_path: Path, server: LocalServer
) -> None:
    page = "<p>Harbor Cloud revenue grew 18% in the June quarter.</p>"
    url = server.add("/r", [html(page), Reply(status=404, body="gone now")])
    dead = server.add("/dead", Reply(status=410, body="gone"))
    (tmp_path / "claimcheck.toml").write_text("use-archive = false\nallow-private-hosts = true\n")
    (tmp_path / "c.yaml").write_text(
        f'sources:\n  1: {{url: "{url}"}}\n  2: {{url: "{dead}"}}\nclaims:\n'
        '  - id: growth\n    text: "Harbor Cloud revenue grew 18%"\n    sources: [1]\n'
        '  - id: other\n    text: "Harbor Cloud revenue grew 18%"\n    sources: [2]\n',
        encoding="utf-8",
    )
    assert claimcheck("run", "c.yaml", cwd=tmp_path).returncode == 0
    table = claimcheck("run", "c.yaml", "--refresh", cwd=tmp_path).stdout
    assert "Sources that failed to refetch (verdicts use the cached copy):" in table
    assert f"[1] {url}: http_404; cached copy from " in table
    assert f"[2] {dead}: http_410" in table
    claimcheck("run", "c.yaml", "--refresh", "--format", "html", "-o", "r.html", cwd=tmp_path)
    cards = (tmp_path / "r.html").read_text(encoding="utf-8").split('<article class="claim')[1:]
    growth = next(c for c in cards if 'data-claim="growth"' in c)
    other = next(c for c in cards if 'data-claim="other"' in c)
    assert "Source [1] failed to refetch (http_404); its verdicts use the copy cached" in growth
    assert "Source [2] could not be read (http_410" in other


def ids_in_first_column(table: str) -> list[str]:
    """The claim ids as the table shows them, lines of one cell joined back together."""
    ids: list[str] = []
    for line in table.splitlines():
        if line.startswith("│"):
            cell = line.split("│")[1].strip()
            if cell and ids and ids[-1].endswith(("-", "_", ".")):
                ids[-1] += cell  # the id goes on after a hyphen on the next line
            elif cell:
                ids.append(cell)
    return ids


def test_the_table_fits_the_terminal_and_never_breaks_an_id() -> None:
    long_id = "harbor-cloud-subscription-revenue-decline"
    detail = "the source states 4% for this, not 5%, in a passage about subscription revenue " * 2
    fig = FigureResult("5%", Verdict.CONTRADICTED, "different_value", detail, found="4%",
                       source="1")  # fmt: skip
    report = Report(claims=(ClaimResult("c.yaml", 1, long_id, "t", Verdict.CONTRADICTED, (fig,)),))
    for width in (80, 100, 120):
        text = render(report, "table", width=width)
        assert max(len(line) for line in text.splitlines()) <= width, width
        assert ids_in_first_column(text) == [long_id]  # broken only after its hyphens
        assert "contradicted" in text  # a verdict is never cut either
        why = " ".join(line.split("│")[6].strip() for line in text.splitlines() if "│" in line)
        assert "in a passage about subscription revenue the source" in why  # wrapped at spaces
    # too narrow for a table whose columns keep their minimums: one block per figure
    for width in (40, 60):
        text = render(report, "table", width=width)
        lines = text.splitlines()
        assert max(len(line) for line in lines) <= width and "┃" not in text
        shown = lines[1].rstrip() if width > len(long_id) else lines[1] + lines[2].rstrip()
        assert shown == long_id  # on one line when it fits, else broken after a hyphen
        assert "contradicted" in text and "passage about subscription" in " ".join(text.split())


def test_the_table_takes_the_terminal_width_from_columns(tmp_path: Path) -> None:
    result = claimcheck("run", str(QUICKSTART), "--cache-dir", str(tmp_path / "c"), columns=90)
    assert max(len(line) for line in result.stdout.splitlines()) <= 90
    ids = ids_in_first_column(result.stdout.split("Sources that")[0])
    assert ids == ["revenue", "operating-margin", "capacity-plan", "subscription-revenue",
                   "profitability"]  # fmt: skip
