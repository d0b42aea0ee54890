"""Edge cases of the rules the review screen and the scripting commands share."""

from __future__ import annotations

import io
import sys
import unicodedata
from pathlib import Path

import pytest
from helpers.review_article import make_article

from translate_cli import editing
from translate_cli.errors import InputError, NotFoundError
from translate_cli.review import display
from translate_cli.store import Store


@pytest.fixture
def store(db: Path, store: Store) -> Store:
    """conftest's store, holding the review article (``db``)."""
    return store


def ids(segments: list[dict]) -> list[int]:
    return [s["id"] for s in segments]


# ---- segment references ---------------------------------------------------------------------


def test_refs_ids_ranges_all_and_commas_in_article_order(store: Store) -> None:
    assert ids(editing.parse_refs(store, 1, ["5", "2"])) == [2, 5]
    assert ids(editing.parse_refs(store, 1, ["2-4"])) == [2, 3, 4]
    assert ids(editing.parse_refs(store, 1, ["4-2"])) == [2, 3, 4]
    assert ids(editing.parse_refs(store, 1, ["1,3", "6-7", "3"])) == [1, 3, 6, 7]
    assert ids(editing.parse_refs(store, 1, ["all"])) == list(range(1, 8))
    assert ids(editing.parse_refs(store, 1, ["ALL", "2"])) == list(range(1, 8))


def test_range_follows_article_order_after_a_refetch_inserted_a_segment(store: Store) -> None:
    from helpers.review_article import BLOCKS, TITLE

    from translate_cli.document import Block, ExtractedArticle

    sentences = [list(s) for _, s in BLOCKS]
    sentences[0].insert(1, "وأشارت المنظمة إلى نقص حاد في الخيام.")
    blocks = [
        Block(k, " ".join(s), level=2 if k == "heading" else 0)
        for (k, _), s in zip(BLOCKS, sentences, strict=True)
    ]
    doc = ExtractedArticle(title=TITLE, blocks=blocks, url="https://www.syria.tv/review-test")
    result = store.save_article(doc, [[TITLE], *sentences])
    assert result.added == [8]
    # Segment 8 sits between 2 and 3 in the article, so the range 2-3 includes it.
    assert ids(editing.parse_refs(store, 1, ["2-3"])) == [2, 8, 3]


@pytest.mark.parametrize(
    ("refs", "error", "message"),
    [
        (
            ["99"],
            NotFoundError,
            "Article 1 has no segment 99: run 'translate-cli show 1' to see its segment ids.",
        ),
        (
            ["2-99"],
            NotFoundError,
            "Article 1 has no segment 99: run 'translate-cli show 1' to see its segment ids.",
        ),
        (
            ["x"],
            InputError,
            "Segment 'x' is not a segment id, a range like 12-20, or 'all': ids are the numbers 'show' prints.",
        ),
        (
            ["2-"],
            InputError,
            "Segment '2-' is not a segment id, a range like 12-20, or 'all': ids are the numbers 'show' prints.",
        ),
        ([" , "], InputError, "Name at least one segment: an id, a range like 12-20, or 'all'."),
    ],
)
def test_bad_refs(store: Store, refs: list[str], error: type, message: str) -> None:
    with pytest.raises(error) as info:
        editing.parse_refs(store, 1, refs)
    assert str(info.value) == message


def test_a_segment_of_another_article_is_not_found(store: Store, db_path: Path) -> None:
    make_article(db_path, url="https://www.syria.tv/another")
    with pytest.raises(NotFoundError, match="Article 1 has no segment 8"):
        editing.parse_refs(store, 1, ["8"])


# ---- setting text and status ----------------------------------------------------------------


def test_normalize_folds_line_breaks_and_keeps_no_break_spaces() -> None:
    assert editing.normalize_target("  Aid\n  reached\r\nIdlib. ") == "Aid reached Idlib."
    assert editing.normalize_target("10\u00a0km") == "10\u00a0km"
    assert editing.normalize_target(" \n ") is None
    assert editing.normalize_target(None) is None


def test_set_without_status_makes_changed_text_a_draft(store: Store) -> None:
    seg = editing.set_target(store, 1, 2, "The UN said on Sunday.", status="approved")
    assert (seg["target"], seg["status"]) == ("The UN said on Sunday.", "approved")
    seg = editing.set_target(store, 1, 2, "The UN said on Sunday that...")
    assert seg["status"] == "draft"
    seg = editing.set_target(store, 1, 2, "")
    assert (seg["target"], seg["status"]) == (None, "new")
    actions = [(h["action"], h["old_status"], h["new_status"]) for h in store.history(1, 2)]
    assert actions == [
        ("set", "new", "approved"),
        ("set", "approved", "draft"),
        ("set", "draft", "new"),
    ]


