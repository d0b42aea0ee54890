"""The lookup keys stored with an article: its URLs in normal form and its syria.tv node.

Stored at save time (and by migration m004 for older rows) in indexed columns, so that finding
an article by any spelling of its address is one indexed query.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from translate_cli.urls import SHORT_LINK_SITES, site_of, syria_node, url_key

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
    URL, or the page itself (:func:`page_node`)."""
    node = next((n for n in (syria_node(u) for u in (canonical_url, url) if u) if n), None)
    if node is None and raw:
        site = next((site_of(u) for u in (canonical_url, url) if u and site_of(u)), None)
        node = page_node(raw, url, site)
    return ArticleKeys(
        url_key(url) if url else None, url_key(canonical_url) if canonical_url else None, node
    )


# Drupal also names the node in its settings script.
_SETTINGS_NODE = re.compile(rb'"currentPath":\s*"node/(\d{1,12})"')


def page_node(raw: bytes, base_url: str | None = None, site: str | None = None) -> int | None:
    """The syria.tv node number a page names: its ``rel=shortlink`` link, else (for a page of a
    short-link ``site``) Drupal's ``currentPath`` setting; None when it names none."""
    head = raw[:_HEAD_BYTES]
    if b"shortlink" in head:
        for tag in _LINK_TAG.findall(head):
            if b"shortlink" not in tag.lower():
                continue
            href = _HREF.search(tag)
            if not href:
                continue
            link = href.group(1).decode("utf-8", "replace")
            if link.startswith("/") and base_url and "://" in base_url:
                link = base_url.split("/", 3)[2] + link  # a relative link: the page's host
            node = syria_node(link)
            if node:
                return node
    if site in SHORT_LINK_SITES:
        match = _SETTINGS_NODE.search(head)
        if match:
            return int(match.group(1))
    return None
