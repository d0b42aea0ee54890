"""The one output layer: everything the CLI prints to a terminal goes through here.

- Data never drives the terminal: text from pages, files, the database or argv passes through
  :func:`translate_cli.text.controls.visible` before layout (cells keep their widths), and the
  console itself re-checks every segment it writes, so nothing that skips the helpers can emit
  an escape sequence either. Rich markup and emoji codes are off: ``[bold]`` in a title is text.
- Not a terminal (a pipe, a file): no colour, no ANSI, tables as plain columns without box
  drawing, Arabic in logical order.
- Visual mode (``--visual``, config ``display = "visual"``, ``TRANSLATE_CLI_VISUAL``) for
  terminals without bidi: Arabic wrapped to the column first, then shaped and reordered per
  line, harakat kept on their letters. Display only: nothing stored is reshaped.
- Long output through a pager when stdout is a terminal (``PAGER``, config ``pager``,
  ``--no-pager``).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from functools import lru_cache
from typing import IO, TYPE_CHECKING, Any

from translate_cli.text.controls import visible

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.table import Table
    from rich.text import Text

# Letters of the Arabic script (not its digits or punctuation): what visual mode reshapes.
_ARABIC = re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\u06ee-\u06ff\u0750-\u077f\ufb50-\ufefc]")
_HARAKAT = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u08d3-\u08ff"
# After reordering, an Arabic letter's marks come out before it: put them back after it.
_MARKS_FIRST = re.compile(f"([{_HARAKAT}]+)([^{_HARAKAT}])")

# The widest console: beyond any real terminal, and a bound on what a bad COLUMNS costs.
MAX_WIDTH = 1000

# Process-wide choices made by the global options (see cli/app.py).
_settings: dict[str, Any] = {"pager": None}


def configure(*, pager: bool | None = None) -> None:
    """Record the global ``--no-pager`` choice (False) for this run; None: the settings decide."""
    _settings["pager"] = pager


def is_tty(stream: IO[Any] | None) -> bool:
    """True when ``stream`` is an open terminal (closed or missing streams are not)."""
    try:
        return bool(stream is not None and stream.isatty())
    except (ValueError, OSError, AttributeError):
        return False


# ---------------------------------------------------------------------------------------------
# Visual order for terminals without bidi (pure string functions)


def has_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))


@lru_cache(maxsize=1)
def _reshaper() -> Any:
    from arabic_reshaper import ArabicReshaper

    return ArabicReshaper(configuration={"delete_harakat": False})


def starts_rtl(text: str) -> bool:
    """The paragraph's direction by its first strong letter (the bidi rule P2): an Arabic
    sentence is right to left, an English message quoting an Arabic term left to right."""
    import unicodedata

    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return True


def visual_line(line: str, rtl: bool | None = None) -> str:
    """One line of text shaped and in visual (left-to-right) order; ``rtl`` is the base
    direction (default: that of the line's first strong letter).

    The harakat stay: arabic-reshaper keeps them after their letter, the bidi algorithm then
    puts them before it, and they are moved back so the terminal draws each on its letter.
    """
    if not has_arabic(line):
        return line
    from translate_cli.review.display import reorder

    shown = reorder(_reshaper().reshape(line), starts_rtl(line) if rtl is None else rtl)
    return _MARKS_FIRST.sub(lambda m: m.group(2) + m.group(1)[::-1], shown)


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap on the logical text (before shaping), by terminal cells."""
    from rich.cells import cell_len

    width = max(width, 1)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if cell_len(candidate) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            while cell_len(word) > width:  # a word wider than the column: cut it
                cut = 1
                while cut < len(word) and cell_len(word[: cut + 1]) <= width:
                    cut += 1
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
    return lines


def cut_to_width(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, ending in an ellipsis when it was longer."""
    from rich.cells import cell_len

    if cell_len(text) <= width:
        return text
    cut = len(text)
    while cut and cell_len(text[:cut]) > width - 1:
        cut -= 1
    return text[:cut].rstrip() + "…"


def plain_columns(
    headers: list[str], rows: list[list[str]], *, right: set[int], width: int | None
) -> list[str]:
    """A table for a pipe as plain space-separated columns, without Rich's layout (the cost
    of listing a thousand articles). The last column takes the room left and is cut with an
    ellipsis; ``width`` None never cuts it. Cells are sanitised here."""
    from rich.cells import cell_len

    shown = [[visible(" ".join(cell.split())) for cell in row] for row in rows]
    last = len(headers) - 1
    widths = [
        max([cell_len(headers[i]), *(cell_len(row[i]) for row in shown)]) for i in range(last)
    ]
    room = None if width is None else max(width - sum(widths) - 2 * last, 8)
    lines = []
    for row in [headers, *shown]:
        cells = []
        for i, cell in enumerate(row[:last]):
            pad = " " * (widths[i] - cell_len(cell))
            cells.append(pad + cell if i in right else cell + pad)
        cells.append(row[last] if room is None else cut_to_width(row[last], room))
        lines.append("  ".join(cells).rstrip())
    return lines


def visual_block(text: str, width: int) -> list[str]:
    """``text`` wrapped to ``width`` cells, each line in visual order (in the direction of
    the whole text, so a line of English words inside an Arabic paragraph stays RTL)."""
    rtl = starts_rtl(text)
    return [visual_line(line, rtl) for line in wrap(text, width)]


class VisualText:
    """A Rich renderable: Arabic wrapped to whatever width it is given, then shown visually;
    set against the right edge when the text is right to left, else the left."""

    def __init__(
        self, text: str, style: str = "", justify: str | None = None, one_line: bool = False
    ) -> None:
        self.text = text
        self.style = style
        self.justify = justify or ("right" if starts_rtl(text) else "left")
        self.one_line = one_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Any:
        from rich.cells import cell_len
        from rich.measure import Measurement

        words = [cell_len(w) for w in self.text.split()] or [0]
        longest_line = max(cell_len(line) for line in self.text.split("\n"))
        return Measurement(min(max(words), options.max_width), longest_line)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.text import Text

        if self.one_line:
            # Cut the logical end (the left side once reordered), then reorder.
            lines = [visual_line(cut_to_width(" ".join(self.text.split()), options.max_width))]
        else:
            lines = visual_block(self.text, options.max_width)
        yield Text(
            "\n".join(lines),
            style=self.style,
            justify=self.justify,  # type: ignore[arg-type]
            no_wrap=True,
            overflow="crop",
        )


# ---------------------------------------------------------------------------------------------
# Consoles


def _safe_console_class() -> type[Console]:
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        """A Rich console that shows any control character left in data instead of sending it."""

        def _render_buffer(self, buffer: Iterable[Segment]) -> str:
            cleaned = (
                seg if seg.control else Segment(visible(seg.text, multiline=True), seg.style)
                for seg in buffer
            )
            return super()._render_buffer(cleaned)

    return SafeConsole


def make_console(stderr: bool = False, file: IO[str] | None = None) -> Console:
    """A console for data: markup, emoji and highlighting off; plain when not a terminal."""
    stream = file or (sys.stderr if stderr else sys.stdout)
    terminal = is_tty(stream)
    console = _safe_console_class()(
        file=file,
        stderr=stderr,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
        force_terminal=terminal,
        color_system="auto" if terminal else None,
    )
    # A wild COLUMNS (99999999) would pad every table line to that many cells.
    if console.width > MAX_WIDTH:
        console.width = MAX_WIDTH
    return console


def resolve_visual(flag: bool | None, terminal: bool) -> bool:
    """Visual order? ``--visual``/``--logical`` win; the config/env setting applies on terminals."""
    if flag is not None:
        return bool(flag)
    if not terminal:
        return False
    from translate_cli import config

    return config.get("display", "logical") == "visual"


class Output:
    """How a command prints: safe text cells, plain or boxed tables, reports, a pager."""

    def __init__(
        self, *, stderr: bool = False, visual: bool | None = None, quiet: bool = False
    ) -> None:
        self.console = make_console(stderr)
        self.terminal = self.console.is_terminal
        self.visual = resolve_visual(visual, self.terminal)
        self.quiet = quiet

    def text(
        self,
        value: Any,
        style: str = "",
        multiline: bool = False,
        justify: str | None = None,
        one_line: bool = False,
    ) -> RenderableType:
        """A table cell or line part from data: sanitised; Arabic shown visually if asked.

        ``one_line`` cells (a title in a listing) are cut with an ellipsis, not wrapped.
        """
        from rich.text import Text

        shown = visible("" if value is None else str(value), multiline=multiline)
        if self.visual and has_arabic(shown):
            return VisualText(shown, style=style, justify=justify, one_line=one_line)
        return Text(shown, style=style, justify=justify)  # type: ignore[arg-type]

    def styled(self, *parts: tuple[Any, str] | str) -> Text:
        """One line from ``(text, style)`` pairs and plain strings, each part sanitised.

        In visual mode an Arabic part is shaped and reordered as a unit (it is not wrapped).
        """
        from rich.text import Text

        line = Text()
        for part in parts:
            value, style = (part, "") if isinstance(part, str) else part
            shown = visible("" if value is None else str(value))
            if self.visual and has_arabic(shown):
                shown = visual_line(shown)
            line.append(shown, style=style)
        return line

    def paragraph(self, text: str, indent: int = 0, style: str = "") -> None:
        """A long text on lines of its own under ``indent`` spaces. In visual mode Arabic is
        wrapped first and each line reordered (set against the right edge), so the lines read
        top to bottom; a terminal wrapping one reordered line would put the start last."""
        from rich.cells import cell_len
        from rich.text import Text

        shown = visible(text)
        pad = " " * indent
        if not (self.visual and has_arabic(shown)):
            self.console.print(Text(pad + shown, style=style), soft_wrap=True)
            return
        width = max(self.console.width - indent, 10)
        rtl = starts_rtl(shown)
        for line in visual_block(shown, width):
            room = " " * (width - cell_len(line)) if rtl else ""
            self.console.print(Text(pad + room + line, style=style), soft_wrap=True)

    def print(self, *renderables: Any, **kwargs: Any) -> None:
        """Print renderables; plain strings are sanitised and never read as markup."""
        safe = [visible(r, multiline=True) if isinstance(r, str) else r for r in renderables]
        kwargs.setdefault("soft_wrap", True)
        kwargs["markup"] = False
        self.console.print(*safe, **kwargs)

    def line(self, *parts: tuple[Any, str] | str) -> None:
        """Print one line made with :meth:`styled`."""
        self.console.print(self.styled(*parts), soft_wrap=True)

    def report(self, message: str) -> None:
        """A line saying what a command did; nothing with ``-q``."""
        if not self.quiet:
            self.print(message)

    def table(self, *columns: str, **kwargs: Any) -> Table:
        """A Rich table: boxed on a terminal, plain space-separated columns otherwise."""
        from rich import box
        from rich.table import Table

        if not self.terminal:
            kwargs.update(box=None, show_lines=False, show_edge=False, pad_edge=False)
            kwargs.setdefault("padding", (0, 2, 0, 0))
        else:
            kwargs.setdefault("box", box.HEAVY_HEAD)
        table = Table(*columns, **kwargs)
        return table

    @contextmanager
    def paged(self) -> Iterator[None]:
        """Send what is printed inside through the pager when it would not fit on the screen."""
        if not _pager_wanted(self):
            yield
            return
        with self.console.capture() as capture:
            yield
        text = capture.get()
        if text.count("\n") < self.console.height or not _run_pager(text):
            self.console.file.write(text)
            self.console.file.flush()


def _pager_command() -> list[str] | None:
    import shlex

    command = os.environ.get("TRANSLATE_CLI_PAGER") or os.environ.get("PAGER") or "less"
    try:
        parts = shlex.split(command)
    except ValueError:
        return None
    if not parts or parts[0] == "cat":
        return None
    return parts


def _pager_wanted(out: Output) -> bool:
    if out.console.stderr or not out.terminal or not is_tty(sys.stdin):
        return False
    if _settings["pager"] is False:
        return False
    from translate_cli import config

    return bool(config.get("pager", True))


def _run_pager(text: str) -> bool:
    """Pipe ``text`` into the pager; False when there is none to run."""
    import subprocess

    command = _pager_command()
    if command is None:
        return False
    env = dict(os.environ)
    # less: quit when it fits, pass our colours, leave the screen as it was.
    env.setdefault("LESS", "FRX")
    try:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert proc.stdin is not None
    try:
        proc.stdin.write(text.encode("utf-8", "replace"))
        proc.stdin.close()
    except (BrokenPipeError, OSError):
        pass  # the reader quit early
    while True:
        try:
            proc.wait()
            break
        except KeyboardInterrupt:
            continue  # ctrl-c belongs to the pager
    return True


# ---------------------------------------------------------------------------------------------
# JSON and one-line messages

_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u08e2\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff\U000e0001\U000e0020-\U000e007f]"
)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_text(data: Any) -> str:
    """JSON with Arabic as is, and every control or invisible character as a ``\\u`` escape.

    The escapes mean the same characters to any JSON reader; a terminal sees only text.
    """
    dumped = json.dumps(data, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(_json_escape, dumped)


def write_document(data: bytes) -> None:
    """An exported file on stdout: the bytes as they are when piped or redirected; on a
    terminal, decoded and with control characters shown, so an export cannot drive it."""
    sys.stdout.flush()
    if is_tty(sys.stdout):
        sys.stdout.write(visible(data.decode("utf-8", "replace"), multiline=True))
        sys.stdout.flush()
        return
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def write_json(data: Any) -> None:
    sys.stdout.write(json_text(data) + "\n")


class SafeStream:
    """A text stream wrapper that shows control characters visibly (for Click's own messages)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        try:
            return self.stream.write(visible(text, multiline=True))
        except (ValueError, OSError, AttributeError):
            return 0

    def flush(self) -> None:
        with suppress(ValueError, OSError, AttributeError):
            self.stream.flush()

    def isatty(self) -> bool:
        return is_tty(self.stream)


def echo(message: str, err: bool = False) -> None:
    """One plain line (a message that may quote data), sanitised, on stdout or stderr."""
    line = visible(message, multiline=True) + "\n"
    if not err:
        sys.stdout.write(line)
        return
    try:
        sys.stderr.write(line)
        sys.stderr.flush()
    except (ValueError, OSError, AttributeError):
        pass  # stderr is gone: nothing can be said there
