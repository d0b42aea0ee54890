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


@migrations(name="m003_machine_translation")
def m003_machine_translation(db: Database) -> None:
    # Machine-translation cache: one row per segment draft, keyed by a hash of everything that
    # shapes the reply (engine, model, settings, prompt version, source, glossary terms, context),
    # so a rerun sends nothing it has sent before.
    db.execute(
        "CREATE TABLE mt_cache (key TEXT PRIMARY KEY, engine TEXT NOT NULL, model TEXT, "
        "source TEXT NOT NULL, target TEXT NOT NULL, created_at TEXT NOT NULL)"
    )
    # Engine-side resources worth keeping between runs, e.g. a DeepL glossary id per term set.
    db.execute(
        "CREATE TABLE mt_resources (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
        "created_at TEXT NOT NULL)"
    )


@migrations(name="m004_segment_numbers")
def m004_segment_numbers(db: Database) -> None:
    import contextlib
    import gzip
    import zlib

    from translate_cli.store.keys import article_keys

    # Segment N of an article is its Nth segment when first fetched; a re-fetch gives new
    # segments the next free number. Existing rows are numbered in article order, removed
    # segments after the live ones.
    db.execute("ALTER TABLE segments ADD COLUMN num INTEGER")
    db.execute(
        "UPDATE segments SET num = r.n FROM (SELECT id, row_number() OVER "
        "(PARTITION BY article_id ORDER BY removed, idx, id) AS n FROM segments) AS r "
        "WHERE r.id = segments.id"
    )
    db.execute("CREATE UNIQUE INDEX segments_article_num ON segments (article_id, num)")
    # A row inserted without a number (plain SQL, an older tool) takes the next free one.
    db.execute(
        "CREATE TRIGGER segments_number AFTER INSERT ON segments WHEN new.num IS NULL BEGIN "
        "UPDATE segments SET num = (SELECT coalesce(max(num), 0) + 1 FROM segments "
        "WHERE article_id = new.article_id) WHERE id = new.id; END"
    )
    # The review position was a global segment id; it is now the segment's number.
    db.execute(
        "UPDATE articles SET position = (SELECT s.num FROM segments s WHERE s.id = "
        "articles.position AND s.article_id = articles.id) WHERE position IS NOT NULL"
    )
    # Any spelling of an article's URL (percent-encoded, www., trailing slash, query) finds it
    # through one indexed key; syria.tv short links through the node number.
    db.execute("ALTER TABLE articles ADD COLUMN url_key TEXT")
    db.execute("ALTER TABLE articles ADD COLUMN canonical_key TEXT")
    db.execute("ALTER TABLE articles ADD COLUMN node INTEGER")
    rows = db.execute("SELECT id, url, canonical_url FROM articles").fetchall()
    for article_id, url, canonical in rows:
        # The page as last fetched, for its shortlink (/node/N).
        page = db.execute(
            "SELECT raw_gzip FROM pages WHERE article_id = ? ORDER BY id DESC LIMIT 1",
            [article_id],
        ).fetchone()
        raw = None
        if page and page[0]:
            with contextlib.suppress(OSError, EOFError, zlib.error):
                raw = gzip.decompress(page[0])
        keys = article_keys(url, canonical, raw)
        db.execute(
            "UPDATE articles SET url_key = ?, canonical_key = ?, node = ? WHERE id = ?",
            [*keys, article_id],
        )
    db.execute("CREATE INDEX articles_url_key ON articles (url_key)")
    db.execute("CREATE INDEX articles_canonical_key ON articles (canonical_key)")
    db.execute("CREATE INDEX articles_node ON articles (node)")


@migrations(name="m005_history_who")
def m005_history_who(db: Database) -> None:
    # Who made each change: the reviewer's name, or the engine for machine drafts.
    db.execute("ALTER TABLE history ADD COLUMN who TEXT")


@migrations(name="m006_search")
def m006_search(db: Database) -> None:
    # Full-text search over every segment's source and target in their matching form
    # (normalize(): Arabic without harakat, alef forms folded, Latin case-folded). Trigrams
    # find a word inside a longer one (دمشق in بدمشق). Keyed by the segment's primary key.
    db.execute("CREATE VIRTUAL TABLE search_fts USING fts5(source, target, tokenize='trigram')")
    # The matching form is Python code, so triggers queue changed segments and the next
    # search brings the index up to date: any writer, plain SQL included, keeps it current.
    db.execute("CREATE TABLE search_dirty (id INTEGER PRIMARY KEY)")
    for event, ref in (
        ("INSERT", "new.id"),
        ("UPDATE OF source, target", "new.id"),
        ("DELETE", "old.id"),
    ):
        name = event.split()[0].lower()
        db.execute(
            f"CREATE TRIGGER search_segments_{name} AFTER {event} ON segments "
            f"BEGIN INSERT OR IGNORE INTO search_dirty (id) VALUES ({ref}); END"
        )
    db.execute("INSERT INTO search_dirty (id) SELECT id FROM segments")


@migrations(name="m007_history_batch")
def m007_history_batch(db: Database) -> None:
    # Rows written by one command (a `status all`, an import, a confirm and the drafts it
    # propagated) share a batch, so `undo` reverts them together; an undo row names the row
    # it reverted, so a second undo walks further back instead of undoing the undo.
    db.execute("ALTER TABLE history ADD COLUMN batch TEXT")
    db.execute("ALTER TABLE history ADD COLUMN undoes INTEGER")
    db.execute("CREATE INDEX history_batch ON history (batch)")
    db.execute("CREATE INDEX history_undoes ON history (undoes)")


@migrations(name="m008_source_credit")
def m008_source_credit(db: Database) -> None:
    # The public address "Translated from:" credits when the fetched one is a local file or
    # not the one to cite (`meta --source-url`), and how the credit shows it (`--source-style`:
    # "full" or "short", www.syria.tv/NNNN).
    db.execute("ALTER TABLE articles ADD COLUMN source_url TEXT")
    db.execute("ALTER TABLE articles ADD COLUMN source_style TEXT")
