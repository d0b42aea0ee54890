"""The review screen driven headlessly by keystrokes (Textual's pilot), then checked in the DB."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from test_review_data import GLOSSARY, make_article, write_glossary

from translate_cli.document import Block, ExtractedArticle
from translate_cli.review.app import ArabicView, ReviewApp, ReviewScreen
from translate_cli.review.session import ReviewSession
from translate_cli.store import Store

Script = Callable[[Any, ReviewScreen], Awaitable[None]]


@pytest.fixture
def glossary(tmp_path: Path) -> Any:
    from translate_cli.glossary import load_glossary

    return load_glossary(write_glossary(tmp_path / "glossary.csv"))


@pytest.fixture
def db(db_path: Path) -> Path:
    make_article(db_path)
    return db_path


def run_screen(
    db: Path, script: Script, *, glossary: Any = None, visual: bool = False, article: int = 1
) -> ReviewApp:
    """Open the review screen on ``db`` and play ``script`` on it; the app's store is closed after."""
    store = Store(db)
    app = ReviewApp(ReviewSession(store, article, glossary=glossary), visual=visual)

    async def main() -> None:
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            await script(pilot, app.review)

    try:
        asyncio.run(main())
    finally:
        store.close()
    return app


def segment(db: Path, seg_id: int) -> dict[str, Any]:
    with Store(db) as store:
        return store.segment(1, seg_id)


def history(db: Path, seg_id: int | None = None) -> list[tuple[Any, ...]]:
    with Store(db) as store:
        rows = store.history(1, seg_id)
    return [
        (h["segment_id"], h["action"], h["old_status"], h["new_status"], h["new_target"])
        for h in rows
    ]


def shown(screen: ReviewScreen, selector: str) -> str:
    widget = screen.query_one(selector)
    if isinstance(widget, ArabicView):
        return widget.plain
    content = widget.content  # type: ignore[attr-defined]
    return content.plain if hasattr(content, "plain") else str(content)


def test_translate_confirm_and_move_to_next_unfinished(db: Path) -> None:
    async def script(pilot: Any, screen: ReviewScreen) -> None:
        assert screen.session.current["id"] == 1
        await pilot.press(*"UN warns of a new wave of displacement")
        await pilot.press("ctrl+s")
        assert screen.session.current["id"] == 2
        assert screen.editor.text == ""
        assert "Segment 1 saved as translated." in screen.message

    run_screen(db, script)
    seg = segment(db, 1)
    assert (seg["target"], seg["status"]) == (
        "UN warns of a new wave of displacement",
        "translated",
    )
    assert history(db) == [
        (1, "review:confirm", "new", "translated", "UN warns of a new wave of displacement")
    ]


def test_confirm_skips_finished_segments_and_fills_identical_ones(db: Path) -> None:
    with Store(db) as store:
        store.update_segment(
            1, 4, target="Civil Defence calls for safe corridors", status="approved"
        )

    async def script(pilot: Any, screen: ReviewScreen) -> None:
        await pilot.press("ctrl+g", *"3", "enter")
        assert screen.session.current["id"] == 3
        await pilot.press(*"Relief teams struggle to reach the camps.", "ctrl+s")
        # 4 is approved, so the next unfinished is 5; 6 (same source as 3) got a draft.
        assert screen.session.current["id"] == 5
        assert "Memory filled 1 identical segment(s) as drafts." in screen.message

    run_screen(db, script)
    assert segment(db, 6)["target"] == "Relief teams struggle to reach the camps."
    assert segment(db, 6)["status"] == "draft"
    assert [(h[0], h[1]) for h in history(db)][-2:] == [(3, "review:confirm"), (6, "propagate")]


def test_status_keys_save_the_text_and_refuse_an_empty_translation(db: Path) -> None:
    async def script(pilot: Any, screen: ReviewScreen) -> None:
        await pilot.press("alt+a")
        assert (
            screen.message
            == "Segment 1 has no translation: set its text before marking it approved."
        )
        await pilot.press(*"UN warns", "alt+r")
        assert screen.session.current["status"] == "reviewed"
        assert screen.session.current["id"] == 1  # a status key stays on the segment
        await pilot.press("alt+a")
        await pilot.press(*" again", "alt+d")
        await pilot.press("ctrl+l", "t")  # the status menu, for terminals without alt
        await pilot.press("ctrl+l", "escape")
        await pilot.press("alt+n")

    run_screen(db, script)
    assert history(db) == [
        (1, "review:status", "new", "reviewed", "UN warns"),
        (1, "review:status", "reviewed", "approved", None),
        (1, "review:status", "approved", "draft", "UN warns again"),
        (1, "review:status", "draft", "translated", None),
        (1, "review:status", "translated", "new", None),
    ]
    assert segment(db, 1)["target"] == "UN warns again"


