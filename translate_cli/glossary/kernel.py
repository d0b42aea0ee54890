"""The per-match passes of glossary matching, as plain functions over ints and strings.

:meth:`Glossary.find <translate_cli.glossary.matcher.Glossary.find>` runs two passes for every
text, and on a long article they see tens of thousands of automaton matches:

- :func:`select`: the automaton's matches on word boundaries (proclitics allowed on the
  left), overlaps settled (the longest wins), rows that say when they apply resolved through
  a callback, short forms only where no term is; positions of the matching text;
- :func:`spans`: those hits mapped back to the original text, each end taken over the
  diacritics and tatweel of its last letter;
- :func:`emit`: the hits as :class:`~translate_cli.glossary.model.TermHit`, by segment.

This module is the reference implementation and the one used where no C compiler was at hand
when the package was installed. ``_kernel.c`` is the same three functions compiled (the
automaton pass itself is pyahocorasick's C; these passes are the Python around it); a test
runs both over the same inputs and asserts they agree. :data:`COMPILED` says which is in
use; ``TRANSLATE_CLI_PURE_PYTHON=1`` forces this one.

Codes and flags (built by :meth:`Glossary._build`):

- an automaton value ``code`` is ``2*i + kind`` for term ``i`` (kind 1: its merged للـ form),
  or ``-1 - j`` for entry ``j`` of ``shared`` when several forms share one key;
  ``lengths[code]`` is the form's length;
- ``flags[i]`` has :data:`RESOLVED` when a hit of ``i`` may still be dropped (it must not hide
  the shorter terms that end where it does) and :data:`SPECIAL` when it goes through the
  ``resolve`` callback (sense rules, several rows of one key, not-a-term rows, hamza-initial
  names), :data:`BLOCKER` when it is a not-a-term row (matched only to shield its words, never
  reported), :data:`ACTIVATES` when its hit makes short forms of its entity active and
  :data:`SHADOWED` when its key is also an entity's short form, active as ``-1 - i`` (a hit
  of the row then stands for that entity while it is active); indices from ``n_all`` on are
  short forms.
"""

from __future__ import annotations

import importlib
import os
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import Any

from translate_cli.text.arabic import CONJUNCTIONS, PREPOSITIONS
from translate_cli.text.normalize import WORD_MARKS, normalize_mapped

#: The alefs with a hamza a name may start with (أطمة, إدلب, آل).
HAMZA_ALEFS = frozenset("أإآ")
#: Quote marks that may stand between a proclitic and the term: لـ«قسد», ب"النصرة".
QUOTES = frozenset("«»\"'“”„‟‘’‚‛‹›")
#: The ones skipped inside a name (قناة "الإخبارية" السورية); apostrophes stay (Latin words).
SKIPPED = frozenset('«»"“”„‟‹›')
SKIPPED_QUOTES = re.compile("[" + re.escape("".join(sorted(SKIPPED))) + "]+")
RESOLVED = 1
SPECIAL = 2
BLOCKER = 4
ACTIVATES = 8
SHADOWED = 16
# A code with ``code & _ODD == 0`` is a plain term's (even, not negative).
_ODD = 1 | 1 << 62
_END = itemgetter(1)

Hit = tuple[int, int, int]  # (start, end, index)
Resolve = Callable[[int, int, int], int]


def select(
    matches: Iterable[tuple[int, int]],
    norm: str,
    alefs: Sequence[int],
    lengths: Sequence[int],
    shared: Sequence[tuple[int, ...]],
    flags: bytes | bytearray,
    sources: Sequence[str],
    resolve: Resolve,
    eats: Callable[[int], bool],
) -> list[Hit]:
    """The hits kept from the automaton's ``matches`` over ``norm``, in order.

    ``alefs``: the sorted positions of the alefs :func:`expand_ll` put back after ل (one
    right before a hit means the preposition ل is attached); ``sources``: each row's source
    (indices from ``len(sources)`` on are short forms); ``resolve(i, start, end)`` gives the
    row that applies to a hit of a :data:`SPECIAL` index, or -1 to drop it; ``eats(start)``
    says whether the proclitics glued before ``start`` would take the first letter of a word
    the text spells with a bare alef, for a name spelled with a hamza (فاطمة is not ف + أطمة).
    """
    found = candidates(matches, norm, frozenset(alefs), lengths, shared, flags, sources, eats)
    if not found:
        return []
    chosen, shorts = settle(found, flags, len(sources), resolve)
    return merge_shorts(chosen, shorts) if shorts else chosen


