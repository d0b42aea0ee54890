"""config path/get/set/unset/list: defaults kept in config.toml (translate_cli.config)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from translate_cli.cli.app import JsonOption, QuietOption, app, console, output, print_json
from translate_cli.cli.output import echo

config_app = typer.Typer(
    help="Settings in config.toml: byline, date format, display, engine, reviewer...",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(config_app, name="config")


def _complete_key(incomplete: str) -> list[tuple[str, str]]:
    from translate_cli.config import SETTINGS

    return [(key, s.help) for key, s in SETTINGS.items() if key.startswith(incomplete)]


KeyArg = Annotated[
    str,
    typer.Argument(help="A setting ('translate-cli config list').", autocompletion=_complete_key),
]


def _known(key: str) -> str:
    """``key`` if it is a setting, else the same one-line error a bad config file gives."""
    from translate_cli import config
    from translate_cli.errors import InputError

    if key not in config.SETTINGS:
        raise InputError(
            f"{config.config_path()}: unknown key {key!r}: use one of {', '.join(config.SETTINGS)} "
            "('translate-cli config list' explains each)."
        )
    return key


@config_app.command("path")
def config_path() -> None:
    """Print where the config file is (TRANSLATE_CLI_CONFIG, else the data folder).

    Example:

      translate-cli config path
    """
    from translate_cli import config

    echo(str(config.config_path()))


@config_app.command("get")
def config_get(key: KeyArg) -> None:
    """Print a setting's value (from its environment variable, else the file).

    Exits with status 1, printing nothing, when the setting is not set.

    Example:

      translate-cli config get byline
    """
    from translate_cli import config

    value = config.get(_known(key))
    if value is None:
        raise typer.Exit(1)
    echo(_show(value))


@config_app.command("set")
def config_set(
    key: KeyArg,
    value: Annotated[str, typer.Argument(help="The value (quote it if it has spaces).")],
    quiet: QuietOption = False,
) -> None:
    """Set a setting in the config file; the other settings are kept.

    Examples:

      translate-cli config set byline "Syria TV English desk"

      translate-cli config set date_format "%B %-d, %Y"

      translate-cli config set reviewer "Lina"
    """
    from translate_cli import config

    path = config.set_value(_known(key), value)
    # The value as checked, not the file re-read: another bad line there is not this one's.
    output(quiet=quiet).report(f"{key} = {_show(config.check_value(key, value))} in {path}")


@config_app.command("unset")
def config_unset(key: KeyArg, quiet: QuietOption = False) -> None:
    """Remove a setting from the config file (its built-in default applies again).

    Example:

      translate-cli config unset byline
    """
    from translate_cli import config

    # A key the file has can always go, known or not: that is how a bad one is removed.
    if key not in config.file_keys():
        _known(key)
    path = config.set_value(key, None)
    output(quiet=quiet).report(f"{key} removed from {path}")


@config_app.command("list")
def config_list(json_out: JsonOption = False) -> None:
    """List every setting: its value, where the value comes from, and what it is for.

    Example:

      translate-cli config list
    """
    import os

    from translate_cli import config

    path = config.config_path()
    in_file = config.load(path)
    rows: list[dict[str, Any]] = []
    for key, setting in config.SETTINGS.items():
        value = config.get(key)
        if setting.env and os.environ.get(setting.env):
            origin = setting.env
        elif key in in_file:
            origin = "file"
        else:
            origin = None
        rows.append({"key": key, "value": value, "from": origin, "help": setting.help})
    if json_out:
        print_json({"path": str(path), "settings": rows})
        return
    out = console()
    out.print(f"# {path}", markup=False)
    for row in rows:
        shown = "(not set)" if row["value"] is None else _show(row["value"])
        where = f"  [{row['from']}]" if row["from"] not in (None, "file") else ""
        out.print(f"{row['key']} = {shown}{where}", markup=False)
        out.print(f"    {row['help']}", markup=False, style="dim")


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
