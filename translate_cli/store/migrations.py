"""Schema changes, one named atomic migration per change. Never edit an applied migration: add one."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("translate_cli")


@migrations(name="m001_initial")
def m001_initial(db: Database) -> None:
    db.table("articles").create(
        {
            "id": int,
            "url": str,  # what the user fetched (URL or file path)
            "canonical_url": str,
            "site": str,
            "title": str,
            "author": str,  # byline as the source page gives it
            "published": str,  # ISO 8601
            "updated": str,
            "lang": str,
            "extractor": str,
            "fetched_at": str,
            "created_at": str,
            "raw_sha256": str,
            # Fields the translator sets for the English edition.
            "author_en": str,
            "see_also": str,  # JSON list of URLs
            "date_format": str,
            "position": int,  # segment id where review left off
        },
        pk="id",
    )
    db.table("articles").create_index(["url"])
    db.table("articles").create_index(["canonical_url"])
    db.table("pages").create(
        {
            "id": int,
            "article_id": int,
            "fetched_at": str,
            "url": str,
            "content_type": str,
            "sha256": str,
            "raw_gzip": bytes,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("blocks").create(
        {"article_id": int, "idx": int, "kind": str, "level": int, "source": str},
        pk=("article_id", "idx"),
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("segments").create(
        {
            "id": int,
            "article_id": int,
            "block": int,  # idx of its block
            "idx": int,  # order in the article
            "source": str,
            "target": str,
            "status": str,
            "note": str,
            "flag": str,  # 'new' or 'changed' after a re-fetch, until the translator confirms
            "origin": str,  # where a pre-filled target came from (JSON), e.g. translation memory
            "removed": int,  # 1 when a re-fetch no longer has it; kept with its translation
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        defaults={"status": "new", "removed": 0},
        not_null={"article_id", "source", "status"},
    )
    db.table("segments").create_index(["article_id", "idx"])
    db.table("history").create(
        {
            "id": int,
            "segment_id": int,
            "article_id": int,
            "at": str,
            "action": str,
            "old_source": str,
            "new_source": str,
            "old_target": str,
            "new_target": str,
            "old_status": str,
            "new_status": str,
            "old_note": str,
            "new_note": str,
        },
        pk="id",
        foreign_keys=[("segment_id", "segments", "id"), ("article_id", "articles", "id")],
    )
    db.table("history").create_index(["segment_id"])
    db.table("history").create_index(["article_id"])
    # History is append-only: the database itself refuses to rewrite the trail.
    db.execute(
        "CREATE TRIGGER history_no_update BEFORE UPDATE ON history "
        "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER history_no_delete BEFORE DELETE ON history "
        "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END"
    )


@migrations(name="m002_translation_memory")
def m002_translation_memory(db: Database) -> None:
    import sqlite3

    if sqlite3.sqlite_version_info < (3, 34):
        from translate_cli.errors import StoreError

        raise StoreError(
            f"Translation memory needs SQLite 3.34 or newer (FTS5 trigrams); this Python has "
            f"{sqlite3.sqlite_version}: use a Python built with a newer SQLite."
        )
    # Units imported from TMX files; translated segments are memory without being copied here.
    db.execute(
        "CREATE TABLE tm_units (id INTEGER PRIMARY KEY, source TEXT NOT NULL, "
        "target TEXT NOT NULL, srclang TEXT, tgtlang TEXT, note TEXT, file TEXT, "
        "created TEXT, imported_at TEXT)"
    )
    db.execute("CREATE UNIQUE INDEX tm_units_pair ON tm_units (source, target)")
    # The lookup index: one row per memory unit, keyed by segment id (> 0) or -unit id (< 0),
    # holding the normalised source. Python keeps it current (normalisation is Python code).
    db.execute("CREATE TABLE tm_index (id INTEGER PRIMARY KEY, norm TEXT NOT NULL)")
    db.execute("CREATE INDEX tm_index_norm ON tm_index (norm)")
    db.execute(
        "CREATE VIRTUAL TABLE tm_fts USING fts5(norm, content='tm_index', "
        "content_rowid='id', tokenize='trigram')"
    )
    # Document frequency of each trigram, to query FTS with the rarest trigrams only.
    db.execute("CREATE TABLE tm_grams (gram TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID")
    db.execute("CREATE TABLE tm_meta (key TEXT PRIMARY KEY, value TEXT)")
    # Keys whose index rows must be recomputed; filled by triggers so that every writer,
    # including plain SQL, keeps the memory current. The next lookup drains it.
    db.execute("CREATE TABLE tm_dirty (id INTEGER PRIMARY KEY)")
    for event, ref in (
        ("INSERT", "new.id"),
        ("UPDATE OF source, target, status", "new.id"),
        ("DELETE", "old.id"),
    ):
        name = event.split()[0].lower()
        db.execute(
            f"CREATE TRIGGER tm_segments_{name} AFTER {event} ON segments "
            f"BEGIN INSERT OR IGNORE INTO tm_dirty (id) VALUES ({ref}); END"
        )
        db.execute(
            f"CREATE TRIGGER tm_units_{name} AFTER {event.split()[0]} ON tm_units "
            f"BEGIN INSERT OR IGNORE INTO tm_dirty (id) VALUES (-{ref}); END"
        )
