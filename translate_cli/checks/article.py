"""Checks across an article: the same source translated differently."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from translate_cli.checks.notes import parse_note
from translate_cli.text.normalize import match_key


def inconsistent(segments: Sequence[Mapping[str, Any]]) -> list[tuple[int, str]]:
    """(segment id, message) for each segment whose source repeats an earlier one's with
    another translation."""
    first: dict[str, Mapping[str, Any]] = {}
    out = []
    for seg in segments:
        target = " ".join((seg["target"] or "").split())
        if not target:
            continue
        key = match_key(seg["source"])
        if key not in first:
            first[key] = seg
            continue
        other = first[key]
        if (
            " ".join((other["target"] or "").split()) != target
            and "inconsistent" not in (parse_note(seg["note"])[0])
        ):
            out.append(
                (
                    seg["id"],
                    f"Same source as segment {other['id']}, translated differently: "
                    f"“{other['target']}”.",
                )
            )
    return out
