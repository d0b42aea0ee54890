"""The output layer: what reaches a real terminal (a pseudo-terminal read back byte by byte),
what reaches a pipe, visual Arabic, the pager, and the pure helpers under them."""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path
from typing import Any

import pytest
from helpers import save_article
from rich.cells import cell_len
from typer.testing import CliRunner

from translate_cli.cli import app
from translate_cli.cli.output import json_text, visual_block, visual_line
from translate_cli.store import Store
from translate_cli.text.controls import visible

runner = CliRunner()
CLI = Path(sys.executable).with_name("translate-cli")

CSI_CLEAR = "\x1b[2J"
OSC_TITLE = "\x1b]0;pwned\x07"
HOSTILE = f"{CSI_CLEAR}{OSC_TITLE}\x9b31m\u202eevil\u202c\r"
# Bytes that data must never put on the terminal: ESC[2J, OSC, BEL, 8-bit CSI, bidi override, CR.
FORBIDDEN = [b"\x1b[2J", b"\x1b]", b"\x07", b"\xc2\x9b", "\u202e".encode(), b"\r\r"]
BOX = re.compile("[─━│┃┏┓┗┛┡┩╇╈┼]")
PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")


# ---- pure helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\x1b[2Jb", "a\\x1b[2Jb"),
        ("t\x1b]0;x\x07", "t\\x1b]0;x\\x07"),
        ("\x9b31m", "\\x9b31m"),
        ("x\x7fy\x00", "x\\x7fy\\x00"),
        ("سوريا\u202eabc\u2066", "سوريا⟨U+202E⟩abc⟨U+2066⟩"),
        ("zero\u200bwidth\ufeff", "zero⟨U+200B⟩width⟨U+FEFF⟩"),
        ("line\u2028sep", "line⟨U+2028⟩sep"),
        ("a\nb\rc", "a\\nb\\rc"),
        ("\udcff\udc80", "\\xff\\x80"),
        ("tab\tkept", "tab\tkept"),
        # Arabic, harakat and ZWNJ inside an Arabic word stay; a ZWNJ among Latin letters does not.
        ("كَتَبَ الوَلَدُ", "كَتَبَ الوَلَدُ"),
        ("می\u200cخواهم", "می\u200cخواهم"),
        ("a\u200cb", "a⟨U+200C⟩b"),
    ],
)
def test_visible(text: str, shown: str) -> None:
    assert visible(text) == shown


def test_visible_keeps_newlines_where_allowed() -> None:
    assert visible("one\ntwo\r\n", multiline=True) == "one\ntwo\\r\n"


def test_json_escapes_what_a_terminal_would_obey() -> None:
    import json

    data = {"t": f"عنوان{HOSTILE}\udcff", "n": "a\u200cb"}
    text = json_text(data)
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e\ud800-\udfff]", text.replace("\n", ""))
    assert json.loads(text)["t"] == data["t"]  # the same characters to any JSON reader
    assert "عنوان" in text


def test_visual_line_shapes_reorders_and_keeps_harakat() -> None:
    # كَتَبَ: three letters, each with a fatha. Shaped: initial kaf, medial teh, final beh.
    shown = visual_line("كَتَبَ")
    assert shown == "\ufe90\u064e\ufe98\u064e\ufedb\u064e"
    # Every haraka follows the letter it sits on.
    assert not re.search("(?<![\ufb50-\ufdff\ufe70-\ufefc\u064b-\u065f])[\u064b-\u065f]", shown)
    # English and digits inside keep their own order.
    assert "UN 2024" in visual_line("قالت UN 2024 اليوم")
    assert visual_line("plain English") == "plain English"


def test_visual_line_mirrors_brackets_and_quotes() -> None:
    # In a right-to-left line an opening bracket is drawn facing left: after reordering,
    # "(حلب)" reads "(" + the reversed word + ")" on a terminal without bidi, not ")...(".
    shown = visual_line("قالوا (حلب) و[إدلب] و«دمشق».")
    for left, right, word in (("(", ")", "حلب"), ("[", "]", "إدلب"), ("«", "»", "دمشق")):
        assert f"{left}{visual_line(word)}{right}" in shown, shown
    assert ")" + visual_line("حلب") + "(" not in shown


def test_english_with_an_arabic_term_stays_left_to_right() -> None:
    # A message quoting a term is English: only the Arabic word is reordered.
    message = "Glossary term «الشعار» should be rendered “Al-Shaar”."
    assert (
        visual_line(message)
        == f"Glossary term «{visual_line('الشعار')}» should be rendered “Al-Shaar”."
    )
    lines = visual_block(message, 24)
    assert lines[0].startswith("Glossary term «")
    assert lines[-1].endswith("“Al-Shaar”.")


