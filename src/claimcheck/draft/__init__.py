"""Draft a claims file from an article (``claimcheck extract``), and merge a new draft into a
reviewed one.

Reading the article (pure functions over bytes): :mod:`.reader` (the entry point),
:mod:`.textarticle` and :mod:`.htmlarticle` (the two shapes), :mod:`.markdown`, :mod:`.entries`
(the source list), :mod:`.markers` (citation markers), :mod:`.meta` (bylines, dates). Drafting:
:mod:`.spans` (sentences and figure spans), :mod:`.about` (``about`` and ``change``),
:mod:`.drafting` (claims), :mod:`.render` (YAML), :mod:`.merge`. Records: :mod:`.records`.
"""

from __future__ import annotations

from claimcheck.draft.drafting import draft_article, draft_claims, rebase_paths
from claimcheck.draft.entries import parse_source_entries
from claimcheck.draft.markers import find_markers
from claimcheck.draft.merge import merge, merge_details
from claimcheck.draft.reader import load_article_text
from claimcheck.draft.records import (
    ArticleError,
    ArticleText,
    Draft,
    DraftClaim,
    DraftFigure,
    MergeResult,
    SourceEntry,
)
from claimcheck.draft.render import render_yaml

__all__ = [
    "ArticleError",
    "ArticleText",
    "Draft",
    "DraftClaim",
    "DraftFigure",
    "MergeResult",
    "SourceEntry",
    "draft_article",
    "draft_claims",
    "find_markers",
    "load_article_text",
    "merge",
    "merge_details",
    "parse_source_entries",
    "rebase_paths",
    "render_yaml",
]
