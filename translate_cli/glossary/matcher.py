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
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate_cli.glossary.model import NOT_A_TERM, Term, TermHit
from translate_cli.text.arabic import CONJUNCTIONS, PREPOSITIONS
from translate_cli.text.normalize import WORD_MARKS, match_key, normalize, normalize_mapped

# Quote marks that may stand between a proclitic and the term: لـ«قسد», ب"النصرة".
QUOTES = frozenset("«»\"'“”„‟‘’‚‛‹›")
# The ones skipped inside a name (قناة "الإخبارية" السورية); apostrophes stay (Latin words).
_SKIPPED_QUOTES = re.compile('[«»"“”„‟‹›]+')
_AFTER_CONJ = PREPOSITIONS  # prepositions that attach to the word
_CONJ = CONJUNCTIONS  # conjunctions that attach before them
_PROCLITICS = _AFTER_CONJ | _CONJ
_HAMZA_ALEFS = frozenset("أإآ")

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


@dataclass
class _Senses:
    """A term's sense conditions in matching form: word sequences, last word last."""

    only_after: tuple[tuple[str, ...], ...]
    not_after: tuple[tuple[str, ...], ...]
    only_before: tuple[tuple[str, ...], ...]
    not_before: tuple[tuple[str, ...], ...]


def _senses(term: Term) -> _Senses:
    def words(cells: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(k.split()) for k in (match_key(c) for c in cells) if k)

    return _Senses(
        words(term.only_after),
        words(term.not_after),
        words(term.only_before),
        words(term.not_before),
    )


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
    _shared: list[tuple[int, ...]] = field(default_factory=list, init=False, repr=False)
    _lengths: list[int] = field(default_factory=list, init=False, repr=False)
    # ``terms`` plus the generated ones (countryside directions): what indices point into.
    _all: list[Term] = field(default_factory=list, init=False, repr=False)
    # Indices that need more than the boundary checks: sense rules, several rows of one
    # key, not-a-term rows, hamza-initial names.
    _special: frozenset[int] = field(default=frozenset(), init=False, repr=False)
    _blockers: frozenset[int] = field(default=frozenset(), init=False, repr=False)
    _rows: dict[int, tuple[int, ...]] = field(default_factory=dict, init=False, repr=False)
    _sense: dict[int, _Senses] = field(default_factory=dict, init=False, repr=False)
    _short: _ShortForms | None = field(default=None, init=False, repr=False)

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
        if keys is None or len(keys) != len(self.terms):
            keys = self._keys = term_keys([t.source for t in self.terms])
        extra = _generated(self.terms, keys)
        pool = self._all = [*self.terms, *(t for t, _ in extra)]
        all_keys = [*keys, *(k for _, k in extra)] if extra else list(keys)
        first: dict[str, int] = {}
        setdefault = first.setdefault
        special: set[int] = set()
        blockers: set[int] = set()
        repeated: list[int] = []
        for i, key in enumerate(all_keys):
            if setdefault(key, i) != i and key:
                repeated.append(i)
        for i, term in enumerate(pool):
            # Unset sense fields stay class defaults: one dict probe finds the rows with some.
            if term.only_after or term.not_after or term.only_before or term.not_before:
                self._sense[i] = _senses(term)
                special.add(first[all_keys[i]])
            if term.category == NOT_A_TERM:
                blockers.add(i)
                special.add(first[all_keys[i]])
            elif term.source[:1] in _HAMZA_ALEFS:
                special.add(first[all_keys[i]])
        groups: dict[int, list[int]] = {}
        for i in repeated:
            at = first[all_keys[i]]
            groups.setdefault(at, [at]).append(i)
            all_keys[i] = ""
        for at, members in groups.items():
            # Rows that say when they apply are tried first, in file order; then the others.
            members.sort(key=lambda i: i not in self._sense)
            self._rows[at] = tuple(members)
            special.add(at)
        self._special = frozenset(special)
        self._blockers = frozenset(blockers)
        short = self._short = _ShortForms.of(pool, first)
        return all_keys + short.keys

    def _build(self) -> Any:
        """One automaton over every term's matching form (as :func:`_expand_ll` writes it),
        plus the merged للـ form of each term starting with الل.

        Values are ints (``STORE_INTS`` is much lighter than Python objects): ``2*i + kind``
        for term ``i`` (kind 1: the merged form), or ``-1 - j`` for entry ``j`` of
        ``self._shared`` when several forms share one key.
        """
        import ahocorasick

        keys = self._prepare()
        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        add = automaton.add_word
        get = automaton.get
        shared: list[tuple[int, ...]] = []
        missing = -(2**62)

        def collide(form: str, old: int, code: int) -> None:
            codes = shared[-1 - old] if old < 0 else (old,)
            # Plain forms before merged ones: a merged للـ form may equal another term.
            both = tuple(sorted((*codes, code), key=lambda c: c & 1))
            if old < 0:
                shared[-1 - old] = both
            else:
                shared.append(both)
                add(form, -len(shared))

        lengths = [0] * (2 * len(keys))
        for i, key in enumerate(keys):
            if not key:
                continue
            code = 2 * i
            form = _expand_ll(key)[0] if "لل" in key else key
            lengths[code] = len(form)
            old = get(form, missing)
            if old == missing:
                add(form, code)
            else:
                collide(form, old, code)
            if key[:3] == "الل":
                # ل + اللاذقية → للاذقية, matched as the text is: لالاذقية (see _expand_ll).
                form = "لا" + form[2:]
                lengths[code + 1] = len(form)
                old = get(form, missing)
                if old == missing:
                    add(form, code + 1)
                else:
                    collide(form, old, code + 1)
        if len(automaton):
            automaton.make_automaton()
        self._shared = shared
        self._lengths = lengths  # by code: 2*i the term's form, 2*i + 1 its merged للـ form
        return automaton

    def _ready(self) -> Any:
        if self._automaton is None:
            with _gc_paused():
                self._automaton = self._build()
        return self._automaton

    # -- matching --------------------------------------------------------------------------

    def find(self, text: str) -> list[TermHit]:
        """Every term in ``text``: longest first, non-overlapping, spans of ``text``."""
        automaton = self._ready()
        if not text or not len(automaton):
            return []
        with _gc_paused():
            return [h for h, i, _ in self._scan(automaton, text) if 0 <= i < len(self._all)]

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
        short = self._short
        assert short is not None
        active: dict[int, tuple[Term, str]] = {}  # short form → (entity, rendering)
        by_row = short.by_row
        n_all = len(self._all)
        with _gc_paused():
            if any("\x00" in text for text in segments):
                scanned = []
                for k, text in enumerate(segments):
                    scanned += [(h, i, k) for h, i, _ in self._scan(automaton, text)]
            else:
                starts = [0]
                for text in segments[:-1]:
                    starts.append(starts[-1] + len(text) + 1)
                scanned = self._scan(automaton, "\x00".join(segments), starts)
            for hit, index, k in scanned:
                if index < 0:
                    continue  # a not-a-term row
                if index < n_all:
                    out[k].append(hit)
                    if index in by_row:
                        for j, rendering in by_row[index]:
                            active[j] = (self._all[index], rendering)
                    continue
                owner = active.get(index - n_all)
                if owner is not None:
                    term, rendering = owner
                    out[k].append(
                        _hit(hit.source, hit.start, hit.end, term.source, rendering, True)
                    )
        return out

    def _scan(
        self, automaton: Any, text: str, starts: list[int] | None = None
    ) -> list[tuple[TermHit, int, int]]:
        """Hits in order as (hit, row index, segment): the index is -1 for a not-a-term row
        and ``len(_all) + j`` for short form ``j``; with ``starts`` (where each segment of a
        joined ``text`` begins) spans are within the segment."""
        norm, offsets = normalize_mapped(text)
        if "_" in norm:
            norm = norm.replace("_", " ")  # hashtags: #الحرس_الثوري
        removed: list[int] = []
        if _SKIPPED_QUOTES.search(norm) is not None:
            norm, removed = _drop_quotes(norm)
        inserted: list[int] = []
        if "لل" in norm:
            norm, inserted = _expand_ll(norm)
        alefs = frozenset(inserted)
        n = len(norm)
        lengths = self._lengths
        shared = self._shared
        found: list[tuple[int, int, int]] = []
        append = found.append
        for last, code in automaton.iter(norm):
            end = last + 1
            if end < n and norm[end].isalnum():
                continue  # more letters of the same word follow: حلب in الحلبيون
            if code >= 0 and not code & 1:  # the common case: one plain term
                length = lengths[code]
                start = end - length
                if start == 0 or not norm[start - 1].isalnum() or _left_ok(norm, start, alefs):
                    append((start, -length, code >> 1))
                continue
            for c in (code,) if code >= 0 else shared[-1 - code]:
                length = lengths[c]
                start = end - length
                if _merged_left_ok(norm, start) if c & 1 else _left_ok(norm, start, alefs):
                    append((start, -length, c >> 1))
                    break
        if not found:
            return []
        found.sort()

        def original(pos: int) -> int:
            """The position in ``text`` of ``norm[pos]``."""
            if inserted:
                pos -= bisect_right(inserted, pos)
            if removed:
                pos += bisect_right(removed, pos)
            return offsets[pos]

        # Sense rules, then overlaps: the longest wins (a later, longer hit replaces the one
        # it overlaps). Short forms only where no term is.
        special = self._special
        n_all = len(self._all)
        chosen: list[tuple[int, int, int]] = []
        shorts: list[tuple[int, int, int]] = []
        taken = 0
        for start, neg_length, index in found:
            end = start - neg_length
            if index >= n_all:
                shorts.append((start, end, index))
                continue
            if start < taken:
                s0, e0, _ = chosen[-1]
                if end <= taken or e0 - s0 >= end - start:
                    continue
                if index in special:
                    index = self._resolve(index, norm, start, end, text, original)
                    if index < 0:
                        continue
                chosen[-1] = (start, end, index)
                taken = end
                continue
            if index in special:
                index = self._resolve(index, norm, start, end, text, original)
                if index < 0:
                    continue
            chosen.append((start, end, index))
            taken = end
        if shorts:
            chosen = _merge_shorts(chosen, shorts)
        return self._spans(text, chosen, offsets, inserted, removed, starts)

    def _spans(
        self,
        text: str,
        chosen: list[tuple[int, int, int]],
        offsets: Any,
        inserted: list[int],
        removed: list[int],
        segments: list[int] | None = None,
    ) -> list[tuple[TermHit, int, int]]:
        # Map spans back to the original: the hits come in order, so walk the offset pieces.
        starts, origs, steps = offsets.norm_starts, offsets.orig_starts, offsets.steps
        pieces = len(starts)
        k = 0
        out: list[tuple[TermHit, int, int]] = []
        terms = self._all
        n_all = len(terms)
        short_keys = self._short.keys if self._short is not None else []
        marks = WORD_MARKS
        tlen = len(text)
        seg = 0
        base = 0
        bounds = segments or [0]
        last_seg = len(bounds) - 1
        blockers = self._blockers
        new = _new
        # Hits come in order: walk the inserted alefs and removed quotes instead of bisecting.
        n_ins, n_rem = len(inserted), len(removed)
        a = b = 0
        for start, end, index in chosen:
            if n_ins:
                # Back to positions before _expand_ll; an inserted alef counts as the ل before it.
                while a < n_ins and inserted[a] <= start:
                    a += 1
                start -= a
                e = a
                while e < n_ins and inserted[e] <= end - 1:
                    e += 1
                end -= e
            if n_rem:
                while b < n_rem and removed[b] <= start:
                    b += 1
                start += b
                e = b
                while e < n_rem and removed[e] <= end - 1:
                    e += 1
                end += e
            while k + 1 < pieces and starts[k + 1] <= start:
                k += 1
            o_start = origs[k] + (start - starts[k]) * steps[k]
            j = k
            while j + 1 < pieces and starts[j + 1] <= end - 1:
                j += 1
            o_end = origs[j] + (end - 1 - starts[j]) * steps[j] + 1
            while o_end < tlen and text[o_end] in marks:
                o_end += 1  # the diacritics and tatweel of the last letter belong to the hit
            while seg < last_seg and bounds[seg + 1] <= o_start:
                seg += 1
                base = bounds[seg]
            if index >= n_all:
                key = short_keys[index - n_all]
                hit = _hit(text[o_start:o_end], o_start - base, o_end - base, key, key, True)
                out.append((hit, index, seg))
                continue
            term = terms[index]
            hit = new(TermHit)
            hit.__dict__.update(
                source=text[o_start:o_end],
                start=o_start - base,
                end=o_end - base,
                term=term.source,
                target=term.target,
            )
            out.append((hit, -1 if index in blockers else index, seg))
        return out

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
            senses = self._sense.get(i)
            if senses is not None and not _senses_hold(senses, norm, start, end, attached):
                continue
            return i
        return -1