def test_visual_block_wraps_before_reordering() -> None:
    text = "قالت الأمم المتحدة يوم الأحد إن أكثر من عشرة آلاف شخص غادروا قراهم"
    lines = visual_block(text, 20)
    assert len(lines) > 2
    # The first line of the block holds the first words of the sentence.
    assert visual_line(text.split()[0]) in lines[0]


# ---- a real terminal ----------------------------------------------------------------------


def in_pty(args: list[str], tmp: Path, cols: int = 110, rows: int = 200, **env: str) -> bytes:
    """Run the CLI on a pseudo-terminal of ``cols`` x ``rows``; everything it wrote there."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    full_env = {**os.environ, "TERM": "xterm-256color", "PAGER": "cat", **env}
    full_env.pop("NO_COLOR", None)
    full_env["COLUMNS"], full_env["LINES"] = str(cols), str(rows)
    proc = subprocess.Popen(
        [str(CLI), *args], stdin=slave, stdout=slave, stderr=slave, env=full_env, cwd=tmp
    )
    os.close(slave)
    out = b""
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 30)
            if not ready:
                break
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
    finally:
        proc.wait(timeout=30)
        os.close(master)
    return out


@pytest.fixture
def hostile(tmp_path: Path) -> dict[str, Any]:
    """An article, a glossary and a history whose every text field carries escape sequences."""
    db = tmp_path / "hostile.db"
    title = f"عنوان {HOSTILE} الخبر"
    article, ids = save_article(
        db,
        title,
        [
            ("paragraph", [f"قالت الأمم المتحدة {HOSTILE} إن القافلة وصلت.", "كَتَبَ الوَلَدُ الدَّرسَ."]),
        ],
        url="https://example.org/hostile",
        author=f"كاتب {CSI_CLEAR}",
    )
    with Store(db) as store:
        store.update_segment(article, ids[1], target=f"The UN said {HOSTILE} it arrived.")
        store.update_segment(article, ids[1], status="translated")
        store.update_segment(article, ids[0], note=f"note {OSC_TITLE}")
    glossary = tmp_path / "glossary.csv"
    glossary.write_text(
        f"source,target,category,note\nالأمم المتحدة,United Nations,org,see {CSI_CLEAR}{OSC_TITLE}\n",
        encoding="utf-8",
    )
    return {"db": db, "glossary": glossary, "article": str(article)}


COMMANDS = [
    ["show", "{a}"],
    ["list"],
    ["history", "{a}"],
    ["tm", "search", "الأمم المتحدة"],
    ["check", "{a}", "--glossary", "{g}"],
    ["glossary", "list", "--glossary", "{g}"],
    ["glossary", "find", "قالت الأمم المتحدة", "--glossary", "{g}"],
    ["meta", "{a}"],
    ["export", "{a}", "--format", "txt", "--draft", "--force"],
    ["fetch", f"no-such-{CSI_CLEAR}.html"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c[:2]))
def test_no_escape_from_data_reaches_the_terminal(
    command: list[str], hostile: dict[str, Any], tmp_path: Path
) -> None:
    args = [c.format(a=hostile["article"], g=hostile["glossary"]) for c in command]
    if command[0] != "glossary":
        args += ["--db", str(hostile["db"])]
    out = in_pty(args, tmp_path)
    assert out, "nothing reached the terminal"
    for raw in FORBIDDEN:
        assert raw not in out, (raw, out[:3000])
    assert b"Traceback" not in out
    # What was there is shown, visibly.
    if command[0] != "check" and command[:2] != ["glossary", "find"]:  # no hostile field shown
        assert b"\\x1b[2J" in out, out[:2000]


def test_the_terminal_gets_boxes_and_colour_a_pipe_gets_plain_columns(
    hostile: dict[str, Any], tmp_path: Path
) -> None:
    on_tty = in_pty(["show", hostile["article"], "--db", str(hostile["db"])], tmp_path)
    assert BOX.search(on_tty.decode("utf-8", "replace"))
    assert b"\x1b[" in on_tty  # Rich's own styling
    for command in (["show", hostile["article"]], ["list"], ["history", hostile["article"]]):
        piped = runner.invoke(app, [*command, "--db", str(hostile["db"])])
        assert piped.exit_code == 0, piped.stderr
        assert "\x1b" not in piped.stdout
        assert not BOX.search(piped.stdout), piped.stdout


def test_visual_mode_on_a_terminal(hostile: dict[str, Any], tmp_path: Path) -> None:
    args = ["show", hostile["article"], "--db", str(hostile["db"])]
    logical = in_pty(args, tmp_path).decode("utf-8", "replace")
    assert not PRESENTATION.search(logical)
    assert "كَتَبَ" in logical
    for shown in (
        in_pty([*args, "--visual"], tmp_path),
        in_pty(args, tmp_path, TRANSLATE_CLI_VISUAL="1"),
    ):
        text = shown.decode("utf-8", "replace")
        assert PRESENTATION.search(text)
        assert "\u064e" in text  # harakat kept...
        # ...each after the letter it belongs to.
        assert not re.search("(?<![\ufb50-\ufdff\ufe70-\ufefc\u064b-\u065f])[\u064b-\u065f]", text)
        assert "كَتَبَ" not in text
    # --logical wins over the setting.
    back = in_pty([*args, "--logical"], tmp_path, TRANSLATE_CLI_VISUAL="1")
    assert not PRESENTATION.search(back.decode("utf-8", "replace"))


def test_visual_show_reorders_the_arabic_author_in_the_header(tmp_path: Path) -> None:
    db = tmp_path / "author.db"
    article, _ = save_article(
        db, "عنوان", [("paragraph", ["فقرة."])], url="https://example.org/a", author="رامي الحسين"
    )
    shown = runner.invoke(app, ["show", str(article), "--db", str(db), "--visual"])
    header = shown.stdout.splitlines()[1]
    assert header == f"{visual_line('رامي الحسين')} · https://example.org/a", header


def test_the_display_setting_does_not_reshape_a_pipe(
    hostile: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRANSLATE_CLI_VISUAL", "1")
    piped = runner.invoke(app, ["show", hostile["article"], "--db", str(hostile["db"])])
    assert not PRESENTATION.search(piped.stdout)
    asked = runner.invoke(app, ["show", hostile["article"], "--db", str(hostile["db"]), "--visual"])
    assert PRESENTATION.search(asked.stdout)


def test_visual_list_keeps_one_line_per_article(hostile: dict[str, Any], tmp_path: Path) -> None:
    save_article(
        hostile["db"],
        "عنوان طويل جداً عن الأوضاع الإنسانية في مخيمات الشمال السوري مع اقتراب فصل الشتاء",
        [("paragraph", ["فقرة."])],
        url="https://example.org/long",
        published="2024-12-01T10:00:00+00:00",
    )
    out = in_pty(["list", "--db", str(hostile["db"]), "--visual"], tmp_path, cols=80)
    text = out.decode("utf-8", "replace")
    assert "2024-12-01" in text
    assert "…" in text
    rows = [line for line in text.splitlines() if "2024-12-01" in line]
    assert len(rows) == 1 and PRESENTATION.search(rows[0])


def test_visual_search_fits_the_terminal_and_reads_top_to_bottom(tmp_path: Path) -> None:
    db = tmp_path / "search.db"
    title = "عنوان طويل جداً عن عودة المياه إلى أحياء حلب الشرقية بعد انقطاع دام خمسة أشهر كاملة"
    sentence = (
        "وقالت أم محمد إن الماء عاد إلى الحنفيات في الحي الشرقي من المدينة القديمة بعد "
        "انقطاع دام خمسة أشهر كاملة."
    )
    save_article(db, title, [("paragraph", [sentence])], url="https://example.org/water")
    out = in_pty(["search", "الحنفيات", "--db", str(db), "--visual"], tmp_path, cols=80)
    text = re.sub("\x1b\\[[0-9;]*m", "", out.decode("utf-8"))
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]

    # The header is one line: the title gives way (cut at its logical end, reordered after).
    assert lines[0].startswith("article 1 · segment 2 · new · …")
    assert all(cell_len(line) <= 80 for line in lines), lines
    # The snippet is wrapped before reordering: its first line holds the sentence's start,
    # its last the end, each set against the right edge.
    body = lines[1:]
    assert len(body) >= 2 and body[0].startswith("  ar  ")
    assert body[0].endswith(visual_line("وقالت أم محمد"))
    assert body[-1].lstrip().startswith(visual_line("كاملة."))
    assert "[" + visual_line("الحنفيات") + "]" in text


def test_long_output_goes_through_the_pager(hostile: dict[str, Any], tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    pager = f"sh -c 'cat > {paged}'"
    args = ["show", hostile["article"], "--db", str(hostile["db"])]
    out = in_pty(args, tmp_path, rows=10, PAGER=pager)
    assert paged.exists() and "The UN said" in paged.read_text(encoding="utf-8")
    assert b"The UN said" not in out
    paged.unlink()
    # Fits on the screen: no pager.
    in_pty(args, tmp_path, rows=200, PAGER=pager)
    assert not paged.exists()
    # --no-pager, and the config setting, turn it off.
    out = in_pty(["--no-pager", *args], tmp_path, rows=10, PAGER=pager)
    assert not paged.exists() and b"The UN said" in out
    config = tmp_path / "config.toml"
    config.write_text("pager = false\n", encoding="utf-8")
    out = in_pty(args, tmp_path, rows=10, PAGER=pager, TRANSLATE_CLI_CONFIG=str(config))
    assert not paged.exists() and b"The UN said" in out


def test_piped_output_is_never_paged(
    hostile: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paged = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"sh -c 'cat > {paged}'")
    result = runner.invoke(app, ["show", hostile["article"], "--db", str(hostile["db"])])
    assert result.exit_code == 0 and not paged.exists()


def test_quiet_reports(hostile: dict[str, Any]) -> None:
    db = str(hostile["db"])
    for command in (
        ["set", hostile["article"], "2", "A new text.", "-q"],
        ["status", hostile["article"], "2", "--to", "translated", "-q"],
        ["note", hostile["article"], "2", "A note.", "-q"],
        ["note", hostile["article"], "2", "A second note.", "-q"],
        ["undo", hostile["article"], "-q"],
    ):
        result = runner.invoke(app, [*command, "--db", db])
        assert (result.exit_code, result.stdout) == (0, ""), (command, result.stderr)
    shown = runner.invoke(app, ["show", hostile["article"], "--db", db, "--json"])
    assert '"note": "A note."' in shown.stdout
    for command in (
        ["config", "set", "reviewer", "Lina", "-q"],
        ["config", "unset", "reviewer", "-q"],
    ):
        result = runner.invoke(app, command)
        assert (result.exit_code, result.stdout) == (0, ""), (command, result.stderr)


def test_plain_columns_for_a_pipe() -> None:
    from translate_cli.cli.output import plain_columns

    rows = [
        ["3", "0/12", "عنوان قصير"],
        ["12", "5/7", f"عنوان {HOSTILE} طويل جداً عن الأوضاع في حلب"],
    ]
    lines = plain_columns(["id", "words", "title"], rows, right={0, 1}, width=40)
    assert lines[0] == "id  words  title"
    assert lines[1] == " 3   0/12  عنوان قصير"
    # The last column gives way with an ellipsis; control characters are shown, not sent.
    assert lines[2].startswith("12    5/7  عنوان \\x1b[2J") and lines[2].endswith("…")
    assert all(cell_len(line) <= 40 for line in lines)
    assert "\x1b" not in "".join(lines)
    whole = plain_columns(["id", "words", "title"], rows, right={0, 1}, width=None)
    assert whole[2].endswith("في حلب")


def test_visual_history_wraps_an_arabic_note_before_reordering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "history.db"
    article, _ = save_article(db, "عنوان", [("paragraph", ["فقرة."])], url="https://example.org/h")
    note = (
        "راجع اسم المدير في الفقرة الثالثة وتأكد من نسبة الستين بالمئة المذكورة في التصريح "
        "الرسمي للمؤسسة العامة لمياه الشرب"
    )
    assert runner.invoke(app, ["note", str(article), "2", note, "--db", str(db)]).exit_code == 0
    monkeypatch.setenv("COLUMNS", "80")
    shown = runner.invoke(app, ["history", str(article), "--db", str(db), "--visual"]).stdout
    lines = shown.splitlines()
    arabic = [line for line in lines if PRESENTATION.search(line)]
    assert len(arabic) >= 2 and all(cell_len(line) <= 80 for line in lines), shown
    # The first line holds the note's first words, the last its last ones.
    assert arabic[0].endswith(visual_line("راجع اسم المدير"))
    assert arabic[-1].lstrip().startswith(visual_line("لمياه الشرب"))


def test_visual_show_wraps_a_long_title_before_reordering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "title.db"
    title = "عنوان طويل جداً عن عودة المياه إلى أحياء حلب الشرقية بعد انقطاع دام خمسة أشهر كاملة"
    article, _ = save_article(db, title, [("paragraph", ["فقرة."])], url="https://example.org/t")
    monkeypatch.setenv("COLUMNS", "60")
    lines = runner.invoke(app, ["show", str(article), "--db", str(db), "--visual"]).stdout
    head = lines.splitlines()[:3]
    assert head[0] == f"[{article}]"
    assert head[1].endswith(visual_line("عنوان طويل جداً")) and cell_len(head[1]) <= 60
    assert head[2].lstrip().startswith(visual_line("كاملة"))
