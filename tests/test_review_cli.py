"""set, status, note and history through the CLI, and review's refusal without a terminal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import run

from translate_cli.store import Store


def snapshot(db: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    with Store(db) as store:
        return store.segments(1), store.history(1)


def test_set_then_status_then_note_then_history(db: Path) -> None:
    r = run(db, "set", "1", "2", "The UN said on Sunday that more than 10,000 people left.")
    assert (r.exit_code, r.stdout) == (0, "Segment 2: draft.\n")
    r = run(
        db,
        "set",
        "1",
        "3",
        "-",
        "--status",
        "translated",
        input="Relief teams\n struggle to reach camps.\n",
    )
    # Segment 6 repeats segment 3's source: confirming one fills the other, as in the screen.
    assert (r.exit_code, r.stdout) == (
        0,
        "Segment 3: translated; identical segment 6 filled as draft.\n",
    )
    r = run(db, "status", "1", "2-3", "--to", "translated")
    assert (r.exit_code, r.stdout) == (0, "1 segment set to translated; 1 already translated.\n")
    r = run(db, "note", "1", "2", "Check the figure against OCHA.")
    assert (r.exit_code, r.stdout) == (0, "Note saved on segment 2.\n")

    with Store(db) as store:
        seg3 = store.segment(1, 3)
        assert (seg3["target"], seg3["status"]) == (
            "Relief teams struggle to reach camps.",
            "translated",
        )
        history = store.history(1)
    assert [(h["segment_id"], h["action"], h["old_status"], h["new_status"]) for h in history] == [
        (2, "set", "new", "draft"),
        (3, "set", "new", "translated"),
        (6, "propagate", "new", "draft"),
        (2, "status", "draft", "translated"),
        (2, "note", None, None),
    ]
    r = run(db, "history", "1", "2")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert [line.split("  ")[2:4] for line in lines if line.startswith("#")] == [
        ["segment 2", "set"],
        ["segment 2", "status"],
        ["segment 2", "note"],
    ]
    assert "    target: ∅ → The UN said on Sunday that more than 10,000 people left." in lines
    assert "    note: ∅ → Check the figure against OCHA." in lines
    assert "segment 3" not in r.stdout


def test_json_outputs(db: Path) -> None:
    r = run(db, "set", "1", "2", "The UN said.", "--status", "reviewed", "--json")
    seg = json.loads(r.stdout)
    assert {k: seg[k] for k in ("id", "article", "kind", "target", "status")} == {
        "id": 2,
        "article": 1,
        "kind": "paragraph",
        "target": "The UN said.",
        "status": "reviewed",
    }
    r = run(db, "status", "1", "2", "4-5", "--to", "draft", "--json")
    data = json.loads(r.stdout)
    assert [(s["id"], s["article"], s["status"]) for s in data.pop("segments")] == [
        (2, 1, "draft"),
        (4, 1, "draft"),
        (5, 1, "draft"),
    ]
    assert data == {
        "article": 1,
        "status": "draft",
        "changed": [2, 4, 5],
        "unchanged": [],
        "filled": [],
    }
    r = run(db, "note", "1", "4", "heading style?", "--json")
    assert json.loads(r.stdout)["note"] == "heading style?"
    r = run(db, "history", "1", "--json")
    data = json.loads(r.stdout)
    assert (data["article"], data["segment"]) == (1, None)
    assert [(h["segment_id"], h["action"]) for h in data["history"]] == [
        (2, "set"),
        (2, "status"),
        (4, "status"),
        (5, "status"),
        (4, "note"),
    ]
    assert data["history"][0]["new_target"] == "The UN said."
    assert data["history"][0]["at"]


def test_status_all(db: Path) -> None:
    r = run(db, "status", "1", "all", "--to", "draft")
    assert (r.exit_code, r.stdout) == (0, "7 segments set to draft.\n")
    r = run(db, "status", "1", "all", "--to", "draft")
    assert r.stdout == "0 segments set to draft; 7 already draft.\n"


def test_note_from_stdin_and_cleared(db: Path) -> None:
    assert (
        run(db, "note", "1", "2", "-", input="Ask the desk.\n").stdout
        == "Note saved on segment 2.\n"
    )
    assert run(db, "note", "1", "2", "").stdout == "Note cleared on segment 2.\n"
    segments, _ = snapshot(db)
    assert segments[1]["note"] is None


def test_history_when_empty(db: Path) -> None:
    r = run(db, "history", "1")
    assert (r.exit_code, r.stdout) == (0, "No changes recorded yet.\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["set", "9", "2", "x"],
            "No article '9' in {db}: run 'translate-cli list' to see the articles.",
        ),
        (
            ["set", "1", "99", "x"],
            "Article 1 has no segment 99: run 'translate-cli show 1' to see its segment ids.",
        ),
        (
            ["set", "1", "2", "x", "--status", "done"],
            "Unknown status 'done': use one of new, draft, translated, reviewed, approved.",
        ),
        (
            ["set", "1", "2", "", "--status", "approved"],
            "Segment 2 has no translation: set its text before marking it approved.",
        ),
        (
            ["status", "1", "2", "--to", "finished"],
            "Unknown status 'finished': use one of new, draft, translated, reviewed, approved.",
        ),
        (
            ["status", "1", "2-99", "--to", "new"],
            "Article 1 has no segment 99: run 'translate-cli show 1' to see its segment ids.",
        ),
        (
            ["status", "1", "two", "--to", "new"],
            "Segment 'two' is not a segment id, a range like 12-20, or 'all': ids are the numbers 'show' prints.",
        ),
        (
            ["status", "1", "1-3", "--to", "approved"],
            "Segment 1 has no translation: set its text before marking it approved.",
        ),
        (
            ["note", "1", "77", "x"],
            "Article 1 has no segment 77: run 'translate-cli show 1' to see its segment ids.",
        ),
        (
            ["history", "1", "77"],
            "Article 1 has no segment 77: run 'translate-cli show 1' to see its segment ids.",
        ),
        (
            ["history", "nope"],
            "No article 'nope' in {db}: run 'translate-cli list' to see the articles.",
        ),
        (["review", "9"], "No article '9' in {db}: run 'translate-cli list' to see the articles."),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(db: Path, args: list[str], message: str) -> None:
    run(db, "set", "1", "2", "Kept.")
    before = snapshot(db)
    r = run(db, *args)
    assert r.exit_code == 1
    assert r.stderr == f"Error: {message.format(db=db)}\n"
    assert r.stdout == ""
    assert snapshot(db) == before


def test_status_takes_the_status_as_its_last_word_or_with_to(db: Path) -> None:
    run(db, "set", "1", "2", "The UN said.", "--status", "translated")
    run(db, "set", "1", "3", "Teams struggle.", "--status", "translated")
    r = run(db, "status", "1", "2-3", "reviewed")
    assert (r.exit_code, r.stdout) == (0, "2 segments set to reviewed.\n")
    with Store(db) as store:
        assert [store.segment(1, n)["status"] for n in (2, 3)] == ["reviewed", "reviewed"]
    before = snapshot(db)
    for args in (("2",), ("2-3",), ("reviewed",)):
        r = run(db, "status", "1", *args)
        assert (r.exit_code, r.stderr) == (
            1,
            "Error: Give the status after the segments (status 1 12-20 reviewed) or with --to: "
            "one of new, draft, translated, reviewed, approved.\n",
        )
    assert snapshot(db) == before


def test_review_refuses_without_a_terminal(db: Path) -> None:
    r = run(db, "review", "1")
    assert r.exit_code == 1
    assert r.stderr == (
        "Error: review needs an interactive terminal: run it in one, or script changes with "
        "'translate-cli set', 'status' and 'note'.\n"
    )


def test_review_pass_takes_reviewed_or_approved(db: Path) -> None:
    r = run(db, "review", "1", "--pass", "translated")
    assert (r.exit_code, r.stderr) == (
        1,
        "Error: --pass takes reviewed or approved, not 'translated'.\n",
    )


def test_history_names_who_and_what_an_undo_reverted(db: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("TRANSLATE_CLI_REVIEWER", "Omar")
    run(db, "set", "1", "2", "Two.")
    run(db, "undo", "1")
    lines = run(db, "history", "1").stdout.splitlines()
    assert lines[0].endswith("segment 2  set  new → draft  by Omar")
    assert lines[2].endswith("segment 2  undo  draft → new  (reverts #1)  by Omar")
