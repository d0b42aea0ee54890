"""completion: shell completion scripts, and the callbacks that complete article ids and statuses.

The scripts are Typer's (Click's shell completion machinery): the shell calls translate-cli
back with ``_TRANSLATE_CLI_COMPLETE`` set only when the user presses tab, so loading a script
costs the shell nothing at start-up, and the callbacks open the database only then.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from translate_cli.cli.app import app

PROG = "translate-cli"
COMPLETE_VAR = "_TRANSLATE_CLI_COMPLETE"
SHELLS = ("bash", "zsh", "fish")

if os.environ.get(COMPLETE_VAR):
    # Typer's zsh and fish protocols need its completion classes; register them only when
    # the shell is asking, so ordinary commands never load them.
    from typer._completion_classes import completion_init

    completion_init()


def complete_shell(incomplete: str) -> list[str]:
    return [shell for shell in SHELLS if shell.startswith(incomplete)]


def complete_status(incomplete: str) -> list[str]:
    from translate_cli.status import STATUSES

    return [status for status in STATUSES if status.startswith(incomplete)]


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


@app.command()
def completion(
    shell: Annotated[str, typer.Argument(help="bash, zsh or fish.", autocompletion=complete_shell)],
) -> None:
    """Print the shell completion script for bash, zsh or fish (commands, options, article
    ids, statuses).

    Save it where your shell loads completions on first use, so it costs nothing at start-up:

      translate-cli completion bash > ~/.local/share/bash-completion/completions/translate-cli

      translate-cli completion zsh > ~/.zfunc/_translate-cli   (with ~/.zfunc on $fpath)

      translate-cli completion fish > ~/.config/fish/completions/translate-cli.fish
    """
    from translate_cli.errors import InputError

    name = shell.strip().lower()
    if name not in SHELLS:
        raise InputError(f"Unknown shell {shell!r}: use bash, zsh or fish.")
    from typer._completion_shared import get_completion_script

    typer.echo(get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=name))
