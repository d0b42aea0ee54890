"""The schema: a blank database migrates fully; a database at any earlier migration upgrades;
one written by a newer translate-cli is refused with nothing written."""

from __future__ import annotations

import gzip
import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from translate_cli.errors import StoreError
from translate_cli.store import Store
from translate_cli.store.migrations import migrations

NAMES = [m.name for m in migrations._migrations]


def test_blank_database_migrates(db_path: Path) -> None:
    with Store(db_path) as store:
        tables = set(store.db.table_names())
        assert {"articles", "blocks", "segments", "history", "pages", "search_fts"} <= tables
        assert migrations.pending(store.db) == []
        mode = store.db.execute("pragma journal_mode").fetchone()[0]
        assert mode == "wal"
        assert {"num"} <= set(store.db["segments"].columns_dict)
        assert {"url_key", "canonical_key", "node"} <= set(store.db["articles"].columns_dict)
        assert "who" in store.db["history"].columns_dict
    # Ours run in order, after whatever came before them.
    ours = ["m004_segment_numbers", "m005_history_who", "m006_search"]
    assert [NAMES.index(n) for n in ours] == sorted(NAMES.index(n) for n in ours)


@pytest.mark.parametrize("stop_index", range(1, len(NAMES)))
def test_upgrade_from_earlier_schema_keeps_data(db_path: Path, stop_index: int) -> None:
    db = Database(db_path)
    migrations.apply(db, stop_before=NAMES[stop_index])
    db["articles"].insert({"id": 7, "url": "https://www.syria.tv/a", "title": "عنوان"})
    # Global ids out of article order: numbers follow the article.
    for pk, idx, source in ((8, 0, "عنوان"), (3, 1, "جملة أولى.")):
        db["segments"].insert(
            {"id": pk, "article_id": 7, "block": idx, "idx": idx, "source": source, "status": "new"}
        )
    db.conn.commit()
    db.conn.close()
    with Store(db_path) as store:
        assert migrations.pending(store.db) == []
        assert [(s["id"], s["source"]) for s in store.segments(7)] == [
            (1, "عنوان"),
            (2, "جملة أولى."),
        ]
        assert store.segment(7, 2)["pk"] == 3
        assert store.resolve_article("https://www.syria.tv/a")["id"] == 7


def test_segment_numbers_migration_numbers_old_articles_in_article_order(db_path: Path) -> None:
    db = Database(db_path)
    migrations.apply(db, stop_before="m004_segment_numbers")
    url = "https://www.syria.tv/%D8%AD%D9%84%D8%A8"  # /حلب, percent-encoded
    db["articles"].insert({"id": 1, "url": url, "title": "حلب", "position": 40})
    db["articles"].insert({"id": 2, "url": "https://www.syria.tv/b", "title": "ب"})
    rows = [
        # article 1 after a re-fetch: 41 was added later between 20 and 30; 25 was removed.
        (20, 1, 0, "أ", 0),
        (25, 1, 1, "محذوف", 1),
        (30, 1, 2, "ج", 0),
        (41, 1, 1, "ب", 0),
        (40, 1, 3, "د", 0),
        (21, 2, 0, "عنوان", 0),
    ]
    for pk, article, idx, source, removed in rows:
        db["segments"].insert(
            {"id": pk, "article_id": article, "block": 0, "idx": idx, "source": source,
             "status": "new", "removed": removed}
        )  # fmt: skip
    db["history"].insert(
        {"segment_id": 40, "article_id": 1, "at": "2024-01-01T00:00:00+00:00", "action": "set",
         "old_target": None, "new_target": "D"}
    )  # fmt: skip
    page = b'<html><head><link rel="shortlink" href="/node/298811"></head><body></body></html>'
    db["pages"].insert(
        {"article_id": 2, "url": "https://www.syria.tv/b", "raw_gzip": gzip.compress(page)}
    )
    db.conn.commit()
    db.conn.close()
    with Store(db_path) as store:
        live = [(s["id"], s["source"]) for s in store.segments(1)]
        assert live == [(1, "أ"), (2, "ب"), (3, "ج"), (4, "د")]
        removed = store.segments(1, include_removed=True)[-1]
        assert (removed["id"], removed["removed"]) == (5, 1)
        assert [s["id"] for s in store.segments(2)] == [1]
        # The review position and history now speak in numbers.
        assert store.resolve_article(1)["position"] == 4
        assert [(h["segment_id"], h["new_target"]) for h in store.history(1)] == [(4, "D")]
        assert store.history(1, 4)[0]["who"] is None  # made before history recorded who
        # The old article is found by its URL in Arabic letters.
        assert store.resolve_article("https://syria.tv/حلب")["id"] == 1
        # The other by the node number in its stored page's shortlink.
        assert store.resolve_article("www.syria.tv/298811")["id"] == 2


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_database_from_a_newer_version_is_refused_with_nothing_written(db_path: Path) -> None:
    db = Database(db_path)
    migrations.apply(db, stop_before="m006_search")
    db["_sqlite_migrations"].insert(
        {"migration_set": "translate_cli", "name": "m099_from_the_future", "applied_at": "x"}
    )
    db.conn.commit()
    db.conn.close()
    before = _digest(db_path)
    with pytest.raises(StoreError) as caught:
        Store(db_path)
    message = str(caught.value)
    assert message == (
        f"{db_path} was written by a newer translate-cli (it has migration "
        "'m099_from_the_future', which this version does not know): upgrade translate-cli "
        "to open it."
    )
    assert "\n" not in message
    assert _digest(db_path) == before
    check = sqlite3.connect(db_path)
    # Our pending migration was not applied, and the journal mode was left alone.
    assert (
        check.execute("select name from sqlite_master where name = 'search_fts'").fetchall() == []
    )
    assert check.execute("pragma journal_mode").fetchone()[0] == "delete"
    check.close()


def test_newer_database_is_one_line_from_the_cli(db_path: Path) -> None:
    from typer.testing import CliRunner

    from translate_cli.cli import app

    with Store(db_path) as store:
        store.db["_sqlite_migrations"].insert(
            {"migration_set": "translate_cli", "name": "m100_later", "applied_at": "x"}
        )
        store.db.conn.commit()
    result = CliRunner().invoke(app, ["list", "--db", str(db_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {db_path} was written by a newer translate-cli")
    assert result.stderr.count("\n") == 1


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
        assert store.segment(1, 1)["pk"] == 5  # segment 1 of article 1, whatever its key
        store.update_segment(1, 1, target="First", status="draft")
        store.update_segment(1, 1, target="First", status="draft")  # nothing changes
        store.update_segment(1, 1, target="Second")
        trail = store.history(1, 1)
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
