"""Every command, walked with hostile arguments: never a traceback, never the last-resort line,
never a raw escape sequence in what it prints.

The commands are enumerated from the Typer app itself (subcommand groups included), so a
command added later is walked too without anyone listing it here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from translate_cli.cli import app

runner = CliRunner()

ESC = "\x1b[2J\x1b]0;pwned\x07\x9b31m"
HOSTILE_TEXT = [
    ESC,
    "\udcff\udcfe",  # bytes that were not UTF-8 (surrogateescape)
    "99999999999999999999999",  # beyond SQLite's 64-bit integers
    "-99999999999999999999999",
    "²",  # str.isdigit() says yes, int() says no
    "١٢",  # Arabic-Indic digits: int() accepts them
    "",
    "\u202eevil\u202c",
    "http://[::1",
    "http://a..b/",
    "nan",
]
HOSTILE_NUMBERS = ["nan", "inf", "-inf", "-1", "0", "1e308", "99999999999999999999999", "²"]
# A plain-text line must never carry these out of the data: ESC, CSI (8-bit), BEL, bidi overrides.
RAW = re.compile("[\x1b\x9b\x07\u202a-\u202e\u2066-\u2069]")


def _commands() -> Iterator[tuple[list[str], Any]]:
    root = typer.main.get_command(app)

    def walk(cmd: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
        subcommands = getattr(cmd, "commands", None)
        if subcommands:
            for name, sub in sorted(subcommands.items()):
                yield from walk(sub, [*path, name])
        else:
            yield path, cmd

    yield from walk(root, [])


COMMANDS = list(_commands())


def _kind(param: Any) -> str:
    name = getattr(param.type, "name", "")
    return str(name).lower()


def _valid_args(cmd: Any, tmp: Path) -> list[str]:
    """Arguments that reach the command's body: article 1, segment 1, a real file, some text."""
    values = []
    for param in cmd.params:
        if param.param_type_name != "argument":
            continue
        name = param.name or ""
        if "file" in name or _kind(param) == "path" or name in ("output", "sources"):
            values.append(str(tmp / "input.txt"))
        elif name in ("key",):
            values.append("display")
        elif name in ("value",):
            values.append("visual")
        elif name in ("shell", "name"):
            values.append("bash")
        elif name in ("segments",):
            values.append("1")
        elif name in ("text", "source", "target", "note"):
            values.append("نص")
        else:
            values.append("1")
    return values


def _invocations(path: list[str], cmd: Any, tmp: Path) -> Iterator[list[str]]:
    arguments = [p for p in cmd.params if p.param_type_name == "argument"]
    base = _valid_args(cmd, tmp)
    # Each argument in turn gets each hostile value, the others valid.
    for i, _ in enumerate(arguments):
        for value in HOSTILE_TEXT:
            args = list(base)
            args[i] = value
            yield [*path, *args]
    # Each option in turn gets hostile values, the arguments valid.
    for param in cmd.params:
        if param.param_type_name != "option" or param.name in ("help", "db"):
            continue
        flag = param.opts[0]
        if param.is_flag:
            yield [*path, *base, flag]
            continue
        kind = _kind(param)
        values = HOSTILE_NUMBERS if kind in ("integer", "float") else HOSTILE_TEXT[:6]
        for value in values:
            yield [*path, *base, f"{flag}={value}"]


