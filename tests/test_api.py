"""The Python API (``claimcheck.check_article``, ``claimcheck.audit``): the same verdicts as the
command line, in the same process, and the README's Python example runs as written."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import claimcheck
from clirun import ROOT
from clirun import claimcheck as run_cli
from localserver import LocalServer, Reply

QUICKSTART = ROOT / "examples" / "quickstart"

ARTICLE = """\
# Lantern Rail opens its northern line

Lantern Rail carried 4.2 million passengers in its first year [1]. The new line cost
780 million euros to build [1].

At peak times, trains now run every 6 minutes [2].

## Sources

[1] Lantern Rail annual review — https://lantern-rail.example/review
[2] City transport timetable — https://transport.example/timetable
"""

REVIEW = (
    "<html><body><article><h1>Annual review</h1><p>In its first year of service the railway "
    "carried 4.2 million passengers. Building the northern line cost 910 million euros."
    "</p></article></body></html>"
)
TIMETABLE = "Timetable. At peak times trains on the northern line run every 6 minutes."


def verdicts(report: claimcheck.Report) -> list[tuple[str, str]]:
    return [(f.value, f.verdict.value) for c in report.claims for f in c.figures]


def served(server: LocalServer) -> str:
    """The article with its source list on ``server``, which serves both pages."""
    server.add("/review", Reply(body=REVIEW))
    server.add("/timetable", Reply(body=TIMETABLE, content_type="text/plain; charset=utf-8"))
    return ARTICLE.replace("https://lantern-rail.example/review", server.url("/review")).replace(
        "https://transport.example/timetable", server.url("/timetable")
    )


def local(tmp_path: Path) -> claimcheck.Settings:
    return claimcheck.load_settings().with_overrides(
        allow_private_hosts=True, cache_dir=tmp_path / "cache", use_archive=False
    )


def test_check_article_with_sources_given_reads_them_and_fetches_nothing(
    tmp_path: Path, server: LocalServer
) -> None:
    article = served(server)
    report = claimcheck.check_article(
        article, sources={"1": REVIEW.encode("utf-8"), "2": TIMETABLE}, settings=local(tmp_path)
    )
    assert verdicts(report) == [
        ("4.2 million", "supported"),
        ("780 million euros", "contradicted"),
        ("6", "supported"),
    ]
    wrong = [f for c in report.claims for f in c.figures if f.verdict.value == "contradicted"]
    assert wrong[0].found is not None and "910" in wrong[0].found
    assert server.requests == []  # the pages given stand in for the source list


def test_a_citation_without_a_given_source_is_unverifiable_not_fetched(
    tmp_path: Path, server: LocalServer
) -> None:
    report = claimcheck.check_article(
        served(server), sources={"1": REVIEW}, settings=local(tmp_path)
    )
    last = report.claims[-1].figures[0]
    assert (last.value, last.verdict.value, last.reason) == ("6", "unverifiable", "not_listed")
    assert server.requests == []


def test_pages_given_leave_no_cache_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    claimcheck.check_article(ARTICLE, sources={"1": REVIEW, "2": TIMETABLE})
    assert list(tmp_path.iterdir()) == []


def test_an_article_as_bytes_is_read_like_a_file() -> None:
    html = (
        "<html><body><article><p>Lantern Rail carried 4.2 million passengers in its first "
        "year [1].</p><h2>Sources</h2><ol><li>Annual review — "
        "https://lantern-rail.example/review</li></ol></article></body></html>"
    )
    report = claimcheck.check_article(html.encode("utf-8"), sources={"1": REVIEW})
    assert verdicts(report) == [("4.2 million", "supported")]


def test_a_text_article_may_not_name_local_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "notes.txt").write_text("It carried 4.2 million passengers.", "utf-8")
    text = (
        "Lantern Rail carried 4.2 million passengers [1].\n\n"
        "Sources:\n[1] Notes — sources/notes.txt\n"
    )
    with pytest.raises(claimcheck.ArticleError, match=r"names a file \(sources/notes.txt\)"):
        claimcheck.check_article(text, offline=True)


def test_a_mistyped_article_path_is_an_error_not_an_article() -> None:
    with pytest.raises(claimcheck.ArticleError):
        claimcheck.check_article("examples/quickstart/no-such-article.md")


def test_check_article_fetches_the_cited_sources_when_none_are_given(
    tmp_path: Path, server: LocalServer
) -> None:
    report = claimcheck.check_article(served(server), settings=local(tmp_path))
    assert [v for _, v in verdicts(report)] == ["supported", "contradicted", "supported"]
    assert server.hits["/review"] == 1 and server.hits["/timetable"] == 1


def test_check_article_reads_an_article_by_url(tmp_path: Path, server: LocalServer) -> None:
    story = server.add(
        "/story", Reply(body=served(server), content_type="text/markdown; charset=utf-8")
    )
    report = claimcheck.check_article(story, settings=local(tmp_path))
    assert [v for _, v in verdicts(report)] == ["supported", "contradicted", "supported"]
    assert {c.file for c in report.claims} == {story}


def test_check_article_on_a_file_gives_what_the_check_command_gives() -> None:
    report = claimcheck.check_article(QUICKSTART / "article.md")
    done = run_cli("check", str(QUICKSTART / "article.md"), "--format", "json")
    claims = json.loads(done.stdout)["claims"]
    assert verdicts(report) == [(f["value"], f["verdict"]) for c in claims for f in c["figures"]]


def test_audit_checks_claims_files_as_run_does() -> None:
    report = claimcheck.audit([QUICKSTART], offline=True)
    done = run_cli("run", str(QUICKSTART), "--format", "json")
    claims = json.loads(done.stdout)["claims"]
    assert verdicts(report) == [(f["value"], f["verdict"]) for c in claims for f in c["figures"]]


def test_audit_takes_one_path_as_well_as_several() -> None:
    one = claimcheck.audit(str(QUICKSTART), offline=True)
    several = claimcheck.audit([QUICKSTART], offline=True)
    assert verdicts(one) == verdicts(several) and len(verdicts(one)) == 9


def test_the_package_exports_settings_and_its_api_module() -> None:
    settings = claimcheck.Settings(offline=True)
    assert claimcheck.load_settings().with_overrides(offline=True).offline == settings.offline
    assert claimcheck.api.check_article is claimcheck.check_article


def test_audit_raises_every_problem_of_an_invalid_claims_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "article: x\nsources:\n  - key: 1\n    url: ftp://nowhere\nclaims:\n  - id: a\n", "utf-8"
    )
    with pytest.raises(claimcheck.ClaimsError) as caught:
        claimcheck.audit([bad])
    message = str(caught.value)
    assert f"{bad}:" in message
    assert len(caught.value.problems) >= 2  # the bad URL and the claim without text


def test_what_is_no_article_raises_article_error(tmp_path: Path) -> None:
    with pytest.raises(claimcheck.ArticleError):
        claimcheck.check_article(tmp_path / "missing.md")


def test_the_readme_python_example_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert blocks, "the README has no Python example"
    shutil.copytree(QUICKSTART, tmp_path / "examples" / "quickstart")
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "18% supported" in out
    assert "12.3 billion yuan supported" in out
    assert "claimcheck: no failing claims" in out
