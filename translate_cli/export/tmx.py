"""TMX 1.4b, the one way translate-cli writes translation memory for other tools.

``export --format tmx`` (one article's approved pairs) and ``tm export`` (the whole memory) both
go through :func:`tmx_pairs` and :func:`translate_cli.formats.tmx.write_tmx`, so every unit that
came from an article carries the same properties: ``x-article``, ``x-segment`` (its number in
the article), ``x-status`` and, when the article has a public address, ``x-source-url``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from translate_cli.export.base import ExportDocument, Format, one_line, register
from translate_cli.formats.tmx import TmxPair


def unit_props(
    article: int | None, segment: int | None, status: str | None, source_url: str | None
) -> dict[str, str]:
    """Where a pair came from, as TMX user-defined (x-) properties; none for imported units."""
    if article is None or segment is None:
        return {}
    props = {"x-article": str(article), "x-segment": str(segment)}
    if status:
        props["x-status"] = status
    if source_url:
        props["x-source-url"] = source_url
    return props


def tmx_pairs(units: Iterable[Mapping[str, Any]], urls: Mapping[int, str | None]) -> list[TmxPair]:
    """Memory units (``source``, ``target``, ``created``, ``changed``, ``note``, ``article``,
    ``segment``, ``status``) as TMX pairs, credited to their article's public URL in ``urls``."""
    return [
        TmxPair(
            source=one_line(u["source"]),
            target=one_line(u["target"]),
            created=u.get("created"),
            changed=u.get("changed"),
            note=u.get("note"),
            props=unit_props(
                u.get("article"),
                u.get("segment"),
                u.get("status"),
                urls.get(u["article"]) if u.get("article") is not None else None,
            ),
        )
        for u in units
        if one_line(u.get("source")) and one_line(u.get("target"))
    ]


def article_units(doc: ExportDocument) -> list[dict[str, Any]]:
    """An article's approved pairs as memory units."""
    return [
        {
            "source": seg.source,
            "target": seg.target,
            "created": seg.created_at,
            "changed": seg.updated_at,
            "note": seg.note,
            "article": doc.id,
            "segment": seg.id,
            "status": seg.status,
        }
        for seg in doc.segments
        if seg.approved and seg.target and seg.target.strip()
    ]


def memory_tmx(store: Any) -> tuple[bytes, int]:
    """The whole translation memory as a TMX file, and how many units it holds."""
    from translate_cli.export.base import ExportDocument
    from translate_cli.formats.tmx import write_tmx
    from translate_cli.memory import memory_units

    urls = {
        int(a["id"]): ExportDocument(article=dict(a), blocks=[]).source_url
        for a in store.query("select * from articles")
    }
    pairs = tmx_pairs(memory_units(store), urls)
    return write_tmx(pairs), len(pairs)


@register
class Tmx(Format):
    name = "tmx"
    suffix = ".tmx"
    summary = "TMX 1.4b of the approved segment pairs"
    publishable = False
    binary = True

    def render(self, doc: ExportDocument, *, standalone: bool = False) -> bytes:
        from translate_cli.formats.tmx import write_tmx

        return write_tmx(tmx_pairs(article_units(doc), {doc.id: doc.source_url}))
