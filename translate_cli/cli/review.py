"""Commands for review (being written)."""

from translate_cli.cli.app import app  # noqa: F401
