"""Data tables: which rows are header rows, how cells join into a row's text, the unit note
("(in millions)", "RMB'000") that scales every figure of a table, and the blocks a table becomes.

The walker reads the cells; everything here works on their text.
"""

from __future__ import annotations

import re
from typing import Any

from claimcheck.extract.blocks import Raw
from claimcheck.model.vocab import BlockKind

# one row as the walker reads it: cell texts, in <thead>, all cells <th>
Row = tuple[list[str], bool, bool]


def is_layout_table(el: Any) -> bool:
    role = (el.get("role") or "").strip().lower()
    return role in ("presentation", "none") or el.find(".//table") is not None


def header_rows(rows: list[tuple[list[str], bool, bool]]) -> int:
    """How many leading rows are header rows: <thead>, title/unit-note rows of one cell, rows
    of <th>, rows with a blank label cell over period columns, or a row of labels over figures.
    """
    if any(in_head for _, in_head, _ in rows):
        n = 0
        while n < len(rows) and rows[n][1]:
            n += 1
        return n
    n = 0
    # "CONDENSED STATEMENTS OF INCOME" / "(in thousands, except per share data)" spanning rows
    while n < min(len(rows) - 1, 3) and sum(1 for c in rows[n][0] if c) == 1:
        n += 1
    start = n
    while n < len(rows) and n - start < 3 and rows[n][2]:
        n += 1
    if n == start and len(rows) - start >= 3:
        # financial tables: "        | 2023 | 2024" -- an empty label cell over the row names
        while n < len(rows) - 1 and n - start < 3:
            cells = rows[n][0]
            if cells and not cells[0] and any(cells[1:]):
                n += 1
            else:
                break
    if n == start and len(rows) - start >= 2:
        # "Item | 2023年 | 2024年" over rows of figures: labels and periods, no data of its own
        first = [c for c in rows[start][0] if c]
        if not any(_is_figure(c) for c in first) and any(
            _is_figure(c) for cells, _, _ in rows[start + 1 :] for c in cells
        ):
            n += 1
    return n


_FIGURE_RE = re.compile(r"[(\-–−]?\s*(?:[A-Z]{0,3}\$|[¥€£])?\s*\d[\d,.]*\s*\)?\s*%?")
_PERIOD_RE = re.compile(r"(?:FY|Q[1-4]\s*|H[12]\s*)?(?:19|20)\d\d(?:年|年度|E|A)?|Q[1-4]|H[12]")


def _is_figure(cell: str) -> bool:
    """A cell holding a number that is data, not a year or period label."""
    return bool(_FIGURE_RE.fullmatch(cell)) and not _PERIOD_RE.fullmatch(cell)


_PREFIX_CELL_RE = re.compile(r"(?:US|HK|NT|A|C|S|NZ|R)?\$|[¥€£₩₹]|RMB|CNY|USD|HKD|EUR|GBP|JPY|\(")
_SUFFIX_CELL_RE = re.compile(r"\)|%|\)%|%\)|pp|bps")
_NUMBER_START_RE = re.compile(r"\(?-?[\d.,]*\d")


