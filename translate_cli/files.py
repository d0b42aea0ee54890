"""Reading the user's input files and writing output files, with one-line errors.

An output file is written to a temporary file beside it and renamed over it, so a reader (or a
crash) never sees half a file and an existing file is replaced only when complete. A symlink is
followed and its target replaced, not the link; a target that is not a regular file (a
terminal, ``/dev/stdout``, a pipe) is written to directly, since renaming over it would replace
the device node or FIFO with a file. ``/dev/stdout``, ``/dev/stderr`` and ``/dev/fd/N`` are
written to the descriptor itself, even when the shell redirected it to a file: opening the name
anew would truncate that file (or, followed as a symlink, replace it), losing what the shell wrote
around the export and breaking ``>>``. New files get the permissions the user's umask gives
(0644 usually), so a web server can serve an exported page; a replaced file keeps its mode.
An existing SQLite database is never replaced: that is a slip, and it would lose every
translation.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import tempfile
from pathlib import Path

from translate_cli.errors import InputError, NotFoundError

# Input files (TMX, XLIFF, TBX, CSV, saved pages) larger than this are refused: a stray
# multi-gigabyte file must not exhaust memory. Callers pass config.max_file_bytes() to honour
# the user's ``max_file_mb``.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def read_bounded(path: Path, what: str, max_bytes: int | None = None) -> bytes:
    """At most ``max_bytes`` (default 50 MB) of ``path``, else a one-line InputError.

    Reads one byte past the cap instead of trusting the size on disk, so a device or a file
    that grows while read (``/dev/zero``) is refused too. OSErrors are left to the caller.
    """
    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    # O_NONBLOCK so that opening a FIFO nobody writes to returns at once instead of hanging;
    # reads are blocking again, so a pipe with a writer (`<(curl ...)`) is read to its end.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    os.set_blocking(fd, True)
    with open(fd, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        mb = limit / (1024 * 1024)
        raise InputError(
            f"{path} is larger than {mb:.3g} MB, too large for {what}: check the file, or raise "
            "the limit ('translate-cli config set max_file_mb N', or --max-mb where offered)."
        )
    return data


def read_input(path: Path, what: str, max_bytes: int | None = None) -> bytes:
    """The bytes of ``path``; ``what`` names the expected file in errors (e.g. "a .tmx file").

    Files larger than ``max_bytes`` (default 50 MB) are refused in one line.
    """
    p = path.expanduser()
    try:
        return read_bounded(p, what, max_bytes)
    except FileNotFoundError:
        raise NotFoundError(f"No such file: {p}. Check the path.") from None
    except IsADirectoryError:
        raise InputError(f"{p} is a folder: give {what}.") from None
    except PermissionError:
        raise InputError(
            f"Cannot read {p}: permission denied. Check the file's permissions."
        ) from None
    except OSError as exc:
        raise InputError(f"Cannot read {p}: {exc.strerror}.") from None


def current_umask() -> int:
    """The process's umask (reading it means setting it: set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_directly(p: Path, data: bytes) -> None:
    """Write into an existing non-regular file (a device, a FIFO) without replacing it."""
    try:
        with open(p, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise InputError(f"Cannot write {p}: {exc.strerror}. Choose another path.") from None


# The names a shell user gives for a descriptor of the running process.
_FD_NAME = re.compile(r"/dev/(?:(stdout)|(stderr)|fd/(\d{1,9}))|/proc/self/fd/(\d{1,9})")


def standard_descriptor(path: Path) -> int | None:
    """The descriptor ``path`` names (``/dev/stdout`` is 1, ``/dev/fd/3`` is 3), else None."""
    match = _FD_NAME.fullmatch(os.path.normpath(str(path)))
    if match is None:
        return None
    if match[1]:
        return 1
    if match[2]:
        return 2
    return int(match[3] or match[4])


def _write_descriptor(fd: int, data: bytes, shown: Path) -> None:
    """Write all of ``data`` at the descriptor's current offset (``>>`` keeps appending)."""
    if fd in (1, 2):
        # What the process already printed there goes first.
        (sys.stdout if fd == 1 else sys.stderr).flush()
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise InputError(f"Cannot write {shown}: {exc.strerror}. Choose another path.") from None


_SQLITE_MAGIC = b"SQLite format 3\x00"


def _is_database(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
    except OSError:
        return False


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all at once, creating its folder if needed; see the module
    docstring for symlinks, devices, pipes and permissions."""
    given = path.expanduser()
    fd = standard_descriptor(given)
    if fd is not None:
        _write_descriptor(fd, data, given)
        return
    try:
        info = given.stat()  # follows symlinks: what the name points at
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise InputError(f"Cannot write {given}: {exc.strerror}. Choose another path.") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise InputError(f"{given} is a folder: give a file name to write.")
    if info is not None and not stat.S_ISREG(info.st_mode):
        # /dev/stdout (a link to /proc/self/fd/1, then to a pipe), a terminal, a FIFO.
        _write_directly(given, data)
        return
    if info is not None and _is_database(given):
        # `export 1 -o translate.db` (a slip of the tab key) would replace every translation.
        raise InputError(
            f"{given} is an SQLite database (perhaps translate-cli's own), which is never "
            "replaced by another file: choose another file name."
        )
    # Through symlinks (a chain, or one that dangles) to the file they name.
    p = Path(os.path.realpath(given))
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~current_umask()
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name}.")
    except OSError as exc:
        raise InputError(
            f"Cannot write in {p.parent}: {exc.strerror}. Choose another path."
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp, p)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"Cannot write {given}: {exc.strerror}. Choose another path.") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
