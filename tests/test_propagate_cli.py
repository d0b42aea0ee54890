"""Scripted confirms fill identical segments of the article, as the review screen's confirm does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import save_article
from typer.testing import CliRunner

from translate_cli.cli import app
from translate_cli.store import Store

runner = CliRunner()
REPEATED = "وقال مصدر محلي إن الطريق مغلق."


@pytest.fixture
def db(db_path: Path) -> Path:
    """Instead of conftest's review article: one sentence repeated in two paragraphs."""
    blocks = [("paragraph", [REPEATED]), ("paragraph", ["جملة أخرى."]), ("paragraph", [REPEATED])]
    save_article(db_path, "عنوان الخبر", blocks, "https://www.syria.tv/repeat")
    return db_path


def targets(db: Path) -> dict[int, tuple[str | None, str]]:
    with Store(db) as store:
        return {s["id"]: (s["target"], s["status"]) for s in store.segments(1)}


def test_set_translated_fills_the_identical_segment(db: Path) -> None:
    r = runner.invoke(
        app,
        [
            "set",
            "1",
            "2",
            "A local source said the road is closed.",
            "--status",
            "translated",
            "--db",
            str(db),
        ],
    )
    assert r.exit_code == 0
    assert r.stdout == "Segment 2: translated; identical segment 4 filled as draft.\n"
    assert targets(db)[4] == ("A local source said the road is closed.", "draft")
    assert targets(db)[3] == (None, "new")


def test_a_draft_fills_nothing_and_status_confirm_does(db: Path) -> None:
    r = runner.invoke(
        app, ["set", "1", "2", "A local source said the road is closed.", "--db", str(db), "--json"]
    )
    assert json.loads(r.stdout)["filled"] == []
    assert targets(db)[4] == (None, "new")
    r = runner.invoke(app, ["status", "1", "2", "--to", "approved", "--db", str(db), "--json"])
    assert json.loads(r.stdout)["filled"] == [4]
    assert targets(db)[4] == ("A local source said the road is closed.", "draft")


def test_propagation_can_be_turned_off(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSLATE_CLI_PROPAGATE", "0")
    r = runner.invoke(
        app, ["set", "1", "2", "Closed road.", "--status", "translated", "--db", str(db)]
    )
    assert r.stdout == "Segment 2: translated.\n"
    assert targets(db)[4] == (None, "new")


def test_the_screen_and_the_commands_fill_through_one_entry_and_undo_it_whole(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from translate_cli import editing
    from translate_cli.undo import undo

    with Store(db) as store:
        saved = editing.confirm_and_fill(store, 1, 2, "Closed road.", action="review:confirm")
        assert (saved.segment["status"], saved.filled) == ("translated", [4])
        rows = store.history(1)
        assert [r["action"] for r in rows] == ["review:confirm", "propagate"]
        assert rows[0]["batch"] == rows[1]["batch"] is not None
        assert undo(store, 1).summary.startswith("Undid review:confirm, propagate on 2 segments")
        assert targets(db)[4] == (None, "new")
        monkeypatch.setenv("TRANSLATE_CLI_PROPAGATE", "off")
        saved = editing.set_target_and_fill(store, 1, 2, "Closed road.", status="approved")
        assert (saved.segment["status"], saved.filled) == ("approved", [])
    assert targets(db)[4] == (None, "new")
