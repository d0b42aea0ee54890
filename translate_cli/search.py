"""Search every article's source and target text: FTS5 over the matching form.

The index ``search_fts`` (migration m006) holds each segment's source and target in the one
matching form (:func:`translate_cli.text.normalize.match_key`: Arabic without harakat, alef and
yeh forms folded, digits unified, Latin case-folded) with the trigram tokenizer, so ``دمشق``
finds ``بدمشقَ`` and ``ceasefire`` finds ``Ceasefires``. Triggers queue changed segments in
``search_dirty``; every search first brings those rows up to date, so any writer keeps search
current without knowing about it. Snippets are cut from the original text, with the matched
spans mapped back through the normaliser's offset map.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from translate_cli.errors import InputError
from translate_cli.status import check_status
from translate_cli.store import Store
from translate_cli.store.rows import SegmentRow
from translate_cli.text.normalize import match_key, normalize_mapped, original_span

DEFAULT_LIMIT = 20
MAX_LIMIT = 10_000
_CHUNK = 500
# Context kept around the first match in a snippet, in characters of the original text.
_BEFORE, _AFTER = 50, 90
_TERM = re.compile(r'"([^"]*)"|(\S+)')


@dataclass
class Snippet:
    """A window of one field (``source`` or ``target``) with the matched spans in it."""

    field: str
    text: str
    highlights: list[tuple[int, int]]

    def to_json(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "text": self.text,
            "highlights": [list(span) for span in self.highlights],
        }


@dataclass
class Hit:
    segment: SegmentRow
    title: str
    snippets: list[Snippet] = field(default_factory=list)


def sync(store: Store) -> int:
    """Bring the index up to date with the queued segments; returns how many were indexed."""
    if not store.query("select 1 from search_dirty limit 1"):
        return 0
    done = 0
    with store.write() as db:
        keys = [row[0] for row in db.execute("select id from search_dirty")]
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            db.execute(f"delete from search_fts where rowid in ({marks})", chunk)
            rows = db.execute(
                f"select id, source, target from segments where id in ({marks})", chunk
            ).fetchall()
            db.conn.executemany(
                "insert into search_fts (rowid, source, target) values (?, ?, ?)",
                [(pk, match_key(src or ""), match_key(tgt or "")) for pk, src, tgt in rows],
            )
            done += len(rows)
        db.execute("delete from search_dirty")
    return done


def terms(text: str) -> list[str]:
    """The query's terms in matching form: words, or "quoted phrases" kept whole."""
    out = []
    for quoted, word in _TERM.findall(text):
        key = match_key(quoted or word)
        if key:
            out.append(key)
    return list(dict.fromkeys(out))


def search(
    store: Store, text: str, *, status: str | None = None, limit: int = DEFAULT_LIMIT
) -> list[Hit]:
    """Segments of any article whose source or target holds every term of ``text``, the
    latest first (by article, then in article order), at most ``limit``."""
    if status is not None:
        check_status(status)
    wanted = terms(text)
    if not wanted:
        raise InputError("Give some text to search for, e.g. translate-cli search 'دمشق'.")
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"--limit must be between 1 and {MAX_LIMIT}, not {limit}.")
    sync(store)
    # Trigrams need three characters; shorter terms are matched with LIKE on the index rows.
    long_terms = [t for t in wanted if len(t) >= 3]
    where, params = ["s.removed = 0"], []
    if long_terms:
        where.append("search_fts match ?")
        params.append(" AND ".join(_fts_string(t) for t in long_terms))
    for short in (t for t in wanted if len(t) < 3):
        like = "%" + short.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append("(f.source like ? escape '\\' or f.target like ? escape '\\')")
        params += [like, like]
    if status is not None:
        where.append("s.status = ?")
        params.append(status)
    rows = store.query(
        "select f.rowid as pk from search_fts f join segments s on s.id = f.rowid "
        f"where {' and '.join(where)} order by f.rowid desc limit ?",
        [*params, limit],
    )
    segments = _segments(store, [row["pk"] for row in rows])
    titles = _titles(store, {seg["article_id"] for seg in segments})
    segments.sort(key=lambda s: (-s["article_id"], s["idx"]))
    return [
        Hit(seg, titles.get(seg["article_id"], ""), list(_snippets(seg, wanted)))
        for seg in segments
    ]


def _fts_string(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _segments(store: Store, keys: Sequence[int]) -> list[SegmentRow]:
    out: list[SegmentRow] = []
    for start in range(0, len(keys), _CHUNK):
        chunk = list(keys[start : start + _CHUNK])
        out += store.segments_by_pk(chunk)
    return out


def _titles(store: Store, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = store.query(f"select id, title from articles where id in ({marks})", sorted(ids))
    return {row["id"]: row["title"] or "" for row in rows}


def _snippets(seg: SegmentRow, wanted: Sequence[str]) -> Iterator[Snippet]:
    for name in ("source", "target"):
        text = (seg["source"] if name == "source" else seg["target"]) or ""
        spans = highlights(text, wanted)
        if spans:
            yield _window(name, text, spans)


def highlights(text: str, wanted: Sequence[str]) -> list[tuple[int, int]]:
    """Spans of ``text`` (original characters, harakat included) matching any term."""
    if not text:
        return []
    norm, offsets = normalize_mapped(text)
    spans = []
    for term in wanted:
        start = norm.find(term)
        while start != -1:
            spans.append(original_span(text, offsets, start, start + len(term)))
            start = norm.find(term, start + len(term))
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _window(name: str, text: str, spans: list[tuple[int, int]]) -> Snippet:
    """The part of ``text`` around its first match, cut at spaces, with ``…`` where cut."""
    first = spans[0][0]
    start = max(0, first - _BEFORE)
    end = min(len(text), max(spans[0][1], first) + _AFTER)
    if start > 0:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", spans[0][1], end)
        end = space if space != -1 else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    kept = [(max(s, start) + shift, min(e, end) + shift) for s, e in spans if s < end and e > start]
    return Snippet(name, prefix + text[start:end] + suffix, kept)
