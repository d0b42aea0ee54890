"""The one way to open and change the database: articles, blocks, segments and their history.

Every change to a segment is one committed transaction with one history row, so a crash loses
at most what the translator is typing. Writes take the lock up front (BEGIN IMMEDIATE) and wait
on a busy timeout, so several processes can share one database without "database is locked".
"""

from __future__ import annotations

import difflib
import gzip
import hashlib
import sqlite3
import sys
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from translate_cli.document import ExtractedArticle
from translate_cli.errors import InputError, NotFoundError, StoreError
from translate_cli.status import STATUSES, check_status
from translate_cli.store.keys import article_keys
from translate_cli.store.rows import (
    WORDS_SQL,
    ArticleRow,
    ArticleSummary,
    HistoryRow,
    SegmentRow,
)


def _import_sqlite_utils_without_numpy() -> None:
    # sqlite-utils imports numpy whenever it is installed, only to store numpy values, which we
    # never do; that costs every command 50-120 ms of start-up. Hide numpy while it loads.
    if "sqlite_utils" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]
    try:
        import sqlite_utils  # noqa: F401
    finally:
        del sys.modules["numpy"]


_import_sqlite_utils_without_numpy()

from sqlite_utils import Database  # noqa: E402

from translate_cli.store.migrations import migrations  # noqa: E402

BUSY_TIMEOUT_MS = 30_000
# A segment row with its block's kind; _segment_rows() makes ``id`` the number within the
# article and ``pk`` the global key.
_SEGMENT = (
    "select s.*, coalesce(b.kind, 'paragraph') as kind, "
    "coalesce(b.level, 0) as level from segments s "
    "left join blocks b on b.article_id = s.article_id and b.idx = s.block"
)
# A number a user typed: ASCII digits within SQLite's integer range.
_MAX_DIGITS = 18


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


