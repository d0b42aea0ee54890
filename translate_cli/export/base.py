"""What every export format shares: the English article rebuilt from the store, and the
format interface with its registry.

A format is a :class:`Format` subclass in its own module of this package, decorated with
:func:`register`; the package finds the modules itself, so adding a format is one new file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
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
    kind: str  # title | heading | paragraph | list_item | caption
    level: int  # headings: 2 or 3; list items: 1 in a numbered list, 0 in a bulleted one
    source: str
    segments: list[ExportSegment] = field(default_factory=list)

    @property
    def optional(self) -> bool:
        """A caption nobody translated: left out of the English edition, not an unfinished part."""
        return self.kind == "caption" and not any(
            s.target and s.target.strip() for s in self.segments
        )


@dataclass
class ListGroup:
    """Consecutive list items of the body: one bulleted or numbered list."""

    ordered: bool
    items: list[ExportBlock]


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
        return [
            seg
            for block in self.blocks
            if not block.optional
            for seg in block.segments
            if not seg.approved
        ]

    @property
    def exchange_url(self) -> str | None:
        """The address exchange files name the article by (``import`` checks it)."""
        return self.article.get("canonical_url") or self.article.get("url") or None

    @property
    def source_url(self) -> str | None:
        """The public address to credit in "Translated from:", never a local file's path.

        The one set with ``meta --source-url``, else the page's canonical link, else the URL it
        was fetched from; None when only a local path is known.
        """
        for key in ("source_url", "canonical_url", "url"):
            value = self.article.get(key)
            if value and is_web_url(value):
                return str(value)
        return None

    @property
    def source_label(self) -> str | None:
        """How the credit line shows :attr:`source_url`: ``www.syria.tv/294409`` in the short
        style (``meta --source-style short``) when the node number is known, else the URL
        without its scheme."""
        url = self.source_url
        if url is None:
            return None
        return self.short_url if self.short_style else display_url(url)

    @property
    def short_style(self) -> bool:
        """The credit is to show the short address (and it is known)."""
        return self.article.get("source_style") == "short" and self.short_url is not None

    @property
    def source_text(self) -> str | None:
        """The credit as plain text: the short address in the short style, else the full URL."""
        return self.short_url if self.short_style else self.source_url

    @property
    def short_url(self) -> str | None:
        """``www.{site}/{node}`` when the article's node number is known."""
        node = self.article.get("node")
        site = self.article.get("node_site")
        return f"www.{site}/{node}" if node and site else None

    @property
    def source_href(self) -> str | None:
        """The link target of the credit line: the short address in the short style."""
        return f"https://{self.short_url}" if self.short_style else self.source_url

    @property
    def see_also(self) -> list[str]:
        return decode_urls(self.article.get("see_also"))

    @property
    def byline(self) -> str | None:
        """The English byline, else config ``byline``, else the source's as it stands (a
        reminder to set it)."""
        return (
            self.article.get("author_en")
            or _setting("byline")
            or self.article.get("author")
            or None
        )

    @property
    def date(self) -> str | None:
        fmt = self.article.get("date_format") or _setting("date_format")
        return format_date(self.article.get("published"), fmt)

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
        """The blocks after the title that the English edition shows, in source order."""
        return [b for b in self.blocks if b.kind != "title" and b.segments and not b.optional]

    def body_groups(self) -> list[ExportBlock | ListGroup]:
        """:attr:`body` with consecutive list items gathered into lists."""
        out: list[ExportBlock | ListGroup] = []
        for block in self.body:
            if block.kind != "list_item":
                out.append(block)
                continue
            ordered = block.level == 1
            last = out[-1] if out else None
            if isinstance(last, ListGroup) and last.ordered == ordered:
                last.items.append(block)
            else:
                out.append(ListGroup(ordered, [block]))
        return out

    def segment_text(
        self,
        seg: ExportSegment,
        escape: Callable[[str], str] = str,
        source_escape: Callable[[str], str] | None = None,
    ) -> str:
        """A segment's English text passed through ``escape``; in a draft, unfinished ones
        are marked (the marker itself is not escaped, so it reads the same in every format).
        An untranslated segment shows its source through ``source_escape`` (default
        ``escape``): HTML isolates the whole Arabic sentence, its punctuation included."""
        target = escape(one_line(seg.target))
        if seg.approved or not self.draft:
            return target
        if target:
            return f"[DRAFT: {target}]"
        return f"[UNTRANSLATED: {(source_escape or escape)(one_line(seg.source))}]"

    def block_text(self, block: ExportBlock, escape: Callable[[str], str] = str) -> str:
        return " ".join(t for t in (self.segment_text(s, escape) for s in block.segments) if t)