def _eats_letter(norm: str, start: int, text: str, original: Callable[[int], int]) -> bool:
    """Whether the proclitics before ``start`` would take a word's own first letters: the
    text has a bare alef where the term has a hamza, after anything but a lone و."""
    if text[original(start)] != "ا":
        return False
    q = start
    while q > 0 and norm[q - 1].isalnum():
        q -= 1
    return norm[q:start] != "و"


def _words_before(norm: str, pos: int, count: int) -> list[str]:
    """Up to ``count`` words right before ``pos`` (last one last), stopping at punctuation."""
    words: list[str] = []
    q = pos
    while len(words) < count:
        while q > 0 and norm[q - 1] == " ":
            q -= 1
        if q == 0 or not norm[q - 1].isalnum():
            break
        e = q
        while q > 0 and norm[q - 1].isalnum():
            q -= 1
        words.insert(0, norm[q:e])
    return words


def _words_after(norm: str, pos: int, count: int) -> list[str]:
    words: list[str] = []
    n = len(norm)
    q = pos
    while len(words) < count:
        while q < n and norm[q] == " ":
            q += 1
        if q >= n or not norm[q].isalnum():
            break
        s = q
        while q < n and norm[q].isalnum():
            q += 1
        words.append(norm[s:q])
    return words


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


