"""Commands for tm (being written)."""

from translate_cli.cli.app import app  # noqa: F401
