"""XLIFF 1.2 and 2.1 for other translation tools; ``translate-cli import`` brings the work back."""

from __future__ import annotations

from translate_cli.export.base import ExportDocument, Format, register
from translate_cli.formats.bitext import Bitext, BitextSegment, BitextUnit


def bitext_of(doc: ExportDocument) -> Bitext:
    """The article as the exchange formats see it: blocks of segments with status and note."""
    return Bitext(
        article_id=doc.id,
        original=doc.exchange_url,
        units=[
            BitextUnit(
                block.idx,
                block.kind,
                block.level,
                [BitextSegment(s.id, s.source, s.target, s.status, s.note) for s in block.segments],
            )
            for block in doc.blocks
        ],
    )


@register
class Xliff(Format):
    name = "xliff"
    aliases = ("xlf", "xliff2", "xliff21")
    suffix = ".xlf"
    summary = "XLIFF 2.1 of every segment, for tools that read XLIFF 2 (import brings it back)"
    publishable = False
    binary = True

    def render(self, doc: ExportDocument, *, standalone: bool = False) -> bytes:
        from translate_cli.formats.xliff2 import write_xliff

        return write_xliff(bitext_of(doc))


@register
class Xliff12(Format):
    name = "xliff12"
    aliases = ("xliff1", "xlf12")
    suffix = ".xlf"
    summary = "XLIFF 1.2 of every segment, for OmegaT, Trados, memoQ (import brings it back)"
    publishable = False
    binary = True

    def render(self, doc: ExportDocument, *, standalone: bool = False) -> bytes:
        from translate_cli.formats.xliff12 import write_xliff12

        return write_xliff12(bitext_of(doc))
