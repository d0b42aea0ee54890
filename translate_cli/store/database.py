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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from translate_cli.document import ExtractedArticle
from translate_cli.errors import InputError, NotFoundError, StoreError
from translate_cli.status import STATUSES, check_status


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
    added: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    unchanged: int = 0


class Store:
    """An open translate-cli database, migrated to the current schema."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
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
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            self.db = Database(conn)
            if migrations.pending(self.db):
                with self.write():
                    migrations.apply(self.db)
        except sqlite3.DatabaseError as exc:
            raise StoreError(_describe_db_error(self.path, exc)) from exc

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

    # ---- reading ---------------------------------------------------------------------------

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        try:
            return list(self.db.query(sql, params))
        except sqlite3.DatabaseError as exc:
            raise StoreError(_describe_db_error(self.path, exc)) from exc

    def resolve_article(self, ref: str | int) -> dict[str, Any]:
        """Find an article by id, URL or canonical URL."""
        text = str(ref).strip()
        rows: list[dict[str, Any]] = []
        if text.isdigit():
            rows = self.query("select * from articles where id = ?", [int(text)])
        if not rows:
            keys = [text]
            if not text.startswith(("http://", "https://")) and Path(text).expanduser().exists():
                keys.append(str(Path(text).expanduser().resolve()))  # a saved page fetched by path
            marks = ",".join("?" for _ in keys)
            rows = self.query(
                f"select * from articles where url in ({marks}) or canonical_url in ({marks}) "
                "order by id desc",
                [*keys, *keys],
            )
        if not rows:
            raise NotFoundError(
                f"No article {text!r} in {self.path}: run 'translate-cli list' to see the articles."
            )
        return rows[0]

    def articles(self) -> list[dict[str, Any]]:
        """Every article with its per-status segment counts."""
        rows = self.query("select * from articles order by id")
        counts = self.query(
            "select article_id, status, count(*) as n from segments where removed = 0 "
            "group by article_id, status"
        )
        by_article: dict[int, dict[str, int]] = {}
        for row in counts:
            by_article.setdefault(row["article_id"], {})[row["status"]] = row["n"]
        for row in rows:
            per = by_article.get(row["id"], {})
            row["counts"] = {s: per.get(s, 0) for s in STATUSES}
            row["segments"] = sum(per.values())
        return rows

    def blocks(self, article_id: int) -> list[dict[str, Any]]:
        return self.query("select * from blocks where article_id = ? order by idx", [article_id])

    def segments(self, article_id: int, include_removed: bool = False) -> list[dict[str, Any]]:
        """The article's segments in source order, each with its block's ``kind``."""
        where = "" if include_removed else "and s.removed = 0"
        return self.query(
            "select s.*, coalesce(b.kind, 'paragraph') as kind, coalesce(b.level, 0) as level "
            "from segments s left join blocks b on b.article_id = s.article_id and b.idx = s.block "
            f"where s.article_id = ? {where} order by s.removed, s.idx",
            [article_id],
        )

    def segment(self, article_id: int, segment_id: int | str) -> dict[str, Any]:
        """One segment of an article by its id, or a one-line :class:`NotFoundError`."""
        text = str(segment_id).strip()
        if not text.isdigit():
            raise InputError(
                f"Segment {text!r} is not a segment id: ids are the numbers 'show' prints."
            )
        rows = self.query(
            "select s.*, coalesce(b.kind, 'paragraph') as kind from segments s "
            "left join blocks b on b.article_id = s.article_id and b.idx = s.block "
            "where s.id = ? and s.article_id = ?",
            [int(text), article_id],
        )
        if not rows:
            raise NotFoundError(
                f"Article {article_id} has no segment {text}: run 'translate-cli show {article_id}' "
                "to see its segment ids."
            )
        return rows[0]

    def history(self, article_id: int, segment_id: int | None = None) -> list[dict[str, Any]]:
        if segment_id is None:
            return self.query(
                "select * from history where article_id = ? order by id", [article_id]
            )
        return self.query(
            "select * from history where article_id = ? and segment_id = ? order by id",
            [article_id, segment_id],
        )

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
    ) -> dict[str, Any]:
        """Change a segment's target, status and/or note: one transaction, one history row.

        A call that changes nothing writes nothing. Confirming a flagged segment clears its flag.
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
            if status is not None and seg["flag"]:
                changes["flag"] = None
            if not changes:
                return seg
            self._record(seg, action, changes)
            changes["updated_at"] = now_iso()
            self.db.table("segments").update(seg["id"], changes)
            return self.segment(article_id, seg["id"])

    def _record(self, seg: dict[str, Any], action: str, changes: dict[str, Any]) -> None:
        """Append the history row for ``changes`` about to be applied to ``seg``."""
        row: dict[str, Any] = {
            "segment_id": seg["id"],
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
        self.db.table("history").insert(row)

    def set_position(self, article_id: int, segment_id: int) -> None:
        with self.write():
            self.db.table("articles").update(article_id, {"position": segment_id})

    def update_article(self, article_id: int, fields: dict[str, Any]) -> dict[str, Any]:
        with self.write():
            self.db.table("articles").update(article_id, fields)
        return self.resolve_article(article_id)

    # ---- saving fetched articles -----------------------------------------------------------

    def find_existing(self, doc: ExtractedArticle) -> dict[str, Any] | None:
        """The stored article ``doc`` is a new fetch of, matched by URL or canonical URL."""
        keys = [k for k in (doc.canonical_url, doc.url) if k]
        if not keys:
            return None
        marks = ",".join("?" for _ in keys)
        rows = self.query(
            f"select * from articles where url in ({marks}) or canonical_url in ({marks}) "
            "order by id desc limit 1",
            [*keys, *keys],
        )
        return rows[0] if rows else None

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
                for idx, (bi, source) in enumerate(new_segments):
                    result.added.append(
                        self._insert_segment(article_id, bi, idx, source, stamp, None)
                    )
            else:
                self._merge_segments(article_id, new_segments, stamp, result)
        return result

    def _insert_segment(
        self, article_id: int, block: int, idx: int, source: str, stamp: str, flag: str | None
    ) -> int:
        row = {
            "article_id": article_id,
            "block": block,
            "idx": idx,
            "source": source,
            "status": "new",
            "flag": flag,
            "removed": 0,
            "created_at": stamp,
            "updated_at": stamp,
        }
        return int(self.db.table("segments").insert(row).last_pk or 0)

    def _merge_segments(
        self,
        article_id: int,
        new_segments: list[tuple[int, str]],
        stamp: str,
        result: SaveResult,
    ) -> None:
        old = self.query(
            "select * from segments where article_id = ? and removed = 0 order by idx", [article_id]
        )
        matcher = difflib.SequenceMatcher(
            a=[s["source"] for s in old], b=[src for _, src in new_segments], autojunk=False
        )
        for op, a0, a1, b0, b1 in matcher.get_opcodes():
            if op == "equal":
                for k in range(a1 - a0):
                    seg = old[a0 + k]
                    block, _ = new_segments[b0 + k]
                    self.db.table("segments").update(seg["id"], {"block": block, "idx": b0 + k})
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
                self.db.table("segments").update(seg["id"], changes)
                result.changed.append(seg["id"])
            for k in range(a0 + paired, a1):
                seg = old[k]
                self.db.table("segments").update(seg["id"], {"removed": 1, "updated_at": stamp})
                result.removed.append(seg["id"])
            for k in range(b0 + paired, b1):
                block, source = new_segments[k]
                result.added.append(
                    self._insert_segment(article_id, block, k, source, stamp, "new")
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
