"""``about`` and ``change``, drafted from the words around a figure.

``about`` comes from within the figure's clause and never past a neighbouring figure: the noun
phrase the figure qualifies ("a 30% win rate", "its 33% market share in ...") or else the subject
it is predicated of ("operating margin dipped to 8.0%"), without the number, direction verbs and
filler. A figure with no words of its own (the "33.4 billion yuan" of "grew 26% to 33.4 billion
yuan", a converted amount in brackets) takes the metric of the figure before it; a one-word
result is prefixed with the subject of the clause before. ``change`` comes from the figure's own
direction, a direction verb governing it, or a change noun it qualifies ("a 12% rise").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from claimcheck.draft.records import DraftFigure
from claimcheck.draft.spans import PERIOD_RE, Fig, find_figures
from claimcheck.lexicon import directions
from claimcheck.lexicon.phrases import (
    BOUNDARY_PUNCT,
    BOUNDARY_WORDS,
    COMPLEMENT_START,
    CONNECTORS,
    DETERMINERS,
    GENERIC,
    LEVEL_BEFORE,
    MAKE,
    NOUNISH,
    STOP,
    TIME_FILLERS,
    TIME_WORDS,
    VERBS,
)
from claimcheck.model.quantity import Kind, Quantity
from claimcheck.model.vocab import Direction


def draft_figures(text: str, lower_words: frozenset[str]) -> list[DraftFigure]:
    figs = find_figures(text)
    if not figs:
        return []
    toks = _tokens(text, figs)
    abouts = _abouts(toks, figs, lower_words)
    out = []
    for fig, (about, change) in zip(figs, abouts, strict=True):
        out.append(DraftFigure(value=fig.value, about=about, change=change))
    return out


_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z0-9&]*(?:[-'’/.&][A-Za-z0-9]+)*\.?|[^\sA-Za-z0-9]")

# the one direction vocabulary (lexicon.directions): verbs that say which way a figure went, and
# nouns that name a change ("a 12% rise")
_UP_VERBS, _DOWN_VERBS = directions.UP_VERBS, directions.DOWN_VERBS

_UP_NOUNS, _DOWN_NOUNS = directions.UP_NOUNS, directions.DOWN_NOUNS

_CHANGE_NOUNS = _UP_NOUNS | _DOWN_NOUNS

_NOT_CONTENT = STOP | VERBS | _UP_VERBS | _DOWN_VERBS | BOUNDARY_WORDS

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


def _tokens(text: str, figs: Sequence[Fig]) -> list[_Tok]:
    marks = [(f.start, f.end, "fig", i) for i, f in enumerate(figs)]
    for m in PERIOD_RE.finditer(text):
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
        return tok.text in BOUNDARY_PUNCT
    return tok.kind == "word" and tok.low in BOUNDARY_WORDS


def _is_content(toks: Sequence[_Tok], i: int) -> bool:
    """A word that can be part of what a figure measures: not a function word or a verb."""
    if i < 0 or i >= len(toks) or toks[i].kind != "word":
        return False
    low = toks[i].low
    if low in _NOT_CONTENT or low in TIME_FILLERS:
        return False
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if i > 0 and toks[i - 1].low == "to" and not toks[i].text[:1].isupper():
        return False  # "to reduce", "to solidify": an infinitive
    if nxt is not None and nxt.low == "to" and low.endswith("s") and not _is_content(toks, i + 2):
        return False  # "plans to spend"
    if low.endswith(("ed", "ing")) and len(low) > 4 and low not in NOUNISH:
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
        if out and toks[j].kind == "word" and toks[j].low in CONNECTORS:
            k = j + 1
            while k < len(toks) and toks[k].low in DETERMINERS and toks[j].low != "and":
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
        while k >= stop and toks[k].low in DETERMINERS:
            k -= 1
        # "growth in AI revenue" joins; "capacity and the backlog" does not
        joins = k > stop and toks[k].low in CONNECTORS and _is_content(toks, k - 1)
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


def _verb_direction(toks: Sequence[_Tok], end: int, start: int) -> Direction | None:
    """The direction of a verb just before ``end`` ("grew revenue", "raised prices by")."""
    seen = 0
    j = end - 1
    while j >= start and seen < 4:
        low = toks[j].low
        if low in _UP_VERBS:
            return Direction.INCREASE
        if low in _DOWN_VERBS:
            return Direction.DECREASE
        if toks[j].kind != "word" or _is_boundary(toks[j]):
            return None
        seen += 1
        j -= 1
    return None


def _abouts(
    toks: list[_Tok], figs: Sequence[Fig], lower_words: frozenset[str]
) -> list[tuple[str, Direction | None]]:
    positions = {t.fig: i for i, t in enumerate(toks) if t.kind == "fig"}
    out: list[tuple[str, Direction | None]] = []
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
) -> tuple[list[str], list[str], Direction | None]:
    """Words of ``about``, the metric alone (for later figures), and the change."""
    start = _clause_start(toks, p)
    change = q.direction
    made_up = p >= 2 and toks[p - 1].low == "up" and toks[p - 2].low in MAKE
    if change is Direction.INCREASE and made_up:
        change = None  # "made up 35% of sales" is a share, not a rise
    verb_change = _verb_direction(toks, p, start)
    r, time_words = _right_of(toks, p)
    head: list[int] = []
    after = r
    if not time_words and r < len(toks) and toks[r].low not in TIME_WORDS:
        if toks[r].low in _CHANGE_NOUNS and toks[r].kind == "word":
            rest, after = _np_forward(toks, r + 1)
            head = [r, *rest]
        else:
            head, after = _np_forward(toks, r)
    if head:
        words, base, nouns = _attributive(toks, p, start, head, after, lower_words)
        if nouns:
            change = Direction.INCREASE if nouns & _UP_NOUNS else Direction.DECREASE
        elif verb_change is None:
            change = None  # "a $2.5 billion expansion plan": the word is no direction here
        return words, base, change
    change = change or verb_change
    words, base = _predicative(toks, p, start, r, q, change, previous, time_words, lower_words)
    return words, base, change


def _right_of(toks: Sequence[_Tok], p: int) -> tuple[int, list[str]]:
    """Where the words right of the figure start (past a bracketed conversion and duration
    adjectives such as "three-year"), and the time fillers there ("year-over-year")."""
    r = p + 1
    while r < len(toks):
        if toks[r].text == "(" and r + 1 < len(toks) and toks[r + 1].kind == "fig":
            r += 3 if r + 2 < len(toks) and toks[r + 2].text == ")" else 2
        elif toks[r].kind == "fig" and "-" in toks[r].text:
            r += 1
        else:
            break
    time_words: list[str] = []
    while r < len(toks) and toks[r].low in TIME_FILLERS:
        time_words.append(TIME_FILLERS[toks[r].low])
        r += 1
    return r, time_words


def _attributive(
    toks: Sequence[_Tok],
    p: int,
    start: int,
    head: list[int],
    after: int,
    lower_words: frozenset[str],
) -> tuple[list[str], list[str], set[str]]:
    """A figure that qualifies the noun phrase ``head`` after it ("a 30% win rate", "its 33%
    market share in ...", "a 21% decline in adjusted earnings"): its words, its metric, and the
    change nouns in the phrase."""
    owner = _owner(toks, p, start)
    complement, _ = _complement(toks, after)
    words = _phrase(toks, owner + head, lower_words) + _raw(toks, complement, lower_words)
    nouns = {toks[i].low for i in head} & _CHANGE_NOUNS
    metric = owner + [i for i in head if toks[i].low not in _CHANGE_NOUNS]
    base = _phrase(toks, metric, lower_words)
    if _needs_owner(words):
        # "forecast of 2.5% capacity growth"; else "its $53 billion investment" -> whose
        near, _ = _np_backward(toks, owner[0] if owner else p, start)
        context = _phrase(toks, near, lower_words) or _context(toks, p, start, lower_words, words)
        words, base = context + words, context + base
    return words, base, nouns


def _predicative(
    toks: Sequence[_Tok],
    p: int,
    start: int,
    r: int,
    q: Quantity,
    change: Direction | None,
    previous: list[str],
    time_words: list[str],
    lower_words: frozenset[str],
) -> tuple[list[str], list[str]]:
    """A figure predicated of the subject before it ("operating margin dipped to 8.0%"), or
    with no words of its own (then the metric of the figure before it): words and metric."""
    subject, stopped = _np_backward(toks, p, start)
    of_phrase: list[int] = []
    if r < len(toks) and toks[r].low == "of":
        of_phrase, _ = _np_forward(toks, r + 1)
    if subject:
        words = _phrase(toks, subject, lower_words)
    elif previous:
        # "grew 26% to 33.4 billion yuan", "8.0% from 9.9% in the prior quarter"
        complement, _ = _complement(toks, r)
        words = previous + _raw(toks, complement, lower_words)
    else:
        words = []
    base = _phrase(toks, subject, lower_words) if subject else list(previous)
    if of_phrase:
        tail = _phrase(toks, of_phrase, lower_words)
        words = [*words, "share", "of", *tail] if q.kind is Kind.PERCENT else [*words, *tail]
        base = list(words)
    elif (
        q.kind is Kind.PERCENT
        and change is not None
        and toks[p - 1].low not in LEVEL_BEFORE
        and not {w.lower() for w in words} & _CHANGE_NOUNS
    ):
        words = [*words, "growth" if change is Direction.INCREASE else "decline"]
    words += time_words
    if _needs_owner(words):
        context = _context(toks, stopped + 1 if subject else p, start, lower_words, words)
        words, base = context + words, context + base
    if not words:
        words = _context(toks, p, start, lower_words, [], anywhere=True) or ["figure"]
    return words, base


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


def _needs_owner(words: Sequence[str]) -> bool:
    skip = _CHANGE_NOUNS | STOP | set(TIME_FILLERS.values())
    core = [w.lower() for w in words if w.lower() not in skip]
    return not core or (len(core) == 1 and core[0] in GENERIC)


def _raw(toks: Sequence[_Tok], indices: Iterable[int], lower_words: frozenset[str]) -> list[str]:
    """Words as written, prepositions and articles kept ("in the prior quarter")."""
    return [_display(toks, i, lower_words) for i in indices]


def _complement(toks: Sequence[_Tok], j: int) -> tuple[list[int], int]:
    """'in the prior quarter', 'in China's AI cloud sector', 'a year earlier': a short tail."""
    if j >= len(toks):
        return [], j
    if toks[j].low in ("a", "an", "the", "last", "previous", "prior", "same"):
        end = j + 1
        while end < len(toks) and toks[end].low in TIME_WORDS:
            end += 1
        return (list(range(j, end)), end) if end > j + 1 else ([], j)
    if toks[j].low not in COMPLEMENT_START:
        return [], j
    k = j + 1
    while k < len(toks) and toks[k].low in DETERMINERS:
        k += 1
    if k >= len(toks) or toks[k].kind in ("fig", "period"):
        return [], j
    phrase, end = _np_forward(toks, k, limit=5)
    if not phrase and k < len(toks) and toks[k].low in TIME_WORDS:
        phrase, end = [k], k + 1
        while end < len(toks) and toks[end].low in TIME_WORDS:
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
        if toks[j].low in BOUNDARY_WORDS or toks[j].low in CONNECTORS:
            break
        verb = verb or toks[j].low in VERBS | _UP_VERBS | _DOWN_VERBS
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
            if toks[j].low in VERBS or toks[j].low in _UP_VERBS | _DOWN_VERBS:
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
    while out and out[0].lower() in CONNECTORS | DETERMINERS:
        out.pop(0)
    while out and out[-1].lower() in CONNECTORS | DETERMINERS:
        out.pop()
    return out


def _display(toks: Sequence[_Tok], i: int, lower_words: frozenset[str]) -> str:
    word = toks[i].text.replace("’", "'")
    if word.endswith("'s"):
        # "unit's operating margin" -> "unit operating margin"; "China's" keeps its apostrophe
        word = word if word[:1].isupper() else word[:-2]
    if i == 0 and word[:1].isupper() and not word[1:2].isupper() and word.lower() in lower_words:
        word = word[0].lower() + word[1:]  # a capital that only starts the sentence
    return TIME_FILLERS.get(word.lower(), word)
