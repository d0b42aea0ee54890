"""Web addresses: the one check that a URL is a single-line http(s) address, the normal form used
to find an article by any spelling of its URL, and the node number of a syria.tv article.

A page's canonical link, a see-also link and a source URL all end up in published files, so each
is checked here before it is stored or written: a value with a newline, a control character or a
scheme other than http(s) could otherwise become live markup in an export.
"""

from __future__ import annotations

import contextlib
import re
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from translate_cli.errors import InputError

_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
# Compiled on first use: the wide character classes cost ~4 ms, paid by every command otherwise.
_HOST = r"^[0-9a-z\u00a0-\uffff](?:[0-9a-z\u00a0-\uffff-]{0,61}[0-9a-z\u00a0-\uffff])?$"
_NODE = re.compile(r"(?:^|/)node/(\d{1,12})(?:$|[/?#])")
_SHORT = re.compile(r"^/(\d{1,12})/?$")
# syria.tv and the outlets like it whose articles are Drupal nodes reachable as /NNNN.
SHORT_LINK_SITES = frozenset({"syria.tv"})


def _host_ok(host: str) -> bool:
    if not host or len(host) > 253:
        return False
    if host.startswith("[") and host.endswith("]"):
        import ipaddress

        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return False
        return True
    labels = host.rstrip(".").split(".")
    host_label = re.compile(_HOST)  # cached by re after the first call
    return all(host_label.match(label) for label in labels)


def http_url(value: str) -> str | None:
    """``value`` stripped if it is a single-line absolute http(s) URL with a sane host, else None."""
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > 8192 or _CONTROL.search(text):
        return None
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not _host_ok(host):
        return None
    return text


def check_http_url(value: str, what: str = "Link") -> str:
    """``value`` if it is a single-line http(s) URL, else a one-line :class:`InputError`."""
    url = http_url(value)
    if url is None:
        shown = value if len(value) <= 80 else value[:77] + "..."
        raise InputError(
            f"{what} {shown!r} is not a web address: give one full http:// or https:// URL "
            "on one line."
        )
    return url


def site_of(url: str) -> str:
    """The host of ``url`` in lower case without ``www.``; empty for anything but http(s)."""
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""
    return host.removeprefix("www.")


def url_key(value: str) -> str:
    """The form in which two spellings of one article's address compare equal.

    Percent-encoding is decoded (a browser copies Arabic paths percent-encoded), the scheme,
    ``www.``, the query, the fragment and trailing slashes are dropped and the host is lower-cased.
    Anything that is not an http(s) URL is returned stripped, unchanged.
    """
    text = value.strip()
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:
        return text
    if parts.scheme.lower() not in ("http", "https") or not host:
        return text
    if "xn--" in host:
        with contextlib.suppress(UnicodeError):
            host = host.encode("ascii").decode("idna")
    path = unquote(parts.path, errors="replace").rstrip("/")
    return f"{host.removeprefix('www.')}{path}"


def syria_node(value: str) -> int | None:
    """The node number of a syria.tv article URL (``/node/N`` or the short form ``/N``)."""
    text = value.strip()
    if text.isascii() and text.isdigit() and len(text) <= 12:
        return None  # a bare number is an article id, not a node
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower().removeprefix("www.")
    except ValueError:
        return None
    if host not in SHORT_LINK_SITES:
        return None
    match = _NODE.search(parts.path) or _SHORT.match(parts.path)
    return int(match.group(1)) if match else None


def short_url(site: str, node: int) -> str:
    """The short public address of a node, as house style cites it: ``www.syria.tv/294409``."""
    return f"www.{site}/{node}"


def display_url(value: str) -> str:
    """``value`` with its path percent-decoded for reading (Arabic stays Arabic), one line."""
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return value
    path = unquote(parts.path, errors="replace")
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def encoded_url(value: str) -> str:
    """``value`` with non-ASCII and unsafe characters percent-encoded, for href attributes."""
    return quote(value.strip(), safe=":/?#[]@!$&'()*+,;=%~")
