"""Machine-translation drafts with a binding glossary: the caller every engine shares.

:func:`pretranslate` fills an article's segments that have no translation with drafts from an
:class:`~translate_cli.engines.base.Engine`. Everything around the engine is written here once:

- **Which segments.** Only segments without a target (translation-memory exact matches are
  filled first and count as targets). ``overwrite`` replaces earlier machine drafts that nobody
  has edited or confirmed, never a translator's text.
- **Cache.** Every verified draft is kept in ``mt_cache`` under a hash of engine, model,
  settings, prompt version, source, glossary terms and context; a rerun sends nothing it has
  sent before.
- **Requests.** Consecutive segments travel together (the engine's batch size), several
  requests in flight; 429, 5xx and timeouts are retried with exponential backoff that honours
  ``Retry-After``. A reply with ids missing, empty drafts or Arabic left is asked again once.
- **The glossary is binding.** Each source segment's terms are found with the glossary
  matcher; a draft must hold every house rendering (as often as the term occurs) and none of
  its forbidden renderings. A draft that fails gets one targeted repair request naming only what
  is missing, then a translation with the term spans masked by placeholders the engine must keep,
  the house renderings put back afterwards. A draft that still fails is not saved.
- **Saving.** Each draft is its own transaction with a history row, status ``draft``, and an
  ``origin`` saying engine, model and when. A failure or Ctrl-C keeps every draft already saved.
"""

from __future__ import annotations

import hashlib
import json
import math
import queue
import random
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from translate_cli.engines.base import (
    PLACEHOLDER_ANY,
    BadReply,
    Batch,
    Engine,
    EngineError,
    Item,
    RetryableError,
    TermPair,
    placeholder,
    placeholder_number,
)
from translate_cli.text.arabic import ARABIC_SCRIPT, INVISIBLE

if TYPE_CHECKING:
    from translate_cli.glossary import Glossary
    from translate_cli.store import Store
    from translate_cli.store.rows import SegmentRow

#: The history action of a machine draft.
ACTION = "pretranslate"
RETRIES = 4  # per request, on 429, 5xx and timeouts
MAX_BACKOFF = 30.0  # seconds between retries when the server does not say
MAX_RETRY_AFTER = 120.0  # a server asking for longer than this fails the batch instead
NEIGHBOURS = 2  # source segments before and after sent as context
_FILLABLE = ("new", "draft")
# Proclitics glued to a term (وبحلب, لتركيا): masked with the term, written as English so
# that no Arabic letter is left stuck to the placeholder.
_PROCLITICS = {"و": "and", "ف": "and", "ب": "in", "ل": "for", "ك": "as"}
_GLUE = frozenset("«»\"'“”ـ")


# ---- the report ------------------------------------------------------------------------------


@dataclass
class TermFigures:
    """Glossary terms in the segments sent to the engine, and how each came to be right."""

    required: int = 0
    kept: int = 0  # the engine's first draft had it
    repaired: int = 0  # the targeted repair request fixed it
    masked: int = 0  # put back after a translation with the term masked

    def to_json(self) -> dict[str, int]:
        return asdict(self)


@dataclass
class Plan:
    """What a run sends (or, with ``dry_run``, would send)."""

    segments: int = 0
    requests: int = 0
    characters: int = 0
    tokens: int = 0  # a rough estimate: prompt and answer

    def to_json(self) -> dict[str, int]:
        return asdict(self)


@dataclass
class Report:
    article: int
    engine: str
    model: str | None
    filled: list[int] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)
    skipped: int = 0
    requests: int = 0
    cached: int = 0
    characters: int = 0
    terms: TermFigures = field(default_factory=TermFigures)
    plan: Plan = field(default_factory=Plan)
    dry_run: bool = False
    interrupted: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "article": self.article,
            "engine": self.engine,
            "model": self.model,
            "filled": list(self.filled),
            "failed": list(self.failed),
            "skipped": self.skipped,
            "requests": self.requests,
            "cached": self.cached,
            "characters": self.characters,
            "terms": self.terms.to_json(),
        }
        if self.dry_run:
            out["dry_run"] = self.plan.to_json()
        if self.interrupted:
            out["interrupted"] = True
        return out

    def summary(self) -> list[str]:
        """What the run did (or, dry, would do), as lines for standard output."""
        who = f"{self.engine} ({self.model})" if self.model else self.engine
        if self.dry_run:
            plan = self.plan
            return [
                f"Dry run, nothing sent: {plan.segments} segment(s) in {plan.requests} "
                f"request(s) to {who}, {plan.characters} characters, about {plan.tokens} tokens; "
                f"{self.cached} from the cache, {self.skipped} skipped (already translated)."
            ]
        t = self.terms
        return [
            f"Filled {len(self.filled)} segment(s) with drafts from {who}: "
            f"{self.requests} request(s), {self.cached} from the cache, "
            f"{self.characters} characters sent; {self.skipped} skipped (already translated).",
            f"Glossary terms: {t.required} required, {t.kept} kept by the engine, "
            f"{t.repaired} repaired, {t.masked} masked.",
        ]

    def failures(self) -> list[str]:
        """One line per segment not drafted, for stderr."""
        return [f"Segment {f['segment']} not drafted: {f['reason']}." for f in self.failed]

    def interruption(self) -> str | None:
        """After Ctrl-C, what was kept and how to go on."""
        if not self.interrupted:
            return None
        return (
            f"Interrupted: {len(self.filled)} draft(s) saved; run the command again to "
            "continue (what was sent is cached)."
        )

    @property
    def exit_code(self) -> int:
        """130 after Ctrl-C, 1 when a segment could not be drafted, else 0."""
        if self.interrupted:
            return 130
        return 1 if self.failed and not self.dry_run else 0


