"""Draft a claims file from an article: the engine of ``claimcheck extract``.

One claim per sentence that states a figure. Its ``text`` is the sentence without citation
markers, its ``sources`` the markers of that sentence, and each figure found by
:func:`claimcheck.quantities.parse_quantities` gets a drafted ``about`` and ``change``.

Citation convention: a marker covers the sentence it stands in, or the sentence it directly
follows ("... revenue [1]." and "... revenue.[1]" alike). Markers are never spread to other
sentences: a paragraph closing with "[7]" does not cite its earlier sentences (the seed article
marks every sentence it cites and leaves some uncited on purpose). When an uncited sentence with
figures shares a paragraph with cited ones, a warning says so, so a reviewer can decide.

``about`` is drafted from the words around the figure, within its clause and never past a
neighbouring figure: the noun phrase the figure qualifies ("a 30% win rate", "its 33% market
share in ...") or else the subject it is predicated of ("operating margin dipped to 8.0%"),
without the number, direction verbs and filler. A figure with no words of its own (the "33.4
billion yuan" of "grew 26% to 33.4 billion yuan", a converted amount in brackets) takes the
metric of the figure before it; a one-word result is prefixed with the subject of the clause
before. It is a draft for a reviewer, not an analysis: the header of the rendered file says so.

:func:`merge` adds what a new draft found to a claims file a reviewer already edited, as text
insertions at the positions the YAML composer reports, so the file's comments, order, quoting
and every existing field stay exactly as they were.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from claimcheck.article import (
    ArticleError,
    ArticleText,
    SourceEntry,
    find_markers,
    load_article_text,
)
from claimcheck.lexicon import directions
from claimcheck.lexicon.sentences import sentence_spans
from claimcheck.model.quantity import Kind, Quantity
from claimcheck.quantities import parse_figure, parse_quantities

__all__ = [
    "ArticleError",
    "ArticleText",
    "Draft",
    "DraftClaim",
    "DraftFigure",
    "MergeResult",
    "draft_article",
    "draft_claims",
    "load_article_text",
    "merge",
    "merge_details",
    "render_yaml",
]


@dataclass(frozen=True)
class DraftFigure:
    value: str  # as written, with its qualifier ("over 20%")
    about: str
    change: str | None = None  # increase | decrease


@dataclass(frozen=True)
class DraftClaim:
    id: str
    text: str
    sources: tuple[str, ...]
    figures: tuple[DraftFigure, ...]
    period: str | None = None
    summary: bool = False  # a summary bullet at the top of the article
    notes: tuple[str, ...] = ()  # written as comments above the claim


@dataclass(frozen=True)
class Draft:
    sources: tuple[SourceEntry, ...]
    claims: tuple[DraftClaim, ...]
    warnings: tuple[str, ...] = ()
    title: str | None = None
    published: str | None = None
    author: str | None = None
    url: str | None = None
    origin: str | None = None  # the file or URL the article came from, for the header

    @property
    def figure_count(self) -> int:
        return sum(len(c.figures) for c in self.claims)


# -- drafting --------------------------------------------------------------------------------


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
    lower_words = _lowercase_vocabulary(article)
    usable = {s.key for s in article.sources if s.citable}
    listed = {s.key for s in article.sources}
    for s in article.sources:
        if not s.citable:
            warnings.append(
                f"source [{s.key}] has no http(s) URL or file in the article; citations of it "
                "are dropped"
            )
    raw: list[tuple[_Sentence, list[DraftFigure], str | None]] = []
    cited_blocks: set[int] = set()
    for block_no, block in enumerate(article.blocks):
        for sentence in _sentences(block.text, block_no, block.summary):
            if sentence.keys:
                cited_blocks.add(block_no)
            figures = _draft_figures(sentence.text, lower_words)
            if figures:
                raw.append((sentence, figures, _period(sentence.text)))
    claims: list[DraftClaim] = []
    ids = _IdMaker()
    for sentence, figures, period in raw:
        keys: list[str] = []
        notes: list[str] = []
        for key in sentence.keys:
            if key in usable:
                keys.append(key)
            elif key in listed:
                notes.append(f"the article also cites [{key}], which has no URL in its source list")
            else:
                notes.append(f"the article also cites [{key}], which is not in its source list")
        claim_id = ids.make(_slug(figures[0].about, summary=sentence.summary))
        for key in sentence.keys:
            if key not in listed:
                warnings.append(
                    f"claim {claim_id}: marker [{key}] names no entry of the source list; dropped"
                )
        if not sentence.keys and sentence.block in cited_blocks:
            warnings.append(
                f"claim {claim_id}: no citation marker, though other sentences of its paragraph "
                "have one; markers are not spread across sentences, so it is drafted uncited"
            )
        claims.append(
            DraftClaim(
                id=claim_id,
                text=sentence.text,
                sources=tuple(dict.fromkeys(keys)),
                figures=tuple(figures),
                period=period,
                summary=sentence.summary,
                notes=tuple(notes),
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


@dataclass(frozen=True)
class _Sentence:
    text: str  # without markers
    keys: tuple[str, ...]
    block: int
    summary: bool


def _sentences(text: str, block: int, summary: bool) -> list[_Sentence]:
    """Sentences of one block with the markers that cover each (see the module docstring)."""
    markers = find_markers(text)
    # blank the markers out (same length, so offsets hold): "revenue.[1] This" then splits
    chars = list(text)
    for m in markers:
        chars[m.span[0] : m.span[1]] = " " * (m.span[1] - m.span[0])
    blanked = "".join(chars)
    spans = sentence_spans(blanked)
    if not spans:
        return []
    keys: list[list[str]] = [[] for _ in spans]
    for m in markers:
        at = m.span[0]
        # the sentence the marker stands in, else the one it follows, else the first
        index = next((i for i, (a, b) in enumerate(spans) if a <= at < b), None)
        if index is None:
            index = max((i for i, (_, b) in enumerate(spans) if b <= at), default=0)
        keys[index].extend(m.keys)
    out = []
    for (a, b), found in zip(spans, keys, strict=True):
        clean = _tidy(blanked[a:b])
        if clean:
            out.append(_Sentence(clean, tuple(dict.fromkeys(found)), block, summary))
    return out


def _tidy(text: str) -> str:
    text = " ".join(text.split())
    return re.sub(r"\s+([.,;:!?)\]])", r"\1", text).strip()


# -- figures ---------------------------------------------------------------------------------

_YEAR_RE = re.compile(r"(?:19|20)[0-9]{2}")
_TIME_UNIT = r"(?:years?|months?|weeks?|days?|quarters?|hours?|sessions?|trading\s+days?)"
_COUNTED_RE = re.compile(
    rf"(?i:-(?:year|month|week|day|quarter|hour)s?(?:-long)?\b"
    rf"|\s+(?:(?:consecutive|straight|successive)\s+)?{_TIME_UNIT}\b)"
    # physical units the parser leaves to the words: "3.4 GW", "14.2 million tonnes"
    r"|\s?(?:[kMGT]?Wh?|tonnes?|tons?|barrels?|bpd|km|kilomet(?:re|er)s?|miles?|kg|lbs?"
    r"|[KMGTP]B|mph|°[CF])(?![A-Za-z0-9])",
)


@dataclass(frozen=True)
class _Fig:
    quantity: Quantity
    start: int  # of the value as written, qualifier included
    end: int  # counted unit included ("three-year", "eight consecutive quarters")
    value: str


def _find_figures(text: str) -> list[_Fig]:
    out: list[_Fig] = []
    for q in parse_quantities(text):
        if _YEAR_RE.fullmatch(q.text.strip()):
            continue  # a year read as an amount ("Q1 2025 to 33.4 billion yuan")
        start, end = q.span
        counted = None
        if q.kind in (Kind.COUNT, Kind.ORDINAL) and q.currency is None:
            counted = _COUNTED_RE.match(text, end)
            if counted is not None:
                end = counted.end()
        if q.qualifier is not None and not (counted and q.qualifier == "over"):
            # "over five days" is a span of time, not "more than five"
            start = _qualifier_start(text, q)
        out.append(_Fig(q, start, end, text[start:end]))
    return out


def _qualifier_start(text: str, q: Quantity) -> int:
    """Where the qualifier words of ``q`` begin ("over 20%", "more than 5", "~5%")."""
    lo = max(0, q.span[0] - 40)
    starts = [lo + m.start() for m in re.finditer(r"\S+", text[lo : q.span[0]])]
    if q.span[0] > 0 and text[q.span[0] - 1] in "~≈<>≥≤":
        starts.append(q.span[0] - 1)
    for k in sorted(starts, reverse=True):
        found = parse_quantities(text[k : q.span[1]])
        if found and found[-1].qualifier == q.qualifier and found[-1].span[0] == 0:
            return k
    for k in sorted(starts, reverse=True):
        found = parse_quantities(text[k : q.span[1]])
        if found and found[-1].qualifier == q.qualifier:
            return k
    return q.span[0]


def _draft_figures(text: str, lower_words: frozenset[str]) -> list[DraftFigure]:
    figs = _find_figures(text)
    if not figs:
        return []
    toks = _tokens(text, figs)
    abouts = _abouts(toks, figs, lower_words)
    out = []
    for fig, (about, change) in zip(figs, abouts, strict=True):
        out.append(DraftFigure(value=fig.value, about=about, change=change))
    return out


# -- about: the words around a figure --------------------------------------------------------

_PERIOD_RE = re.compile(
    r"\b(?:Q[1-4]|H[12]|[1-4]Q)(?:\s?(?:of\s+)?(?:FY\s?|fiscal\s+)?['’]?(?:[0-9]{4}|[0-9]{2}))?\b"
    r"|\b(?:first|second|third|fourth)[\s-]quarter(?:\s+of)?(?:\s+(?:fiscal\s+)?[0-9]{4})?\b"
    r"|\b(?:first|second)\s+half(?:\s+of)?(?:\s+[0-9]{4})?\b"
    r"|\b(?:FY|fiscal\s+(?:year\s+)?)\s?['’]?[0-9]{2,4}\b"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\s+quarter(?:\s+(?:of\s+)?[0-9]{4})?\b"
    r"|\b(?:19|20)[0-9]{2}\b",
    re.IGNORECASE,
)
_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z0-9&]*(?:[-'’/.&][A-Za-z0-9]+)*\.?|[^\sA-Za-z0-9]")
_BOUNDARY_PUNCT = frozenset(',;:()—–-"“”.!?[]')
_BOUNDARY_WORDS = frozenset(
    """
    while whereas but as which that who whom when because although though if after before since
    despite amid due thanks compared versus vs than so yet where unlike including such
    """.split()
)
_CONNECTORS = frozenset({"of", "in", "for", "and", "on", "&"})
_DETERMINERS = frozenset("a an the its their his her our this that these those each every".split())
_STOP = frozenset(
    """
    a an the and or but nor of in on at to for from by with as is are was were be been being it
    its this that these those which who whom whose what when where why how than then there their
    they them he she his her we our us you your i me my into over under about after before during
    while also not no so such can could will would shall should may might must do does did has
    have had having up down out off again further more most less least very just only own same
    other another each both all any some few many much per via amid among compared versus said
    says according reported however meanwhile conversely moreover furthermore additionally still
    yet thus therefore overall notably instead indeed nonetheless nevertheless similarly likewise
    finally ultimately historically currently now today contrast roughly approximately around
    nearly almost estimated well close across through within toward towards against
    """.split()
)
# verbs that are rarely nouns; "plan", "record", "win" or "report" are left out on purpose
_VERBS = frozenset(
    """
    is are was were be been being has have had do does did will would can could may might shall
    should must aims shows signals reflect reflects reflecting underscore underscores remain
    remains faces suggest suggests offers require requires represent represents depend depends
    hinge hinges mirror mirrors drives mean means help helps expect expects say says adds make
    makes made making take takes took gives see sees reach reaches came comes emerge emerges
    generate generates deliver delivers leads led outpace outpaces beats exceed exceeds unlock
    unlocks capture captures strengthen strengthens solidify reduce reduces become becomes became
    continue continues keep keeps kept puts gets got bring brings brought hold holds held pay
    pays paid spend spends spent earn earns sell sells sold buy buys bought allocate allocates
    invest invests serve serves cover covers stand stands stood employ employs targets retire
    """.split()
)
# the one direction vocabulary (lexicon.directions): verbs that say which way a figure went, and
# nouns that name a change ("a 12% rise")
_UP_VERBS, _DOWN_VERBS = directions.UP_VERBS, directions.DOWN_VERBS
_UP_NOUNS, _DOWN_NOUNS = directions.UP_NOUNS, directions.DOWN_NOUNS
_CHANGE_NOUNS = _UP_NOUNS | _DOWN_NOUNS
_NOT_CONTENT = _STOP | _VERBS | _UP_VERBS | _DOWN_VERBS | _BOUNDARY_WORDS
_TIME_FILLERS = {
    "yoy": "year-over-year", "y/y": "year-over-year", "y-o-y": "year-over-year",
    "year-over-year": "year-over-year", "year-on-year": "year-on-year",
    "qoq": "quarter-over-quarter", "q/q": "quarter-over-quarter",
    "quarter-over-quarter": "quarter-over-quarter", "quarter-on-quarter": "quarter-on-quarter",
    "sequentially": "sequentially", "annually": "annually", "month-on-month": "month-on-month",
    "month-over-month": "month-over-month",
}  # fmt: skip
# words that start a time phrase ("last year", "a year earlier"), never what a figure measures
_TIME_WORDS = frozenset(
    "last next previous prior year years quarter quarters month months week weeks day days "
    "period ago earlier later annual".split()
)
# -ed/-ing words that are nouns more often than verbs
_NOUNISH = frozenset(
    """
    earnings funding spending pricing holdings offering offerings rating ratings listing
    listings shipping housing banking marketing advertising trading operating outstanding
    financing billing bookings computing processing manufacturing consulting building buildings
    """.split()
)
_MAKE = frozenset({"make", "makes", "made", "making"})
_LEVEL_BEFORE = frozenset({"to", "from", "at", "of", "was", "is", "were", "are", "be"})
_COMPLEMENT_START = frozenset({"in", "during", "over", "for", "on"})
_MAX_ABOUT_WORDS = 10


@dataclass(frozen=True)
class _Tok:
    text: str
    kind: str  # word | punct | fig | period
    fig: int = -1  # index into the figure list for fig tokens

    @property
    def low(self) -> str:
        return _base(self.text.lower().rstrip(".") if self.kind == "word" else self.text)


def _base(low: str) -> str:
    return low[:-2] if low.endswith(("'s", "’s")) else low


def _tokens(text: str, figs: Sequence[_Fig]) -> list[_Tok]:
    marks = [(f.start, f.end, "fig", i) for i, f in enumerate(figs)]
    for m in _PERIOD_RE.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b, _, _ in marks):
            marks.append((m.start(), m.end(), "period", -1))
    marks.sort()
    toks: list[_Tok] = []
    pos = 0
    for a, b, kind, index in [*marks, (len(text), len(text), "end", -1)]:
        for m in _TOKEN_RE.finditer(text, pos, a):
            word = m.group()
            if word[0].isalpha():
                # "E.U." and "U.S." keep their dot; a sentence's last word gives it back
                keep = word.count(".") > 1 or word.lower().rstrip(".") in ("inc", "corp", "co")
                if word.endswith(".") and not keep:
                    toks.append(_Tok(word[:-1], "word"))
                    toks.append(_Tok(".", "punct"))
                    continue
                toks.append(_Tok(word, "word"))
            else:
                toks.append(_Tok(word, "punct"))
        if kind != "end":
            toks.append(_Tok(text[a:b], kind, index))
        pos = max(pos, b)
    return toks


def _is_boundary(tok: _Tok) -> bool:
    if tok.kind == "punct":
        return tok.text in _BOUNDARY_PUNCT
    return tok.kind == "word" and tok.low in _BOUNDARY_WORDS


def _is_content(toks: Sequence[_Tok], i: int) -> bool:
    """A word that can be part of what a figure measures: not a function word or a verb."""
    if i < 0 or i >= len(toks) or toks[i].kind != "word":
        return False
    low = toks[i].low
    if low in _NOT_CONTENT or low in _TIME_FILLERS:
        return False
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if i > 0 and toks[i - 1].low == "to" and not toks[i].text[:1].isupper():
        return False  # "to reduce", "to solidify": an infinitive
    if nxt is not None and nxt.low == "to" and low.endswith("s") and not _is_content(toks, i + 2):
        return False  # "plans to spend"
    if low.endswith(("ed", "ing")) and len(low) > 4 and low not in _NOUNISH:
        # "adjusted EBITA", "operating margin": an adjective only before another content word
        return nxt is not None and nxt.kind == "word" and nxt.low not in _NOT_CONTENT
    return True


def _np_forward(toks: Sequence[_Tok], i: int, limit: int = 6) -> tuple[list[int], int]:
    """Indices of the noun phrase starting at ``i`` (content words, inner 'of'/'in'/'and')."""
    out: list[int] = []
    j = i
    content = 0
    while j < len(toks) and content < limit:
        if _is_content(toks, j):
            out.append(j)
            content += 1
            j += 1
            continue
        if out and toks[j].kind == "word" and toks[j].low in _CONNECTORS:
            k = j + 1
            while k < len(toks) and toks[k].low in _DETERMINERS and toks[j].low != "and":
                k += 1
            if _is_content(toks, k):
                out.extend(range(j, k))
                j = k
                continue
        break
    return out, j


def _np_backward(toks: Sequence[_Tok], end: int, stop: int) -> tuple[list[int], int]:
    """The noun phrase ending before ``end``, back to ``stop``; and where the scan stopped.

    Trailing verbs, direction words and prepositions ("margin dipped to") are skipped first.
    """
    j = end - 1
    while j >= stop and not _is_content(toks, j):
        if toks[j].kind == "fig" or _is_boundary(toks[j]):
            return [], j
        j -= 1
    out: list[int] = []
    while j >= stop and len(out) < 7:
        if _is_content(toks, j):
            out.append(j)
            j -= 1
            continue
        k = j
        while k >= stop and toks[k].low in _DETERMINERS:
            k -= 1
        # "growth in AI revenue" joins; "capacity and the backlog" does not
        joins = k > stop and toks[k].low in _CONNECTORS and _is_content(toks, k - 1)
        if out and joins and not (toks[k].low == "and" and k != j):
            out.extend(range(j, k - 1, -1))
            j = k - 1
            continue
        break
    return sorted(out), j


def _clause_start(toks: Sequence[_Tok], p: int) -> int:
    j = p - 1
    while (
        j >= 0
        and not _is_boundary(toks[j])
        and not (toks[j].kind == "fig" and not _transparent(toks, j))
    ):
        j -= 1
    return j + 1


def _transparent(toks: Sequence[_Tok], j: int) -> bool:
    """A figure inside brackets right after another one: a converted amount."""
    return 0 < j < len(toks) - 1 and toks[j - 1].text == "(" and toks[j + 1].text == ")"


def _verb_direction(toks: Sequence[_Tok], end: int, start: int) -> str | None:
    """The direction of a verb just before ``end`` ("grew revenue", "raised prices by")."""
    seen = 0
    j = end - 1
    while j >= start and seen < 4:
        low = toks[j].low
        if low in _UP_VERBS:
            return "increase"
        if low in _DOWN_VERBS:
            return "decrease"
        if toks[j].kind != "word" or _is_boundary(toks[j]):
            return None
        seen += 1
        j -= 1
    return None


def _abouts(
    toks: list[_Tok], figs: Sequence[_Fig], lower_words: frozenset[str]
) -> list[tuple[str, str | None]]:
    positions = {t.fig: i for i, t in enumerate(toks) if t.kind == "fig"}
    out: list[tuple[str, str | None]] = []
    bases: list[list[str]] = []  # the metric of each figure, for a figure with no words of its own
    for n, fig in enumerate(figs):
        p = positions[n]
        about, base, change = _about(toks, p, fig.quantity, bases[-1] if bases else [], lower_words)
        # a converted amount "(US$4.67 billion)" measures what the amount before it measures
        if n > 0 and p >= 2 and toks[p - 1].text == "(" and toks[p - 2].kind == "fig":
            about, base = out[n - 1][0].split(), bases[-1]
        bases.append(base)
        out.append((" ".join(about[-_MAX_ABOUT_WORDS:]), change))
    return out


def _about(
    toks: Sequence[_Tok], p: int, q: Quantity, previous: list[str], lower_words: frozenset[str]
) -> tuple[list[str], list[str], str | None]:
    """Words of ``about``, the metric alone (for later figures), and the change."""
    start = _clause_start(toks, p)
    change = q.direction.value if q.direction is not None else None
    if change == "increase" and p >= 2 and toks[p - 1].low == "up" and toks[p - 2].low in _MAKE:
        change = None  # "made up 35% of sales" is a share, not a rise
    verb_change = _verb_direction(toks, p, start)

    def show(indices: Iterable[int]) -> list[str]:
        return _phrase(toks, indices, lower_words)

    # right of the figure: skip a bracketed conversion and duration adjectives ("three-year")
    r = p + 1
    while r < len(toks):
        if toks[r].text == "(" and r + 1 < len(toks) and toks[r + 1].kind == "fig":
            r += 3 if r + 2 < len(toks) and toks[r + 2].text == ")" else 2
        elif toks[r].kind == "fig" and "-" in toks[r].text:
            r += 1
        else:
            break
    time_words: list[str] = []
    while r < len(toks) and toks[r].low in _TIME_FILLERS:
        time_words.append(_TIME_FILLERS[toks[r].low])
        r += 1

    head: list[int] = []
    after = r
    if not time_words and r < len(toks) and toks[r].low not in _TIME_WORDS:
        if toks[r].low in _CHANGE_NOUNS and toks[r].kind == "word":
            rest, after = _np_forward(toks, r + 1)
            head = [r, *rest]
        else:
            head, after = _np_forward(toks, r)
    if head:
        # "a 30% win rate", "its 33% market share in ...", "a 21% decline in adjusted earnings"
        owner = _owner(toks, p, start)
        complement, _ = _complement(toks, after)
        words = show(owner + head) + _raw(toks, complement, lower_words)
        nouns = {toks[i].low for i in head} & _CHANGE_NOUNS
        if nouns:
            change = "increase" if nouns & _UP_NOUNS else "decrease"
        elif verb_change is None:
            change = None  # "a $2.5 billion expansion plan": the word is no direction here
        base = show(owner + [i for i in head if toks[i].low not in _CHANGE_NOUNS])
        if _needs_owner(words):
            # "forecast of 2.5% capacity growth"; else "its $53 billion investment" -> whose
            near, _ = _np_backward(toks, owner[0] if owner else p, start)
            context = show(near) or _context(toks, p, start, lower_words, words)
            words, base = context + words, context + base
        return words, base, change

    subject, stopped = _np_backward(toks, p, start)
    change = change or verb_change
    of_phrase: list[int] = []
    if r < len(toks) and toks[r].low == "of":
        of_phrase, _ = _np_forward(toks, r + 1)
    if subject:
        words = show(subject)
    elif previous:
        # "grew 26% to 33.4 billion yuan", "8.0% from 9.9% in the prior quarter"
        complement, _ = _complement(toks, r)
        words = previous + _raw(toks, complement, lower_words)
    else:
        words = []
    base = show(subject) if subject else list(previous)
    if of_phrase:
        tail = show(of_phrase)
        words = [*words, "share", "of", *tail] if q.kind is Kind.PERCENT else [*words, *tail]
        base = list(words)
    elif (
        q.kind is Kind.PERCENT
        and change is not None
        and toks[p - 1].low not in _LEVEL_BEFORE
        and not {w.lower() for w in words} & _CHANGE_NOUNS
    ):
        words = [*words, "growth" if change == "increase" else "decline"]
    words += time_words
    if _needs_owner(words):
        context = _context(toks, stopped + 1 if subject else p, start, lower_words, words)
        words, base = context + words, context + base
    if not words:
        words = _context(toks, p, start, lower_words, [], anywhere=True) or ["figure"]
    return words, base, change


def _owner(toks: Sequence[_Tok], p: int, start: int) -> list[int]:
    """Words that qualify an attributive figure from the left: "the segment's 10% ...",
    "an average 0.96% decline" -- a possessive, or a word right after an article."""
    j = p - 1
    if not _is_content(toks, j) or j < start:
        return []
    if toks[j].text.endswith(("'s", "’s")):
        words, _ = _np_backward(toks, p, start)
        return words
    if j - 1 >= start and toks[j - 1].low in ("a", "an", "the"):
        return [j]
    return []


# metrics that say little without whose they are: "revenue" -> "cloud unit revenue"
_GENERIC = frozenset(
    """
    revenue revenues sales income profit profits earnings margin margins investment investments
    spending cost costs share stake value price prices funding capex expenditure budget loss
    losses debt cash valuation turnover ebitda ebita ebit average median total
    """.split()
)


def _needs_owner(words: Sequence[str]) -> bool:
    skip = _CHANGE_NOUNS | _STOP | set(_TIME_FILLERS.values())
    core = [w.lower() for w in words if w.lower() not in skip]
    return not core or (len(core) == 1 and core[0] in _GENERIC)


def _raw(toks: Sequence[_Tok], indices: Iterable[int], lower_words: frozenset[str]) -> list[str]:
    """Words as written, prepositions and articles kept ("in the prior quarter")."""
    return [_display(toks, i, lower_words) for i in indices]


def _complement(toks: Sequence[_Tok], j: int) -> tuple[list[int], int]:
    """'in the prior quarter', 'in China's AI cloud sector', 'a year earlier': a short tail."""
    if j >= len(toks):
        return [], j
    if toks[j].low in ("a", "an", "the", "last", "previous", "prior", "same"):
        end = j + 1
        while end < len(toks) and toks[end].low in _TIME_WORDS:
            end += 1
        return (list(range(j, end)), end) if end > j + 1 else ([], j)
    if toks[j].low not in _COMPLEMENT_START:
        return [], j
    k = j + 1
    while k < len(toks) and toks[k].low in _DETERMINERS:
        k += 1
    if k >= len(toks) or toks[k].kind in ("fig", "period"):
        return [], j
    phrase, end = _np_forward(toks, k, limit=5)
    if not phrase and k < len(toks) and toks[k].low in _TIME_WORDS:
        phrase, end = [k], k + 1
        while end < len(toks) and toks[end].low in _TIME_WORDS:
            phrase.append(end)
            end += 1
    if not phrase:
        return [], j
    return list(range(j, k)) + phrase, end