def _setting(key: str) -> str | None:
    """A default from config.toml (``translate-cli config set``): per-article values win."""
    from translate_cli import config

    return config.get(key)


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


def arabic_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each stretch of Arabic in ``text`` that must be shown as one right-to-left
    unit: runs of Arabic words joined across Arabic punctuation, numbers, quotes and brackets.
    An Arabic clause list (``أ، ب، 75 ألف``) stays one unit; cut at each comma or number, its
    pieces would be laid out left to right, in reverse reading order. English punctuation or a
    Latin letter between two runs (``حلب, إدلب``: an English list of names) keeps them apart.
    """
    from translate_cli.text.arabic import ARABIC_RUN

    spans: list[tuple[int, int]] = []
    for match in ARABIC_RUN.finditer(text):
        start, end = match.span()
        if spans and _ARABIC_GAP.fullmatch(text, spans[-1][1], start):
            start = spans.pop()[0]
        # A number closing the Arabic («أزمة 2024») is read with it, unless English goes on.
        number = _TRAILING_NUMBER.match(text, end)
        if number and not _LATIN_NEXT.match(text, number.end()):
            end = number.end()
        spans.append((start, end))
    return spans


# What may sit between two Arabic words of one stretch: spaces, digits, Arabic punctuation
# (، ؛ ؟ ٪ ٫ ٬ ۔), quotes, brackets and dashes.
_ARABIC_GAP = re.compile(
    "[\\s0-9\u0660-\u0669\u06f0-\u06f9\u060c\u061b\u061f\u066a-\u066c\u06d4"
    "«»\"'()\\[\\]\\-\u2013\u2014%]*"
)
_TRAILING_NUMBER = re.compile(
    r"(?:\s*[0-9\u0660-\u0669\u06f0-\u06f9]+(?:[.,\u066b\u066c][0-9]+)*[%\u066a]?)+"
)
_LATIN_NEXT = re.compile(r"\s*[A-Za-z\u00c0-\u024f]")


def is_web_url(url: str | None) -> bool:
    """True for a single-line http(s) address: nothing else becomes a link in an export."""
    from translate_cli.urls import http_url

    return bool(url) and http_url(str(url)) is not None


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
    meta = dict(article)
    found = node_number(meta)
    if found:
        meta["node_site"], meta["node"] = found
    return ExportDocument(article=meta, blocks=ordered, draft=draft)


def node_number(article: Mapping[str, Any]) -> tuple[str, int] | None:
    """(site, node number) of a syria.tv-style article, for the short credit ``www.site/N``.

    The store records the node at fetch time (from the URLs or the page itself); an article's
    source URL set later with ``meta --source-url`` may carry one too, and wins: the credit
    names the address the user chose, so one on another site has no short form at all.
    """
    from translate_cli.urls import SHORT_LINK_SITES, site_of, syria_node

    chosen = article.get("source_url")
    if chosen and is_web_url(chosen):
        node = syria_node(str(chosen))
        if node:
            return site_of(str(chosen)), node
        if site_of(str(chosen)) not in SHORT_LINK_SITES:
            return None
    site = (article.get("site") or "").lower().removeprefix("www.")
    if article.get("node") and site in SHORT_LINK_SITES:
        return site, int(article["node"])
    for key in ("source_url", "canonical_url", "url"):
        value = article.get(key)
        node = syria_node(str(value)) if value else None
        if node:
            return site_of(str(value)), node
    return None


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
    """Import every format module beside this one (by file, not through the package, which
    imports this module)."""
    import importlib
    import pkgutil

    package = __name__.rsplit(".", 1)[0]
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name != "base" and not info.name.startswith("_"):
            importlib.import_module(f"{package}.{info.name}")


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
