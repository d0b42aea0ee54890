"""HTML: a clean fragment to paste into a blog editor, or a whole page with ``standalone``.

Every piece of translator or page text goes through :func:`html.escape`; links are only made for
single-line http(s) addresses, so a ``javascript:`` URL can never become clickable. Arabic runs
inside the English text (a name, a quoted slogan) are isolated in ``<bdi dir="rtl">`` so the
punctuation and quotes around them keep their places.
"""

from __future__ import annotations

from html import escape

from translate_cli.export.base import (
    ExportBlock,
    ExportDocument,
    ExportSegment,
    Format,
    ListGroup,
    arabic_spans,
    display_url,
    is_web_url,
    register,
)

# The standalone page's stylesheet: a readable measure, system font stacks (serif for reading,
# sans for the furniture), Arabic runs in an Arabic face and isolated, dark mode, print.
STYLE = """\
:root{color-scheme:light dark;--ink:#1d1d1f;--muted:#5b5b60;--rule:#d8d8dc;--link:#0b57d0;\
--paper:#fffefb;--mark:#fff1a8}
@media (prefers-color-scheme:dark){:root{--ink:#ececec;--muted:#a8a8ad;--rule:#3a3a3f;\
--link:#8ab4f8;--paper:#17171a;--mark:#5c4d00}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;padding:2.5rem 1.25rem 4rem;background:var(--paper);color:var(--ink);\
font-family:Charter,"Bitstream Charter","Sitka Text",Cambria,"Iowan Old Style","Noto Serif",\
"DejaVu Serif",Georgia,serif;font-size:1.125rem;line-height:1.65}
article{max-width:68ch;margin:0 auto}
h1,h2,h3,.date,.byline,.source,.see-also,figcaption{font-family:system-ui,-apple-system,\
"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif}
h1{font-size:2.1rem;line-height:1.2;margin:0 0 .75rem;letter-spacing:-.01em}
h2{font-size:1.4rem;line-height:1.3;margin:2.2rem 0 .6rem}
h3{font-size:1.15rem;line-height:1.35;margin:1.8rem 0 .5rem}
p,ul,ol{margin:0 0 1.1rem}
ul,ol{padding-inline-start:1.6rem}
li{margin:.3rem 0}
.date,.byline{margin:0;color:var(--muted);font-size:.95rem}
.byline{margin-bottom:1.8rem}
figure{margin:1.5rem 0}
figcaption{color:var(--muted);font-size:.9rem;line-height:1.45;\
border-inline-start:3px solid var(--rule);padding-inline-start:.75rem}
.source{margin-top:2.5rem;padding-top:1rem;border-top:1px solid var(--rule)}
.source,.see-also{font-size:.95rem;color:var(--muted)}
ul.see-also{padding-inline-start:1.2rem}
a{color:var(--link);text-underline-offset:.15em;overflow-wrap:anywhere}
bdi,[dir=rtl]{unicode-bidi:isolate}
[lang=ar]{font-family:"Noto Naskh Arabic","Noto Sans Arabic","Geeza Pro","Segoe UI",\
"Arabic Typesetting","DejaVu Sans",serif;line-height:1}
mark.draft{background:var(--mark);color:inherit}
@media print{body{padding:0;background:#fff;color:#000;font-size:11pt}a{color:#000}\
.source a::after{content:" (" attr(href) ")"}}
"""


def isolate(text: str) -> str:
    """``text`` escaped, each stretch of Arabic (see :func:`arabic_spans`) wrapped in
    ``<bdi dir="rtl" lang="ar">``."""
    out: list[str] = []
    last = 0
    for start, end in arabic_spans(text):
        out.append(escape(text[last:start]))
        out.append(f'<bdi dir="rtl" lang="ar">{escape(text[start:end])}</bdi>')
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def isolate_source(text: str) -> str:
    """An untranslated Arabic sentence, escaped and isolated whole, its final stop included."""
    return f'<bdi dir="rtl" lang="ar">{escape(text)}</bdi>' if text else ""


def link_html(url: str, label: str | None = None) -> str:
    if not is_web_url(url):
        return escape(label or url)
    text = label or display_url(url)
    return f'<a href="{escape(url, quote=True)}">{escape(text)}</a>'


def _segment_html(doc: ExportDocument, seg: ExportSegment) -> str:
    """A segment's escaped text; in a draft, unfinished text stands out, not only in brackets."""
    text = doc.segment_text(seg, isolate, isolate_source)
    return f'<mark class="draft">{text}</mark>' if doc.draft and not seg.approved else text


def _inner(doc: ExportDocument, block: ExportBlock) -> str:
    return " ".join(t for t in (_segment_html(doc, s) for s in block.segments) if t)


def render_fragment(doc: ExportDocument) -> str:
    lines = [f"<h1>{doc.title_text(isolate)}</h1>"]
    if doc.date:
        published = (doc.article.get("published") or "")[:10]
        lines.append(
            f'<p class="date"><time datetime="{escape(published)}">{escape(doc.date)}</time></p>'
        )
    if doc.byline:
        lines.append(f'<p class="byline">{isolate(doc.byline)}</p>')
    for part in doc.body_groups():
        if isinstance(part, ListGroup):
            tag = "ol" if part.ordered else "ul"
            items = "".join(f"<li>{_inner(doc, item)}</li>" for item in part.items)
            lines.append(f"<{tag}>{items}</{tag}>")
            continue
        inner = _inner(doc, part)
        if not inner:
            continue
        if part.kind == "heading":
            tag = "h3" if part.level >= 3 else "h2"
            lines.append(f"<{tag}>{inner}</{tag}>")
        elif part.kind == "caption":
            lines.append(f"<figure><figcaption>{inner}</figcaption></figure>")
        else:
            lines.append(f"<p>{inner}</p>")
    if doc.source_url and doc.source_href:
        link = link_html(doc.source_href, doc.source_label)
        lines.append(f'<p class="source">Translated from: {link}</p>')
    if doc.see_also:
        lines.append('<p class="see-also">See also:</p>')
        items = "".join(f"<li>{link_html(url)}</li>" for url in doc.see_also)
        lines.append(f'<ul class="see-also">{items}</ul>')
    return "\n".join(lines) + "\n"


def page(title: str, body: str, *, lang: str = "en", style: str = "") -> str:
    """A complete HTML5 document around ``body`` (already escaped markup)."""
    head_style = f"<style>\n{style}</style>\n" if style else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}" dir="ltr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="translate-cli">\n<title>{escape(title)}</title>\n'
        f"{head_style}</head>\n<body>\n{body}</body>\n</html>\n"
    )


@register
class Html(Format):
    name = "html"
    aliases = ("htm",)
    suffix = ".html"
    summary = "the English article as an HTML fragment (--standalone: a whole styled page)"

    def render(self, doc: ExportDocument, *, standalone: bool = False) -> str:
        fragment = render_fragment(doc)
        if not standalone:
            return fragment
        return page(doc.title, f"<article>\n{fragment}</article>\n", style=STYLE)