def _context(
    toks: Sequence[_Tok],
    before: int,
    start: int,
    lower_words: frozenset[str],
    have: Sequence[str],
    anywhere: bool = False,
) -> list[str]:
    """Who or what a one-word ``about`` belongs to: the noun phrase before the verb that governs
    the figure ("its cloud division grew revenue 31%"), else the subject of an earlier clause."""
    present = " ".join(have).lower()

    def fresh(words: list[str]) -> list[str]:
        return [] if not words or " ".join(words).lower() in present else words

    j = before - 1
    verb = False
    while j >= start and toks[j].kind == "word" and not _is_content(toks, j):
        if toks[j].low in _BOUNDARY_WORDS or toks[j].low in _CONNECTORS:
            break
        verb = verb or toks[j].low in _VERBS | _UP_VERBS | _DOWN_VERBS
        j -= 1
    if verb and j >= start and _is_content(toks, j):
        near, _ = _np_backward(toks, j + 1, start)
        words = fresh(_phrase(toks, near, lower_words))
        if words:
            return words
    # clauses split at punctuation only: "X has emerged as a beacon" keeps its subject X
    starts = [0] + [
        i + 1 for i, t in enumerate(toks[:start]) if t.kind == "punct" and _is_boundary(t)
    ]
    for s in reversed(starts if anywhere else [s for s in starts if s < start]):
        if s < len(toks) and toks[s].low in ("in", "for", "with", "by", "at", "on", "from"):
            continue  # "In contrast", "For investors": no subject here
        j = s
        while j < len(toks) and toks[j].kind == "word" and not _is_content(toks, j):
            if toks[j].low in _VERBS or toks[j].low in _UP_VERBS | _DOWN_VERBS:
                break
            j += 1
        phrase, _ = _np_forward(toks, j)
        words = fresh(_phrase(toks, phrase, lower_words))
        if words:
            return words
    return []


