"""`translate-cli review` in a real terminal (tmux) at 80x24 and 160x48, read off the screen:
the whole current sentence and its translation at 80x24, the article pane at 160x48, a
reviewer's pass, and `undo` afterwards."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import run, save_article

from translate_cli.store import Store

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

BEFORE = "وقالت اللجنة في بيان إن المياه انقطعت عن أكثر من ثلاثين ألف منزل منذ يوم الخميس."
LONG = (
    "وأوضح المتحدث باسم اللجنة المحلية في المدينة أن فرق الصيانة بدأت منذ ساعات الفجر الأولى "
    "بإصلاح الأنابيب المتضررة في الأحياء الشرقية والجنوبية، مشيراً إلى أن العمل سيستمر طوال "
    "الأسبوع المقبل إذا سمحت الظروف الجوية بذلك، وأن الأولوية ستكون للمدارس والمستشفيات "
    "والمخابز التي تخدم آلاف العائلات النازحة."
)
AFTER = "ولم تحدد اللجنة موعداً لعودة الضخ إلى الأحياء الغربية."
LAST = "وطالب الأهالي بجدول واضح لساعات الضخ في كل حي."
LONG_EN = (
    "The spokesman for the local committee said maintenance crews began repairing the damaged "
    "pipes in the eastern and southern districts at first light, adding that the work would go "
    "on all next week if the weather allowed, with schools, hospitals and bakeries serving "
    "thousands of displaced families first."
)

Screen = Callable[..., str]


@pytest.fixture
def article(db_path: Path) -> int:
    blocks = [
        ("paragraph", [BEFORE, LONG, AFTER]),
        ("heading", ["مطالب الأهالي"]),
        ("paragraph", [LAST]),
    ]
    return save_article(db_path, "انقطاع المياه في المدينة", blocks, "https://x/water")[0]


class Terminal:
    """One tmux session on a private server, running translate-cli."""

    def __init__(self, tmp_path: Path) -> None:
        self.socket = f"translate-cli-pty-{uuid.uuid4().hex[:8]}"
        self.cwd = tmp_path
        # COLUMNS/LINES (pinned for Rich by conftest) would override the terminal's real size.
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")},
            "TERM": "xterm-256color",
        }

    def tmux(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, env=self.env
        )

    def start(self, width: int, height: int, *args: str) -> None:
        env = " ".join(
            f"{k}={os.environ[k]}"
            for k in ("TRANSLATE_CLI_HOME", "XDG_DATA_HOME")
            if k in os.environ
        )
        command = (
            f"exec env -u COLUMNS -u LINES TERM=xterm-256color {env} "
            f"{sys.executable} -m translate_cli {' '.join(args)}"
        )
        size = ["-x", str(width), "-y", str(height)]
        started = self.tmux("new-session", "-d", "-s", "t", *size, "-c", str(self.cwd), command)
        assert started.returncode == 0, started.stderr
        self.wait_for("ctrl+q quit")

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "t").stdout

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", "t", *(["-l"] if literal else []), *keys)

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{shown}")

    def wait_until(self, check: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if check():
                return
            time.sleep(0.1)
        raise AssertionError(f"{what} never happened; the screen was:\n{self.screen()}")

    def quit(self) -> None:
        self.keys("C-q")
        self.wait_until(lambda: self.tmux("has-session", "-t", "t").returncode != 0, "quitting")


@pytest.fixture
def term(tmp_path: Path) -> Iterator[Terminal]:
    terminal = Terminal(tmp_path)
    yield terminal
    terminal.tmux("kill-server")


def boxed(screen: str, title: str) -> str:
    """The text inside the bordered box titled ``title``, its lines joined by spaces."""
    lines = screen.splitlines()
    top = next(i for i, line in enumerate(lines) if f"╭─ {title}" in line)
    left = lines[top].index("╭")
    inside: list[str] = []
    for line in lines[top + 1 :]:
        if line[left:].startswith("╰"):
            break
        inside.append(line[left + 1 :].split("│")[0].strip())
    return " ".join(part for part in inside if part)


def test_80x24_shows_the_whole_sentence_and_its_translation(
    term: Terminal, db_path: Path, article: int
) -> None:
    term.start(80, 24, "review", str(article), "--segment", "3", "--db", str(db_path))
    term.wait_for("↓ 4 new")
    screen = term.wait_for("النازحة.")
    assert len(screen.splitlines()) <= 24
    assert boxed(screen, "Arabic source") == LONG
    # The neighbours are one line each, above and below the source.
    assert "↑ 2 new: وقالت اللجنة" in screen
    assert "↓ 4 new: ولم تحدد اللجنة" in screen
    term.keys(LONG_EN, literal=True)
    term.wait_for("displaced families first.")
    # The field grows to the translation's height: all of it shows, without a scroll bar.
    term.wait_until(
        lambda: boxed(term.screen(), "English translation") == LONG_EN, "the whole translation"
    )
    screen = term.screen()
    assert boxed(screen, "Arabic source") == LONG  # still whole with the field grown
    term.keys("C-s")
    term.wait_for("Segment 3 saved as translated.")
    term.quit()
    with Store(db_path) as store:
        seg = store.segment(article, 3)
    assert (seg["target"], seg["status"]) == (LONG_EN, "translated")


def test_160x48_article_pane_pass_and_undo(term: Terminal, db_path: Path, article: int) -> None:
    for n in (2, 3, 4):
        run(
            db_path, "set", str(article), str(n), f"English sentence {n}.", "--status", "translated"
        )
    term.start(160, 48, "review", str(article), "--pass", "reviewed", "--db", str(db_path))
    screen = term.wait_for(LAST)
    # The pane shows the article as it reads: English where translated, Arabic where not.
    assert "English sentence 2. English sentence 3. English sentence 4." in screen
    assert LAST in screen
    assert "reviewed pass: 3 translated left" in screen
    term.keys("F2")
    term.wait_until(lambda: LAST not in term.screen(), "hiding the pane")
    term.keys("F2")
    term.wait_for(LAST)

    term.keys("C-s")  # segment 2 reviewed, on to 3
    term.wait_for("Segment 2 is now reviewed.")
    term.keys("M-x")
    term.wait_for("a note for the translator")
    term.keys("Say which districts.", literal=True)
    term.keys("Enter")
    term.wait_for("Segment 3 sent back to draft.")
    term.keys("C-s")
    term.wait_for("The reviewed pass is done")
    term.quit()
    with Store(db_path) as store:
        got = {s["id"]: (s["status"], s["note"]) for s in store.segments(article)}
    assert got[2] == ("reviewed", None)
    assert got[3] == ("draft", "Say which districts.")
    assert got[4] == ("reviewed", None)

    # Undo from the command line walks the pass back, one step at a time.
    assert run(db_path, "undo", str(article)).stdout.startswith("Undid review:pass")
    assert run(db_path, "undo", str(article)).stdout.startswith("Undid review:back")
    with Store(db_path) as store:
        got = {s["id"]: (s["status"], s["note"]) for s in store.segments(article)}
    assert got[3] == ("translated", None)
    assert got[4] == ("translated", None)
    assert got[2] == ("reviewed", None)


def test_80x24_status_bar_is_cut_readably_in_a_pass(
    term: Terminal, db_path: Path, article: int
) -> None:
    for n in (2, 3):
        run(db_path, "set", str(article), str(n), f"English {n}.", "--status", "translated")
    term.start(80, 24, "review", str(article), "--pass", "reviewed", "--db", str(db_path))
    screen = term.wait_for("reviewed pass: 2 translated left")
    bar = screen.splitlines()[1].rstrip()
    assert bar.startswith(" segment 2 (2/6) · paragraph · translated · reviewed pass:")
    # Whole, or cut with an ellipsis: never cropped mid-word by the terminal edge.
    assert bar.endswith(("…", "new 3)", "approved 0/6")), bar
    term.quit()


def test_pane_moves_the_editor_and_ctrl_z_takes_back_a_confirm(
    term: Terminal, db_path: Path, article: int
) -> None:
    term.start(160, 48, "review", str(article), "--segment", "2", "--db", str(db_path))
    term.wait_for(LAST)
    term.keys("Tab")  # into the article pane
    term.keys("Down")
    term.wait_for("segment 3 (3/6)")
    term.keys("Down")
    term.wait_for("segment 4 (4/6)")
    term.keys("Up")
    term.wait_for("segment 3 (3/6)")
    term.keys("Enter")  # back to the editor, on segment 3
    term.keys("The crews repaired the pipes.", literal=True)
    term.keys("C-s")
    term.wait_for("Segment 3 saved as translated.")
    term.wait_for("segment 4 (4/6)")
    # The field of segment 4 is empty: ctrl+z reaches past it to the confirm.
    term.keys("C-z")
    term.wait_for("segment 3 is new again")
    term.wait_for("segment 3 (3/6)")
    term.quit()
    with Store(db_path) as store:
        seg = store.segment(article, 3)
    assert (seg["target"], seg["status"]) == (None, "new")
