"""Reading YAML nodes with located problems: the helpers every part of the claims file uses.

Files are composed with PyYAML's safe composer so that every value keeps the line it came from;
a problem is recorded at that line and reading goes on, so that a user sees every problem of a
file at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

import yaml

from claimcheck.model.claims import Problem

_SAFE_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class FileReader:
    """One claims file being read: where it is, what it is given, the problems found so far, and
    the helpers that read a YAML node and report what is wrong with it at its line."""

    def __init__(self, path: Path, figure_parser: Callable[[str], object | None] | None):
        self.path = path
        self.base = path.resolve().parent
        self.figure_parser = figure_parser
        self.problems: list[Problem] = []
        self.listed: set[str] = set()  # keys written under sources:, valid or not

    def error(self, node_or_line: yaml.Node | int, message: str) -> None:
        line = node_or_line if isinstance(node_or_line, int) else line_of(node_or_line)
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
