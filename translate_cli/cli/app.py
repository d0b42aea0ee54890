"""The Typer application and what every command shares: the database option, output helpers,
and the one place where domain errors become one line on stderr."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from translate_cli.errors import TranslateCliError


def fail(message: str) -> typer.Exit:
    """Print ``Error: message`` as one line on stderr; return the Exit(1) to raise."""
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(1)


class _Group(TyperGroup):
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TranslateCliError as exc:
            raise fail(str(exc)) from None
        except sqlite3.DatabaseError as exc:
            raise fail(f"Database error: {exc}. Check the file given by --db.") from None
        except KeyboardInterrupt:
            raise fail("Interrupted; everything confirmed so far is saved.") from None
        except BrokenPipeError:
            # Output piped into `head` and friends: nothing more to say.
            sys.stderr.close()
            raise typer.Exit(0) from None


app = typer.Typer(
    cls=_Group,
    name="translate-cli",
    help="A terminal workbench for translating Arabic news articles into publishable English.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        envvar="TRANSLATE_CLI_DB",
        help="The database file (default: translate.db in the user data folder).",
        show_default=False,
    ),
]
GlossaryOption = Annotated[
    Path | None,
    typer.Option(
        "--glossary",
        envvar="TRANSLATE_CLI_GLOSSARY",
        help="Glossary CSV (default: ./glossary.csv, else the bundled one).",
        show_default=False,
    ),
]
ArticleArg = Annotated[str, typer.Argument(help="Article id or URL (see 'translate-cli list').")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def open_store(db: Path | None) -> Any:
    """Open the database named by --db / TRANSLATE_CLI_DB, or the default one."""
    from translate_cli.paths import default_db_path
    from translate_cli.store import Store

    return Store(db or default_db_path())


def print_json(data: Any) -> None:
    """JSON on stdout, UTF-8 as is (Arabic stays readable)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def console(stderr: bool = False) -> Any:
    """A Rich console; imported here so that --help never pays for Rich."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)
