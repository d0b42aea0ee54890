"""Article extraction: HTML pages and text files into an :class:`ExtractedArticle`.

Site extractors are registered here: every profile in ``translate_cli/data/sites/*.json`` (see
:mod:`translate_cli.ingest.extract.sites`), plus anything passed to :func:`register`. A page goes to the
first extractor that recognises it (by URL host or page markers), else to the generic trafilatura
path (:mod:`translate_cli.ingest.extract.generic`).
"""

from __future__ import annotations

from typing import Protocol

from translate_cli.document import ExtractedArticle
from translate_cli.ingest.extract import generic, textfile
from translate_cli.ingest.extract.page import Page

__all__ = ["SiteExtractor", "extract_html", "extract_text", "extractors", "register"]


class SiteExtractor(Protocol):
    """The small interface a site extractor offers."""

    name: str

    def matches(self, page: Page) -> bool: ...

    def extract(self, page: Page) -> ExtractedArticle: ...


_registry: list[SiteExtractor] | None = None


def extractors() -> list[SiteExtractor]:
    """The registered site extractors, the shipped profiles loaded on first use."""
    global _registry
    if _registry is None:
        from translate_cli.ingest.extract.sites import load_profiles

        _registry = list(load_profiles())
    return _registry


def register(extractor: SiteExtractor) -> None:
    """Add a site extractor; it is tried before the shipped profiles."""
    extractors().insert(0, extractor)


def extract_html(html: str, url: str | None = None) -> ExtractedArticle:
    """Extract the article from a decoded HTML page, fetched from ``url`` when known.

    Raises ExtractionError when the page holds no article text.
    """
    page = Page(html, url)
    for extractor in extractors():
        if extractor.matches(page):
            return extractor.extract(page)
    return generic.extract(page)


def extract_text(text: str, name: str | None = None) -> ExtractedArticle:
    """Extract an article from a .txt/.md file's text (``name`` is used in error messages)."""
    return textfile.extract(text, name)
