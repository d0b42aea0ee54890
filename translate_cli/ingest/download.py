"""Downloading article pages over HTTP(S), and reading saved pages and text files.

Network failures become one :class:`FetchError` sentence that says what happened and what to
do; a page the site refuses to serve can always be saved in a browser and fetched as a file.
"""

from __future__ import annotations

import codecs
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from translate_cli.errors import FetchError, InputError

if TYPE_CHECKING:
    import httpx

DEFAULT_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0 Safari/537.36"
)
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain", "text/markdown")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
SAVE_HINT = "save the page from your browser and run 'translate-cli fetch page.html'"


@dataclass
class FetchSettings:
    """How to download: timeouts in seconds, retries, a size cap, and the headers sent."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    retries: int = 3  # further attempts after the first, on 429, 5xx and timeouts
    backoff: float = 1.0  # first wait; doubles each retry
    max_wait: float = 30.0  # cap on a single wait, including Retry-After
    max_bytes: int = 10 * 1024 * 1024
    # The whole download, retries and waits included: a server trickling a byte at a time
    # stays within each read timeout but not within this.
    deadline: float = 120.0
    user_agent: str = field(
        default_factory=lambda: os.environ.get("TRANSLATE_CLI_USER_AGENT", DEFAULT_USER_AGENT)
    )
    accept_language: str = field(
        default_factory=lambda: os.environ.get("TRANSLATE_CLI_ACCEPT_LANGUAGE", "ar")
    )


@dataclass
class Download:
    """A fetched resource: bytes as served, plus what the server said about them."""

    url: str
    final_url: str
    content_type: str  # media type only, lower case, "" when not sent
    charset: str | None  # from the Content-Type header, if any
    body: bytes


def is_url(source: str) -> bool:
    """True for anything that looks like a URL rather than a file path."""
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source)) or source.startswith("www.")


def check_url(url: str) -> str:
    """Validate an http(s) URL, adding https:// to a bare www. address.

    Refuses what the HTTP client would choke on later: spaces and controls, an unclosed IPv6
    bracket, a port that is not a number, an empty label (``a..b``), a label or name too long
    for DNS, a name IDNA cannot encode.
    """
    from translate_cli.urls import http_url

    if url.startswith("www."):
        url = "https://" + url
    try:
        scheme = urlsplit(url).scheme
    except ValueError:
        scheme = url.partition(":")[0]
    if scheme.lower() not in ("http", "https"):
        raise InputError(
            f"Unsupported URL scheme {scheme!r} in {url}: use an http:// or https:// address, "
            "or a path to a saved .html/.txt file."
        )
    if http_url(url) != url or not _idna_ok(urlsplit(url).hostname or ""):
        shown = url if len(url) <= 200 else url[:197] + "..."
        raise InputError(
            f"Malformed URL {shown!r}: check the address (host name, brackets, port) and try again."
        )
    return url


def _idna_ok(host: str) -> bool:
    """True when the host name (or IP literal) can be sent: DNS lengths and IDNA rules."""
    if not host or host.startswith("[") or host.replace(".", "").isdigit() or ":" in host:
        return True
    labels = host.rstrip(".").split(".")
    if any(not label or len(label) > 63 for label in labels):
        return False
    if host.isascii():
        return len(host) <= 253
    try:
        import idna

        return len(idna.encode(host, uts46=True)) <= 253
    except (ImportError, UnicodeError, ValueError):
        return False


def download(
    url: str, settings: FetchSettings | None = None, client: httpx.Client | None = None
) -> Download:
    """GET ``url`` following redirects, retrying on 429, 5xx and timeouts with backoff."""
    import httpx

    settings = settings or FetchSettings()
    url = check_url(url)
    own_client = client is None
    if client is None:
        client = make_client(settings)
    end = time.monotonic() + settings.deadline
    try:
        attempt = 0
        while True:
            try:
                return _get_once(client, url, settings, end)
            except _Retryable as exc:
                wait = settings.backoff * 2**attempt if exc.retry_after is None else exc.retry_after
                wait = min(wait, settings.max_wait)
                if attempt >= settings.retries or time.monotonic() + wait >= end:
                    raise FetchError(exc.final_message(url, attempt + 1)) from None
                time.sleep(wait)
                attempt += 1
            except httpx.TooManyRedirects:
                raise FetchError(f"Too many redirects fetching {url}: {SAVE_HINT}.") from None
            except httpx.ConnectError as exc:
                raise FetchError(_connect_message(url, exc)) from None
            except httpx.UnsupportedProtocol:
                raise FetchError(
                    f"{url} redirects to an address that is not http(s): {SAVE_HINT}."
                ) from None
            except httpx.TransportError as exc:
                raise FetchError(
                    f"Network error fetching {url} ({exc}): try again, or {SAVE_HINT}."
                ) from None
            except (httpx.InvalidURL, httpx.DecodingError, UnicodeError, ValueError) as exc:
                # A redirect to a malformed address, or a body compressed wrongly.
                raise FetchError(
                    f"Cannot fetch {url} ({type(exc).__name__}: {exc}): {SAVE_HINT}."
                ) from None
    finally:
        if own_client:
            client.close()


def make_client(settings: FetchSettings) -> httpx.Client:
    """An httpx client with the configured timeouts and headers (share it across threads)."""
    import httpx

    timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
    headers = {
        "User-Agent": settings.user_agent,
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
        "Accept-Language": settings.accept_language,
    }
    return httpx.Client(timeout=timeout, headers=headers, follow_redirects=True, max_redirects=10)


class _Retryable(Exception):
    def __init__(self, what: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(what)
        self.what = what
        self.status = status
        self.retry_after = retry_after

    def final_message(self, url: str, tries: int) -> str:
        after = f" after {tries} tries" if tries > 1 else ""
        if self.status == 429:
            return f"{url} answered 429 Too Many Requests{after}: wait a while and try again, or {SAVE_HINT}."
        if self.status is not None:
            return f"{url} answered {self.what}{after}: the site is failing; try again later, or {SAVE_HINT}."
        return f"Timed out fetching {url}{after}: try again later, or {SAVE_HINT}."


def _get_once(
    client: httpx.Client, url: str, settings: FetchSettings, end: float | None = None
) -> Download:
    import httpx

    end = time.monotonic() + settings.deadline if end is None else end
    # No single read may wait past the deadline either.
    remaining = max(end - time.monotonic(), 0.001)
    timeout = httpx.Timeout(
        min(settings.read_timeout, remaining), connect=min(settings.connect_timeout, remaining)
    )
    try:
        with client.stream("GET", url, timeout=timeout) as response:
            status = response.status_code
            if status in RETRY_STATUSES:
                raise _Retryable(_status_text(response), status, _retry_after(response))
            if status >= 400:
                raise FetchError(_status_message(url, response))
            media_type, charset = _parse_content_type(response.headers.get("content-type", ""))
            if media_type and media_type not in HTML_TYPES + TEXT_TYPES:
                raise FetchError(
                    f"{url} is not a web page (it is {media_type}): fetch the article's page URL, "
                    "or save the text as a .txt file and fetch that."
                )
            declared = response.headers.get("content-length", "").strip()
            if declared.isascii() and declared.isdigit() and int(declared) > settings.max_bytes:
                raise FetchError(_too_big(url, settings))
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > settings.max_bytes:
                    raise FetchError(_too_big(url, settings))
                if time.monotonic() > end:
                    raise FetchError(_too_slow(url, settings))
                chunks.append(chunk)
            return Download(url, str(response.url), media_type, charset, b"".join(chunks))
    except httpx.TimeoutException as exc:
        raise _Retryable(type(exc).__name__) from None


def _too_slow(url: str, settings: FetchSettings) -> str:
    return (
        f"{url} took longer than the {settings.deadline:g} s deadline to download (--deadline): "
        f"try again later, or {SAVE_HINT}."
    )


def _too_big(url: str, settings: FetchSettings) -> str:
    mb = settings.max_bytes / (1024 * 1024)
    return f"{url} is larger than the {mb:.3g} MB limit: {SAVE_HINT}, keeping only the article."


def _status_text(response: httpx.Response) -> str:
    return f"{response.status_code} {response.reason_phrase}".strip()


def _status_message(url: str, response: httpx.Response) -> str:
    status = response.status_code
    if status in (401, 403):
        return f"{url} answered {_status_text(response)}: the site refuses scripted downloads; {SAVE_HINT}."
    if status in (404, 410):
        return f"{url} answered {_status_text(response)}: check the address; if it opens in a browser, {SAVE_HINT}."
    return f"{url} answered {_status_text(response)}: {SAVE_HINT}."


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    return float(value) if value.isascii() and value.isdigit() else None


def _connect_message(url: str, exc: Exception) -> str:
    host = urlsplit(url).hostname or url
    text = str(exc)
    if any(
        marker in text
        for marker in (
            "Name or service not known",
            "nodename nor servname",
            "getaddrinfo",
            "Temporary failure in name resolution",
            "No address associated",
        )
    ):
        return (
            f"Cannot find the host {host} (DNS lookup failed): check the URL and your connection."
        )
    if "refused" in text.lower():
        return f"Connection refused by {host}: check the URL, or try again later."
    return f"Cannot connect to {host} ({text}): check the URL and your connection."


def _parse_content_type(value: str) -> tuple[str, str | None]:
    media_type, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return media_type.strip().lower(), charset


_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)


def decode_html(body: bytes, declared: str | None = None) -> str:
    """Decode a page: BOM, then the HTTP charset, then <meta charset> in the first 4 KB, then UTF-8.

    Arabic sites still serve windows-1256 and sometimes declare it only inside the page; when
    nothing is declared and the bytes are not UTF-8, windows-1256 is the likely encoding.
    """
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace")
    candidates: list[str] = []
    if declared:
        candidates.append(declared)
    match = _META_CHARSET.search(body[:4096])
    if match:
        candidates.append(match.group(1).decode("ascii", "replace"))
    for name in candidates:
        codec = _codec(name, body)
        if codec and codec != "utf-8" and _is_utf8(body):
            # Multi-byte UTF-8 that decodes cleanly is UTF-8 whatever the label says: read
            # as windows-1252 or -1256 it would be mojibake.
            codec = "utf-8"
        if codec:
            try:
                return body.decode(codec, errors="replace")
            except (UnicodeError, LookupError, ValueError, TypeError):
                continue  # a codec that cannot decode arbitrary bytes: detect instead
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1256", errors="replace")


def _is_utf8(body: bytes) -> bool:
    """True for bytes with non-ASCII characters that are valid UTF-8 throughout."""
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _codec(name: str, body: bytes = b"") -> str | None:
    """The Python codec for a declared charset, or None when it is unknown or not for pages."""
    try:
        info = codecs.lookup(name.strip().lower())
    except (LookupError, ValueError):
        return None
    # base64, rot13, zlib and friends are codecs but not text encodings; unicode_escape and
    # utf-7 would turn backslashes and plus signs in a page into other characters.
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_PAGE_ENCODINGS:
        return None
    # A page whose markup has no NUL bytes is not UTF-16/32, whatever it says (WHATWG agrees).
    if info.name.startswith(("utf-16", "utf-32")) and b"\x00" not in body[:1024]:
        return None
    # WHATWG: latin-1 and ASCII labels mean windows-1252.
    return {"iso8859-1": "cp1252", "ascii": "cp1252"}.get(info.name, info.name)


_NOT_PAGE_ENCODINGS = frozenset(
    {"idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7", "undefined", "mbcs"}
)


def read_file(path: str | Path, max_bytes: int | None = None) -> bytes:
    """Read a saved page or text file (at most ``max_bytes``), with one-line errors."""
    from translate_cli.files import read_input

    return read_input(Path(path), "a saved .html page or a .txt/.md file", max_bytes=max_bytes)