def join_cells(cells: list[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Cells joined by ' | ', empty ones dropped, '$' and ')' cells glued to their number."""
    merged: list[str] = []
    pending = ""
    nonempty = [c for c in cells if c]
    for i, cell in enumerate(nonempty):
        nxt = nonempty[i + 1] if i + 1 < len(nonempty) else ""
        if _PREFIX_CELL_RE.fullmatch(cell) and _NUMBER_START_RE.match(nxt):
            pending += cell + (" " if cell[-1].isalpha() else "")
            continue
        if (
            not pending
            and merged
            and _SUFFIX_CELL_RE.fullmatch(cell)
            and (merged[-1][-1:].isdigit() or merged[-1].endswith("%"))
        ):
            merged[-1] += cell
            continue
        merged.append(pending + cell)
        pending = ""
    spans: list[tuple[int, int]] = []
    pos = 0
    for cell in merged:
        spans.append((pos, pos + len(cell)))
        pos += len(cell) + 3
    return " | ".join(merged), tuple(spans)


# -- unit notes -----------------------------------------------------------------------------

_UNIT_RE = re.compile(
    r"\bin\s+(?:(?:US|U\.S\.|HK|NT|RMB|A|C|S)?\$\s*|RMB\s+|USD\s+|EUR\s+|HKD\s+)?"
    r"(?:thousands|millions|billions|hundreds\s+of\s+millions|mn|bn)\b"
    r"|\((?:[^()]{0,40}\s)?(?:thousands|millions|billions|'000s?|000s)\)"
    r"|\bexcept\s+(?:for\s+)?(?:per[\s-]share|share\s+and\s+per[\s-]share)\b"
    r"|\b(?:RMB|US\$|USD|HK\$|HKD|EUR|GBP|CNY|JPY)\s*(?:'000|000s|thousands|millions|billions)\b"
    r"|\bamounts?\s+in\s+(?:thousands|millions|billions)\b"
    r"|百万元|百萬元|千元|亿元|億元|万元|萬元|单位|單位|単位|百万円|千円|億円",
    re.IGNORECASE,
)
_MAX_NOTE = 160


def _unit_note(text: str) -> str | None:
    """The raw unit/scale note in ``text``: its parenthesised clause, or the short line itself."""
    m = _UNIT_RE.search(text)
    if not m:
        return None
    open_at = max(text.rfind("(", 0, m.start() + 1), text.rfind("（", 0, m.start() + 1))
    if open_at >= 0 and not re.search(r"[)）]", text[open_at + 1 : m.start()]):
        close = re.search(r"[)）]", text[m.end() - 1 :])
        if close:
            end = m.end() - 1 + close.end()
            if end - open_at <= _MAX_NOTE:
                return text[open_at:end]
    if len(text) <= _MAX_NOTE:
        return text.strip()
    # a long line: the clause around the match
    start = max(text.rfind(sep, 0, m.start()) for sep in ".;。；\n") + 1
    stops = [i for i in (text.find(sep, m.end()) for sep in ".;。；\n") if i >= 0]
    end = min(stops) if stops else len(text)
    return text[start:end].strip()[:_MAX_NOTE]


def table_unit_note(
    caption: str | None,
    header_texts: list[str],
    rows: list[tuple[list[str], bool, bool]],
    before: list[Raw],
) -> str | None:
    candidates: list[str] = [caption] if caption else []
    candidates += header_texts
    if rows and rows[0][0]:
        first = next((c for c in rows[0][0] if c), "")
        candidates.append(first)
    for raw in reversed(before[-2:]):
        # "a line right above the table": short, and not another table's row
        if raw.kind.table or len(raw.text) > 200:
            break
        candidates.append(raw.text)
    for text in candidates:
        note = _unit_note(text)
        if note:
            return note
    return None


def table_blocks(caption: str | None, rows: list[Row], before: list[Raw]) -> list[Raw]:
    """The blocks of a data table: its caption (when it has its own), header rows and rows,
    each row with its table's context (caption, header rows, unit note). ``before`` is what the
    page said up to the table: a caption right before it, or a unit note above it."""
    out: list[Raw] = []
    own_caption = caption is not None
    if caption is None and before and before[-1].kind == BlockKind.CAPTION:
        caption = before[-1].text  # a <figcaption> right before the table
    n_header = header_rows(rows)
    rendered = [join_cells(cells) for cells, _, _ in rows]
    header_texts = [rendered[i][0] for i in range(n_header)]
    unit_note = table_unit_note(caption, header_texts, rows, before)
    parts = [caption] if caption else []
    parts += header_texts
    if unit_note and not any(unit_note in p for p in parts):
        parts.append(unit_note)
    context = "\n".join(parts)
    if own_caption and caption:
        out.append(Raw(BlockKind.CAPTION, caption, unit_note=unit_note))
    for i, (text, spans) in enumerate(rendered):
        if i < n_header:
            head_ctx = [caption] if caption else []
            if unit_note and unit_note not in text and not any(unit_note in p for p in head_ctx):
                head_ctx.append(unit_note)
            out.append(
                Raw(BlockKind.TABLE_HEADER, text, context="\n".join(head_ctx), unit_note=unit_note,
                     cells=spans)
            )  # fmt: skip
        else:
            out.append(
                Raw(BlockKind.TABLE_ROW, text, context=context, unit_note=unit_note, cells=spans)
            )
    return out
