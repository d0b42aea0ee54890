"""Completion callbacks: article ids, statuses, shells. Run only while the shell completes a
command line (tab), never on an ordinary command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

SHELLS = ("bash", "zsh", "fish")


def complete_shell(incomplete: str) -> list[str]:
    return [shell for shell in SHELLS if shell.startswith(incomplete)]


def complete_status(incomplete: str) -> list[str]:
    from translate_cli.status import STATUSES

    return [status for status in STATUSES if status.startswith(incomplete)]


def complete_refs_then_status(incomplete: str) -> list[str]:
    """``status ARTICLE 1-3 reviewed``: 'all' and the statuses (the word that ends the list)."""
    from translate_cli.status import STATUSES

    return [word for word in ("all", *STATUSES) if word.startswith(incomplete)]


def complete_pass(incomplete: str) -> list[str]:
    return [status for status in ("reviewed", "approved") if status.startswith(incomplete)]


def complete_article(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Article ids (latest first) with their titles, read from --db or the default database.

    Read-only and without the store's migrations: a tab press never creates, upgrades or
    locks a database. Any trouble completes nothing.
    """
    import sqlite3

    from translate_cli.paths import default_db_path

    db = _param(ctx, "db")
    path = Path(db).expanduser() if db else default_db_path()
    if not path.is_file():
        return []
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
        try:
            rows = conn.execute(
                "select id, coalesce(title, url, '') from articles order by id desc limit 200"
            ).fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return []
    return [
        (str(i), " ".join(str(t).split())[:60]) for i, t in rows if str(i).startswith(incomplete)
    ]


def _param(ctx: Any, name: str) -> Any:
    """A parameter already parsed on the command line being completed, in this or a parent
    context."""
    while ctx is not None:
        value = ctx.params.get(name)
        if value is not None:
            return value
        ctx = ctx.parent
    return None