@pytest.fixture
def walked_db(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "input.txt").write_text("عنوان\n\nفقرة أولى من النص.\n", encoding="utf-8")
    # The data is hostile too: whatever a command prints of it must come out inert.
    from translate_cli.store import Store

    with Store(db) as store:
        store.update_article(1, {"title": f"عنوان {ESC}", "author": ESC})
        store.update_segment(1, 2, target=f"Target {ESC}", note=f"note {ESC}")
    # Nothing may reach the internet: any client honouring proxies dead-ends on a closed port.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "")
    monkeypatch.setenv("TRANSLATE_CLI_BASE_URL", "http://127.0.0.1:9/v1")
    for name in ("OPENAI_API_KEY", "DEEPL_AUTH_KEY", "DEEPL_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    return db


def test_the_walk_covers_every_command() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    # A few that must be there; the walk takes whatever else the app registers.
    assert {"fetch", "show", "list", "export", "glossary add", "tm search", "config set"} <= names
    assert len(names) >= 20


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: "-".join(p))
def test_hostile_arguments_never_crash(path: list[str], walked_db: Path, tmp_path: Path) -> None:
    cmd = dict((tuple(p), c) for p, c in COMMANDS)[tuple(path)]
    if path == ["pretranslate"]:
        pytest.importorskip("httpx")
    problems = []
    # An export piped to stdout is the file itself, byte for byte (on a terminal it is made
    # inert: tests/test_output.py); everything else printed must be inert even in a pipe.
    document = path[-1] == "export"
    for argv in _invocations(path, cmd, tmp_path):
        full = [*argv, "--db", str(walked_db)] if _takes_db(cmd) else argv
        if path == ["pretranslate"] and not any(a.startswith("--base-url") for a in argv):
            full += ["--base-url", "http://127.0.0.1:9/v1"]
        result = runner.invoke(app, full, input="")
        out, err = result.stdout, result.stderr
        shown = [repr(a) for a in argv]
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            problems.append(
                f"{shown}: raised {type(result.exception).__name__}: {result.exception}"
            )
        elif "Traceback" in out + err:
            problems.append(f"{shown}: printed a traceback")
        elif "unexpected" in err and "Rerun with --debug" in err:
            problems.append(f"{shown}: last resort: {err.strip()}")
        elif result.exit_code not in (0, 1, 2):
            problems.append(f"{shown}: exit {result.exit_code}")
        elif (RAW.search(out) and "--json" not in argv and not document) or RAW.search(err):
            problems.append(f"{shown}: raw control characters in output")
    assert not problems, "\n".join(problems[:20])


def _takes_db(cmd: Any) -> bool:
    return any(p.name == "db" for p in cmd.params)


# ---- the last resort ------------------------------------------------------------------------


def _demo_app() -> typer.Typer:
    from translate_cli.cli.app import _Group

    demo = typer.Typer(cls=_Group, add_completion=False)

    @demo.command()
    def boom() -> None:
        raise RuntimeError("kaboom \x1b[2J")

    @demo.command()
    def fine() -> None:
        pass

    return demo


