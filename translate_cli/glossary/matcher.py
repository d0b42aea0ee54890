"""Finding glossary terms in Arabic text.

Matching (:meth:`Glossary.find`) works on :func:`translate_cli.text.normalize.normalize` forms
and reports spans of the ORIGINAL text:

- one Aho-Corasick automaton (pyahocorasick) holds every term;
- the first word may carry proclitics: optional و or ف, then optional ب, ل or ك, and quote
  marks may stand between them and the term (لـ«قسد», و«هيئة تحرير الشام»); a term starting
  with ال is also found after ل, where it is written لل (للجيش, and للاذقية for اللاذقية);
- a proclitic never eats a name's first letter: a term spelled with a hamza on its first
  alef (أطمة) is not found after ف, ب, ل or ك in a word that has a bare alef there (فاطمة is
  a name, not ف + أطمة); after و a bare alef is taken as a dropped hamza (وادلب);
- otherwise a term must stand on word boundaries on both sides: قسد is not found in يقسدون, nor
  حلب in الحلبيون, nor اللواء 80 in اللواء 800; spaces, punctuation and quotes are boundaries;
- hashtags are read as words (#الحرس_الثوري), and quote marks inside a name are skipped
  (قناة "الإخبارية" السورية);
- overlapping hits: the longest wins, a term inside a longer name never shows (مطار حلب الدولي,
  not حلب inside it; رئيس الجمهورية العربية السورية keeps the Syrian Arab Republic);
- a row may say when it applies (the sense columns of :class:`Term`): سورية right after
  ليرة is "Syrian", elsewhere "Syria"; a row of category ``not-a-term`` is matched only to
  shield its words (مرض السكري) and never reported;
- every governorate's countryside comes with its directions, generated here rather than
  listed by hand: ريف حلب الشمالي الشرقي is "northeastern Aleppo countryside".

Spans: a hit covers the term as written, without the proclitics and quote marks before it
(in وبحلب the span is حلب), but with any diacritics and tatweel inside or right after it. The
one exception is ال after ل, where the article's alef is gone and the two lams cannot be told
apart: the span then starts at the preposition (للجيش الوطني السوري, but not the و of وللجيش).

Suffixes are never stripped: a dual, plural, possessive or nisba form (المطاران, قواتها,
الحلبي) usually needs a different English rendering ("the two airports", "its forces",
"Aleppan"), so it is not reported as the term. A translator who wants such a form matched adds
it as its own row with its own rendering.

Short forms (:meth:`Glossary.find_article`): once a name has been found in an article, a
later mention by a short form gets the same entity: a person's surname alone (الشرع after
أحمد الشرع, rendered with the last part of the name, "al-Sharaa") and the row's
``short_forms`` (المرصد after the Observatory).
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import attrgetter, or_
from pathlib import Path
from typing import Any

from translate_cli.glossary import kernel
from translate_cli.glossary.kernel import QUOTES as QUOTES
from translate_cli.glossary.model import NOT_A_TERM, SENSE_FIELDS, Term, TermHit
from translate_cli.text.arabic import CONJUNCTIONS, PREPOSITIONS
from translate_cli.text.normalize import match_key, normalize

_PROCLITICS = PREPOSITIONS | CONJUNCTIONS  # the letters that attach before a word
_HAMZA_ALEFS = kernel.HAMZA_ALEFS
# Per-row getters for the passes over every row that run in C (see Glossary._prepare).
_SENSE_GETTER = attrgetter(*SENSE_FIELDS)
_CATEGORY = attrgetter("category")
_SOURCE = attrgetter("source")
_TARGET = attrgetter("target")
_SHORT_FORMS = attrgetter("short_forms")
# Rows that hold these, found in the rows joined by newlines (see _rows_with).
_COUNTRYSIDE_ROW = re.compile("\nريف ")
_LL = re.compile("لل")
# Where kernel.expand_ll changes a key: لل at a word's start, perhaps after و or ف.
_LL_AT_WORD = re.compile(r"(?:^|[\W_])[وف]?لل")

#: Direction words after ريف X, with their English, used to generate every countryside's
#: directions (compound ones in both orders in which Arabic news writes them).
DIRECTIONS = (
    ("الشمالي", "northern"),
    ("الجنوبي", "southern"),
    ("الشرقي", "eastern"),
    ("الغربي", "western"),
    ("الأوسط", "central"),
    ("الشمالي الشرقي", "northeastern"),
    ("الشمالي الغربي", "northwestern"),
    ("الجنوبي الشرقي", "southeastern"),
    ("الجنوبي الغربي", "southwestern"),
    ("الشرقي الشمالي", "northeastern"),
    ("الغربي الشمالي", "northwestern"),
    ("الشرقي الجنوبي", "southeastern"),
    ("الغربي الجنوبي", "southwestern"),
)
#: Syria's governorates by their Arabic name: each has a countryside (ريف X → "X countryside",
#: X rendered as the glossary renders it) whether or not the file lists it.
GOVERNORATES = (
    "حلب", "إدلب", "حماة", "حمص", "دمشق", "درعا", "السويداء", "القنيطرة", "اللاذقية",
    "طرطوس", "الرقة", "دير الزور", "الحسكة",
)  # fmt: skip
_COUNTRYSIDE = "countryside"


def term_key(source: str) -> str:
    """The form a term is matched and compared on (the project's one :func:`match_key`)."""
    return match_key(source)


def term_keys(sources: list[str]) -> list[str]:
    """:func:`term_key` of many sources at once (one normalisation pass over all of them)."""
    joined = "\x00".join(sources)
    if joined.count("\x00") != len(sources) - 1:  # a source holds NUL itself
        return [term_key(s) for s in sources]
    return [" ".join(k.split()) for k in normalize(joined).split("\x00")] if sources else []


def _first_index(keys: list[str]) -> dict[str, int]:
    """The index of each key's first occurrence in ``keys`` (built in C: the later
    occurrences are written first and overwritten)."""
    return dict(zip(reversed(keys), range(len(keys) - 1, -1, -1), strict=True))


@dataclass
class _Senses:
    """A term's sense conditions in matching form: word sequences, last word last."""

    only_after: tuple[tuple[str, ...], ...]
    not_after: tuple[tuple[str, ...], ...]
    only_before: tuple[tuple[str, ...], ...]
    not_before: tuple[tuple[str, ...], ...]


def _senses(term: Term) -> _Senses:
    """A row's sense cells in matching form (all of them in one normalisation pass)."""
    fields = [getattr(term, name) for name in SENSE_FIELDS]
    keys = iter(term_keys([cell for cells in fields for cell in cells]))
    lists = []
    for cells in fields:
        forms = [next(keys) for _ in cells]
        lists.append(tuple(tuple(k.split()) for k in forms if k))
    return _Senses(*lists)


@dataclass
class Glossary:
    """The loaded terms; the matching automaton is built on first :meth:`find`.

    Treat ``terms`` as read-only once :meth:`find` has run (the automaton is not rebuilt).
    """

    terms: list[Term]
    path: Path | None = None
    _automaton: Any = field(default=None, init=False, repr=False, compare=False)
    _by_source: dict[str, Term] | None = field(default=None, init=False, repr=False)
    _by_key: dict[str, Term] | None = field(default=None, init=False, repr=False)
    _by_pair: dict[tuple[str, str], Term] = field(default_factory=dict, init=False, repr=False)
    _pooled: int = field(default=-1, init=False, repr=False)
    # Matching forms of ``terms`` (same order) when the loader computed them already.
    _keys: list[str] | None = field(default=None, init=False, repr=False)
    # Positions in ``terms`` of the rows with sense or short-form cells, when the loader
    # noted them (only those rows are then looked at for them).
    _listed: list[int] | None = field(default=None, init=False, repr=False)
    # Each of ``_keys``'s position, when the loader found them all distinct (the dict that
    # told it so); taken over by the first build.
    _index: dict[str, int] | None = field(default=None, init=False, repr=False)
    _shared: list[tuple[int, ...]] = field(default_factory=list, init=False, repr=False)
    # ``terms`` plus the generated ones (countryside directions): what indices point into.
    _all: list[Term] = field(default_factory=list, init=False, repr=False)
    # Indices that need more than the boundary checks: sense rules, several rows of one
    # key, not-a-term rows (a hamza-initial name is checked hit by hit: kernel.candidates).
    _special: frozenset[int] = field(default=frozenset(), init=False, repr=False)
    # kernel.RESOLVED and kernel.SPECIAL by index (see :mod:`~translate_cli.glossary.kernel`).
    _flags: bytearray = field(default_factory=bytearray, init=False, repr=False)
    # What kernel.match reads of the glossary (see kernel.match).
    _tables: tuple[Any, ...] = field(default=(), init=False, repr=False)
    _rows: dict[int, tuple[int, ...]] = field(default_factory=dict, init=False, repr=False)
    # The rows with sense rules, and their rules in matching form once a hit needed them.
    _sensed: frozenset[int] = field(default=frozenset(), init=False, repr=False)
    _sense: dict[int, _Senses] = field(default_factory=dict, init=False, repr=False)
    _short: _ShortForms | None = field(default=None, init=False, repr=False)
    # Each row's source, target and category by index (what a hit is made of, read from
    # lists); the loader may hand over those of ``terms``.
    _sources: list[str] = field(default_factory=list, init=False, repr=False)
    _targets: list[str] = field(default_factory=list, init=False, repr=False)
    _categories: list[str] = field(default_factory=list, init=False, repr=False)
    # The rows of ``terms`` whose key holds لل (found while preparing, used by _build).
    _ll_rows: list[int] = field(default_factory=list, init=False, repr=False)

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    # -- lookups ---------------------------------------------------------------------------

    def lookup(self, source: str) -> Term | None:
        """The term whose source is ``source``, exactly or in matching form; else None.

        Generated terms (countryside directions) are found too once matching has run.
        """
        pool = self._all or self.terms
        if self._by_source is None or self._by_key is None or self._pooled != len(pool):
            by_source: dict[str, Term] = {}
            by_key: dict[str, Term] = {}
            by_pair: dict[tuple[str, str], Term] = {}
            for t in pool:
                if t.not_a_term:
                    continue
                by_source.setdefault(t.source, t)
                by_key.setdefault(term_key(t.source), t)
                by_pair.setdefault((t.source, t.target), t)
            self._by_source, self._by_key, self._by_pair = by_source, by_key, by_pair
            self._pooled = len(pool)
        return self._by_source.get(source) or self._by_key.get(term_key(source))

    def term_for(self, hit: TermHit) -> Term | None:
        """The row a hit came from (several rows may share a source: سورية is "Syria" or,
        after ليرة, "Syrian"); for a short form, the entity's row."""
        found = self.lookup(hit.term)
        if hit.short or found is None or found.target == hit.target:
            return found
        return self._by_pair.get((hit.term, hit.target), found)

    def search(self, word: str) -> list[Term]:
        """Terms whose source, target, category or note contains ``word`` (Arabic in matching
        form, English case-insensitively)."""
        needle = term_key(word)
        folded = word.casefold().strip()
        keys = self._keys if self._keys and len(self._keys) == len(self.terms) else None

        def hit(i: int, t: Term) -> bool:
            key = keys[i] if keys else term_key(t.source)
            if needle and needle in key:
                return True
            return bool(folded) and any(
                folded in s.casefold() for s in (t.target, t.category, t.note, *t.forbidden)
            )

        return [t for i, t in enumerate(self.terms) if hit(i, t)]

    # -- building --------------------------------------------------------------------------

    def _prepare(self) -> list[str]:
        """Fill ``_all`` (terms plus generated ones), ``_rows``, ``_special`` and the short
        forms; the automaton keys by index: those of ``_all`` ("" for a row that shares an
        earlier row's key), then one per short form (see :class:`_ShortForms`)."""
        keys = self._keys
        loaded = keys is not None and len(keys) == len(self.terms)
        if keys is None or not loaded:
            keys = self._keys = term_keys([t.source for t in self.terms])
        # Every pass over all the rows below runs in C (map, compress, dict(zip)): on a
        # 50,000-term glossary a Python loop per row costs as much as building the automaton.
        index, self._index = self._index, None
        # The row of each key (its first row); generated keys are added to it below.
        first = index if loaded and index is not None and len(index) == len(keys) else None
        if first is None:
            first = _first_index(keys)
        # The rows with لل (see _build) and those starting ريف, found in one pass.
        self._ll_rows, countrysides = _rows_with(keys, _LL, _COUNTRYSIDE_ROW)
        extra = _generated(self.terms, keys, first, countrysides)
        pool = self._all = [*self.terms, *(t for t, _ in extra)]
        all_keys = [*keys, *(k for _, k in extra)] if extra else list(keys)
        for k, (_, key) in enumerate(extra, len(keys)):
            first.setdefault(key, k)
        n = len(pool)
        repeated = (
            [i for i, key in enumerate(all_keys) if key and first[key] != i]
            if len(first) != n
            else []
        )
        listed = self._listed if loaded else None
        if listed is not None:
            sensed = [i for i in listed if pool[i].conditioned]
        else:
            sensed = list(compress(range(n), map(any, map(_SENSE_GETTER, pool))))
        # The loader's columns where it gave them (it reads every row anyway); else read here.
        given = loaded and len(self._sources) == len(self._categories) == len(self.terms)
        generated = [t for t, _ in extra]
        if given:
            # Extended in place: the loader's lists are old to the garbage collector, which
            # then does not walk their 50,000 items again after the build (new lists it does).
            categories = self._categories
            categories.extend(t.category for t in generated)
        else:
            categories = list(map(_CATEGORY, pool))
        blockers: set[int] = set()
        kinds = set(categories)
        if NOT_A_TERM in kinds:  # most glossaries have no not-a-term row
            blockers.update(compress(range(n), map(NOT_A_TERM.__eq__, categories)))
        if given:
            self._sources.extend(t.source for t in generated)
            self._targets.extend(t.target for t in generated)
        else:
            self._sources = list(map(_SOURCE, pool))
            self._targets = list(map(_TARGET, pool))
        self._categories = categories
        # A row's key is its own unless an earlier row has it too (``repeated``).
        if repeated:
            special = {first[all_keys[i]] for i in (*sensed, *blockers)}
        else:
            special = {*sensed, *blockers}
        self._sensed = frozenset(sensed)
        row_keys = list(all_keys) if repeated else all_keys  # before the repeats are blanked
        groups: dict[int, list[int]] = {}
        for i in repeated:
            at = first[all_keys[i]]
            groups.setdefault(at, [at]).append(i)
            all_keys[i] = ""
        for at, members in groups.items():
            # Rows that say when they apply are tried first, in file order; then the others.
            members.sort(key=lambda i: i not in self._sensed)
            self._rows[at] = tuple(members)
            special.add(at)
        self._special = frozenset(special)
        short = self._short = _ShortForms.of(
            pool, row_keys, first, categories, listed, kinds, self._rows
        )
        # A hit of the special rows and the short forms may still be dropped (a sense rule, a
        # short form losing to a term): it must not hide the shorter terms that end where it
        # does (kernel.RESOLVED).
        flags = self._flags = bytearray(n + len(short.keys))
        flags[n:] = bytes([kernel.RESOLVED]) * len(short.keys)
        for rows, flag in (
            (special, kernel.RESOLVED | kernel.SPECIAL),
            (blockers, kernel.BLOCKER),
            (short.by_row, kernel.ACTIVATES),
            (short.shadowed, kernel.SHADOWED),
        ):
            marked = map(or_, map(flags.__getitem__, rows), repeat(flag))
            deque(map(flags.__setitem__, rows, marked), maxlen=0)  # in C: thousands of rows
        return all_keys + short.keys

    def _build(self) -> Any:
        """One automaton over every term's matching form (as :func:`kernel.expand_ll` writes it),
        plus the merged للـ form of each term starting with الل.

        Values are ints (``STORE_INTS`` is much lighter than Python objects): ``2*i + kind``
        for term ``i`` (kind 1: the merged form), or ``-1 - j`` for entry ``j`` of
        ``self._shared`` when several forms share one key; ``lengths[code]`` (in ``_tables``) is the
        form's length.
        """
        import ahocorasick

        keys = self._prepare()
        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        add = automaton.add_word
        get = automaton.get
        shared: list[tuple[int, ...]] = []
        missing = -(2**62)
        count = len(keys)
        lengths = [0] * (2 * count)  # by code: 2*i the term's form, 2*i + 1 its merged form
        lengths[0::2] = map(len, keys)
        # Keys are distinct (_prepare blanks the repeats), so they all go in as they are, in
        # one C loop. Only a key that expand_ll changes (لل starting a word, after و or ف
        # perhaps) has a form of its own instead: it is taken out again and its form, and
        # each merged form, is put in one by one after (they may meet another key).
        codes = range(0, 2 * count, 2)
        if "" in keys:  # a blank key is a repeat
            deque(map(add, compress(keys, keys), compress(codes, keys)), maxlen=0)
        else:
            deque(map(add, keys, codes), maxlen=0)
        given = len(self._keys or ())  # keys[:given] are the rows' (blank for a repeat)
        with_ll = [i for i in self._ll_rows if keys[i]]
        with_ll += [i for i in range(given, count) if "لل" in keys[i]]
        odd = {i for i in with_ll if _LL_AT_WORD.search(keys[i])}
        for i in odd:
            automaton.remove_word(keys[i])

        def put(form: str, code: int) -> None:
            lengths[code] = len(form)
            old = get(form, missing)
            if old == missing:
                add(form, code)
                return
            codes = shared[-1 - old] if old < 0 else (old,)
            # Plain forms before merged ones (a merged للـ form may equal another term),
            # then in row order.
            both = tuple(sorted((*codes, code), key=lambda c: (c & 1, c)))
            if old < 0:
                shared[-1 - old] = both
            else:
                shared.append(both)
                add(form, -len(shared))

        expanded: dict[int, str] = {}
        for i in sorted(odd):
            form = expanded[i] = kernel.expand_ll(keys[i])[0]
            put(form, 2 * i)
        # The merged form of a key that starts with الل (see below) is put after the plain
        # forms: it may meet one of them, which put() then shares.
        for i in filter(lambda i: keys[i].startswith("الل"), with_ll):
            # ل + اللاذقية → للاذقية, matched as the text is: لالاذقية (see kernel.expand_ll).
            form = "لا" + expanded.get(i, keys[i])[2:]  # expand_ll leaves the others as they are
            put(form, 2 * i + 1)
        if len(automaton):
            automaton.make_automaton()
        self._shared = shared
        short = self._short
        self._tables = (
            lengths,
            shared,
            self._flags,
            self._sources,
            self._targets,
            self._all,
            short.by_row if short is not None else {},
        )
        return automaton

    def _ready(self) -> Any:
        if self._automaton is None:
            with _gc_paused(lasting=True):
                self._automaton = self._build()
        return self._automaton

    # -- matching --------------------------------------------------------------------------

    def find(self, text: str) -> list[TermHit]:
        """Every term in ``text``: longest first, non-overlapping, spans of ``text``."""
        automaton = self._ready()
        if not text or not len(automaton):
            return []
        out: list[list[TermHit]] = [[]]
        with _gc_paused():
            self._match(automaton, text, out, [0], False)
        return out[0]

    def find_article(self, segments: Sequence[str]) -> list[list[TermHit]]:
        """:meth:`find` for each of an article's segments, in order, plus short forms: a
        surname or short form after its full name appeared in an earlier or the same segment
        (``TermHit.short`` set, the short rendering as ``target``).

        The segments are matched in one pass (joined by NUL, which no term holds and which
        stands between words like punctuation), so an article costs what one text does.
        """
        automaton = self._ready()
        out: list[list[TermHit]] = [[] for _ in segments]
        if not len(automaton) or not segments:
            return out
        with _gc_paused():
            if any("\x00" in text for text in segments):
                # One pass per segment; the short forms seen so far carry over.
                active: dict[int, tuple[Term, str]] = {}
                for k, text in enumerate(segments):
                    if text:
                        self._match(automaton, text, out[k : k + 1], [0], True, active)
            else:
                starts = [0]
                for text in segments[:-1]:
                    starts.append(starts[-1] + len(text) + 1)
                joined = "\x00".join(segments)
                self._match(automaton, joined, out, starts, True)
        return out

    def _match(
        self,
        automaton: Any,
        text: str,
        out: list[list[TermHit]],
        bounds: list[int],
        article: bool,
        active: dict[int, tuple[Term, str]] | None = None,
    ) -> None:
        """Append the hits of ``text`` to ``out[k]`` for the segment ``k`` they fall in
        (segment ``k`` starts at ``bounds[k]``; spans are within the segment): the passes of
        :mod:`~translate_cli.glossary.kernel`.

        With ``article``, a row's hit makes its short forms ``active`` and a short form's hit
        is kept when its entity is active; without, short forms are dropped. Not-a-term rows
        are never kept.
        """
        view = _MatchingText.of(text)
        norm = view.norm
        original = view.original

        def resolve(index: int, start: int, end: int) -> int:
            return self._resolve(index, norm, start, end, text, original)

        def eats(start: int) -> bool:
            return _eats_letter(norm, start, text, original)

        kernel.match(
            automaton.iter(norm),
            text,
            view.parts,
            self._tables,
            out,
            bounds,
            {} if active is None else active,
            article,
            resolve,
            eats,
            TermHit,
            _short_hit,
        )

    def _resolve(
        self,
        index: int,
        norm: str,
        start: int,
        end: int,
        text: str,
        original: Callable[[int], int],
    ) -> int:
        """The row that applies to a hit of ``index``'s key at ``norm[start:end]``, or -1."""
        attached = start > 0 and norm[start - 1].isalnum()  # a proclitic is glued on
        for i in self._rows.get(index, (index,)):
            term = self._all[i]
            if (
                term.source[:1] in _HAMZA_ALEFS
                and attached
                and _eats_letter(norm, start, text, original)
            ):
                continue
            if i in self._sensed:
                senses = self._sense.get(i)
                if senses is None:
                    senses = self._sense[i] = _senses(term)
                if not _senses_hold(senses, norm, start, end, attached):
                    continue
            return i
        return -1


def _short_hit(text: str, start: int, end: int, base: int, term: Term, rendering: str) -> TermHit:
    """The hit of a short form at ``text[start:end]`` standing for ``term``."""
    return TermHit(text[start:end], start - base, end - base, term.source, rendering, True)


def _eats_letter(norm: str, start: int, text: str, original: Callable[[int], int]) -> bool:
    """Whether the proclitics before ``start`` would take a word's own first letters: the
    text has a bare alef where the term has a hamza, after anything but a lone و."""
    if text[original(start)] != "ا":
        return False
    q = start
    while q > 0 and norm[q - 1].isalnum():
        q -= 1
    return norm[q:start] != "و"


# The words and spaces right before and after a hit: words are runs of letters and digits,
# and only spaces stand between the words of a phrase (punctuation ends it). A window of text
# is looked at, large enough for a few words; where a phrase runs past it, the window grows.
_LAST_STOP = re.compile(r"(?s).*[^\w ]")  # up to the last character that ends a phrase
_HEAD = re.compile(r"[\w ]*")
_WINDOW = 32


def _words_before(norm: str, pos: int, count: int) -> list[str]:
    """Up to ``count`` words right before ``pos`` (last one last), stopping at punctuation."""
    window = _WINDOW
    while True:
        lo = max(0, pos - window)
        stop = _LAST_STOP.match(norm, lo, pos)
        words = norm[stop.end() if stop else lo : pos].rsplit(None, count)
        if len(words) > count:
            return words[1:]
        if stop or lo == 0:
            return words
        window *= 4


def _words_after(norm: str, pos: int, count: int) -> list[str]:
    window = _WINDOW
    while True:
        hi = pos + window
        head = _HEAD.match(norm, pos, hi)
        words = head.group().split(None, count) if head else []
        if len(words) > count:
            return words[:count]
        if head is None or head.end() < hi or hi >= len(norm):
            return words
        window *= 4


def _bare(word: str) -> tuple[str, ...]:
    """``word`` and the same without up to two proclitic letters (وليرة, بليرة → ليرة)."""
    forms = [word]
    for cut in (1, 2):
        if len(word) - cut >= 2 and all(c in _PROCLITICS for c in word[:cut]):
            forms.append(word[cut:])
    return tuple(forms)


def _near(words: list[str], wanted: tuple[tuple[str, ...], ...], after: bool) -> bool:
    """Whether one of ``wanted`` stands right next to the hit (``words`` run away from it
    when ``after`` is False: the last of ``words`` touches the hit)."""
    for seq in wanted:
        k = len(seq)
        if len(words) < k:
            continue
        got = words[-k:] if not after else words[:k]
        edge = 0 if not after else k - 1  # the word farthest from the hit may carry proclitics
        if all(
            g == w or (i == edge and w in _bare(g))
            for i, (g, w) in enumerate(zip(got, seq, strict=True))
        ):
            return True
    return False


def _senses_hold(senses: _Senses, norm: str, start: int, end: int, attached: bool) -> bool:
    # A proclitic glued to the term (بسورية) means no word stands right before it.
    if senses.only_after or senses.not_after:
        before = [] if attached else _words_before(norm, start, 3)
        if senses.only_after and not _near(before, senses.only_after, False):
            return False
        if senses.not_after and _near(before, senses.not_after, False):
            return False
    if senses.only_before or senses.not_before:
        after = _words_after(norm, end, 3)
        if senses.only_before and not _near(after, senses.only_before, True):
            return False
        if senses.not_before and _near(after, senses.not_before, True):
            return False
    return True


def _rows_with(rows: list[str], *patterns: re.Pattern[str]) -> list[list[int]]:
    """For each of ``patterns``, the positions in ``rows`` of those in which it matches, a
    newline standing before each row: one regex pass over the rows joined (a method call on
    each of 50,000 rows costs more, and ``str.startswith`` an argument parse per call)."""
    out: list[list[int]] = [[] for _ in patterns]
    joined = "\n".join(rows)
    if not rows or joined.count("\n") != len(rows) - 1:  # a row holds a newline itself
        for found, pattern in zip(out, patterns, strict=True):
            found.extend(i for i, row in enumerate(rows) if pattern.search("\n" + row))
        return out
    # Each pattern on its own (a literal is searched fast; an alternation is tried at every
    # character), then one sweep over the matches of all, in order, counting newlines.
    starts = sorted((m.start(), k) for k, p in enumerate(patterns) for m in p.finditer(joined))
    row = 0  # the row of ``pos``
    pos = 0
    for at, k in starts:
        row += joined.count("\n", pos, at + 1)  # a match of "\nX" is in the row after it
        pos = at + 1
        found = out[k]
        if not found or found[-1] != row:
            found.append(row)
    for found, pattern in zip(out, patterns, strict=True):
        if pattern.pattern.startswith("\n") and pattern.match("\n" + rows[0]):
            found.insert(0, 0)  # the first row has no newline before it in ``joined``
    return out


def _generated(
    terms: list[Term], keys: list[str], first: dict[str, int], countrysides: list[int]
) -> list[tuple[Term, str]]:
    """The countryside of every governorate the glossary names and every direction of each
    countryside, for the ones the glossary does not list itself (``first``: the row of each
    of ``keys``; ``countrysides``: the rows whose key starts with ريف)."""
    added: set[str] = set()
    bases: dict[str, tuple[str, str]] = {}  # countryside key → (Arabic, English place)
    directions = {match_key(d) for d, _ in DIRECTIONS[:5]}
    governorates = {match_key(name): name for name in GOVERNORATES}
    for i in countrysides:
        term, key = terms[i], keys[i]
        words = key.split()
        target = term.target.strip()
        if (
            target.lower().endswith(" " + _COUNTRYSIDE)
            and not term.conditioned
            and not term.not_a_term
            and words[-1] not in directions
        ):
            bases[key] = (term.source, target[: -len(_COUNTRYSIDE) - 1])
    for gkey, name in governorates.items():
        at = first.get(gkey)
        place = terms[at] if at is not None else None
        key = match_key("ريف " + name)
        if place is not None and key not in bases and not place.conditioned:
            bases[key] = ("ريف " + name, place.target)
    out: list[tuple[Term, str]] = []

    def add(source: str, target: str, note: str) -> None:
        key = match_key(source)
        if key not in first and key not in added:
            added.add(key)
            out.append((Term(source, target, "place", note), key))

    for source, name in bases.values():
        add(source, f"{name} {_COUNTRYSIDE}", "generated: the governorate's countryside")
        for arabic, english in DIRECTIONS:
            add(f"{source} {arabic}", f"{english} {name} {_COUNTRYSIDE}", "generated direction")
    return out


class _ShortForms:
    """The short forms of the glossary's entities (surnames of people and ``short_forms``):
    their automaton keys, and for each row the forms it makes active."""

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys  # short form j's matching form
        self.by_row: dict[int, list[tuple[int, str]]] = {}  # row → [(j, rendering)]
        # Rows whose key is also a short form (الشعار, a neighbourhood, and the surname of
        # محمد نضال الشعار): while the entity is active, a hit of the row stands for it. Its
        # id among the active short forms is ``-1 - row`` (kernel.SHADOWED).
        self.shadowed: set[int] = set()

    @classmethod
    def of(
        cls,
        pool: list[Term],
        keys: list[str],
        first: dict[str, int],
        categories: list[str],
        listed: list[int] | None = None,
        kinds: set[str] | None = None,
        groups: dict[int, tuple[int, ...]] | None = None,
    ) -> _ShortForms:
        """Short forms of ``pool`` whose key is not a term of its own (``keys``: each row's
        matching form; ``first``: the row of each key; ``categories``: each row's;
        ``listed``: the rows that may list short forms, when known; ``kinds``: the set of
        ``categories``, when known; ``groups``: the rows of a key several rows share, by its
        first row), each key once."""
        index: dict[str, int] = {}
        short = cls([])
        people = {c for c in (set(categories) if kinds is None else kinds) if "person" in c.lower()}
        # The rows with a short form: those that list some, and people (C passes over all).
        rows: Iterable[int]
        if listed is not None:
            persons = compress(range(len(pool)), map(people.__contains__, categories))
            rows = sorted({*persons, *(i for i in listed if pool[i].short_forms)})
        else:
            rows = compress(
                range(len(pool)),
                map(or_, map(bool, map(_SHORT_FORMS, pool)), map(people.__contains__, categories)),
            )
        # (row, matching form, English, whether it is a one-word surname to check); the
        # listed forms' matching forms are filled in after, in one normalisation pass.
        forms: list[tuple[int, str, str, bool]] = []
        listed_at: list[int] = []
        listed_sources: list[str] = []
        heads = _surname_head_keys()
        for i in rows:
            term = pool[i]
            category = categories[i]
            if category == NOT_A_TERM:
                continue
            if term.short_forms:
                for source, english in _listed_forms(term):
                    listed_at.append(len(forms))
                    listed_sources.append(source)
                    forms.append((i, "", english, False))
            if category in people:
                # The surname from the matching form's words: no second normalisation.
                words = keys[i].rsplit(" ", 2)
                target = _PAREN.sub("", term.target) if "(" in term.target else term.target
                names = target.rsplit(None, 2)
                if len(words) < 2 or len(names) < 2:
                    continue
                if len(words) == 3 and words[1] in heads:
                    english = names[-1]
                    if len(names) == 3 and names[1].lower() in _ENGLISH_HEADS:
                        english = f"{names[1]} {names[2]}"
                    forms.append((i, f"{words[1]} {words[2]}", english, False))
                else:
                    forms.append((i, words[-1], names[-1], True))
        for at, key in zip(listed_at, term_keys(listed_sources), strict=True):
            i, _, english, check = forms[at]
            forms[at] = (i, key, english, check)
        common = _common()
        for i, key, rendering, check in forms:
            if not key or (check and (key in common or len(key) < 3)):
                continue
            if key in first:
                # A row of its own: the same person (بوتين beside فلاديمير بوتين) keeps it;
                # another entity (الشعار, a neighbourhood) gives way while this one is active.
                row = first[key]
                if row != i and categories[row] not in people:
                    # Each row of the key: a hit is of the one that applies (see _resolve).
                    for member in (groups or {}).get(row, (row,)):
                        short.shadowed.add(member)
                        short.by_row.setdefault(i, []).append((-1 - member, rendering))
                continue
            j = index.setdefault(key, len(short.keys))
            if j == len(short.keys):
                short.keys.append(key)
            short.by_row.setdefault(i, []).append((j, rendering))
        return short


@dataclass
class _MatchingText:
    """The form of a text the automaton runs on, and the maps back to the text.

    ``parts`` is what :func:`kernel.view <translate_cli.glossary.kernel.view>` gives: ``norm``
    (the normal form with hashtags, quote marks inside names and the alef of ل + ال put
    back), the offset map's lists, and where quote marks were removed and alefs inserted.
    """

    parts: tuple[str, list[int], list[int], list[int], list[int], list[int]]

    @classmethod
    def of(cls, text: str) -> _MatchingText:
        return cls(kernel.view(text))

    @property
    def norm(self) -> str:
        return self.parts[0]

    def original(self, pos: int) -> int:
        """The position in the text of ``norm[pos]``."""
        _, norm_starts, orig_starts, steps, removed, inserted = self.parts
        if inserted:
            pos -= bisect_right(inserted, pos)
        if removed:
            pos += bisect_right(removed, pos)
        k = bisect_right(norm_starts, pos) - 1
        return orig_starts[k] + (pos - norm_starts[k]) * steps[k]


_PAREN = re.compile(r"\s*\([^)]*\)")

#: Surnames that are also ordinary words or given names, so that a later mention of the word
#: is no sign of the person: صالح in لصالح "in favour of", السلامة "safety", البابا "the
#: Pope", كيلو "kilo", الرحمن and العلي (of God), الدين in نور الدين, العودة "the return",
#: خالد or حسن (another person). The person rule does not make them short forms; a row that
#: wants one lists it in ``short_forms``.
_COMMON_SURNAMES = """
    صالح الصالح الغريب هيكل السلامة البابا كيلو الرحمن سيف نجمة عباس شكري العلي الثاني ثاني
    الدين الله الرزاق الغني اللطيف الحنان الحلبي العودة المعلم الخطيب الحسن الشبل سلام فوز
    خطاب خميس شعبان مسلم كرد عفرين كوباني عون غزال جاموس حامض حجاب شامي بدر لاين ليف دلا
    أحمد محمد محمود علي حسن حسين خالد عمر عيسى يوسف قاسم مصطفى خليل مروان زايد حمد سلمان
    خولة صابرين إبراهيم عثمان سليمان موسى هارون داود طه ياسين عبد
"""
COMMON_SURNAMES = frozenset(_COMMON_SURNAMES.split())
# Words that make a compound surname with the word after them (رامي عبد الرحمن: Abdulrahman).
_SURNAME_HEADS = frozenset({"عبد", "أبو", "ابو", "بن", "ابن", "آل"})
_ENGLISH_HEADS = frozenset({"abu", "abd", "abdel", "abdul", "bin", "ibn", "al", "el", "ben"})
_common_keys: frozenset[str] | None = None


_head_keys: frozenset[str] | None = None


def _surname_head_keys() -> frozenset[str]:
    """:data:`_SURNAME_HEADS` in matching form (آل is ال)."""
    global _head_keys
    if _head_keys is None:
        _head_keys = frozenset(term_keys(sorted(_SURNAME_HEADS)))
    return _head_keys


def _common() -> frozenset[str]:
    """:data:`COMMON_SURNAMES` in matching form."""
    global _common_keys
    if _common_keys is None:
        _common_keys = frozenset(term_keys(sorted(COMMON_SURNAMES)))
    return _common_keys


def _surname(term: Term) -> tuple[str, str, bool] | None:
    """A person row's surname as (Arabic, English, whether it is one word that must still be
    checked against :data:`COMMON_SURNAMES` and for length), or None."""
    words = term.source.split()
    target = _PAREN.sub("", term.target) if "(" in term.target else term.target
    names = target.split()
    if len(words) < 2 or len(names) < 2:
        return None
    if len(words) >= 3 and words[-2] in _SURNAME_HEADS:
        english = names[-1]
        if len(names) >= 3 and names[-2].lower() in _ENGLISH_HEADS:
            english = f"{names[-2]} {names[-1]}"
        return f"{words[-2]} {words[-1]}", english, False
    return words[-1], names[-1], True


def person_surname(term: Term) -> tuple[str, str] | None:
    """A person row's surname as (Arabic, English), or None when it has none that can stand
    alone: the last word (two after عبد, أبو, بن, آل), rendered by the rendering's last name
    part; a one-word surname of fewer than three letters or that is an ordinary word or a
    given name (:data:`COMMON_SURNAMES`) gives none."""
    found = _surname(term)
    if found is None:
        return None
    arabic, english, check = found
    key = match_key(arabic)
    if check and (key in _common() or len(key) < 3):
        return None
    return arabic, english


def _listed_forms(term: Term) -> list[tuple[str, str]]:
    """(Arabic, English) of a row's ``short_forms`` cells (English defaults to the target)."""
    out: list[tuple[str, str]] = []
    for cell in term.short_forms:
        arabic, _, english = cell.partition("=")
        if arabic.strip():
            out.append((arabic.strip(), english.strip() or term.target))
    return out


@contextmanager
def _gc_paused(lasting: bool = False) -> Generator[None, None, None]:
    """Pause the cyclic garbage collector while building many small acyclic objects: its
    repeated passes over them cost more than the work itself on a 50,000-term glossary.

    With ``lasting`` (a glossary's rows and tables, which live as long as the glossary), what
    was made is put straight into the oldest generation: the next collection of the young
    ones would walk them all to find what it knows already, that they are alive (10 ms for a
    50,000-term glossary). ``gc.freeze`` then ``gc.unfreeze`` move the young generations
    there in constant time. Not for matching's results: done on every call of a long
    session (the review screen), it would keep the caller's young garbage from collection.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Not where the process froze objects itself (before a fork): unfreeze would thaw them.
        if lasting and was_enabled and not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()
