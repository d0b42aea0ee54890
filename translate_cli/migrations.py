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
