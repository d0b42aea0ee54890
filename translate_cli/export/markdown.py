"""Markdown: ``#`` title, ``##``/``###`` subheadings, blank lines between paragraphs."""

from __future__ import annotations

import re

from translate_cli.export.base import (
    ExportDocument,
    Format,
    display_url,
    is_web_url,
    register,
)

# Characters that would turn translator text into markup (links, emphasis, raw HTML, code).
_INLINE = re.compile(r"([\\`*_\[\]<>]|&(?=#?\w+;))")
# Line starts that would make a paragraph into a heading, list, quote or rule.
_LINE_START = re.compile(r"^(\s*)(#|>|[-+*=]|\d+[.)])")


def escape_md(text: str) -> str:
    """Translator text as literal Markdown: no markup, no raw HTML survives."""
    text = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)


def link_md(url: str) -> str:
    """A link whose visible text is the URL without its scheme; plain text for non-web URLs."""
    if not is_web_url(url):
        return escape_md(url)
    target = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{escape_md(display_url(url))}]({target})"


def render_markdown(doc: ExportDocument) -> str:
    parts = [f"# {doc.title_text(escape_md)}".rstrip()]
    if doc.date:
        parts.append(escape_md(doc.date))
    if doc.byline:
        parts.append(escape_md(doc.byline))
    for block in doc.body:
        text = doc.block_text(block, escape_md)
        if block.kind == "heading":
            parts.append(f"{'#' * (3 if block.level >= 3 else 2)} {text}")
        elif text:
            parts.append(text)
    if doc.source_url:
        parts.append(f"Translated from: {link_md(doc.source_url)}")
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
