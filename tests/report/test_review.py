"""The HTML report's review loop: each failing figure offers what a reviewer copies to fix the
article (the value the source states) or to waive the figure (a waiver that is valid YAML where
the report says to paste it)."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from test_reports import sample_report

from claimcheck.model.claims import WAIVER_PLACEHOLDER
from claimcheck.model.results import ClaimResult, FigureResult, Report, Verdict
from claimcheck.report import render
from claimcheck.report.review import WAIVER_DAYS, waiver_until, waiver_yaml
from clirun import ROOT, claimcheck

FAIL_ON = ("contradicted", "unsupported")


@pytest.fixture(scope="module")
def report() -> Report:
    return sample_report()


def rows(page: str) -> dict[str, str]:
    """claim id -> the HTML of its review rows (one per failing figure)."""
    out = {}
    for claim in re.findall(r'<article class="claim.*?</article>', page, re.S):
        ident = re.search(r'data-claim="([^"]*)"', claim)
        assert ident is not None
        found = re.findall(r'<tr class="review".*?</tr>', claim, re.S)
        if found:
            out[html.unescape(ident.group(1))] = "".join(found)
    return out


def copied(row: str, kind: str) -> list[str]:
    """What the copy buttons of ``kind`` ("waive" or "fix") copy: their target's text."""
    targets = re.findall(rf'data-copy="({kind}-[0-9-]+)"', row)
    texts = []
    for target in targets:
        node = re.search(rf'id="{target}">(.*?)</code>', row, re.S)
        assert node is not None, f"button {target} copies nothing"
        texts.append(html.unescape(node.group(1)))
    return texts


def test_every_failing_figure_and_only_those_get_a_review_row(report: Report) -> None:
    page = render(report, "html", fail_on=FAIL_ON)
    # fx-rate is failing but waived; old-waiver's waiver expired, so it fails and is offered
    # a new one; supported, approximate and unreadable figures are not failing under FAIL_ON
    assert sorted(rows(page)) == ["capex", "cloud-margin", "hostile", "old-waiver"]
    wider = render(report, "html", fail_on=(*FAIL_ON, "unverifiable"))
    assert {"users", "promo", "outlook"} <= set(rows(wider))


def test_a_contradicted_figure_offers_the_value_the_source_states(report: Report) -> None:
    row = rows(render(report, "html", fail_on=FAIL_ON))["cloud-margin"]
    assert copied(row, "fix") == ["7.5%"]
    assert "where the article says 8.0%" in row


def test_an_unsupported_figure_has_no_value_to_copy_only_a_waiver(report: Report) -> None:
    row = rows(render(report, "html", fail_on=FAIL_ON))["capex"]
    assert copied(row, "fix") == []
    assert len(copied(row, "waive")) == 1


def test_the_waiver_is_one_line_of_yaml_that_reads_as_a_waive_key(report: Report) -> None:
    row = rows(render(report, "html", fail_on=FAIL_ON))["cloud-margin"]
    (text,) = copied(row, "waive")
    assert "\n" not in text
    assert yaml.safe_load(text) == {
        "waive": {"reason": WAIVER_PLACEHOLDER, "until": dt.date(2026, 5, 31)}
    }


@pytest.mark.parametrize(
    ("generated_at", "until"),
    [
        ("2026-03-02T08:00:05Z", dt.date(2026, 5, 31)),
        ("2026-12-01T23:59:59Z", dt.date(2027, 3, 1)),  # across a year end
        ("2028-02-29T00:00:00Z", dt.date(2028, 5, 29)),  # from a leap day
    ],
)
def test_a_waiver_runs_ninety_days_from_the_report(generated_at: str, until: dt.date) -> None:
    assert WAIVER_DAYS == 90
    assert waiver_until(generated_at) == until
    assert yaml.safe_load(waiver_yaml(until))["waive"]["until"] == until


def test_a_report_without_a_date_counts_from_today() -> None:
    assert waiver_until("") == dt.date.today() + dt.timedelta(days=90)


def test_the_report_says_where_to_paste_the_waiver(report: Report) -> None:
    row = rows(render(report, "html", fail_on=FAIL_ON))["cloud-margin"]
    assert "right below <code>- value: &quot;8.0%&quot;</code>" in row
    assert "<code>claims/lantern.yaml</code> line 27" in row
    assert "lined up with <code>value:</code>" in row


def test_a_claim_without_figures_of_its_own_is_waived_as_a_claim() -> None:
    # figures read from the claim's text carry the claim's line: only the claim can be waived
    parsed = FigureResult("12%", Verdict.CONTRADICTED, "different_value", "d", 40, found="9%")
    claim = ClaimResult("claims/x.yaml", 40, "sales", "Sales rose 12%", Verdict.CONTRADICTED,
                        (parsed,), ("1",))  # fmt: skip
    row = rows(render(Report(claims=(claim,), generated_at="2026-01-01T00:00:00Z"), "html"))
    assert "right below <code>- id: sales</code>" in row["sales"]
    assert "lined up with <code>id:</code>" in row["sales"]


def test_an_article_checked_without_claims_file_points_at_save_claims() -> None:
    figure = FigureResult("12%", Verdict.CONTRADICTED, "different_value", "d", 7, found="9%")
    claim = ClaimResult("drafts/story.md", 7, "sales", "Sales rose 12%", Verdict.CONTRADICTED,
                        (figure,), ("1",))  # fmt: skip
    row = rows(render(Report(claims=(claim,)), "html"))["sales"]
    assert "--save-claims" in row
    assert "right below" not in row


