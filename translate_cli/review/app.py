"""The review screen: a keyboard-driven segment editor (Textual).

Keys are ones terminals deliver reliably: ctrl+letter and alt+letter (alt+digit and
alt+enter arrive as other characters or as plain enter in many terminals, including tmux).
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.events import Key
from textual.geometry import Size
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from translate_cli import editing
from translate_cli.errors import TranslateCliError
from translate_cli.review.display import Span, logical_text, visual_lines, visual_text
from translate_cli.review.session import ReviewSession
from translate_cli.status import STATUSES

HELP = (
    "ctrl+s confirm & next · alt+n/d/t/r/a new/draft/translated/reviewed/approved\n"
    "ctrl+n/ctrl+p next/prev · ctrl+g go to · ctrl+f filter · ctrl+t term/memory\n"
    "ctrl+l status menu · ctrl+r note · ctrl+o $EDITOR · ctrl+z undo · ctrl+q quit"
)
STATUS_KEYS = {"n": "new", "d": "draft", "t": "translated", "r": "reviewed", "a": "approved"}
# Every key of the review screen and its action (run by TargetArea, see there).
SCREEN_KEYS: dict[str, str] = {
    "ctrl+s": "confirm",
    **{f"alt+{key}": f"set_status('{status}')" for key, status in STATUS_KEYS.items()},
    # alt+letter does not reach the app in some terminals (macOS without "Option as Meta"),
    # so the same statuses are one menu away.
    "ctrl+l": "status_menu",
    "ctrl+n": "step(1)",
    "ctrl+p": "step(-1)",
    "ctrl+g": "goto",
    "ctrl+f": "filter",
    "ctrl+t": "insert",
    "ctrl+r": "note",
    "ctrl+o": "editor",
    "ctrl+q": "app.quit",
}
STATUS_STYLE = {
    "new": "bold red",
    "draft": "bold yellow",
    "translated": "bold cyan",
    "reviewed": "bold blue",
    "approved": "bold green",
}
TERM_STYLE = "bold black on yellow"
MEMORY_KEYS = "abcdefghij"


class ArabicView(Widget):
    """Arabic text with highlighted spans, in logical order or (``visual``) shaped and reordered."""

    DEFAULT_CSS = "ArabicView { height: auto; }"

    def __init__(self, *, visual: bool, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        # Underscored names: Widget already owns attributes such as ``text_style``.
        self._rtl_visual = visual
        self._arabic = ""
        self._arabic_spans: list[Span] = []
        self._base_style = ""
        if visual:
            self.styles.text_align = "right"  # right-to-left lines start at the right edge

    def show(self, text: str, spans: list[Span] | None = None, style: str = "") -> None:
        self._arabic, self._arabic_spans, self._base_style = text, spans or [], style
        self.refresh(layout=True)

    @property
    def plain(self) -> str:
        """The logical text shown (for tests)."""
        return self._arabic

    def _wrapped_lines(self, width: int) -> list[Text]:
        return visual_lines(self._arabic, width, self._arabic_spans, self._base_style)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self._rtl_visual:
            return len(self._wrapped_lines(width)) if self._arabic else 1
        return super().get_content_height(container, viewport, width)

    def render(self) -> Any:
        if not self._rtl_visual:
            return logical_text(self._arabic, self._arabic_spans, self._base_style)
        lines = self._wrapped_lines(self.content_size.width)
        out = Text("\n").join(lines)
        out.no_wrap, out.overflow = True, "crop"
        return out


class TargetArea(TextArea):
    """The translation field; it runs the screen's keys itself, in typing order.

    Bindings are checked only after a key has bubbled up from the field to the app, while the
    field goes on taking the keys queued behind it (and priority bindings run before the keys
    queued ahead of them). Either way ``text ctrl+s more`` arriving in one burst, as a paste-
    ahead or tmux's send-keys does, could save the wrong text. Handling the keys here keeps
    them in order with the typing.
    """

    async def _on_key(self, event: Key) -> None:
        action = SCREEN_KEYS.get(event.key)
        if action is None:
            return  # TextArea's own handler types the key
        event.stop()
        event.prevent_default()
        await self.app.run_action(action, self.screen)


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text: enter saves, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    PromptScreen { align: center middle; }
    PromptScreen > Vertical { width: 80%; max-width: 100; height: auto; border: round $accent;
        background: $panel; padding: 0 1; }
    """

    def __init__(
        self, title: str, value: str = "", hint: str = "enter to save · escape to cancel"
    ) -> None:
        super().__init__()
        self.title_text, self.initial, self.hint = title, value, hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="prompt-title")
            yield Input(value=self.initial, id="prompt-input")
            yield Static(self.hint, classes="prompt-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of a few options by pressing its key; escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    ChoiceScreen { align: center middle; }
    ChoiceScreen > Vertical { width: 80%; max-width: 110; height: auto; max-height: 90%;
        border: round $accent; background: $panel; padding: 0 1; }
    """

    def __init__(self, title: str, options: list[tuple[str, Text | str]]) -> None:
        super().__init__()
        self.title_text = title
        self.choice_options = options
        self.choice_keys = {key for key, _ in options}

    def compose(self) -> ComposeResult:
        body = Text()
        for key, label in self.choice_options:
            body.append(f" {key} ", style="bold reverse")
            body.append(" ")
            body.append_text(label if isinstance(label, Text) else Text(label))
            body.append("\n")
        body.append("press a key · escape to cancel", style="dim")
        with Vertical():
            yield Static(self.title_text, classes="prompt-title")
            yield Static(body)

    def on_key(self, event: Key) -> None:
        if event.character and event.character in self.choice_keys:
            event.stop()
            self.dismiss(event.character)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReviewScreen(Screen[None]):
    """The editor for one article: source with term hints, context, the target field, keys."""

    # The same keys for when the field does not have the focus.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(key, action, action.split("(")[0].replace("_", " "), show=False)
        for key, action in SCREEN_KEYS.items()
    ]
    DEFAULT_CSS = """
    ReviewScreen { layout: vertical; }
    #bar { height: 2; background: $primary-background; padding: 0 1; }
    #top { height: 1fr; padding: 0 1; }
    .context { color: $text-muted; }
    .label { color: $text-muted; margin-top: 1; }
    #source { border: round $accent; padding: 0 1; }
    #target { height: 7; border: round $success; }
    #message { height: 1; padding: 0 1; }
    #help { height: auto; background: $primary-background; color: $text; padding: 0 1; }
    """

    def __init__(self, session: ReviewSession, *, visual: bool = False) -> None:
        super().__init__()
        self.session = session
        self._rtl_visual = visual
        self.message = ""

    def compose(self) -> ComposeResult:
        yield Static(id="bar")
        with VerticalScroll(id="top"):
            yield Static(id="before-label", classes="label")
            yield ArabicView(visual=self._rtl_visual, id="before", classes="context")
            yield Static(id="before-target", classes="context")
            yield ArabicView(visual=self._rtl_visual, id="source")
            yield Static(id="terms")
            yield Static(id="memory")
            yield Static(id="note")
            yield Static(id="after-label", classes="label")
            yield ArabicView(visual=self._rtl_visual, id="after", classes="context")
        yield TargetArea(id="target", soft_wrap=True)
        yield Static(id="message")
        yield Static(HELP, id="help")

    def on_mount(self) -> None:
        self.query_one("#source", ArabicView).border_title = "Arabic source"
        self.editor.border_title = "English translation"
        self.load_segment()
        self.editor.focus()

    @property
    def editor(self) -> TextArea:
        return self.query_one("#target", TextArea)

    # ---- drawing ----------------------------------------------------------------------------

    def load_segment(self) -> None:
        """Put the current segment's target into the editor and draw everything around it."""
        editor = self.editor
        editor.load_text(self.session.current["target"] or "")
        editor.move_cursor(editor.document.end)
        self.draw()

    def draw(self) -> None:
        s = self.session
        seg = s.current
        counts = s.progress()
        total = counts["total"]
        bar = Text(no_wrap=True, overflow="ellipsis")
        bar.append(f"[{s.article_id}] ", style="bold")
        bar.append_text(self._arabic_inline(s.article["title"] or "", "bold"))
        bar.append("\n")
        bar.append(f"segment {seg['id']}", style="bold")
        bar.append(f" ({min(s.position + 1, total)}/{total}) · {seg['kind']} · ")
        bar.append(seg["status"], style=STATUS_STYLE.get(seg["status"], "bold"))
        if seg.get("flag"):
            bar.append(f" ({seg['flag']} since last fetch)", style="bold magenta")
        if seg.get("removed"):
            bar.append(" (removed from the page)", style="bold magenta")
        bar.append(f" · approved {counts['approved']}/{total}")
        bar.append(
            f" (translated {counts['translated']}, reviewed {counts['reviewed']},"
            f" draft {counts['draft']}, new {counts['new']})",
            style="dim",
        )
        if s.filter:
            bar.append(f" · filter: {s.filter}", style="bold")
        self.query_one("#bar", Static).update(bar)

        before, after = s.neighbours()
        self._draw_context("before", before, "previous")
        self._draw_context("after", after, "next")

        hits = s.term_hits()
        spans: list[Span] = [(h.start, h.end, TERM_STYLE) for h in hits]
        self.query_one("#source", ArabicView).show(seg["source"], spans)
        self._fill("#terms", self._terms_text())
        self._fill("#memory", self._memory_text())
        note = Text()
        if seg.get("note"):
            note.append("Note: ", style="bold")
            note.append(seg["note"])
        self._fill("#note", note)
        self._show_message()

    def _fill(self, selector: str, content: Text) -> None:
        """Update a line of the screen, hiding it when empty so the rest moves up."""
        widget = self.query_one(selector, Static)
        widget.update(content)
        widget.display = bool(content.plain)

    def _draw_context(self, name: str, seg: dict[str, Any] | None, label: str) -> None:
        head = Text()
        if seg is not None:
            head.append(f"{label}: segment {seg['id']} · {seg['kind']} · {seg['status']}")
        self._fill(f"#{name}-label", head)
        view = self.query_one(f"#{name}", ArabicView)
        view.show(seg["source"] if seg else "")
        view.display = seg is not None
        if name == "before":
            target = Text(seg["target"] or "", style="italic") if seg else Text()
            self._fill("#before-target", target)

    def _arabic_inline(self, text: str, style: str = "") -> Text:
        return visual_text(text, style) if self._rtl_visual else Text(text, style=style)

    def _terms_text(self) -> Text:
        renderings = self.session.renderings()
        out = Text()
        if not renderings:
            out.append("Glossary: no terms in this segment", style="dim")
            return out
        out.append("Glossary (ctrl+t to insert):", style="bold")
        for number, item in enumerate(renderings[:9], start=1):
            # English first, so a bidi terminal lays the line out left to right.
            out.append(f"\n {number} ", style="bold reverse")
            out.append(f" {item.target}", style="bold")
            out.append("  ←  ", style="dim")
            out.append_text(self._arabic_inline(item.source, "yellow"))
            if item.avoid:
                out.append(f"  (not: {', '.join(item.avoid)})", style="dim")
        return out

    def _memory_text(self) -> Text:
        out = Text()
        try:
            suggestions = self.session.suggestions()
        except TranslateCliError as exc:  # memory trouble must not close the editor
            return Text(f"Translation memory: {exc}", style="red")
        if not suggestions:
            return out
        out.append("Translation memory (ctrl+t to use):", style="bold")
        for key, item in zip(MEMORY_KEYS, suggestions, strict=False):
            out.append(f"\n {key} ", style="bold reverse")
            out.append(f" {item.get('score', 0):.0f}% ", style="bold")
            out.append(str(item.get("target") or ""))
        return out

    def say(self, message: str, *, error: bool = False) -> None:
        """One line under the editor telling what the last key did."""
        self.message = message
        self._show_message(error)

    def _show_message(self, error: bool = False) -> None:
        style = "bold red" if error else "green"
        self.query_one("#message", Static).update(Text(self.message, style=style, no_wrap=True))

    # ---- saving and moving ------------------------------------------------------------------

    def save_pending(self) -> bool:
        """Keep unconfirmed typing as a draft before leaving the segment; False if that failed."""
        try:
            saved = self.session.leave(self.editor.text)
        except TranslateCliError as exc:
            self.say(str(exc), error=True)
            return False
        if saved is not None:
            self.message = f"Segment {saved['id']} kept as {saved['status']}."
        return True

    def move_to(self, seg_id: int | str) -> None:
        if not self.save_pending():
            return
        try:
            self.session.go(seg_id)
        except TranslateCliError as exc:
            self.say(str(exc), error=True)
            return
        self.load_segment()

    def action_confirm(self) -> None:
        s = self.session
        try:
            seg, filled = s.confirm(self.editor.text)
        except TranslateCliError as exc:
            self.say(str(exc), error=True)
            return
        message = f"Segment {seg['id']} saved as {seg['status']}."
        if filled:
            message += f" Memory filled {len(filled)} identical segment(s) as drafts."
        following = s.next_unfinished()
        if following is None:
            counts = s.progress()
            self.message = (
                message
                + f" No unfinished segments left ({counts['approved']}/{counts['total']} approved)."
            )
            self.load_segment()
            return
        self.message = message
        self.move_to(following["id"])

    def action_set_status(self, status: str) -> None:
        try:
            seg = self.session.set_status(self.editor.text, status)
        except TranslateCliError as exc:
            self.say(str(exc), error=True)
            return
        self.message = f"Segment {seg['id']} is now {seg['status']}."
        self._reload_keeping_cursor()

    def action_status_menu(self) -> None:
        options: list[tuple[str, Text | str]] = [
            (key, status) for key, status in STATUS_KEYS.items()
        ]

        def done(key: str | None) -> None:
            if key is not None:
                self.action_set_status(STATUS_KEYS[key])

        self.app.push_screen(ChoiceScreen("Set the status of this segment:", options), done)

    def _reload_keeping_cursor(self) -> None:
        editor = self.editor
        cursor = editor.cursor_location
        self.load_segment()
        if editor.text:
            last_row = editor.document.line_count - 1
            row = min(cursor[0], last_row)
            editor.move_cursor((row, min(cursor[1], len(editor.document.get_line(row)))))

    def action_step(self, delta: int) -> None:
        seg = self.session.step(delta)
        if seg is None:
            where = "last" if delta > 0 else "first"
            scope = f" {self.session.filter}" if self.session.filter else ""
            self.say(f"This is the {where}{scope} segment.")
            return
        self.message = ""
        self.move_to(seg["id"])

    def action_goto(self) -> None:
        def done(value: str | None) -> None:
            if value is None or not value.strip():
                return
            self.message = ""
            self.move_to(value.strip())

        self.app.push_screen(PromptScreen("Go to segment id:"), done)

    def action_filter(self) -> None:
        options: list[tuple[str, Text | str]] = [("0", "all segments")]
        counts = self.session.progress()
        options += [
            (str(i), f"{status} ({counts[status]})") for i, status in enumerate(STATUSES, 1)
        ]

        def done(key: str | None) -> None:
            if key is None:
                return
            status = None if key == "0" else STATUSES[int(key) - 1]
            target = self.session.set_filter(status)
            if target is None:
                self.say(f"No segment is {status}: the filter is unchanged.")
                return
            self.message = f"Showing {status or 'all'} segments."
            if target["id"] == self.session.current["id"]:
                self.draw()
            else:
                self.move_to(target["id"])

        self.app.push_screen(ChoiceScreen("Show segments with status:", options), done)

    def action_insert(self) -> None:
        renderings = self.session.renderings()[:9]
        try:
            suggestions = self.session.suggestions()[: len(MEMORY_KEYS)]
        except TranslateCliError:
            suggestions = []
        if not renderings and not suggestions:
            self.say("No glossary terms or memory matches for this segment.")
            return
        options: list[tuple[str, Text | str]] = []
        for number, rendering in enumerate(renderings, start=1):
            label = Text(rendering.target, style="bold")
            label.append("  ←  ", style="dim")
            label.append_text(self._arabic_inline(rendering.source))
            options.append((str(number), label))
        for key, match in zip(MEMORY_KEYS, suggestions, strict=False):
            options.append(
                (key, Text(f"{match.get('score', 0):.0f}%  {match.get('target') or ''}"))
            )

        def done(key: str | None) -> None:
            if key is None:
                return
            editor = self.editor
            if key.isdigit():
                editor.replace(
                    renderings[int(key) - 1].target,
                    editor.selection.start,
                    editor.selection.end,
                    maintain_selection_offset=False,
                )
                self.say(f"Inserted {renderings[int(key) - 1].target!r}.")
            else:
                text = str(suggestions[MEMORY_KEYS.index(key)].get("target") or "")
                editor.replace(text, (0, 0), editor.document.end, maintain_selection_offset=False)
                self.say("Replaced the text with the memory match (ctrl+z to undo).")
            editor.focus()

        title = "Insert a glossary rendering at the cursor (1-9) or use a memory match (a-j):"
        self.app.push_screen(ChoiceScreen(title, options), done)

    def action_note(self) -> None:
        seg = self.session.current

        def done(value: str | None) -> None:
            if value is None:
                return
            try:
                saved = self.session.set_note(value)
            except TranslateCliError as exc:
                self.say(str(exc), error=True)
                return
            self.message = (
                f"Note {'saved' if saved['note'] else 'cleared'} on segment {saved['id']}."
            )
            self.draw()

        title = f"Note on segment {seg['id']} (empty to clear):"
        self.app.push_screen(PromptScreen(title, seg.get("note") or ""), done)

    def action_editor(self) -> None:
        from textual.app import SuspendNotSupported

        editor = self.editor
        text = editor.text
        try:
            if self.app.is_headless:
                new = editing.run_editor(text)
            else:
                with self.app.suspend():
                    new = editing.run_editor(text)
        except SuspendNotSupported:
            self.say("This terminal cannot hand over to $EDITOR.", error=True)
            return
        except TranslateCliError as exc:
            self.say(str(exc), error=True)
            return
        if new != text:
            editor.replace(new, (0, 0), editor.document.end, maintain_selection_offset=False)
            self.say("Text from $EDITOR: ctrl+s to confirm, ctrl+z to undo.")
        else:
            self.say("$EDITOR made no change.")
        editor.focus()


class ReviewApp(App[None]):
    """``translate-cli review``: one article, one segment at a time."""

    TITLE = "translate-cli review"
    ENABLE_COMMAND_PALETTE = False  # ctrl+p is "previous segment"
    # Not a priority binding (Textual's default is): typing just before ctrl+q is kept.
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "quit", "Quit")]

    def __init__(self, session: ReviewSession, *, visual: bool = False) -> None:
        super().__init__()
        self.session = session
        self.review = ReviewScreen(session, visual=visual)
        self._quit_failed = False

    def get_default_screen(self) -> Screen[Any]:
        return self.review

    async def action_quit(self) -> None:
        """Keep unconfirmed typing as a draft, then leave (the place is already stored)."""
        if self.review.is_mounted and not self._quit_failed and not self.review.save_pending():
            # Saving failed: stay so the typing is not lost, unless asked a second time.
            self._quit_failed = True
            while self.screen is not self.review:
                self.pop_screen()
            self.review.say(
                self.review.message + " Press ctrl+q again to quit without keeping the typing.",
                error=True,
            )
            return
        self.exit()