def _phrase(toks: Sequence[_Tok], indices: Iterable[int], lower_words: frozenset[str]) -> list[str]:
    out = []
    for i in indices:
        if i == 0 and re.match(r"^[A-Z][A-Za-z]*['’]s$", toks[0].text) and len(toks) > 1:
            continue  # "Alibaba's cloud unit ...": the owner, not the metric
        out.append(_display(toks, i, lower_words))
    while out and out[0].lower() in _CONNECTORS | _DETERMINERS:
        out.pop(0)
    while out and out[-1].lower() in _CONNECTORS | _DETERMINERS:
        out.pop()
    return out


def _display(toks: Sequence[_Tok], i: int, lower_words: frozenset[str]) -> str:
    word = toks[i].text.replace("’", "'")
    if word.endswith("'s"):
        # "unit's operating margin" -> "unit operating margin"; "China's" keeps its apostrophe
        word = word if word[:1].isupper() else word[:-2]
    if i == 0 and word[:1].isupper() and not word[1:2].isupper() and word.lower() in lower_words:
        word = word[0].lower() + word[1:]  # a capital that only starts the sentence
    return _TIME_FILLERS.get(word.lower(), word)


def _lowercase_vocabulary(article: ArticleText) -> frozenset[str]:
    words: set[str] = set()
    for block in article.blocks:
        words.update(w for w in re.findall(r"[a-z][a-z0-9-]*", block.text))
    return frozenset(words)


