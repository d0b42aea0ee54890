"""`translate-cli completion bash|zsh|fish`, and completing as the shells do: the installed
command called back with the completion variable set."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run

from translate_cli.cli.completion import COMPLETE_VAR

EXE = Path(sys.executable).with_name("translate-cli")


def complete_bash(words: str, **env: str) -> list[str]:
    """What bash's completion function would offer for ``words`` (the last one incomplete)."""
    parts = words.split(" ")
    result = subprocess.run(
        [str(EXE)],
        env={
            **os.environ,
            COMPLETE_VAR: "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.split()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_scripts_call_back_only_when_completing(shell: str) -> None:
    r = run(None, "completion", shell)
    assert r.exit_code == 0
    assert f"{COMPLETE_VAR}=complete_{shell}" in r.stdout
    assert "translate-cli" in r.stdout


def test_unknown_shell() -> None:
    r = run(None, "completion", "tcsh")
    assert (r.exit_code, r.stderr) == (1, "Error: Unknown shell 'tcsh': use bash, zsh or fish.\n")


@pytest.mark.skipif(not EXE.exists(), reason="needs the installed translate-cli script")
def test_commands_statuses_and_article_ids_complete(db: Path, tmp_path: Path) -> None:
    assert "config" in complete_bash("translate-cli conf")
    assert complete_bash("translate-cli status 1 2 --to r") == ["reviewed"]
    # The status can end the segment list (status 1 2-3 reviewed), and search filters by one.
    assert complete_bash("translate-cli status 1 2-3 re") == ["reviewed"]
    assert complete_bash("translate-cli status 1 a") == ["all", "approved"]
    assert complete_bash("translate-cli search water --status t") == ["translated"]
    assert complete_bash("translate-cli review 1 --pass ") == ["reviewed", "approved"]
    assert complete_bash("translate-cli config get b") == ["byline", "base_url"]
    # Article ids come from --db on the line being completed, else TRANSLATE_CLI_DB.
    assert complete_bash(f"translate-cli show --db {db} ") == ["1"]
    assert complete_bash("translate-cli export ", TRANSLATE_CLI_DB=str(db)) == ["1"]
    # A database that does not exist completes nothing and is not created.
    missing = tmp_path / "none.db"
    assert complete_bash(f"translate-cli show --db {missing} ") == []
    assert not missing.exists()


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.skipif(not EXE.exists(), reason="needs the installed translate-cli script")
def test_bash_script_completes_in_bash(db: Path, tmp_path: Path) -> None:
    script = tmp_path / "completion.bash"
    script.write_text(run(None, "completion", "bash").stdout)
    probe = (
        f'export PATH="{EXE.parent}:$PATH"; source {script}; '
        "COMP_WORDS=(translate-cli status 1 2 --to a); COMP_CWORD=5; "
        '_translate_cli_completion translate-cli; echo "${COMPREPLY[@]}"'
    )
    out = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert out.split() == ["approved"]
