"""Site profiles: per-site extraction rules kept as data in ``translate_cli/data/sites/*.json``.

A profile says how to recognise its site (hosts, CSS selectors or strings only its pages carry),
where the title, body, dates and byline are (CSS selectors, tried in order), and what is chrome:
selectors of boxes to remove, short labels whose box goes with them ("عاجل", "إظهار الملخص"),
and patterns of lines to drop. When the site changes its markup, fix the JSON, not the code.

Every step falls back rather than fails: no title selector → ``<h1>``, og:title, ``<title>``;
no body selector → the generic trafilatura path on the page with the profile's chrome removed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from translate_cli.document import ExtractedArticle
from translate_cli.errors import ExtractionError
from translate_cli.ingest.extract import dates, generic
from translate_cli.ingest.extract.blocks import BYLINE, READ_ALSO, clean_pieces, html_pieces
from translate_cli.ingest.extract.page import Page, clean_author, clean_space, guess_lang

if TYPE_CHECKING:
    from lxml.html import HtmlElement

SITES_DIR = Path(__file__).resolve().parents[2] / "data" / "sites"
_LISTISH = frozenset({"ul", "ol", "dl", "table"})
# A box dropped because of its label holds a list or a few lines, not an article.
_MAX_BOX_CHARS = 2500
_PROSE_CHARS = 80


@dataclass
class SiteProfile:
    """One site's rules; see ``translate_cli/data/sites/syria.tv.json`` for a commented example."""

    name: str
    hosts: list[str] = field(default_factory=list)
    marker_selectors: list[str] = field(default_factory=list)
    marker_strings: list[str] = field(default_factory=list)
    marker_titles: list[str] = field(default_factory=list)
    timezone: str | None = None
    lang: str | None = None
    title: list[str] = field(default_factory=list)
    title_suffixes: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    date: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    updated_label: str | None = None
    author: list[str] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)
    drop_labels: list[re.Pattern[str]] = field(default_factory=list)
    drop_text: list[re.Pattern[str]] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SiteProfile:
        markers = data.get("markers") or {}
        return cls(
            name=data["name"],
            hosts=[h.lower() for h in data.get("hosts", [])],
            marker_selectors=list(markers.get("selectors", [])),
            marker_strings=list(markers.get("strings", [])),
            marker_titles=list(markers.get("title_contains", [])),
            timezone=data.get("timezone"),
            lang=data.get("lang"),
            title=list(data.get("title", [])),
            title_suffixes=list(data.get("title_suffixes", [])),
            body=list(data.get("body", [])),
            date=list(data.get("date", [])),
            updated=list(data.get("updated", [])),
            updated_label=data.get("updated_label"),
            author=list(data.get("author", [])),
            drop=list(data.get("drop", [])),
            drop_labels=[re.compile(p, re.IGNORECASE) for p in data.get("drop_labels", [])],
            drop_text=[re.compile(p, re.IGNORECASE) for p in data.get("drop_text", [])],
        )

    # --- recognising the site --------------------------------------------------------------------

    def matches(self, page: Page) -> bool:
        for host in page.hosts():
            if any(host == h or host.endswith("." + h) for h in self.hosts):
                return True
        head = page.html[:200_000]
        if any(s in head for s in self.marker_strings):
            return True
        title = clean_space(page.root.findtext(".//title"))
        if title and any(t in title for t in self.marker_titles):
            return True
        return any(page.select(sel) for sel in self.marker_selectors)

    # --- extraction ------------------------------------------------------------------------------

    def extract(self, page: Page) -> ExtractedArticle:
        root = page.root
        title_el, title = self._title(page)
        published = dates.published(page, self.timezone) or self._field_date(page, self.date)
        updated = dates.updated(page, self.timezone) or self._field_date(page, self.updated)
        if updated is None and self.updated_label:
            updated = self._labelled_date(page, self.updated_label)
        author = self._author(page, byline_scan=False)
        body = self._body(page)
        keep = [el for el in (body, title_el) if el is not None]
        self._drop_boxes(page, root, keep)
        self._drop_labelled(root, keep)

        doc: ExtractedArticle | None = None
        if body is not None and _attached(body, root):
            cleaned = clean_pieces(html_pieces(body), title, self.drop_text)
            if any(b.kind == "paragraph" for b in cleaned.blocks):
                doc = ExtractedArticle(
                    title=title or "", blocks=cleaned.blocks, extractor=self.name
                )
                author = author or cleaned.author
        if doc is None:
            # The body selector missed: the generic path on the page without its chrome.
            from lxml import html as lxml_html

            cleaned_html = lxml_html.tostring(root, encoding="unicode")
            doc = generic.extract(page, tree_html=cleaned_html, title=title)
            doc.blocks = clean_pieces(
                [_as_piece(b) for b in doc.blocks], doc.title, self.drop_text, bylines=False
            ).blocks
            if not any(b.kind == "paragraph" for b in doc.blocks):
                raise ExtractionError(
                    f"{page.url or 'The page'} has no article text: only site chrome was found."
                )
            author = author or doc.author
        author = author or self._author(page, byline_scan=True)
        if author and author in {*self.marker_titles, clean_space(page.first_meta("og:site_name"))}:
            author = None  # the site named as its own author is no byline
        doc.title = doc.title or title or ""
        doc.site = self.name
        doc.canonical_url = page.canonical_url
        doc.author = author
        doc.published = published
        doc.updated = updated
        doc.lang = self.lang or page.lang or guess_lang(" ".join(b.text for b in doc.blocks[:20]))
        return doc

    def _strip_suffix(self, text: str) -> str:
        for suffix in self.title_suffixes:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
            if text.startswith(suffix) and len(text) > len(suffix):
                text = text[len(suffix) :]
        return clean_space(text)

    def _title(self, page: Page) -> tuple[HtmlElement | None, str | None]:
        site_names = {*self.marker_titles, clean_space(page.first_meta("og:site_name"))}
        for selector in self.title:
            for el in page.select(selector):
                text = clean_space(el.text_content())
                # The logo is an <h1> on some pages: the site's name is not the title.
                if text and text not in site_names and not dates.foreign(el):
                    return el, self._strip_suffix(text)
        meta_title = page.title_from_meta()
        return None, self._strip_suffix(meta_title) if meta_title else None

    def _body(self, page: Page) -> HtmlElement | None:
        for selector in self.body:
            found = [el for el in page.select(selector) if not dates.foreign(el)]
            if found:
                return max(found, key=lambda el: len(clean_space(el.text_content())))
        return _densest(page.root)

    def _field_date(self, page: Page, selectors: list[str]) -> str | None:
        for selector in selectors:
            for el in page.select(selector):
                if dates.foreign(el):
                    continue
                iso = dates.to_iso(
                    el.get("datetime") or el.get("content") or el.text_content(), self.timezone
                )
                if iso:
                    return iso
        return None

    def _labelled_date(self, page: Page, label: str) -> str | None:
        """The date on a line such as "آخر تحديث: 2024.11.30 | 14:05"."""
        for el in page.root.iter():
            if not isinstance(el.tag, str) or el.tag in ("script", "style"):
                continue
            text = clean_space(el.text_content())
            if text.startswith(label) and len(text) < 80:
                iso = dates.to_iso(text[len(label) :], self.timezone)
                if iso:
                    return iso
        return None

    def _author(self, page: Page, byline_scan: bool) -> str | None:
        """The byline field; with ``byline_scan``, then a short "بقلم: ..." line, then meta tags."""
        for selector in self.author:
            for el in page.select(selector):
                if dates.foreign(el):
                    continue
                raw = el.get("content") if el.tag == "meta" else el.text_content()
                name = clean_author(raw)
                if name and len(name) <= 80 and "://" not in name:
                    return name
        if not byline_scan:
            return None
        for el in page.root.iter("p", "div", "span"):
            text = clean_space(el.text_content())
            if len(text) <= 60 and BYLINE.match(text) and not dates.foreign(el):
                return clean_author(text)
        return page.author_from_meta()

    def _drop_boxes(self, page: Page, root: HtmlElement, keep: list[HtmlElement]) -> None:
        for selector in self.drop:
            for el in page.select(selector, root):
                _remove(el, keep)

    def _drop_labelled(self, root: HtmlElement, keep: list[HtmlElement]) -> None:
        """Remove the box around each chrome label ("عاجل", "إظهار الملخص", "الوسوم"...)."""
        if not self.drop_labels:
            return
        labels: list[HtmlElement] = []
        for el in root.iter():
            if not isinstance(el.tag, str) or el.tag in (
                "html",
                "body",
                "script",
                "style",
                "head",
                "title",
            ):
                continue
            text = clean_space(el.text_content())
            if not text or len(text) > 60 or not any(p.fullmatch(text) for p in self.drop_labels):
                continue
            parent = el.getparent()
            # Keep the outermost element that still says only the label.
            if parent is not None and clean_space(parent.text_content()) == text:
                continue
            labels.append(el)
        for label in labels:
            if label.getparent() is None or not _attached(label, root):
                continue
            box = label.getparent()
            if (
                box is not None
                and box.tag not in ("body", "html")
                and not any(_contains(box, k) for k in keep)
                and len(clean_space(box.text_content())) <= _MAX_BOX_CHARS
                and _prose(box) < 2
            ):
                _remove(box, keep)
                continue
            # The label sits right in the article: drop it and the list that follows it.
            # The label sits right in the article: drop it and the lists of links that follow it.
            nxt = label.getnext()
            while nxt is not None:
                after = nxt.getnext()
                if not isinstance(nxt.tag, str):
                    pass
                elif nxt.tag in _LISTISH or _link_list(nxt):
                    _remove(nxt, keep)
                else:
                    break
                nxt = after
            _remove(label, keep)


