"""The machine-translation engine interface and the one registry of engines.

An engine turns a :class:`Batch` of Arabic segments into English drafts and nothing more: the
caller (:mod:`translate_cli.pretranslate`) owns batching, the cache, retries, validation and the
glossary binding, so a new engine is one new module with one :meth:`Engine.translate`.

Built-in engines are listed in :data:`BUILTIN`; third parties add one through the Python entry
point group ``translate_cli.engines`` (name = the ``--engine`` value, object = an
:class:`Engine` subclass). Engine modules import their client libraries lazily, so listing the
engines or running ``--help`` loads none of them.
"""

from __future__ import annotations

import email.utils
import os
import re
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from translate_cli.errors import TranslateCliError

ENTRY_POINT_GROUP = "translate_cli.engines"
#: A masked term travels as ``<t1/>``, ``<t2/>``...: a tag LLMs and DeepL's XML handling keep.
PLACEHOLDER = re.compile(r"<\s*[tT](\d+)\s*/\s*>")
#: Answers are read leniently, as engines echo the tag: ``<t1 />``, ``<T1/>``, ``<t1>``,
#: ``[t1]``, ``{t1}``, or the tag wrapped round their own rendering (``<t1>Turkey</t1>``, the
#: rendering dropped). A lone closing tag counts as the tag, so ``<t1>…</t1>`` around a long
#: stretch reads as the tag twice, which the caller rejects.
PLACEHOLDER_ANY = re.compile(
    r"<\s*[tT](\d+)\s*>[^<>\n]{0,80}<\s*/\s*[tT]\1\s*>"
    r"|<\s*/?\s*[tT](\d+)\s*/?\s*>"
    r"|\[\[?\s*[tT](\d+)\s*\]\]?"
    r"|\{\{?\s*[tT](\d+)\s*\}\}?"
)


def placeholder_number(match: re.Match[str]) -> int:
    """The term number of a :data:`PLACEHOLDER_ANY` match."""
    return int(next(g for g in match.groups() if g))


def placeholder(n: int) -> str:
    """The token standing for masked term ``n`` (1-based), which the engine must keep."""
    return f"<t{n}/>"


# name -> "module:Class"; imported only when that engine is used.
BUILTIN: dict[str, str] = {
    "openai": "translate_cli.engines.openai:OpenAIEngine",
    "llm": "translate_cli.engines.llm:LlmEngine",
    "deepl": "translate_cli.engines.deepl:DeepLEngine",
}
CONFIGURE_HINT = (
    "No machine-translation engine is configured: pass --engine openai|llm|deepl, set "
    "TRANSLATE_CLI_ENGINE, or run 'translate-cli config set engine openai'."
)


class EngineError(TranslateCliError):
    """The engine cannot be used at all (unknown engine, missing key, unreachable server, wrong
    model, a server that answers garbage): the run stops with one line."""