def _period(text: str) -> str | None:
    for m in _PERIOD_RE.finditer(text):
        if not _YEAR_RE.fullmatch(m.group()):
            return " ".join(m.group().split())
    return None


# -- ids -------------------------------------------------------------------------------------

_SLUG_SKIP = frozenset(_TIME_FILLERS.values()) | _STOP


def _slug(about: str, summary: bool = False) -> str:
    pieces: list[str] = []
    for word in about.lower().replace("'s", "").split():
        if word in _SLUG_SKIP:
            continue
        pieces.extend(p for p in re.split(r"[^a-z0-9]+", word) if p)
    slug = "-".join(pieces[:4]) or "claim"
    return f"summary-{slug}" if summary else slug


class _IdMaker:
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


# -- rendering -------------------------------------------------------------------------------

_YAML_WORDS = frozenset("y n yes no true false on off null none ~ nan inf .nan .inf".split())
_PLAIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9 .'’/&()%$+_-]*[A-Za-z0-9.)%']|[A-Za-z]")
_LINE = 100


def _quoted(text: str) -> str:
    out = json.dumps(text, ensure_ascii=False)
    # line and paragraph separators are line breaks to YAML; JSON leaves them raw
    return out.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\x85")


def _scalar(text: str) -> str:
    """A plain scalar when it reads back as the same string (in flow context too), else quoted."""
    if _PLAIN_RE.fullmatch(text) and text.lower() not in _YAML_WORDS and " #" not in text:
        try:
            if yaml.safe_load(text) == text:
                return text
        except yaml.YAMLError:
            pass
    return _quoted(text)


