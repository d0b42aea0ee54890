"""`translate-cli undo`: the last change reverted from history, as a new history row; repeated
undos walk back; one command's rows (status all, an import, set with its filled drafts) undo
together."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from helpers import run, snapshot
from helpers.review_article import BLOCKS, TITLE

from translate_cli import undo
from translate_cli.document import Block, ExtractedArticle
from translate_cli.store import Store


def state(db: Path) -> dict[int, tuple[Any, ...]]:
    with Store(db) as store:
        return {s["id"]: (s["target"], s["status"], s["note"]) for s in store.segments(1)}


def test_undo_walks_back_one_change_at_a_time(db: Path) -> None:
    fresh = state(db)
    assert run(db, "set", "1", "2", "The UN said.", "--status", "translated").exit_code == 0
    after_set = state(db)
    assert run(db, "note", "1", "2", "Check the figure.").exit_code == 0
    assert run(db, "status", "1", "2", "--to", "reviewed").exit_code == 0

    r = run(db, "undo", "1")
    assert (r.exit_code, r.stdout) == (
        0,
        "Undid status (history #3): segment 2 is translated again.\n",
    )
    assert state(db)[2] == ("The UN said.", "translated", "Check the figure.")
    r = run(db, "undo", "1")
    assert r.stdout == "Undid note (history #2): segment 2 is translated again.\n"
    assert state(db) == after_set
    assert run(db, "undo", "1").exit_code == 0
    assert state(db) == fresh

    before = snapshot(db)
    r = run(db, "undo", "1")
    assert r.exit_code == 1
    assert r.stderr == (
        "Error: Nothing to undo for article 1: its history holds no change left to revert "
        "(see 'translate-cli history 1').\n"
    )
    assert snapshot(db) == before

    with Store(db) as store:
        rows = store.query("select id, action, undoes, who from history order by id")
    # Each undo is a history row of its own, naming the row it reverted.
    assert [(r["action"], r["undoes"]) for r in rows] == [
        ("set", None),
        ("note", None),
        ("status", None),
        ("undo", 3),
        ("undo", 2),
        ("undo", 1),
    ]
    assert all(r["who"] for r in rows)


def test_status_all_is_undone_as_one(db: Path) -> None:
    run(db, "set", "1", "2", "Two.", "--status", "translated")
    run(db, "set", "1", "5", "Five.", "--status", "translated")
    assert run(db, "status", "1", "2", "5", "--to", "approved").exit_code == 0
    run(db, "status", "1", "all", "--to", "draft")
    assert {s[1] for s in state(db).values()} == {"draft"}

    r = run(db, "undo", "1", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert sorted(item["segment"] for item in data["undone"]) == [1, 2, 3, 4, 5, 6, 7]
    assert {item["action"] for item in data["undone"]} == {"status"}
    assert {s["id"]: s["status"] for s in data["segments"]}[2] == "approved"
    now = state(db)
    assert (now[2][1], now[5][1], now[3][1]) == ("approved", "approved", "new")
    assert run(db, "undo", "1").stdout.startswith("Undid status on 2 segments (2, 5)")
    assert (state(db)[2][1], state(db)[5][1]) == ("translated", "translated")


def test_set_and_the_drafts_it_filled_undo_together(db: Path) -> None:
    # Segments 3 and 6 share their source: setting 3 fills 6 as a draft.
    r = run(db, "set", "1", "3", "Relief teams struggle.", "--status", "translated")
    assert "identical segment 6 filled as draft" in r.stdout
    assert state(db)[6][:2] == ("Relief teams struggle.", "draft")
    r = run(db, "undo", "1")
    assert r.stdout.startswith("Undid set, propagate on 2 segments (3, 6)"), r.stdout
    assert state(db)[3][:2] == state(db)[6][:2] == (None, "new")


def test_undo_of_one_segment_leaves_the_rest_of_its_batch(db: Path) -> None:
    run(db, "set", "1", "2", "Two.", "--status", "translated")
    run(db, "set", "1", "5", "Five.", "--status", "translated")
    run(db, "status", "1", "2", "5", "--to", "reviewed")
    r = run(db, "undo", "1", "5")
    assert r.stdout == "Undid status (history #4): segment 5 is translated again.\n"
    assert (state(db)[2][1], state(db)[5][1]) == ("reviewed", "translated")
    # The article's next undo takes what is left of that batch: segment 2 only.
    r = run(db, "undo", "1")
    assert r.stdout == "Undid status (history #3): segment 2 is translated again.\n"
    r = run(db, "undo", "1", "7")
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: Nothing to undo for segment 7 of article 1:")
    assert run(db, "undo", "1", "99").stderr.startswith("Error: Article 1 has no segment 99")


def test_an_import_is_one_batch(db: Path) -> None:
    # What an import does: several segments changed in one transaction.
    with Store(db) as store, store.write():
        store.update_segment(1, 1, target="Title.", status="translated", action="import")
        store.update_segment(1, 4, target="Heading.", status="translated", action="import")
    result = run(db, "undo", "1")
    assert result.stdout.startswith("Undid import on 2 segments (1, 4)")
    assert state(db)[1][:2] == state(db)[4][:2] == (None, "new")


def test_a_refetch_is_not_undone(db: Path) -> None:
    run(db, "set", "1", "2", "Two.", "--status", "translated")
    changed = [list(s) for _, s in BLOCKS]
    changed[0][0] = "قالت الأمم المتحدة يوم الاثنين إن آلاف الأشخاص غادروا قراهم."
    blocks = [Block(kind, " ".join(s)) for (kind, _), s in zip(BLOCKS, changed, strict=True)]  # type: ignore[arg-type]
    doc = ExtractedArticle(title=TITLE, blocks=blocks, url="https://www.syria.tv/review-test")
    with Store(db) as store:
        store.save_article(doc, [[TITLE], *changed])
    before = snapshot(db)
    r = run(db, "undo", "1")
    assert r.exit_code == 1
    assert r.stderr == (
        "Error: The last change to segment 2 (history #2) came from re-fetching the page, "
        "which undo cannot revert: change the segment with 'translate-cli set' instead.\n"
    )
    assert snapshot(db) == before


def test_undo_refuses_when_the_segment_moved_on(db: Path) -> None:
    # A change written outside the history (plain SQL) is not silently overwritten.
    run(db, "set", "1", "2", "Two.", "--status", "translated")
    with Store(db) as store, store.write():
        store.db.execute("update segments set target = 'Edited by hand' where num = 2")
    before = snapshot(db)
    r = run(db, "undo", "1")
    assert r.exit_code == 1
    assert r.stderr.startswith(
        "Error: Segment 2 changed after history #1 (target is no longer what that change wrote)"
    )
    assert snapshot(db) == before


def test_undoable_rows_skip_undone_and_undo_rows(db: Path) -> None:
    with Store(db) as store:
        store.update_segment(1, 2, target="A", status="draft", action="set")
        store.update_segment(1, 2, target="B", action="set")
        assert [r["new_target"] for r in undo.undoable(store, 1)] == ["B"]
        undo.undo(store, 1)
        assert [r["new_target"] for r in undo.undoable(store, 1, 2)] == ["A"]
        undo.undo(store, 1, 2)
        assert undo.undoable(store, 1) == []
        assert store.segment(1, 2)["target"] is None
