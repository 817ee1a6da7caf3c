"""The file's top level (article, sources, claims), the article's own keys, and its numbered
source list: each source a URL (http or https with a host) or a local ``path:`` inside the
claims file's folder.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import yaml

from claimcheck.claimsfile.claims import read_claims
from claimcheck.claimsfile.nodes import FileReader, line_of
from claimcheck.model.claims import Article, Claim, Problem, Source

ARTICLE_KEYS = ("title", "published", "url", "author")
SOURCE_KEYS = ("url", "path", "title")
TOP_KEYS = ("article", "sources", "claims")


@dataclass
class Early:
    """What the streaming reader (:mod:`.stream`) read before the rest of the file: the source
    list and the claims, with their problems, which :func:`read_article` puts where its own
    reading would have put them (so the messages come in the same order). Filled in as the
    file is read, hence not frozen."""

    sources: tuple[Source, ...] | None = None
    source_problems: list[Problem] = field(default_factory=list)
    claims: tuple[Claim, ...] | None = None
    claim_problems: list[Problem] = field(default_factory=list)


def read_article(
    r: FileReader, root: yaml.Node | None, early: Early | None = None
) -> Article | None:
    early = early or Early()
    if root is None:
        r.error(1, "the file is empty; expected keys: article, sources, claims")
        return None
    top = r.mapping(root, TOP_KEYS, "claims file")
    if not top:
        if isinstance(root, yaml.MappingNode):
            r.error(root, "expected keys: article, sources, claims")
        return None
    meta: dict[str, str | None] = {}
    if "article" in top:
        meta = read_meta(r, top["article"][1])
    if early.sources is not None:
        sources = early.sources
        r.problems.extend(early.source_problems)
    else:
        sources = read_sources(r, top["sources"][1]) if "sources" in top else ()
    if "sources" not in top:
        r.error(root, "missing required key 'sources' (the article's numbered source list)")
    if "claims" not in top:
        r.error(root, "missing required key 'claims'")
        claims: tuple[Claim, ...] = ()
    elif early.claims is not None:
        claims = early.claims
        r.problems.extend(early.claim_problems)
    else:
        claims = read_claims(r, top["claims"][1], r.listed)
    return Article(
        path=r.path,
        title=meta.get("title"),
        published=meta.get("published"),
        url=meta.get("url"),
        sources=sources,
        claims=claims,
    )


def read_meta(r: FileReader, node: yaml.Node) -> dict[str, str | None]:
    fields_ = r.mapping(node, ARTICLE_KEYS, "article")
    out: dict[str, str | None] = {}
    for key, (_, value) in fields_.items():
        out[key] = r.scalar(value, f"article.{key}")
    if "published" in fields_ and out.get("published"):
        try:
            dt.date.fromisoformat(str(out["published"]))
        except ValueError:
            r.error(fields_["published"][1], "article.published must be a date YYYY-MM-DD")
    if out.get("url"):
        check_url(r, fields_["url"][1], str(out["url"]), "article.url")
    return out


def check_url(r: FileReader, node: yaml.Node, url: str, what: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        r.error(node, f"{what}: only http and https URLs can be checked, not {url!r}")
        return False
    if not parts.hostname:
        r.error(node, f"{what}: URL {url!r} has no host")
        return False
    return True


def read_sources(r: FileReader, node: yaml.Node) -> tuple[Source, ...]:
    entries = r.mapping(node, (), "sources")
    # every listed key counts for citations, even one whose entry has a problem: that
    # problem is reported once, at the entry, not again at every claim citing it
    r.listed = set(entries)
    out: list[Source] = []
    for key, (key_node, value_node) in entries.items():
        src = read_source(r, key, key_node, value_node)
        if src is not None:
            out.append(src)
    return tuple(out)


def read_source(r: FileReader, key: str, key_node: yaml.Node, node: yaml.Node) -> Source | None:
    what = f"source {key}"
    if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null":
        # shorthand `1: https://...` is common in hand-written files
        entry: dict[str, tuple[yaml.Node, yaml.Node]] = {"url": (key_node, node)}
    else:
        entry = r.mapping(node, SOURCE_KEYS, what)
    has_url, has_path = "url" in entry, "path" in entry
    if has_url == has_path:
        r.error(node, f"{what} needs exactly one of 'url' or 'path'")
        return None
    title = r.scalar(entry["title"][1], f"{what}.title") if "title" in entry else None
    if has_url:
        url_node = entry["url"][1]
        url = r.text(url_node, f"{what}.url")
        if url is None or not check_url(r, url_node, url, what):
            return None
        return Source(key=key, line=line_of(key_node), url=url, title=title)
    path_node = entry["path"][1]
    raw = r.text(path_node, f"{what}.path")
    if raw is None:
        return None
    resolved = (r.base / raw).resolve()
    if not resolved.is_relative_to(r.base):
        r.error(path_node, f"{what}.path {raw!r} points outside the claims file's folder")
        return None
    if resolved.is_dir():
        r.error(path_node, f"{what}.path {raw!r} is a folder; point it at a file in it")
        return None
    if not resolved.is_file():
        r.error(path_node, f"{what}.path {raw!r}: no such file")
        return None
    return Source(key=key, line=line_of(key_node), path=resolved, title=title)
