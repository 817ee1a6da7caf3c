"""Claims files: loading into records and reporting every problem with its line."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from claimcheck.claimsfile import ClaimsError, find_claim_files, load_article, validate_file
from claimcheck.quantities import parse_figure

GOOD = """\
article:
  title: Quarterly results
  published: 2025-08-30
sources:
  1:
    url: https://example.com/results
    title: Results
  2: {path: pages/saved.html}
claims:
  - id: revenue
    text: "revenue grew 26% to 33.4 billion yuan"
    sources: [1, 2]
    figures:
      - value: "26%"
        about: revenue growth
        change: increase
      - value: "33.4 billion yuan"
        about: revenue
        tolerance: 0.5%
  - id: margin
    text: "margin was 8%"
    sources: []
    waive: {reason: "accepted by the desk", until: 2030-01-01}
"""


def write(tmp_path: Path, text: str, name: str = "claims.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture()
def good_file(tmp_path: Path) -> Path:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "saved.html").write_text("<p>revenue</p>", encoding="utf-8")
    return write(tmp_path, GOOD)


def test_good_file_loads_into_records(good_file: Path) -> None:
    article = load_article(good_file)
    assert article.title == "Quarterly results"
    assert article.published == "2025-08-30"
    assert [s.key for s in article.sources] == ["1", "2"]
    assert article.source("1").url == "https://example.com/results"
    local = article.source("2")
    assert local.url is None and local.path == (good_file.parent / "pages/saved.html").resolve()
    revenue, margin = article.claims
    assert revenue.id == "revenue" and revenue.line == 10 and revenue.sources == ("1", "2")
    assert [f.value for f in revenue.figures] == ["26%", "33.4 billion yuan"]
    assert revenue.figures[0].change == "increase" and revenue.figures[0].line == 14
    tol = revenue.figures[1].tolerance
    assert tol is not None and tol.relative and tol.amount == Decimal("0.005")
    assert margin.sources == () and not margin.cited
    assert margin.waive is not None and margin.waive.reason == "accepted by the desk"
    assert str(margin.waive.until) == "2030-01-01"


def test_records_are_frozen(good_file: Path) -> None:
    claim = load_article(good_file).claims[0]
    with pytest.raises(AttributeError):
        claim.id = "other"  # type: ignore[misc]


def test_every_problem_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        sources:
          1: {url: https://example.com/a}
        claims:
          - id: a
            text: "up 5%"
            sources: [1]
          - id: a
            text: "down 3%"
            sources: [1, 7]
            figuers:
              - value: "3%"
        """,
    )
    _, problems = validate_file(path)
    messages = [str(p) for p in problems]
    assert f"{path}:7: duplicate claim id 'a' (first used on line 4)" in messages
    assert any(
        m.startswith(f"{path}:9: ") and "'7'" in m and "not in sources" in m for m in messages
    )
    assert any(
        m.startswith(f"{path}:10: ") and "unknown key 'figuers'" in m and "'figures'" in m
        for m in messages
    )
    assert len(problems) == 3
    with pytest.raises(ClaimsError) as err:
        load_article(path)
    assert len(err.value.problems) == 3


def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    path = write(tmp_path, "sources:\n  1: {url: https://e.com\nclaims: []\n")
    _, problems = validate_file(path)
    assert len(problems) == 1
    assert problems[0].line in (2, 3) and "YAML syntax error" in problems[0].message


