"""Load and validate claims files into frozen records (:mod:`claimcheck.model.claims`).

Files are read with PyYAML's safe composer so every value keeps the line it came from; the
validator walks the node tree and collects *every* problem as a ``file:line: message`` instead of
stopping at the first, so a user fixes a file in one pass. Nothing here touches the network.

:mod:`.text` turns the bytes into text (and syntax errors into problems), :mod:`.nodes` holds the
node helpers, :mod:`.sources` reads the top level, the article and its source list, and
:mod:`.claims` the claims with their figures and waivers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

from claimcheck.claimsfile.nodes import FileReader
from claimcheck.claimsfile.sources import read_article
from claimcheck.claimsfile.stream import Unusual, stream_article
from claimcheck.claimsfile.text import decode, syntax_problem
from claimcheck.model.claims import Article, Problem

__all__ = [
    "CLAIM_SUFFIXES",
    "ClaimsError",
    "find_claim_files",
    "load_article",
    "validate_file",
    "validate_text",
]

CLAIM_SUFFIXES = (".yaml", ".yml")
# libyaml's safe loader when PyYAML was built with it (7x faster on large files), else Python's
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ClaimsError(Exception):
    """Raised by :func:`load_article` when a file has problems; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# -- finding files ---------------------------------------------------------------------------


def find_claim_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand files and folders (recursively) into claims files, in a stable order."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in CLAIM_SUFFIXES and p.is_file())
            if not found:
                problems.append(Problem(path, 0, "no claims files (*.yaml, *.yml) in this folder"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(path, 0, "no such file or folder"))
    return list(dict.fromkeys(files)), problems


# -- loading ---------------------------------------------------------------------------------


def load_article(
    path: Path, figure_parser: Callable[[str], object | None] | None = None
) -> Article:
    """Load one claims file; raise ClaimsError listing every problem found."""
    article, problems = validate_file(path, figure_parser)
    if problems or article is None:
        raise ClaimsError(problems)
    return article


def validate_file(
    path: Path,
    figure_parser: Callable[[str], object | None] | None = None,
    advance: Callable[[int], None] | None = None,
) -> tuple[Article | None, list[Problem]]:
    """Validate one claims file; ``figure_parser`` flags figures with no quantity in them.
    ``advance(n)`` hears how far reading got (n more characters; the file's size in all).

    A claim at a time (:mod:`.stream`), so that a file of 200,000 claims does not cost its whole
    node tree; a file that is not plain data, or not valid YAML, is read whole, for the same
    messages as ever."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        why = "it is a folder" if path.is_dir() else (exc.strerror or str(exc))
        return None, [Problem(path, 0, f"cannot read file: {why}")]
    told = [0]

    def tell(n: int) -> None:
        told[0] += n
        if advance is not None:
            advance(n)

    reader = FileReader(path, figure_parser)
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise Unusual("UTF-16")
        article = stream_article(reader, data, tell)
        found = sorted(reader.problems, key=lambda p: p.line)
    except yaml.MarkedYAMLError as exc:
        # a syntax error (the same parser, so the same error as the whole-tree reader meets):
        # told without composing the file again
        raw = decode(path, data)
        article, found = None, [raw if isinstance(raw, Problem) else syntax_problem(path, exc, raw)]
    except (Unusual, yaml.YAMLError):  # not plain data, or not UTF-8: read whole
        article, found = _validate_whole(path, data, figure_parser)
    if advance is not None and len(data) > told[0]:
        advance(len(data) - told[0])
    return article, found


def _validate_whole(
    path: Path, data: bytes, figure_parser: Callable[[str], object | None] | None
) -> tuple[Article | None, list[Problem]]:
    """Validate a file from its whole node tree."""
    raw = decode(path, data)
    if isinstance(raw, Problem):
        return None, [raw]
    return validate_text(raw, path, figure_parser)


def validate_text(
    raw: str, path: Path, figure_parser: Callable[[str], object | None] | None = None
) -> tuple[Article | None, list[Problem]]:
    """Validate a claims file's text as if it were the file at ``path`` (``path:`` sources are
    relative to its folder): what ``claimcheck check`` does with the claims it drafts in
    memory."""
    try:
        root = yaml.compose(raw, Loader=_SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        return None, [syntax_problem(path, exc, raw)]
    except yaml.YAMLError as exc:
        return None, [Problem(path, 0, f"YAML error: {exc}")]
    reader = FileReader(path, figure_parser)
    reader.check_tags(root)
    article = read_article(reader, root) if not reader.problems else None
    return article, sorted(reader.problems, key=lambda p: p.line)
