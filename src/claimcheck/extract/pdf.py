"""PDF documents, page by page with pypdf (page numbers kept for evidence). A truncated,
encrypted or unreadable PDF is a ``pdf_error``; one with no text layer (scans) is ``no_text``.
"""

from __future__ import annotations

import io

from pypdf import PdfReader

from claimcheck.extract.blocks import Raw, assemble, clean_line, quote
from claimcheck.extract.sniff import is_pdf
from claimcheck.model.document import Document, ExtractFailure
from claimcheck.model.vocab import BlockKind, Reason


def extract_pdf(body: bytes) -> Document | ExtractFailure:
    if not is_pdf(body):
        return ExtractFailure(Reason.PDF_ERROR, "the body is not a PDF (no %PDF- header)")
    if b"%%EOF" not in body[-2048:]:
        # a cut-off download parses partially; half a report would pass for the whole one
        return ExtractFailure(
            Reason.PDF_ERROR, "the PDF is truncated (no %%EOF marker at the end of the file)"
        )
    try:
        reader = PdfReader(io.BytesIO(body), strict=False)
        if reader.is_encrypted and not _pdf_unlock(reader):
            return ExtractFailure(
                Reason.PDF_ERROR, "the PDF is encrypted and cannot be opened without a password"
            )
        pages = list(reader.pages)
    except Exception as exc:  # pypdf raises many kinds on damaged files
        return ExtractFailure(Reason.PDF_ERROR, f"the PDF could not be parsed ({quote(str(exc))})")
    raws: list[Raw] = []
    failed = 0
    for number, page in enumerate(pages, start=1):
        try:
            page_text = page.extract_text() or ""
        except Exception:  # one damaged page should not lose the others
            failed += 1
            continue
        lines = (clean_line(line) for line in page_text.splitlines())
        joined = "\n".join(line for line in lines if line)
        if joined:
            raws.append(Raw(BlockKind.PAGE, joined, page=number, gap=True))
    if pages and failed == len(pages):
        return ExtractFailure(
            Reason.PDF_ERROR, f"none of the PDF's {len(pages)} pages could be read"
        )
    title = _pdf_title(reader)
    doc = assemble(raws, title, "application/pdf", None, sep="\n\n")
    if not doc.text:
        return ExtractFailure(
            Reason.NO_TEXT,
            f"the PDF has no extractable text ({len(pages)} pages; scanned images without OCR?)",
        )
    return doc


def _pdf_unlock(reader: PdfReader) -> bool:
    # many PDFs are "encrypted" only against editing, with an empty user password
    try:
        return bool(reader.decrypt(""))
    except Exception:  # missing AES backend, malformed encryption dictionary
        return False


def _pdf_title(reader: PdfReader) -> str | None:
    try:
        meta = reader.metadata
        title = meta.title if meta else None
    except Exception:  # a broken info dictionary is not worth failing the document for
        return None
    if not title:
        return None
    return clean_line(str(title)) or None
