"""The schema: a blank database migrates fully; a database at any earlier migration upgrades."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from translate_cli.store import Store
from translate_cli.store.migrations import migrations


def test_blank_database_migrates(db_path: Path) -> None:
    with Store(db_path) as store:
        tables = set(store.db.table_names())
        assert {"articles", "blocks", "segments", "history", "pages"} <= tables
        assert migrations.pending(store.db) == []
        mode = store.db.execute("pragma journal_mode").fetchone()[0]
        assert mode == "wal"


@pytest.mark.parametrize("stop_index", range(1, len(migrations._migrations)))
def test_upgrade_from_earlier_schema_keeps_data(db_path: Path, stop_index: int) -> None:
    stop = migrations._migrations[stop_index].name
    db = Database(db_path)
    migrations.apply(db, stop_before=stop)
    db["articles"].insert({"id": 7, "url": "https://www.syria.tv/a", "title": "عنوان"})
    db["segments"].insert(
        {"id": 3, "article_id": 7, "block": 0, "idx": 0, "source": "عنوان", "status": "new"}
    )
    db.conn.commit()
    db.conn.close()
    with Store(db_path) as store:
        assert migrations.pending(store.db) == []
        assert store.segment(7, 3)["source"] == "عنوان"


def test_history_is_append_only(db_path: Path) -> None:
    with Store(db_path) as store:
        store.db["articles"].insert({"id": 1, "url": "u", "title": "t"})
        store.db["segments"].insert(
            {"id": 1, "article_id": 1, "block": 0, "idx": 0, "source": "س", "status": "new"}
        )
        store.db.conn.commit()
        store.update_segment(1, 1, target="T", status="draft")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            store.db.execute("update history set new_target = 'x'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            store.db.execute("delete from history")


def test_update_segment_writes_one_history_row_and_skips_noops(db_path: Path) -> None:
    with Store(db_path) as store:
        store.db["articles"].insert({"id": 1, "url": "u", "title": "t"})
        store.db["segments"].insert(
            {"id": 5, "article_id": 1, "block": 0, "idx": 0, "source": "س", "status": "new"}
        )
        store.db.conn.commit()
        store.update_segment(1, 5, target="First", status="draft")
        store.update_segment(1, 5, target="First", status="draft")  # nothing changes
        store.update_segment(1, 5, target="Second")
        trail = store.history(1, 5)
        assert [(h["old_target"], h["new_target"]) for h in trail] == [
            (None, "First"),
            ("First", "Second"),
        ]
        assert trail[0]["old_status"] == "new" and trail[0]["new_status"] == "draft"
        assert trail[1]["old_status"] is None  # status untouched in that change
    # Committed: a second connection sees it.
    assert sqlite3.connect(db_path).execute(
        "select target from segments where id = 5"
    ).fetchone() == ("Second",)
