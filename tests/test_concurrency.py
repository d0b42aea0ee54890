"""Several writers on one database: no "database is locked", no lost save, nothing lost to kill -9."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.review_article import write_glossary

from translate_cli.review.app import ReviewApp
from translate_cli.review.session import ReviewSession
from translate_cli.store import Store

WRITES = 50


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "translate_cli", *args]


def wait_for(
    check: Callable[[], Any],
    what: str,
    timeout: float = 60.0,
    seen: Callable[[], str] | None = None,
) -> Any:
    """Poll ``check`` until it returns something true; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(
                f"timed out waiting for {what}"
                + (f"; the terminal shows:\n{seen()}" if seen else "")
            )
        time.sleep(0.1)


def confirmed_history(db: Path) -> list[dict[str, Any]]:
    with Store(db) as store:
        return store.history(1)


# Each spawned CLI pays Python's start-up, so this test keeps the count small; the tight-loop
# test below runs the full 2 x 50 writes through the same CLI code in two processes.
SPAWNED_WRITES = 12


def test_two_writers_spawning_cli_sets(db: Path) -> None:
    """Two writers, each running `python -m translate_cli set` repeatedly, on the same segments."""
    results: list[tuple[str, int, str]] = []

    def writer(tag: str) -> None:
        for i in range(SPAWNED_WRITES):
            seg = str(1 + i % 7)
            done = subprocess.run(
                cli("set", "1", seg, f"{tag} write {i}", "--db", str(db)),
                capture_output=True,
                text=True,
            )
            results.append((f"{tag} write {i}", done.returncode, done.stderr))

    threads = [threading.Thread(target=writer, args=(tag,)) for tag in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [(text, code, err) for text, code, err in results if code != 0 or err] == []
    rows = confirmed_history(db)
    assert len(rows) == 2 * SPAWNED_WRITES
    assert sorted(r["new_target"] for r in rows) == sorted(text for text, _, _ in results)
    with Store(db) as store:
        for seg in store.segments(1):
            last = [r for r in rows if r["segment_id"] == seg["id"]][-1]
            assert seg["target"] == last["new_target"]


def test_two_processes_writing_in_tight_loops(db: Path) -> None:
    """The same, with no process start-up between writes, so the writers really collide."""
    code = (
        "import sys\n"
        "from translate_cli.cli import app\n"
        "db, tag = sys.argv[1], sys.argv[2]\n"
        f"for i in range({WRITES}):\n"
        "    app(['set', '1', str(1 + i % 7), f'{tag} {i}', '--status', 'translated', '--db', db],\n"
        "        standalone_mode=False)\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(db), tag], stderr=subprocess.PIPE, text=True
        )
        for tag in ("A", "B")
    ]
    errors = [proc.communicate(timeout=300)[1] for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], errors
    assert errors == ["", ""]
    # Confirming may also fill an identical untranslated segment ("propagate" rows): count sets.
    rows = [r for r in confirmed_history(db) if r["action"] == "set"]
    assert len(rows) == 2 * WRITES
    assert {r["new_target"] for r in rows} == {f"{t} {i}" for t in "AB" for i in range(WRITES)}


def test_review_session_and_scripted_sets_at_the_same_time(db: Path) -> None:
    """The screen confirms segments while a script sets others: both sides' saves are kept."""
    code = (
        "import sys\n"
        "from translate_cli.cli import app\n"
        "for i in range(30):\n"
        "    seg = ('5', '6', '7')[i % 3]\n"
        "    app(['set', '1', seg, f'script {i}', '--db', sys.argv[1]], standalone_mode=False)\n"
    )
    store = Store(db)
    app = ReviewApp(ReviewSession(store, 1))

    async def main() -> None:
        async with app.run_test() as pilot:
            script = subprocess.Popen(
                [sys.executable, "-c", code, str(db)], stderr=subprocess.PIPE, text=True
            )
            for n in range(1, 5):
                await pilot.press(*f"screen {n}", "ctrl+s")
                await asyncio.sleep(0.05)
            _, err = await asyncio.to_thread(script.communicate, timeout=300)
            assert (script.returncode, err) == (0, "")
            await pilot.press("ctrl+q")

    asyncio.run(main())
    store.close()
    rows = confirmed_history(db)
    assert [
        (r["segment_id"], r["new_target"]) for r in rows if r["action"] == "review:confirm"
    ] == [(n, f"screen {n}") for n in range(1, 5)]
    assert sorted(r["new_target"] for r in rows if r["action"] == "set") == sorted(
        f"script {i}" for i in range(30)
    )


