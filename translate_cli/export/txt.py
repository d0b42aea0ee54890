"""Plain text in the shape of the published edition: title, date, byline, paragraphs, credit."""

from __future__ import annotations

from translate_cli.export.base import ExportDocument, Format, register


def render_text(doc: ExportDocument) -> str:
    parts = [doc.title]
    if doc.date:
        parts.append(doc.date)
    if doc.byline:
        parts.append(doc.byline)
    parts += [text for text in (doc.block_text(b) for b in doc.body) if text]
    if doc.source_url:
        parts.append(f"Translated from: {doc.source_url}")
    if doc.see_also:
        parts.append("See also:")
        parts.append("\n".join(doc.see_also))
    return "\n\n".join(parts) + "\n"


@register
class Text(Format):
    name = "txt"
    aliases = ("text",)
    suffix = ".txt"
    summary = "the English article as plain text"

    def render(self, doc: ExportDocument, *, standalone: bool = False) -> str:
        return render_text(doc)