def _generated(terms: list[Term], keys: list[str]) -> list[tuple[Term, str]]:
    """The countryside of every governorate the glossary names and every direction of each
    countryside, for the ones the glossary does not list itself."""
    have = set(keys)
    bases: dict[str, tuple[str, str]] = {}  # countryside key → (Arabic, English place)
    directions = {match_key(d) for d, _ in DIRECTIONS[:5]}
    governorates = {match_key(name): name for name in GOVERNORATES}
    places: dict[str, Term] = {}
    for term, key in zip(terms, keys, strict=True):
        if key in governorates:
            places.setdefault(key, term)
        if not key.startswith("ريف "):
            continue
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
        place = places.get(gkey)
        key = match_key("ريف " + name)
        if place is not None and key not in bases and not place.conditioned:
            bases[key] = ("ريف " + name, place.target)
    out: list[tuple[Term, str]] = []

    def add(source: str, target: str, note: str) -> None:
        key = match_key(source)
        if key not in have:
            have.add(key)
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

    @classmethod
    def of(cls, pool: list[Term], first: dict[str, int]) -> _ShortForms:
        """Short forms of ``pool`` whose key is not a term of its own (``first``: the row
        of each term key), each key once."""
        index: dict[str, int] = {}
        short = cls([])
        forms: list[tuple[int, str, str]] = []
        for i, term in enumerate(pool):
            if not term.short_forms and "person" not in term.category.lower():
                continue
            if term.category != NOT_A_TERM:
                forms += [(i, source, rendering) for source, rendering in _short_forms(term)]
        keys = term_keys([source for _, source, _ in forms])  # one normalisation pass
        for (i, _, rendering), key in zip(forms, keys, strict=True):
            if not key or key in first:
                continue
            j = index.setdefault(key, len(short.keys))
            if j == len(short.keys):
                short.keys.append(key)
            short.by_row.setdefault(i, []).append((j, rendering))
        return short