def engine_for_run(
    name: str | None,
    *,
    model: str | None = None,
    base_url: str | None = None,
    timeout: float = 120.0,
    max_chars: int | None = None,
    batch_size: int | None = None,
    concurrency: int | None = None,
    retries: int = RETRIES,
) -> Engine:
    """The engine the options choose (else ``TRANSLATE_CLI_ENGINE``, else config), once the
    run's limits are checked: bad values are one :class:`~translate_cli.errors.InputError`."""
    from translate_cli import config
    from translate_cli.engines import CONFIGURE_HINT, EngineSettings, make_engine
    from translate_cli.errors import InputError

    name = name or config.get("engine")
    if not name:
        raise EngineError(CONFIGURE_HINT)
    url = base_url or config.get("base_url")
    if base_url:
        config.check_value("base_url", base_url, "--base-url")
    for option, value in (("--max-chars", max_chars), ("--batch-size", batch_size)):
        if value is not None and value < 1:
            raise InputError(f"{option} must be 1 or more, not {value}.")
    if concurrency is not None and not 1 <= concurrency <= 64:
        raise InputError(f"--concurrency must be between 1 and 64, not {concurrency}.")
    if not 0 <= retries <= 20:
        raise InputError(f"--retries must be between 0 and 20, not {retries}.")
    if not timeout > 0:
        raise InputError(f"--timeout must be more than 0 seconds, not {timeout:g}.")
    settings = EngineSettings(model=model or config.get("model"), base_url=url, timeout=timeout)
    return make_engine(name, settings)


# ---- machine drafts --------------------------------------------------------------------------


def _checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def machine_origin(origin: str | None) -> dict[str, Any] | None:
    """The parsed origin when it names a machine-translation engine, else None."""
    if not origin:
        return None
    try:
        data = json.loads(origin)
    except ValueError:
        return None
    return data if isinstance(data, dict) and data.get("engine") else None


def is_machine_draft(seg: Mapping[str, Any]) -> bool:
    """A draft exactly as an engine wrote it: not edited, not confirmed by anyone."""
    if seg.get("status") != "draft" or not seg.get("target"):
        return False
    origin = machine_origin(seg.get("origin"))
    return origin is not None and origin.get("checksum") == _checksum(seg["target"])


def machine_label(seg: Mapping[str, Any]) -> str | None:
    """``machine draft (engine model)`` for an unconfirmed machine draft, else None."""
    if not is_machine_draft(seg):
        return None
    origin = machine_origin(seg.get("origin")) or {}
    engine = " ".join(str(v) for v in (origin.get("engine"), origin.get("model")) if v)
    return f"machine draft ({engine})"


def _fillable(seg: Mapping[str, Any], overwrite: bool) -> bool:
    if seg.get("removed"):
        return False
    if not (seg.get("target") or "").strip():
        return seg["status"] in _FILLABLE
    return overwrite and is_machine_draft(seg)


# ---- the glossary binding --------------------------------------------------------------------


@dataclass(frozen=True)
class _Need:
    """A term a segment contains, and how many times."""

    term: TermPair
    count: int


@dataclass(frozen=True)
class _Check:
    missing: tuple[TermPair, ...]  # house renderings absent (or too few)
    forbidden: tuple[str, ...]  # forbidden renderings present
    failing: frozenset[str] = frozenset()  # sources of the terms not in house style

    @property
    def ok(self) -> bool:
        return not self.missing and not self.forbidden


_pattern_cache: dict[tuple[str, bool], re.Pattern[str]] = {}


def _pattern(rendering: str, any_case: bool) -> re.Pattern[str]:
    """A rendering as a word-bounded regex, tolerant of spacing, apostrophe and hyphen forms;
    the first letter may change case (a rendering that opens a sentence)."""
    key = (rendering, any_case)
    pat = _pattern_cache.get(key)
    if pat is not None:
        return pat
    parts: list[str] = []
    for i, ch in enumerate(" ".join(rendering.split())):
        if ch == " ":
            parts.append(r"\s+")
        elif ch in "'’‘":
            parts.append("['’‘]")
        elif ch in "-‐‑–":
            parts.append("[-‐‑–]")
        elif i == 0 and ch.lower() != ch.upper():
            parts.append(f"[{re.escape(ch.upper())}{re.escape(ch.lower())}]")
        else:
            parts.append(re.escape(ch))
    flags = re.IGNORECASE if any_case else 0
    pat = re.compile(r"(?<!\w)" + "".join(parts) + r"(?!\w)", flags)
    _pattern_cache[key] = pat
    return pat


def _opens_sentence(text: str, at: int) -> bool:
    """Whether position ``at`` of ``text`` starts a sentence (after quotes or a bracket)."""
    before = text[:at].rstrip(" \"'“‘«(")
    return not before or before[-1] in ".!?:"


