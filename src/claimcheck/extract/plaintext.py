"""Plain text and Markdown: paragraphs split at blank lines; Markdown headings, list items and
``| a | b |`` tables on their own.
"""

from __future__ import annotations

import re

from claimcheck.extract.blocks import Raw, assemble, check_page, clean_line, decode_failure, garbled
from claimcheck.extract.charset import decode
from claimcheck.extract.tables import join_cells, table_unit_note
from claimcheck.model.document import Document, ExtractFailure
from claimcheck.model.vocab import BlockKind

_MD_HEADING_RE = re.compile(r"#{1,6}\s+\S")
_MD_LIST_RE = re.compile(r"(?:[-*+•]|\d{1,3}[.)])\s+\S")
_MD_TABLE_RULE_RE = re.compile(r"\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?")


def extract_text(body: bytes, header_charset: str | None, media: str) -> Document | ExtractFailure:
    text, codec = decode(body, header_charset, None)
    if garbled(text):
        return decode_failure(codec)
    raws = text_blocks(text)
    doc = assemble(raws, None, media, codec)
    heading = next(
        (doc.text[b.start : b.end] for b in doc.blocks if b.kind == BlockKind.HEADING), None
    )
    failure = check_page(doc.text, raws, None, heading, None, None)
    if failure is not None:
        return failure
    title = heading.lstrip("# ").strip() if heading else None
    return Document(doc.text, doc.blocks, title, media, codec)


def text_blocks(text: str) -> list[Raw]:
    """Paragraphs split at blank lines; markdown headings, list items and tables on their own."""
    out: list[Raw] = []
    para: list[str] = []
    table: list[str] = []
    gap = False

    def push(raw: Raw) -> None:
        nonlocal gap
        raw.gap = gap and bool(out)
        out.append(raw)
        gap = False

    def end_para() -> None:
        if para:
            push(Raw(BlockKind.PARAGRAPH, "\n".join(para)))
            para.clear()

    def end_table() -> None:
        if table:
            before = out[-1:] if out and not out[-1].kind.table else []
            for raw in _markdown_table(table, before):
                push(raw)
            table.clear()

    for line in text.splitlines():
        clean = clean_line(line)
        is_row = clean.startswith("|") and clean.count("|") >= 2
        if not is_row:
            end_table()
        if not clean:
            end_para()
            gap = True
        elif is_row:
            end_para()
            table.append(clean)
        elif clean.startswith("#") and _MD_HEADING_RE.match(clean):
            end_para()
            push(Raw(BlockKind.HEADING, clean))
        elif _MD_LIST_RE.match(clean):
            end_para()
            push(Raw(BlockKind.LIST_ITEM, clean))
        else:
            para.append(clean)
    end_table()
    end_para()
    return out


def _markdown_table(lines: list[str], before: list[Raw]) -> list[Raw]:
    """'| a | b |' lines; a row followed by a '|---|' rule is the header."""
    rows: list[list[str]] = []
    n_header = 0
    for line in lines:
        if _MD_TABLE_RULE_RE.fullmatch(line):
            n_header = n_header or len(rows)
            continue
        rows.append([c.strip() for c in line.strip("|").split("|")])
    rendered = [join_cells(r) for r in rows]
    header_texts = [text for text, _ in rendered[:n_header]]
    unit_note = table_unit_note(None, header_texts, [(r, False, False) for r in rows], before)
    parts = list(header_texts)
    if unit_note and not any(unit_note in p for p in parts):
        parts.append(unit_note)
    context = "\n".join(parts)
    out = []
    for i, (text, spans) in enumerate(rendered):
        if not text:
            continue
        if i < n_header:
            out.append(Raw(BlockKind.TABLE_HEADER, text, unit_note=unit_note, cells=spans))
        else:
            out.append(
                Raw(BlockKind.TABLE_ROW, text, context=context, unit_note=unit_note, cells=spans)
            )
    return out