def _merge_shorts(
    chosen: list[tuple[int, int, int]], shorts: list[tuple[int, int, int]]
) -> list[tuple[int, int, int]]:
    """``chosen`` with the short-form candidates that overlap no term nor each other, in order."""
    out: list[tuple[int, int, int]] = []
    k = 0
    taken = 0
    n = len(chosen)
    for start, end, index in shorts:
        if start < taken:
            continue
        while k < n and chosen[k][1] <= start:
            out.append(chosen[k])
            k += 1
        if k < n and chosen[k][0] < end:
            continue  # inside or across a term: the term wins
        out.append((start, end, index))
        taken = end
    out.extend(chosen[k:])
    return out


_PAREN = re.compile(r"\s*\([^)]*\)")

#: Surnames that are also ordinary words or given names, so that a later mention of the word
#: is no sign of the person: صالح in لصالح "in favour of", السلامة "safety", البابا "the
#: Pope", كيلو "kilo", الرحمن and العلي (of God), الدين in نور الدين, العودة "the return",
#: خالد or حسن (another person). The person rule does not make them short forms; a row that
#: wants one lists it in ``short_forms``.
COMMON_SURNAMES = frozenset(
    """
    صالح الصالح الغريب هيكل السلامة البابا كيلو الرحمن سيف نجمة عباس شكري العلي الثاني ثاني
    الدين الله الرزاق الغني اللطيف الحنان الحلبي العودة المعلم الخطيب الحسن الشبل سلام فوز
    خطاب خميس شعبان مسلم كرد عفرين كوباني عون غزال جاموس حامض حجاب شامي بدر لاين ليف دلا
    أحمد محمد محمود علي حسن حسين خالد عمر عيسى يوسف قاسم مصطفى خليل مروان زايد حمد سلمان
    خولة صابرين إبراهيم عثمان سليمان موسى هارون داود طه ياسين عبد
    """.split()
)
# Words that make a compound surname with the word after them (رامي عبد الرحمن: Abdulrahman).
_SURNAME_HEADS = frozenset({"عبد", "أبو", "ابو", "بن", "ابن", "آل"})
_ENGLISH_HEADS = frozenset({"abu", "abd", "abdel", "abdul", "bin", "ibn", "al", "el", "ben"})
_common_keys: frozenset[str] | None = None


