"""JSON: the article's structure for other programs (metadata, blocks, segments, credit)."""

from __future__ import annotations

import json
from typing import Any

from translate_cli.export.base import ExportDocument, Format, register

SCHEMA = "translate-cli/article"
SCHEMA_VERSION = 1


def to_json(doc: ExportDocument) -> dict[str, Any]:
    art = doc.article
    return {
        "schema": SCHEMA,
        "version": SCHEMA_VERSION,
        "draft": doc.draft,
        "article": {
            "id": doc.id,
            "url": art.get("url"),
            "canonical_url": art.get("canonical_url"),
            "site": art.get("site"),
            "source_title": art.get("title"),
            "source_author": art.get("author"),
            "published": art.get("published"),
            "source_lang": art.get("lang") or "ar",
            "lang": "en",
        },
        "title": doc.title,
        "date": doc.date,
        "byline": doc.byline,
        "blocks": [
            {
                "kind": block.kind,
                "level": block.level,
                "text": doc.block_text(block),
                "source": block.source,
                "segments": [
                    {
                        "id": seg.id,
                        "source": seg.source,
                        "target": seg.target,
                        "status": seg.status,
                        "note": seg.note,
                    }
                    for seg in block.segments
                ],
            }
            for block in doc.body
        ],
        "translated_from": doc.source_url,
        "see_also": doc.see_also,
    }


@register
class Json(Format):
    name = "json"
    suffix = ".json"
    summary = "the article's structure as JSON"

    def render(self, doc: ExportDocument, *, standalone: bool = False) -> str:
        return json.dumps(to_json(doc), ensure_ascii=False, indent=2) + "\n"
