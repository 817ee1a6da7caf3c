"""The scan: one left-to-right pass that merges the master regex's hits with the number-word
starts, reads each into a Quantity or skips it, and the public entry points built on it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from claimcheck.lexicon import currencies
from claimcheck.model.quantity import Kind, Quantity
from claimcheck.quantities import grammar
from claimcheck.quantities.atoms import read_atom
from claimcheck.quantities.context import is_label, not_a_figure, prefix_of
from claimcheck.quantities.ranges import combine_range, finish
from claimcheck.quantities.words import fractions, from_words


def from_number(
    text: str, m: re.Match[str], floor: int, label_end: int, lenient: bool
) -> tuple[Quantity | None, int, bool]:
    """The quantity at ``m`` (or None), where reading stopped, and whether it was a label."""
    atom = read_atom(text, m)
    if atom is None:
        return None, m.end(), False
    prefix = prefix_of(text, atom.start, floor)
    low, high = combine_range(text, atom, prefix, lenient)
    if low is None:
        return None, high.end if high is not None else atom.end, False
    atom = low
    if grammar.GLUE_RE.match(text, atom.end):
        return None, atom.end, False
    if lenient:
        return finish(text, atom, high, prefix, atom.start), atom.end, False
    if is_label(text, atom, prefix, label_end):
        return None, atom.end, True
    if not_a_figure(text, atom, prefix):
        return None, atom.end, False
    return finish(text, atom, high, prefix, atom.start), atom.end, False


def parse(text: str, lenient: bool) -> list[Quantity]:
    found: list[Quantity] = []
    lower = text.translate(grammar.ASCII_LOWER)
    number_at = grammar.MASTER.search
    word_at = grammar.WORD_START_RE.search
    pos = floor = 0
    label_end = -1  # end of the last number read as a label ("Section 3"), for lists
    num = number_at(text)
    word = word_at(lower)
    while num is not None or word is not None:
        # Take whichever stream is next; a stale hit (inside text already read) is searched again.
        if num is not None and (word is None or num.start() <= word.start()):
            if num.start() < pos:
                num = number_at(text, pos)
                continue
            m, num = num, number_at(text, num.end())
            if m.group("skip") is not None:
                pos = floor = m.end()
                continue
            quantity, end, label = from_number(text, m, floor, label_end, lenient)
            label_end = end if label else -1
        else:
            assert word is not None
            if word.start() < pos:
                word = word_at(lower, pos)
                continue
            start, word = word.start(), word_at(lower, word.start() + 1)
            wm = grammar.WORD_RE.match(lower, start)
            if wm is None:
                continue
            quantity, end = from_words(text, wm, floor, lenient)
        if quantity is not None:
            found.append(quantity)
        pos = floor = end
    proportions = fractions(text)
    if proportions:
        taken = [q.span for q in found]
        found.extend(
            f for f in proportions if not any(a < f.span[1] and f.span[0] < b for a, b in taken)
        )
        found.sort(key=lambda q: q.span)
    return found


def parse_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order and non-overlapping."""
    return parse(text, lenient=False)


def parse_figure(value: str) -> Quantity | None:
    """The one quantity a claimed figure states ("33.4 billion yuan"), or None.

    With several, the most specific wins: one with a unit or currency over a bare count, then
    the longest, then the first. The figure's own words may name the currency that a generic
    "¥" or "$" leaves open.
    """
    found = parse(value, lenient=False) or parse(value, lenient=True)
    if not found:
        return None
    best = max(
        found,
        key=lambda q: (q.kind is not Kind.COUNT, q.span[1] - q.span[0], -q.span[0]),
    )
    if (
        best.currency == "CNY"
        and ("¥" in best.text or "￥" in best.text)
        and grammar.YEN_RE.search(value)
    ):
        return replace(best, currency="JPY")
    if best.currency == "USD" and "$" in best.text and "US" not in best.text.upper():
        other = grammar.OTHER_DOLLAR_RE.search(value)
        if other is not None:
            key = " ".join(other.group(1).upper().split())
            return replace(best, currency=currencies.OTHER_DOLLARS[key])
    return best