def _is_common(surname: str) -> bool:
    global _common_keys
    if _common_keys is None:
        _common_keys = frozenset(term_keys(sorted(COMMON_SURNAMES)))
    return match_key(surname) in _common_keys


def person_surname(term: Term) -> tuple[str, str] | None:
    """A person row's surname as (Arabic, English), or None when it has none that can stand
    alone: the last word (two after عبد, أبو, بن, آل), rendered by the rendering's last name
    part; a surname of fewer than three letters or an ordinary word (:data:`COMMON_SURNAMES`)
    gives none."""
    words = term.source.split()
    names = _PAREN.sub("", term.target).split()
    if len(words) < 2 or len(names) < 2:
        return None
    arabic = words[-1]
    english = names[-1]
    if len(words) >= 3 and words[-2] in _SURNAME_HEADS:
        arabic = f"{words[-2]} {words[-1]}"
        if len(names) >= 3 and names[-2].lower() in _ENGLISH_HEADS:
            english = f"{names[-2]} {names[-1]}"
    elif _is_common(arabic) or len(match_key(arabic)) < 3:
        return None
    return arabic, english


def _short_forms(term: Term) -> list[tuple[str, str]]:
    """(Arabic, English) short forms of a row: its ``short_forms`` cells, and a person's
    surname (:func:`person_surname`)."""
    out: list[tuple[str, str]] = []
    for cell in term.short_forms:
        arabic, _, english = cell.partition("=")
        if arabic.strip():
            out.append((arabic.strip(), english.strip() or term.target))
    if "person" in term.category.lower():
        surname = person_surname(term)
        if surname is not None:
            out.append(surname)
    return out


