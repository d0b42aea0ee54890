"""HTML: a clean fragment to paste into a blog editor, or a whole page with ``standalone``.

Every piece of translator or page text goes through :func:`html.escape`; links are only
made for http(s) addresses, so a ``javascript:`` URL can never become clickable.
"""

from __future__ import annotations

from html import escape

from translate_cli.export.base import (
    ExportDocument,
    ExportSegment,
    Format,
    display_url,
    is_web_url,
    register,
)


def link_html(url: str) -> str:
    if not is_web_url(url):
        return escape(url)
    return f'<a href="{escape(url, quote=True)}">{escape(display_url(url))}</a>'


def _segment_html(doc: ExportDocument, seg: ExportSegment) -> str:
    """A segment's escaped text; in a draft, unfinished text stands out, not only in brackets."""
    text = doc.segment_text(seg, escape)
    return f'<mark class="draft">{text}</mark>' if doc.draft and not seg.approved else text


def render_fragment(doc: ExportDocument) -> str:
    lines = [f"<h1>{doc.title_text(escape)}</h1>"]
    if doc.date:
        published = (doc.article.get("published") or "")[:10]
        lines.append(
            f'<p class="date"><time datetime="{escape(published)}">{escape(doc.date)}</time></p>'
        )
    if doc.byline:
        lines.append(f'<p class="byline">{escape(doc.byline)}</p>')
    for block in doc.body:
        inner = " ".join(t for t in (_segment_html(doc, s) for s in block.segments) if t)
        if block.kind == "heading":
            tag = "h3" if block.level >= 3 else "h2"
            lines.append(f"<{tag}>{inner}</{tag}>")
        elif inner:
            lines.append(f"<p>{inner}</p>")
    if doc.source_url:
        lines.append(f'<p class="source">Translated from: {link_html(doc.source_url)}</p>')
    if doc.see_also:
        lines.append('<p class="see-also">See also:</p>')
        items = "".join(f"<li>{link_html(url)}</li>" for url in doc.see_also)
        lines.append(f'<ul class="see-also">{items}</ul>')
    return "\n".join(lines) + "\n"


def page(title: str, body: str, *, lang: str = "en", style: str = "") -> str:
    """A complete HTML5 document around ``body`` (already escaped markup)."""
    head_style = f"<style>{style}</style>\n" if style else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="translate-cli">\n<title>{escape(title)}</title>\n'
        f"{head_style}</head>\n<body>\n{body}</body>\n</html>\n"
    )


@register
class Html(Format):
    name = "html"
    suffix = ".html"
    summary = "the English article as an HTML fragment (--standalone: a whole page)"

    def render(self, doc: ExportDocument, *, standalone: bool = False) -> str:
        fragment = render_fragment(doc)
        if not standalone:
            return fragment
        return page(doc.title, f"<article>\n{fragment}</article>\n")
