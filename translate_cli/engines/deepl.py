"""``deepl``: DeepL through the official ``deepl`` package; the key comes from ``DEEPL_AUTH_KEY``.

``--base-url`` points the package at a DeepL-compatible server (its ``server_url``). The article
around each batch travels as DeepL's ``context`` (not billed). When DeepL lists Arabic→English
among its glossary pairs (asked at run time), the article's terms go into a DeepL glossary,
whose id is kept in the database so the next run with the same terms reuses it. Masked retries
use XML tag handling so DeepL keeps the placeholder tags. ``--model`` is DeepL's
``model_type`` (e.g. ``quality_optimized``).

The package's own retry loop is turned off: the caller retries, with the same backoff for every
engine, and counts every request.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import MutableMapping, Sequence
from html import unescape
from typing import Any, ClassVar

from translate_cli.engines.base import (
    PLACEHOLDER,
    Batch,
    Capabilities,
    Engine,
    EngineError,
    RetryableError,
    TermPair,
    env_key,
    parse_retry_after,
)

KEY_ENV = "DEEPL_AUTH_KEY"
SOURCE_LANG = "AR"
TARGET_LANG = "EN-US"
# DeepL takes up to 50 texts per request; the context is free but counts toward 128 KiB.
MAX_CONTEXT = 20_000


class DeepLEngine(Engine):
    name = "deepl"
    capabilities: ClassVar[Capabilities] = Capabilities(
        batch_size=40,
        batch_chars=20_000,
        concurrency=4,
        native_glossary=True,
        follows_instructions=False,  # DeepL takes no "fix this term" request: mask instead
    )
    version = "deepl-1"

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self._client: Any = None
        self._glossary_id: str | None = None
        self._glossary_key: str | None = None
        self._resources: MutableMapping[str, str] | None = None
        self._terms: list[TermPair] = []
        # Re-entrant: a glossary made again after a 404 sends requests while holding it.
        self._lock = threading.RLock()
        self._local = threading.local()  # the last answer's Retry-After, per worker thread

    def cache_settings(self) -> dict[str, Any]:
        return {"target_lang": TARGET_LANG, "base_url": self.settings.base_url or None}

    def start(self) -> None:
        if self._client is not None:
            return
        key = env_key(KEY_ENV)
        if not key:
            raise EngineError(
                f"The deepl engine needs a DeepL API key: set {KEY_ENV} "
                "(see https://www.deepl.com/your-account/keys)."
            )
        import deepl
        from deepl import http_client

        # One retry policy for every engine: the caller's, which honours Retry-After.
        http_client.max_network_retries = 0
        http_client.min_connection_timeout = self.settings.timeout
        server_url = self.settings.base_url
        if server_url:
            server_url = server_url.rstrip("/") + "/"
        self._client = deepl.DeepLClient(key, server_url=server_url, send_platform_info=False)
        # The package drops the headers of an error answer: keep Retry-After for the caller.
        # Its requests are prepared outside the session, so session hooks never run; wrap the
        # session's send instead.
        session = getattr(getattr(self._client, "_client", None), "_session", None)
        if session is not None:
            send = session.send

            def send_and_remember(request: Any, **kwargs: Any) -> Any:
                response = send(request, **kwargs)
                self._local.retry_after = parse_retry_after(response.headers.get("Retry-After"))
                return response

            session.send = send_and_remember

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    # ---- the glossary ----------------------------------------------------------------------

    def prepare(self, terms: Sequence[TermPair], resources: MutableMapping[str, str]) -> None:
        """Use (or create) a DeepL glossary holding ``terms``, if DeepL does Arabic→English."""
        self.start()
        self._resources = resources
        self._terms = list(dict.fromkeys(terms))
        entries = _entries(self._terms)
        if not entries:
            return
        digest = hashlib.sha256(
            json.dumps(sorted(entries.items()), ensure_ascii=False).encode()
        ).hexdigest()[:24]
        self._glossary_key = f"deepl-glossary:{self.settings.base_url or ''}:{digest}"
        cached = resources.get(self._glossary_key)
        if cached:
            self._glossary_id = cached
            return
        # Without a glossary the caller still verifies every draft and masks what is wrong, so
        # a server that refuses these calls costs quality, not the run.
        try:
            pairs = self._call(self._client.get_glossary_languages)
        except (_Refused, _Garbage):
            return
        if not any(
            str(p.source_lang).lower() == "ar" and str(p.target_lang).lower().startswith("en")
            for p in pairs
        ):
            return  # no Arabic glossaries at this DeepL
        glossary_id = self._create_glossary(entries, digest)
        if glossary_id:
            self._glossary_id = resources[self._glossary_key] = glossary_id

    def _create_glossary(self, entries: dict[str, str], digest: str) -> str | None:
        """A new glossary's id: a v3 (multilingual) glossary, else a v2 one, else None."""
        from deepl.api_data import MultilingualGlossaryDictionaryEntries

        name = f"translate-cli {digest}"
        attempts = (
            (
                self._client.create_multilingual_glossary,
                (name, [MultilingualGlossaryDictionaryEntries("ar", "en", entries)]),
            ),
            (self._client.create_glossary, (name, "AR", "EN", entries)),
        )
        for method, args in attempts:
            try:
                info = self._call(method, *args)
            except (_Refused, _Garbage):
                continue
            glossary_id = getattr(info, "glossary_id", None)
            if glossary_id:
                return str(glossary_id)
        return None

    # ---- translating -----------------------------------------------------------------------

    def translate(self, batch: Batch) -> dict[str, str]:
        self.start()
        import deepl

        masked = batch.kind == "masked"
        texts = [_xml_text(item.text) if masked else item.text for item in batch.items]
        options: dict[str, Any] = {"source_lang": SOURCE_LANG, "target_lang": TARGET_LANG}
        context = _context(batch)
        if context:
            options["context"] = context
        if masked:
            options["tag_handling"] = "xml"
        if self.settings.model:
            options["model_type"] = self.settings.model
        glossary_id = self._glossary_id
        if glossary_id:
            options["glossary"] = glossary_id
        try:
            results = self._call(self._client.translate_text, texts, **options)
        except (deepl.GlossaryNotFoundException, _Refused):
            if not glossary_id:
                raise
            # Deleted on DeepL's side since the id was saved: make it again, once.
            with self._lock:
                if self._glossary_id == glossary_id and self._resources is not None:
                    self._resources.pop(self._glossary_key or "", None)
                    self._glossary_id = None
                    self.prepare(self._terms, self._resources)
            options.pop("glossary", None)
            if self._glossary_id:
                options["glossary"] = self._glossary_id
            results = self._call(self._client.translate_text, texts, **options)
        if not isinstance(results, list) or len(results) != len(texts):
            raise EngineError(
                f"The DeepL server{self._where()} answered something that is not a DeepL "
                "translation: check --base-url."
            )
        out: dict[str, str] = {}
        for item, result in zip(batch.items, results, strict=True):
            text = str(getattr(result, "text", "") or "")
            out[item.id] = unescape(text) if masked else text
        return out

    def _call(self, method: Any, *args: Any, **kwargs: Any) -> Any:
        """One request through the package, its errors turned into ours."""
        import deepl

        self.count_request()
        self._local.retry_after = None
        try:
            return method(*args, **kwargs)
        except deepl.GlossaryNotFoundException:
            raise _Refused(f"DeepL{self._where()} has no such glossary") from None
        except deepl.AuthorizationException:
            raise EngineError(f"DeepL{self._where()} refused the key: check {KEY_ENV}.") from None
        except deepl.QuotaExceededException:
            raise EngineError(
                f"The DeepL quota of this key is used up{self._where()}: wait for the next "
                "billing period or raise the limit in your DeepL account."
            ) from None
        except deepl.TooManyRequestsException:
            raise RetryableError(
                f"DeepL{self._where()} answered HTTP 429", self._local.retry_after
            ) from None
        except deepl.ConnectionException as exc:
            cause = exc.__cause__
            import requests

            if isinstance(cause, requests.exceptions.Timeout):
                raise RetryableError(
                    f"no answer from DeepL{self._where()} within {self.settings.timeout:g} s",
                    timeout=True,
                ) from None
            if isinstance(cause, requests.exceptions.ConnectionError) and _refused(cause):
                raise EngineError(
                    f"Cannot reach DeepL{self._where()} ({_connection_reason(cause)}): check "
                    "the network and --base-url."
                ) from None
            raise RetryableError(f"the connection to DeepL{self._where()} failed") from None
        except deepl.DeepLException as exc:
            status = exc.http_status_code
            if status is not None and status >= 500:
                raise RetryableError(
                    f"DeepL{self._where()} answered HTTP {status}", self._local.retry_after
                ) from None
            raise _Refused(f"DeepL{self._where()} refused the request: {_short(exc)}.") from None
        except (TypeError, ValueError, KeyError, AttributeError):
            raise _Garbage(
                f"The DeepL server{self._where()} answered something that is not DeepL's API: "
                "check --base-url."
            ) from None

    def _where(self) -> str:
        return f" at {self.settings.base_url}" if self.settings.base_url else ""


