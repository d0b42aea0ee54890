"""From a URL or a file to a stored, segmented article: load → extract → segment → save."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from translate_cli.document import ExtractedArticle
from translate_cli.errors import ExtractionError, InputError
from translate_cli.ingest.download import (
    HTML_TYPES,
    FetchSettings,
    decode_html,
    download,
    is_url,
    read_file,
)
from translate_cli.store import SaveResult, Store
from translate_cli.store.rows import ArticleRow
from translate_cli.text.arabic import ARABIC_LETTER
from translate_cli.text.controls import without_surrogates

if TYPE_CHECKING:
    import httpx

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})


def load(
    source: str, settings: FetchSettings | None = None, client: httpx.Client | None = None
) -> ExtractedArticle:
    """Download or read ``source`` and extract its article. Safe to call from worker threads."""
    from translate_cli.ingest.extract import extract_html, extract_text

    if is_url(source):
        got = download(source, settings, client)
        if got.content_type in HTML_TYPES or not got.content_type:
            doc = extract_html(decode_html(got.body, got.charset), url=got.final_url)
        else:
            doc = extract_text(decode_html(got.body, got.charset), name=got.final_url)
        doc.url = source if source.startswith(("http://", "https://")) else got.url
        doc.raw = got.body
        doc.content_type = got.content_type or None
        return _checked_links(doc)
    path = Path(source).expanduser()
    body = read_file(path, (settings or FetchSettings()).max_bytes)
    if path.suffix.lower() in TEXT_SUFFIXES or not _looks_like_html(body):
        try:
            text = body.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(
                f"{path} is not UTF-8 text: save it as UTF-8 (or as an .html page) and try again."
            ) from None
        doc = extract_text(text, name=path.name)
        content_type = "text/plain"
    else:
        doc = extract_html(decode_html(body), url=None)
        content_type = "text/html"
    # A file name with bytes that are not UTF-8 cannot be stored as text: mark them instead.
    doc.url = without_surrogates(str(path.resolve()))
    doc.raw = body
    doc.content_type = content_type
    return _checked_links(doc)


def _checked_links(doc: ExtractedArticle) -> ExtractedArticle:
    """Drop a canonical link that is not one line of http(s): it would be written into exports."""
    from translate_cli.urls import http_url

    if doc.canonical_url is not None:
        doc.canonical_url = http_url(doc.canonical_url)
    return doc


def _looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<meta", b"<body")) or (
        b"<html" in head or b"<body" in head or b"<p>" in head
    )


def segment_article(doc: ExtractedArticle) -> list[list[str]]:
    """Sentence segments per block, the title first (as ``Store.save_article`` expects)."""
    from translate_cli.text.segment import split_sentences

    segmented = [split_sentences(doc.title, "title") or [doc.title.strip()]]
    segmented += [split_sentences(block.text, block.kind) for block in doc.blocks]
    where = doc.url or "the page"
    if not any(segmented[1:]):
        raise ExtractionError(
            f"{where} has no article text: if it is a live page, save it from your browser and fetch the file."
        )
    if word_share(" ".join(block.text for block in doc.blocks)) < MIN_WORD_SHARE:
        raise ExtractionError(
            f"{where} has no article text: what it holds is mostly not words (binary data, or "
            "text in the wrong encoding). Save the page from your browser as UTF-8 and fetch the file."
        )
    return segmented


# Real articles score above 0.9 (numbers, links and punctuation included); binary noise decoded
# as windows-1256 and UTF-8 read as Latin-1 score below 0.3.
MIN_WORD_SHARE = 0.6
_TOKEN_EDGE = "\"'“”‘’«»()[]{}<>.,;:!?،؛؟…-–—*#/|"
_ARABIC_LETTER = ARABIC_LETTER
_INNER = frozenset("-–—'’\"“”.,:;/%()\u200c\u200d\u0640_&+")


def _is_word(token: str) -> bool:
    core = token.strip(_TOKEN_EDGE)
    if not core or len(core) > 40:
        return False
    arabic = latin = 0
    for char in core:
        kind = unicodedata.category(char)
        if kind[0] == "L":
            if _ARABIC_LETTER.match(char):
                arabic += 1
            elif char.isascii() or "\u00c0" <= char <= "\u024f":
                latin += 1
            else:
                return False
        elif kind[0] == "N" or kind == "Mn" or char in _INNER:
            continue
        else:
            return False
    # One script per word: junk mixes them letter by letter.
    return not (arabic and latin)


def word_share(text: str) -> float:
    """The share of non-space characters that belong to word-like tokens (1.0 for no text)."""
    tokens = text.split()
    total = sum(len(t) for t in tokens)
    if not total:
        return 1.0
    return sum(len(t) for t in tokens if _is_word(t)) / total


def save(store: Store, doc: ExtractedArticle) -> SaveResult:
    """Segment and store ``doc``, then pre-fill exact matches from translation memory."""
    result = store.save_article(doc, segment_article(doc))
    fresh = result.added + result.changed
    if fresh:
        from translate_cli.memory import pretranslate

        pretranslate(store, result.article_id, fresh)
    return result


@dataclass
class Fetched:
    """What fetching one source came to: the save's result, or the exception that stopped it."""

    source: str
    result: SaveResult | None = None
    article: ArticleRow | None = None  # the saved article as stored
    error: Exception | None = None


def fetch_all(
    store: Store, sources: Sequence[str], settings: FetchSettings, *, workers: int = 4
) -> Iterator[Fetched]:
    """Fetch ``sources`` side by side and save each, yielding one :class:`Fetched` per source in
    the order given (so article ids follow it). A failure of any kind stops only its source."""
    from concurrent.futures import ThreadPoolExecutor
    from contextlib import nullcontext

    from translate_cli.ingest.download import make_client

    # httpx and its TLS set-up cost a fifth of a second: only when a URL needs them.
    needs_network = any(is_url(src) for src in sources)
    with (
        make_client(settings) if needs_network else nullcontext() as client,
        ThreadPoolExecutor(max_workers=max(1, min(workers, len(sources)))) as pool,
    ):
        futures = [(src, pool.submit(load, src, settings, client)) for src in sources]
        for src, future in futures:
            try:
                result = save(store, future.result())
                article = store.resolve_article(result.article_id)
            except Exception as exc:  # one source's failure, whatever it is, stops only it
                yield Fetched(src, error=exc)
            else:
                yield Fetched(src, result=result, article=article)