def test_a_person_editing_a_machine_draft_makes_it_theirs(store: Store) -> None:
    machine = '{"engine": "openai", "model": "m", "at": "2026-12-01T00:00:00+00:00"}'
    store.update_segment(1, 2, target="The UN said.", status="draft", origin=machine)
    # A note alone keeps the record of where the text came from ...
    store.update_segment(1, 2, note="check the figure")
    assert store.segment(1, 2)["origin"] == machine
    # ... new text from a person clears it.
    seg = editing.set_target(store, 1, 2, "The United Nations said.")
    assert seg["origin"] is None


def test_unchanged_text_writes_no_history(store: Store) -> None:
    editing.set_target(store, 1, 2, "Same.")
    editing.set_target(store, 1, 2, "  Same.\n")
    assert len(store.history(1, 2)) == 1


def test_done_status_needs_a_translation(store: Store) -> None:
    with pytest.raises(InputError) as info:
        editing.set_target(store, 1, 2, "   ", status="translated")
    assert (
        str(info.value)
        == "Segment 2 has no translation: set its text before marking it translated."
    )
    assert store.segment(1, 2)["status"] == "new"
    assert store.history(1) == []


def test_confirm_marks_translated_and_keeps_a_higher_status_when_unchanged(store: Store) -> None:
    seg = editing.confirm(store, 1, 2, "The UN said on Sunday.")
    assert seg["status"] == "translated"
    editing.set_status(store, 1, [seg], "approved")
    assert editing.confirm(store, 1, 2, "The UN said on Sunday.")["status"] == "approved"
    assert editing.confirm(store, 1, 2, "The UN said on Sunday that...")["status"] == "translated"
    with pytest.raises(InputError, match="Segment 3 has no translation"):
        editing.confirm(store, 1, 3, "")


def test_confirm_clears_the_refetch_flag(store: Store) -> None:
    store.db["segments"].update(2, {"flag": "changed", "status": "draft", "target": "Old."})
    seg = editing.confirm(store, 1, 2, "Old.")
    assert (seg["status"], seg["flag"]) == ("translated", None)


def test_save_edit_only_when_text_changed(store: Store) -> None:
    editing.confirm(store, 1, 2, "The UN said.")
    assert editing.save_edit(store, 1, 2, "The UN said.") is None
    seg = editing.save_edit(store, 1, 2, "The UN said on Sunday.", action="review:edit")
    assert seg is not None and seg["status"] == "draft"
    assert store.history(1, 2)[-1]["action"] == "review:edit"


def test_status_is_all_or_nothing(store: Store) -> None:
    editing.set_target(store, 1, 2, "One.")
    before = store.segments(1)
    with pytest.raises(InputError, match="Segment 1 has no translation"):
        editing.set_status(store, 1, editing.parse_refs(store, 1, ["1-3"]), "reviewed")
    assert store.segments(1) == before
    assert len(store.history(1)) == 1
    changed = editing.set_status(store, 1, editing.parse_refs(store, 1, ["1-3"]), "draft")
    assert ids(changed) == [1, 3]  # segment 2 was a draft already


def test_note_set_and_cleared(store: Store) -> None:
    assert editing.set_note(store, 1, 2, "  Check the number. ")["note"] == "Check the number."
    assert editing.set_note(store, 1, 2, "")["note"] is None
    assert [h["new_note"] for h in store.history(1, 2)] == ["Check the number.", None]


# ---- moving -----------------------------------------------------------------------------------


def test_next_unfinished_wraps_and_ends() -> None:
    segs = [
        {"id": i, "status": s, "flag": None}
        for i, s in enumerate(["new", "translated", "draft", "approved"], 1)
    ]
    assert editing.next_unfinished(segs, 1)["id"] == 3
    assert editing.next_unfinished(segs, 3)["id"] == 1
    assert editing.next_unfinished(segs, 3, below="approved")["id"] == 1
    assert editing.next_unfinished(segs, 1, below="approved")["id"] == 2
    done = [
        {"id": 1, "status": "translated", "flag": None},
        {"id": 2, "status": "approved", "flag": None},
    ]
    assert editing.next_unfinished(done, 1) is None
    flagged = [*done, {"id": 3, "status": "translated", "flag": "changed"}]
    assert editing.next_unfinished(flagged, 1)["id"] == 3