@pytest.mark.parametrize(
    ("body", "line", "needle"),
    [
        ("sources: {}\nclaims:\n  - text: x\n", 3, "missing required key 'id'"),
        ("sources: {}\nclaims:\n  - id: x\n", 3, "missing required key 'text'"),
        ("claims: []\n", 1, "missing required key 'sources'"),
        (
            "sources: {}\nclaims:\n  - id: x\n    text: t\n    figures:\n      - value: ''\n",
            6,
            "figure value is empty",
        ),
        (
            "sources: {}\nclaims:\n  - id: x\n    text: t\n    figures:\n      - about: y\n",
            6,
            "missing required key 'value'",
        ),
        ("sources:\n  1: {path: ../../etc/passwd}\nclaims: []\n", 2, "outside the claims file"),
        ("sources:\n  1: {url: ftp://example.com/x}\nclaims: []\n", 2, "only http and https"),
        ("sources:\n  1: {url: https://a.com, path: x.html}\nclaims: []\n", 2, "exactly one of"),
        ("sources:\n  1: {path: missing.html}\nclaims: []\n", 2, "no such file"),
        (
            "sources: {}\nclaims:\n  - id: x\n    text: t\n    figures:\n      - value: 1%\n"
            "        change: up\n",
            7,
            "use increase or decrease",
        ),
        (
            "sources: {}\nclaims:\n  - id: x\n    text: t\n    figures:\n      - value: 1%\n"
            "        tolerance: lots\n",
            7,
            "tolerance",
        ),
        (
            "sources: {}\nclaims:\n  - id: x\n    text: t\n    waive: {until: 2026-01-01}\n",
            5,
            "missing required key 'reason'",
        ),
        ("sources: {}\nclaims:\n  - id: has space\n    text: t\n", 3, "no spaces"),
        (
            "sources: {}\nclaims:\n  - id: x\n    text: up 5%\n    figures: []\n",
            5,
            "figures is empty",
        ),
        ("sources: {}\nsources: {}\nclaims: []\n", 2, "appears twice"),
        ("", 1, "the file is empty"),
        ("- just\n- a list\n", 1, "must be a mapping"),
    ],
)
def test_single_problem_cases(tmp_path: Path, body: str, line: int, needle: str) -> None:
    path = write(tmp_path, body)
    _, problems = validate_file(path)
    assert problems, f"expected a problem containing {needle!r}"
    assert any(p.line == line and needle in p.message for p in problems), [str(p) for p in problems]


def test_unsafe_yaml_tags_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "sources: !!python/object/apply:os.system ['true']\nclaims: []\n")
    _, problems = validate_file(path)
    assert problems and "YAML" in problems[0].message


def test_figure_parser_flags_unreadable_figures(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "sources: {}\nclaims:\n  - id: x\n    text: t\n    figures:\n      - value: lots\n",
    )
    _, problems = validate_file(path, figure_parser=lambda v: None if v == "lots" else v)
    assert [(p.line, "no quantity" in p.message) for p in problems] == [(6, True)]


def test_shorthand_source_and_figure_forms(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "sources:\n  1: https://example.com/x\nclaims:\n  - id: x\n    text: t 5%\n"
        "    sources: 1\n    figures: ['5%']\n",
    )
    article = load_article(path)
    assert article.source("1").url == "https://example.com/x"
    assert article.claims[0].sources == ("1",)
    assert article.claims[0].figures[0].value == "5%"


def test_find_claim_files_recurses_and_reports_missing(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    write(tmp_path / "a", "claims: []\n", "one.yaml")
    write(tmp_path, "claims: []\n", "two.yml")
    (tmp_path / "notes.txt").write_text("x")
    files, problems = find_claim_files([tmp_path, tmp_path / "nope"])
    assert [f.name for f in files] == ["one.yaml", "two.yml"]
    assert len(problems) == 1 and "no such file" in problems[0].message


def test_seed_claims_file_is_valid_and_complete() -> None:
    path = Path(__file__).resolve().parents[2] / "claims" / "alibaba-ai-cloud.yaml"
    article = load_article(path)
    assert len(article.claims) >= 10
    assert article.figure_count >= 18
    assert len(article.sources) == 11
    assert all(s.url and s.url.startswith("https://") for s in article.sources)
    uncited = [c.id for c in article.claims if not c.cited]
    assert "summary-cloud-growth" in uncited and "earnings-miss-price-reaction" in uncited
    assert all(f.about for c in article.claims for f in c.figures)


def test_alias_bombs_are_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    path = write(tmp_path, "\n".join(lines) + "\nsources: *a8\nclaims: []\n")
    _, problems = validate_file(path)
    assert problems and "aliases" in problems[0].message


def test_a_claim_with_no_checkable_figure_is_valid(tmp_path: Path) -> None:
    # "24/7" or a score states no figure to check: the claim is reported, not refused
    path = write(
        tmp_path,
        "sources:\n  1: https://example.com/a\nclaims:\n"
        "  - id: vague\n    text: Support is open 24/7\n    sources: [1]\n"
        "  - id: opinion\n    text: Acme is admired\n",
    )
    article, problems = validate_file(path, figure_parser=parse_figure)
    assert problems == []
    assert article is not None and [c.id for c in article.claims] == ["vague", "opinion"]
