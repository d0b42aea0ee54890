"""Markdown: ``#`` title, ``##``/``###`` subheadings, lists, blank lines between paragraphs.

Inert by construction: every piece of page or translator text is escaped so that no Markdown
renderer reads it as raw HTML, an entity, a link, an image, code or emphasis, and the only links
written are single-line http(s) addresses, percent-encoded where a renderer could stumble.
"""

from __future__ import annotations

import re

from translate_cli.export.base import (
    ExportBlock,
    ExportDocument,
    Format,
    ListGroup,
    display_url,
    is_web_url,
    register,
)

# Characters that would turn text into markup (links, emphasis, raw HTML, code, strikethrough).
_INLINE = re.compile(r"([\\`*_\[\]<>~]|&(?=#?\w+;))")
# Line starts that would make a paragraph into a heading, list, quote or rule.
_LINE_START = re.compile(r"^(\s*)(#|>|[-+*=]|\d+[.)])")


def escape_md(text: str) -> str:
    """Translator text as literal Markdown: no markup, no raw HTML survives."""
    text = " ".join(text.split())  # one line: a newline could start a block of its own
    text = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)


def link_target(url: str) -> str:
    """``url`` safe as a Markdown link destination: no spaces, brackets or angle brackets."""
    from translate_cli.urls import encoded_url

    return encoded_url(url).replace("(", "%28").replace(")", "%29")


def link_md(url: str, label: str | None = None) -> str:
    """A link whose visible text is the URL without its scheme; plain text for non-web URLs."""
    if not is_web_url(url):
        return escape_md(label or url)
    return f"[{escape_md(label or display_url(url))}]({link_target(url)})"


def _item(doc: ExportDocument, block: ExportBlock) -> str:
    return doc.block_text(block, escape_md)


def render_markdown(doc: ExportDocument) -> str:
    parts = [f"# {doc.title_text(escape_md)}".rstrip()]
    if doc.date:
        parts.append(escape_md(doc.date))
    if doc.byline:
        parts.append(escape_md(doc.byline))
    for part in doc.body_groups():
        if isinstance(part, ListGroup):
            marks = [f"{n}." if part.ordered else "-" for n in range(1, len(part.items) + 1)]
            parts.append(
                "\n".join(f"{m} {_item(doc, b)}" for m, b in zip(marks, part.items, strict=True))
            )
            continue
        text = doc.block_text(part, escape_md)
        if part.kind == "heading":
            parts.append(f"{'#' * (3 if part.level >= 3 else 2)} {text}")
        elif part.kind == "caption" and text:
            parts.append(f"*{text}*")
        elif text:
            parts.append(text)
    if doc.source_url and doc.source_href:
        parts.append(f"Translated from: {link_md(doc.source_href, doc.source_label)}")
    if doc.see_also:
        parts.append("See also:")
        parts.append("\n".join(f"- {link_md(url)}" for url in doc.see_also))
    return "\n\n".join(parts) + "\n"


@register
class Markdown(Format):
    name = "md"
    aliases = ("markdown",)
    suffix = ".md"
    summary = "the English article in Markdown"

    def render(self, doc: ExportDocument, *, standalone: bool = False) -> str:
        return render_markdown(doc)
