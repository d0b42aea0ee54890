"""What every export format shares: the English article rebuilt from the store, and the
format interface with its registry.

A format is a :class:`Format` subclass in its own module of this package, decorated with
:func:`register`; the package finds the modules itself, so adding a format is one new file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, TypeVar

from translate_cli.errors import InputError

DEFAULT_DATE_FORMAT = "%m/%d/%Y"  # 12/01/2024, as the published English edition shows it


@dataclass
class ExportSegment:
    id: int
    block: int
    source: str
    target: str | None
    status: str
    note: str | None
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def approved(self) -> bool:
        return self.status == "approved"


@dataclass
class ExportBlock:
    idx: int
    kind: str  # title | heading | paragraph
    level: int
    source: str
    segments: list[ExportSegment] = field(default_factory=list)


@dataclass
class ExportDocument:
    """An article as the export formats see it: metadata, blocks in source order, segments."""

    article: dict[str, Any]
    blocks: list[ExportBlock]
    draft: bool = False  # render unfinished segments visibly marked

    @property
    def id(self) -> int:
        return int(self.article["id"])

    @property
    def segments(self) -> list[ExportSegment]:
        return [seg for block in self.blocks for seg in block.segments]

    @property
    def unfinished(self) -> list[ExportSegment]:
        return [seg for seg in self.segments if not seg.approved]

    @property
    def source_url(self) -> str | None:
        """The address to credit: the page's canonical URL when it declares one."""
        return self.article.get("canonical_url") or self.article.get("url") or None

    @property
    def see_also(self) -> list[str]:
        return decode_urls(self.article.get("see_also"))

    @property
    def byline(self) -> str | None:
        """The English byline, else the source's as it stands (a reminder to set it)."""
        return self.article.get("author_en") or self.article.get("author") or None

    @property
    def date(self) -> str | None:
        return format_date(self.article.get("published"), self.article.get("date_format"))

    @property
    def title(self) -> str:
        """The English title: the title block's segments joined."""
        return self.title_text()

    def title_text(self, escape: Callable[[str], str] = str) -> str:
        for block in self.blocks:
            if block.kind == "title":
                return self.block_text(block, escape)
        return ""

    @property
    def body(self) -> list[ExportBlock]:
        return [b for b in self.blocks if b.kind != "title" and b.segments]

    def segment_text(self, seg: ExportSegment, escape: Callable[[str], str] = str) -> str:
        """A segment's English text passed through ``escape``; in a draft, unfinished ones
        are marked (the marker itself is not escaped, so it reads the same in every format)."""
        target = escape(one_line(seg.target))
        if seg.approved or not self.draft:
            return target
        if target:
            return f"[DRAFT: {target}]"
        return f"[UNTRANSLATED: {escape(one_line(seg.source))}]"

    def block_text(self, block: ExportBlock, escape: Callable[[str], str] = str) -> str:
        return " ".join(t for t in (self.segment_text(s, escape) for s in block.segments) if t)


def one_line(text: str | None) -> str:
    """Collapse whitespace so a segment cannot break the surrounding structure."""
    return " ".join((text or "").split())


def decode_urls(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    try:
        decoded = json.loads(value)
    except (TypeError, ValueError):
        return []
    return [str(v) for v in decoded] if isinstance(decoded, list) else []


def format_date(published: str | None, date_format: str | None) -> str | None:
    """The source's publication date in the article's date format (default 12/01/2024)."""
    if not published:
        return None
    try:
        stamp = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp.strftime(date_format or DEFAULT_DATE_FORMAT)


def display_url(url: str) -> str:
    """A URL as readers see it in a credit line: without the scheme or a trailing slash."""
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            url = url[len(scheme) :]
            break
    return url.rstrip("/") or url


def is_web_url(url: str | None) -> bool:
    return bool(url) and str(url).startswith(("http://", "https://"))


def build_document(store: Any, article: dict[str, Any], *, draft: bool = False) -> ExportDocument:
    """Load an article's blocks and current segments from the store, in source order."""
    blocks = {
        b["idx"]: ExportBlock(b["idx"], b["kind"], b["level"] or 0, b["source"])
        for b in store.blocks(article["id"])
    }
    for row in store.segments(article["id"]):
        block = blocks.get(row["block"])
        if block is None:  # a block lost by a re-fetch: keep its text as a paragraph
            block = blocks[row["block"]] = ExportBlock(row["block"], "paragraph", 0, "")
        block.segments.append(
            ExportSegment(
                id=row["id"],
                block=row["block"],
                source=row["source"],
                target=row["target"],
                status=row["status"],
                note=row["note"],
                created_at=row.get("created_at"),
                updated_at=row.get("updated_at"),
            )
        )
    ordered = [blocks[k] for k in sorted(blocks)]
    return ExportDocument(article=dict(article), blocks=ordered, draft=draft)


# ---- formats and their registry -------------------------------------------------------------


class Format:
    """One export format. Subclasses set the class attributes and implement :meth:`render`."""

    name: ClassVar[str]
    aliases: ClassVar[tuple[str, ...]] = ()
    suffix: ClassVar[str]  # file name extension, with the dot
    summary: ClassVar[str]
    # Publishable formats refuse unapproved segments (unless --draft) and failing checks.
    publishable: ClassVar[bool] = True
    binary: ClassVar[bool] = False  # render() output is bytes meant for files, not text

    def render(self, doc: ExportDocument, *, standalone: bool = False) -> str | bytes:
        raise NotImplementedError


_REGISTRY: dict[str, type[Format]] = {}
F = TypeVar("F", bound=type[Format])


def register(cls: F) -> F:
    """Class decorator: make a format available under its name and aliases."""
    for key in (cls.name, *cls.aliases):
        _REGISTRY[key] = cls
    return cls


def _discover() -> None:
    import importlib
    import pkgutil

    import translate_cli.export as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name != "base" and not info.name.startswith("_"):
            importlib.import_module(f"{package.__name__}.{info.name}")


def available_formats() -> list[type[Format]]:
    """Every registered format, once each, by name."""
    _discover()
    return sorted(set(_REGISTRY.values()), key=lambda cls: cls.name)


def format_names() -> list[str]:
    """Every name and alias --format accepts."""
    _discover()
    return sorted(_REGISTRY)


def get_format(name: str) -> Format:
    _discover()
    cls = _REGISTRY.get(name.strip().lower())
    if cls is None:
        raise InputError(f"Unknown format {name!r}: use one of {', '.join(format_names())}.")
    return cls()
