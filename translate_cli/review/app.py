"""The review screen: a keyboard-driven segment editor (Textual).

Keys are ones terminals deliver reliably: ctrl+letter, alt+letter and F1-F4 (alt+digit and
alt+enter arrive as other characters or as plain enter in many terminals, including tmux).

The layout follows the terminal: below 32 rows the neighbours, glossary, memory and help
collapse to one line each so that the whole current sentence and its translation stay on
screen; from 120x40 an article pane beside the editor shows the article as it reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Click, Key, Resize
from textual.geometry import Region, Size
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from translate_cli import editing
from translate_cli.errors import TranslateCliError
from translate_cli.pretranslate import machine_label
from translate_cli.review.display import (
    Span,
    logical_text,
    safe,
    visual_cut,
    visual_lines,
    visual_text,
    wrap_ranges,
)
from translate_cli.review.session import PASS_STATUSES, ReviewSession
from translate_cli.status import STATUSES, rank

HELP = (
    "ctrl+s confirm & next · alt+n/d/t/r/a new/draft/translated/reviewed/approved\n"
    "ctrl+n/ctrl+p next/prev · ctrl+g go to · ctrl+f filter · ctrl+t term/memory\n"
    "ctrl+l status menu · ctrl+r note · ctrl+o $EDITOR · ctrl+z undo · ctrl+q quit\n"
    "f2 article pane (tab to it) · f3 reviewer's pass · alt+x back to draft · f1 keys"
)
# The help as one line, for small terminals (f1 shows it all).
HELP_SHORT = "ctrl+s confirm · ctrl+n/p move · ctrl+l status · f1 all keys · ctrl+q quit"
PASS_HELP = "ctrl+s {status} & next · alt+x to draft · f3 end pass · f1 keys · ctrl+q quit"
# The whole list, shown by f1.
KEYS_TEXT = """ctrl+s      confirm and go to the next unfinished segment
            (in a reviewer's pass: give the pass's status and go to the next)
alt+n/d/t/r/a  set the status new, draft, translated, reviewed, approved
ctrl+l      the same statuses from a menu (for terminals without alt)
ctrl+n/p    next / previous segment (within the filter or the pass)
ctrl+g      go to a segment number
ctrl+f      show only segments with one status
ctrl+t      insert a glossary rendering or use a memory match
ctrl+r      note on the segment
ctrl+o      edit in $EDITOR
ctrl+z      undo typing; with nothing left to undo in the field, undo the last change saved
            (a confirm with the drafts it filled, a status, a note), going further back each time
