"""The words around a number: the qualifier, direction and sign words just before it ("over",
"rose", "minus"), a direction word after it ("26% growth"), and the contexts in which a bare
number is no figure (a label such as "Section 3", a list marker, a day of a month, a clock time,
an ordinal that is no count).
"""

from __future__ import annotations

from dataclasses import dataclass

from claimcheck.lexicon import directions, labels, numbers, qualifiers
from claimcheck.model.vocab import Direction, Qualifier
from claimcheck.quantities import grammar
from claimcheck.quantities.atoms import Atom, is_year


@dataclass(slots=True)
class Prefix:
    qualifier: Qualifier | None = None
    direction: Direction | None = None
    negative_from: int | None = None  # start of a "minus" word
    last_word: str = ""  # lower-cased word right before the figure (after any qualifier)
    last_raw: str = ""


def prefix_of(text: str, start: int, floor: int) -> Prefix:
    """Qualifier, direction and sign words in the few words before ``start``."""
    result = Prefix()
    lo = max(floor, start - 48)
    window = text[lo:start]
    if not window:
        return result
    symbol = window.rstrip()[-1:]
    if symbol in qualifiers.SYMBOLS and len(window) - len(window.rstrip()) <= 1:
        result.qualifier = qualifiers.SYMBOLS[symbol]
        window = window.rstrip()[:-1]
        if not window:
            return result
    last = window[-1]
    tail = window.rstrip()
    # Chinese has no spaces between words: look at the characters themselves.
    if tail and tail[-1] >= "\u2e80" and cjk_prefix(tail, result):
        return result
    if not last.isspace():
        return result
    raw = tail.split()
    if lo > 0 and not text[lo - 1].isspace():
        raw = raw[1:]  # the window cut a word: "increased" must not read as "eased"
    # an opening bracket or quote does not hide a word: "(section 4)", "(up 5%)"
    raw = [w.lstrip(grammar.OPENERS) for w in raw]
    words = [w.lower() for w in raw]
    i = len(words)
    if i and words[-1] in numbers.SIGN_WORDS:
        result.negative_from = lo + len(tail) - len(raw[-1])
        i -= 1
    if result.qualifier is None:
        for n in qualifiers.LENGTHS:
            if i >= n and (q := qualifiers.PHRASES.get(tuple(words[i - n : i]))) is not None:
                result.qualifier = q
                i -= n
                break
    if i:
        result.last_word, result.last_raw = words[i - 1], raw[i - 1]
    skipped = 0
    while i and skipped <= 4:
        word = words[i - 1]
        direction = directions.BEFORE.get(word)
        if direction is not None:
            result.direction = direction
            break
        if word not in directions.FILLERS_BEFORE:
            break
        skipped += 1
        i -= 1
    return result


def cjk_prefix(tail: str, result: Prefix) -> bool:
    found = False
    for word, qualifier in qualifiers.CJK:
        if tail.endswith(word):
            if result.qualifier is None:
                result.qualifier = qualifier
            tail = tail[: -len(word)]
            found = True
            break
    for _ in range(2):
        for filler in directions.CJK_FILLERS:
            if tail.endswith(filler):
                tail = tail[: -len(filler)]
    if tail.endswith(directions.CJK_UP):
        result.direction = Direction.INCREASE
        return True
    if tail.endswith(directions.CJK_DOWN):
        result.direction = Direction.DECREASE
        return True
    return found


def direction_after(text: str, end: int) -> Direction | None:
    if end >= len(text) or not text[end].isspace():
        return None
    words = text[end : end + 48].split()[:3]
    for word in words:
        bare = word.lower().rstrip(".,;:!?)")
        direction = directions.AFTER.get(bare)
        if direction is not None:
            return direction
        if word.lower() not in directions.FILLERS_AFTER:
            return None
    return None


def is_label(text: str, atom: Atom, prefix: Prefix, label_end: int) -> bool:
    if not atom.bare:
        return False
    if prefix.last_word in labels.LABELS:
        return True
    if prefix.last_word in labels.TITLE_LABELS and prefix.last_raw != prefix.last_word:
        return True
    # "sections 2 and 3", "Notes 4, 5 or 6": the label covers the whole list
    return (
        0 <= atom.start - label_end <= 8
        and text[label_end : atom.start].strip() in grammar.LIST_JOINERS
    )


def is_list_marker(text: str, atom: Atom) -> bool:
    if not grammar.LIST_MARKER_RE.match(text, atom.end):
        return False
    i = atom.start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    # "1. Definitions" at the start of a line; after "met:" or "the end." only a short list's
    # number ("AGE: 27. CLUBS" states an age)
    return i < 0 or text[i] in "\n\r" or (text[i] in ".:;" and atom.number <= grammar.LIST_MAX)


def not_a_figure(text: str, atom: Atom, prefix: Prefix) -> bool:
    if atom.unit == "ord":
        return not grammar.ORD_CONTEXT_RE.match(text, atom.end)
    if not atom.bare:
        return False
    if is_year(atom):
        return True
    if atom.plain_int and atom.number < 1000 and is_list_marker(text, atom):
        return True
    if not atom.plain_int or atom.number > 31:
        return False
    return bool(
        grammar.MONTH_AFTER_RE.match(text, atom.end)
        or grammar.MONTH_TOKEN_RE.fullmatch(prefix.last_raw)
        or (atom.number <= 12 and grammar.CLOCK_AFTER_RE.match(text, atom.end))
    )
