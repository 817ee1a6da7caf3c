"""Load and validate claims files into frozen records (Article, Source, Claim, Figure).

Files are read with PyYAML's safe composer so every value keeps the line it came from; the
validator walks the node tree and collects *every* problem as a ``file:line: message`` instead of
stopping at the first, so a user fixes a file in one pass. Nothing here touches the network.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable
from decimal import InvalidOperation
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from claimcheck.model.claims import (
    Article,
    Claim,
    Figure,
    Problem,
    Source,
    Tolerance,
    Waiver,
)
from claimcheck.model.vocab import Direction

CHANGES = tuple(Direction)
ARTICLE_KEYS = ("title", "published", "url", "author")
SOURCE_KEYS = ("url", "path", "title")
CLAIM_KEYS = ("id", "text", "sources", "figures", "period", "waive", "note")
FIGURE_KEYS = ("value", "about", "change", "tolerance", "waive")
WAIVE_KEYS = ("reason", "until")
TOP_KEYS = ("article", "sources", "claims")
CLAIM_SUFFIXES = (".yaml", ".yml")
# libyaml's safe loader when PyYAML was built with it (7x faster on large files), else Python's
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SAFE_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


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
    path: Path, figure_parser: Callable[[str], object | None] | None = None
) -> tuple[Article | None, list[Problem]]:
    """Validate one claims file; ``figure_parser`` flags figures with no quantity in them."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        why = "it is a folder" if path.is_dir() else (exc.strerror or str(exc))
        return None, [Problem(path, 0, f"cannot read file: {why}")]
    raw = _decode(path, data)
    if isinstance(raw, Problem):
        return None, [raw]
    try:
        root = yaml.compose(raw, Loader=_SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(path, exc, raw)]
    except yaml.YAMLError as exc:
        return None, [Problem(path, 0, f"YAML error: {exc}")]
    v = _Validator(path, figure_parser)
    v.check_tags(root)
    article = v.article(root) if not v.problems else None
    return article, sorted(v.problems, key=lambda p: p.line)


def _decode(path: Path, data: bytes) -> str | Problem:
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


