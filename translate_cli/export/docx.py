"""DOCX: the English article as a Word document, for editors who publish from Word or Docs.

Built with python-docx on its default template: the title in the Title style, date and byline,
subheadings as Heading 1/2, paragraphs, lists in List Bullet / List Number, captions in the
Caption style, then "Translated from:" and "See also" with real hyperlinks (http(s) only).
Arabic runs inside the English text are marked right-to-left so Word keeps them in order.
"""

from __future__ import annotations

import io
from typing import Any

from translate_cli.export.base import ExportBlock, ExportDocument, Format, ListGroup, register
from translate_cli.formats.safexml import xml_text


def _runs(paragraph: Any, text: str) -> None:
    """Add ``text`` to ``paragraph``, Arabic stretches as right-to-left runs of their own.

    Control characters XML cannot carry (a BEL or ESC pasted into a target) are dropped:
    python-docx refuses them, and a Word document has no use for them.
    """
    from translate_cli.export.base import arabic_spans

    text = xml_text(text)
    last = 0
    for start, end in arabic_spans(text):
        if start > last:
            paragraph.add_run(text[last:start])
        run = paragraph.add_run(text[start:end])
        run.font.rtl = True
        last = end
    if last < len(text) or not text:
        paragraph.add_run(text[last:])


def _hyperlink(paragraph: Any, url: str, label: str) -> None:
    """A clickable link: python-docx has no API for it, so the run is built as WordprocessingML."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0B57D0")
    props.append(color)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(underline)
    run.append(props)
    text = OxmlElement("w:t")
    text.text = xml_text(label)
    text.set(qn("xml:space"), "preserve")
    run.append(text)
    link.append(run)
    paragraph._p.append(link)


def _link_or_text(paragraph: Any, url: str, label: str) -> None:
    from translate_cli.export.base import is_web_url

    if is_web_url(url):
        _hyperlink(paragraph, url, label)
    else:
        _runs(paragraph, label)


def _block(document: Any, doc: ExportDocument, block: ExportBlock, style: str | None) -> None:
    text = doc.block_text(block)
    if text:
        _runs(document.add_paragraph(style=style), text)


def render_docx(doc: ExportDocument) -> bytes:
    from docx import Document
    from docx.shared import Pt

    from translate_cli.export.base import display_url

    document = Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(11.5)
    props = document.core_properties
    props.title = xml_text(doc.title)
    props.language = "en"
    props.author = xml_text(doc.byline)
    props.comments = "Exported by translate-cli"
    _runs(document.add_paragraph(style="Title"), doc.title)
    for line in (doc.date, doc.byline):
        if line:
            _runs(document.add_paragraph(style="Subtitle"), line)
    for part in doc.body_groups():
        if isinstance(part, ListGroup):
            style = "List Number" if part.ordered else "List Bullet"
            for item in part.items:
                _block(document, doc, item, style)
        elif part.kind == "heading":
            _block(document, doc, part, "Heading 2" if part.level >= 3 else "Heading 1")
        elif part.kind == "caption":
            _block(document, doc, part, "Caption")
        else:
            _block(document, doc, part, None)
    if doc.source_url and doc.source_href and doc.source_label:
        para = document.add_paragraph()
        para.add_run("Translated from: ")
        _link_or_text(para, doc.source_href, doc.source_label)
    if doc.see_also:
        document.add_paragraph("See also:")
        for url in doc.see_also:
            _link_or_text(document.add_paragraph(style="List Bullet"), url, display_url(url))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@register
class Docx(Format):
    name = "docx"
    aliases = ("word",)
    suffix = ".docx"
    summary = "the English article as a Word document (DOCX)"
    binary = True

    def render(self, doc: ExportDocument, *, standalone: bool = False) -> bytes:
        return render_docx(doc)