def _house_spans(target: str, text: str) -> list[tuple[int, int]]:
    """Where ``text`` writes the house rendering ``target`` as the house writes it.

    Only the first letter may differ, and only one way: a lower-case rendering ("regime
    forces", "al-Jolani") is capitalised when it opens a sentence. A capitalised name written
    in lower case ("ahmed al-Sharaa"), or a lower-case one capitalised mid-sentence, is not
    the house's form.
    """
    spans = []
    for m in _pattern(target, False).finditer(text):
        first = m.group()[:1]
        if first == target[:1] or (target[:1].islower() and _opens_sentence(text, m.start())):
            spans.append(m.span())
    return spans


def check_draft(needs: Sequence[_Need], text: str) -> _Check:
    """Which house renderings ``text`` lacks and which forbidden renderings it holds.

    A forbidden rendering inside a required one of the same segment does not count (the
    house writes "Syrian government" for one term and forbids it for another), but only as
    often as that required rendering is needed: a second "Syrian government" is the
    forbidden one.
    """
    covered: list[tuple[tuple[int, int], int]] = []  # (span, times the rendering is needed)
    missing: list[TermPair] = []
    failing: set[str] = set()
    for need in needs:
        spans = _house_spans(need.term.target, text)
        covered.extend((span, need.count) for span in spans)
        if len(spans) < need.count:
            missing.append(need.term)
            failing.add(need.term.source)
    found: list[str] = []
    for need in needs:
        for bad in need.term.forbidden:
            inside = 0
            allowed = 0
            for m in _pattern(bad, True).finditer(text):
                start, end = m.span()
                owners = [n for (a, b), n in covered if a <= start and end <= b]
                if not owners:
                    inside = -1
                    break
                inside += 1
                allowed = max(allowed, min(owners))
            if inside < 0 or inside > allowed:
                found.append(bad)
                failing.add(need.term.source)
    return _Check(tuple(missing), tuple(dict.fromkeys(found)), frozenset(failing))


@dataclass
class _Work:
    """One segment on its way through the engine."""

    seg: dict[str, Any]
    item: Item
    needs: list[_Need]
    hits: list[Any]  # glossary TermHit spans of the source
    key: str  # cache key
    before: list[str]
    after: list[str]


def _mask(work: _Work) -> tuple[str, dict[int, str]]:
    """The source with every term span replaced by a placeholder, and the renderings back.

    Proclitics glued to a term go into the placeholder's span as English words (وبحلب →
    ``and in <t1/>``), so that the engine sees the placeholder as a word of its own.
    """
    text = work.item.text
    out: list[str] = []
    back: dict[int, str] = {}
    last = 0
    for n, hit in enumerate(work.hits, 1):
        start, glosses = _proclitics(text, last, hit.start)
        if hit.source.startswith("لل") and hit.term.startswith("ال"):
            glosses.append(_PROCLITICS["ل"])  # للجيش: the span starts at the preposition
        out.append(text[last:start])
        out.append(" ".join([*glosses, placeholder(n)]))
        back[n] = hit.target
        last = hit.end
    out.append(text[last:])
    return "".join(out), back


def _proclitics(text: str, floor: int, start: int) -> tuple[int, list[str]]:
    """Where the word holding the term at ``start`` begins, and its proclitics in English,
    when all that stands before the term in its word is proclitics and quote marks."""
    i = start
    letters: list[str] = []
    while i > floor and (text[i - 1] in _PROCLITICS or text[i - 1] in _GLUE):
        i -= 1
        if text[i] in _PROCLITICS:
            letters.append(text[i])
    if not letters or len(letters) > 2 or (i > 0 and text[i - 1].isalnum()):
        return start, []
    return i, [_PROCLITICS[c] for c in reversed(letters)]


def _unmask(text: str, back: Mapping[int, str]) -> str | None:
    """Put the house renderings back; None unless every placeholder is there exactly once."""
    found = [placeholder_number(m) for m in PLACEHOLDER_ANY.finditer(text)]
    if sorted(found) != sorted(back):
        return None

    def rendering(m: re.Match[str]) -> str:
        value = back[placeholder_number(m)]
        before = text[: m.start()].rstrip(" \"'“‘«(")
        if value[:1].islower() and (not before or before[-1] in ".!?:"):
            value = value[:1].upper() + value[1:]  # it opens a sentence
        return value

    return " ".join(PLACEHOLDER_ANY.sub(rendering, text).split())


# ---- talking to the engine (worker threads) --------------------------------------------------


class _Failed(Exception):
    """A batch could not be translated (retries used up, the server asks to wait too long)."""


class _Stopped(Exception):
    """The run is stopping (Ctrl-C or a fatal error in another request)."""


@dataclass
class _Outcome:
    """What became of one segment of a batch."""

    work: _Work
    draft: str | None = None
    reason: str | None = None
    kept: int = 0
    repaired: int = 0
    masked: int = 0
    tried: list[str] = field(default_factory=list)  # the engine's drafts not in house style