def _syntax_problem(path: Path, exc: yaml.MarkedYAMLError, raw: str) -> Problem:
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


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _Validator:
    """Walks the composed YAML tree, building records and collecting problems."""

    def __init__(self, path: Path, figure_parser: Callable[[str], object | None] | None):
        self.path = path
        self.base = path.resolve().parent
        self.figure_parser = figure_parser
        self.problems: list[Problem] = []
        self.listed: set[str] = set()  # keys written under sources:, valid or not

    def error(self, node_or_line: yaml.Node | int, message: str) -> None:
        line = node_or_line if isinstance(node_or_line, int) else _line(node_or_line)
        self.problems.append(Problem(self.path, line, message))

    def check_tags(self, root: yaml.Node | None) -> None:
        """Refuse language-specific tags (!!python/object ...) and aliases: claims files are
        plain data."""
        stack = [root] if root is not None else []
        seen: set[int] = set()
        while stack:
            node = stack.pop()
            if id(node) in seen:
                # an alias: a few lines of nested aliases expand to billions of nodes
                self.error(node, "YAML aliases (*name) are not allowed in a claims file")
                return
            seen.add(id(node))
            if node.tag not in _SAFE_TAGS:
                self.error(node, f"YAML tag {node.tag!r} is not allowed in a claims file")
            if isinstance(node, yaml.MappingNode):
                stack.extend(n for pair in node.value for n in pair)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)

    # generic node helpers

    def mapping(
        self, node: yaml.Node, allowed: tuple[str, ...], what: str
    ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Keys -> (key node, value node); reports non-mappings, duplicate and unknown keys."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping of keys to values")
            return {}
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                self.error(key_node, f"{what}: keys must be plain words")
                continue
            if key in out:
                self.error(key_node, f"{what}: key {key!r} appears twice")
                continue
            if allowed and key not in allowed:
                hint = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                extra = f" (did you mean {hint[0]!r}?)" if hint else ""
                self.error(key_node, f"{what}: unknown key {key!r}{extra}")
                continue
            out[key] = (key_node, value_node)
        return out

    def scalar(self, node: yaml.Node, what: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{what} must be a single value, not a list or mapping")
            return None
        if node.tag == "tag:yaml.org,2002:null":
            return None
        return str(node.value)

    def text(self, node: yaml.Node, what: str, required_nonempty: bool = True) -> str | None:
        value = self.scalar(node, what)
        if value is None or (required_nonempty and not value.strip()):
            if isinstance(node, yaml.ScalarNode):
                self.error(node, f"{what} is empty")
            return None
        return value.strip()

    # the file

    def article(self, root: yaml.Node | None) -> Article | None:
        if root is None:
            self.error(1, "the file is empty; expected keys: article, sources, claims")
            return None
        top = self.mapping(root, TOP_KEYS, "claims file")
        if not top:
            if isinstance(root, yaml.MappingNode):
                self.error(root, "expected keys: article, sources, claims")
            return None
        meta: dict[str, str | None] = {}
        if "article" in top:
            meta = self.article_meta(top["article"][1])
        sources = self.sources(top["sources"][1]) if "sources" in top else ()
        if "sources" not in top:
            self.error(root, "missing required key 'sources' (the article's numbered source list)")
        if "claims" not in top:
            self.error(root, "missing required key 'claims'")
            claims: tuple[Claim, ...] = ()
        else:
            claims = self.claims(top["claims"][1], self.listed)
        return Article(
            path=self.path,
            title=meta.get("title"),
            published=meta.get("published"),
            url=meta.get("url"),
            sources=sources,
            claims=claims,
        )

    def article_meta(self, node: yaml.Node) -> dict[str, str | None]:
        fields_ = self.mapping(node, ARTICLE_KEYS, "article")
        out: dict[str, str | None] = {}
        for key, (_, value) in fields_.items():
            out[key] = self.scalar(value, f"article.{key}")
        if "published" in fields_ and out.get("published"):
            try:
                dt.date.fromisoformat(str(out["published"]))
            except ValueError:
                self.error(fields_["published"][1], "article.published must be a date YYYY-MM-DD")
        if out.get("url"):
            self.check_url(fields_["url"][1], str(out["url"]), "article.url")
        return out

    def check_url(self, node: yaml.Node, url: str, what: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            self.error(node, f"{what}: only http and https URLs can be checked, not {url!r}")
            return False
        if not parts.hostname:
            self.error(node, f"{what}: URL {url!r} has no host")
            return False
        return True

    def sources(self, node: yaml.Node) -> tuple[Source, ...]:
        entries = self.mapping(node, (), "sources")
        # every listed key counts for citations, even one whose entry has a problem: that
        # problem is reported once, at the entry, not again at every claim citing it
        self.listed = set(entries)
        out: list[Source] = []
        for key, (key_node, value_node) in entries.items():
            src = self.source(key, key_node, value_node)
            if src is not None:
                out.append(src)
        return tuple(out)

    def source(self, key: str, key_node: yaml.Node, node: yaml.Node) -> Source | None:
        what = f"source {key}"
        if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null":
            # shorthand `1: https://...` is common in hand-written files
            entry: dict[str, tuple[yaml.Node, yaml.Node]] = {"url": (key_node, node)}
        else:
            entry = self.mapping(node, SOURCE_KEYS, what)
        has_url, has_path = "url" in entry, "path" in entry
        if has_url == has_path:
            self.error(node, f"{what} needs exactly one of 'url' or 'path'")
            return None
        title = self.scalar(entry["title"][1], f"{what}.title") if "title" in entry else None
        if has_url:
            url_node = entry["url"][1]
            url = self.text(url_node, f"{what}.url")
            if url is None or not self.check_url(url_node, url, what):
                return None
            return Source(key=key, line=_line(key_node), url=url, title=title)
        path_node = entry["path"][1]
        raw = self.text(path_node, f"{what}.path")
        if raw is None:
            return None
        resolved = (self.base / raw).resolve()
        if not resolved.is_relative_to(self.base):
            self.error(path_node, f"{what}.path {raw!r} points outside the claims file's folder")
            return None
        if resolved.is_dir():
            self.error(path_node, f"{what}.path {raw!r} is a folder; point it at a file in it")
            return None
        if not resolved.is_file():
            self.error(path_node, f"{what}.path {raw!r}: no such file")
            return None
        return Source(key=key, line=_line(key_node), path=resolved, title=title)

    def claims(self, node: yaml.Node, source_keys: set[str]) -> tuple[Claim, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, "claims must be a list")
            return ()
        seen: dict[str, int] = {}
        out: list[Claim] = []
        for item in node.value:
            claim = self.claim(item, source_keys)
            if claim is None:
                continue
            if claim.id in seen:
                self.error(
                    claim.line,
                    f"duplicate claim id {claim.id!r} (first used on line {seen[claim.id]})",
                )
                continue
            seen[claim.id] = claim.line
            out.append(claim)
        return tuple(out)

    def claim(self, node: yaml.Node, source_keys: set[str]) -> Claim | None:
        entry = self.mapping(node, CLAIM_KEYS, "claim")
        if not entry:
            return None
        ok = True
        for required in ("id", "text"):
            if required not in entry:
                self.error(node, f"claim: missing required key {required!r}")
                ok = False
        claim_id = self.text(entry["id"][1], "claim id") if "id" in entry else None
        if claim_id is not None and not _ID_RE.match(claim_id):
            self.error(
                entry["id"][1],
                f"claim id {claim_id!r}: use letters, digits, '-', '_' and '.', no spaces",
            )
            ok = False
        text = self.text(entry["text"][1], "claim text") if "text" in entry else None
        cites = self.citations(entry["sources"][1], source_keys) if "sources" in entry else ()
        figures: tuple[Figure, ...] = ()
        if "figures" in entry:
            figures_node = entry["figures"][1]
            figures = self.figures(figures_node)
            if isinstance(figures_node, yaml.SequenceNode) and not figures_node.value:
                self.error(
                    figures_node,
                    "figures is empty: list the claim's figures, or leave the key out to take "
                    "them from the text",
                )
        period = self.scalar(entry["period"][1], "claim period") if "period" in entry else None
        note = self.scalar(entry["note"][1], "claim note") if "note" in entry else None
        waive = self.waiver(entry["waive"][1]) if "waive" in entry else None
        if not ok or claim_id is None or text is None or cites is None:
            return None
        return Claim(
            id=claim_id,
            text=text,
            line=_line(node),
            sources=cites,
            figures=figures,
            period=period,
            waive=waive,
            note=note,
        )

    def citations(self, node: yaml.Node, source_keys: set[str]) -> tuple[str, ...] | None:
        if isinstance(node, yaml.ScalarNode):
            if node.tag == "tag:yaml.org,2002:null":
                return ()
            items = [node]  # `sources: 1` means [1]
        elif isinstance(node, yaml.SequenceNode):
            items = list(node.value)
        else:
            self.error(node, "claim sources must be a list of source keys, e.g. [1, 3]")
            return None
        keys: list[str] = []
        for item in items:
            key = self.scalar(item, "source key")
            if key is None:
                continue
            if key not in source_keys:
                known = ", ".join(sorted(source_keys, key=_natural)) or "none"
                self.error(item, f"claim cites source {key!r}, which is not in sources ({known})")
                continue
            keys.append(key)
        return tuple(dict.fromkeys(keys))

    def figures(self, node: yaml.Node) -> tuple[Figure, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, "figures must be a list")
            return ()
        out: list[Figure] = []
        for item in node.value:
            if isinstance(item, yaml.ScalarNode):
                # `- "26%"` is shorthand for `- value: "26%"`
                entry: dict[str, tuple[yaml.Node, yaml.Node]] = {"value": (item, item)}
            else:
                entry = self.mapping(item, FIGURE_KEYS, "figure")
                if not entry and isinstance(item, yaml.MappingNode):
                    self.error(item, "figure: missing required key 'value'")
                    continue
            figure = self.figure(item, entry)
            if figure is not None:
                out.append(figure)
        return tuple(out)

    def figure(
        self, node: yaml.Node, entry: dict[str, tuple[yaml.Node, yaml.Node]]
    ) -> Figure | None:
        if "value" not in entry:
            self.error(node, "figure: missing required key 'value'")
            return None
        value_node = entry["value"][1]
        value = self.text(value_node, "figure value")
        if value is None:
            return None
        if self.figure_parser is not None and self.figure_parser(value) is None:
            self.error(value_node, f"figure value {value!r}: no quantity found in it")
            return None
        about = self.scalar(entry["about"][1], "figure about") if "about" in entry else None
        change: Direction | None = None
        if "change" in entry:
            written = self.scalar(entry["change"][1], "figure change")
            if written is not None and written in CHANGES:
                change = Direction(written)
            elif written is not None:
                hint = difflib.get_close_matches(written, CHANGES, n=1)
                extra = f" (did you mean {hint[0]!r}?)" if hint else ""
                self.error(
                    entry["change"][1],
                    f"figure change {written!r}: use increase or decrease{extra}",
                )
        tolerance = None
        if "tolerance" in entry:
            raw = self.scalar(entry["tolerance"][1], "figure tolerance")
            try:
                tolerance = Tolerance.parse(raw or "")
            except (InvalidOperation, ValueError):
                self.error(
                    entry["tolerance"][1],
                    f"figure tolerance {raw!r}: write a relative '0.5%' or an absolute '0.05'",
                )
        waive = self.waiver(entry["waive"][1]) if "waive" in entry else None
        return Figure(
            value=value,
            line=_line(node),
            about=about.strip() if about else None,
            change=change,
            tolerance=tolerance,
            waive=waive,
        )

    def waiver(self, node: yaml.Node) -> Waiver | None:
        entry = self.mapping(node, WAIVE_KEYS, "waive")
        if not entry:
            return None
        if "reason" not in entry:
            self.error(
                node, "waive: missing required key 'reason' (say why the failure is accepted)"
            )
            return None
        reason = self.text(entry["reason"][1], "waive reason")
        until = None
        if "until" in entry:
            raw = self.scalar(entry["until"][1], "waive until")
            try:
                until = dt.date.fromisoformat(str(raw))
            except ValueError:
                self.error(entry["until"][1], f"waive until {raw!r}: write a date YYYY-MM-DD")
                return None
        if reason is None:
            return None
        return Waiver(reason=reason, until=until, line=_line(node))


def _natural(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() else (1 << 30, key)