def candidates(
    matches: Iterable[tuple[int, int]],
    norm: str,
    alefs: frozenset[int],
    lengths: Sequence[int],
    shared: Sequence[tuple[int, ...]],
    flags: bytes | bytearray,
    sources: Sequence[str],
    eats: Callable[[int], bool],
) -> list[tuple[int, int, int]]:
    """Every match on word boundaries as (start, -length, index), by end."""
    found: list[tuple[int, int, int]] = []
    append = found.append
    n_all = len(sources)

    def hamza(index: int) -> bool:
        """A row spelled with a hamza first (looked at here, hit by hit, rather than on every
        row when the glossary is built); one that says when it applies is resolved later."""
        return index < n_all and sources[index][:1] in HAMZA_ALEFS and not flags[index] & SPECIAL

    # ``around[p + 1]`` is ``norm[p]``, with a space past either end: the character before a
    # hit and the one after it are read without bound checks.
    around = f" {norm} "
    # The automaton gives the terms ending at one place longest first. Once one there fails
    # the right boundary, all do; once a plain term that needs no resolving is found there,
    # every shorter one ends inside it and would lose to it: ``done`` skips the rest (not
    # after a hamza-initial name, which a proclitic may have eaten into).
    done = -1
    for last, code in matches:
        if last == done:
            continue
        if around[last + 2].isalnum():
            done = last
            continue  # more letters of the same word follow: حلب in الحلبيون
        if not code & _ODD:
            length = lengths[code]
            start = last + 1 - length
            if not around[start].isalnum() or left_ok(norm, start, alefs):
                index = code >> 1
                if hamza(index):
                    if not (around[start].isalnum() and eats(start)):
                        append((start, -length, index))
                    continue
                append((start, -length, index))
                if not flags[index] & RESOLVED:
                    done = last
            continue
        end = last + 1
        for c in (code,) if code >= 0 else shared[-1 - code]:
            length = lengths[c]
            start = end - length
            if merged_left_ok(norm, start) if c & 1 else left_ok(norm, start, alefs):
                index = c >> 1
                if not (hamza(index) and around[start].isalnum() and eats(start)):
                    append((start, -length, index))
                break
    return found


def settle(
    found: list[tuple[int, int, int]], flags: bytes | bytearray, n_all: int, resolve: Resolve
) -> tuple[list[Hit], list[Hit]]:
    """The terms kept from ``found`` (sense rules, then overlaps: a later, longer hit
    replaces the one it overlaps) and the short-form candidates, each in order."""
    found.sort()
    chosen: list[Hit] = []
    shorts: list[Hit] = []
    taken = 0
    for start, neg_length, index in found:
        end = start - neg_length
        if index >= n_all:
            shorts.append((start, end, index))
            continue
        replace = start < taken
        if replace:
            s0, e0, _ = chosen[-1]
            if end <= taken or e0 - s0 >= end - start:
                continue
        if flags[index] & SPECIAL:
            index = resolve(index, start, end)
            if index < 0:
                continue
        if replace:
            chosen[-1] = (start, end, index)
        else:
            chosen.append((start, end, index))
        taken = end
    return chosen, shorts


def merge_shorts(chosen: list[Hit], shorts: list[Hit]) -> list[Hit]:
    """``chosen`` with the short-form candidates that overlap no term nor each other."""
    out: list[Hit] = []
    k = 0  # chosen[:k] are in ``out``
    taken = 0
    n = len(chosen)
    for start, end, index in shorts:
        if start < taken:
            continue
        # The terms ending by ``start`` go first (chosen do not overlap: their ends grow too).
        j = bisect_right(chosen, start, k, n, key=_END)
        out.extend(chosen[k:j])
        k = j
        if k < n and chosen[k][0] < end:
            continue  # inside or across a term: the term wins
        out.append((start, end, index))
        taken = end
    out.extend(chosen[k:])
    return out