def test_glossary_hits_are_highlighted_listed_and_inserted(db: Path, glossary: Any) -> None:
    async def script(pilot: Any, screen: ReviewScreen) -> None:
        await pilot.press("ctrl+n")
        seg = screen.session.current
        assert seg["id"] == 2
        source = screen.query_one("#source", ArabicView)
        highlighted = {seg["source"][a:b] for a, b, _ in source._arabic_spans}
        assert highlighted == {"الأمم المتحدة", "ريف إدلب"}
        terms = shown(screen, "#terms")
        assert "1  United Nations  ←  الأمم المتحدة" in terms
        assert "2  Idlib countryside  ←  ريف إدلب" in terms
        await pilot.press(*"The ", "ctrl+t", "1")
        await pilot.press(*" said more than 10,000 people left the ", "ctrl+t", "2", *".")
        assert (
            screen.editor.text
            == "The United Nations said more than 10,000 people left the Idlib countryside."
        )
        await pilot.press("ctrl+t", "escape")  # cancelled: nothing inserted
        await pilot.press("ctrl+s")

    run_screen(db, script, glossary=glossary)
    assert (
        segment(db, 2)["target"]
        == "The United Nations said more than 10,000 people left the Idlib countryside."
    )
    assert segment(db, 2)["status"] == "translated"


def test_memory_suggestion_replaces_the_field(db_path: Path) -> None:
    make_article(db_path)
    with Store(db_path) as store:
        store.update_segment(
            1, 2, target="The UN said on Sunday that over 10,000 people left.", status="approved"
        )
        similar = "قالت الأمم المتحدة يوم الأحد إن أكثر من عشرين ألف شخص غادروا قراهم في ريف إدلب الجنوبي."
        doc = ExtractedArticle(
            title="نزوح جديد", blocks=[Block("paragraph", similar)], url="https://www.syria.tv/b"
        )
        article = store.save_article(doc, [["نزوح جديد"], [similar]]).article_id

    async def script(pilot: Any, screen: ReviewScreen) -> None:
        await pilot.press("ctrl+n")
        assert screen.session.current["source"] == similar
        assert "The UN said on Sunday that over 10,000 people left." in shown(screen, "#memory")
        await pilot.press(*"draft", "ctrl+t", "a")
        assert screen.editor.text == "The UN said on Sunday that over 10,000 people left."
        await pilot.press("ctrl+z")
        assert screen.editor.text == "draft"

    run_screen(db_path, script, article=article)


def test_note_goto_and_escape(db: Path) -> None:
    async def script(pilot: Any, screen: ReviewScreen) -> None:
        await pilot.press("ctrl+g", *"5", "enter")
        assert screen.session.current["id"] == 5
        await pilot.press("ctrl+r", *"Which towns?", "enter")
        assert shown(screen, "#note") == "Note: Which towns?"
        await pilot.press("ctrl+r", *" ignored", "escape")
        await pilot.press("ctrl+g", *"99", "enter")
        assert (
            screen.message
            == "Article 1 has no segment 99: run 'translate-cli show 1' to see its segment ids."
        )
        assert screen.session.current["id"] == 5

    run_screen(db, script)
    assert segment(db, 5)["note"] == "Which towns?"
    assert [(h[0], h[1]) for h in history(db)] == [(5, "review:note")]


def test_moving_keeps_typed_text_as_draft_and_filter_limits_moves(db: Path) -> None:
    with Store(db) as store:
        store.update_segment(1, 5, target="Civil Defence said.", status="draft")

    async def script(pilot: Any, screen: ReviewScreen) -> None:
        await pilot.press(*"Typed, not confirmed", "ctrl+n")
        assert screen.session.current["id"] == 2
        await pilot.press("ctrl+p")
        assert screen.editor.text == "Typed, not confirmed"
        await pilot.press("ctrl+f", "2")  # drafts only
        assert screen.session.filter == "draft"
        assert screen.session.current["id"] == 1
        await pilot.press("ctrl+n")
        assert screen.session.current["id"] == 5
        await pilot.press("ctrl+n")
        assert screen.message == "This is the last draft segment."
        await pilot.press("ctrl+f", "5")  # nothing approved: filter unchanged
        assert screen.message == "No segment is approved: the filter is unchanged."
        await pilot.press("ctrl+f", "0", "ctrl+n")
        assert screen.session.current["id"] == 6

    run_screen(db, script)
    assert history(db, 1) == [(1, "review:edit", "new", "draft", "Typed, not confirmed")]


