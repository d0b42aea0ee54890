"""Where translate-cli keeps its data, with environment overrides for scripts and tests."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "translate-cli"


def user_dir() -> Path:
    """The directory for the database and settings.

    ``TRANSLATE_CLI_HOME`` wins; otherwise ``$XDG_DATA_HOME/translate-cli`` or
    ``~/.local/share/translate-cli`` (``%APPDATA%`` on Windows).
    """
    override = os.environ.get("TRANSLATE_CLI_HOME")
    if override:
        return Path(override).expanduser()
    if os.name == "nt" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / APP_NAME
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_NAME


def default_db_path() -> Path:
    """The database path: ``TRANSLATE_CLI_DB`` if set, else ``translate.db`` in :func:`user_dir`."""
    override = os.environ.get("TRANSLATE_CLI_DB")
    if override:
        return Path(override).expanduser()
    return user_dir() / "translate.db"