def test_an_unexpected_error_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRANSLATE_CLI_DEBUG", raising=False)
    result = runner.invoke(_demo_app(), ["boom"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Error: unexpected RuntimeError: kaboom \\x1b[2J. This is a bug in translate-cli; "
        "nothing more was saved. Rerun with --debug for the traceback and report it.\n"
    )


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSLATE_CLI_DEBUG", "1")
    result = runner.invoke(_demo_app(), ["boom"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert 'raise RuntimeError("kaboom \\x1b[2J")' in result.stderr
    assert result.stderr.rstrip().endswith("and report it.")
    assert "\x1b" not in result.stderr


def test_usage_errors_quote_arguments_visibly() -> None:
    result = runner.invoke(app, ["show", "1", f"--colour={ESC}"])
    assert result.exit_code == 2
    assert "No such option: --colour" in result.stderr
    assert not RAW.search(result.stderr)


def test_global_debug_option_is_accepted(db: Path) -> None:
    result = runner.invoke(app, ["--debug", "list", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.stderr


# ---- real processes: bytes in argv, closed and odd standard streams ----------------------------

CLI = Path(__import__("sys").executable).with_name("translate-cli")


def _sh(script: str, tmp: Path, stdin: bytes | None = b"") -> Any:
    import os
    import subprocess

    env = {**os.environ, "CLI": str(CLI), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    return subprocess.run(
        ["sh", "-c", script], cwd=tmp, env=env, input=stdin, capture_output=True, timeout=60
    )


def test_argv_bytes_that_are_not_utf8(db: Path, tmp_path: Path) -> None:
    import subprocess

    got = subprocess.run(
        [str(CLI), "note", "1", "1", b"\xff\xfe caf\xe9", "--db", str(db)],
        capture_output=True,
        timeout=60,
    )
    assert got.returncode == 1
    assert got.stderr.decode() == (
        "Error: The argument '\\xff\\xfe caf\\xe9' is not valid UTF-8 text: retype it, or set "
        "a UTF-8 locale (e.g. LANG=C.UTF-8).\n"
    )
    shown = subprocess.run(
        [str(CLI), "show", "1", "--db", str(db), "--json"], capture_output=True, timeout=60
    )
    assert b'"note": null' in shown.stdout  # nothing was saved


def test_a_file_whose_name_is_not_utf8_is_fetched(db: Path, tmp_path: Path) -> None:
    import os
    import subprocess

    name = os.fsencode(tmp_path) + b"/\xff\xfe-article.txt"
    with open(name, "wb") as handle:
        handle.write("عنوان الخبر\n\nوصلت قافلة المساعدات إلى المدينة صباح اليوم.\n".encode())
    got = subprocess.run(
        [str(CLI), "fetch", name, "--db", str(db), "--json"], capture_output=True, timeout=60
    )
    assert got.returncode == 0, got.stderr
    assert b"Traceback" not in got.stderr
    import json

    [article] = json.loads(got.stdout)["articles"]
    assert article["url"].endswith("\ufffd\ufffd-article.txt")


def test_stdin_that_is_not_utf8(db: Path, tmp_path: Path) -> None:
    got = _sh(f'"$CLI" set 1 1 - --db "{db}"', tmp_path, stdin=b"\xff\xfe\x00bad")
    assert got.returncode == 1
    assert got.stderr.decode().startswith("Error: ")
    assert "UTF-8" in got.stderr.decode()
    assert b"Traceback" not in got.stderr


@pytest.mark.parametrize(
    ("script", "code"),
    [
        ('"$CLI" list --db "{db}" >&-', 0),
        ('"$CLI" show 1 --db "{db}" >&-', 0),
        ('"$CLI" glossary find - <&-', 1),
        ('"$CLI" set 1 1 - --db "{db}" <&-', 1),
        ('"$CLI" show 99 --db "{db}" 2>&-', 1),
        ('"$CLI" list --db "{db}" <&- >&- 2>&-', 0),
    ],
)
def test_closed_standard_streams(db: Path, tmp_path: Path, script: str, code: int) -> None:
    before = _sh(f'"$CLI" show 1 --json --db "{db}"', tmp_path).stdout
    got = _sh(script.format(db=db), tmp_path, stdin=None)
    assert got.returncode == code, got.stderr
    assert b"Traceback" not in got.stderr + got.stdout
    assert b"unexpected" not in got.stderr
    if b"<&-" in script.encode() and code == 1:
        assert got.stderr == (
            b"Error: Standard input is closed: give the text as an argument, or pipe it in.\n"
        )
    # Nothing saved changed.
    assert _sh(f'"$CLI" show 1 --json --db "{db}"', tmp_path).stdout == before


def test_output_into_a_closed_pipe(db: Path, tmp_path: Path) -> None:
    got = _sh(f'"$CLI" show 1 --db "{db}" | head -c 10 >/dev/null', tmp_path)
    assert got.returncode == 0
    assert got.stderr == b""


def test_debug_goes_anywhere_on_the_line(db: Path) -> None:
    for argv in (["--debug", "show", "1"], ["show", "1", "--debug"]):
        result = runner.invoke(app, [*argv, "--db", str(db), "--json"])
        assert result.exit_code == 0, result.stderr
