"""completion: shell completion scripts for bash, zsh and fish.

The scripts are Typer's (Click's shell completion machinery): the shell calls translate-cli
back with ``_TRANSLATE_CLI_COMPLETE`` set only when the user presses tab, so loading a script
costs the shell nothing at start-up; the callbacks (cli/completers.py) open the database only
then.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from translate_cli.cli.app import app
from translate_cli.cli.completers import SHELLS, complete_shell

PROG = "translate-cli"
COMPLETE_VAR = "_TRANSLATE_CLI_COMPLETE"

if os.environ.get(COMPLETE_VAR):
    # Typer's zsh and fish protocols need its completion classes; register them only when
    # the shell is asking, so ordinary commands never load them.
    from typer._completion_classes import completion_init

    completion_init()


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