def test_a_direction_contradiction_says_which_way_the_source_has_it() -> None:
    figure = FigureResult("4%", Verdict.CONTRADICTED, "direction",
                          "the source gives 4% as an increase", 9, found="4%")  # fmt: skip
    claim = ClaimResult("claims/x.yaml", 5, "subs", "Subscriptions fell 4%", Verdict.CONTRADICTED,
                        (figure,), ("1",))  # fmt: skip
    row = rows(render(Report(claims=(claim,)), "html"))["subs"]
    assert "The source gives 4% as an increase" in row
    assert copied(row, "fix") == []  # the same number: nothing to copy


def test_unsupported_evidence_is_labelled_as_the_closest_passage(report: Report) -> None:
    capex = report.claims[3]
    assert capex.id == "capex"
    closest = replace(capex.figures[0], evidence="Lantern said capital spending would rise.")
    with_passage = replace(report, claims=(replace(capex, figures=(closest,)),))
    page = render(with_passage, "html")
    assert "closest passage weighed; it does not state this" in page
    assert "Lantern said capital spending would rise." in page
    page = render(replace(report, claims=(capex,)), "html")
    assert "no passage of the source came close to this figure" in page


@pytest.mark.parametrize(
    ("name", "label"),
    [("markdown", "closest passage: "), ("sarif", "The closest passage weighed: \u201c"),
     ("junit", "closest passage: ")],
)  # fmt: skip
def test_every_format_labels_a_closest_passage_as_such(
    report: Report, name: str, label: str
) -> None:
    capex = report.claims[3]
    closest = replace(capex.figures[0], evidence="Lantern said capital spending would rise.")
    one = replace(report, claims=(replace(capex, figures=(closest,)),))
    assert label + "Lantern said capital spending would rise." in render(one, name)


def test_what_the_review_row_shows_is_escaped() -> None:
    value = '<img src=x onerror="alert(1)">9%'
    figure = FigureResult(value, Verdict.CONTRADICTED, "different_value", "d", 7,
                          found='"><script>alert(2)</script>')  # fmt: skip
    claim = ClaimResult("claims/<b>.yaml", 5, "x", "t", Verdict.CONTRADICTED, (figure,), ("1",))
    page = render(Report(claims=(claim,)), "html")
    row = rows(page)["x"]
    assert "<script>alert(2)" not in row and "<img" not in row
    assert copied(row, "fix") == ['"><script>alert(2)</script>']


def test_the_waiver_pasted_as_the_report_says_validates_with_a_warning(tmp_path: Path) -> None:
    """The same loop as the browser test, with the copy done by reading the page."""
    shutil.copytree(ROOT / "examples" / "quickstart", tmp_path / "quickstart")
    page = tmp_path / "report.html"
    claimcheck("run", "quickstart", "--format", "html", "-o", str(page), cwd=tmp_path)
    row = rows(page.read_text(encoding="utf-8"))["operating-margin"]
    (waiver,) = copied(row, "waive")
    where = re.search(r"line (\d+)\), lined up with <code>value:</code>", row)
    assert where is not None
    claims = tmp_path / "quickstart" / "claims.yaml"
    lines = claims.read_text(encoding="utf-8").splitlines(keepends=True)
    at = int(where.group(1))
    lines.insert(at, " " * lines[at - 1].index("value:") + waiver + "\n")
    claims.write_text("".join(lines), encoding="utf-8")
    done = claimcheck("validate", "quickstart", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert f"claims.yaml:{at + 1}: warning: the waiver's reason is still the placeholder" in (
        done.stderr
    )
    # until someone says why, the pasted waiver excuses nothing: CI stays red
    ran = claimcheck("run", "quickstart", "--format", "json", cwd=tmp_path)
    assert "warning: the waiver's reason is still the placeholder" in ran.stderr
    margin = next(c for c in json.loads(ran.stdout)["claims"] if c["id"] == "operating-margin")
    assert margin["figures"][0]["waived"] is None and margin["verdict"] == "contradicted"
    claims.write_text(claims.read_text("utf-8").replace(WAIVER_PLACEHOLDER, "desk: rounding"))
    ran = claimcheck("run", "quickstart", "--format", "json", cwd=tmp_path)
    margin = next(c for c in json.loads(ran.stdout)["claims"] if c["id"] == "operating-margin")
    assert margin["figures"][0]["waived"] == "desk: rounding"


def test_a_checked_article_says_how_to_waive_in_its_saved_claims(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples" / "quickstart", tmp_path / "quickstart")
    page = tmp_path / "report.html"
    claimcheck("check", "quickstart/article.md", "--save-claims", "saved", "--format", "html",
               "-o", str(page), cwd=tmp_path)  # fmt: skip
    row = rows(page.read_text(encoding="utf-8"))
    margin = next(r for r in row.values() if "8.5%" in r)
    (waiver,) = copied(margin, "waive")
    assert "add a comma and the waiver inside its braces" in margin
    claims = tmp_path / "saved" / "article.yaml"
    text = claims.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.lstrip().startswith('- {value: "8.5%"'))
    assert line.endswith("}")
    claims.write_text(text.replace(line, line[:-1] + ", " + waiver + "}"), encoding="utf-8")
    done = claimcheck("validate", "saved", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert "the waiver's reason is still the placeholder" in done.stderr