def now_iso() -> str:
    """The current UTC time, ISO 8601 with seconds precision."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class SaveResult:
    """What saving a fetched article did."""

    article_id: int
    created: bool
    # Segment numbers within the article.
    added: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    unchanged: int = 0


class Store:
    """An open translate-cli database, migrated to the current schema."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        # History rows written together share a batch id, so undo reverts them together:
        # one transaction's rows by default, or everything inside batch().
        self._batch: str | None = None
        self._batch_open = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"Cannot create the database folder {self.path.parent}: {exc.strerror}. "
                "Choose another place with --db or TRANSLATE_CLI_DB."
            ) from exc
        try:
            conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # No sqlite-utils plugins: the store registers no SQL functions from them, and loading
            # them scans every installed package's entry points (~10 ms per command).
            self.db = Database(conn, execute_plugins=False)
            # Before anything is written (even the journal mode): a newer schema is refused.
            _refuse_newer(self.db, self.path)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            if migrations.pending(self.db):
                with self.write():
                    _refuse_newer(self.db, self.path)  # another process may have migrated
                    migrations.apply(self.db)
        except sqlite3.DatabaseError as exc:
            raise StoreError(_describe_db_error(self.path, exc)) from exc
        self._who: str | None = None

    @property
    def who(self) -> str:
        """Who history rows name: config ``reviewer``, else TRANSLATE_CLI_REVIEWER, else the
        OS user name."""
        if self._who is None:
            self._who = default_who()
        return self._who

    @who.setter
    def who(self, value: str) -> None:
        self._who = value

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[Database]:
        """A write transaction that takes the write lock at once, nesting as a savepoint."""
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield self.db
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise StoreError(_describe_db_error(self.path, exc)) from exc
        if not self._batch_open:
            self._batch = None
        try:
            yield self.db
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(_describe_db_error(self.path, exc)) from exc

    @contextmanager
    def batch(self) -> Iterator[str]:
        """Give the history rows written inside one batch id, yielded (one command's changes,
        a confirm and the drafts it propagated), so that undo reverts them together."""
        if self._batch_open and self._batch is not None:
            yield self._batch
            return
        self._batch_open, self._batch = True, uuid.uuid4().hex[:16]
        try:
            yield self._batch
        finally:
            self._batch_open, self._batch = False, None

    # ---- reading ---------------------------------------------------------------------------

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        try:
            return list(self.db.query(sql, params))
        except sqlite3.DatabaseError as exc:
            raise StoreError(_describe_db_error(self.path, exc)) from exc

    def resolve_article(self, ref: str | int) -> ArticleRow:
        """Find an article by id, its URL or canonical URL in any spelling (percent-encoded or
        Arabic, with or without ``www.``, trailing slash or query), a syria.tv short link or
        node number URL, or the path of a saved page it was fetched from."""
        from translate_cli.urls import syria_node, url_key

        text = str(ref).strip()
        rows: list[dict[str, Any]] = []
        if text.isascii() and text.isdigit() and len(text) <= _MAX_DIGITS:
            rows = self.query("select * from articles where id = ?", [int(text)])
        elif text:
            node = syria_node(text)
            if node is not None:
                rows = self.query(
                    "select * from articles where node = ? order by id desc limit 1", [node]
                )
            if not rows:
                keys = [text, url_key(text)]
                if "://" not in text and "/" in text and "." in text.split("/", 1)[0]:
                    keys.append(url_key("https://" + text))  # www.site/path, typed bare
                if "://" not in text and _is_file(text):
                    keys.append(str(Path(text).expanduser().resolve()))  # a saved page's path
                rows = self._by_keys(keys)
        if not rows:
            raise NotFoundError(
                f"No article {text!r} in {self.path}: run 'translate-cli list' to see the articles."
            )
        return cast(ArticleRow, rows[0])

    def _by_keys(self, keys: Sequence[str]) -> list[dict[str, Any]]:
        keys = list(dict.fromkeys(k for k in keys if k))
        if not keys:
            return []
        marks = ",".join("?" for _ in keys)
        # Raw url/canonical_url too: rows written by plain SQL have no key.
        return self.query(
            f"select * from articles where url_key in ({marks}) or canonical_key in ({marks}) "
            f"or url in ({marks}) or canonical_url in ({marks}) order by id desc limit 1",
            [*keys, *keys, *keys, *keys],
        )

    def articles(self, limit: int | None = None) -> list[ArticleSummary]:
        """Articles, the latest fetched first (the latest ``limit`` when given), with segment
        and source word counts per status."""
        sql = "select * from articles order by id desc"
        rows = self.query(sql + (f" limit {int(limit)}" if limit is not None else ""))
        if not rows:
            return []
        ids = [row["id"] for row in rows]
        where = "" if limit is None else f"and article_id in ({','.join('?' * len(ids))})"
        counts = self.query(
            f"select article_id, status, count(*) as n, sum({WORDS_SQL.format(col='source')}) "
            f"as w from segments where removed = 0 {where} group by article_id, status",
            [] if limit is None else ids,
        )
        by_article: dict[int, dict[str, tuple[int, int]]] = {}
        for row in counts:
            by_article.setdefault(row["article_id"], {})[row["status"]] = (row["n"], row["w"])
        for row in rows:
            per = by_article.get(row["id"], {})
            row["counts"] = {s: per.get(s, (0, 0))[0] for s in STATUSES}
            row["words_done"] = {s: per.get(s, (0, 0))[1] for s in STATUSES}
            row["segments"] = sum(n for n, _ in per.values())
            row["words"] = sum(w for _, w in per.values())
        return cast(list[ArticleSummary], rows)

    def count_articles(self) -> int:
        return int(self.query("select count(*) as n from articles")[0]["n"])

    def blocks(self, article_id: int) -> list[dict[str, Any]]:
        return self.query("select * from blocks where article_id = ? order by idx", [article_id])

    def segments(self, article_id: int, include_removed: bool = False) -> list[SegmentRow]:
        """The article's segments in article order, each with its block's ``kind``; removed
        ones (with ``include_removed``) after the live ones."""
        where = "" if include_removed else "and s.removed = 0"
        return self._segment_rows(
            f"{_SEGMENT} where s.article_id = ? {where} order by s.removed, s.idx", [article_id]
        )

    def _segment_rows(self, sql: str, params: Sequence[Any]) -> list[SegmentRow]:
        rows = self.query(sql, params)
        for row in rows:
            row["pk"], row["id"] = row["id"], row["num"]
        return cast(list[SegmentRow], rows)

    def segment(self, article_id: int, ref: int | str) -> SegmentRow:
        """Segment number ``ref`` of an article, or a one-line :class:`NotFoundError`."""
        text = str(ref).strip()
        if not (text.isascii() and text.isdigit() and len(text) <= _MAX_DIGITS):
            raise InputError(
                f"Segment {text!r} is not a segment id: ids are the numbers 'show' prints."
            )
        rows = self._segment_rows(
            f"{_SEGMENT} where s.article_id = ? and s.num = ?", [article_id, int(text)]
        )
        if not rows:
            raise NotFoundError(
                f"Article {article_id} has no segment {int(text)}: run 'translate-cli show "
                f"{article_id}' to see its segment ids."
            )
        return cast(SegmentRow, rows[0])

    def segment_by_pk(self, pk: int) -> SegmentRow | None:
        """A segment by its global key (what history and the memory index hold)."""
        rows = self._segment_rows(f"{_SEGMENT} where s.id = ?", [pk])
        return cast(SegmentRow, rows[0]) if rows else None

    def segments_by_pk(self, keys: Sequence[int]) -> list[SegmentRow]:
        """Segments by their global keys (at most a few hundred at a time), in any order."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        return self._segment_rows(f"{_SEGMENT} where s.id in ({marks})", list(keys))

    def history(self, article_id: int, segment_id: int | None = None) -> list[HistoryRow]:
        """The article's history, oldest first; ``segment_id`` is a segment number."""
        sql = (
            "select h.*, s.num as _num from history h join segments s on s.id = h.segment_id "
            "where h.article_id = ?"
        )
        params: list[Any] = [article_id]
        if segment_id is not None:
            sql += " and s.num = ?"
            params.append(segment_id)
        rows = self.query(sql + " order by h.id", params)
        for row in rows:
            row["segment_id"] = row.pop("_num")  # the number users know, not the global key
        return cast(list[HistoryRow], rows)

    # ---- changing segments -----------------------------------------------------------------

    def update_segment(
        self,
        article_id: int,
        segment_id: int | str,
        *,
        target: str | None = UNSET,
        status: str | None = None,
        note: str | None = UNSET,
        action: str = "set",
        origin: str | None = UNSET,
        who: str | None = None,
        undoes: int | None = None,
    ) -> SegmentRow:
        """Change a segment's target, status and/or note: one transaction, one history row.

        ``segment_id`` is the segment's number; ``who`` (default: :attr:`who`) is recorded in
        history, e.g. the engine for a machine draft; ``undoes`` names the history row an undo
        reverts. A call that changes nothing writes nothing. Confirming a flagged segment
        clears its flag.
        """
        if status is not None:
            check_status(status)
        with self.write():
            seg = self.segment(article_id, segment_id)
            changes: dict[str, Any] = {}
            if target is not UNSET and target != seg["target"]:
                changes["target"] = target
            if status is not None and status != seg["status"]:
                changes["status"] = status
            if note is not UNSET and (note or None) != seg["note"]:
                changes["note"] = note or None
            if origin is not UNSET:
                changes["origin"] = origin
            elif "target" in changes and seg.get("origin"):
                # New text from a person: whatever made the old text, this one is theirs.
                changes["origin"] = None
            if status is not None and seg["flag"]:
                changes["flag"] = None
            if not changes:
                return seg
            self._record(seg, action, changes, who, undoes)
            changes["updated_at"] = now_iso()
            self.db.table("segments").update(seg["pk"], changes)
            return self.segment(article_id, seg["id"])

    def _record(
        self,
        seg: Any,
        action: str,
        changes: dict[str, Any],
        who: str | None = None,
        undoes: int | None = None,
    ) -> None:
        """Append the history row for ``changes`` about to be applied to ``seg``."""
        row: dict[str, Any] = {
            "segment_id": seg["pk"],
            "article_id": seg["article_id"],
            "at": now_iso(),
            "action": action,
        }
        for name in ("source", "target", "status", "note"):
            if name in changes:
                row[f"old_{name}"] = seg.get(name)
                row[f"new_{name}"] = changes[name]
        if len(row) == 4 and "flag" not in changes:
            return
        row["who"] = who or self.who
        if self._batch is None:
            self._batch = uuid.uuid4().hex[:16]
        row["batch"] = self._batch
        if undoes is not None:
            row["undoes"] = undoes  # the history row this one reverts
        self.db.table("history").insert(row)

    def set_position(self, article_id: int, segment_id: int) -> None:
        """Remember segment number ``segment_id`` as where review left off."""
        with self.write():
            self.db.table("articles").update(article_id, {"position": segment_id})

    def update_article(self, article_id: int, fields: dict[str, Any]) -> ArticleRow:
        fields = dict(fields)
        from translate_cli.urls import url_key

        for name, key in (("url", "url_key"), ("canonical_url", "canonical_key")):
            if name in fields:
                fields[key] = url_key(fields[name]) if fields[name] else None
        with self.write():
            self.db.table("articles").update(article_id, fields)
        return self.resolve_article(article_id)

    # ---- saving fetched articles -----------------------------------------------------------

    def find_existing(self, doc: ExtractedArticle) -> ArticleRow | None:
        """The stored article ``doc`` is a new fetch of, matched by any spelling of its URL or
        canonical URL, or by its syria.tv node."""
        keys = article_keys(doc.url, doc.canonical_url, doc.raw)
        rows: list[dict[str, Any]] = []
        if keys.node is not None:
            rows = self.query(
                "select * from articles where node = ? order by id desc limit 1", [keys.node]
            )
        if not rows:
            rows = self._by_keys(
                [k for k in (doc.canonical_url, doc.url, keys.canonical_key, keys.url_key) if k]
            )
        return cast(ArticleRow, rows[0]) if rows else None

    def save_article(self, doc: ExtractedArticle, segmented: Sequence[Sequence[str]]) -> SaveResult:
        """Insert ``doc`` (title block first, then its blocks) or update the stored copy in place.

        ``segmented[i]`` holds the sentence segments of block ``i``, where block 0 is the title.
        On a re-fetch, unchanged segments keep their id, target and status; changed ones keep
        their target (as a draft to re-check) and are flagged; vanished ones are marked removed,
        never deleted.
        """
        blocks = [("title", 0, doc.title), *((b.kind, b.level, b.text) for b in doc.blocks)]
        if len(segmented) != len(blocks):
            raise ValueError("segmented must have one entry per block, the title first")
        stamp = now_iso()
        article_fields: dict[str, Any] = {
            "url": doc.url,
            "canonical_url": doc.canonical_url,
            "site": doc.site,
            "title": doc.title,
            "author": doc.author,
            "published": doc.published,
            "updated": doc.updated,
            "lang": doc.lang,
            "extractor": doc.extractor,
            "fetched_at": stamp,
        }
        sha = hashlib.sha256(doc.raw).hexdigest() if doc.raw is not None else None
        article_fields["raw_sha256"] = sha
        keys = article_keys(doc.url, doc.canonical_url, doc.raw)
        article_fields.update(keys._asdict())
        new_segments = [(bi, source) for bi, sources in enumerate(segmented) for source in sources]
        with self.write():
            existing = self.find_existing(doc)
            if existing is None:
                article_fields["created_at"] = stamp
                article_id = int(self.db.table("articles").insert(article_fields).last_pk or 0)
                result = SaveResult(article_id, created=True)
            else:
                article_id = existing["id"]
                self.db.table("articles").update(article_id, article_fields)
                result = SaveResult(article_id, created=False)
            if doc.raw is not None and not self.query(
                "select 1 from pages where article_id = ? and sha256 = ?", [article_id, sha]
            ):
                self.db.table("pages").insert(
                    {
                        "article_id": article_id,
                        "fetched_at": stamp,
                        "url": doc.url,
                        "content_type": doc.content_type,
                        "sha256": sha,
                        "raw_gzip": gzip.compress(doc.raw),
                    }
                )
            self.db.execute("delete from blocks where article_id = ?", [article_id])
            self.db.table("blocks").insert_all(
                {"article_id": article_id, "idx": i, "kind": kind, "level": level, "source": text}
                for i, (kind, level, text) in enumerate(blocks)
            )
            if existing is None:
                self.db.table("segments").insert_all(
                    _segment_row(article_id, bi, idx, idx + 1, source, stamp, None)
                    for idx, (bi, source) in enumerate(new_segments)
                )
                result.added = list(range(1, len(new_segments) + 1))
            else:
                self._merge_segments(article_id, new_segments, stamp, result)
        return result

    def _merge_segments(
        self,
        article_id: int,
        new_segments: list[tuple[int, str]],
        stamp: str,
        result: SaveResult,
    ) -> None:
        old = self._segment_rows(
            "select * from segments where article_id = ? and removed = 0 order by idx",
            [article_id],
        )
        # New segments take the next free numbers: removed ones keep theirs.
        next_num = 1 + int(
            self.query(
                "select coalesce(max(num), 0) as n from segments where article_id = ?",
                [article_id],
            )[0]["n"]
        )
        matcher = difflib.SequenceMatcher(
            a=[s["source"] for s in old], b=[src for _, src in new_segments], autojunk=False
        )
        for op, a0, a1, b0, b1 in matcher.get_opcodes():
            if op == "equal":
                for k in range(a1 - a0):
                    seg = old[a0 + k]
                    block, _ = new_segments[b0 + k]
                    self.db.table("segments").update(seg["pk"], {"block": block, "idx": b0 + k})
                    result.unchanged += 1
                continue
            paired = min(a1 - a0, b1 - b0) if op == "replace" else 0
            for k in range(paired):
                seg = old[a0 + k]
                block, source = new_segments[b0 + k]
                changes: dict[str, Any] = {"source": source}
                if seg["target"]:
                    # The old translation stays as a starting point but must be checked again.
                    if seg["status"] != "draft":
                        changes["status"] = "draft"
                elif seg["status"] != "new":
                    changes["status"] = "new"
                self._record(seg, "fetch", changes)
                changes.update(block=block, idx=b0 + k, flag="changed", updated_at=stamp)
                self.db.table("segments").update(seg["pk"], changes)
                result.changed.append(seg["id"])
            for k in range(a0 + paired, a1):
                seg = old[k]
                self.db.table("segments").update(seg["pk"], {"removed": 1, "updated_at": stamp})
                result.removed.append(seg["id"])
            for k in range(b0 + paired, b1):
                block, source = new_segments[k]
                self.db.table("segments").insert(
                    _segment_row(article_id, block, k, next_num, source, stamp, "new")
                )
                result.added.append(next_num)
                next_num += 1


