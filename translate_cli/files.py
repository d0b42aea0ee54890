"""Reading the user's input files and writing output files, with one-line errors.

Outputs are written to a temporary file in the same folder and renamed over the target, so a
reader (or a crash) never sees half a file and an existing file is replaced only when complete.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from translate_cli.errors import InputError, NotFoundError


def read_input(path: Path, what: str, max_bytes: int | None = None) -> bytes:
    """The bytes of ``path``; ``what`` names the expected file in errors (e.g. "a .tmx file")."""
    p = path.expanduser()
    try:
        if max_bytes is not None and p.stat().st_size > max_bytes:
            mb = max_bytes // (1024 * 1024)
            raise InputError(f"{p} is larger than {mb} MB, too large for {what}: check the file.")
        return p.read_bytes()
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


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all at once, creating its folder if needed."""
    p = path.expanduser()
    if p.is_dir():
        raise InputError(f"{p} is a folder: give a file name to write.")
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
        os.replace(tmp, p)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"Cannot write {p}: {exc.strerror}. Choose another path.") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
