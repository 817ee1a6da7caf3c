"""Reading a claims file a claim at a time: PyYAML's event stream is composed into nodes here,
and the items of the top-level ``claims:`` list are validated one by one as they are composed,
then dropped, so memory holds the records and one claim's nodes, not the node tree of the whole
file (a node keeps two marks and its children: about 7 KB per claim, 1.7 GB for a 235,000-claim
file, against some 300 MB of records).

The messages are those of the whole-tree reader, because every claim is read by the same code
(:func:`~claimcheck.claimsfile.claims.read_claim`) at the same nodes. Whatever that code would
read in another order or see as a whole (a tag or an alias anywhere, ``sources:`` after
``claims:``, ``claims:`` not a list) makes :func:`stream_article` give up with
:class:`Unusual`, and the file is read as a whole tree instead: rare files pay the old memory,
plain ones do not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from yaml.composer import Composer, ComposerError
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from claimcheck.claimsfile.claims import ClaimsReader
from claimcheck.claimsfile.nodes import FileReader
from claimcheck.claimsfile.sources import Early, read_article, read_sources
from claimcheck.model.claims import Article

# libyaml's parser when PyYAML was built with it (events made in C), else Python's
_PARSER: Any
try:
    from yaml._yaml import CParser as _PARSER
except ImportError:  # PyYAML without libyaml
    from yaml.parser import Parser as _PARSER


class Unusual(Exception):
    """The file needs the whole-tree reader (see the module docstring)."""


class _Loader(_PARSER, Composer, yaml.resolver.Resolver):
    """Events from the parser, nodes from PyYAML's own composer code, tags from its resolver."""

    def __init__(self, stream: bytes) -> None:
        _PARSER.__init__(self, stream)
        yaml.resolver.Resolver.__init__(self)
        self.anchors: dict[str, yaml.Node] = {}

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        if self.check_event(AliasEvent):
            raise Unusual("an alias")
        node = Composer.compose_node(self, parent, index)
        if node is None:  # only at the end of a stream
            raise Unusual("no node")
        if node.tag not in _PLAIN_TAGS:  # the whole-tree reader says which tags are refused
            raise Unusual(f"tag {node.tag}")
        return node


_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


def stream_article(
    reader: FileReader, data: bytes, advance: Callable[[int], None]
) -> Article | None:
    """The file's article, its claims validated as they are read; problems go to ``reader``.
    ``advance(n)`` is told how far the parser got (in characters). Raises :class:`Unusual`,
    or a YAMLError (the caller then reads the file whole, for the message)."""
    loader = _Loader(data)
    try:
        loader.get_event()  # stream start
        if loader.check_event(StreamEndEvent):
            return read_article(reader, None)
        document = loader.get_event()
        if not loader.check_event(MappingStartEvent):
            raise Unusual("not a mapping")
        root, early = _compose_top(loader, reader, advance)
        loader.get_event()  # document end
        if not loader.check_event(StreamEndEvent):
            raise ComposerError(
                "expected a single document in the stream",
                document.start_mark,
                "but found another document",
                loader.get_event().start_mark,
            )
    finally:
        loader.dispose()
    return read_article(reader, root, early)


def _compose_top(
    loader: _Loader, reader: FileReader, advance: Callable[[int], None]
) -> tuple[MappingNode, Early]:
    """The top-level mapping, with the first ``claims:`` list read claim by claim and left empty
    in the node (its claims are in the returned :class:`Early`)."""
    start = loader.get_event()
    if start.anchor is not None:
        raise Unusual("an anchor")
    tag = start.tag
    if tag is None or tag == "!":
        tag = loader.resolve(MappingNode, None, start.implicit)
    root = MappingNode(tag, [], start.start_mark, None, flow_style=start.flow_style)
    early = Early()
    keys: set[str] = set()
    while not loader.check_event(MappingEndEvent):
        key = loader.compose_node(root, None)
        name = key.value if isinstance(key, ScalarNode) else None
        if name == "claims" and name not in keys and loader.check_event(SequenceStartEvent):
            if "sources" not in keys:
                raise Unusual("claims before sources")
            value: yaml.Node = _stream_claims(loader, reader, root, early, advance)
        else:
            value = loader.compose_node(root, key)
            if name == "sources" and name not in keys:
                # read now (claims need its keys); its problems wait for their turn (Early)
                before = len(reader.problems)
                early.sources = read_sources(reader, value)
                early.source_problems = reader.problems[before:]
                del reader.problems[before:]
        if isinstance(name, str):
            keys.add(name)
        root.value.append((key, value))
    root.end_mark = loader.get_event().end_mark
    return root, early


def _stream_claims(
    loader: _Loader,
    reader: FileReader,
    parent: yaml.Node,
    early: Early,
    advance: Callable[[int], None],
) -> SequenceNode:
    start = loader.get_event()
    if start.anchor is not None or start.tag not in (None, "!"):
        raise Unusual("a tagged or anchored claims list")
    node = SequenceNode(
        loader.resolve(SequenceNode, None, start.implicit), [], start.start_mark, None,
        flow_style=start.flow_style,
    )  # fmt: skip
    claims = ClaimsReader(reader, reader.listed)
    before = len(reader.problems)
    done = start.start_mark.index
    index = 0
    while not loader.check_event(SequenceEndEvent):
        item = loader.compose_node(node, index)
        index += 1
        claims.add(item)  # validated now; the item's nodes are dropped with it
        reached = item.end_mark.index
        advance(reached - done)
        done = reached
    node.end_mark = loader.get_event().end_mark
    early.claims = claims.result()
    early.claim_problems = reader.problems[before:]
    del reader.problems[before:]
    return node