f2, alt+v   article pane on/off; tab moves into it, up/down move the editor, enter comes back
f3, alt+p   reviewer's pass: translated -> reviewed, or reviewed -> approved
alt+x, f4   send the segment back to draft with a note for the translator
f1          this list
ctrl+q      quit (typing not confirmed is kept as a draft)"""
# Below this many rows the screen is compact; from PANE_SIZE up the article pane shows itself.
COMPACT_ROWS = 32
PANE_SIZE = (120, 40)
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
    "f1": "keys",
    "f2": "toggle_pane",
    "alt+v": "toggle_pane",
    "f3": "pass_menu",
    "alt+p": "pass_menu",
    # Not alt+b: terminals send ESC b (and ESC f) for ctrl+left (ctrl+right).
    "alt+x": "send_back",
    "f4": "send_back",
}
STATUS_STYLE = {
    "new": "bold red",
    "draft": "bold yellow",
    "translated": "bold cyan",
    "reviewed": "bold blue",
    "approved": "bold green",
}
# Background tints of the article pane, by status (the current segment is reversed too).
STATUS_TINT = {
    "new": "on #4a1f1f",
    "draft": "on #4a4016",
    "translated": "on #143f47",
    "reviewed": "on #1d2c5a",
    "approved": "on #173f1f",
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
        self._arabic = self._stored = ""
        self._arabic_spans: list[Span] = []
        self._base_style = ""
        if visual:
            self.styles.text_align = "right"  # right-to-left lines start at the right edge

    def show(self, text: str, spans: list[Span] | None = None, style: str = "") -> None:
        self._stored = text
        self._arabic, self._arabic_spans = safe(text, spans or [])
        self._base_style = style
        self.refresh(layout=True)

    @property
    def plain(self) -> str:
        """The logical text shown, as stored (for tests)."""
        return self._stored

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


class ContextLine(Widget):
    """A neighbouring segment collapsed to one line: a label, then its text cut to fit."""

    DEFAULT_CSS = "ContextLine { height: 1; color: $text-muted; }"

    def __init__(self, *, visual: bool, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rtl_visual = visual
        self._label = Text()
        self._line = ""
        self._arabic_line = False

    def show(self, label: Text, text: str, *, arabic: bool) -> None:
        self._label, self._line, self._arabic_line = label, safe(text)[0], arabic
        self.refresh()

    @property
    def plain(self) -> str:
        return self._label.plain + self._line

    def render(self) -> Any:
        out = self._label.copy()
        room = max(self.content_size.width - out.cell_len, 1)
        if self._arabic_line and self._rtl_visual:
            out.append_text(visual_cut(self._line, room))
        else:
            out.append(self._line, style="italic" if not self._arabic_line else "")
        out.no_wrap, out.overflow = True, "ellipsis"
        return out


class ArticleView(Widget):
    """The article as it reads, paragraph by paragraph: each segment's English where it has
    one and its Arabic where not, tinted by status, the current one reversed."""

    DEFAULT_CSS = "ArticleView { height: auto; padding: 0 1; }"

    def __init__(self, *, visual: bool, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rtl_visual = visual
        self._segments: Sequence[Mapping[str, Any]] = ()
        self._current: int | None = None
        self._cache: tuple[int, list[Text], list[list[tuple[int, int, int]]], int] | None = None

    def show(self, segments: Sequence[Mapping[str, Any]], current: int) -> None:
        self._segments, self._current, self._cache = segments, current, None
        self.refresh(layout=True)

    def current_line(self) -> int:
        return self._layout(self.content_size.width)[3]

    def lines(self, width: int) -> list[Text]:
        return self._layout(width)[1]

    def _layout(self, width: int) -> tuple[int, list[Text], list[list[tuple[int, int, int]]], int]:
        """The lines for ``width``, which segments each line holds (cell ranges), and the line
        of the current segment."""
        width = max(width, 10)
        if self._cache is not None and self._cache[0] == width:
            return self._cache
        lines: list[Text] = []
        where: list[list[tuple[int, int, int]]] = []
        current_line = 0
        groups: list[list[Mapping[str, Any]]] = []
        for seg in self._segments:
            if groups and groups[-1][0]["block"] == seg["block"]:
                groups[-1].append(seg)
            else:
                groups.append([seg])
        for number, group in enumerate(groups):
            if number:
                lines.append(Text())
                where.append([])
            base = "bold" if group[0].get("kind") in ("title", "heading") else ""
            # In visual mode Arabic runs are laid out right to left on lines of their own.
            runs: list[tuple[bool, list[Mapping[str, Any]]]] = []
            for seg in group:
                arabic = self._rtl_visual and not seg.get("target")
                if runs and runs[-1][0] == arabic:
                    runs[-1][1].append(seg)
                else:
                    runs.append((arabic, [seg]))
            for arabic, segs in runs:
                text, spans, owners = "", [], []
                for seg in segs:
                    piece = safe(seg.get("target") or seg["source"])[0]
                    start = len(text) + (1 if text else 0)
                    text = f"{text} {piece}" if text else piece
                    style = STATUS_TINT.get(seg["status"], "")
                    if seg["id"] == self._current:
                        style += " reverse"
                    spans.append((start, len(text), style))
                    owners.append((start, len(text), seg["id"]))
                ranges = wrap_ranges(text, width)
                for a, b in ranges:
                    on_line = [(max(s, a), min(e, b), n) for s, e, n in owners if s < b and e > a]
                    if any(n == self._current for _, _, n in on_line) and not current_line:
                        current_line = len(lines)
                    if arabic:
                        line = visual_lines(text[a:b], width, _shift(spans, a), base)[0]
                        line = Text(" " * max(width - line.cell_len, 0)) + line
                        cells = [(0, width, n) for _, _, n in on_line]
                    else:
                        line = logical_text(text, spans, base)[a:b]
                        cells = [(s - a, e - a, n) for s, e, n in on_line]
                    lines.append(line)
                    where.append(cells)
        self._cache = (width, lines, where, current_line)
        return self._cache

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(len(self.lines(width)), 1)

    def render(self) -> Any:
        out = Text("\n").join(self.lines(self.content_size.width))
        out.no_wrap, out.overflow = True, "crop"
        return out

    def on_click(self, event: Click) -> None:
        """Clicking a segment moves the editor to it."""
        _, _, where, _ = self._layout(self.content_size.width)
        row = event.y
        if not 0 <= row < len(where) or not where[row]:
            return
        x = event.x - 1  # the padding
        hit = next((n for a, b, n in where[row] if a <= x < b), where[row][0][2])
        screen = self.screen
        if isinstance(screen, ReviewScreen):
            screen.action_pane_go(hit)


def _shift(spans: Sequence[Span], offset: int) -> list[Span]:
    return [(a - offset, b - offset, style) for a, b, style in spans]


class ArticlePane(VerticalScroll):
    """The article pane: up/down move the editor through the article; enter goes back to it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "screen.pane_step(-1)", "previous", show=False),
        Binding("down,j", "screen.pane_step(1)", "next", show=False),
        Binding("enter,escape", "screen.focus_editor", "editor", show=False),
    ]


