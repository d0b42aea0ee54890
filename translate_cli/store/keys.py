"""The lookup keys stored with an article: its URLs in normal form and its syria.tv node.

Stored at save time (and by migration m004 for older rows) in indexed columns, so that finding
an article by any spelling of its address is one indexed query.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from translate_cli.urls import syria_node, url_key

_LINK_TAG = re.compile(rb"<link\b[^>]*>", re.IGNORECASE)
_HREF = re.compile(rb"""href\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
# A page's <head> is well within this; the shortlink is never further down.
_HEAD_BYTES = 65_536


class ArticleKeys(NamedTuple):
    url_key: str | None
    canonical_key: str | None
    node: int | None


def article_keys(url: str | None, canonical_url: str | None, raw: bytes | None) -> ArticleKeys:
    """The keys of an article fetched from ``url``: the node comes from its URL, its canonical
    URL, or the page's ``<link rel="shortlink" href=".../node/N">``."""
    node = next((n for n in (syria_node(u) for u in (canonical_url, url) if u) if n), None)
    if node is None and raw:
        node = shortlink_node(raw, url)
    return ArticleKeys(
        url_key(url) if url else None, url_key(canonical_url) if canonical_url else None, node
    )


def shortlink_node(raw: bytes, base_url: str | None = None) -> int | None:
    """The syria.tv node number in a page's ``rel=shortlink`` link, if it has one."""
    head = raw[:_HEAD_BYTES]
    if b"shortlink" not in head:
        return None
    for tag in _LINK_TAG.findall(head):
        if b"shortlink" not in tag.lower():
            continue
        href = _HREF.search(tag)
        if not href:
            continue
        link = href.group(1).decode("utf-8", "replace")
        if link.startswith("/") and base_url and "://" in base_url:
            link = base_url.split("/", 3)[2] + link  # a relative link: the page's host
        return syria_node(link)
    return None