def _segment_row(
    article_id: int, block: int, idx: int, num: int, source: str, stamp: str, flag: str | None
) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "block": block,
        "idx": idx,
        "num": num,
        "source": source,
        "status": "new",
        "flag": flag,
        "removed": 0,
        "created_at": stamp,
        "updated_at": stamp,
    }


def _is_file(text: str) -> bool:
    try:
        return Path(text).expanduser().exists()
    except (OSError, ValueError):
        return False


def default_who() -> str:
    """The name history records: config ``reviewer``, else TRANSLATE_CLI_REVIEWER, else the
    OS user name (``unknown`` when there is none)."""
    import getpass
    import os

    from translate_cli import config

    name = config.get("reviewer") or os.environ.get("TRANSLATE_CLI_REVIEWER", "").strip()
    if name:
        return str(name)
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "unknown"


def _refuse_newer(db: Database, path: Path) -> None:
    """Refuse a database recording a migration this version does not know (read-only check)."""
    table = migrations.migrations_table
    if not db.execute(
        "select 1 from sqlite_master where type = 'table' and name = ?", [table]
    ).fetchone():
        return
    known = {m.name for m in migrations._migrations}
    unknown = [
        row[0]
        for row in db.execute(
            f"select name from [{table}] where migration_set = ? order by rowid", [migrations.name]
        )
        if row[0] not in known
    ]
    if unknown:
        raise StoreError(
            f"{path} was written by a newer translate-cli (it has migration {unknown[0]!r}, "
            "which this version does not know): upgrade translate-cli to open it."
        )


def _describe_db_error(path: Path, exc: sqlite3.DatabaseError) -> str:
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return (
            f"{path} is not a translate-cli database or is damaged ({text}): "
            "point --db at another file, or restore it from a backup."
        )
    if "readonly" in text or "unable to open" in text or "disk I/O" in text:
        return (
            f"Cannot write the database {path} ({text}): check its permissions "
            "or choose another place with --db or TRANSLATE_CLI_DB."
        )
    if "locked" in text or "busy" in text:
        return f"The database {path} stayed locked by another process ({text}): try again."
    return f"Database error in {path}: {text}."
