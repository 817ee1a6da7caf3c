"""`claimcheck run` and `claimcheck fetch` end to end: real processes against real local servers."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from clirun import ROOT, claimcheck
from localserver import LocalServer, Reply

SOURCES = Path(__file__).parents[1] / "fixtures" / "sources"
BOT_WALL = (
    "<!doctype html><html><head><title>Just a moment...</title></head><body>"
    "<p>Checking your browser before accessing the site.</p>"
    "<p>Enable JavaScript and cookies to continue.</p></body></html>"
)


@pytest.fixture
def site(make_server: Callable[..., LocalServer]) -> tuple[LocalServer, LocalServer]:
    """Two hosts: a company site with a release, a news site; plus a dead link and a bot wall."""
    company = make_server("127.0.0.2")
    company.add("/ir/q3-2026", Reply(body=(SOURCES / "release.html").read_bytes()))
    company.add("/ir/old", Reply(status=404, body="<html><body>Not found</body></html>"))
    company.add("/cn/q3", Reply(body=(SOURCES / "release-gbk.html").read_bytes(),
                                content_type="text/html"))  # fmt: skip
    news = make_server("127.0.0.3")
    news.add("/cloud", Reply(body=(SOURCES / "news.html").read_bytes(), gzip=True))
    news.add("/walled", Reply(status=403, body=BOT_WALL))
    return company, news


NO_ARCHIVE = "use-archive = false  # tests never look anything up beyond loopback\n"


def write_claims(folder: Path, company: LocalServer, news: LocalServer) -> Path:
    (folder / "claimcheck.toml").write_text(NO_ARCHIVE, encoding="utf-8")
    path = folder / "claims" / "lantern.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"""\
article:
  title: Lantern's cloud quarter
sources:
  1: {{url: "{company.url("/ir/q3-2026")}", title: Results release}}
  2: {{url: "{news.url("/cloud")}", title: News story}}
  3: {{url: "{company.url("/ir/old")}", title: Moved page}}
  4: {{url: "{news.url("/walled")}", title: Walled page}}
  5: {{url: "{company.url("/cn/q3")}", title: Chinese release}}
claims:
  - id: cloud-revenue
    text: "Lantern's cloud revenue grew 31% to 21.9 billion yuan ($3.07 billion)"
    sources: [1]
    period: Q3 2026
    figures:
      - {{value: "31%", about: cloud revenue growth year-over-year, change: increase}}
      - {{value: "21.9 billion yuan", about: cloud revenue}}
      - {{value: "$3.07 billion", about: cloud revenue}}
  - id: cloud-margin
    text: "The cloud unit's adjusted EBITA margin was 8.0%"
    sources: [1]
    figures:
      - {{value: "8.0%", about: cloud adjusted EBITA margin}}
  - id: investment
    text: "Lantern will spend 420 billion yuan over three years"
    sources: [2]
    figures:
      - {{value: "420 billion yuan", about: AI and cloud infrastructure investment}}
  - id: headcount
    text: "Lantern's staff grew to 5,200 people"
    sources: [1, 2]
    figures:
      - {{value: "5,200", about: employee headcount}}
  - id: moved
    text: "Marketplace revenue rose 6%"
    sources: [3]
  - id: walled
    text: "Marketplace revenue rose 6%"
    sources: [4]
  - id: chinese
    text: "Cloud revenue was 21.87 billion yuan"
    sources: [5]
    figures:
      - {{value: "21.87 billion yuan", about: cloud revenue}}
  - id: opinion
    text: "Analysts expect the unit to turn a profit within two years"
