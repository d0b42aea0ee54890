"""XLIFF 2.1 for other translation tools; ``translate-cli import`` brings the work back."""

from __future__ import annotations

from translate_cli.export.base import ExportDocument, Format, register


@register
class Xliff(Format):
    name = "xliff"
    aliases = ("xlf", "xliff2")
    suffix = ".xlf"
    summary = "XLIFF 2.1 of every segment, for other translation tools (import brings it back)"
    publishable = False
    binary = True

    def render(self, doc: ExportDocument, *, standalone: bool = False) -> bytes:
        from translate_cli.formats.xliff2 import write_xliff

        return write_xliff(doc)
