"""The glossary's rows and what matching reports: plain records, no behaviour.

Kept apart from the matcher and the file code so that formats (TBX) can build terms without
importing either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

#: The category of a row that is "not a term": it is matched so that no other term is found
#: inside it (مرض السكري, the disease, shields السكري, the Aleppo neighbourhood), and it is
#: never reported.
NOT_A_TERM = "not-a-term"

#: The columns a row may say when it applies in (see :class:`Term`), in file order.
SENSE_FIELDS = ("only_after", "not_after", "only_before", "not_before")


@dataclass(frozen=True)
class Term:
    """One glossary row.

    The sense fields hold Arabic words (compared in matching form): a row with ``only_after``
    applies only right after one of them, with ``not_after`` never right after one (the same
    for ``before``). A word there may be written with its proclitics; the text's word is
    compared with and without و ف ب ل ك in front. ``short_forms`` are the shorter names a
    later mention in the same article may use, each ``arabic`` or ``arabic=English`` (without
    English the rendering is the row's target).
    """

    source: str
    target: str
    category: str = ""
    note: str = ""
    forbidden: tuple[str, ...] = ()
    only_after: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()
    only_before: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()
    short_forms: tuple[str, ...] = ()

    @property
    def conditioned(self) -> bool:
        """Whether the row says when it applies (several rows may then share a source)."""
        return bool(self.only_after or self.not_after or self.only_before or self.not_before)

    @property
    def not_a_term(self) -> bool:
        return self.category == NOT_A_TERM

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source,
            "target": self.target,
            "category": self.category,
            "note": self.note,
            "forbidden": list(self.forbidden),
        }
        # The newer columns only when used, so the usual row keeps its five keys.
        for name in (*SENSE_FIELDS, "short_forms"):
            value = getattr(self, name)
            if value:
                out[name] = list(value)
        return out


class TermHit(NamedTuple):
    """A term found in a text: ``source`` is the surface ``text[start:end]``.

    ``short`` marks a short form (a surname alone, المرصد after the Observatory) that stands
    for ``term`` because the full name came earlier in the article; ``target`` is then the
    short rendering (the surname part of the name).

    A named tuple rather than a dataclass: matching a long article makes tens of thousands of
    hits, and a tuple is one small allocation where a dataclass is an object and its dict.
    """

    source: str
    start: int
    end: int
    term: str
    target: str
    short: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source,
            "start": self.start,
            "end": self.end,
            "term": self.term,
            "target": self.target,
        }
        if self.short:
            out["short_form"] = True
        return out


@dataclass(frozen=True)
class Problem:
    """Something wrong in a glossary file, at a 1-based line (0: the file as a whole)."""

    line: int
    kind: str
    message: str
    fatal: bool = True

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "kind": self.kind, "message": self.message}
