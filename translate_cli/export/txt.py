"""Plain text in the shape of the published edition: title, date, byline, paragraphs, credit."""

from __future__ import annotations

from translate_cli.export.base import ExportDocument, Format, ListGroup, register


def render_text(doc: ExportDocument) -> str:
    parts = [doc.title]
    if doc.date:
        parts.append(doc.date)
    if doc.byline:
        parts.append(doc.byline)
    for part in doc.body_groups():
        if isinstance(part, ListGroup):
            marks = [f"{n}." if part.ordered else "-" for n in range(1, len(part.items) + 1)]
            items = zip(marks, part.items, strict=True)
            parts.append("\n".join(f"{m} {doc.block_text(b)}" for m, b in items))
        elif text := doc.block_text(part):
            parts.append(f"[{text}]" if part.kind == "caption" else text)
    if doc.source_url:
        parts.append(f"Translated from: {doc.source_text}")
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