class _Runner:
    """Sends batches and binds the glossary; runs in worker threads, never touches the store."""

    def __init__(self, engine: Engine, retries: int, stop: threading.Event) -> None:
        self.engine = engine
        self.retries = retries
        self.stop = stop
        self.characters = 0
        self._lock = threading.Lock()

    def _ask(self, batch: Batch) -> dict[str, str]:
        with self._lock:
            self.characters += batch.characters
        result: dict[str, str] = self.call(self.engine.translate, batch)
        return result

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)``, retried with backoff on :class:`RetryableError` (the server's
        Retry-After when it sends one); :class:`_Failed` once the retries are used up."""
        attempt = timeouts = 0
        while True:
            if self.stop.is_set():
                raise _Stopped
            try:
                return fn(*args)
            except RetryableError as exc:
                attempt += 1
                timeouts += exc.timeout
                # A server that did not answer in time is tried once more, not every time.
                if attempt > self.retries or timeouts > min(1, self.retries):
                    tries = attempt - 1
                    raise _Failed(
                        f"{exc} (after {tries} retr{'y' if tries == 1 else 'ies'})"
                    ) from None
                wait = exc.retry_after
                if wait is None:
                    wait = min(MAX_BACKOFF, 0.5 * 2 ** (attempt - 1)) * random.uniform(0.75, 1.25)
                elif wait > MAX_RETRY_AFTER:
                    raise _Failed(f"{exc}; the server asks to wait {wait:.0f} s") from None
                if self.stop.wait(wait):
                    raise _Stopped from None
                # A retried request's characters are sent again.
                if args and isinstance(args[0], Batch):
                    with self._lock:
                        self.characters += args[0].characters

    def _drafts(
        self, batch: Batch, check: Callable[[_Work, str], str | None], works: dict[str, _Work]
    ) -> tuple[dict[str, str], dict[str, str]]:
        """Ask once; ask again once for what came back bad. Returns (drafts, reasons)."""
        good: dict[str, str] = {}
        bad: dict[str, str] = {}
        pending = batch
        for attempt in range(2):
            try:
                got = self._ask(pending)
                bad_reply = None
            except BadReply as exc:
                got, bad_reply = {}, str(exc)
            except _Failed as exc:
                if attempt == 0:
                    raise
                # The second ask failed outright: the first one's good drafts still count.
                got, bad_reply = {}, str(exc)
            bad = {}
            ambiguous: set[str] = getattr(got, "ambiguous", set()) if attempt == 0 else set()
            for item in pending.items:
                text = got.get(item.id)
                if text is not None:
                    text = clean_draft(text)
                reason = bad_reply or _invalid(text)
                if reason is None and item.id in ambiguous:
                    reason = "the engine answered this segment twice with different texts"
                if reason is None:
                    assert text is not None
                    reason = check(works[item.id], text)
                if reason is None:
                    good[item.id] = text or ""
                else:
                    bad[item.id] = reason
            if not bad:
                break
            pending = _subset(pending, [i for i in pending.items if i.id in bad])
        return good, bad

    def run(self, batch: Batch, works: dict[str, _Work]) -> list[_Outcome]:
        outcomes = {item.id: _Outcome(works[item.id]) for item in batch.items}
        try:
            first, bad = self._drafts(batch, lambda w, t: None, works)
        except _Failed as exc:
            for out in outcomes.values():
                out.reason = str(exc)
            return list(outcomes.values())
        for key, reason in bad.items():
            outcomes[key].reason = reason
        # Which terms the engine kept; what is left to repair.
        todo: dict[str, _Check] = {}
        for key, text in first.items():
            work = works[key]
            result = check_draft(work.needs, text)
            out = outcomes[key]
            if result.ok:
                out.draft, out.kept = text, len(work.needs)
            else:
                todo[key] = result
                out.kept = len(work.needs) - len(result.failing)
                out.tried.append(text)
        if todo and self.engine.capabilities.follows_instructions:
            todo = self._repair(batch, works, first, todo, outcomes)
        if todo:
            self._masked(batch, works, todo, outcomes)
        return list(outcomes.values())

    def _repair(
        self,
        batch: Batch,
        works: dict[str, _Work],
        first: dict[str, str],
        todo: dict[str, _Check],
        outcomes: dict[str, _Outcome],
    ) -> dict[str, _Check]:
        items = [
            Item(
                key,
                works[key].item.text,
                works[key].item.terms,
                draft=first[key],
                missing=result.missing,
                forbidden_found=result.forbidden,
            )
            for key, result in todo.items()
        ]
        repair = _subset(batch, items, kind="repair")
        try:
            fixed, _ = self._drafts(repair, lambda w, t: None, works)
        except _Failed:
            return todo  # masking is the next way
        left: dict[str, _Check] = {}
        for key, result in todo.items():
            text = fixed.get(key)
            if text is None:
                left[key] = result
                continue
            again = check_draft(works[key].needs, text)
            out = outcomes[key]
            if again.ok:
                out.draft = text
                out.repaired = len(works[key].needs) - out.kept
            else:
                left[key] = again
                out.tried.append(text)
        return left

    def _masked(
        self,
        batch: Batch,
        works: dict[str, _Work],
        todo: dict[str, _Check],
        outcomes: dict[str, _Outcome],
    ) -> None:
        backs: dict[str, dict[int, str]] = {}
        items: list[Item] = []
        for key in todo:
            text, back = _mask(works[key])
            backs[key] = back
            items.append(Item(key, text))

        def restore(work: _Work, text: str) -> str | None:
            if _unmask(text, backs[work.item.id]) is None:
                return "the engine did not keep the placeholders of the glossary terms"
            return None

        try:
            drafts, bad = self._drafts(_subset(batch, items, kind="masked"), restore, works)
        except _Failed as exc:
            drafts, bad = {}, {key: str(exc) for key in todo}
        for key, result in todo.items():
            out = outcomes[key]
            work = works[key]
            answer = drafts.get(key)
            final = _unmask(answer, backs[key]) if answer is not None else None
            again = check_draft(work.needs, final) if final is not None else result
            if final is not None and again.ok:
                out.draft = final
                out.masked = len(work.needs) - out.kept - out.repaired
                continue
            # Last resort: an engine that wrote a forbidden rendering where the house one
            # belongs gets it replaced in its own draft.
            for text in reversed(out.tried):
                fixed = _substitute(work.needs, text)
                if fixed is not None:
                    out.draft = fixed
                    out.repaired = len(work.needs) - out.kept
                    break
            else:
                note = f"; {bad[key]}" if key in bad and final is None else ""
                out.reason = "glossary: " + _describe(again) + note


def _substitute(needs: Sequence[_Need], text: str) -> str | None:
    """``text`` with each missing term's forbidden renderings replaced by the house one, if
    that puts it in house style; else None."""
    out = text
    for need in needs:
        for bad in need.term.forbidden:
            pattern = _pattern(bad, True)

            def house(m: re.Match[str], target: str = need.term.target, text: str = out) -> str:
                if target[:1].islower() and _opens_sentence(text, m.start()):
                    return target[:1].upper() + target[1:]
                return target

            out = pattern.sub(house, out)
    return out if out != text and check_draft(needs, out).ok else None


def _describe(result: _Check) -> str:
    bits = []
    if result.missing:
        bits.append("missing " + ", ".join(repr(t.target) for t in result.missing))
    if result.forbidden:
        bits.append("forbidden " + ", ".join(repr(f) for f in result.forbidden))
    return "; ".join(bits) or "not in house style"


_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]")


def clean_draft(text: str) -> str:
    """An engine's draft as it may be saved: composed Unicode (so "Türkiye" matches however the
    engine spelled the ü), no terminal escapes, control characters or invisible bidi and
    zero-width characters, whitespace folded to single spaces."""
    text = unicodedata.normalize("NFC", _ANSI.sub("", text))
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch not in INVISIBLE and (ch.isspace() or unicodedata.category(ch) != "Cc")
    )
    return " ".join(text.split())


def _invalid(text: str | None) -> str | None:
    if text is None:
        return "the engine left this segment out of its answer"
    if not text.strip():
        return "the engine's draft is empty"
    if ARABIC_SCRIPT.search(text):
        return "the engine's draft still has Arabic script in it"
    return None


def _subset(batch: Batch, items: list[Item], kind: str | None = None) -> Batch:
    return Batch(
        items=items,
        title=batch.title,
        before=batch.before,
        after=batch.after,
        article=batch.article,
        kind=kind or batch.kind,
    )


# ---- the run (main thread) -------------------------------------------------------------------


def _cache_key(
    engine: Engine, model: str | None, source: str, needs: Sequence[_Need], context: Sequence[Any]
) -> str:
    payload = {
        "engine": engine.name,
        "version": engine.version,
        "model": model,
        "settings": engine.cache_settings(),
        "source": source,
        "terms": sorted([n.term.source, n.term.target, list(n.term.forbidden)] for n in needs),
        "context": list(context),
    }
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _article_hits(glossary: Glossary, sources: Sequence[str]) -> list[list[Any]]:
    """Glossary hits of every segment, found across the article as ``check`` finds them (a
    short form such as a surname after the full name counts)."""
    find_article = getattr(glossary, "find_article", None)
    if find_article is not None:
        return [list(h) for h in find_article(list(sources))]
    return [glossary.find(s) for s in sources]


def _needs(glossary: Glossary, hits: Sequence[Any]) -> list[_Need]:
    """The terms of a segment's ``hits`` with how often each occurs.

    A term is its source with the rendering the matcher gives for this hit (a short form has
    its own), and the glossary row's forbidden renderings.
    """
    counts: dict[tuple[str, str], int] = {}
    for hit in hits:
        key = (hit.term, hit.target)
        counts[key] = counts.get(key, 0) + 1
    needs = []
    for (term_source, target), count in counts.items():
        term = glossary.lookup(term_source)
        forbidden = tuple(f for f in term.forbidden if f != target) if term else ()
        needs.append(_Need(TermPair(term_source, target, forbidden), count))
    return needs


def _batches(
    works: list[_Work],
    engine: Engine,
    size: int | None,
    width: int,
    title: str,
    article: str,
) -> list[Batch]:
    """Consecutive segments in batches of at most ``size`` (and the engine's characters per
    request), evened out so that every round of ``width`` requests in flight is full: an
    LLM's answer takes time by its length, so two rounds of four 13-segment requests beat
    four 20-segment ones and a lone fifth."""
    caps = engine.capabilities
    size = max(1, size or caps.batch_size)
    count = math.ceil(len(works) / size) if works else 0
    if count > 1 and width > 1:
        count = math.ceil(count / width) * width
        size = max(1, math.ceil(len(works) / count))
    batches: list[Batch] = []
    group: list[_Work] = []
    chars = 0

    def flush() -> None:
        if group:
            batches.append(
                Batch(
                    items=[w.item for w in group],
                    title=title,
                    before=group[0].before,
                    after=group[-1].after,
                    article=article,
                )
            )

    for work in works:
        n = len(work.item.text)
        if group and (len(group) >= size or chars + n > caps.batch_chars):
            flush()
            group, chars = [], 0
        group.append(work)
        chars += n
    flush()
    return batches


def estimate_tokens(batch: Batch) -> int:
    """A rough token count of a request and its answer (Arabic ~2.5 characters a token,
    English ~4, and the instructions)."""
    chars = batch.characters
    return 400 + 20 * len(batch.terms) + math.ceil(chars / 2.5) + math.ceil(chars * 1.2 / 4)


class _Resources(dict[str, str]):
    """Engine resources (e.g. a DeepL glossary id) loaded from and saved to ``mt_resources``."""


def _load_resources(store: Store) -> _Resources:
    return _Resources(
        (r["key"], r["value"]) for r in store.query("select key, value from mt_resources")
    )


def _save_resources(store: Store, before: Mapping[str, str], after: Mapping[str, str]) -> None:
    from translate_cli.store import now_iso

    if dict(before) == dict(after):
        return
    with store.write() as db:
        for key in set(before) - set(after):
            db.execute("delete from mt_resources where key = ?", [key])
        for key, value in after.items():
            if before.get(key) != value:
                db.execute(
                    "insert or replace into mt_resources (key, value, created_at) values (?, ?, ?)",
                    [key, value, now_iso()],
                )


def pretranslate(
    store: Store,
    article_id: int,
    engine: Engine,
    glossary: Glossary,
    *,
    refs: Iterable[str] | None = None,
    overwrite: bool = False,
    dry_run: bool = False,
    max_chars: int | None = None,
    batch_size: int | None = None,
    concurrency: int | None = None,
    retries: int = RETRIES,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Fill the article's segments that have no translation with verified machine drafts.

    ``refs`` names segments as ``show`` numbers them (ids, ranges, ``all``); all by default.
    With ``dry_run`` nothing is sent or written: the report's plan says what would be sent.
    Raises :class:`EngineError` when the engine cannot be used at all; drafts saved before
    that stay saved. Ctrl-C returns the report so far with ``interrupted`` set.
    """
    article = store.resolve_article(article_id)
    model = engine.model  # before start(): the cache key must not depend on timing
    report = Report(article=article_id, engine=engine.name, model=model, dry_run=dry_run)
    live = store.segments(article_id)
    # Clients and their libraries load while the glossary and the cache are looked at; an
    # error (a missing key) counts only if something is to be sent.
    starter = None if dry_run else _Starter(engine)
    candidates, report.skipped = _candidates(store, article_id, live, refs, overwrite, dry_run)
    sources = [s["source"] for s in live]
    title = article.get("title") or ""
    hits_at = _article_hits(glossary, sources) if candidates else []
    works = _works(candidates, live, hits_at, glossary, engine, model, title)
    cached = _cached(store, works)
    report.cached = len(cached)
    to_send = [w for w in works if w.key not in cached]
    width = max(1, concurrency or engine.capabilities.concurrency)
    batches = _batches(to_send, engine, batch_size, width, title, "\n".join(sources))
    admitted = _admit(report, batches, max_chars)
    if dry_run:
        _dry_run_figures(report, admitted, to_send)
        return report
    total = len(cached) + report.plan.segments
    run = _Drafting(store, article_id, engine, report, overwrite, total, progress)
    try:
        with _quick_commits(store):
            run.run(
                _Runner(engine, retries, threading.Event()),
                admitted,
                works,
                width,
                glossary,
                hits_at,
                starter,
                cached,
            )
    finally:
        if starter is not None:
            threading.Thread.join(starter)  # its error matters only when sending
        engine.close()
    _no_usable_answer(report, engine, run.engine_failures)
    order = {s["id"]: i for i, s in enumerate(live)}
    report.filled.sort(key=lambda i: order.get(i, 0))
    report.failed.sort(key=lambda f: order.get(f["segment"], 0))
    return report