class KeysScreen(ModalScreen[None]):
    """Every key of the screen (f1); any key closes it."""

    DEFAULT_CSS = """
    KeysScreen { align: center middle; }
    KeysScreen > VerticalScroll { width: 96%; max-width: 100; height: auto; max-height: 96%;
        border: round $accent; background: $panel; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(keys_table())
            yield Static(Text("up/down scroll · any other key closes", style="dim"))

    def on_key(self, event: Key) -> None:
        event.stop()
        # At 80x24 the list is taller than the box: the arrows scroll it.
        scroll = self.query_one(VerticalScroll)
        moves = {
            "up": scroll.scroll_up,
            "down": scroll.scroll_down,
            "pageup": scroll.scroll_page_up,
            "pagedown": scroll.scroll_page_down,
        }
        if event.key in moves:
            moves[event.key](animate=False)
            return
        self.dismiss(None)


def keys_table() -> Any:
    """KEYS_TEXT as two columns, so a description that wraps (at 80 columns) stays under
    itself instead of running back under the keys."""
    import re

    from rich.table import Table

    rows: list[list[str]] = []
    for line in KEYS_TEXT.splitlines():
        if line.startswith(" ") and rows:
            rows[-1][1] += " " + line.strip()
        else:
            key, _, what = [*re.split(r"(\s{2,})", line, maxsplit=1), "", ""][:3]
            rows.append([key, what.strip()])
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column(ratio=1)
    for key, what in rows:
        table.add_row(key, what)
    return table


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
        if event.key == "ctrl+z" and not self.history.undo_stack:
            action = "undo_change"  # nothing left to undo in the field: undo the last save
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
    """The editor for one article: source with term hints, context, the target field, keys,
    and (on large terminals, or with f2) the article pane."""

    # The same keys for when the field does not have the focus.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(key, action, action.split("(")[0].replace("_", " "), show=False)
        for key, action in {**SCREEN_KEYS, "ctrl+z": "undo_change"}.items()
    ]
    DEFAULT_CSS = """
    ReviewScreen { layout: vertical; }
    #bar { height: 2; background: $primary-background; padding: 0 1; }
    #body { height: 1fr; }
    #pane { display: none; width: 45%; border-right: vkey $accent; }
    #main { width: 1fr; }
    #top { height: 1fr; padding: 0 1; }
    .context { color: $text-muted; }
    .label { color: $text-muted; margin-top: 1; }
    .oneline { display: none; }
    #source { border: round $accent; padding: 0 1; }
    #target { height: 7; border: round $success; }
    #message { height: 1; padding: 0 1; }
    #help { height: auto; background: $primary-background; color: $text; padding: 0 1; }
    ReviewScreen.with-pane #pane { display: block; }
    ReviewScreen.pane-above #body { layout: vertical; }
    ReviewScreen.pane-above #pane { width: 100%; height: 40%; border-right: none;
        border-bottom: hkey $accent; }
    ReviewScreen.compact .full { display: none; }
    ReviewScreen.compact .oneline { display: block; }
    ReviewScreen.compact #help { height: 1; }
    ReviewScreen.compact #terms, ReviewScreen.compact #memory, ReviewScreen.compact #note {
        text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, session: ReviewSession, *, visual: bool = False) -> None:
        super().__init__()
        self.session = session
        self._rtl_visual = visual
        self.message = ""
        self.compact = False
        self._pane_chosen: bool | None = None  # set once the translator toggles the pane

    def compose(self) -> ComposeResult:
        yield Static(id="bar")
        with Horizontal(id="body"):
            with ArticlePane(id="pane"):
                yield ArticleView(visual=self._rtl_visual, id="article")
            with Vertical(id="main"):
                with VerticalScroll(id="top", can_focus=False):
                    yield Static(id="before-label", classes="label full")
                    yield ArabicView(visual=self._rtl_visual, id="before", classes="context full")
                    yield Static(id="before-target", classes="context full")
                    yield ContextLine(visual=self._rtl_visual, id="before-line")
                    yield ArabicView(visual=self._rtl_visual, id="source")
                    yield Static(id="terms")
                    yield Static(id="memory")
                    yield Static(id="note")
                    yield Static(id="after-label", classes="label full")
                    yield ArabicView(visual=self._rtl_visual, id="after", classes="context full")
                    yield ContextLine(visual=self._rtl_visual, id="after-line")
                yield TargetArea(id="target", soft_wrap=True)
                yield Static(id="message")
        yield Static(HELP, id="help")

    def on_mount(self) -> None:
        for line in self.query(ContextLine):
            line.add_class("oneline")
        self.query_one("#source", ArabicView).border_title = "Arabic source"
        self.editor.border_title = "English translation"
        self._fit_layout(self.app.size)
        self.load_segment()
        self.editor.focus()

    @property
    def editor(self) -> TextArea:
        return self.query_one("#target", TextArea)

    @property
    def pane_shown(self) -> bool:
        return self.has_class("with-pane")

    # ---- layout -----------------------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        self._fit_layout(event.size)
        self.draw()
        # The field's height depends on the layout (smaller when compact) and on the width.
        self.call_after_refresh(self._fit_editor)

    def _fit_layout(self, size: Size) -> None:
        """Compact below COMPACT_ROWS; the pane beside the editor from 120 columns, else above;
        shown by itself from PANE_SIZE up unless the translator toggled it."""
        self.compact = size.height < COMPACT_ROWS
        self.set_class(self.compact, "compact")
        wide = size.width >= PANE_SIZE[0]
        self.set_class(not wide, "pane-above")
        show = self._pane_chosen
        if show is None:
            show = size.width >= PANE_SIZE[0] and size.height >= PANE_SIZE[1]
        self.set_class(show, "with-pane")

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._fit_editor()

    def _fit_editor(self) -> None:
        """The field grows with its text (the whole translation visible), up to a limit."""
        editor = self.editor
        lines = editor.wrapped_document.height if editor.size.width else 1
        limit = 8 if self.compact else 12
        height = min(max(lines, 3 if self.compact else 5), limit) + 2
        if editor.styles.height is None or editor.styles.height.value != height:
            editor.styles.height = height
            self.call_after_refresh(self._show_source)

    def _show_source(self) -> None:
        """Scroll the upper part so the whole current source is in view."""
        top = self.query_one("#top", VerticalScroll)
        top.scroll_to_widget(self.query_one("#source"), animate=False)

    # ---- drawing ----------------------------------------------------------------------------

    def load_segment(self) -> None:
        """Put the current segment's target into the editor and draw everything around it."""
        editor = self.editor
        editor.load_text(self.session.current["target"] or "")
        editor.move_cursor(editor.document.end)
        self.draw()
        self.call_after_refresh(self._fit_editor)

    def draw(self) -> None:
        s = self.session
        seg = s.current
        counts = s.progress()
        total = counts["total"]
        # Each line cut to the width here (Textual crops without an ellipsis), the per-status
        # counts left out first, so what the segment is and the pass stay readable at 80.
        room = max(self.app.size.width - 2, 20)
        bar = Text(no_wrap=True, overflow="ellipsis")
        bar.append(f"[{s.article_id}] ", style="bold")
        title = safe(" ".join((s.article["title"] or "").split()))[0]
        if self._rtl_visual:
            bar.append_text(visual_cut(title, room - bar.cell_len, "bold"))
        else:
            bar.append_text(Text(title, style="bold"))
        bar.truncate(room, overflow="ellipsis")
        bar.append("\n")
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(f"segment {seg['id']}", style="bold")
        line.append(f" ({min(s.position + 1, total)}/{total}) · {seg['kind']} · ")
        line.append(seg["status"], style=STATUS_STYLE.get(seg["status"], "bold"))
        if seg.get("flag"):
            line.append(f" ({seg['flag']} since last fetch)", style="bold magenta")
        if seg.get("removed"):
            line.append(" (removed from the page)", style="bold magenta")
        if machine_label(seg):
            line.append(f" ({machine_label(seg)}: confirm to make it yours)", style="bold cyan")
        if s.pass_status:
            line.append(
                f" · {s.pass_status} pass: {s.pass_left()} {s.pass_below} left",
                style="bold magenta",
            )
        if s.filter and not s.pass_status:
            line.append(f" · filter: {s.filter}", style="bold")
        line.append(f" · approved {counts['approved']}/{total}")
        detail = Text(
            f" (translated {counts['translated']}, reviewed {counts['reviewed']},"
            f" draft {counts['draft']}, new {counts['new']})",
            style="dim",
        )
        if line.cell_len + detail.cell_len <= room:
            line.append_text(detail)
        line.truncate(room, overflow="ellipsis")
        bar.append_text(line)
        self.query_one("#bar", Static).update(bar)

        before, after = s.neighbours()
        self._draw_context("before", before, "previous")
        self._draw_context("after", after, "next")

        hits = s.term_hits()
        spans: list[Span] = [(h.start, h.end, TERM_STYLE) for h in hits]
        self.query_one("#source", ArabicView).show(seg["source"], spans)
        self._fill("#terms", self._terms_text())
        self._fill("#memory", self._memory_text())
        note = Text(no_wrap=self.compact, overflow="ellipsis")
        if seg.get("note"):
            note.append("Note: ", style="bold")
            note.append(safe(seg["note"] or "")[0])
        self._fill("#note", note)
        if s.pass_status:
            help_text = PASS_HELP.format(status=s.pass_status)
        else:
            help_text = HELP_SHORT if self.compact else HELP
        self.query_one("#help", Static).update(Text(help_text, no_wrap=True, overflow="ellipsis"))
        self._show_message()
        if self.pane_shown:
            self._draw_pane()
        if self.compact:
            self.call_after_refresh(self._show_source)

    def _draw_pane(self) -> None:
        view = self.query_one("#article", ArticleView)
        view.show(self.session.segments, self.session.current["id"])
        self.call_after_refresh(self._scroll_pane)

    def _scroll_pane(self) -> None:
        pane = self.query_one("#pane", ArticlePane)
        line = self.query_one("#article", ArticleView).current_line()
        pane.scroll_to_region(Region(0, line, 1, 1), animate=False, center=True)

    def _fill(self, selector: str, content: Text) -> None:
        """Update a line of the screen, hiding it when empty so the rest moves up."""
        widget = self.query_one(selector, Static)
        widget.update(content)
        widget.display = bool(content.plain)

    def _draw_context(self, name: str, seg: Mapping[str, Any] | None, label: str) -> None:
        head = Text()
        if seg is not None:
            head.append(f"{label}: segment {seg['id']} · {seg['kind']} · {seg['status']}")
        full = not self.compact  # compact: the one line below stands for all three
        self._fill(f"#{name}-label", head if full else Text())
        view = self.query_one(f"#{name}", ArabicView)
        view.show(seg["source"] if seg else "")
        view.display = seg is not None and full
        if name == "before":
            target = Text(safe(seg["target"] or "")[0], style="italic") if seg else Text()
            self._fill("#before-target", target if full else Text())
        line = self.query_one(f"#{name}-line", ContextLine)
        if seg is None:
            line.display = False
            return
        line.display = self.compact
        short = Text(f"{'↑' if name == 'before' else '↓'} {seg['id']} {seg['status']}: ")
        short.stylize("dim")
        # English when it has some (it says what the sentence was), else the Arabic.
        line.show(short, seg["target"] or seg["source"], arabic=not seg["target"])

    def _arabic_inline(self, text: str, style: str = "") -> Text:
        text = safe(text)[0]
        return visual_text(text, style) if self._rtl_visual else Text(text, style=style)

    def _terms_text(self) -> Text:
        renderings = self.session.renderings()
        out = Text(no_wrap=self.compact, overflow="ellipsis")
        if not renderings:
            out.append("Glossary: no terms in this segment", style="dim")
            return out
        if self.compact:
            out.append("Glossary (ctrl+t):", style="bold")
            for number, item in enumerate(renderings[:9], start=1):
                out.append(f" {number} ", style="bold reverse")
                out.append(f" {item.target}", style="bold")
                out.append(" ← ", style="dim")
                out.append_text(self._arabic_inline(item.source, "yellow"))
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
        out = Text(no_wrap=self.compact, overflow="ellipsis")
        try:
            suggestions = self.session.suggestions()
        except TranslateCliError as exc:  # memory trouble must not close the editor
            return Text(f"Translation memory: {exc}", style="red")
        if not suggestions:
            return out
        if self.compact:
            best = suggestions[0]
            out.append("Memory (ctrl+t):", style="bold")
            out.append(f" {best.get('score', 0):.0f}% ", style="bold")
            out.append(safe(str(best.get("target") or ""))[0])
            if len(suggestions) > 1:
                out.append(f" (+{len(suggestions) - 1})", style="dim")
            return out
        out.append("Translation memory (ctrl+t to use):", style="bold")
        for key, item in zip(MEMORY_KEYS, suggestions, strict=False):
            out.append(f"\n {key} ", style="bold reverse")
            out.append(f" {item.get('score', 0):.0f}% ", style="bold")
            out.append(safe(str(item.get("target") or ""))[0])
        return out

    def say(self, message: str, *, error: bool = False) -> None:
        """One line under the editor telling what the last key did."""
        self.message = message
        self._show_message(error)

    def _show_message(self, error: bool = False) -> None:
        style = "bold red" if error else "green"
        self.query_one("#message", Static).update(
            Text(safe(self.message)[0], style=style, no_wrap=True, overflow="ellipsis")
        )

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

    def leave_then(
        self, then: Callable[[], Any], on_failure: Callable[[], Any] | None = None
    ) -> None:
        """Keep the typing, then ``then()``; when keeping it would send a reviewed or approved
        segment back to draft, ask first (keep as draft, discard, or stay)."""
        s = self.session
        if not s.would_demote(self.editor.text):
            if self.save_pending():
                then()
            elif on_failure is not None:
                on_failure()
            return
        seg = s.current

        def done(key: str | None) -> None:
            if key == "d":
                if self.save_pending():
                    then()
                elif on_failure is not None:
                    on_failure()
            elif key == "x":
                self.editor.load_text(s.loaded_target or "")
                self.message = (
                    f"Edit of segment {seg['id']} discarded; it is still {seg['status']}."
                )
                then()
            else:
                self.say(
                    f"Still on segment {seg['id']}: ctrl+s confirms the edit, "
                    f"alt+{seg['status'][0]} keeps it {seg['status']}."
                )

        options: list[tuple[str, Text | str]] = [
            ("d", "keep the edit: the segment becomes a draft"),
            ("x", f"discard the edit: the segment stays {seg['status']}"),
        ]
        title = f"Segment {seg['id']} is {seg['status']}: keeping your edit sends it back to draft."
        self.app.push_screen(ChoiceScreen(title, options), done)

    def move_to(self, seg_id: int | str) -> None:
        def go() -> None:
            try:
                self.session.go(seg_id)
            except TranslateCliError as exc:
                self.say(str(exc), error=True)
                return
            self.load_segment()

        self.leave_then(go)

    def action_confirm(self) -> None:
        s = self.session
        if s.pass_status:
            self._promote()
            return
        was = s.current["status"]
        try:
            seg, filled = s.confirm(self.editor.text)
        except TranslateCliError as exc:
            self.say(str(exc), error=True)
            return
        message = f"Segment {seg['id']} saved as {seg['status']}."
        if rank(was) > rank(seg["status"]):
            message += f" It was {was}: the changed text needs review again."
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

    # ---- a reviewer's pass ------------------------------------------------------------------

    def _promote(self) -> None:
        s = self.session
        status = s.pass_status or PASS_STATUSES[0]
        seg = s.current
        if rank(seg["status"]) >= rank(status) and not s.would_demote(self.editor.text):
            self.message = f"Segment {seg['id']} is already {seg['status']}."
        else:
            try:
                seg = s.promote(self.editor.text)
            except TranslateCliError as exc:
                self.say(str(exc), error=True)
                return
            self.message = f"Segment {seg['id']} is now {seg['status']}."
        self._next_in_pass()

    def _next_in_pass(self) -> None:
        s = self.session
        following = s.next_in_pass()
        if following is None:
            status = s.pass_status
            s.end_pass()
            self.message += (
                f" The {status} pass is done: no {STATUSES[rank(status or '') - 1]} segments left."
            )
            self.load_segment()
            return
        self.move_to(following["id"])

    def action_pass_menu(self) -> None:
        s = self.session
        counts = s.progress()
        options: list[tuple[str, Text | str]] = [
            (
                status[0],
                f"{status} pass: {STATUSES[rank(status) - 1]} -> {status} "
                f"({counts[STATUSES[rank(status) - 1]]} waiting)",
            )
            for status in PASS_STATUSES
        ]
        if s.pass_status:
            options.append(("e", f"end the {s.pass_status} pass"))

        def done(key: str | None) -> None:
            if key is None:
                return
            if key == "e":
                s.end_pass()
                self.say("Pass ended: ctrl+s confirms again.")
                self.draw()
                return
            status = next(st for st in PASS_STATUSES if st[0] == key)
            first = s.start_pass(status)
            if first is None:
                self.say(
                    f"No segment is {STATUSES[rank(status) - 1]}: nothing for a {status} pass."
                )
                return
            self.message = f"{status.capitalize()} pass: ctrl+s gives {status}, alt+x sends back."
            if first["id"] == s.current["id"]:
                self.draw()
            else:
                self.move_to(first["id"])

        self.app.push_screen(ChoiceScreen("Reviewer's pass:", options), done)

    def action_send_back(self) -> None:
        s = self.session
        seg = s.current

        def done(value: str | None) -> None:
            if value is None:
                return
            try:
                saved = s.send_back(self.editor.text, value)
            except TranslateCliError as exc:
                self.say(str(exc), error=True)
                return
            self.message = f"Segment {saved['id']} sent back to draft."
            if s.pass_status:
                self._next_in_pass()
            else:
                self.load_segment()

        title = f"Send segment {seg['id']} back to draft; a note for the translator:"
        self.app.push_screen(PromptScreen(title, seg.get("note") or ""), done)

    # ---- undo, pane, keys -------------------------------------------------------------------

    def action_undo_change(self) -> None:
        """ctrl+z with nothing left to undo in the field: take back the last saved change."""
        try:
            result = self.session.undo_last()
        except TranslateCliError as exc:
            self.say(str(exc), error=True)
            return
        if result is None:
            self.say("Nothing to undo: this session has saved no change yet.")
            return
        self.message = result.summary
        self.load_segment()

    def action_toggle_pane(self) -> None:
        self._pane_chosen = not self.pane_shown
        self.set_class(self._pane_chosen, "with-pane")
        if self._pane_chosen:
            self._draw_pane()
        else:
            self.editor.focus()

    def action_pane_step(self, delta: int) -> None:
        segments = self.session.segments
        pos = self.session.position + delta
        if 0 <= pos < len(segments):
            self.move_to(segments[pos]["id"])

    def action_pane_go(self, seg_id: int) -> None:
        if seg_id != self.session.current["id"]:
            self.move_to(seg_id)

    def action_focus_editor(self) -> None:
        self.editor.focus()

    def action_keys(self) -> None:
        self.app.push_screen(KeysScreen())

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
        """Keep unconfirmed typing as a draft (asking first if that would demote a reviewed
        segment), then leave; the place is already stored."""
        review = self.review
        if not review.is_mounted or self._quit_failed:
            self.exit()
            return
        while self.screen is not review:  # a prompt or menu open: its typing is not kept
            await self.pop_screen()

        def failed() -> None:
            # Saving failed: stay so the typing is not lost, unless asked a second time.
            self._quit_failed = True
            review.say(
                review.message + " Press ctrl+q again to quit without keeping the typing.",
                error=True,
            )

        review.leave_then(self.exit, failed)
