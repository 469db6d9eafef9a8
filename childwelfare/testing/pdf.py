"""Reading the PDFs the documents answer, for the tests: the text (pypdf), the fonts embedded
and the glyphs drawn as a missing glyph (the empty box a font draws for a character it lacks,
"tofu")."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader

# WeasyPrint writes text in composite fonts (Type0, Identity-H) as hex strings of two-byte
# glyph ids inside BT … ET. A character no font has is drawn as glyph 0 (.notdef) or, by
# pango, as 0xFFFF: both are the empty box.
_TEXT_BLOCK = re.compile(rb"BT(.*?)ET", re.S)
_HEX_STRING = re.compile(rb"<([0-9A-Fa-f\s]*)>")
MISSING_GLYPHS = {0x0000, 0xFFFF}


def pdf_text(data: bytes) -> str:
    """All pages' text, pages joined by a newline. Raises pypdf errors on a broken PDF."""
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


@dataclass
class GlyphReport:
    fonts: set[str]  # BaseFont names of every font used on any page
    missing: int  # glyphs drawn as .notdef / 0xFFFF
    glyphs: int  # glyphs drawn in hex strings


def glyph_report(data: bytes) -> GlyphReport:
    """The fonts of every page and how many of the glyphs drawn are a missing glyph."""
    reader = PdfReader(io.BytesIO(data))
    fonts: set[str] = set()
    missing = glyphs = 0
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            fonts.add(str(ref.get_object().get("/BaseFont", "")).lstrip("/"))
        contents = page.get_contents()
        raw = contents.get_data() if contents is not None else b""
        for block in _TEXT_BLOCK.findall(raw):
            for hex_string in _HEX_STRING.findall(block):
                digits = re.sub(rb"\s", b"", hex_string)
                for i in range(0, len(digits) - 3, 4):
                    glyphs += 1
                    if int(digits[i : i + 4], 16) in MISSING_GLYPHS:
                        missing += 1
    return GlyphReport(fonts=fonts, missing=missing, glyphs=glyphs)


def is_cjk_font(name: str) -> bool:
    """A subset font name such as "TSPJMR+Noto-Sans-CJK-SC" of a CJK family."""
    base = name.split("+", 1)[-1].replace("-", " ")
    return "CJK" in base or "Source Han" in base
