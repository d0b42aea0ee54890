"""Machine drafts nobody has confirmed: a note, so that an engine's draft never passes for a
translator's work (``pretranslate`` writes them; confirming one makes it the translator's)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from translate_cli.checks.notes import parse_note


def machine_drafts(segments: Iterable[Mapping[str, Any]]) -> list[tuple[int, str]]:
    """(segment, message) for each machine draft still exactly as the engine wrote it."""
    from translate_cli.pretranslate import machine_label

    out = []
    for seg in segments:
        label = machine_label(seg)
        if label and "machine" not in parse_note(seg.get("note"))[0]:
            out.append((seg["id"], f"A {label} nobody has confirmed: review it and confirm it."))
    return out