def left_ok(norm: str, start: int, alefs: frozenset[int] = frozenset()) -> bool:
    """A word starts at ``start``, possibly after proclitics (و/ف, then ب/ل/ك) and quotes.

    ``alefs`` are the positions of alefs :func:`expand_ll` inserted: one right before
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
    if c in PREPOSITIONS:
        q -= 1
        if q == 0 or not norm[q - 1].isalnum():
            return True
        c = norm[q - 1]
    if c in CONJUNCTIONS:
        q -= 1
        return q == 0 or not norm[q - 1].isalnum()
    return False


def merged_left_ok(norm: str, start: int) -> bool:
    """The ل of a merged للـ form starts a word, possibly after و or ف."""
    if start == 0 or not norm[start - 1].isalnum():
        return True
    if norm[start - 1] in CONJUNCTIONS:
        return start == 1 or not norm[start - 2].isalnum()
    return False


def spans(
    text: str,
    hits: list[Hit],
    inserted: Sequence[int],
    removed: Sequence[int],
    norm_starts: Sequence[int],
    orig_starts: Sequence[int],
    steps: Sequence[int],
) -> list[Hit]:
    """(start, end, index) in ``text`` of each of ``hits`` (positions of the matching text,
    in order); the end takes in the diacritics and tatweel of the hit's last letter.

    ``inserted``: where alefs were put back (:func:`expand_ll`); ``removed``: where quote
    marks were dropped (:func:`drop_quotes`); then the offset map's pieces
    (:class:`~translate_cli.text.normalize.OffsetMap`) back to ``text``.
    """
    # The hits come in order, so each position map is walked once, with a fast path while a
    # hit stays before the map's next event (an inserted alef, a removed quote, a new offset
    # piece): ``start <= last`` and the starts only grow, so while ``last`` stays before a
    # map's next event the whole hit does, and one comparison settles that map.
    inf = 1 << 62
    n_ins, n_rem = len(inserted), len(removed)
    a = b = 0
    ins_next = inserted[0] if n_ins else inf
    rem_next = removed[0] if n_rem else inf
    starts, origs = norm_starts, orig_starts
    pieces = len(starts)
    k = 0
    p_start, p_orig, p_step = starts[0], origs[0], steps[0]
    p_next = starts[1] if pieces > 1 else inf
    marks = WORD_MARKS
    padded = text + "\x00"  # a sentinel that is no mark: the mark loop needs no bound
    out: list[Hit] = []
    append = out.append
    for start, end, index in hits:
        last = end - 1
        if last < ins_next:
            start -= a
            last -= a
        else:
            # Back to positions before expand_ll; an inserted alef counts as the ل before it.
            while a < n_ins and inserted[a] <= start:
                a += 1
            ins_next = inserted[a] if a < n_ins else inf
            e = a
            while e < n_ins and inserted[e] <= last:
                e += 1
            start -= a
            last -= e
        inside = 0  # quote marks dropped inside the hit (تنظيم "داعش")
        if last < rem_next:
            start += b
            last += b
        else:
            while b < n_rem and removed[b] <= start:
                b += 1
            rem_next = removed[b] if b < n_rem else inf
            e = b
            while e < n_rem and removed[e] <= last:
                e += 1
            inside = e - b
            start += b
            last += e
        if last < p_next:
            o_start = p_orig + (start - p_start) * p_step
            o_end = p_orig + (last - p_start) * p_step + 1
        else:
            while k + 1 < pieces and starts[k + 1] <= start:
                k += 1
            p_start, p_orig, p_step = starts[k], origs[k], steps[k]
            p_next = starts[k + 1] if k + 1 < pieces else inf
            o_start = p_orig + (start - p_start) * p_step
            j = k
            while j + 1 < pieces and starts[j + 1] <= last:
                j += 1
            o_end = origs[j] + (last - starts[j]) * steps[j] + 1
        while padded[o_end] in marks:
            o_end += 1  # the diacritics and tatweel of the last letter belong to the hit
        if inside & 1 and padded[o_end] in SKIPPED:
            o_end += 1  # the quote that closes one opened inside: تنظيم "داعش", not تنظيم "داعش
        append((o_start, o_end, index))
    return out


def emit(
    text: str,
    hits: list[Hit],
    out: list[list[Any]],
    bounds: Sequence[int],
    sources: Sequence[str],
    targets: Sequence[str],
    terms: Sequence[Any],
    flags: bytes | bytearray,
    by_row: dict[int, list[tuple[int, str]]],
    active: dict[int, tuple[Any, str]],
    article: bool,
    hit_type: type,
    short_hit: Callable[..., Any],
) -> None:
    """Append each of ``hits`` (from :func:`spans`) to ``out[k]`` as a ``hit_type``
    (:class:`~translate_cli.glossary.model.TermHit`) of row ``index``, for the segment ``k`` of
    ``text`` it falls in (segment ``k`` starts at ``bounds[k]``; spans are within it).

    With ``article``, a row's hit makes its short forms ``active`` (``by_row[index]``: its
    short forms ``j`` and their renderings) and a short form's hit (index ``len(sources) +
    j``) is kept, as ``short_hit(text, start, end, base, term, rendering)``, when its entity
    is active; without, short forms are dropped. Not-a-term rows are never kept.
    """
    inf = 1 << 62
    seg = 0
    base = 0
    last_seg = len(bounds) - 1
    seg_next = bounds[1] if last_seg else inf
    sink = out[0].append
    n_all = len(sources)
    new = tuple.__new__
    for o_start, o_end, index in hits:
        if o_start >= seg_next:
            while seg < last_seg and bounds[seg + 1] <= o_start:
                seg += 1
            base = bounds[seg]
            seg_next = bounds[seg + 1] if seg < last_seg else inf
            sink = out[seg].append
        if index >= n_all:
            owner = active.get(index - n_all) if article else None
            if owner is not None:  # a short form whose entity came earlier
                sink(short_hit(text, o_start, o_end, base, *owner))
            continue
        flag = flags[index]
        if flag & BLOCKER:
            continue  # a not-a-term row: matched only to shield its words
        if flag & SHADOWED and article:
            owner = active.get(-1 - index)
            if owner is not None:  # the surname of a person named earlier, not the place
                sink(short_hit(text, o_start, o_end, base, *owner))
                continue
        surface = text[o_start:o_end]
        sink(
            new(
                hit_type,
                (surface, o_start - base, o_end - base, sources[index], targets[index], False),
            )
        )
        if flag & ACTIVATES and article:
            term = terms[index]
            for j, rendering in by_row[index]:
                active[j] = (term, rendering)


def match(
    matches: Iterable[tuple[int, int]],
    text: str,
    view: tuple[str, list[int], list[int], list[int], list[int], list[int]],
    tables: tuple[Any, ...],
    out: list[list[Any]],
    bounds: Sequence[int],
    active: dict[int, tuple[Any, str]],
    article: bool,
    resolve: Resolve,
    eats: Callable[[int], bool],
    hit_type: type,
    short_hit: Callable[..., Any],
) -> None:
    """:func:`select`, :func:`spans` and :func:`emit` in one: the automaton's ``matches`` on
    ``view`` (from :func:`view`) of ``text``, to ``out`` by segment.

    ``tables`` is ``(lengths, shared, flags, sources, targets, terms, by_row)``, built once
    per glossary (see :meth:`Glossary._build`).
    """
    norm, norm_starts, orig_starts, steps, removed, inserted = view
    lengths, shared, flags, sources, targets, terms, by_row = tables
    hits = select(matches, norm, inserted, lengths, shared, flags, sources, resolve, eats)
    if hits:
        hits = spans(text, hits, inserted, removed, norm_starts, orig_starts, steps)
        emit(
            text,
            hits,
            out,
            bounds,
            sources,
            targets,
            terms,
            flags,
            by_row,
            active,
            article,
            hit_type,
            short_hit,
        )


def view(text: str) -> tuple[str, list[int], list[int], list[int], list[int], list[int]]:
    """The matching text of ``text`` and its maps back, as ``(norm, norm_starts,
    orig_starts, steps, removed, inserted)``.

    ``norm`` is :func:`~translate_cli.text.normalize.normalize_mapped`'s form (whose offset
    map ``norm_starts``, ``orig_starts``, ``steps`` are) with hashtags read as words (``_`` →
    space), quote marks inside names dropped (``removed``: see :func:`drop_quotes`) and the
    alef of ل + ال put back (``inserted``: see :func:`expand_ll`).
    """
    norm, offsets = normalize_mapped(text)
    if "_" in norm:
        norm = norm.replace("_", " ")  # hashtags: #الحرس_الثوري
    removed: list[int] = []
    if SKIPPED_QUOTES.search(norm) is not None:
        norm, removed = drop_quotes(norm)
    inserted: list[int] = []
    if "لل" in norm:
        norm, inserted = expand_ll(norm)
    return norm, offsets.norm_starts, offsets.orig_starts, offsets.steps, removed, inserted


def drop_quotes(norm: str) -> tuple[str, list[int]]:
    """``norm`` without quote marks (a run between two letters becomes spaces), and where
    each removed character was: position ``p`` of the result is ``p + bisect_right(removed,
    p)`` of ``norm``."""
    parts: list[str] = []
    removed: list[int] = []
    prev = 0
    shift = 0
    n = len(norm)
    for m in SKIPPED_QUOTES.finditer(norm):
        s, e = m.span()
        parts.append(norm[prev:s])
        prev = e
        if s > 0 and e < n and norm[s - 1].isalnum() and norm[e].isalnum():
            parts.append(" " * (e - s))  # «قسد»و«داعش», قناة"الإخبارية": the words stay apart
            continue
        at = s - shift  # where the next kept character lands in the result
        removed.extend([at] * (e - s))
        shift += e - s
    parts.append(norm[prev:])
    return "".join(parts), removed


# The preposition ل before the article ال drops the alef: ل + الجيش → للجيش, and before a word
# starting with ل the article's lam too: ل + اللاذقية → للاذقية. The matching text gets the alef
# back (للجيش → لالجيش), so ال terms are found after ل like after ب or ك, without a second
# automaton key for each of them; only terms starting with الل need one (لالاذقية).
def expand_ll(norm: str) -> tuple[str, list[int]]:
    """``norm`` with an alef after a word-initial ل before ل (after an optional و or ف), and
    the positions the alefs went to."""
    parts: list[str] = []
    inserted: list[int] = []
    prev = 0
    at = norm.find("لل")
    while at >= 0:
        before = norm[at - 1] if at else " "
        if not before.isalnum() or (
            before in CONJUNCTIONS and (at == 1 or not norm[at - 2].isalnum())
        ):
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


PY_VIEW, PY_MATCH = view, match
#: The compiled module (``_kernel.c``), or None where it was not built.
NATIVE: Any = None
COMPILED = False
if not os.environ.get("TRANSLATE_CLI_PURE_PYTHON"):
    try:
        # By name: an extension module is no source file, so an import statement here would
        # read, to the import graph (tests/test_layers.py), as one of the package itself.
        NATIVE = importlib.import_module("translate_cli.glossary._kernel")
    except ImportError:  # built without a C compiler: the functions above serve
        pass
    else:
        NATIVE.configure(
            "".join(sorted(QUOTES)),
            "".join(sorted(PREPOSITIONS)),
            "".join(sorted(CONJUNCTIONS)),
            "".join(sorted(WORD_MARKS)),
            "".join(sorted(HAMZA_ALEFS)),
            "".join(sorted(SKIPPED)),
        )

        def _first_view(
            text: str,
        ) -> tuple[str, list[int], list[int], list[int], list[int], list[int]]:
            """Hand the normalisation tables to the compiled view on first use (they take a
            few milliseconds to build, which a command that matches nothing need not pay)."""
            global view
            from translate_cli.text.normalize import _SEATS, DROP, _tables

            tables = _tables()
            NATIVE.configure_view(
                tables.table,
                tables.special,
                "".join(sorted(DROP)),
                "".join(sorted(_SEATS)),
            )
            view = NATIVE.view
            return view(text)

        view = _first_view
        match = NATIVE.match
        COMPILED = True
