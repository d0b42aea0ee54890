"""The review screen driven headlessly by keystrokes (Textual's pilot), then checked in the DB."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from helpers.review_article import GLOSSARY, make_article, write_glossary

from translate_cli.document import Block, ExtractedArticle
from translate_cli.review.app import ArabicView, ReviewApp, ReviewScreen
from translate_cli.review.session import ReviewSession
from translate_cli.store import Store

Script = Callable[[Any, ReviewScreen], Awaitable[None]]


@pytest.fixture
def glossary(tmp_path: Path) -> Any:
    from translate_cli.glossary import load_glossary

    return load_glossary(write_glossary(tmp_path / "glossary.csv"))


def run_screen(
    db: Path,
    script: Script,
    *,
    glossary: Any = None,
    visual: bool = False,
    article: int = 1,
    size: tuple[int, int] = (100, 40),
    **session: Any,
) -> ReviewApp:
    """Open the review screen on ``db`` and play ``script`` on it; the app's store is closed after."""
    store = Store(db)
    app = ReviewApp(ReviewSession(store, article, glossary=glossary, **session), visual=visual)

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
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


def test_a_done_status_key_fills_identical_segments_like_a_confirm(db: Path) -> None:
    async def script(pilot: Any, screen: ReviewScreen) -> None:
        await pilot.press("ctrl+g", *"3", "enter")
        await pilot.press(*"Relief teams struggle to reach the camps.", "alt+r")
        assert screen.session.current["status"] == "reviewed"

    run_screen(db, script)
    assert (segment(db, 6)["target"], segment(db, 6)["status"]) == (
        "Relief teams struggle to reach the camps.",
        "draft",
    )


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
        # The glossary composes "southern" with the place: the hit covers the adjective too.
        assert highlighted == {"الأمم المتحدة", "ريف إدلب الجنوبي"}
        terms = shown(screen, "#terms")
        assert "1  United Nations  ←  الأمم المتحدة" in terms
        assert "2  southern Idlib countryside  ←  ريف إدلب الجنوبي" in terms
        await pilot.press(*"The ", "ctrl+t", "1")
        await pilot.press(*" said more than 10,000 people left the ", "ctrl+t", "2", *".")
        assert (
            screen.editor.text
            == "The United Nations said more than 10,000 people left the southern Idlib countryside."
        )
        await pilot.press("ctrl+t", "escape")  # cancelled: nothing inserted
        await pilot.press("ctrl+s")

    run_screen(db, script, glossary=glossary)
    assert (
        segment(db, 2)["target"]
        == "The United Nations said more than 10,000 people left the southern Idlib countryside."
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


# ---- the layout at 80x24 and with the article pane -------------------------------------------

LONG = (
    "وأوضح المتحدث باسم اللجنة المحلية في المدينة أن فرق الصيانة بدأت منذ ساعات الفجر الأولى "
    "بإصلاح الأنابيب المتضررة في الأحياء الشرقية والجنوبية، مشيراً إلى أن العمل سيستمر طوال "
    "الأسبوع المقبل إذا سمحت الظروف الجوية بذلك، وأن الأولوية ستكون للمدارس والمستشفيات "
    "والمخابز التي تخدم آلاف العائلات النازحة."
)
LONG_EN = (
    "The spokesman for the local committee said maintenance crews began repairing the damaged "
    "pipes in the eastern and southern districts at first light, adding that the work would go "
    "on all next week if the weather allowed, with schools, hospitals and bakeries serving "
    "thousands of displaced families first."
)


def long_article(db_path: Path) -> int:
    """An article whose middle sentence wraps to several lines at 80 columns."""
    before = "وقالت اللجنة في بيان إن المياه انقطعت عن أكثر من ثلاثين ألف منزل منذ يوم الخميس الماضي بسبب الأضرار."
    after = "ولم تحدد اللجنة موعداً لعودة الضخ إلى الأحياء الغربية من المدينة."
    from helpers import save_article

    return save_article(
        db_path, "انقطاع المياه في المدينة", [("paragraph", [before, LONG, after])], "https://x/l"
    )[0]


def fully_visible(screen: ReviewScreen, selector: str, within: str | None = None) -> bool:
    region = screen.query_one(selector).region
    frame = screen.query_one(within).region if within else screen.region
    return bool(region.height) and frame.contains_region(region)


def test_at_80x24_the_whole_sentence_and_translation_are_on_screen(db_path: Path) -> None:
    article = long_article(db_path)

    async def script(pilot: Any, screen: ReviewScreen) -> None:
        assert screen.session.current["source"] == LONG
        assert screen.compact and not screen.pane_shown
        await pilot.press(*LONG_EN)
        await pilot.pause()
        editor = screen.editor
        # The field grew to hold the whole translation: nothing scrolled out of it.
        assert editor.wrapped_document.height > 3
        assert editor.wrapped_document.height <= editor.content_size.height
        assert fully_visible(screen, "#target")
        source = screen.query_one("#source", ArabicView)
        assert len(source._wrapped_lines(source.content_size.width)) >= 4 or not source._rtl_visual
        assert fully_visible(screen, "#source", within="#top")
        # Neighbours and help are one line each; the full context widgets are hidden.
        for name in ("before-line", "after-line", "help"):
            assert screen.query_one(f"#{name}").region.height == 1, name
        assert not screen.query_one("#before").display
        assert not screen.query_one("#before-label").display
        assert shown(screen, "#help").endswith("ctrl+q quit")
        line = screen.query_one("#before-line")
        assert line.plain.startswith("↑ 2 new: وقالت اللجنة")  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        assert screen.session.current["id"] == 4
        assert screen.query_one("#before-line").plain.startswith(f"↑ 3 translated: {LONG_EN[:20]}")  # type: ignore[attr-defined]

    run_screen(db_path, script, article=article, size=(80, 24), start=3)
    with Store(db_path) as store:
        assert store.segment(article, 3)["target"] == LONG_EN


def test_article_pane_shows_the_article_and_moves_the_editor(db: Path) -> None:
    with Store(db) as store:
        store.update_segment(1, 2, target="The UN said thousands left.", status="approved")
        store.update_segment(1, 3, target="Relief teams struggle.", status="draft")

    async def script(pilot: Any, screen: ReviewScreen) -> None:
        from translate_cli.review.app import ArticleView

        assert screen.pane_shown and not screen.compact
        view = screen.query_one("#article", ArticleView)
        lines = view.lines(view.content_size.width)
        text = "\n".join(line.plain for line in lines)
        # Paragraph by paragraph: English where there is some, Arabic where not.
        assert "The UN said thousands left. Relief teams struggle." in text
        assert "الدفاع المدني يطالب بممرات آمنة" in text
        assert text.index("Relief teams") < text.index("الدفاع المدني يطالب")
        current = screen.session.current
        assert current["id"] == 1
        styles = {
            line.plain[span.start : span.end]: str(span.style)
            for line in lines
            for span in line.spans
        }
        assert "reverse" in styles[current["source"]]
        assert "on #173f1f" in styles["The UN said thousands left."]  # approved tint
        assert "on #4a4016" in styles["Relief teams struggle."]  # draft tint

        await pilot.press("tab")
        assert screen.focused is screen.query_one("#pane")
        await pilot.press("down", "down")
        assert screen.session.current["id"] == 3
        assert screen.editor.text == "Relief teams struggle."
        await pilot.press("enter")
        assert screen.focused is screen.editor
        await pilot.press("f2")
        assert not screen.pane_shown
        await pilot.press("alt+v")
        assert screen.pane_shown
        # Clicking a segment in the pane moves the editor there.
        await pilot.click("#article", offset=(3, 0))
        assert screen.session.current["id"] == 1

    run_screen(db, script, size=(160, 48))


def test_pane_stays_hidden_on_smaller_terminals_until_asked(db: Path) -> None:
    async def script(pilot: Any, screen: ReviewScreen) -> None:
        assert not screen.pane_shown
        await pilot.press("f2")
        assert screen.pane_shown and screen.has_class("pane-above")
        await pilot.resize_terminal(160, 48)
        await pilot.pause()
        assert screen.pane_shown and not screen.has_class("pane-above")
        assert not screen.compact

    run_screen(db, script, size=(100, 30))


# ---- a reviewer's pass, demotion, undo -------------------------------------------------------


def translate_all(db: Path) -> None:
    with Store(db) as store:
        for n in (2, 3, 5):
            store.update_segment(1, n, target=f"Sentence {n}.", status="translated")
        store.update_segment(1, 4, target="Heading.", status="reviewed")


def test_reviewers_pass_promotes_and_sends_back(db: Path) -> None:
    translate_all(db)

    async def script(pilot: Any, screen: ReviewScreen) -> None:
        s = screen.session
        assert (s.pass_status, s.current["id"]) == ("reviewed", 2)
        assert "reviewed pass: 3 translated left" in shown(screen, "#bar")
        assert shown(screen, "#help").startswith("ctrl+s reviewed & next · alt+x to draft")
        await pilot.press("ctrl+s")
        assert s.current["id"] == 3
        assert screen.message == "Segment 2 is now reviewed."
        await pilot.press("alt+x", *"Check the verb", "enter")
        assert s.current["id"] == 5
        await pilot.press(*" Fixed", "ctrl+s")
        assert s.pass_status is None
        assert screen.message == (
            "Segment 5 is now reviewed. The reviewed pass is done: no translated segments left."
        )
        # f3 starts the next pass from the screen.
        await pilot.press("f3", "a")
        assert (s.pass_status, s.current["id"]) == ("approved", 2)
        await pilot.press("ctrl+s")
        assert s.current["id"] == 4
        await pilot.press("f3", "e")
        assert s.pass_status is None

    run_screen(db, script, pass_status="reviewed")
    assert segment(db, 2)["status"] == "approved"
    assert (segment(db, 3)["status"], segment(db, 3)["note"]) == ("draft", "Check the verb")
    assert (segment(db, 5)["status"], segment(db, 5)["target"]) == ("reviewed", "Sentence 5. Fixed")
    assert [h[1] for h in history(db)][-5:] == [
        "review:pass",
        "review:back",
        "review:back",
        "review:pass",
        "review:pass",
    ]


def test_pass_with_nothing_to_review_is_refused(db: Path) -> None:
    with Store(db) as store, pytest.raises(Exception) as caught:
        ReviewSession(store, 1, pass_status="approved")
    assert str(caught.value) == (
        "Article 1 has no reviewed segments to mark approved: "
        "run 'translate-cli review 1' without --pass."
    )


def test_editing_a_reviewed_segment_asks_before_demoting(db: Path) -> None:
    translate_all(db)

    async def script(pilot: Any, screen: ReviewScreen) -> None:
        from translate_cli.review.app import ChoiceScreen

        s = screen.session
        assert s.current["id"] == 4
        await pilot.press(*" again", "ctrl+n")
        assert isinstance(screen.app.screen, ChoiceScreen)
        await pilot.press("escape")
        assert s.current["id"] == 4
        assert screen.message.startswith("Still on segment 4:")
        await pilot.press("ctrl+n", "x")
        assert s.current["id"] == 5
        assert segment(db, 4)["status"] == "reviewed"
        await pilot.press("ctrl+p", *" again", "ctrl+n", "d")
        assert s.current["id"] == 5
        assert (segment(db, 4)["status"], segment(db, 4)["target"]) == ("draft", "Heading. again")
        await pilot.press("ctrl+p", "alt+r", *"!", "ctrl+s")
        assert "It was reviewed: the changed text needs review again." in screen.message

    run_screen(db, script, start=4)
    assert (segment(db, 4)["status"], segment(db, 4)["target"]) == ("translated", "Heading. again!")


def test_ctrl_z_reaches_past_the_field_to_the_last_confirm(db: Path) -> None:
    async def script(pilot: Any, screen: ReviewScreen) -> None:
        s = screen.session
        await pilot.press("ctrl+g", "3", "enter", *"Relief teams struggle.", "ctrl+s")
        assert s.current["id"] == 4  # 6 was filled as a draft by memory
        await pilot.press(*"Hi", "ctrl+z")
        assert screen.editor.text == ""  # the first ctrl+z undoes the typing
        await pilot.press("ctrl+z")
        assert s.current["id"] == 3
        assert screen.editor.text == ""
        assert screen.message.startswith("Undid review:confirm, propagate on 2 segments (3, 6)")
        await pilot.press(*"Kept", "ctrl+n", "ctrl+z")
        assert (s.current["id"], screen.editor.text) == (3, "")
        await pilot.press("ctrl+z")
        assert screen.message == "Nothing to undo: this session has saved no change yet."

    run_screen(db, script)
    assert segment(db, 3)["status"] == segment(db, 6)["status"] == "new"
    assert segment(db, 6)["target"] is None
    assert [h[1] for h in history(db)] == [
        "review:confirm",
        "propagate",
        "undo",
        "undo",
        "review:edit",
        "undo",
    ]


def test_screen_edits_carry_the_reviewer(db: Path) -> None:
    from translate_cli import config

    config.set_value("reviewer", "Lina Haddad")

    async def script(pilot: Any, screen: ReviewScreen) -> None:
        await pilot.press(*"Title", "ctrl+s")

    run_screen(db, script)
    with Store(db) as store:
        assert [h["who"] for h in store.history(1)] == ["Lina Haddad"]


def test_control_characters_from_data_are_shown_visibly(db_path: Path) -> None:
    from helpers import save_article

    hostile = "قال\x1b[2J مسؤول \u202eإن الماء عاد."
    article = save_article(db_path, "عنوان", [("paragraph", [hostile])], "https://x/c")[0]

    async def script(pilot: Any, screen: ReviewScreen) -> None:
        source = screen.query_one("#source", ArabicView)
        assert source.plain == hostile  # stored text untouched
        assert "\x1b" not in source._arabic and "\\x1b[2J" in source._arabic
        assert "⟨U+202E⟩" in source._arabic

    run_screen(db_path, script, article=article, start=2)


def test_quitting_asks_before_demoting_too(db: Path) -> None:
    translate_all(db)

    async def keep(pilot: Any, screen: ReviewScreen) -> None:
        await pilot.press(*"!", "ctrl+q")
        assert screen.app.is_running
        await pilot.press("d")

    app = run_screen(db, keep, start=4)
    assert app.return_code == 0
    assert (segment(db, 4)["status"], segment(db, 4)["target"]) == ("draft", "Heading.!")

    async def discard(pilot: Any, screen: ReviewScreen) -> None:
        await pilot.press("alt+r", *" more", "ctrl+q", "x")

    run_screen(db, discard, start=4)
    assert (segment(db, 4)["status"], segment(db, 4)["target"]) == ("reviewed", "Heading.!")


def test_keys_list_scrolls_at_80x24_and_any_other_key_closes_it(db: Path) -> None:
    from textual.containers import VerticalScroll

    from translate_cli.review.app import KeysScreen

    async def script(pilot: Any, screen: ReviewScreen) -> None:
        await pilot.press("f1")
        await pilot.pause()
        keys = pilot.app.screen
        assert isinstance(keys, KeysScreen)
        box = keys.query_one(VerticalScroll)
        # Taller than the box at 24 rows: the last keys are below the fold until scrolled to.
        assert box.max_scroll_y > 0 and box.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert pilot.app.screen is keys and box.scroll_y > 0
        await pilot.press("x")
        await pilot.pause()
        assert pilot.app.screen is screen

    run_screen(db, script, size=(80, 24))


def test_shrinking_the_terminal_shrinks_the_field_to_the_compact_size(db: Path) -> None:
    async def script(pilot: Any, screen: ReviewScreen) -> None:
        assert not screen.compact
        assert screen.editor.outer_size.height == 7  # five lines and the border
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert screen.compact
        # Compact: three lines and the border, so the whole source keeps its room.
        assert screen.editor.outer_size.height == 5
        assert fully_visible(screen, "#source", within="#top")

    run_screen(db, script, size=(160, 48))


def test_at_80x24_a_long_note_and_the_terms_take_one_line_each(db: Path) -> None:
    note = " ".join(["Check the casualty figure against the OCHA report of Sunday."] * 3)
    with Store(db) as store:
        store.update_segment(1, 2, note=note)

    async def script(pilot: Any, screen: ReviewScreen) -> None:
        assert screen.compact and screen.session.current["id"] == 2
        assert shown(screen, "#note").startswith("Note: Check the casualty")
        assert screen.query_one("#note").region.height == 1
        assert screen.query_one("#terms").region.height == 1
        assert fully_visible(screen, "#source", within="#top")

    run_screen(db, script, size=(80, 24), start=2)