def _url(url: str) -> str:
    if re.fullmatch(r"https?://[A-Za-z0-9._~:/?#@!$&'()*+;=%-]+", url) and " #" not in url:
        try:
            if yaml.safe_load(url) == url:
                return url
        except yaml.YAMLError:
            pass
    return _quoted(url)


def _comment(text: str, indent: str = "") -> list[str]:
    return [f"{indent}# {line}".rstrip() for line in text.splitlines() or [""]]


def render_yaml(draft: Draft, *, today: dt.date | None = None) -> str:
    """The draft as a claims file (see DESIGN.md) with a header saying it is a draft to review."""
    day = (today or dt.date.today()).isoformat()
    origin = f" from {draft.origin}" if draft.origin else ""
    lines = [
        "# DRAFT claims file: review every entry before relying on it.",
        f"# Generated by `claimcheck extract`{origin} on {day}.",
        "# One claim per sentence that states a figure; `text` is the sentence without its",
        "# citation markers, `sources` the markers of that sentence (none: uncited). Each figure",
        "# is written as in the article; `about` (what it measures) and `change` are guesses:",
        "# correct them, split or delete claims, and add what the draft missed.",
    ]
    if draft.warnings:
        lines.append("# Warnings:")
        for w in draft.warnings:
            wrapped = textwrap.wrap(w, _LINE - 6) or [""]
            lines.append(f"#   - {wrapped[0]}")
            lines.extend(f"#     {more}" for more in wrapped[1:])
    lines.append("article:")
    meta = (
        ("title", _quoted(draft.title) if draft.title else None),
        ("published", draft.published),
        ("author", _quoted(draft.author) if draft.author else None),
        ("url", _url(draft.url) if draft.url else None),
    )
    body = [f"  {key}: {value}" for key, value in meta if value]
    if not body:
        lines[-1] = "article: {}"
    lines.extend(body)
    lines.extend(_render_sources(draft.sources))
    lines.extend(_render_claims(draft.claims, indent=""))
    return "\n".join(lines) + "\n"


