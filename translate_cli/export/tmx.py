"""TMX 1.4b of the article's approved pairs, as translation memory for other tools."""

from __future__ import annotations

from translate_cli.export.base import ExportDocument, Format, one_line, register


def props(doc: ExportDocument, segment_id: int) -> dict[str, str]:
    """Where a pair came from, as TMX user-defined (x-) properties."""
    found = {"x-segment": str(segment_id)}
    if doc.source_url:
        found["x-source-url"] = doc.source_url
    return found


@register
class Tmx(Format):
    name = "tmx"
    suffix = ".tmx"
    summary = "TMX 1.4b of the approved segment pairs"
    publishable = False
    binary = True

    def render(self, doc: ExportDocument, *, standalone: bool = False) -> bytes:
        from translate_cli.formats.tmx import TmxPair, write_tmx

        pairs = [
            TmxPair(
                source=one_line(seg.source),
                target=one_line(seg.target),
                created=seg.created_at,
                changed=seg.updated_at,
                note=seg.note,
                props=props(doc, seg.id),
            )
            for seg in doc.segments
            if seg.approved and seg.target and seg.target.strip()
        ]
        return write_tmx(pairs)