def test_resume_at_position_else_first_unfinished(store: Store) -> None:
    editing.confirm(store, 1, 1, "Title.")
    segments = store.segments(1)
    assert editing.resume_segment(store.resolve_article(1), segments)["id"] == 2
    store.set_position(1, 5)
    assert editing.resume_segment(store.resolve_article(1), segments)["id"] == 5
    with pytest.raises(NotFoundError, match="Article 1 has no segments to review"):
        editing.resume_segment(store.resolve_article(1), [])


def test_progress_counts() -> None:
    counts = editing.progress([{"status": "approved"}, {"status": "new"}, {"status": "approved"}])
    assert counts == {
        "new": 1,
        "draft": 0,
        "translated": 0,
        "reviewed": 0,
        "approved": 2,
        "total": 3,
    }


# ---- text from stdin and from $EDITOR ---------------------------------------------------------


def test_read_text_dash_means_stdin() -> None:
    assert editing.read_text("-", io.StringIO("from stdin\n")) == "from stdin\n"
    assert editing.read_text("as given", io.StringIO("ignored")) == "as given"


def test_run_editor_returns_what_the_editor_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "ed.py"
    script.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().strip() + ' (edited)\\n')\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    assert editing.run_editor("Aid reached Idlib.") == "Aid reached Idlib. (edited)"


def test_run_editor_failures_leave_text_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", f"{sys.executable} -c 'import sys; sys.exit(3)'")
    with pytest.raises(InputError) as info:
        editing.run_editor("x")
    assert str(info.value) == "The editor exited with status 3: the text was left unchanged."
    monkeypatch.setenv("VISUAL", str(tmp_path / "no-such-editor"))
    with pytest.raises(InputError, match=r"Cannot run the editor .*no-such-editor.*set \$EDITOR"):
        editing.run_editor("x")


# ---- Arabic display -----------------------------------------------------------------------------

SENTENCE = "قالت الأمم المتحدة (في بيان) إن 120 ألف شخص نزحوا من ريف إدلب خلال شهر أيار."


def test_wrap_ranges_fit_the_width_and_keep_every_word() -> None:
    ranges = display.wrap_ranges(SENTENCE, 24)
    assert all(end - start <= 24 for start, end in ranges)
    assert " ".join(SENTENCE[a:b] for a, b in ranges) == SENTENCE
    assert display.wrap_ranges("ااااااااااا", 4) == [(0, 4), (4, 8), (8, 11)]


def test_visual_lines_are_shaped_reordered_and_highlighted() -> None:
    start = SENTENCE.index("الأمم المتحدة")
    end = start + len("الأمم المتحدة")
    lines = display.visual_lines(SENTENCE, 30, [(start, end, "bold")])
    assert len(lines) == len(display.wrap_ranges(SENTENCE, 30))
    first = lines[0]
    # Presentation forms, not the stored letters: the text is shaped for display only.
    assert "ﻢﻣﻷﺍ" in first.plain and "الأمم" not in first.plain
    # Right to left: the first word of the sentence ends the visual line.
    last_word = first.plain.split(" ")[-1]
    assert "".join(unicodedata.normalize("NFKC", c) for c in reversed(last_word)) == "قالت"
    # The closing bracket comes first visually and is mirrored.
    assert "(ﻥﺎﻴﺑ ﻲﻓ)" in first.plain
    bold = "".join(first.plain[s.start : s.end] for s in first.spans if s.style == "bold")
    assert "".join(unicodedata.normalize("NFKC", c) for c in reversed(bold)) == "الأمم المتحدة"
    # Numbers keep their left-to-right order inside the line.
    assert "120" in "".join(line.plain for line in lines)


def test_visual_matches_python_bidi_get_display() -> None:
    from bidi import get_display

    text = "وأكد الدفاع المدني السوري أن 3 بلدات تعرضت للقصف."
    shaped = display._reshaper().reshape(text)
    assert display.visual_text(text).plain == get_display(shaped, base_dir="R")


def test_logical_text_is_the_stored_text() -> None:
    out = display.logical_text(SENTENCE, [(5, 10, "bold")])
    assert out.plain == SENTENCE
    assert [(s.start, s.end) for s in out.spans] == [(5, 10)]
