"""Every command has help text and is documented in the README (as sqlite-utils does)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
import typer
from conftest import REPO

from translate_cli.cli import app

README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, Any]]:
    # Typer vendors its own click, so look for groups by their `commands` mapping.
    root: Any = typer.main.get_command(app)
    found: list[tuple[str, Any]] = []
    for name, cmd in root.commands.items():
        if hasattr(cmd, "commands"):
            found += [(f"{name} {sub}", subcmd) for sub, subcmd in cmd.commands.items()]
        else:
            found.append((name, cmd))
    return found


@pytest.mark.parametrize(("name", "cmd"), _commands(), ids=[n for n, _ in _commands()])
def test_command_has_help_and_is_in_readme(name: str, cmd: Any) -> None:
    assert (cmd.help or "").strip(), f"{name} has no help text"
    assert f"translate-cli {name}" in README, f"README does not mention 'translate-cli {name}'"


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from translate_cli.cli import app\n"
        "heavy = [m for m in ('trafilatura', 'httpx', 'textual', 'lxml', 'ahocorasick', 'rapidfuzz', 'rich.table')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_module_entry_point_help() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "translate_cli", "--help"], capture_output=True, text=True
    )
    assert out.returncode == 0
    assert "fetch" in out.stdout
