"""From a URL or a file to a stored, segmented article: load → extract → segment → save."""

from __future__ import annotations

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
        return doc
    path = Path(source).expanduser()
    body = read_file(path)
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
    doc.url = str(path.resolve())
    doc.raw = body
    doc.content_type = content_type
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
    if not any(segmented[1:]):
        where = doc.url or "the page"
        raise ExtractionError(
            f"{where} has no article text: if it is a live page, save it from your browser and fetch the file."
        )
    return segmented


def save(store: Store, doc: ExtractedArticle) -> SaveResult:
    """Segment and store ``doc``, then pre-fill exact matches from translation memory."""
    result = store.save_article(doc, segment_article(doc))
    fresh = result.added + result.changed
    if fresh:
        from translate_cli.memory import pretranslate

        pretranslate(store, result.article_id, fresh)
    return result
