"""Publication and update dates: read from the page's own declarations, written as ISO 8601.

Order of trust: ``article:published_time``-style meta tags, JSON-LD ``datePublished``, a
``<time datetime>`` that belongs to the article (not to a link or a related-articles box), then a
site profile's visible date field ("2024.11.30 | 12:19 دمشق", read in the site's time zone).
Dates are never taken from other articles' URLs: a date that cannot be read stays None.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING

from translate_cli.ingest.extract.page import Page, clean_space
from translate_cli.text.arabic import DIGITS

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_DIGITS = DIGITS
# 2024-11-30, 2024.11.30, 2024/11/30, optionally followed (after "T", a space or "|") by 12:19[:05]
# and an offset.
_YMD = re.compile(
    r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)"
    r"(?:(?:\s*[T|،,]\s*|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?",
    re.IGNORECASE,
)
# 30/11/2024 or 30-11-2024 (day first, as Arabic sites write it), optionally with a time.
_DMY = re.compile(
    r"(?<!\d)(\d{1,2})[-./](\d{1,2})[-./](\d{4})(?!\d)(?:(?:\s*[|،,-]\s*|\s+)(\d{1,2}):(\d{2}))?"
)
_PM = re.compile(
    r"(?<![A-Za-z\u0600-\u06ff])(?:م|مساء|مساءً|pm|p\.m\.)(?![A-Za-z\u0600-\u06ff])", re.IGNORECASE
)
_AM = re.compile(
    r"(?<![A-Za-z\u0600-\u06ff])(?:ص|صباحا|صباحاً|am|a\.m\.)(?![A-Za-z\u0600-\u06ff])", re.IGNORECASE
)

PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "article.published",
    "published_time",
    "publish-date",
    "publishdate",
    "pubdate",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "parsely-pub-date",
    "sailthru.date",
    "date",
)
UPDATED_META = (
    "article:modified_time",
    "og:article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
)
# Containers whose dates belong to other articles.
_FOREIGN = re.compile(
    r"related|more|recommend|sidebar|widget|teaser|card|list|most|popular|latest|ticker|breaking|comment",
    re.IGNORECASE,
)
# Syria dropped daylight saving time in late 2022 and stays on UTC+3; a system tz database older
# than that would still apply the old rules, so recent dates do not depend on it.
_DAMASCUS_FIXED_SINCE = datetime(2022, 10, 28)


def zone(name: str | None) -> tzinfo | None:
    if not name:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return timezone(timedelta(hours=3)) if name == "Asia/Damascus" else None


def _localize(naive: datetime, tz_name: str | None) -> datetime:
    if tz_name == "Asia/Damascus" and naive >= _DAMASCUS_FIXED_SINCE:
        return naive.replace(tzinfo=timezone(timedelta(hours=3)))
    tz = zone(tz_name)
    return naive.replace(tzinfo=tz) if tz else naive


def _offset(text: str) -> timezone:
    if text.upper() == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


def _valid(year: int, month: int, day: int) -> bool:
    if not 1990 <= year <= 2100:
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def to_iso(value: str | None, tz_name: str | None = None) -> str | None:
    """Read the first date in ``value`` as ISO 8601, or None.

    A date-time without an offset is read in ``tz_name`` when one is given (a site profile knows
    its zone), else kept without an offset. A bare date stays a bare date.
    """
    text = clean_space(value).translate(_DIGITS)
    if not text:
        return None
    m = _YMD.search(text)
    if m:
        year, month, day = int(m[1]), int(m[2]), int(m[3])
        hour, minute, second, off = m[4], m[5], m[6], m[7]
    else:
        m = _DMY.search(text)
        if not m:
            return None
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        hour, minute, second, off = m[4], m[5], None, None
    if not _valid(year, month, day):
        return None
    if hour is None:
        return date(year, month, day).isoformat()
    h, mi, s = int(hour), int(minute), int(second or 0)
    rest = text[m.end() :]
    if h < 12 and _PM.search(rest[:12]):
        h += 12
    elif h == 12 and _AM.search(rest[:12]):
        h = 0
    if h > 23 or mi > 59 or s > 59:
        return date(year, month, day).isoformat()
    moment = datetime(year, month, day, h, mi, s)
    moment = moment.replace(tzinfo=_offset(off)) if off else _localize(moment, tz_name)
    return moment.isoformat()


def foreign(el: HtmlElement, stop: HtmlElement | None = None) -> bool:
    """True when ``el`` sits inside a link or a box about other articles."""
    node: HtmlElement | None = el
    while node is not None and node is not stop:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("a", "aside", "nav", "footer"):
            return True
        marks = f"{node.get('class') or ''} {node.get('id') or ''}"
        if tag not in ("body", "html") and _FOREIGN.search(marks):
            return True
        node = node.getparent()
    return False


def _time_elements(page: Page, want: tuple[str, ...], scope: HtmlElement | None) -> str | None:
    root = scope if scope is not None else page.root
    fallback: str | None = None
    for el in root.iter("time"):
        value = el.get("datetime") or ""
        if not value.strip() or foreign(el):
            continue
        marks = (
            f"{el.get('itemprop') or ''} {el.get('class') or ''} {el.get('pubdate') or ''}".lower()
        )
        if any(w in marks for w in want):
            return value
        if fallback is None and "modif" not in marks and "updat" not in marks:
            fallback = value
    return fallback if "publish" in want else None


def published(
    page: Page, tz_name: str | None = None, scope: HtmlElement | None = None
) -> str | None:
    """The publication date the page declares, as ISO 8601, or None."""
    for raw in (
        page.first_meta(*PUBLISHED_META),
        page.jsonld_value("datePublished"),
        page.jsonld_value("dateCreated"),
        _time_elements(page, ("publish", "pubdate"), scope),
    ):
        iso = to_iso(raw, tz_name) if isinstance(raw, str) else None
        if iso:
            return iso
    return None


def updated(page: Page, tz_name: str | None = None) -> str | None:
    """The last-modified date the page declares, as ISO 8601, or None."""
    for raw in (
        page.first_meta(*UPDATED_META),
        page.jsonld_value("dateModified"),
        _time_elements(page, ("modif", "updat"), None),
    ):
        iso = to_iso(raw, tz_name) if isinstance(raw, str) else None
        if iso:
            return iso
    return None
