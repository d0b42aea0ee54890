"""Hostile streams and environments, found by the held-out battery of issue 13: a FIFO nobody
writes to, empty standard input, standard output on a full disk, a wild COLUMNS. Each runs the
real CLI in a subprocess, as a user's shell would."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from helpers import run
from helpers.review_article import make_article

from translate_cli.store import Store

FULL = Path("/dev/full")


def _cli(
    *args: str, env: dict[str, str] | None = None, **kwargs: object
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "translate_cli", *args],
        capture_output=kwargs.pop("capture_output", True),  # type: ignore[arg-type]
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
        **kwargs,  # type: ignore[arg-type]
    )


def _target(db: Path, number: int) -> tuple[str | None, str]:
    with Store(db) as store:
        row = store.db.execute(
            "select target, status from segments where article_id = 1 and idx = ?", [number - 1]
        ).fetchone()
    return row[0], row[1]


def test_a_fifo_nobody_writes_to_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    done: list[subprocess.CompletedProcess[bytes]] = []
    worker = threading.Thread(
        target=lambda: done.append(_cli("fetch", str(fifo), "--db", str(tmp_path / "f.db")))
    )
    worker.start()
    worker.join(30)
    if not done:  # still blocked in open(): unblock it so the test ends, then fail
        with open(fifo, "wb"):
            pass
        worker.join(10)
        pytest.fail("fetch of a FIFO with no writer hung in open()")
    assert done[0].returncode == 1
    assert done[0].stderr.decode().startswith("Error: page.html has no article text")


def test_a_pipe_with_a_writer_is_read_to_its_end(tmp_path: Path) -> None:
    # What `translate-cli fetch <(curl ...)` gives: /dev/fd/N, a pipe.
    text = (
        "وصول قافلة مساعدات إلى ريف إدلب\n\nوصلت صباح اليوم قافلة مساعدات إنسانية إلى ريف إدلب.\n"
    )
    read, write = os.pipe()
    os.write(write, text.encode())
    os.close(write)
    result = _cli("fetch", f"/dev/fd/{read}", "--db", str(tmp_path / "f.db"), pass_fds=(read,))
    os.close(read)
    assert result.returncode == 0, result.stderr
    assert "وصول قافلة مساعدات إلى ريف إدلب" in result.stdout.decode()


@pytest.mark.parametrize("command", ["set", "note"])
@pytest.mark.parametrize("stdin", ["", "  \n"])
def test_empty_stdin_is_refused_and_keeps_the_text(db: Path, command: str, stdin: str) -> None:
    run(db, "set", "1", "2", "Kept translation.", "--status", "translated")
    before = _target(db, 2)
    result = run(db, command, "1", "2", "-", input=stdin)
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: Standard input was empty: pipe the text in, or give '' as the text to clear it.\n",
    )
    assert _target(db, 2) == before


@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args", [["list"], ["show", "1"], ["show", "1", "--json"], ["export", "1", "--draft"]]
)
def test_stdout_on_a_full_disk_is_one_line_and_exit_1(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "work.db"
    make_article(db)
    with FULL.open("wb") as full:
        result = _cli(
            *args, "--db", str(db), stdout=full, stderr=subprocess.PIPE, capture_output=False
        )
    assert result.returncode == 1
    # export --draft says first (on stderr) what is unfinished; the error is the last line.
    assert result.stderr.decode().splitlines()[-1] + "\n" == (
        "Error: Cannot write the output: No space left on device. Free some space, or send the "
        "output elsewhere (-o, or a redirect).\n"
    )


def test_a_wild_columns_value_does_not_pad_lines_to_it(db: Path) -> None:
    result = _cli("show", "1", "--db", str(db), env={"COLUMNS": "99999999"})
    assert result.returncode == 0
    assert max(len(line) for line in result.stdout.decode().splitlines()) <= 1000
