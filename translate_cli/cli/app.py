"""The Typer application and what every command shares: the database option, output helpers,
and the one place where errors become one line on stderr.

Domain errors (translate_cli.errors) are one line and exit 1. Anything unexpected is one line
too, with a hint to rerun with ``--debug`` for the traceback, and exit 2: a user never sees a
traceback they did not ask for. Everything printed goes through :mod:`translate_cli.cli.output`.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from translate_cli.errors import InputError, TranslateCliError

if TYPE_CHECKING:
    from translate_cli.store import Store

DEBUG_ENV = "TRANSLATE_CLI_DEBUG"
_SURROGATE = re.compile("[\ud800-\udfff]")
_state = {"debug": False}


def debugging() -> bool:
    """True when --debug (or TRANSLATE_CLI_DEBUG) asks for tracebacks of unexpected errors."""
    return bool(_state["debug"])


def fail(message: str) -> typer.Exit:
    """Print ``Error: message`` as one line on stderr; return the Exit(1) to raise."""
    from translate_cli.cli.output import echo

    echo(f"Error: {message}", err=True)
    return typer.Exit(1)


def unexpected(exc: BaseException) -> typer.Exit:
    """The last resort: one line for an error nobody planned for (the traceback with --debug)."""
    from translate_cli.cli.output import echo

    if _state["debug"]:
        import traceback

        echo("".join(traceback.format_exception(exc)).rstrip(), err=True)
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    name = type(exc).__name__
    echo(
        f"Error: unexpected {name}{': ' + detail if detail else ''}. This is a bug in "
        "translate-cli; nothing more was saved. Rerun with --debug for the traceback "
        "and report it.",
        err=True,
    )
    return typer.Exit(2)


class _ClosedStdin(io.TextIOBase):
    """Standard input that was closed when we started: reading it is a one-line error, not
    an empty text (an empty text would clear a translation)."""

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        raise InputError("Standard input is closed: give the text as an argument, or pipe it in.")

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        return self.read()

    def isatty(self) -> bool:
        return False


def _reopen_closed_streams() -> None:
    """Give closed standard streams /dev/null, so printing cannot crash.

    Without this a closed stdout is ``sys.stdout = None`` and the database could be opened on
    file descriptor 1 or 2, where a stray print would write into it.
    """
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        closed = False
        try:
            os.fstat(fd)
        except OSError:
            closed = True
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
        if closed or getattr(sys, name) is None:
            if fd == 0:
                sys.stdin = _ClosedStdin()
            else:
                setattr(sys, name, open(fd, mode, encoding="utf-8", closefd=False))  # noqa: SIM115
        elif fd and isinstance(getattr(sys, name), io.TextIOWrapper):
            # A terminal in a non-UTF-8 locale cannot show every character: mark, never crash.
            with contextlib.suppress(ValueError, OSError):
                getattr(sys, name).reconfigure(errors="backslashreplace")


def _check_arguments(args: Sequence[str]) -> None:
    """Arguments with bytes that are not UTF-8 are refused, unless they name an existing file."""
    for arg in args:
        value = arg.partition("=")[2] if arg.startswith("--") else arg
        if _SURROGATE.search(arg) and not os.path.lexists(value):
            from translate_cli.text.controls import visible

            raise fail(
                f"The argument '{visible(arg)}' is not valid UTF-8 text: retype it, or set a "
                "UTF-8 locale (e.g. LANG=C.UTF-8)."
            )


def _click_error() -> type[Exception]:
    """Click's ClickException, from whichever click this Typer uses (0.28 vendors a copy)."""
    return next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


