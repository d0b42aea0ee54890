"""The extracted article: what every extractor returns and the store saves."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# list_item: one item of a list (level 1 in a numbered list, 0 in a bulleted one; consecutive
# items form one list); caption: the caption of an image in the article body.
BlockKind = Literal["title", "heading", "paragraph", "list_item", "caption"]


@dataclass
class Block:
    """One block of the article body, its text exactly as the page has it (whitespace tidied)."""

    kind: BlockKind
    text: str
    level: int = 0  # 2 or 3 for headings; 1 for an item of a numbered list; 0 otherwise


@dataclass
class ExtractedArticle:
    """An article as extracted from a page or file, before segmentation."""

    title: str
    blocks: list[Block]
    url: str | None = None
    canonical_url: str | None = None
    site: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601, or None when the page gives no readable date
    updated: str | None = None
    lang: str | None = None
    extractor: str = ""
    raw: bytes | None = field(default=None, repr=False)  # the page as fetched, for provenance
    content_type: str | None = None
