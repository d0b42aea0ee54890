"""Plain-text and Markdown articles (.txt, .md): translators save pages that refuse scripts.

The first non-empty line is the title (a leading ``# `` is dropped); blank lines separate
paragraphs; ``## x`` and ``### x`` lines are headings of level 2 and 3.
"""

from __future__ import annotations

import re

from translate_cli.document import Block, ExtractedArticle
from translate_cli.errors import ExtractionError
from translate_cli.ingest.extract.page import clean_space, guess_lang

EXTRACTOR = "text"
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LINE_END = re.compile(r"[.!…،,؛;]\W*$")  # a line ending so is a sentence's, not a heading's
_SENTENCE_END = re.compile(r"[.!?؟…]")
HEADING_LINE_WORDS = 8


def _heading_line(first: str, rest: list[str]) -> bool:
    """Whether the first line of a paragraph is a subheading above it, not a wrapped line.

    A subheading is a short line (``HEADING_LINE_WORDS`` words at most) without a full stop or
    comma at its end, clearly shorter than the longest line after it (a hard-wrapped
    paragraph's first line is as long as its longest), followed by a line that ends a sentence
    somewhere below.
    """
    first = first.strip()
    if len(first.split()) > HEADING_LINE_WORDS or _LINE_END.search(first):
        return False
    if first[:1] == "و":
        return False  # "وطالب الأهالي" goes on: a heading rarely starts with "and"
    if not rest:
        return False
    longest = max(len(line.strip()) for line in rest)
    return len(first) < 0.6 * longest and _SENTENCE_END.search(" ".join(rest)) is not None


def extract(text: str, name: str | None = None) -> ExtractedArticle:
    """Split ``text`` into a title and blocks; raise ExtractionError when nothing is left."""
    lines = text.lstrip("\ufeff").splitlines()
    title = ""
    rest = 0
    for index, line in enumerate(lines):
        if line.strip():
            m = _HEADING.match(line.strip())
            title = clean_space(m[2] if m else line)
            rest = index + 1
            break
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if len(para) > 1 and _heading_line(para[0], para[1:]):
            blocks.append(Block("heading", clean_space(para[0]), level=3))
            del para[0]
        joined = clean_space(" ".join(para))
        if joined:
            blocks.append(Block("paragraph", joined))
        para.clear()

    for line in lines[rest:]:
        stripped = line.strip()
        m = _HEADING.match(stripped)
        if m:
            flush()
            heading = clean_space(m[2])
            if heading:
                blocks.append(Block("heading", heading, level=2 if len(m[1]) <= 2 else 3))
        elif not stripped:
            flush()
        else:
            para.append(stripped)
    flush()
    if not title or not any(b.kind == "paragraph" for b in blocks):
        where = name or "The text"
        raise ExtractionError(
            f"{where} has no article text: write the title on the first line and the paragraphs "
            "below it, separated by blank lines."
        )
    return ExtractedArticle(
        title=title,
        blocks=blocks,
        lang=guess_lang(" ".join(b.text for b in blocks[:20])),
        extractor=EXTRACTOR,
    )
