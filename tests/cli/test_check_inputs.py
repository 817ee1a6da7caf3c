"""`claimcheck check` on the articles people really have: sources beside the article or on the
web, markers without a source list, folders that hold sources too, several articles of one name.
Real processes, real files, a real local HTTP server."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from clirun import claimcheck
from localserver import LocalServer, Reply

ARTICLE = """\
# Ferry traffic

The harbour ferries carried 2.4 million passengers last year [1]. Fares rose 5% in March [2].

## Sources

[1] Harbour annual report — {one}
[2] Fare notice — {two}
"""
REPORT = "The harbour ferries carried 2.4 million passengers last year, a record."
FARES = "From March, fares on every ferry route rose 5%."


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def verdicts(done: object) -> list[tuple[str, str]]:
    report = json.loads(done.stdout)  # type: ignore[attr-defined]
    return [(f["verdict"], f["reason"]) for c in report["claims"] for f in c["figures"]]


def test_an_article_on_the_web_names_its_neighbours_not_local_files(
    tmp_path: Path, make_server: Callable[..., LocalServer]
) -> None:
    # the working directory holds a file of the same name with figures that would match
    write(tmp_path, "report.txt", "SECRET: 2.4 million passengers, fares rose 5%.")
    write(tmp_path, "fares.txt", "SECRET: fares rose 5%.")
    site = make_server("127.0.0.2")
    site.add("/news/report.txt", Reply(body=REPORT, content_type="text/plain; charset=utf-8"))
    site.add("/news/fares.txt", Reply(body="Fares are unchanged this year.",
                                      content_type="text/plain; charset=utf-8"))  # fmt: skip
    page = ARTICLE.format(one="report.txt", two="fares.txt")
    story = site.add("/news/story", Reply(body=page, content_type="text/markdown"))
    write(tmp_path, "claimcheck.toml", "use-archive = false\n")
    done = claimcheck("check", story, "--allow-private-hosts", "--format", "json",
                      "--cache-dir", str(tmp_path / "cache"), cwd=tmp_path)  # fmt: skip
    assert site.hits["/news/report.txt"] == 1 and site.hits["/news/fares.txt"] == 1
    report = json.loads(done.stdout)
    assert "SECRET" not in done.stdout
    assert {s["url"] for s in report["sources"]} == {
        site.url("/news/report.txt"),
        site.url("/news/fares.txt"),
    }
    assert verdicts(done)[0] == ("supported", "exact")
    assert verdicts(done)[1][0] == "unsupported"  # the page it names says otherwise


def test_a_source_file_that_is_missing_is_an_error_at_its_line(tmp_path: Path) -> None:
    write(tmp_path, "report.txt", REPORT)
    write(tmp_path, "story.md", ARTICLE.format(one="report.txt", two="notices/fares.txt"))
    done = claimcheck("check", "story.md", cwd=tmp_path)
    assert done.returncode == 2
    assert "story.md: line 8: source [2] names notices/fares.txt: no such file" in done.stderr
    assert "a bug" not in done.stderr


def test_a_source_file_outside_the_article_folder_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "private/report.txt", REPORT)
    write(tmp_path, "site/fares.txt", FARES)
    write(tmp_path, "site/story.md", ARTICLE.format(one="../private/report.txt", two="fares.txt"))
    done = claimcheck("check", "site/story.md", cwd=tmp_path)
    assert done.returncode == 2
    assert "source [1] names ../private/report.txt, outside the article's folder" in done.stderr


def test_markers_without_a_source_list_are_unverifiable_and_nothing_was_checked(
    tmp_path: Path,
) -> None:
    write(tmp_path, "story.md", "The ferries carried 2.4 million passengers [1].\n")
    done = claimcheck("check", "story.md", "--format", "json", cwd=tmp_path)
    assert done.returncode == 2  # it cites a source; not one figure could be checked
    assert verdicts(done) == [("unverifiable", "not_listed")]
    (claim,) = json.loads(done.stdout)["claims"]
    assert "cites [1] here, but lists no source" in claim["figures"][0]["detail"]


def test_a_marker_missing_from_the_list_is_unverifiable_beside_checked_figures(
    tmp_path: Path,
) -> None:
    write(tmp_path, "report.txt", REPORT)
    text = ARTICLE.format(one="report.txt", two="x").replace("[2] Fare notice — x\n", "")
    write(tmp_path, "story.md", text)
    done = claimcheck("check", "story.md", "--format", "json", cwd=tmp_path)
    assert verdicts(done) == [("supported", "exact"), ("unverifiable", "not_listed")]
    assert done.returncode == 0  # unverifiable does not fail by default; the report says why
    assert "2 figures cited; 1 could be checked (1 could not: not_listed: 1)" in done.stderr


def test_a_folder_holding_its_sources_checks_the_articles_only(tmp_path: Path) -> None:
    # a source that is a script-built shell would be no article; as a source it is unreadable
    shell = "<html><body><div id='root'></div><script src='app.js'></script></body></html>"
    write(tmp_path, "pages/fares.html", shell)
    write(tmp_path, "pages/report.txt", REPORT)
    write(tmp_path, "story.md", ARTICLE.format(one="pages/report.txt", two="pages/fares.html"))
    done = claimcheck("check", ".", "--format", "json", cwd=tmp_path)
    report = json.loads(done.stdout)
    assert {c["file"] for c in report["claims"]} == {"story.md"}
    assert verdicts(done)[0] == ("supported", "exact")
    assert verdicts(done)[1][0] == "unverifiable"


def test_saved_claims_keep_every_source_and_every_article(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        write(tmp_path, f"{folder}/one/page.txt", REPORT)
        write(tmp_path, f"{folder}/two/page.txt", FARES)
        write(tmp_path, f"{folder}/article.md",
              ARTICLE.format(one="one/page.txt", two="two/page.txt"))  # fmt: skip
    checked = claimcheck("check", "a", "b", "--save-claims", "out", "--format", "json",
                         cwd=tmp_path)  # fmt: skip
    assert sorted(p.name for p in (tmp_path / "out").glob("*.yaml")) == [
        "article-2.yaml", "article.yaml"
    ]  # fmt: skip
    copies = sorted(p.name for p in (tmp_path / "out" / "article.sources").iterdir())
    assert copies == ["page-2.txt", "page.txt"]  # two sources of one name, both kept
    ran = claimcheck("run", "out", "--format", "json", cwd=tmp_path)
    assert verdicts(ran) == verdicts(checked) == [("supported", "exact")] * 4


def test_a_claims_file_given_as_an_article_points_at_run(tmp_path: Path) -> None:
    write(tmp_path, "claims.yaml", "claims: []\n")
    done = claimcheck("check", "claims.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert "claims.yaml is a claims file, not an article" in done.stderr
    assert "claimcheck run claims.yaml" in done.stderr
