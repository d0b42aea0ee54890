"""Output files: atomic, with the user's umask, through symlinks, and straight into devices and
pipes instead of replacing them."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from helpers import run
from helpers.export_article import make_article

from translate_cli.errors import InputError
from translate_cli.files import write_atomic


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("umask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_files_take_the_umask(tmp_path: Path, umask: int, expected: int) -> None:
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "out" / "page.html", b"<p>hi</p>")
    finally:
        os.umask(old)
    assert (tmp_path / "out" / "page.html").read_bytes() == b"<p>hi</p>"
    assert mode(tmp_path / "out" / "page.html") == expected
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["page.html"]  # no temp left


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert (target.read_bytes(), mode(target)) == (b"new", 0o640)


def test_export_file_is_readable_by_a_web_server(db_path: Path, tmp_path: Path) -> None:
    art, _ = make_article(db_path)
    old = os.umask(0o022)
    try:
        result = run(
            db_path, "export", str(art), "--format", "html", "-o", str(tmp_path / "a.html")
        )
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    assert mode(tmp_path / "a.html") == 0o644


def test_writes_through_a_symlink_to_its_target(tmp_path: Path) -> None:
    real = tmp_path / "site" / "article.html"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "current.html"
    link.symlink_to(real)
    chain = tmp_path / "chain.html"
    chain.symlink_to(link)
    write_atomic(chain, b"new")
    assert chain.is_symlink() and link.is_symlink()
    assert os.readlink(link) == str(real)
    assert real.read_bytes() == b"new"
    assert sorted(p.name for p in real.parent.iterdir()) == ["article.html"]


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "out.md"
    link.symlink_to(tmp_path / "drafts" / "out.md")
    write_atomic(link, b"# Title\n")
    assert link.is_symlink()
    assert (tmp_path / "drafts" / "out.md").read_bytes() == b"# Title\n"


def test_a_fifo_is_written_into_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, b"through the pipe")
    reader.join(timeout=10)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_dev_stdout_in_a_subprocess_stays_a_device(tmp_path: Path) -> None:
    """-o /dev/stdout writes to the pipe the caller reads, and replaces nothing."""
    code = (
        "from pathlib import Path; from translate_cli.files import write_atomic; "
        "write_atomic(Path('/dev/stdout'), b'to stdout\\n')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, b"to stdout\n", b"")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_dev_null_stays_a_device(tmp_path: Path) -> None:
    write_atomic(Path("/dev/null"), b"gone")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder: give a file name to write"):
        write_atomic(tmp_path, b"x")


def test_an_unwritable_folder_is_one_line(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        with pytest.raises(InputError, match=r"Permission denied\. Choose another path\."):
            write_atomic(locked / "x.md", b"x")
    finally:
        locked.chmod(0o700)


WRITE_STDOUT = (
    "import sys; from pathlib import Path; from translate_cli.files import write_atomic; "
    "write_atomic(Path(sys.argv[1]), b'EXPORT\\n')"
)


@pytest.mark.parametrize("redirect", [">", ">>"])
def test_dev_stdout_redirected_to_a_file_keeps_what_the_shell_wrote(
    tmp_path: Path, redirect: str
) -> None:
    """The shell's file behind /dev/stdout is written at its offset, not replaced or truncated:
    what came before and after the export stays, and >> appends."""
    out = tmp_path / "combined.md"
    out.write_bytes(b"EARLIER\n")
    script = (
        f'{{ echo HEADER; "{sys.executable}" -c "{WRITE_STDOUT}" /dev/stdout; echo FOOTER; }} '
        f'{redirect} "{out}"'
    )
    done = subprocess.run(["sh", "-c", script], capture_output=True, check=False)
    assert (done.returncode, done.stderr) == (0, b"")
    kept = b"EARLIER\n" if redirect == ">>" else b""
    assert out.read_bytes() == kept + b"HEADER\nEXPORT\nFOOTER\n"
    assert [p.name for p in tmp_path.iterdir()] == ["combined.md"]


def test_dev_fd_names_the_descriptor(tmp_path: Path) -> None:
    out = tmp_path / "fd3.md"
    script = f'"{sys.executable}" -c "{WRITE_STDOUT}" /dev/fd/3 3> "{out}"'
    done = subprocess.run(["sh", "-c", script], capture_output=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")
    assert out.read_bytes() == b"EXPORT\n"


def test_a_closed_descriptor_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^Cannot write /dev/fd/987: Bad file descriptor\. "):
        write_atomic(Path("/dev/fd/987"), b"x")


def test_export_to_dev_stdout_on_a_terminal_shows_control_characters(
    db_path: Path, tmp_path: Path
) -> None:
    """-o /dev/stdout on a terminal is standard output, with its care: an escape sequence in
    a translation is shown, not obeyed."""
    import pty

    from translate_cli.store import Store

    art, ids = make_article(db_path)
    with Store(db_path) as store:
        store.update_segment(art, ids[1], target="Power is back\x1b[2J here.", status="approved")
    master, slave = pty.openpty()
    env = {**os.environ, "TRANSLATE_CLI_DB": str(db_path), "PAGER": "cat"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "translate_cli", "export", str(art), "--force", "-o", "/dev/stdout"],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    assert proc.wait(timeout=60) == 0, proc.stderr.read() if proc.stderr else b""
    assert b"\x1b" not in shown
    assert b"Power is back\\x1b\\[2J here." in shown  # Markdown escapes the "[" too
