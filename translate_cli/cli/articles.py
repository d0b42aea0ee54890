"""fetch, list and show (being written)."""

from translate_cli.cli.app import app  # noqa: F401