class _Group(TyperGroup):
    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        click_error = _click_error()
        _reopen_closed_streams()
        args = list(sys.argv[1:] if args is None else args)
        # --debug is taken anywhere before a "--", so it can be added to any command line.
        end = args.index("--") if "--" in args else len(args)
        _state["debug"] = bool(os.environ.get(DEBUG_ENV)) or "--debug" in args[:end]
        args = [a for a in args[:end] if a != "--debug"] + args[end:]
        try:
            _check_arguments(args)
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_error as exc:  # usage errors quote argv: print them through the sanitiser
            from translate_cli.cli.output import SafeStream

            exc.show(file=SafeStream(sys.stderr))  # type: ignore[attr-defined]
            code = exc.exit_code  # type: ignore[attr-defined]
        except typer.Abort:
            from translate_cli.cli.output import echo

            echo("Aborted.", err=True)
            code = 1
        except typer.Exit as exc:
            code = exc.exit_code
        except BrokenPipeError:  # help or usage piped into `head`
            _quiet_stdout()
            code = 0
        except OSError as exc:
            code = _write_failed(exc) if exc.errno in _WRITE_ERRNOS else unexpected(exc).exit_code
        except Exception as exc:  # the last resort: one line, never a traceback
            code = unexpected(exc).exit_code
        if not isinstance(code, int):
            code = 0
        code = _flush_stdout(code)
        if not standalone_mode:
            return code
        sys.exit(code)

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
            _quiet_stdout()
            raise typer.Exit(0) from None
        except UnicodeError as exc:
            if _state["debug"]:
                raise
            reason = getattr(exc, "reason", exc)
            raise fail(
                f"Text that is not valid UTF-8 ({reason}): give arguments, files and standard "
                "input as UTF-8."
            ) from None


# Errors writing output (stdout on a full disk, a device that fails): one line, exit 1.
_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG})


def _write_failed(exc: OSError) -> int:
    _quiet_stdout()
    fail(
        f"Cannot write the output: {exc.strerror or exc}. Free some space, or send the output "
        "elsewhere (-o, or a redirect)."
    )
    return 1


def _flush_stdout(code: int) -> int:
    """Flush stdout before exiting: output lost on a full disk is an error, not a silent
    success followed by Python's "Exception ignored" at exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
    except OSError as exc:
        return _write_failed(exc)
    except (ValueError, AttributeError):  # stdout closed or replaced: nothing to flush
        pass
    return code


def _quiet_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so the final flush says nothing."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


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


def _print_version(value: bool) -> None:
    if value:
        from translate_cli import __version__

        typer.echo(f"translate-cli {__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help=f"Show the traceback of an unexpected error (or set {DEBUG_ENV}=1)."
        ),
    ] = False,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Never page long output (also: PAGER=cat).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """A terminal workbench for translating Arabic news articles into publishable English."""
    from translate_cli.cli import output

    _state["debug"] = _state["debug"] or debug
    output.configure(pager=False if no_pager else None)


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


def _complete_article(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from translate_cli.cli.completers import complete_article

    return complete_article(ctx, incomplete)


ArticleArg = Annotated[
    str,
    typer.Argument(
        help="Article id or URL (see 'translate-cli list').", autocompletion=_complete_article
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
VisualOption = Annotated[
    bool | None,
    typer.Option(
        "--visual/--logical",
        help="Shape and reorder Arabic for terminals without bidi (tmux, kitty, alacritty, "
        "Windows Terminal); default: the config's display setting.",
        show_default=False,
    ),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print nothing but errors (and --json output).")
]


def open_store(db: Path | None) -> Store:
    """Open the database named by --db / TRANSLATE_CLI_DB, or the default one."""
    from translate_cli.paths import default_db_path
    from translate_cli.store import Store

    return Store(db or default_db_path())


def print_json(data: Any) -> None:
    """JSON on stdout, UTF-8 as is (Arabic stays readable), controls as \\u escapes."""
    from translate_cli.cli.output import write_json

    write_json(data)


def console(stderr: bool = False) -> Any:
    """A safe Rich console (see cli/output.py); imported here so --help never pays for Rich."""
    from translate_cli.cli.output import make_console

    return make_console(stderr)


def output(*, stderr: bool = False, visual: bool | None = None, quiet: bool = False) -> Any:
    """The output helper of cli/output.py (``Output``): safe cells, tables, reports, pager."""
    from translate_cli.cli.output import Output

    return Output(stderr=stderr, visual=visual, quiet=quiet)
