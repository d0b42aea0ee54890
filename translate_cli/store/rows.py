"""The rows the store hands out, typed, and the one JSON shape of a segment.

A segment's ``id`` is its number within its article (the Nth segment of a freshly fetched article
is N), which is what every command, listing, export and JSON shows. The global primary key stays
inside the store as ``pk`` (history and the memory index refer to it); nothing prints it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, TypedDict


class ArticleRow(TypedDict):
    id: int
    url: str | None  # what the user fetched (URL or file path)
    canonical_url: str | None
    site: str | None
    title: str | None
    author: str | None
    published: str | None
    updated: str | None
    lang: str | None
    extractor: str | None
    fetched_at: str | None
    created_at: str | None
    raw_sha256: str | None
    author_en: str | None
    see_also: str | None  # JSON list of URLs
    date_format: str | None
    position: int | None  # number of the segment where review left off
    url_key: str | None  # urls.url_key(url), for lookup by any spelling
    canonical_key: str | None
    node: int | None  # syria.tv node number, for short links
    source_url: str | None  # the public address "Translated from:" cites (meta --source-url)
    source_style: str | None  # "full" or "short" (www.syria.tv/NNNN)


class ArticleSummary(ArticleRow):
    """An article with its progress, as ``list`` shows it."""

    counts: dict[str, int]  # live segments per status
    segments: int
    words: int  # source words of the live segments
    words_done: dict[str, int]  # source words per status


class SegmentRow(TypedDict):
    id: int  # the number within the article
    pk: int  # the global key: internal, never shown
    article_id: int
    block: int
    idx: int  # position in the article (0-based)
    source: str
    target: str | None
    status: str
    note: str | None
    flag: str | None  # 'new' or 'changed' after a re-fetch, until confirmed
    origin: str | None  # JSON: where a pre-filled target came from
    removed: int
    created_at: str | None
    updated_at: str | None
    kind: str  # the block's kind: title, heading or paragraph
    level: int


class HistoryRow(TypedDict):
    id: int
    segment_id: int  # the segment's number within the article
    article_id: int
    at: str
    action: str
    who: str | None
    old_source: str | None
    new_source: str | None
    old_target: str | None
    new_target: str | None
    old_status: str | None
    new_status: str | None
    old_note: str | None
    new_note: str | None
    batch: str | None  # rows written by one command share it (undo reverts them together)
    undoes: int | None  # the history row an undo reverted


def parse_origin(value: str | None) -> Any:
    """The stored origin JSON as data; ``None`` when absent, the text itself when not JSON."""
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return value


def segment_json(
    seg: Mapping[str, Any], *, terms: Iterable[Any] | None = None, **extra: Any
) -> dict[str, Any]:
    """A segment as every command prints it in JSON.

    ``terms`` (glossary hits with ``to_json()``, or plain dicts) are added when the command
    finds them; ``extra`` keys (``suggestions``, ``filled``…) go after the segment's own.
    """
    out: dict[str, Any] = {
        "id": seg["id"],
        "article": seg["article_id"],
        "index": seg["idx"],
        "block": seg["block"],
        "kind": seg.get("kind") or "paragraph",
        "status": seg["status"],
        "source": seg["source"],
        "target": seg.get("target"),
        "note": seg.get("note"),
        "flag": seg.get("flag"),
        "origin": parse_origin(seg.get("origin")),
        "updated_at": seg.get("updated_at"),
    }
    if terms is not None:
        out["terms"] = [t.to_json() if hasattr(t, "to_json") else dict(t) for t in terms]
    out.update(extra)
    return out


ARTICLE_KEYS = (
    "id",
    "url",
    "canonical_url",
    "site",
    "title",
    "author",
    "published",
    "updated",
    "fetched_at",
)


def article_json(article: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
    """An article as every command prints it in JSON: its identity and source metadata, then
    the ``extra`` keys the command adds (progress, segments, what a fetch changed...)."""
    out: dict[str, Any] = {key: article.get(key) for key in ARTICLE_KEYS}
    out.update(extra)
    return out


# Words as the store counts them in SQL (segments hold single-spaced text): runs between spaces.
WORDS_SQL = (
    "(case when trim(coalesce({col}, '')) = '' then 0 else length(trim({col})) "
    "- length(replace(trim({col}), ' ', '')) + 1 end)"
)


def word_count(text: str | None) -> int:
    """Words in ``text``: runs between spaces, as :data:`WORDS_SQL` counts single-spaced text."""
    return len(text.split()) if text else 0


def progress_json(counts: Mapping[str, int], words: Mapping[str, int]) -> dict[str, Any]:
    """Progress by segments and by source words: totals, how many are done (translated or
    further), and the done share of the words in percent."""
    from translate_cli.status import DONE_STATUSES

    total_words = sum(words.values())
    done_words = sum(words.get(s, 0) for s in DONE_STATUSES)
    return {
        "segments": sum(counts.values()),
        "segments_done": sum(counts.get(s, 0) for s in DONE_STATUSES),
        "words": total_words,
        "words_done": done_words,
        "percent": round(100 * done_words / total_words) if total_words else 0,
    }