@contextmanager
def _gc_paused() -> Generator[None, None, None]:
    """Pause the cyclic garbage collector while building many small acyclic objects: its
    repeated passes over them cost more than the work itself on a 50,000-term glossary."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Frozen dataclasses set each field through object.__setattr__, which costs more than the
# matching itself on big inputs; this builds the same objects straight into __dict__.
_new = object.__new__


def _hit(source: str, start: int, end: int, term: str, target: str, short: bool = False) -> TermHit:
    hit = _new(TermHit)
    hit.__dict__.update(source=source, start=start, end=end, term=term, target=target, short=short)
    return hit


def _drop_quotes(norm: str) -> tuple[str, list[int]]:
    """``norm`` without quote marks (a run between two letters becomes spaces), and where
    each removed character was: position ``p`` of the result is ``p + bisect_right(removed,
    p)`` of ``norm``."""
    parts: list[str] = []
    removed: list[int] = []
    prev = 0
    shift = 0
    n = len(norm)
    for m in _SKIPPED_QUOTES.finditer(norm):
        s, e = m.span()
        if s > 0 and e < n and norm[s - 1].isalnum() and norm[e].isalnum():
            parts.append(norm[prev:s])
            parts.append(" " * (e - s))  # «قسد»و«داعش»: the words stay apart
            prev = e
            continue
        parts.append(norm[prev:s])
        at = s - shift  # where the next kept character lands in the result
        removed.extend([at] * (e - s))
        shift += e - s
        prev = e
    if not removed:
        return norm, removed
    parts.append(norm[prev:])
    return "".join(parts), removed


# The preposition ل before the article ال drops the alef: ل + الجيش → للجيش, and before a word
# starting with ل the article's lam too: ل + اللاذقية → للاذقية. The matching text gets the alef
# back (للجيش → لالجيش), so ال terms are found after ل like after ب or ك, without a second
# automaton key for each of them; only terms starting with الل need one (لالاذقية).
def _expand_ll(norm: str) -> tuple[str, list[int]]:
    """``norm`` with an alef after a word-initial ل before ل (after an optional و or ف), and
    the positions the alefs went to."""
    parts: list[str] = []
    inserted: list[int] = []
    prev = 0
    at = norm.find("لل")
    while at >= 0:
        before = norm[at - 1] if at else " "
        if not before.isalnum() or (before in _CONJ and (at == 1 or not norm[at - 2].isalnum())):
            cut = at + 1
            parts.append(norm[prev:cut])
            parts.append("ا")
            inserted.append(cut + len(inserted))
            prev = cut
        at = norm.find("لل", at + 1)
    if not inserted:
        return norm, inserted
    parts.append(norm[prev:])
    return "".join(parts), inserted


def _left_ok(norm: str, start: int, alefs: frozenset[int] = frozenset()) -> bool:
    """A word starts at ``start``, possibly after proclitics (و/ف, then ب/ل/ك) and quotes.

    ``alefs`` are the positions of alefs :func:`_expand_ll` inserted: one right before
    ``start`` follows the preposition ل (للبنان → لالبنان, the term لبنان after ل).
    """
    q = start
    while q > 0 and norm[q - 1] in QUOTES:
        q -= 1
    if q == 0 or not norm[q - 1].isalnum():
        return True
    if q - 1 in alefs:
        q -= 1
    c = norm[q - 1]
    if c in _AFTER_CONJ:
        q -= 1
        if q == 0 or not norm[q - 1].isalnum():
            return True
        c = norm[q - 1]
    if c in _CONJ:
        q -= 1
        return q == 0 or not norm[q - 1].isalnum()
    return False


def _merged_left_ok(norm: str, start: int) -> bool:
    """The ل of a merged للـ form starts a word, possibly after و or ف."""
    if start == 0 or not norm[start - 1].isalnum():
        return True
    if norm[start - 1] in _CONJ:
        return start == 1 or not norm[start - 2].isalnum()
    return False