def _as_piece(block: Any) -> Any:
    from translate_cli.ingest.extract.blocks import Piece

    return Piece(block.kind, block.text, block.level)


def _contains(box: HtmlElement, el: HtmlElement) -> bool:
    node: HtmlElement | None = el
    while node is not None:
        if node is box:
            return True
        node = node.getparent()
    return False


def _attached(el: HtmlElement, root: HtmlElement) -> bool:
    return _contains(root, el)


def _remove(el: HtmlElement, keep: list[HtmlElement]) -> None:
    """Remove ``el`` (keeping its tail text) unless it is or holds the body or the title."""
    if el.getparent() is None or any(_contains(el, k) for k in keep):
        return
    el.drop_tree()


def _prose(el: HtmlElement) -> int:
    """How many paragraphs of running text (not links) ``el`` holds: boxes have none."""
    count = 0
    for p in el.iter("p"):
        text = len(clean_space(p.text_content()))
        linked = sum(len(clean_space(a.text_content())) for a in p.iter("a"))
        count += text - linked >= _PROSE_CHARS
    return count


def _densest(root: HtmlElement) -> HtmlElement | None:
    """The element whose own <p> children hold the most running text: the body, when no
    selector finds it (the classic readability heuristic, kept simple)."""
    best, best_score = None, 0
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("p", "head", "script", "style"):
            continue
        score = 0
        for child in el:
            if child.tag == "p":
                text = len(clean_space(child.text_content()))
                linked = sum(len(clean_space(a.text_content())) for a in child.iter("a"))
                score += max(0, text - linked)
        if score > best_score and not dates.foreign(el):
            best, best_score = el, score
    return best if best_score >= _PROSE_CHARS * 2 else None


