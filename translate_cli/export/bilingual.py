"""Bilingual review sheets: source and target side by side with statuses and notes.

``bilingual`` is a whole HTML page (a reviewer opens it in a browser), one table body per
source block, the Arabic column marked ``dir="rtl" lang="ar"``. ``bilingual-md`` is the same
table in Markdown.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from translate_cli.export.base import ExportDocument, Format, one_line, register
from translate_cli.export.html import isolate, link_html, page

_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:1.5rem}"
    "table{border-collapse:collapse;width:100%}"
    "th,td{border:1px solid #ccc;padding:.4rem;vertical-align:top}"
    "td[lang=ar]{font-size:1.1em;width:40%}td[lang=en]{width:40%}"
    "tbody.heading td,tbody.title td{font-weight:bold}"
    "tr.new td.status,tr.draft td.status{color:#a40}tr.approved td.status{color:#070}"
)


def _progress(doc: ExportDocument) -> str:
    counts = Counter(seg.status for seg in doc.segments)
    return ", ".join(f"{n} {status}" for status, n in counts.items())


def render_bilingual_html(doc: ExportDocument) -> str:
    art = doc.article
    source_title = art.get("title") or ""
    out = [
        f'<h1 dir="rtl" lang="ar">{escape(source_title)}</h1>',
        # Each part isolated: an Arabic URL must not pull the counts after it into its run.
        f'<p dir="ltr">Article {doc.id}'
        + (f" · <bdi>{link_html(doc.exchange_url)}</bdi>" if doc.exchange_url else "")
        + f" · <bdi>{escape(_progress(doc))}</bdi></p>",
        "<table>",
        "<thead><tr><th>id</th><th>Arabic</th><th>English</th><th>status</th><th>note</th>"
        "</tr></thead>",
    ]
    for block in doc.blocks:
        if not block.segments:
            continue
        kind = escape(block.kind)
        out.append(f'<tbody class="{kind}">')
        for seg in block.segments:
            status = escape(seg.status)
            out.append(
                f'<tr id="s{seg.id}" class="{status}"><td>{seg.id}</td>'
                f'<td dir="rtl" lang="ar">{escape(seg.source)}</td>'
                f'<td lang="en" dir="ltr">{isolate(seg.target or "")}</td>'
                f'<td class="status">{status}</td>'
                f'<td class="note" dir="auto">{isolate(seg.note or "")}</td></tr>'
            )
        out.append("</tbody>")
    out.append("</table>")
    title = f"Review: {source_title}" if source_title else f"Review: article {doc.id}"
    return page(title, "\n".join(out) + "\n", style=_STYLE)


def _cell(text: str | None) -> str:
    """Text safe inside a Markdown table cell: one line, pipes and markup escaped."""
    from translate_cli.export.markdown import escape_md

    return escape_md(one_line(text)).replace("|", "\\|")


def render_bilingual_md(doc: ExportDocument) -> str:
    art = doc.article
    lines = [f"# Review: {_cell(art.get('title'))}", ""]
    if doc.exchange_url:
        from translate_cli.export.markdown import link_md

        lines += [f"Article {doc.id} · {link_md(doc.exchange_url)} · {_progress(doc)}", ""]
    lines += ["| id | kind | Arabic | English | status | note |", "|---:|---|---|---|---|---|"]
    for block in doc.blocks:
        for seg in block.segments:
            lines.append(
                f"| {seg.id} | {block.kind} | {_cell(seg.source)} | {_cell(seg.target)} "
                f"| {seg.status} | {_cell(seg.note)} |"
            )
    return "\n".join(lines) + "\n"


@register
class Bilingual(Format):
    name = "bilingual"
    aliases = ("bilingual-html",)
    suffix = ".html"
    summary = "source and target side by side, with statuses and notes (HTML page)"
    publishable = False

    def render(self, doc: ExportDocument, *, standalone: bool = False) -> str:
        return render_bilingual_html(doc)


@register
class BilingualMarkdown(Format):
    name = "bilingual-md"
    suffix = ".md"
    summary = "source and target side by side, with statuses and notes (Markdown table)"
    publishable = False

    def render(self, doc: ExportDocument, *, standalone: bool = False) -> str:
        return render_bilingual_md(doc)