def _render_sources(sources: Sequence[SourceEntry]) -> list[str]:
    usable = [s for s in sources if s.citable]
    lines = ["sources:" if usable else "sources: {}"]
    for s in sources:
        if not s.citable:
            title = f" ({s.title})" if s.title else ""
            lines.extend(
                _comment(
                    f"{s.key}: no URL in the article{title}; add url: or path: to cite it", "  "
                )
            )
            continue
        lines.extend(_render_source(s, "  "))
    return lines


def _render_source(s: SourceEntry, indent: str) -> list[str]:
    key = s.key if re.fullmatch(r"[0-9]+|[A-Za-z][\w-]*", s.key) else _quoted(s.key)
    if s.url is not None:
        out = [f"{indent}{key}:", f"{indent}  url: {_url(s.url)}"]
    else:
        out = [f"{indent}{key}:", f"{indent}  path: {_quoted(s.path or '')}"]
    if s.title:
        out.append(f"{indent}  title: {_quoted(s.title)}")
    return out


def _render_claims(claims: Sequence[DraftClaim], indent: str) -> list[str]:
    lines = [f"{indent}claims:" if claims else f"{indent}claims: []"]
    summary_open = False
    for claim in claims:
        if claim.summary and not summary_open:
            lines.append(f"{indent}  # --- summary bullets (no citation markers: uncited) ---")
            summary_open = True
        elif not claim.summary and summary_open:
            lines.append(f"{indent}  # --- body ---")
            summary_open = False
        lines.extend(_render_claim(claim, indent + "  "))
    return lines


def _render_claim(claim: DraftClaim, indent: str, extra_notes: Sequence[str] = ()) -> list[str]:
    lines: list[str] = []
    for note in (*extra_notes, *claim.notes):
        lines.extend(_comment(note, indent))
    if not claim.sources and not claim.summary and not claim.notes:
        lines.extend(_comment("uncited: no citation marker in the article", indent))
    lines.append(f"{indent}- id: {claim.id}")
    inner = indent + "  "
    lines.append(f"{inner}text: {_quoted(claim.text)}")
    lines.append(f"{inner}sources: [{', '.join(claim.sources)}]")
    if claim.period:
        lines.append(f"{inner}period: {_scalar(claim.period)}")
    lines.append(f"{inner}figures:")
    for figure in claim.figures:
        lines.extend(_render_figure(figure, inner + "  "))
    return lines


def _render_figure(figure: DraftFigure, indent: str, note: str | None = None) -> list[str]:
    parts = [f"value: {_quoted(figure.value)}", f"about: {_scalar(figure.about)}"]
    if figure.change:
        parts.append(f"change: {figure.change}")
    tail = f"  # {note}" if note else ""
    flow = f"{indent}- {{{', '.join(parts)}}}"
    if len(flow) <= _LINE:
        return [flow + tail]
    return [f"{indent}- {parts[0]}{tail}", *(f"{indent}  {p}" for p in parts[1:])]


# -- merging into an existing claims file ----------------------------------------------------


