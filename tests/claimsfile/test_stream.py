"""The streaming reader: a claims file read a claim at a time gives the records and the messages
(the same ones, in the same order) that reading its whole node tree gives, and a fraction of
the memory; files it does not stream are read whole."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from claimcheck.claimsfile import _validate_whole, validate_file
from claimcheck.quantities import parse_figure

HEAD = """\
article:
  title: An archive
  bogus: 1
sources:
  1: {url: "https://example.com/a"}
  2: {path: pages/missing.html}
  3: {url: "ftp://example.com/c"}
claims:
"""


def claim(n: int) -> str:
    """A claim; every seventh has a problem, each of a different kind."""
    problems = {
        1: '  - id: c{n}\n    text: "x"\n    sources: [9]\n',
        2: '  - id: c1\n    text: "revenue grew 5%"\n',  # a duplicate id
        3: '  - id: c{n}\n    txt: "revenue grew 5%"\n',
        4: '  - id: c{n}\n    text: "revenue grew 5%"\n    figures: []\n',
        5: '  - id: c{n}\n    text: "r"\n    figures:\n      - {{value: "n/a"}}\n',
        6: '  - id: "bad id {n}"\n    text: "revenue grew 5%"\n    sources: 1\n',
    }
    if n % 7 in problems and n > 7:
        return problems[n % 7].format(n=n)
    return (
        f'  - id: c{n}\n    text: "Revenue of unit {n} grew {n % 50}% to {n}.5 billion yuan"\n'
        f"    sources: [1]\n    figures:\n"
        f'      - {{value: "{n % 50}%", about: unit {n} revenue growth, change: increase}}\n'
        f'      - {{value: "{n}.5 billion yuan", about: unit {n} revenue}}\n'
    )


def write(folder: Path, claims: int, head: str = HEAD, tail: str = "") -> Path:
    path = folder / "archive.yaml"
    text = head + "".join(claim(n) for n in range(claims)) + tail
    path.write_bytes(text.encode("utf-8", "surrogateescape"))  # a lone byte stays one
    return path


def test_the_same_records_and_messages_as_the_whole_tree(tmp_path: Path) -> None:
    path = write(tmp_path, 400)
    told: list[int] = []
    article, problems = validate_file(path, parse_figure, advance=told.append)
    whole, expected = _validate_whole(path, path.read_bytes(), parse_figure)
    assert [str(p) for p in problems] == [str(p) for p in expected]
    assert len(problems) > 300 and article == whole and article is not None
    assert len(article.claims) > 200
    assert sum(told) == path.stat().st_size and len(told) > 100  # progress as it reads


def test_a_file_of_plain_claims_costs_a_fraction_of_its_tree(tmp_path: Path) -> None:
    path = write(tmp_path, 6000, head=HEAD.replace("  bogus: 1\n", ""))
    data = path.read_bytes()

    def peak(read: object) -> int:
        tracemalloc.start()
        try:
            read()  # type: ignore[operator]
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    streamed = peak(lambda: validate_file(path))
    whole = peak(lambda: _validate_whole(path, data, None))
    assert streamed * 3 < whole, (streamed, whole)


def test_files_it_does_not_stream_read_whole_with_the_same_messages(tmp_path: Path) -> None:
    unusual = {
        "sources after claims": ("article: {title: t}\nclaims:\n", "sources:\n  1: {url: x}\n"),
        "an alias": (HEAD + "  - &a {id: a, text: t}\n  - *a\n", ""),
        "a tag": (HEAD + "  - !!python/object:os.system {id: a}\n", ""),
        "a syntax error": (HEAD + '  - id: "open\n', ""),
        "a tab": (HEAD + "  - id: a\n\ttext: t\n", ""),
        "an unclosed quote": (HEAD, "  - id: x\n    text: 'it is\n  - id: y\n"),
        "not UTF-8": (HEAD + "  - id: caf\udce9\n", ""),
        "a second document": (HEAD, "---\nx: 1\n"),
        "not a mapping": ("- 1\n- 2\n", ""),
    }
    for what, (head, tail) in unusual.items():
        path = write(tmp_path, 30, head=head, tail=tail)
        article, problems = validate_file(path, parse_figure)
        whole, expected = _validate_whole(path, path.read_bytes(), parse_figure)
        assert problems, what
        assert [str(p) for p in problems] == [str(p) for p in expected], what
        assert article == whole, what
