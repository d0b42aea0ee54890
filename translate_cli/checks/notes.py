"""Segment notes that silence checks: ``ignore: <check>…`` and ``paraphrase: <term>…``.

- ``paraphrase: <term>[, <term>…]`` — those glossary terms (Arabic source or English rendering)
  are rendered freely on purpose; ``paraphrase:`` alone covers every term of the segment.
- ``ignore: <check>[, <check>…]`` — skip those checks for the segment (e.g. ``ignore: numbers``).

Each marker sits on its own line of the note or after a ``;``.
"""

from __future__ import annotations

import re

from translate_cli.text.normalize import match_key

_MARKER = re.compile(r"(?:^|[;\n])\s*(ignore|paraphrase)\s*:([^;\n]*)", re.IGNORECASE)
ALL_TERMS = "*"


def parse_note(note: str | None) -> tuple[set[str], set[str]]:
    """The checks a note turns off and the glossary terms it marks as paraphrased.

    ``paraphrase:`` with no term gives ``{"*"}`` (every term of the segment).
    """
    ignored: set[str] = set()
    paraphrased: set[str] = set()
    for kind, rest in _MARKER.findall(note or ""):
        items = [x.strip() for x in re.split(r"[,،]", rest) if x.strip()]
        if kind.lower() == "ignore":
            ignored |= {x.lower() for x in items}
        else:
            paraphrased |= {match_key(x) for x in items} or {ALL_TERMS}
    return ignored, paraphrased
