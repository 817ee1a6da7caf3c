"""A source's extracted text: a :class:`Document` of :class:`Block` spans, or an
:class:`ExtractFailure` saying why the bytes are not the source.

Records only: :mod:`claimcheck.extract` makes them from bytes, :mod:`claimcheck.store` keeps them
(``to_dict``/``from_dict`` are the text cache's format) and :mod:`claimcheck.match` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claimcheck.model.vocab import BlockKind, Reason


@dataclass(frozen=True)
class Block:
    """A span of :attr:`Document.text`: one heading, paragraph, list item, table row or page."""

    kind: BlockKind
    start: int
    end: int
    context: str = ""  # table rows: caption + header rows (+ unit note) of their table
    unit_note: str | None = None  # raw scale/unit note of the row's table
    page: int | None = None  # 1-based PDF page
    cells: tuple[tuple[int, int], ...] = ()  # table rows: span of each non-empty cell

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind.value, "start": self.start, "end": self.end}
        if self.context:
            d["context"] = self.context
        if self.unit_note is not None:
            d["unit_note"] = self.unit_note
        if self.page is not None:
            d["page"] = self.page
        if self.cells:
            d["cells"] = [list(c) for c in self.cells]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Block:
        return cls(
            kind=BlockKind(d["kind"]),
            start=int(d["start"]),
            end=int(d["end"]),
            context=str(d.get("context", "")),
            unit_note=d.get("unit_note"),
            page=d.get("page"),
            cells=tuple((int(a), int(b)) for a, b in d.get("cells", ())),
        )


@dataclass(frozen=True)
class Document:
    """Clean text of a source with its blocks (sorted, non-overlapping spans of ``text``)."""

    text: str
    blocks: tuple[Block, ...]
    title: str | None = None
    content_type: str = "text/html"
    charset: str | None = None  # the charset actually used to decode; None for PDF

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "title": self.title,
            "content_type": self.content_type,
            "charset": self.charset,
            "blocks": [b.to_dict() for b in self.blocks],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        return cls(
            text=str(d["text"]),
            blocks=tuple(Block.from_dict(b) for b in d.get("blocks", ())),
            title=d.get("title"),
            content_type=str(d.get("content_type", "text/html")),
            charset=d.get("charset"),
        )


@dataclass(frozen=True)
class ExtractFailure:
    """Why a body is no source text: blocked, no_text, unsupported_content_type, decode_error,
    pdf_error (or file_error when the stored body could not be read)."""

    reason: Reason
    detail: str  # one human sentence