class _Refused(EngineError):
    """DeepL answered a request with a client error (bad request, not found...)."""


class _Garbage(EngineError):
    """The server's answer is not what DeepL's API answers (the package could not read it)."""


def _entries(terms: Sequence[TermPair]) -> dict[str, str]:
    """Glossary entries: one per source, no tabs or line breaks (DeepL's TSV cannot hold them)."""
    entries: dict[str, str] = {}
    for t in terms:
        source = " ".join(t.source.split())
        target = " ".join(t.target.split())
        if source and target:
            entries.setdefault(source, target)
    return entries


def _context(batch: Batch) -> str:
    """The article as context: all of it when it fits, else the title and the neighbours."""
    if batch.article and len(batch.article) <= MAX_CONTEXT:
        return batch.article
    parts = [batch.title, *batch.before, *batch.after]
    return "\n".join(p for p in parts if p)[:MAX_CONTEXT]


def _xml_text(text: str) -> str:
    """``text`` escaped for DeepL's XML tag handling, the placeholder tags kept as tags."""
    out: list[str] = []
    last = 0
    for match in PLACEHOLDER.finditer(text):
        out.append(_escape(text[last : match.start()]))
        out.append(match.group())
        last = match.end()
    out.append(_escape(text[last:]))
    return "".join(out)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _refused(exc: BaseException) -> bool:
    text = str(exc)
    return any(
        word in text
        for word in ("refused", "NewConnectionError", "Name or service", "resolve", "No route")
    )


def _connection_reason(exc: BaseException) -> str:
    """What went wrong in a few words, not urllib3's nested repr."""
    text = str(exc)
    for needle, reason in (
        ("refused", "connection refused"),
        ("Name or service", "unknown host"),
        ("resolve", "unknown host"),
        ("No route", "no route to host"),
    ):
        if needle in text:
            return reason
    return _short(exc)


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200].rstrip(".")
