"""Command-line interface: each module registers its commands on the shared app."""

from __future__ import annotations

# Importing a module registers its commands; the order is the order of `--help`.
from translate_cli.cli import articles as _articles  # noqa: F401
from translate_cli.cli import completion as _completion  # noqa: F401
from translate_cli.cli import config as _config  # noqa: F401
from translate_cli.cli import export as _export  # noqa: F401
from translate_cli.cli import glossary as _glossary  # noqa: F401
from translate_cli.cli import pretranslate as _pretranslate  # noqa: F401
from translate_cli.cli import review as _review  # noqa: F401
from translate_cli.cli import search as _search  # noqa: F401
from translate_cli.cli import tm as _tm  # noqa: F401
from translate_cli.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