def _link_list(el: HtmlElement) -> bool:
    """A box of links (a related-articles list written with <div>s or <p>s)."""
    text = clean_space(el.text_content())
    if not text:
        return False
    linked = sum(len(clean_space(a.text_content())) for a in el.iter("a"))
    return linked >= 0.8 * len(text) or bool(READ_ALSO.match(text))


# --- loading ----------------------------------------------------------------------------------


def load_profiles() -> list[SiteProfile]:
    """Every profile shipped in ``translate_cli/data/sites``, in file-name order."""
    return [load_profile(path) for path in sorted(SITES_DIR.glob("*.json"))]


# What a profile may say: key -> kind of value. Keys starting with "_" are comments.
_LISTS = ("hosts", "title", "title_suffixes", "body", "date", "updated", "author", "drop")
_SELECTOR_LISTS = frozenset({"title", "body", "date", "updated", "author", "drop"})
_PATTERN_LISTS = ("drop_labels", "drop_text")
_TEXTS = ("name", "timezone", "lang", "updated_label")
_MARKERS = {"selectors": "selector", "strings": "text", "title_contains": "text"}


def load_profile(path: Path) -> SiteProfile:
    """One profile file, checked: an unknown key, a value of the wrong kind, an invalid CSS
    selector, regular expression or time zone is one error naming the file and the key, so a
    typo in a profile never silently turns a rule off."""
    from translate_cli.errors import InputError

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"Site profile {path} cannot be read: {exc}. Fix the file.") from None
    problem = _profile_problem(data)
    if problem:
        raise InputError(f"Site profile {path}: {problem}. Fix the file.")
    return SiteProfile.from_dict(data)


def _profile_problem(data: Any) -> str | None:
    if not isinstance(data, dict):
        return "it must be a JSON object"
    known = {*_LISTS, *_PATTERN_LISTS, *_TEXTS, "markers"}
    for key, value in data.items():
        if key.startswith("_"):
            continue
        if key not in known:
            return f"unknown key {key!r} (known: {', '.join(sorted(known))})"
        if key in _TEXTS:
            if not isinstance(value, str):
                return f"{key} must be a string"
        elif key == "markers":
            problem = _markers_problem(value)
            if problem:
                return problem
        else:
            problem = _list_problem(
                key,
                value,
                "pattern"
                if key in _PATTERN_LISTS
                else ("selector" if key in _SELECTOR_LISTS else "text"),
            )
            if problem:
                return problem
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        return "'name' is required"
    if data.get("timezone"):
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(data["timezone"])
        except (KeyError, ValueError):
            return f"timezone {data['timezone']!r} is not a known time zone (e.g. Asia/Damascus)"
    return None


def _markers_problem(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "markers must be an object"
    for key, items in value.items():
        if key.startswith("_"):
            continue
        if key not in _MARKERS:
            return f"unknown key 'markers.{key}' (known: {', '.join(_MARKERS)})"
        problem = _list_problem(f"markers.{key}", items, _MARKERS[key])
        if problem:
            return problem
    return None


def _list_problem(key: str, value: Any, kind: str) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return f"{key} must be a list of strings"
    for item in value:
        if kind == "selector":
            from cssselect import GenericTranslator, SelectorError

            try:
                GenericTranslator().css_to_xpath(item)
            except SelectorError as exc:
                return f"{key} has an invalid CSS selector {item!r} ({exc})"
        elif kind == "pattern":
            try:
                re.compile(item)
            except re.error as exc:
                return f"{key} has an invalid regular expression {item!r} ({exc})"
    return None
