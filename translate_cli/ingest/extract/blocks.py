"""From an HTML element (or trafilatura's XML tree) to clean heading and paragraph blocks.

Two steps shared by every extractor: :func:`html_pieces` / :func:`tei_pieces` flatten markup into
pieces that remember whether they were all bold or all link text, then :func:`clean_pieces` drops
chrome ("اقرأ أيضاً" lines and the links after them, bylines, comment sections, lines matching a
site's patterns) and turns bold-only paragraphs into level-3 headings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from translate_cli.document import Block
from translate_cli.ingest.extract.page import clean_author, clean_space
from translate_cli.text.normalize import word_key

if TYPE_CHECKING:
    from lxml.html import HtmlElement


@dataclass
class Piece:
    """A block before clean-up, with what the markup said about it."""

    kind: str  # "heading", "paragraph", "list_item" or "caption"
    text: str
    level: int = 0
    bold: bool = False  # every letter sits inside <b>/<strong>
    link: bool = False  # every letter sits inside <a>


_BR = None  # a <br> mark among the text parts


@dataclass
class _Run:
    """Inline content being collected: text parts with bold/link flags, and <br> marks."""

    parts: list[tuple[str | None, bool, bool]] = field(default_factory=list)

    def add(self, text: str | None, bold: bool, link: bool) -> None:
        if text:
            self.parts.append((text, bold, link))

    def br(self) -> None:
        self.parts.append((_BR, False, False))

    def pieces(self) -> Iterator[Piece]:
        """Paragraphs of this run; two or more <br> in a row separate paragraphs, one is a space."""
        para: list[tuple[str, bool, bool]] = []
        breaks = 0
        for text, bold, link in self.parts:
            if text is _BR:
                breaks += 1
                continue
            assert text is not None
            if breaks and text.strip():
                if breaks >= 2:
                    yield from _piece(para)
                    para = []
                else:
                    para.append((" ", bold, link))
                breaks = 0
            para.append((text, bold, link))
        yield from _piece(para)
        self.parts = []


def _piece(parts: list[tuple[str, bool, bool]]) -> Iterator[Piece]:
    text = clean_space("".join(t for t, _, _ in parts))
    if not text:
        return
    letters = [(b, ln) for t, b, ln in parts if t.strip()]
    yield Piece(
        "paragraph",
        text,
        bold=all(b for b, _ in letters),
        link=all(ln for _, ln in letters),
    )


HEADINGS = {"h1": 2, "h2": 2, "h3": 3, "h4": 3, "h5": 3, "h6": 3}
_SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "button",
        "form",
        "input",
        "select",
        "textarea",
        "label",
        "iframe",
        "object",
        "embed",
        "video",
        "audio",
        "canvas",
        "img",
        "picture",
        "source",
        "nav",
        "aside",
        "footer",
        "header",
        "menu",
        "dialog",
    ]
)
_BLOCK = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "blockquote",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "li",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "pre",
        "center",
        "address",
        "details",
        "summary",
        "hgroup",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
    ]
)
_BOLD = frozenset({"b", "strong"})


def _tag(el: HtmlElement) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def html_pieces(root: HtmlElement) -> list[Piece]:
    """Flatten an article body into pieces in reading order (headings, paragraphs, list items, rows)."""
    out: list[Piece] = []
    run = _Run()
    _children(root, run, out, False, False)
    out.extend(run.pieces())
    return out


def _children(el: HtmlElement, run: _Run, out: list[Piece], bold: bool, link: bool) -> None:
    run.add(el.text, bold, link)
    for child in el:
        # Comments, scripts, images, captions: their content goes, the text after them stays.
        _node(child, run, out, bold, link)
        run.add(child.tail, bold, link)


def _node(el: HtmlElement, run: _Run, out: list[Piece], bold: bool, link: bool) -> None:
    tag = _tag(el)
    if not tag or tag in _SKIP:
        return
    if tag == "br":
        run.br()
    elif tag == "figure":
        # An image with its caption: the image goes, the caption is kept as a caption.
        out.extend(run.pieces())
        for cap in el.iter("figcaption"):
            _caption(cap, out)
    elif tag == "figcaption" or (tag in ("div", "p", "span") and _is_caption(el)):
        out.extend(run.pieces())
        _caption(el, out)
    elif tag == "li":
        out.extend(run.pieces())
        inner: list[Piece] = []
        sub = _Run()
        _children(el, sub, inner, bold, link)
        inner.extend(sub.pieces())
        parent = el.getparent()
        ordered = parent is not None and _tag(parent) == "ol"
        for piece in inner:
            if piece.kind == "paragraph":
                piece.kind, piece.level = "list_item", 1 if ordered else 0
            out.append(piece)
    elif tag in HEADINGS:
        out.extend(run.pieces())
        text = clean_space(el.text_content())
        if text:
            out.append(Piece("heading", text, HEADINGS[tag]))
    elif tag == "tr":
        out.extend(run.pieces())
        cells = [clean_space(c.text_content()) for c in el if _tag(c) in ("td", "th")]
        text = " | ".join(c for c in cells if c)
        if text:
            out.append(Piece("paragraph", text))
    elif tag in _BLOCK:
        out.extend(run.pieces())
        _children(el, run, out, bold, link)
        out.extend(run.pieces())
    else:
        _children(el, run, out, bold or tag in _BOLD, link or tag == "a")


def _is_caption(el: HtmlElement) -> bool:
    """A box the page marks as an image caption (``class="image-caption"``, ``wp-caption-text``)."""
    return "caption" in (el.get("class") or "").lower()


def _caption(el: HtmlElement, out: list[Piece]) -> None:
    text = clean_space(el.text_content())
    if text:
        out.append(Piece("caption", text))


# Trafilatura's XML: <head rend="h2">, <p>, <list><item>, <table><row><cell>, <quote>, <hi rend="#b">,
# <lb/>, <ref>.
_TEI_HEAD = {"h1": 2, "h2": 2, "h3": 3, "h4": 3, "h5": 3, "h6": 3}


def tei_pieces(
    body: HtmlElement,
    link_texts: frozenset[str] = frozenset(),
    bold_texts: frozenset[str] = frozenset(),
) -> list[Piece]:
    """Flatten trafilatura's XML body into pieces; each <lb/> starts a new paragraph.

    Trafilatura's links and formatting options garble the text around links and bold runs, so
    neither is asked for: a piece is link text (or bold-only) when the page has a link (or a
    block that is one bold run) saying exactly the same.
    """
    out: list[Piece] = []
    _tei_container(body, out)
    for piece in out:
        piece.link = piece.link or piece.text in link_texts
        piece.bold = piece.bold or piece.text in bold_texts
    return out


def _tei_container(el: HtmlElement, out: list[Piece]) -> None:
    """Blocks inside ``el``; loose text between them (trafilatura leaves some) is a paragraph too."""
    if clean_space(el.text):
        out.append(Piece("paragraph", clean_space(el.text)))
    for child in el:
        _tei_block(child, out)
        if clean_space(child.tail):
            out.append(Piece("paragraph", clean_space(child.tail)))


def _tei_block(el: HtmlElement, out: list[Piece]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "head":
        text = clean_space("".join(el.itertext()))
        if text:
            out.append(Piece("heading", text, _TEI_HEAD.get(el.get("rend") or "", 3)))
    elif tag == "list":
        items: list[Piece] = []
        _tei_container(el, items)
        ordered = (el.get("rend") or "").lower().startswith("ol")
        for piece in items:
            if piece.kind == "paragraph":
                piece.kind, piece.level = "list_item", 1 if ordered else 0
        out.extend(items)
    elif tag in ("quote", "div"):
        _tei_container(el, out)
    elif tag == "table":
        for row in el.iter("row"):
            cells = [clean_space("".join(c.itertext())) for c in row if c.tag == "cell"]
            text = " | ".join(c for c in cells if c)
            if text:
                out.append(Piece("paragraph", text))
    elif tag in ("p", "item", "code"):
        if tag == "item" and any(c.tag == "list" for c in el):
            # A nested list: the item's own text, then the sub-items.
            run = _Run()
            _tei_inline(el, run, False, False, skip_lists=True)
            out.extend(run.pieces())
            for sub in el.iter("list"):
                for child in sub:
                    _tei_block(child, out)
            return
        run = _Run()
        _tei_inline(el, run, False, False)
        for piece in run.pieces():
            out.append(piece)
    elif tag == "graphic":
        return


def _tei_inline(
    el: HtmlElement, run: _Run, bold: bool, link: bool, skip_lists: bool = False
) -> None:
    rend = el.get("rend") or ""
    bold = bold or (el.tag == "hi" and "#b" in rend)
    link = link or el.tag == "ref"
    run.add(el.text, bold, link)
    for child in el:
        if child.tag == "lb":
            # <br> and <br><br> both arrive as one <lb/>: treat each as a paragraph break.
            run.br()
            run.br()
        elif not (skip_lists and child.tag == "list"):
            _tei_inline(child, run, bold, link)
        run.add(child.tail, bold, link)


# --- clean-up -----------------------------------------------------------------------------------

READ_ALSO = re.compile(
    r"^[\s«\"'“(\[•·▪►◄*-]*(?:اقرأ|إقرأ|اقرا|إقرا|أقرأ|شاهد|طالع|انظر)\s*"
    r"(?:أيضاً|أيضا|أيضًا|ايضا|ايضاً|أيضآ|كذلك|المزيد)"
    r"|^(?:مواضيع|مقالات|أخبار|مواد) ذات صلة\s*:?|^ذات صلة\s*:"
    r"|^(?:read (?:also|more)|see also)\b|^related(?: articles?| stories| posts| coverage| reading)?\s*:",
    re.IGNORECASE,
)
COMMENTS_HEADING = re.compile(
    # A comments label alone (maybe with a count), or a count-led title ("3 تعليقات على ...").
    r"^(?:التعليقات|تعليقات القراء|تعليقات الزوار|تعليق واحد|أضف تعليق[اًا]?|اترك تعليق[اًا]?|"
    r"اترك رد[اًا]?|شارك برأيك|comments?|leave a (?:comment|reply)|add a comment|join the discussion)"
    r"\s*[:(]?\s*\d*\s*\)?$"
    r"|^(?:\d+ (?:تعليق(?:ات|ان)?|comments?|responses?|replies)|تعليقان)\b",
    re.IGNORECASE,
)
BYLINE = re.compile(
    r"^(?:بقلم|بواسطة|إعداد|اعداد)(?:\s*[:：\-–—]\s*|\s+)\S|^(?:كتب|كتبت)\s*[:：\-–—]\s*\S",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!…]$")
_HAS_WORD = re.compile(r"\w")


def strip_read_also(text: str) -> str:
    """What is left of a line after its "اقرأ أيضاً" label (empty when it was only the label)."""
    m = READ_ALSO.match(text)
    return text[m.end() :] if m else text


def is_bold_heading(piece: Piece) -> bool:
    """A paragraph that is one short bold run reads as a subheading."""
    return (
        piece.kind == "paragraph"
        and piece.bold
        and len(piece.text) <= 150
        and not _SENTENCE_END.search(piece.text)
    )


@dataclass
class Cleaned:
    blocks: list[Block]
    author: str | None = None


def clean_pieces(
    pieces: Iterable[Piece],
    title: str | None,
    drop_patterns: Iterable[re.Pattern[str]] = (),
    bylines: bool = True,
) -> Cleaned:
    """Drop chrome and turn bold-only paragraphs into headings; see the module docstring."""
    patterns = list(drop_patterns)
    norm_title = _norm(title or "")
    blocks: list[Block] = []
    promoted: set[int] = set()  # ids of blocks that were bold paragraphs
    author: str | None = None
    after_label = False  # just saw an "اقرأ أيضاً" label: the link-only lines after it go too
    for index, piece in enumerate(pieces):
        text = piece.text
        if not _HAS_WORD.search(text):
            continue
        if READ_ALSO.match(text):
            after_label = not _HAS_WORD.search(strip_read_also(text)) or piece.link
            continue
        if after_label and piece.link:
            continue
        after_label = False
        if any(p.search(text) for p in patterns):
            continue
        if norm_title and _norm(text) == norm_title and (piece.kind == "heading" or not blocks):
            continue
        if piece.kind == "heading" and COMMENTS_HEADING.match(text):
            break
        if bylines and author is None and len(blocks) < 3 and index < 6 and _byline(text):
            author = clean_author(text)
            continue
        if piece.kind == "heading":
            blocks.append(Block("heading", text, level=piece.level or 3))
        elif piece.kind in ("list_item", "caption"):
            blocks.append(Block(piece.kind, text, level=piece.level))  # type: ignore[arg-type]
        elif is_bold_heading(piece):
            blocks.append(Block("heading", text, level=3))
            promoted.add(id(blocks[-1]))
        else:
            blocks.append(Block("paragraph", text))
    while blocks and blocks[-1].kind == "heading" and id(blocks[-1]) not in promoted:
        # A heading with nothing under it ends the article: it labels a box that was dropped.
        blocks.pop()
    return Cleaned(blocks, author)


def _byline(text: str) -> bool:
    return bool(BYLINE.match(text)) and len(text.split()) <= 7


def _norm(text: str) -> str:
    return word_key(text)
