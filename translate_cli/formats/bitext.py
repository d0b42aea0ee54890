"""The bilingual document the exchange formats (XLIFF 1.2 and 2.1) write and read.

Plain dataclasses, so a format module needs nothing from the store or the export layer: the
export builds a :class:`Bitext` from an article, and :mod:`translate_cli.exchange` applies what a
reader returns to the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from translate_cli.errors import FormatError

TCLI_NS = "urn:translate-cli:xliff:1"  # our extension namespace, in both XLIFF versions
TCLI = "tcli"  # its prefix, and the prefix of our values in XLIFF 2 attributes


@dataclass
class BitextSegment:
    id: int  # the segment's number in its article; written as "s{id}"
    source: str
    target: str | None
    status: str  # a translate-cli status (see translate_cli.status)
    note: str | None = None


@dataclass
class BitextUnit:
    """One source block: a title, heading, paragraph, list item or caption."""

    id: int  # the block's index; written as "b{id}"
    kind: str
    level: int
    segments: list[BitextSegment] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The block's kind as one word: ``h2``/``h3`` for headings."""
        return f"h{self.level}" if self.kind == "heading" and self.level else self.kind


@dataclass
class Bitext:
    """One article to send to another tool: written as one ``<file>``."""

    article_id: int
    original: str | None  # the article's URL
    units: list[BitextUnit]
    src_lang: str = "ar"
    trg_lang: str = "en"


@dataclass
class ReadSegment:
    """A segment as another tool sent it back, its state already read as our status."""

    id: str
    unit: str
    source: str
    target: str | None
    state: str | None  # the file's own state, for messages
    status: str | None  # the translate-cli status it means; None for a state we cannot read
    notes: list[str] = field(default_factory=list)


@dataclass
class ReadDocument:
    version: str
    src_lang: str
    trg_lang: str | None
    file_id: str
    original: str | None
    segments: list[ReadSegment]
    stray_notes: list[str] = field(default_factory=list)  # unit ids with notes we cannot place


def lang_matches(tag: str | None, wanted: str) -> bool:
    """True when a language tag has ``wanted`` as its primary subtag ("ar-SY" is "ar")."""
    return bool(tag) and str(tag).replace("_", "-").split("-")[0].lower() == wanted.lower()


def only_file(files: list[Any]) -> Any:
    """The one ``<file>`` of an XLIFF document; :class:`FormatError` for none or several."""
    if len(files) != 1:
        raise FormatError(
            f"The XLIFF file holds {len(files)} <file> elements: translate-cli imports one "
            "article per file, as it exports them."
        )
    return files[0]