@dataclass(frozen=True)
class MergeResult:
    text: str
    added_claims: tuple[str, ...] = ()
    added_figures: tuple[tuple[str, str], ...] = ()  # (claim id, value)
    added_sources: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def merge(existing_yaml_text: str, draft: Draft, *, today: dt.date | None = None) -> str:
    """``existing_yaml_text`` with what ``draft`` adds; see :func:`merge_details`."""
    return merge_details(existing_yaml_text, draft, today=today).text


def merge_details(
    existing_yaml_text: str, draft: Draft, *, today: dt.date | None = None
) -> MergeResult:
    """Add the draft's new claims, figures and sources to a claims file a reviewer edited.

    Nothing already in the file changes: not a claim, field, comment, quote style or order.
    A draft claim is the same as an existing one when the existing text's words are (nearly) all
    in the draft sentence -- reviewers often cut a sentence into clauses, so several existing
    claims may share one sentence -- or when the ids agree and the texts overlap. Figures of a
    matched sentence that none of its existing claims lists are appended to the `figures:` of the
    claim whose text holds them (claims without a `figures:` list are parsed from their text and
    are left alone). Unmatched draft claims are appended at the end of `claims:` under a dated
    comment, with ids made unique against the file; sources with new keys are appended to
    `sources:`; existing claims the draft did not find are kept (and reported in ``warnings``).
    Raises ValueError when the text is not a YAML mapping, or when `claims:`/`sources:` is a
    non-empty flow collection (``[...]``/``{...}``) that lines cannot be appended to.
    """
    day = (today or dt.date.today()).isoformat()
    try:
        root = yaml.compose(existing_yaml_text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(existing_yaml_text)
    except yaml.YAMLError as exc:
        raise ValueError(f"the existing claims file is not valid YAML: {exc}") from None
    if not isinstance(root, yaml.MappingNode) or not isinstance(data, dict):
        raise ValueError("the existing claims file is not a mapping of article/sources/claims")
    lines = existing_yaml_text.splitlines()
    top = {k.value: (k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    edits: list[_Edit] = []
    warnings: list[str] = []

    # sources: keep every existing entry; add the draft's new keys
    existing_sources = data.get("sources") or {}
    existing_keys = (
        {str(k) for k in existing_sources} if isinstance(existing_sources, dict) else set()
    )
    new_sources = [s for s in draft.sources if s.citable and s.key not in existing_keys]
    for s in draft.sources:
        if s.key in existing_keys and s.url is not None:
            old = existing_sources.get(s.key, existing_sources.get(_int_or(s.key)))
            old_url = old.get("url") if isinstance(old, dict) else old
            if isinstance(old_url, str) and old_url != s.url:
                warnings.append(
                    f"source {s.key}: the file has {old_url}, the article {s.url}; file kept"
                )
    if new_sources:
        edits.append(_append_mapping(lines, top.get("sources"), new_sources, "sources"))

    # claims
    existing = _existing_claims(lines, top.get("claims"), data.get("claims"))
    matches = _match_claims(existing, draft.claims)
    ids = _IdMaker(c.id for c in existing)
    added_claims: list[DraftClaim] = []
    added_figures: list[tuple[str, str]] = []
    figure_edits: dict[int, list[DraftFigure]] = {}
    for d_index, claim in enumerate(draft.claims):
        mine = [e for e in existing if matches.get(e.index) == d_index]
        if not mine:
            added_claims.append(replace(claim, id=ids.make(claim.id)))
            continue
        for figure in claim.figures:
            if any(_same_figure(figure.value, v) for e in mine for v in e.values):
                continue
            target = _target_claim(mine, figure.value)
            if target is None:
                warnings.append(
                    f"claim {mine[0].id}: the draft found {figure.value!r}, but the claim has no "
                    "block `figures:` list to add it to"
                )
                continue
            figure_edits.setdefault(target.index, []).append(figure)
            added_figures.append((target.id, figure.value))
    for e in existing:
        if e.index not in matches:
            warnings.append(f"claim {e.id}: not found in the article; kept as it is")
    for index, figures in figure_edits.items():
        e = existing[index]
        block = [
            line
            for f in figures
            for line in _render_figure(f, " " * e.figure_dash_col, note=f"added by merge {day}")
        ]
        edits.append(_Edit(e.figures_end_line, block))
    if added_claims:
        edits.append(_append_claims(lines, top.get("claims"), added_claims, day))
    text = _apply(lines, edits)
    if existing_yaml_text.endswith("\n") or not existing_yaml_text:
        text += "\n"
    return MergeResult(
        text=text,
        added_claims=tuple(c.id for c in added_claims),
        added_figures=tuple(added_figures),
        added_sources=tuple(s.key for s in new_sources),
        warnings=tuple(warnings),
    )


@dataclass(frozen=True)
class _Edit:
    after_line: int  # insert after this 0-based line; -1 inserts at the top
    lines: list[str]
    replace_line: int | None = None  # rewrite this line first ("claims: []" -> "claims:")
    replacement: str = ""


@dataclass(frozen=True)
class _Existing:
    index: int
    id: str
    text: str
    values: tuple[str, ...]
    has_figure_list: bool
    figures_end_line: int
    figure_dash_col: int


def _int_or(key: str) -> int | str:
    return int(key) if key.isdigit() else key


def _last_line(node: yaml.Node) -> int:
    """The last line (0-based) holding any scalar of ``node``: where an insertion goes after."""
    best = node.start_mark.line
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.ScalarNode):
            end = n.end_mark.line - (1 if n.end_mark.column == 0 and n.end_mark.line > 0 else 0)
            best = max(best, end)
        elif isinstance(n, yaml.MappingNode):
            if n.flow_style:
                best = max(best, n.end_mark.line)
            stack.extend(x for pair in n.value for x in pair)
        elif isinstance(n, yaml.SequenceNode):
            if n.flow_style:
                best = max(best, n.end_mark.line)
            stack.extend(n.value)
    return best


def _dash_col(lines: Sequence[str], item: yaml.Node) -> int:
    line = lines[item.start_mark.line]
    dash = line.rfind("-", 0, item.start_mark.column)
    return dash if dash >= 0 else max(item.start_mark.column - 2, 0)


def _existing_claims(
    lines: Sequence[str], node: tuple[yaml.Node, yaml.Node] | None, data: object
) -> list[_Existing]:
    if node is None or not isinstance(node[1], yaml.SequenceNode) or not isinstance(data, list):
        return []
    out: list[_Existing] = []
    for index, (item, record) in enumerate(zip(node[1].value, data, strict=False)):
        if not isinstance(item, yaml.MappingNode) or not isinstance(record, dict):
            continue
        figures_node = next(
            (v for k, v in item.value if isinstance(k, yaml.ScalarNode) and k.value == "figures"),
            None,
        )
        values: list[str] = []
        for f in record.get("figures") or []:
            if isinstance(f, dict) and f.get("value") is not None:
                values.append(str(f["value"]))
            elif isinstance(f, str | int | float):
                values.append(str(f))
        block_list = (
            figures_node
            if isinstance(figures_node, yaml.SequenceNode)
            and not figures_node.flow_style
            and figures_node.value
            else None
        )
        if not values and record.get("text") and figures_node is None:
            values = [q.text for q in parse_quantities(str(record["text"]))]
        out.append(
            _Existing(
                index=index,
                id=str(record.get("id", "")),
                text=str(record.get("text", "")),
                values=tuple(values),
                has_figure_list=block_list is not None,
                figures_end_line=_last_line(block_list) if block_list is not None else -1,
                figure_dash_col=(
                    _dash_col(lines, block_list.value[0]) if block_list is not None else 0
                ),
            )
        )
    return out


_NORM_RE = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")


def _norm_words(text: str) -> list[str]:
    plain = text.lower().replace("’", "'")
    plain = re.sub(r"\[\^?[0-9a-z, -]*\]", " ", plain) if "[" in plain else plain
    return _NORM_RE.findall(plain)


def _coverage(existing: str, draft: str) -> float:
    """Share of the existing text's words that the draft sentence has."""
    mine = _norm_words(existing)
    if not mine:
        return 0.0
    theirs = Counter(_norm_words(draft))
    hit = 0
    for word, n in Counter(mine).items():
        hit += min(n, theirs.get(word, 0))
    return hit / len(mine)


def _match_claims(existing: Sequence[_Existing], claims: Sequence[DraftClaim]) -> dict[int, int]:
    """Existing claim index -> draft claim index."""
    out: dict[int, int] = {}
    for e in existing:
        scored = [(_coverage(e.text, c.text), c.id == e.id, i) for i, c in enumerate(claims)]
        if not scored:
            continue
        score, same_id, best = max(scored)
        if score >= 0.8 or (same_id and score >= 0.5):
            out[e.index] = best
            continue
        by_id = [(s, i) for s, same, i in scored if same and s >= 0.5]
        if by_id:
            out[e.index] = max(by_id)[1]
    return out


def _same_figure(value: str, other: str) -> bool:
    if " ".join(value.lower().split()) == " ".join(other.lower().split()):
        return True
    a, b = parse_figure(value), parse_figure(other)
    if a is None or b is None:
        return False
    return (a.value, a.kind, a.currency, a.upper) == (b.value, b.kind, b.currency, b.upper)


def _target_claim(mine: Sequence[_Existing], value: str) -> _Existing | None:
    with_list = [e for e in mine if e.has_figure_list]
    for e in with_list:
        if value.lower() in e.text.lower():
            return e
    return with_list[0] if with_list else None


def _append_mapping(
    lines: Sequence[str],
    node: tuple[yaml.Node, yaml.Node] | None,
    sources: Sequence[SourceEntry],
    key: str,
) -> _Edit:
    if node is None:
        block = [f"{key}:", *(x for s in sources for x in _render_source(s, "  "))]
        return _Edit(len(lines) - 1, block)
    key_node, value = node
    if isinstance(value, yaml.MappingNode) and value.value and not value.flow_style:
        indent = " " * value.value[0][0].start_mark.column
        block = [x for s in sources for x in _render_source(s, indent)]
        return _Edit(_last_line(value), block)
    # "sources: {}" or a flow mapping: rewrite the key line as a block and list everything
    indent = " " * (key_node.start_mark.column + 2)
    block = [x for s in sources for x in _render_source(s, indent)]
    if isinstance(value, yaml.MappingNode) and value.value:
        raise ValueError(f"`{key}:` is written in flow style {{...}}; write it as a block to merge")
    line = key_node.start_mark.line
    return _Edit(
        line, block, replace_line=line, replacement=" " * key_node.start_mark.column + f"{key}:"
    )


def _append_claims(
    lines: Sequence[str],
    node: tuple[yaml.Node, yaml.Node] | None,
    claims: Sequence[DraftClaim],
    day: str,
) -> _Edit:
    header = f"# --- added by `claimcheck extract --merge` on {day}: review these ---"
    if node is None:
        body = ["claims:", f"  {header}"]
        for c in claims:
            body.extend(_render_claim(c, "  "))
        return _Edit(len(lines) - 1, body)
    key_node, value = node
    if isinstance(value, yaml.SequenceNode) and value.value and not value.flow_style:
        indent = " " * _dash_col(lines, value.value[0])
        body = [f"{indent}{header}"]
        for c in claims:
            body.extend(_render_claim(c, indent))
        return _Edit(_last_line(value), body)
    if isinstance(value, yaml.SequenceNode) and value.value:
        raise ValueError("`claims:` is written in flow style [...]; write it as a block to merge")
    indent = " " * (key_node.start_mark.column + 2)
    body = [f"{indent}{header}"]
    for c in claims:
        body.extend(_render_claim(c, indent))
    line = key_node.start_mark.line
    return _Edit(
        line, body, replace_line=line, replacement=" " * key_node.start_mark.column + "claims:"
    )


def _apply(lines: Sequence[str], edits: Sequence[_Edit]) -> str:
    out = list(lines)
    # bottom-up, so earlier line numbers stay valid
    for edit in sorted(edits, key=lambda e: e.after_line, reverse=True):
        if edit.replace_line is not None:
            out[edit.replace_line] = edit.replacement
        out[edit.after_line + 1 : edit.after_line + 1] = edit.lines
    return "\n".join(out)
