"""Draft a claims file from an article: the engine of ``claimcheck extract``.

One claim per sentence that states a figure. Its ``text`` is the sentence without citation
markers, its ``sources`` the markers of that sentence (:mod:`.spans`), and each figure found by
:func:`claimcheck.quantities.parse_quantities` gets a drafted ``about`` and ``change``
(:mod:`.about`). When an uncited sentence with figures shares a paragraph with cited ones, a
warning says so, so a reviewer can decide. It is a draft for a reviewer, not an analysis: the
header of the rendered file (:mod:`.render`) says so.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from claimcheck.draft.about import draft_figures
from claimcheck.draft.reader import load_article_text
from claimcheck.draft.records import (
    ArticleText,
    Draft,
    DraftClaim,
    DraftFigure,
    SourceEntry,
)
from claimcheck.draft.spans import Sentence, period_of, sentences
from claimcheck.lexicon.phrases import STOP, TIME_FILLERS


def draft_article(
    data: bytes,
    content_type_or_suffix: str | None = None,
    *,
    origin: str | None = None,
    url: str | None = None,
) -> Draft:
    """:func:`load_article_text` then :func:`draft_claims`."""
    return draft_claims(load_article_text(data, content_type_or_suffix, url=url), origin=origin)


def rebase_paths(draft: Draft, article_dir: Path, claims_dir: Path) -> Draft:
    """The draft with its local source paths (written relative to the article) made relative
    to the folder the claims file goes to, which is what ``path:`` means there."""
    sources = []
    for s in draft.sources:
        if s.path is not None and not Path(s.path).is_absolute():
            target = (article_dir / s.path).resolve()
            s = replace(s, path=Path(os.path.relpath(target, claims_dir.resolve())).as_posix())
        sources.append(s)
    return replace(draft, sources=tuple(sources))


def draft_claims(article: ArticleText, *, origin: str | None = None) -> Draft:
    """Every sentence of the article that states a figure, as a claim; see the module docstring."""
    warnings = list(article.warnings)
    for s in article.sources:
        if not s.citable:
            warnings.append(
                f"source [{s.key}] has no http(s) URL or file in the article; citations of it "
                "are dropped"
            )
    found, cited_blocks = _figure_sentences(article)
    claims: list[DraftClaim] = []
    ids = IdMaker()
    for sentence, figures, period in found:
        claim_id = ids.make(_slug(figures[0].about, summary=sentence.summary))
        keys, notes = _citations(sentence, article.sources, claim_id, warnings)
        unresolved = tuple(dict.fromkeys(k for k in sentence.keys if k not in keys))
        if not sentence.keys and sentence.block in cited_blocks:
            warnings.append(
                f"claim {claim_id}: no citation marker, though other sentences of its paragraph "
                "have one; markers are not spread across sentences, so it is drafted uncited"
            )
        claims.append(
            DraftClaim(
                id=claim_id,
                text=sentence.text,
                sources=keys,
                figures=tuple(figures),
                period=period,
                summary=sentence.summary,
                notes=notes,
                unresolved=unresolved,
            )
        )
    return Draft(
        sources=article.sources,
        claims=tuple(claims),
        warnings=tuple(warnings),
        title=article.title,
        published=article.published,
        author=article.author,
        url=article.url,
        origin=origin,
    )


def _figure_sentences(
    article: ArticleText,
) -> tuple[list[tuple[Sentence, list[DraftFigure], str | None]], set[int]]:
    """The sentences that state figures, with their figures and period; and the numbers of the
    blocks that have a citation marker somewhere."""
    lower_words = _lowercase_vocabulary(article)
    found: list[tuple[Sentence, list[DraftFigure], str | None]] = []
    cited_blocks: set[int] = set()
    for block_no, block in enumerate(article.blocks):
        for sentence in sentences(block.text, block_no, block.summary):
            if sentence.keys:
                cited_blocks.add(block_no)
            figures = draft_figures(sentence.text, lower_words)
            if figures:
                found.append((sentence, figures, period_of(sentence.text)))
    return found, cited_blocks


def _citations(
    sentence: Sentence, sources: Sequence[SourceEntry], claim_id: str, warnings: list[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The source keys a sentence's markers cite, and notes on the markers that cite nothing
    usable (a marker naming no entry of the source list is also a warning)."""
    usable = {s.key for s in sources if s.citable}
    listed = {s.key for s in sources}
    keys: list[str] = []
    notes: list[str] = []
    for key in sentence.keys:
        if key in usable:
            keys.append(key)
        elif key in listed:
            notes.append(f"the article also cites [{key}], which has no URL in its source list")
        else:
            notes.append(f"the article also cites [{key}], which is not in its source list")
    for key in sentence.keys:
        if key not in listed:
            warnings.append(
                f"claim {claim_id}: marker [{key}] names no entry of the source list; dropped"
            )
    return tuple(dict.fromkeys(keys)), tuple(notes)


def _lowercase_vocabulary(article: ArticleText) -> frozenset[str]:
    words: set[str] = set()
    for block in article.blocks:
        words.update(w for w in re.findall(r"[a-z][a-z0-9-]*", block.text))
    return frozenset(words)


_SLUG_SKIP = frozenset(TIME_FILLERS.values()) | STOP


def _slug(about: str, summary: bool = False) -> str:
    pieces: list[str] = []
    for word in about.lower().replace("'s", "").split():
        if word in _SLUG_SKIP:
            continue
        pieces.extend(p for p in re.split(r"[^a-z0-9]+", word) if p)
    slug = "-".join(pieces[:4]) or "claim"
    return f"summary-{slug}" if summary else slug


class IdMaker:
    """Unique ids in order of appearance: cloud-revenue, cloud-revenue-2, ..."""

    def __init__(self, taken: Iterable[str] = ()):
        self.taken = set(taken)

    def make(self, base: str) -> str:
        candidate, n = base, 1
        while candidate in self.taken:
            n += 1
            candidate = f"{base}-{n}"
        self.taken.add(candidate)
        return candidate
