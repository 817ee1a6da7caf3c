"""`claimcheck check`: an article checked in one step, end to end (real processes, real files,
a real local HTTP server for an article given by URL)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from clirun import ROOT, claimcheck
from localserver import LocalServer, Reply

QUICKSTART = ROOT / "examples" / "quickstart"
SEED = ROOT / "claims" / "alibaba-ai-cloud.article.txt"


def figures(report: dict) -> list[tuple[str, str]]:
    """(verdict, reason) of every figure, in report order (the article's order)."""
    return [(f["verdict"], f["reason"]) for c in report["claims"] for f in c["figures"]]


def test_check_gives_the_verdicts_run_gives_for_the_reviewed_claims() -> None:
    checked = claimcheck("check", str(QUICKSTART / "article.md"), "--format", "json")
    ran = claimcheck("run", str(QUICKSTART), "--format", "json")
    assert checked.returncode == ran.returncode == 1, checked.stderr  # two contradicted figures
    assert figures(json.loads(checked.stdout)) == figures(json.loads(ran.stdout))
    assert "8 figures cited; 8 could be checked" in checked.stderr


def test_claims_and_figures_point_at_the_article_lines() -> None:
    done = claimcheck("check", str(QUICKSTART / "article.md"), "--format", "json")
    report = json.loads(done.stdout)
    lines = (QUICKSTART / "article.md").read_text(encoding="utf-8").splitlines()
    assert {c["file"] for c in report["claims"]} == {"examples/quickstart/article.md"}
    for claim in report["claims"]:
        for figure in claim["figures"]:
            value = figure["value"].split()[-1]  # "passed 41,000" is on the line with "41,000"
            assert value in lines[figure["line"] - 1], (figure["value"], figure["line"])
    margin = next(c for c in report["claims"] if c["id"] == "operating-margin")
    assert "operating margin rose to 8.5%" in lines[margin["line"] - 1]


def test_save_claims_writes_a_file_run_checks_the_same(tmp_path: Path) -> None:
    article = tmp_path / "article.md"
    shutil.copy(QUICKSTART / "article.md", article)
    shutil.copytree(QUICKSTART / "sources", tmp_path / "sources")
    saved = tmp_path / "drafted"
    checked = claimcheck("check", str(article), "--save-claims", str(saved), "--format", "json",
                         cwd=tmp_path)  # fmt: skip
    (claims_file,) = saved.glob("*.yaml")
    assert claims_file.name == "article.yaml"
    assert claimcheck("validate", str(claims_file), cwd=tmp_path).returncode == 0
    ran = claimcheck("run", str(claims_file), "--format", "json", cwd=tmp_path)
    assert figures(json.loads(ran.stdout)) == figures(json.loads(checked.stdout))


def test_the_seed_article_drafts_and_checks_its_26_figures(tmp_path: Path) -> None:
    done = claimcheck("check", str(SEED), "--offline", "--format", "json",
                      "--cache-dir", str(tmp_path / "cache"))  # fmt: skip
    report = json.loads(done.stdout)
    assert sum(len(c["figures"]) for c in report["claims"]) == 26
    ran = claimcheck("run", str(ROOT / "claims" / "alibaba-ai-cloud.yaml"), "--offline",
                     "--format", "json", "--cache-dir", str(tmp_path / "cache"))  # fmt: skip

    def cited(r: dict) -> list[tuple[str, str]]:
        return sorted((f["value"], f["source"] or "") for c in r["claims"] for f in c["figures"])

    assert cited(report) == cited(json.loads(ran.stdout))  # the same figures, the same citations
    # offline with an empty cache not one cited figure can be checked: exit 2, and it says so
    assert done.returncode == 2
    assert "0 could be checked" in done.stderr


def test_a_folder_of_articles(tmp_path: Path) -> None:
    shutil.copy(QUICKSTART / "article.md", tmp_path / "one.md")
    shutil.copy(QUICKSTART / "article.md", tmp_path / "two.md")
    shutil.copytree(QUICKSTART / "sources", tmp_path / "sources")
    (tmp_path / "notes.csv").write_text("not,an,article\n", encoding="utf-8")
    done = claimcheck("check", str(tmp_path), "--format", "json", cwd=tmp_path)
    report = json.loads(done.stdout)
    assert sorted({c["file"] for c in report["claims"]}) == ["one.md", "two.md"]
    assert done.returncode == 1


def test_an_article_given_by_url(tmp_path: Path, make_server: Callable[..., LocalServer]) -> None:
    site = make_server("127.0.0.2")
    site.add("/results", Reply(body=(QUICKSTART / "sources" / "results.html").read_bytes()))
    site.add("/news", Reply(body=(QUICKSTART / "sources" / "news.txt").read_bytes(),
                            content_type="text/plain; charset=utf-8"))  # fmt: skip
    text = (QUICKSTART / "article.md").read_text(encoding="utf-8")
    text = text.replace("sources/results.html", site.url("/results")).replace(
        "sources/news.txt", site.url("/news")
    )
    site.add("/article", Reply(body=text.encode(), content_type="text/markdown; charset=utf-8"))
    (tmp_path / "claimcheck.toml").write_text("use-archive = false\n", encoding="utf-8")
    done = claimcheck("check", site.url("/article"), "--allow-private-hosts", "--format", "json",
                      "--cache-dir", str(tmp_path / "cache"), cwd=tmp_path)  # fmt: skip
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert {c["file"] for c in report["claims"]} == {site.url("/article")}
    ran = claimcheck("run", str(QUICKSTART), "--format", "json")
    assert figures(report) == figures(json.loads(ran.stdout))


@pytest.mark.parametrize("missing", ["nowhere.md", "empty-folder"])
def test_no_article_is_an_error(tmp_path: Path, missing: str) -> None:
    (tmp_path / "empty-folder").mkdir()
    done = claimcheck("check", missing, cwd=tmp_path)
    assert done.returncode == 2
    assert "claimcheck: error:" in done.stderr
