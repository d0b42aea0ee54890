"""A glossary row as the term-base formats (TBX 2 and TBX 3) carry it: plain data, so the
formats need nothing from :mod:`translate_cli.glossary`, whose ``Term`` has the same fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

# administrativeStatus values, the same in TBX 2 (TBX-Basic) and TBX 3.
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
# Statuses that mean "do not use this rendering" on import (older spellings included).
REFUSED_STATUSES = frozenset(
    {"deprecatedterm-admn-sts", "supersededterm-admn-sts", "notrecommended", "forbidden"}
)


class TermLike(Protocol):
    """What a writer needs of a term: ``glossary.Term`` and :class:`TermEntry` both fit."""

    @property
    def source(self) -> str: ...
    @property
    def target(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def note(self) -> str: ...
    @property
    def forbidden(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class TermEntry:
    """One concept read from a term base: an Arabic term and its English rendering."""

    source: str
    target: str
    category: str = ""
    note: str = ""
    forbidden: tuple[str, ...] = ()