# ---- kill -9 in a real terminal --------------------------------------------------------------


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Callable[..., subprocess.CompletedProcess[str]]]:
    """Run tmux commands against a private server, killed afterwards."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    socket = f"translate-cli-test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "TERM": "xterm-256color"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", socket, *args], capture_output=True, text=True, env=env
        )

    yield run
    run("kill-server")


def test_review_killed_in_tmux_keeps_every_confirmed_segment(
    db: Path, tmp_path: Path, tmux: Any
) -> None:
    gloss = write_glossary(tmp_path / "glossary.csv")
    command = " ".join(
        [
            "exec env -u COLUMNS -u LINES TERM=xterm-256color",
            *(
                f"{k}={os.environ[k]}"
                for k in ("TRANSLATE_CLI_HOME", "XDG_DATA_HOME")
                if k in os.environ
            ),
            sys.executable,
            "-m translate_cli review 1",
            f"--db {db} --glossary {gloss}",
        ]
    )
    started = tmux(
        # Under 120 columns the article pane stays hidden, so each sentence is on one line.
        "new-session",
        "-d",
        "-s",
        "review",
        "-x",
        "110",
        "-y",
        "40",
        "-c",
        str(tmp_path),
        command,
    )
    assert started.returncode == 0, started.stderr

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", "review").stdout

    wait_for(lambda: "ctrl+q quit" in screen(), "the review screen", seen=screen)
    with Store(db) as store:
        sources = {s["id"]: s["source"] for s in store.segments(1)}
    wait_for(lambda: sources[1] in screen(), "segment 1's source")

    texts = {
        1: "UN warns of new displacement",
        2: "The United Nations said thousands left.",
        3: "Teams struggle.",
    }
    for seg_id, text in texts.items():
        tmux("send-keys", "-t", "review", "-l", text)
        tmux("send-keys", "-t", "review", "C-s")
        wait_for(
            lambda seg_id=seg_id: f"Segment {seg_id} saved as translated." in screen(),
            f"confirm {seg_id}",
            seen=screen,
        )
        if seg_id == 1:
            # The screen shows segment 2, its glossary hits and their English renderings.
            shown = screen()
            assert sources[2] in shown
            assert "United Nations  ←  الأمم المتحدة" in shown
            assert "southern Idlib countryside  ←  ريف إدلب الجنوبي" in shown
    tmux("send-keys", "-t", "review", "-l", "typed but never confirmed")
    wait_for(lambda: "typed but never confirmed" in screen(), "the unconfirmed typing")

    pid = int(tmux("display-message", "-p", "-t", "review", "#{pane_pid}").stdout.strip())
    os.kill(pid, signal.SIGKILL)
    wait_for(lambda: tmux("has-session", "-t", "review").returncode != 0, "the pane to close", 20)

    with Store(db) as store:
        for seg_id, text in texts.items():
            seg = store.segment(1, seg_id)
            assert (seg["target"], seg["status"]) == (text, "translated")
        assert store.segment(1, 4)["target"] is None  # only the field being typed is lost
        confirms = [h["segment_id"] for h in store.history(1) if h["action"] == "review:confirm"]
    assert confirms == [1, 2, 3]


def test_review_killed_in_a_pseudo_terminal_keeps_every_confirmed_segment(db: Path) -> None:
    """The same without tmux: the review process runs on a pty made with the pty module."""
    import fcntl
    import pty
    import struct
    import termios

    pid, fd = pty.fork()
    if pid == 0:  # child: becomes the review process on the pty
        os.environ["TERM"] = "xterm-256color"
        os.execvp(sys.executable, cli("review", "1", "--db", str(db)))
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    output = bytearray()

    def drain() -> None:  # keep reading so the app never blocks writing the screen
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            output.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        wait_for(
            lambda: b"ctrl+q quit" in output,
            "the review screen",
            seen=lambda: output[-3000:].decode("utf-8", "replace"),
        )
        for seg_id in (1, 2, 3):
            os.write(fd, f"pty text {seg_id}".encode() + b"\x13")  # ctrl+s

            def saved(seg_id: int = seg_id) -> bool:
                with Store(db) as store:
                    return store.segment(1, seg_id)["status"] == "translated"

            wait_for(saved, f"segment {seg_id} to be confirmed")
        os.write(fd, b"lost typing")
        time.sleep(0.2)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    with Store(db) as store:
        assert [(s["id"], s["target"], s["status"]) for s in store.segments(1)[:4]] == [
            (1, "pty text 1", "translated"),
            (2, "pty text 2", "translated"),
            (3, "pty text 3", "translated"),
            (4, None, "new"),
        ]
