"""A parsed HTML page and the metadata every extractor reads from it.

The page's own declarations win over anything guessed: ``<link rel=canonical>``, Open Graph and
``article:*`` meta tags, JSON-LD, ``<time datetime>``. Links to other articles are never a source
of metadata (a related article's URL often carries *its* date).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from translate_cli.errors import ExtractionError
from translate_cli.text.arabic import ARABIC_LETTER
from translate_cli.urls import http_url

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_SPACE = re.compile(r"\s+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_ARABIC = ARABIC_LETTER
_LATIN = re.compile(r"[A-Za-z]")


def clean_space(text: str | None) -> str:
    """Collapse runs of whitespace (spaces, newlines, no-break spaces) to one space, and strip."""
    return _SPACE.sub(" ", text or "").strip()


def parse_html(html: str) -> HtmlElement:
    """Parse a decoded page; an empty or unparseable one has no article text."""
    from lxml import etree
    from lxml import html as lxml_html

    # lxml refuses str input that still carries an XML encoding declaration.
    html = _XML_DECL.sub("", html, count=1)
    if not html.strip():
        raise ExtractionError("The page has no article text: it is empty.")
    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(
            f"The page has no article text: it cannot be parsed as HTML ({exc})."
        ) from None
    return root


def host_of(url: str | None) -> str | None:
    """The host of ``url`` without a leading ``www.``, lower case, or None."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:  # an unclosed IPv6 bracket, say
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def guess_lang(text: str) -> str | None:
    """ "ar" when Arabic letters outnumber Latin ones, "en" for Latin text, None when empty."""
    arabic = len(_ARABIC.findall(text))
    latin = len(_LATIN.findall(text))
    if not arabic and not latin:
        return None
    return "ar" if arabic >= latin else "en"


@dataclass
class Page:
    """An HTML page with cached look-ups of its metadata."""

    html: str
    url: str | None = None
    root: HtmlElement = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.root = parse_html(self.html)

    @cached_property
    def meta(self) -> dict[str, list[str]]:
        """``<meta>`` contents by lower-cased property/name/itemprop, in document order."""
        found: dict[str, list[str]] = {}
        for el in self.root.iter("meta"):
            key = el.get("property") or el.get("name") or el.get("itemprop")
            value = el.get("content")
            if key and value and value.strip():
                found.setdefault(key.strip().lower(), []).append(value.strip())
        return found

    def first_meta(self, *keys: str) -> str | None:
        for key in keys:
            values = self.meta.get(key.lower())
            if values:
                return values[0]
        return None

    @cached_property
    def jsonld(self) -> list[dict[str, Any]]:
        """Every JSON-LD object on the page, ``@graph`` members flattened."""
        objects: list[dict[str, Any]] = []
        for script in self.root.iter("script"):
            if (script.get("type") or "").strip().lower() != "application/ld+json":
                continue
            try:
                data = json.loads(script.text or "")
            except (ValueError, RecursionError):  # malformed, or nested past any real use
                continue
            stack = data if isinstance(data, list) else [data]
            while stack:
                item = stack.pop(0)
                if isinstance(item, list):
                    stack.extend(item)
                elif isinstance(item, dict):
                    objects.append(item)
                    graph = item.get("@graph")
                    if isinstance(graph, list):
                        stack.extend(graph)
        return objects

    @cached_property
    def article_jsonld(self) -> list[dict[str, Any]]:
        """JSON-LD objects that describe the article itself (not the site, breadcrumbs or images)."""
        wanted = ("article", "posting", "report", "blog", "webpage")
        out = []
        for obj in self.jsonld:
            kinds = obj.get("@type")
            names = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(k, str) and any(w in k.lower() for w in wanted) for k in names):
                out.append(obj)
        return out

    def jsonld_value(self, key: str) -> Any:
        for obj in self.article_jsonld:
            if obj.get(key):
                return obj[key]
        return None

    @cached_property
    def link_texts(self) -> frozenset[str]:
        """The text of every link on the page, whitespace collapsed."""
        return frozenset(filter(None, (clean_space(a.text_content()) for a in self.root.iter("a"))))

    @cached_property
    def bold_texts(self) -> frozenset[str]:
        """Texts of blocks (``<p>``, ``<div>``, list items) that are one bold run and nothing else."""
        found = set()
        for el in self.root.iter("b", "strong"):
            text = clean_space(el.text_content())
            if not text or len(text) > 200:
                continue
            block = el.getparent()
            while block is not None and block.tag in (
                "span",
                "a",
                "em",
                "i",
                "u",
                "font",
                "b",
                "strong",
            ):
                block = block.getparent()
            if block is not None and clean_space(block.text_content()) == text:
                found.add(text)
        return frozenset(found)

    @cached_property
    def canonical_url(self) -> str | None:
        for el in self.root.iter("link"):
            rel = (el.get("rel") or "").lower().split()
            href = (el.get("href") or "").strip()
            if "canonical" in rel and http_url(href):
                return href
        og = self.first_meta("og:url")
        if og and http_url(og):
            return og
        return None

    @cached_property
    def lang(self) -> str | None:
        declared = (self.root.get("lang") or self.root.get("xml:lang") or "").strip()
        if not declared:
            declared = self.first_meta("og:locale", "content-language", "language") or ""
        code = re.split(r"[-_]", declared.lower())[0] if declared else ""
        return code or None

    def hosts(self) -> list[str]:
        """Hosts the page was fetched from and declares as its own (canonical / og:url)."""
        return [h for h in (host_of(self.url), host_of(self.canonical_url)) if h]

    def select(self, selector: str, root: HtmlElement | None = None) -> list[HtmlElement]:
        """Elements matching a CSS selector; an invalid selector matches nothing."""
        from cssselect import SelectorError

        try:
            return list((root if root is not None else self.root).cssselect(selector))
        except (SelectorError, ValueError):
            return []

    def title_from_meta(self) -> str | None:
        for candidate in (
            self.first_meta("og:title", "twitter:title"),
            self.jsonld_value("headline"),
            self.root.findtext(".//title"),
        ):
            if isinstance(candidate, str) and clean_space(candidate):
                return clean_space(candidate)
        return None

    def author_from_meta(self) -> str | None:
        """A byline from JSON-LD or meta tags; URLs and the site's own name are not bylines."""
        candidates: list[str] = []
        author = self.jsonld_value("author")
        for item in author if isinstance(author, list) else [author]:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                candidates.append(item["name"])
            elif isinstance(item, str):
                candidates.append(item)
        for key in (
            "author",
            "article:author",
            "dc.creator",
            "byl",
            "parsely-author",
            "sailthru.author",
        ):
            candidates.extend(self.meta.get(key, []))
        site = (self.first_meta("og:site_name") or "").strip().lower()
        for raw in candidates:
            name = clean_author(raw)
            if name and "://" not in name and name.lower() != site:
                return name
        return None


_BYLINE_PREFIX = re.compile(
    r"^(?:بقلم|بواسطة|كتب(?:ت|ه)?|إعداد|اعداد|by|written by|posted by)(?:\s*[:：\-–—]\s*|\s+)",
    re.IGNORECASE,
)


def clean_author(text: str | None) -> str | None:
    """A byline without its "بقلم:"/"By" lead-in, or None when nothing is left."""
    name = clean_space(text)
    name = _BYLINE_PREFIX.sub("", name).strip(" :-–—|،,")
    return name or None