""",
        encoding="utf-8",
    )
    return path


def run_json(folder: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], dict]:
    result = claimcheck(
        "run", "claims", "--format", "json", "--allow-private-hosts", "--cache-dir", "cache",
        *extra, cwd=folder,
    )  # fmt: skip
    assert result.stdout.startswith("{"), result.stderr
    return result, json.loads(result.stdout)


def by_id(report: dict) -> dict[str, dict]:
    return {c["id"]: c for c in report["claims"]}


def test_run_end_to_end_then_offline(tmp_path: Path, site: tuple[LocalServer, LocalServer]) -> None:
    company, news = site
    write_claims(tmp_path, company, news)
    result, report = run_json(tmp_path)
    assert result.returncode == 1, result.stderr  # contradicted and unsupported fail by default
    assert report["schema"] == "claimcheck.report/1"
    claims = by_id(report)
    revenue = claims["cloud-revenue"]
    assert revenue["verdict"] == "supported" and revenue["line"] == 10
    assert revenue["period"] == "Q3 2026"
    assert [f["verdict"] for f in revenue["figures"]] == ["supported"] * 3
    money = revenue["figures"][1]
    assert money["found"] == "RMB21,874 million" and money["source"] == "1"
    assert money["url"] == company.url("/ir/q3-2026")
    assert "RMB21,874 million" in money["evidence"] and money["span"][1] > money["span"][0]
    margin = claims["cloud-margin"]
    assert margin["verdict"] == "contradicted"
    assert margin["figures"][0]["found"] == "9.0%"
    assert claims["investment"]["verdict"] == "supported"  # gzip-encoded news page
    head = claims["headcount"]["figures"][0]
    assert (claims["headcount"]["verdict"], head["reason"]) == ("unsupported", "not_found")
    moved = claims["moved"]["figures"][0]
    assert (moved["verdict"], moved["reason"]) == ("unverifiable", "http_404")
    walled = claims["walled"]["figures"][0]
    assert walled["verdict"] == "unverifiable" and walled["reason"] in ("http_403", "blocked")
    assert claims["chinese"]["verdict"] == "supported"
    assert claims["opinion"]["verdict"] == "uncited"
    assert report["summary"]["claims"] == 8
    sources = {s["key"]: s for s in report["sources"]}
    assert sources["1"]["status"] == 200 and len(sources["1"]["sha256"]) == 64
    assert sources["3"]["error"] == "http_404"
    assert "8 claims" in result.stderr  # the human summary goes to stderr, JSON alone to stdout

    hits = company.hits["/ir/q3-2026"]
    offline, again = run_json(tmp_path, "--offline")
    assert offline.returncode == 1
    assert {k: c["verdict"] for k, c in by_id(again).items()} == {
        k: c["verdict"] for k, c in claims.items()
    } | {"moved": "unverifiable", "walled": "unverifiable"}
    assert all(s["from_cache"] for s in again["sources"] if s["error"] is None)
    assert company.hits["/ir/q3-2026"] == hits  # offline touched no server


def test_private_addresses_are_refused_unless_allowed(
    tmp_path: Path, site: tuple[LocalServer, LocalServer]
) -> None:
    company, news = site
    write_claims(tmp_path, company, news)
    result = claimcheck("run", "claims", "--format", "json", "--cache-dir", "cache", cwd=tmp_path)
    report = json.loads(result.stdout)
    reasons = {f["reason"] for c in report["claims"] for f in c["figures"]}
    assert reasons <= {"blocked_address", "no_sources"}
    # every cited source was refused, so not one figure was checked: that is no pass (exit 2),
    # and the report, still written, says so first
    assert result.returncode == 2
    assert report["coverage"]["checked_nothing"] is True
    assert report["coverage"]["line"] == (
        "9 figures cited; 0 could be checked: every cited source was unreadable "
        "(blocked_address: 5)"
    )
    assert "not one cited figure could be checked" in result.stderr


def test_fetch_fills_the_cache_and_summarises(
    tmp_path: Path, site: tuple[LocalServer, LocalServer]
) -> None:
    company, news = site
    write_claims(tmp_path, company, news)
    first = claimcheck("fetch", "claims", "--allow-private-hosts", "--cache-dir", "c", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "5 sources" in first.stdout and "3 fetched" in first.stdout
    assert "http_404" in first.stdout
    second = claimcheck(
        "fetch", "claims", "--allow-private-hosts", "--cache-dir", "c", cwd=tmp_path
    )
    assert "3 from cache" in second.stdout
    listing = claimcheck("cache", "list", "--cache-dir", "c", cwd=tmp_path)
    assert listing.returncode == 0
    assert company.url("/ir/q3-2026") in listing.stdout and "http_404" in listing.stdout
    # a mistyped folder is said to hold no cache, not listed as an empty one
    typo = claimcheck("cache", "list", "--cache-dir", "cc", cwd=tmp_path)
    assert typo.returncode == 2 and "no cache at cc" in typo.stderr and typo.stdout == ""
    assert not (tmp_path / "cc").exists()


def test_invalid_claims_fetch_nothing_and_exit_2(
    tmp_path: Path, site: tuple[LocalServer, LocalServer]
) -> None:
    company, news = site
    path = write_claims(tmp_path, company, news)
    path.write_text(path.read_text().replace("sources: [2]", "sources: [9]"), encoding="utf-8")
    result = claimcheck("run", "claims", "--allow-private-hosts", "--cache-dir", "c", cwd=tmp_path)
    assert result.returncode == 2
    assert "lantern.yaml:" in result.stderr and "'9'" in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "c").exists()


def test_unwritable_cache_exits_2(tmp_path: Path, site: tuple[LocalServer, LocalServer]) -> None:
    company, news = site
    write_claims(tmp_path, company, news)
    (tmp_path / "blocker").write_text("a file where the cache folder should be")
    result = claimcheck("run", "claims", "--cache-dir", "blocker/cache", cwd=tmp_path)
    assert result.returncode == 2
    assert "not writable" in result.stderr


def test_quick_start_example_gives_a_mix_of_verdicts(tmp_path: Path) -> None:
    result = claimcheck(
        "run", str(ROOT / "examples" / "quickstart"), "--format", "json",
        "--cache-dir", str(tmp_path / "cache"), "--offline",
    )  # fmt: skip
    assert result.returncode == 1
    report = json.loads(result.stdout)
    verdicts = {f["verdict"] for c in report["claims"] for f in c["figures"]}
    assert {"supported", "approximate", "contradicted", "uncited"} <= verdicts
    margin = by_id(report)["operating-margin"]["figures"][0]
    assert (margin["verdict"], margin["found"]) == ("contradicted", "7.5%")
    # a local source is named as a path relative to where claimcheck runs, the same anywhere
    assert margin["url"] == "examples/quickstart/sources/results.html"
    sub = by_id(report)["subscription-revenue"]["figures"][0]
    assert (sub["verdict"], sub["reason"]) == ("contradicted", "direction")


def test_table_report_on_a_pipe_is_plain_text(tmp_path: Path) -> None:
    result = claimcheck(
        "run", str(ROOT / "examples" / "quickstart"), "--cache-dir", str(tmp_path / "c")
    )
    assert result.returncode == 1
    assert "\x1b[" not in result.stdout  # no colour codes when not on a terminal
    assert "operating-margin" in result.stdout and "contradicted" in result.stdout
    assert (
        "5 claims (1 supported, 1 approximate, 2 contradicted, 1 uncited); 9 figures (5 supported"
        in result.stdout
    )


def test_several_reports_in_one_run_and_a_baseline(tmp_path: Path) -> None:
    example = str(ROOT / "examples" / "quickstart")
    cache = str(tmp_path / "cache")
    first = claimcheck(
        "run", example, "--cache-dir", cache, "--format", "json", "-o", str(tmp_path / "a.json"),
        "--report", f"html={tmp_path / 'r.html'}", "--report", f"junit={tmp_path / 'r.xml'}",
        "--report", f"sarif={tmp_path / 'r.sarif'}", "--report", f"markdown={tmp_path / 'r.md'}",
    )  # fmt: skip
    assert first.returncode == 1, first.stderr
    assert first.stdout == ""  # every report went to a file
    assert "5 claims (" in first.stderr and "; 9 figures (" in first.stderr
    for name in ("a.json", "r.html", "r.xml", "r.sarif", "r.md"):
        assert (tmp_path / name).stat().st_size > 200, name
    assert "operating-margin" in (tmp_path / "r.html").read_text(encoding="utf-8")
    # the same claims against the previous report: nothing new, nothing fixed
    again = claimcheck(
        "run", example, "--cache-dir", cache, "--format", "markdown",
        "--baseline", str(tmp_path / "a.json"),
    )  # fmt: skip
    assert again.returncode == 1
    assert "new" in again.stdout.lower() and "known" in again.stdout.lower()


def test_bad_report_spec_and_baseline_are_usage_errors(tmp_path: Path) -> None:
    example = str(ROOT / "examples" / "quickstart")
    bad_spec = claimcheck("run", example, "--report", "html")
    assert bad_spec.returncode == 2 and "FORMAT=PATH" in bad_spec.stderr
    bad_format = claimcheck("run", example, "--format", "pdf")
    assert bad_format.returncode == 2 and "unknown format" in bad_format.stderr
    (tmp_path / "old.json").write_text("[1, 2]", encoding="utf-8")
    bad_base = claimcheck("run", example, "--baseline", str(tmp_path / "old.json"))
    assert bad_base.returncode == 2 and "baseline" in bad_base.stderr


def test_schema_command_prints_the_report_schema() -> None:
    result = claimcheck("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "claims" in schema["properties"]


def test_extract_drafts_a_valid_claims_file(tmp_path: Path) -> None:
    out = tmp_path / "claims" / "seed.yaml"
    result = claimcheck(
        "extract", str(ROOT / "claims" / "alibaba-ai-cloud.article.txt"), "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert "12 claims, 26 figures, 11 sources" in result.stderr
    valid = claimcheck("validate", str(out))
    assert valid.returncode == 0, valid.stdout
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# DRAFT")
    assert "8.0%" in text and "sources: []" in text  # a figure, and the uncited summary bullets


def test_extract_from_a_url_and_merge(tmp_path: Path, server: LocalServer) -> None:
    page = (Path(__file__).parents[1] / "fixtures" / "articles" / "references.html").read_bytes()
    url = server.add("/story", Reply(body=page))
    out = tmp_path / "story.yaml"
    first = claimcheck(
        "extract", url, "-o", str(out), "--allow-private-hosts", "--cache-dir", str(tmp_path / "c")
    )
    assert first.returncode == 0, first.stderr
    before = out.read_text(encoding="utf-8")
    again = claimcheck(
        "extract", url, "-o", str(out), "--merge", "--offline", "--cache-dir", str(tmp_path / "c")
    )
    assert again.returncode == 0, again.stderr
    assert out.read_text(encoding="utf-8") == before  # nothing new: the file is left as it was
    no_target = claimcheck(
        "extract", url, "--merge", "--offline", "--cache-dir", str(tmp_path / "c")
    )
    assert no_target.returncode == 2 and "--merge needs -o" in no_target.stderr


def _quickstart_copy(tmp_path: Path, margin_waiver: str) -> Path:
    """The quick start with a waiver on its failing operating-margin claim."""
    import shutil

    folder = tmp_path / "qs"
    shutil.copytree(ROOT / "examples" / "quickstart", folder)
    claims = folder / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    text = text.replace(
        '      - value: "8.5%"\n        about: operating margin\n',
        '      - value: "8.5%"\n        about: operating margin\n' + margin_waiver,
    )
    claims.write_text(text, encoding="utf-8")
    return folder


def test_waivers_excuse_a_failure_until_they_expire(tmp_path: Path) -> None:
    # the quick start fails on two claims: the margin (waived below) and subscription revenue
    live = _quickstart_copy(
        tmp_path, '        waive: {reason: "desk accepted the margin", until: 2999-01-01}\n'
    )
    report = json.loads(claimcheck("run", str(live), "--format", "json", "--offline",
                                   "--cache-dir", str(tmp_path / "c")).stdout)  # fmt: skip
    margin = by_id(report)["operating-margin"]
    assert margin["verdict"] == "contradicted" and margin["waived"] == "desk accepted the margin"
    assert margin["figures"][0]["waived"] == "desk accepted the margin"
    # only subscription revenue still fails: waive it too and the run passes
    only_margin = claimcheck(
        "run", str(live), "--offline", "--cache-dir", str(tmp_path / "c"),
        "--fail-on", "contradicted", "--format", "json",
    )  # fmt: skip
    failing = {c["id"] for c in json.loads(only_margin.stdout)["claims"] if c["verdict"] ==
               "contradicted" and not c["waived"]}  # fmt: skip
    assert failing == {"subscription-revenue"} and only_margin.returncode == 1

    expired = _quickstart_copy(
        tmp_path / "x", '        waive: {reason: "desk accepted the margin", until: 2020-01-01}\n'
    )
    result = claimcheck("run", str(expired), "--format", "json", "--offline",
                        "--cache-dir", str(tmp_path / "c"))  # fmt: skip
    margin = by_id(json.loads(result.stdout))["operating-margin"]
    assert margin["waived"] is None and margin["waiver_expired"] == "2020-01-01"
    assert result.returncode == 1


def test_a_waived_run_exits_0(tmp_path: Path) -> None:
    folder = _quickstart_copy(tmp_path, '        waive: {reason: "accepted"}\n')
    claims = folder / "claims.yaml"
    claims.write_text(
        claims.read_text(encoding="utf-8").replace(
            "  - id: subscription-revenue\n",
            '  - id: subscription-revenue\n    waive: {reason: "source wording is ambiguous"}\n',
        ),
        encoding="utf-8",
    )
    result = claimcheck("run", str(folder), "--offline", "--cache-dir", str(tmp_path / "c"))
    assert result.returncode == 0, result.stdout
    assert "waived" in result.stdout


def test_table_report_survives_brackets_in_claims_and_pages(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        "<html><body><h1>Acme [/x] results</h1><table>"
        "<caption>Results [/bold] in millions of US dollars"
        "</caption><tr><th>Item</th><th>2025</th></tr><tr><td>Revenue [b]</td><td>4,000</td>"
        "</tr></table><p>Acme [note] reported its results [1] for the year, the company said in "
        "its annual report, which also described new plants, hiring plans and the outlook "
        "for the next two years in some detail for its shareholders and staff.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    (tmp_path / "c.yaml").write_text(
        "sources:\n  1: {path: page.html}\nclaims:\n"
        '  - id: rev\n    text: "Acme [/red] revenue was $5 billion"\n    sources: [1]\n',
        encoding="utf-8",
    )
    result = claimcheck("run", str(tmp_path / "c.yaml"), "--cache-dir", str(tmp_path / "cache"))
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1  # $5 billion is contradicted by $4 billion
    assert "contradicted" in result.stdout and "4,000" in result.stdout
    assert "[/bold]" in result.stdout  # the caption, shown as text, not read as markup


def test_waivers_cover_any_failing_verdict_and_only_their_figure(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text(
        "Acme said revenue was $4 billion in the year, up from the year before, and that it "
        "employed people in nine countries across three continents at the end of the period.",
        encoding="utf-8",
    )
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "c.yaml").write_text(
        "sources:\n  1: {path: page.txt}\n  2: {path: empty.txt}\nclaims:\n"
        "  - id: mixed\n    text: Acme revenue was $5 billion\n    sources: [1, 2]\n"
        "    figures:\n"
        "      - {value: $5 billion, about: revenue, waive: {reason: restated later}}\n"
        "  - id: opinion\n    text: Acme will triple in size\n"
        '    waive: {reason: "opinion, not a figure"}\n',
        encoding="utf-8",
    )
    args = ("run", str(tmp_path / "c.yaml"), "--cache-dir", str(tmp_path / "cache"))
    # the contradicted figure is waived (source 2 is unreadable): nothing fails by default
    assert claimcheck(*args).returncode == 0
    # a waiver also covers uncited and unverifiable when --fail-on names them
    strict = claimcheck(*args, "--fail-on", "contradicted,uncited,unverifiable")
    assert strict.returncode == 0, strict.stdout


def test_a_malformed_baseline_fails_before_the_run(tmp_path: Path) -> None:
    bad = tmp_path / "old.json"
    bad.write_text('{"schema": "claimcheck.report/1", "claims": [{"id": "x"}]}', encoding="utf-8")
    result = claimcheck("run", str(ROOT / "examples" / "quickstart"), "--baseline", str(bad),
                        "--cache-dir", str(tmp_path / "cache"))  # fmt: skip
    assert result.returncode == 2 and "not a claimcheck JSON report" in result.stderr
    assert not (tmp_path / "cache").exists()  # nothing was fetched or matched


def test_a_page_gone_since_the_last_fetch_is_reported_stale(
    tmp_path: Path, server: LocalServer
) -> None:
    url = server.add("/r", [Reply(body=(SOURCES / "release.html").read_bytes()), Reply(404)])
    (tmp_path / "c.yaml").write_text(
        f'sources:\n  1: {{url: "{url}"}}\nclaims:\n  - id: rev\n'
        "    text: Lantern's cloud revenue grew 31%\n    sources: [1]\n",
        encoding="utf-8",
    )
    (tmp_path / "claimcheck.toml").write_text(NO_ARCHIVE, encoding="utf-8")
    args = ("run", "c.yaml", "--allow-private-hosts", "--cache-dir", "cache")
    assert claimcheck(*args, cwd=tmp_path).returncode == 0
    again = claimcheck(*args, "--refresh", "--format", "json", cwd=tmp_path)
    source = json.loads(again.stdout)["sources"][0]
    assert source["stale"] is True and "404" in (source["live_error"] or "")
    assert json.loads(again.stdout)["claims"][0]["verdict"] == "supported"
    md = claimcheck(*args, "--refresh", "--format", "markdown", cwd=tmp_path)
    assert "failed to refetch" in md.stdout and url in md.stdout
    page = claimcheck(*args, "--refresh", "--format", "html", cwd=tmp_path)
    assert "refetch failed; verdicts use the cached copy" in page.stdout


def test_a_claim_with_no_checkable_figure_never_aborts_the_run(tmp_path: Path) -> None:
    # one claim in fifty states no figure ("24/7"); it is reported, the other 49 are checked
    (tmp_path / "note.txt").write_text(
        "The help desk answers calls around the clock, every day of the year, from its office "
        "above the old station. Last year it closed 4,120 tickets, most of them about lost "
        "passwords, and it hired two more people to keep up with the work.\n",
        encoding="utf-8",
    )
    claims = ["  - id: desk-hours\n    text: The help desk is open 24/7\n    sources: [1]\n"]
    claim = "    text: The desk closed 4,120 tickets last year\n    sources: [1]\n"
    claims += [f"  - id: tickets-{i}\n{claim}" for i in range(49)]
    path = tmp_path / "desk.yaml"
    path.write_text("sources:\n  1: {path: note.txt}\nclaims:\n" + "".join(claims), "utf-8")

    validated = claimcheck("validate", str(path))
    assert validated.returncode == 0, validated.stderr
    assert f"{path}:4: warning: claim 'desk-hours' states no figure" in validated.stderr
    assert validated.stdout.startswith("1 file, 50 claims, 49 figures")

    run = claimcheck("run", str(path), "--offline", "--format", "json", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    by_id = {c["id"]: c for c in report["claims"]}
    assert len(by_id) == 50
    desk = by_id["desk-hours"]
    assert desk["verdict"] == "unverifiable"
    reasons = [(f["verdict"], f["reason"]) for f in desk["figures"]]
    assert reasons == [("unverifiable", "no_figures")]
    assert all(by_id[f"tickets-{i}"]["verdict"] == "supported" for i in range(49))