def test_quit_keeps_typing_and_reopening_resumes_there(db: Path, glossary: Any) -> None:
    async def first(pilot: Any, screen: ReviewScreen) -> None:
        await pilot.press("ctrl+g", *"3", "enter", *"Half a sentence")
        await pilot.press("ctrl+q")

    app = run_screen(db, first)
    assert app.return_code == 0
    assert segment(db, 3)["target"] == "Half a sentence"
    assert segment(db, 3)["status"] == "draft"

    async def second(pilot: Any, screen: ReviewScreen) -> None:
        assert screen.session.current["id"] == 3
        assert screen.editor.text == "Half a sentence"
        assert shown(screen, "#source") == segment(db, 3)["source"]
        assert "relief teams" in shown(screen, "#terms")
        await pilot.press(*" done.", "ctrl+s", "ctrl+q")

    run_screen(db, second, glossary=glossary)
    assert segment(db, 3)["target"] == "Half a sentence done."
    assert [h[1] for h in history(db, 3)] == ["review:edit", "review:confirm"]


def test_editor_key_runs_editor_and_keeps_its_text_unsaved(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script_path = tmp_path / "ed.py"
    script_path.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().strip() + ' from the editor\\n')\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script_path}")

    async def script(pilot: Any, screen: ReviewScreen) -> None:
        await pilot.press(*"Text", "ctrl+o")
        assert screen.editor.text == "Text from the editor"
        assert segment(db, 1)["target"] is None
        await pilot.press("ctrl+s")

    run_screen(db, script)
    assert segment(db, 1)["target"] == "Text from the editor"


def test_visual_mode_shapes_the_source_for_display_only(db: Path, glossary: Any) -> None:
    async def script(pilot: Any, screen: ReviewScreen) -> None:
        await pilot.press("ctrl+n")
        source = screen.query_one("#source", ArabicView)
        lines = source._wrapped_lines(source.content_size.width)
        drawn = "".join(line.plain for line in lines)
        assert "ﺓﺪﺤﺘﻤﻟﺍ" in drawn and "المتحدة" not in drawn
        assert any(span.style for line in lines for span in line.spans)
        assert source.plain == screen.session.current["source"]
        await pilot.press(*"Shown visually", "ctrl+s")

    run_screen(db, script, glossary=glossary, visual=True)
    assert segment(db, 2)["target"] == "Shown visually"


def test_two_sessions_at_once_keep_both_sides_saves(db: Path) -> None:
    store_a, store_b = Store(db), Store(db)
    app_a = ReviewApp(ReviewSession(store_a, 1))
    app_b = ReviewApp(ReviewSession(store_b, 1, start=4))

    async def main() -> None:
        async with app_a.run_test() as pa, app_b.run_test() as pb:
            await pa.press(*"Title from A", "ctrl+s")
            await pb.press(*"Heading from B", "ctrl+s")
            await pa.press(*"Paragraph from A", "ctrl+s")
            await pb.press(*"Paragraph from B", "ctrl+s")
            # A's next unfinished skips what B confirmed meanwhile.
            assert app_a.review.session.current["id"] == 3
            await pa.press("ctrl+q")
            await pb.press("ctrl+q")

    asyncio.run(main())
    store_a.close()
    store_b.close()
    targets = {i: segment(db, i)["target"] for i in (1, 2, 4, 5)}
    assert targets == {
        1: "Title from A",
        2: "Paragraph from A",
        4: "Heading from B",
        5: "Paragraph from B",
    }
    assert len(history(db)) == 4


def test_glossary_fixture_matches_the_data(glossary: Any) -> None:
    hits = glossary.find("وأكد الدفاع المدني السوري أن فرق الإغاثة وصلت.")
    assert {h.target for h in hits} >= {GLOSSARY["الدفاع المدني السوري"], GLOSSARY["فرق الإغاثة"]}
