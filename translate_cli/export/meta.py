"""The English edition's own metadata: byline, date format, the "Translated from:" credit and
the See-also links, checked here before they are stored (they end up in published files).

``meta`` on the command line only parses options, calls :func:`update_meta` and renders
:func:`meta_json`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from translate_cli.errors import InputError
from translate_cli.store import Store
from translate_cli.store.rows import ArticleRow
from translate_cli.urls import check_http_url

SOURCE_STYLES = ("full", "short")


def check_date_format(value: str) -> str:
    """``value`` if it is a strftime format that shows a date, else a one-line InputError."""
    from datetime import datetime

    sample = datetime(2024, 12, 1, 9, 5)
    try:
        shown = sample.strftime(value)
    except ValueError:
        shown = value
    if "%" not in value or shown == value:
        raise InputError(
            f"Date format {value!r} has no date in it: use strftime codes, e.g. '%m/%d/%Y' "
            "(12/01/2024) or '%d %B %Y' (01 December 2024)."
        )
    return value


def update_meta(
    store: Store,
    ref: str | int,
    *,
    author: str | None = None,
    see_also: Sequence[str] | None = None,
    clear_see_also: bool = False,
    date_format: str | None = None,
    source_url: str | None = None,
    source_style: str | None = None,
) -> ArticleRow:
    """Set the article's English metadata and return the article; ``None`` options leave a
    column alone.

    An empty ``author`` or ``source_url`` goes back to the source's own; ``see_also`` replaces
    the list (duplicates dropped) and ``clear_see_also`` empties it. Everything is checked
    before anything is written: bad input raises :class:`InputError` and leaves the article as
    it was. Without options the article is returned unchanged.
    """
    article = store.resolve_article(ref)
    fields: dict[str, Any] = {}
    if author is not None:
        fields["author_en"] = " ".join(author.split()) or None
    if see_also and clear_see_also:
        raise InputError("Give --see-also or --clear-see-also, not both.")
    if see_also:
        urls = list(dict.fromkeys(check_http_url(u, "See-also link") for u in see_also))
        fields["see_also"] = json.dumps(urls, ensure_ascii=False)
    if clear_see_also:
        fields["see_also"] = None
    if date_format is not None:
        fields["date_format"] = check_date_format(date_format)
    if source_url is not None:
        fields["source_url"] = (
            check_http_url(source_url, "Source URL") if source_url.strip() else None
        )
    if source_style is not None:
        style = source_style.strip().lower()
        if style not in SOURCE_STYLES:
            raise InputError(f"Unknown source style {source_style!r}: use full or short.")
        fields["source_style"] = None if style == "full" else style
    if not fields:
        return article
    return store.update_article(article["id"], fields)


def meta_json(article: Mapping[str, Any]) -> dict[str, Any]:
    """The metadata as ``meta --json`` prints it, with the date and credit as exported."""
    from translate_cli.export.base import (
        DEFAULT_DATE_FORMAT,
        ExportDocument,
        decode_urls,
        format_date,
        node_number,
    )

    found = node_number(article)
    extra = {"node_site": found[0], "node": found[1]} if found else {}
    doc = ExportDocument(article={**article, **extra}, blocks=[])
    return {
        "id": article["id"],
        "author": article["author"],
        "author_en": article["author_en"],
        "published": article["published"],
        "date_format": article["date_format"] or DEFAULT_DATE_FORMAT,
        "date": format_date(article["published"], article["date_format"]),
        "see_also": decode_urls(article["see_also"]),
        "source_url": article.get("source_url"),
        "source_style": article.get("source_style") or "full",
        "node": found[1] if found else None,
        "translated_from": doc.source_url,
        "translated_from_shown": doc.source_text,
    }


def short_credit_notice(info: Mapping[str, Any]) -> str | None:
    """Advice (to follow "Note: ") when the short credit style is chosen but no node number is
    known for the credited address."""
    if info["source_style"] == "short" and not info["node"]:
        return (
            "no syria.tv node number is known for the credited address, so the credit "
            "shows the full URL."
        )
    return None
