"""The one quantity parser, used on claimed figures and on source text alike.

Design: regexes compiled at import do the scanning, in one left-to-right pass. A master regex
finds either a *skip* token (URL, phone number, ISO or slash date, clock time, citation marker,
ISBN, ...) whose digits are never figures, or a *number core* (optional sign and currency
prefix, digits, optional scale word); beside it, a cheap scan of an ASCII-lower-cased copy of
the text finds where English number words start, and the two streams are merged in order.
Every hit is finished with anchored regexes at its end (unit, currency word, range end) and a
look at the few words just before it (qualifier, direction, label word such as "Section"), so
the Python work is per figure, never per character: 100 KB of prose takes about 10 ms.

Rules for the ambiguous cases:

* Digit grouping: "," followed by exactly three digits groups thousands ("3,350" is 3350). "." is
  a decimal point ("3.350" is 3.35, "0.960" is 0.96) unless the number is written European
  style: repeated dot groups ("1.234.567") or a dot group then a comma decimal ("3.350,5").
  Any other mix ("1,89", ",89", "1.2.3", "1,2345") is no figure at all: a wrong number is worse
  than a missing one.
* Years: a bare four-digit integer from 1900 to 2100 is a year unless a currency, scale word or
  unit comes with it ("$2025 million", "2025 yuan" are figures; "2025 employees" is a year,
  "2,025 employees" a count).
* Signs: for percentages, percentage points and money the value keeps its magnitude and the
  sign becomes the direction ("-14%", "−14%", "–14%", "(14)%" are 14 with DECREASE); for other
  kinds the value itself is negative ("-78", "minus ten").
* "¥" is CNY and a bare "$" is USD; parse_figure() turns them into JPY or another dollar when
  the figure itself says so ("¥500 billion (JPY)", "$10 (HKD)").
* Number words count from "two" up; "one" alone ("one of the biggest") is no figure unless a
  scale word or a unit follows ("one billion", "one percent"). Ordinals ("eighth", "8th") are
  figures only before "consecutive"/"straight"/"successive"/"in a row", so "third quarter" is a
  label; a count and an ordinal of the same number are the same number of periods.
* Spoken forms are read as written figures: "twenty - five" (transcripts space the hyphen),
  "two point five million", "two and a half million", "half a million", "twelve euros and
  fifty cents" (12.50 EUR), "twenty bucks". A proportion in words before "of"/"the" is a
  hedged percentage: "a third of" is about 33.33%, "two-thirds of" about 66.67%, "half the"
  about 50% ("the second half of the year" is a period, "two quarters of growth" periods).
* "to"/"-" between two numbers makes a range ("10-12%", "10% to 12%", "between 5 and 7
  million"), not after "from" ("rose from 5% to 7%" is two figures), and only when the units
  agree; "points"/"pts" alone are read as percentage points. Two bare whole numbers below
  1000 joined by a dash the wrong way round are a score, not figures ("won 5-4", "a 10–7
  lead"); "3800-3700 BC" stays a range written downwards.
* Bare numbers right after a label word ("Section 3.2", "No. 5", "Windows 11", and the rest of
  a list: "sections 2 and 3"), next to a month name ("Aug 30", "30 August"), before "am"/"pm",
  glued to letters ("Q1", "3Q25", "5G", "Qwen2.5", "GPT-4"), after "#", "/", "." or ",", with
  a leading zero ("02110", "007"), or used as list markers ("1. Definitions", "(2)") are not
  figures. A bracketed number of three or more digits, or with a separator, is an accounting
  negative as in tables: "(1,234)" is -1234.

parse_figure() reads one claimed figure with the same rules, but when they find nothing it
retries leniently: the caller says the text *is* a figure, so "2025", "eighth" or "one" count.

The package, in dependency order: :mod:`.grammar` (every regex, from the tables in
:mod:`claimcheck.lexicon`), :mod:`.numwords` (values of number words), :mod:`.atoms` (one number
as written), :mod:`.context` (the words around it), :mod:`.ranges` (range ends and the finished
Quantity), :mod:`.words` (quantities in words, proportions), :mod:`.scan` (the pass over a text
and the public functions) and :mod:`.notes` (a table's unit note).
"""

from __future__ import annotations

from claimcheck.model.quantity import Kind, Quantity
from claimcheck.model.vocab import Direction, Qualifier
from claimcheck.quantities.notes import parse_scale_note
from claimcheck.quantities.scan import parse_figure, parse_quantities

__all__ = [
    "Direction",
    "Kind",
    "Qualifier",
    "Quantity",
    "parse_figure",
    "parse_quantities",
    "parse_scale_note",
]
