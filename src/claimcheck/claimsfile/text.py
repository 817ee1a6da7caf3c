"""A claims file's bytes as text, and a YAML syntax error as a problem a user can act on.

The file must be UTF-8 (a BOM allowed); one saved in another encoding is told at the first line
that is not UTF-8. A syntax error is told at the line to fix: a tab in the indentation says
"tab", an unclosed quote points at the line where it opens.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from claimcheck.model.claims import Problem


def decode(path: Path, data: bytes) -> str | Problem:
    """The file as text (UTF-8, a BOM allowed); else where it is not UTF-8 and what to do."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Problem(path, 1, "the file is UTF-16 text; save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = data[exc.start : exc.start + 1].hex()
        return Problem(
            path,
            line,
            f"the file is not UTF-8 text (byte 0x{byte} in column {column}; it looks saved in "
            "another encoding such as Latin-1 or Windows-1252): save it as UTF-8",
        )


def syntax_problem(path: Path, exc: yaml.MarkedYAMLError, raw: str) -> Problem:
    """A YAML syntax error, told at the line to fix and in words a user can act on."""
    problem = exc.problem or str(exc)
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    if "tab" in problem or "'\\t'" in problem:
        return Problem(
            path,
            line,
            "YAML syntax error: a tab character; YAML indents with spaces only, so replace the "
            "tab with spaces",
        )
    opened = exc.context_mark.line + 1 if "quoted scalar" in context and exc.context_mark else None
    # an unclosed quote runs on to the next quote character, and the parser trips there or at
    # the end of the file; the mistake is on the line where the quote opened
    opened = opened or _unbalanced_quote(raw, line or len(raw))
    if opened is not None:
        message = "YAML syntax error: the quote opened on this line is never closed"
        return Problem(path, opened, message)
    return Problem(path, line, f"YAML syntax error: {problem}")


_VALUE_START_RE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s:'"#][^:#]*:\s+)?(['"])""")


def _unbalanced_quote(raw: str, upto: int) -> int | None:
    """The first line up to ``upto`` whose quoted value is never closed on it, if any."""
    for number, line in enumerate(raw.splitlines()[:upto], start=1):
        m = _VALUE_START_RE.match(line)
        if m is None:
            continue
        quote, rest = m.group(1), line[m.end() :]
        if quote == '"':
            closed = re.search(r'(?<!\\)"', rest) is not None
        else:
            closed = "'" in rest.replace("''", "")
        if not closed:
            return number
    return None