def _candidates(
    store: Store,
    article_id: int,
    live: Sequence[SegmentRow],
    refs: Iterable[str] | None,
    overwrite: bool,
    dry_run: bool,
) -> tuple[list[SegmentRow], int]:
    """The chosen segments a machine draft may fill, and how many chosen ones it may not.

    Translation memory comes first: an exact match is a target, not a segment to send.
    """
    if refs:
        from translate_cli.editing import parse_refs

        chosen = [s for s in parse_refs(store, article_id, refs) if not s.get("removed")]
    else:
        chosen = list(live)
    candidates = [s for s in chosen if _fillable(s, overwrite)]
    tm_ids = _memory_fill(store, article_id, candidates, dry_run)
    candidates = [s for s in candidates if s["id"] not in tm_ids]
    return candidates, len(chosen) - len(candidates)


def _works(
    candidates: Sequence[SegmentRow],
    live: Sequence[SegmentRow],
    hits_at: Sequence[list[Any]],
    glossary: Glossary,
    engine: Engine,
    model: str | None,
    title: str,
) -> list[_Work]:
    """Each candidate with its terms, its neighbours as context and its cache key."""
    position = {s["id"]: i for i, s in enumerate(live)}
    sources = [s["source"] for s in live]
    works: list[_Work] = []
    for seg in candidates:
        at = position[seg["id"]]
        before = sources[max(0, at - NEIGHBOURS) : at]
        after = sources[at + 1 : at + 1 + NEIGHBOURS]
        hits = hits_at[at]
        needs = _needs(glossary, hits)
        item = Item(str(seg["id"]), seg["source"], tuple(n.term for n in needs))
        key = _cache_key(engine, model, seg["source"], needs, [title, before, after])
        works.append(_Work(dict(seg), item, needs, hits, key, before, after))
    return works