class RetryableError(Exception):
    """A request failed in a way worth repeating (429, 5xx, a timeout); ``retry_after`` is the
    server's Retry-After in seconds when it sent one."""

    def __init__(
        self, message: str, retry_after: float | None = None, *, timeout: bool = False
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.timeout = timeout  # no answer in time: worth one more try, not four


class BadReply(Exception):
    """The server answered, but the content is not the translations asked for."""


class Drafts(dict[str, str]):
    """Drafts by item id, as :meth:`Engine.translate` returns them; ``ambiguous`` names ids the
    engine answered more than once with different texts (the first is kept; the caller asks
    again before trusting it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ambiguous: set[str] = set()


@dataclass(frozen=True)
class TermPair:
    """A glossary term a segment contains: the house ``target`` must be in the draft, none of
    ``forbidden`` may be."""

    source: str
    target: str
    forbidden: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target}


@dataclass(frozen=True)
class Item:
    """One segment to translate; ``id`` is the segment number as text."""

    id: str
    text: str
    terms: tuple[TermPair, ...] = ()
    # For a repair: the engine's earlier draft and what it must fix.
    draft: str | None = None
    missing: tuple[TermPair, ...] = ()
    forbidden_found: tuple[str, ...] = ()


@dataclass
class Batch:
    """Segments sent in one request, with the article around them as context."""

    items: list[Item]
    title: str = ""
    before: list[str] = field(default_factory=list)  # source segments just before the batch
    after: list[str] = field(default_factory=list)
    article: str = ""  # the whole article's source, for engines that take long context
    kind: str = "translate"  # "translate", "repair" or "masked"

    @property
    def terms(self) -> list[TermPair]:
        """The distinct terms of the batch, in order of first use."""
        return list(dict.fromkeys(t for item in self.items for t in item.terms))

    @property
    def characters(self) -> int:
        return sum(len(item.text) for item in self.items)


@dataclass(frozen=True)
class Capabilities:
    """What an engine can do, so the caller adapts without knowing which engine it is."""

    batch_size: int = 20  # segments per request
    batch_chars: int = 6000  # source characters per request
    concurrency: int = 4  # requests in flight
    native_glossary: bool = False  # the engine applies a glossary itself (DeepL)
    follows_instructions: bool = True  # a targeted repair request is worth sending
    context: bool = True  # it takes the article as context
    structured_output: bool = False  # it can be asked for a JSON schema


@dataclass
class EngineSettings:
    """What the user chose; engines read what they need."""

    model: str | None = None
    base_url: str | None = None
    timeout: float = 120.0


class Engine(ABC):
    """One machine-translation service.

    Subclasses set :attr:`name` and :attr:`capabilities` and implement :meth:`translate`.
    The constructor must not touch the network (``--dry-run`` builds an engine too); checks
    that need a key or a server go in :meth:`start`, which runs before the first request.
    """

    name: ClassVar[str] = ""
    capabilities: ClassVar[Capabilities] = Capabilities()
    #: A prompt or protocol change bumps this, so cached drafts made the old way are not reused.
    version: ClassVar[str] = "1"

    def __init__(self, settings: EngineSettings) -> None:
        self.settings = settings
        self.requests = 0  # HTTP requests sent (the caller reports it)
        self._requests_lock = threading.Lock()  # batches run on several worker threads

    def count_request(self) -> None:
        """Count one request sent (call it from any worker thread)."""
        with self._requests_lock:
            self.requests += 1

    @property
    def model(self) -> str | None:
        """The model that will answer (resolved default included), for the cache and origin."""
        return self.settings.model

    def cache_settings(self) -> dict[str, Any]:
        """Settings besides the model that change what comes back (part of the cache key)."""
        return {}

    def start(self) -> None:  # noqa: B027 - optional hook
        """Check keys and build clients; raise :class:`EngineError` when unusable."""

    def prepare(  # noqa: B027 - optional hook
        self, terms: Sequence[TermPair], resources: MutableMapping[str, str]
    ) -> None:
        """Set up what the whole run shares (e.g. a server-side glossary of ``terms``) before
        the first request; ``resources`` keeps ids between runs (saved in the database)."""

    @abstractmethod
    def translate(self, batch: Batch) -> dict[str, str]:
        """Drafts by item id. Raise :class:`RetryableError`, :class:`BadReply` or
        :class:`EngineError`; the caller validates whatever comes back."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release clients."""


# ---- the registry ----------------------------------------------------------------------------


def _entry_points() -> dict[str, Any]:
    from importlib.metadata import entry_points

    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def engine_names() -> list[str]:
    """Every engine ``--engine`` accepts: the built-in ones, then those plugins register."""
    return [*BUILTIN, *(n for n in sorted(_entry_points()) if n not in BUILTIN)]


def engine_class(name: str) -> type[Engine]:
    """The engine called ``name``, or a one-line :class:`EngineError` listing the known ones."""
    import importlib

    if name in BUILTIN:
        module, _, attr = BUILTIN[name].partition(":")
        cls = getattr(importlib.import_module(module), attr)
    else:
        ep = _entry_points().get(name)
        if ep is None:
            raise EngineError(
                f"Unknown engine {name!r}: use one of {', '.join(engine_names())}, or install "
                f"a plugin that registers it (entry point group {ENTRY_POINT_GROUP})."
            )
        try:
            cls = ep.load()
        except Exception as exc:  # a broken plugin must not take the command down with it
            raise EngineError(f"The engine plugin {name!r} failed to load: {exc}.") from None
    if not (isinstance(cls, type) and issubclass(cls, Engine)):
        raise EngineError(f"The engine plugin {name!r} does not provide an Engine subclass.")
    return cls


def make_engine(name: str, settings: EngineSettings) -> Engine:
    """An engine instance; nothing is sent until :meth:`Engine.start`."""
    return engine_class(name)(settings)


# ---- helpers engines share -------------------------------------------------------------------


def env_key(name: str) -> str:
    """The API key in environment variable ``name`` ("" when unset); :class:`EngineError` when
    it could not go into an HTTP header."""
    key = os.environ.get(name, "").strip()
    if not (key.isascii() and key.isprintable()):
        raise EngineError(f"{name} must be printable ASCII on one line: set it again.")
    return key


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date); None if absent."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
