"""The PDF of a notice, drawn with reportlab from the notice's frozen content.

Font: reportlab's built-in CID font STSong-Light (Adobe-GB1), which needs no
font file on the server (Debian's Noto CJK fonts are CFF-flavoured OpenType,
which reportlab cannot embed). PDF readers draw it with their own Song/Ming
face."""

import io
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from .notices import lines

FONT = "STSong-Light"


@lru_cache(maxsize=1)
def _styles():
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    base = ParagraphStyle(
        "body",
        fontName=FONT,
        fontSize=12,
        leading=21,
        firstLineIndent=24,
        wordWrap="CJK",
    )
    return {
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontSize=20,
            leading=30,
            alignment=TA_CENTER,
            firstLineIndent=0,
        ),
        "reference": ParagraphStyle(
            "reference", parent=base, alignment=TA_CENTER, firstLineIndent=0
        ),
        "body": base,
        "plain": ParagraphStyle("plain", parent=base, firstLineIndent=0),
        "right": ParagraphStyle(
            "right", parent=base, alignment=TA_RIGHT, firstLineIndent=0
        ),
    }


def render(notice):
    """The notice as PDF bytes."""
    styles = _styles()
    content = dict(notice.content, reference=notice.reference)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        topMargin=37 * mm,
        bottomMargin=35 * mm,
        title=f"{content['title']} {notice.reference}",
        author=content["unit"],
    )
    story = []
    for style, text in lines(content):
        if not text:
            continue
        story.append(Paragraph(escape(text), styles[style]))
        story.append(Spacer(1, 6 if style != "title" else 10))
    document.build(story)
    return buffer.getvalue()