def _admit(report: Report, batches: Sequence[Batch], max_chars: int | None) -> list[Batch]:
    """The batches within the ``max_chars`` budget, in order; the report's plan says what they
    send, and the segments of the others fail."""
    admitted: list[Batch] = []
    budget = 0
    for batch in batches:
        if max_chars is not None and budget + batch.characters > max_chars:
            for item in batch.items:
                report.failed.append(
                    {
                        "segment": int(item.id),
                        "reason": f"over the --max-chars budget of {max_chars} characters",
                    }
                )
            continue
        budget += batch.characters
        admitted.append(batch)
    report.plan = Plan(
        segments=sum(len(b.items) for b in admitted),
        requests=len(admitted),
        characters=budget,
        tokens=sum(estimate_tokens(b) for b in admitted),
    )
    return admitted


def _dry_run_figures(report: Report, admitted: Sequence[Batch], to_send: Sequence[_Work]) -> None:
    """The documented figures of what a real run would send (nothing is filled)."""
    report.requests = report.plan.requests
    report.characters = report.plan.characters
    by_key = {w.item.id: w for w in to_send}
    report.terms.required = sum(len(by_key[item.id].needs) for b in admitted for item in b.items)


class _Drafting:
    """One run on the main thread: starting the engine, saving what comes back, the report's
    figures and progress, and the engine's stored resources."""

    def __init__(
        self,
        store: Store,
        article_id: int,
        engine: Engine,
        report: Report,
        overwrite: bool,
        total: int,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.store, self.article_id, self.engine, self.report = store, article_id, engine, report
        self.overwrite, self.total, self.progress = overwrite, total, progress
        self.done = 0
        self.label = f"{engine.name}:{engine.model}" if engine.model else engine.name
        self.engine_failures: list[str] = []  # reasons of segments given nothing usable
        self.resources = _load_resources(store)
        self._resources_saved = dict(self.resources)
        self._tick(0)

    def run(
        self,
        runner: _Runner,
        admitted: list[Batch],
        works: Sequence[_Work],
        width: int,
        glossary: Glossary,
        hits_at: Sequence[list[Any]],
        starter: _Starter | None,
        cached: Mapping[str, str],
    ) -> None:
        """Send the admitted batches and save each verified draft, then the cached ones (not
        after Ctrl-C or a fatal error). Ctrl-C marks the report ``interrupted``."""
        fatal = False
        try:
            if admitted:
                self._start(runner, glossary, hits_at, starter)
                for outcome in _send(runner, admitted, {w.item.id: w for w in works}, width):
                    self._take(outcome)
        except KeyboardInterrupt:
            self.report.interrupted = True
        except BaseException:
            fatal = True
            raise
        finally:
            self.report.requests = self.engine.requests
            self.report.characters = runner.characters
            if not fatal and not self.report.interrupted:
                for work in works:
                    if work.key in cached:
                        self._save(work, cached[work.key], True)
            self._keep_resources()

    def _start(
        self,
        runner: _Runner,
        glossary: Glossary,
        hits_at: Sequence[list[Any]],
        starter: _Starter | None,
    ) -> None:
        if starter is not None:
            starter.join()
        self.engine.start()
        self.report.model = self.engine.model
        try:
            # The article's terms, not only this run's: the next run reuses the glossary.
            every = [n.term for hits in hits_at for n in _needs(glossary, hits)]
            runner.call(self.engine.prepare, list(dict.fromkeys(every)), self.resources)
        except _Failed as exc:
            raise EngineError(f"{self.engine.name} could not be set up: {exc}.") from None
        self._keep_resources()

    def _keep_resources(self) -> None:
        _save_resources(self.store, self._resources_saved, self.resources)
        self._resources_saved = dict(self.resources)

    def _take(self, outcome: _Outcome) -> None:
        terms = self.report.terms
        terms.required += len(outcome.work.needs)
        if outcome.draft is not None:
            terms.kept += outcome.kept
            terms.repaired += outcome.repaired
            terms.masked += outcome.masked
            self._save(outcome.work, outcome.draft, False)
            return
        reason = outcome.reason or "failed"
        self.report.failed.append({"segment": outcome.work.seg["id"], "reason": reason})
        self.engine_failures.append(reason)
        self._tick()

    def _save(self, work: _Work, draft: str, from_cache: bool) -> None:
        from translate_cli.store import now_iso

        saved = _save(
            self.store,
            self.article_id,
            work,
            draft,
            self.engine,
            self.label,
            self.overwrite,
            now_iso(),
            from_cache,
        )
        if saved:
            self.report.filled.append(work.seg["id"])
        else:
            self.report.failed.append(
                {"segment": work.seg["id"], "reason": "someone changed it during the run"}
            )
        self._tick()

    def _tick(self, step: int = 1) -> None:
        self.done += step
        if self.progress:
            self.progress(self.done, self.total)


def _no_usable_answer(report: Report, engine: Engine, reasons: Sequence[str]) -> None:
    """One line instead of a line per segment when the engine answered nothing usable at all,
    for one reason that is not about terms (garbage, timeouts, empty drafts): that is an engine
    that cannot be used, and nothing was saved."""
    if report.filled or report.cached or report.interrupted or len(reasons) < 2:
        return
    reason = reasons[0]
    if any(r != reason for r in reasons) or reason.startswith("glossary:"):
        return
    who = f"{engine.name} ({report.model})" if report.model else engine.name
    raise EngineError(
        f"{who} gave no usable draft for any of the {len(reasons)} segments sent: {reason}."
    )


class _Starter(threading.Thread):
    """Runs :meth:`Engine.start` in the background; :meth:`join` re-raises its error."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(daemon=True)
        self.engine = engine
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            self.engine.start()
        except BaseException as exc:  # reported by join(), in the main thread
            self.error = exc

    def join(self, timeout: float | None = None) -> None:
        super().join(timeout)
        if self.error is not None:
            raise self.error


@contextmanager
def _quick_commits(store: Store) -> Iterator[None]:
    """Commit each draft without waiting for the disk (WAL with synchronous=NORMAL stays
    consistent and loses nothing on Ctrl-C or a crash of the process; a power cut may lose the
    last drafts, which a rerun makes again). A fsync per draft would cost more than the rest of
    the tool together."""
    conn = store.db.conn
    mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
    old = int(conn.execute("PRAGMA synchronous").fetchone()[0])
    if mode != "wal" or old <= 1:
        yield
        return
    conn.execute("PRAGMA synchronous = NORMAL")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA synchronous = {old}")


def _send(
    runner: _Runner, batches: list[Batch], works: dict[str, _Work], concurrency: int
) -> Iterator[_Outcome]:
    """Outcomes as batches finish, from daemon worker threads (so Ctrl-C never waits on a
    request in flight); a fatal engine error stops the others and is raised here."""
    stop = runner.stop
    jobs: queue.Queue[Batch] = queue.Queue()
    for batch in batches:
        jobs.put(batch)
    results: queue.Queue[tuple[str, Any]] = queue.Queue()

    def worker() -> None:
        while not stop.is_set():
            try:
                batch = jobs.get_nowait()
            except queue.Empty:
                return
            try:
                results.put(("ok", runner.run(batch, works)))
            except _Stopped:
                results.put(("stopped", None))
            except BaseException as exc:  # handed to the main thread, which decides
                stop.set()
                results.put(("error", exc))

    width = max(1, min(concurrency, len(batches)))
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(width)]
    for t in threads:
        t.start()
    remaining = len(batches)
    try:
        while remaining:
            try:
                kind, value = results.get(timeout=0.1)
            except queue.Empty:
                if not any(t.is_alive() for t in threads) and results.empty():
                    break
                continue
            remaining -= 1
            if kind == "error":
                raise value
            if kind == "ok":
                yield from value
    finally:
        stop.set()


def _memory_fill(
    store: Store, article_id: int, candidates: Sequence[Mapping[str, Any]], dry_run: bool
) -> set[int]:
    """Fill (or, dry, find) exact translation-memory matches among the empty candidates."""
    empty = [s for s in candidates if not (s.get("target") or "").strip() and s["status"] == "new"]
    if not empty:
        return set()
    from translate_cli import memory

    if not dry_run:
        return set(memory.pretranslate(store, article_id, [s["id"] for s in empty]))
    found = set()
    for seg in empty:
        if memory.exact_match(store, seg["source"], exclude_segment=seg.get("pk", seg["id"])):
            found.add(seg["id"])
    return found


def _cached(store: Store, works: Sequence[_Work]) -> dict[str, str]:
    keys = [w.key for w in works]
    found: dict[str, str] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in store.query(f"select key, target from mt_cache where key in ({marks})", chunk):
            found[row["key"]] = row["target"]
    return found


def _save(
    store: Store,
    article_id: int,
    work: _Work,
    draft: str,
    engine: Engine,
    who: str,
    overwrite: bool,
    stamp: str,
    from_cache: bool,
) -> bool:
    """Save one draft in its own transaction; False when the segment is no longer fillable."""
    with store.write() as db:
        seg = store.segment(article_id, work.seg["id"])
        if not _fillable(seg, overwrite):
            return False
        if not from_cache:
            db.execute(
                "insert or replace into mt_cache (key, engine, model, source, target, created_at) "
                "values (?, ?, ?, ?, ?, ?)",
                [work.key, engine.name, engine.model, work.item.text, draft, stamp],
            )
        if seg["target"] == draft and is_machine_draft(seg):
            return True  # the same draft again: nothing to write
        origin = {
            "engine": engine.name,
            "model": engine.model,
            "at": stamp,
            "checksum": _checksum(draft),
        }
        store.update_segment(
            article_id,
            seg["id"],
            target=draft,
            status="draft",
            action=ACTION,
            origin=json.dumps(origin, ensure_ascii=False),
            who=who,
        )
        if seg.get("flag"):
            # A status change clears the re-fetch flag; a machine draft is no confirmation.
            pk = seg.get("pk", seg["id"])
            db.execute("update segments set flag = ? where id = ?", [seg["flag"], pk])
    return True
