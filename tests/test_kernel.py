"""The compiled matching passes (_kernel.c) against their Python reference (kernel.py).

Both must give the same hits for every glossary and text: random glossaries with every kind of
row the passes treat apart (sense rules, hamza-initial names, الل forms, repeated keys,
not-a-term rows, people and short forms) over random texts built from their words, proclitics,
quotes, diacritics, tatweel, hashtags and NUL; and the compiled one must refuse bad arguments
with an exception, never a crash.
"""

from __future__ import annotations

import gc
import os
import shutil
import sysconfig
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translate_cli.glossary import Glossary, Term, kernel
from translate_cli.glossary.matcher import _eats_letter, _MatchingText, _short_hit
from translate_cli.glossary.model import TermHit

compiled = pytest.mark.skipif(not kernel.COMPILED, reason="the C kernel was not built")

WORDS = ["حلب", "أطمة", "اللاذقية", "لبنان", "الشرع", "أحمد", "قسد", "سورية", "ليرة", "ريف"]
WORDS += ["الشمالي", "مرض", "السكري", "عبد", "الرحمن", "المرصد", "فاطمة", "الجيش", "اللواء"]
WORDS += ["80", "800", "الوطني", "لاذقية", "ﻻ"]
# A word as news writes it: proclitics and quotes before, marks or more letters after.
BEFORE = ["", "", "", "و", "ف", "ب", "ل", "ك", "وب", "فل", "ال", "«", "و«", "لـ«", '"', "#", "ا"]
AFTER = ["", "", "", "", "ون", "ي", "ـ", "\u064e", "\u0651", "»", '"', "،", "."]
BETWEEN = [" ", " ", " ", " ", "، ", ". ", "\x00", "_", "\n", "  "]
words = st.tuples(st.sampled_from(BEFORE), st.sampled_from(WORDS), st.sampled_from(AFTER))
segment = st.lists(st.tuples(words, st.sampled_from(BETWEEN)), max_size=14).map(
    lambda parts: "".join(b + w + a + sep for (b, w, a), sep in parts)
)

TERMS = [
    Term("حلب", "Aleppo", "place"),
    Term("ريف حلب", "Aleppo countryside", "place"),
    Term("أطمة", "Atmeh", "place"),
    Term("اللاذقية", "Latakia", "place"),
    Term("لبنان", "Lebanon", "place"),
    Term("أحمد الشرع", "Ahmed al-Sharaa", "person"),
    Term("رامي عبد الرحمن", "Rami Abdulrahman", "person"),
    Term("قسد", "SDF", "faction"),
    Term("سورية", "Syria", "place", not_after=("ليرة",)),
    Term("سورية", "Syrian", "adjective", only_after=("ليرة",)),
    Term("ليرة سورية", "Syrian pound", "currency"),
    Term("مرض السكري", "diabetes", "not-a-term"),
    Term("السكري", "al-Sukkari", "place"),
    Term("المرصد السوري", "SOHR", "organization", short_forms=("المرصد=the Observatory",)),
    Term("الجيش", "the army", "actor", only_before=("الوطني",)),
    Term("اللواء 80", "80th Brigade", "unit"),
    # Overlapping names of one length (قسد حلب قسد): the first one stays.
    Term("قسد حلب", "T1", "place"),
    Term("حلب قسد", "T2", "place"),
]


@pytest.fixture
def pure(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The Python passes, whatever was built."""
    monkeypatch.setattr(kernel, "view", kernel.PY_VIEW)
    monkeypatch.setattr(kernel, "match", kernel.PY_MATCH)
    yield


def both(glossary: Glossary, texts: list[str]) -> tuple[object, object]:
    """find_article and find of every text, compiled then pure."""
    got = []
    for passes in ((kernel.view, kernel.match), (kernel.PY_VIEW, kernel.PY_MATCH)):
        saved = kernel.view, kernel.match
        kernel.view, kernel.match = passes
        try:
            got.append((glossary.find_article(texts), [glossary.find(t) for t in texts]))
        finally:
            kernel.view, kernel.match = saved
    return got[0], got[1]


texts = st.lists(segment, min_size=1, max_size=4)
extra_terms = st.lists(
    st.builds(
        lambda words, kind: Term(" ".join(words), f"T {' '.join(words)}", kind),
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
        st.sampled_from(["place", "person", "not-a-term", "org"]),
    ),
    max_size=8,
)


@compiled
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, extra_terms)
def test_compiled_and_python_passes_agree(segments: list[str], extra: list[Term]) -> None:
    seen = {t.source for t in TERMS}
    rows = TERMS + [t for t in extra if t.source not in seen and not seen.add(t.source)]  # type: ignore[func-returns-value]
    native, python = both(Glossary(rows), segments)
    assert native == python


# What normalisation treats apart: marks, tatweel, invisible and bidi characters, whitespace of
# every kind (runs with invisible characters inside), presentation forms and ligatures that
# expand, hamza seats, quotes, لل, digits, Latin capitals.
ODD = "\u064b\u064e\u0651\u0652\u0654\u0655\u0670\u0640\u200b\u200c\u200d\u200f\u202b"
ODD += "\u2066\ufeff\u00ad \t\n\r\u00a0\u2003\u3000\ufefb\ufdf2\ufdfa\ufe8d\ufb50"
ODD += "ويىؤئأإآٱةک«»\"“”„‟‹›'_#لل٠١٩۴AZÀ\x00"


@compiled
@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(ODD + "حلب اللاذقية"), max_size=40) | st.text(max_size=30))
def test_compiled_and_python_views_agree(text: str) -> None:
    assert kernel.view(text) == kernel.PY_VIEW(text)


@compiled
def test_they_agree_on_the_sample_cases() -> None:
    glossary = Glossary(list(TERMS))
    cases = [
        "قال أحمد الشرع إن الشرع لن يتراجع، وفاطمة في أطمة وبأطمة.",
        "سعر الليرة: ليرة سورية واحدة، وسورية بلد. للاذقية وللبنان ولبنان",
        "#ريف_حلب الشمالي الشرقي و«المرصد السوري» قال المرصد إن مرض السكري انتشر في السكري",
        "الجيش الوطني والجيش وحده، اللواء 80 واللواء 800، حلـــبَ وحلبُّ",
        "ﻻ حلب\x00حلب",
        "قسد حلب قسد، وقسد حلب قسد",
    ]
    native, python = both(glossary, cases)
    assert native == python
    hits = native[1][0]  # type: ignore[index]
    assert [h.term for h in hits] == ["أحمد الشرع", "أطمة", "أطمة"]


@pytest.mark.usefixtures("pure")
def test_the_pure_passes_find_the_same_terms() -> None:
    """The fallback itself gives the hits the rest of the suite checks (run compiled)."""
    glossary = Glossary(list(TERMS))
    hits = glossary.find("وصلت قوات إلى حلب ثم لبنان")
    assert [(h.source, h.target) for h in hits] == [("حلب", "Aleppo"), ("لبنان", "Lebanon")]
    assert isinstance(hits[0], TermHit)


def test_the_kernel_is_compiled_where_a_compiler_is() -> None:
    """setup.py builds it on install; without a C compiler the Python passes serve."""
    if os.environ.get("TRANSLATE_CLI_PURE_PYTHON"):
        pytest.skip("TRANSLATE_CLI_PURE_PYTHON asks for the Python passes")
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        pytest.skip(f"no C compiler ({compiler}) on this machine")
    assert kernel.COMPILED, "pip install did not build translate_cli/glossary/_kernel.c"


# select(matches, norm, alefs, lengths, shared, flags, sources, resolve, eats), a good call
GOOD = ([(0, 0)], "a", [], [1], [], bytearray(1), ["x"], lambda *a: 0, lambda s: False)


@compiled
@pytest.mark.parametrize(
    ("at", "bad"),
    [
        (0, [(5, 0)]),  # a match past the end
        (0, [(0, 8)]),  # a code past lengths
        (3, [9]),  # a match that starts before the text
        (0, [(0, -1)]),  # a code past shared
        (3, (1,)),  # lengths not a list
        (3, ["1"]),  # lengths not ints
        (5, bytearray(0)),  # an index past flags
        (0, [0]),  # a match that is no pair
        (2, ["x"]),  # alefs not ints
        (6, "x"),  # sources not a list
    ],
)
def test_select_refuses_bad_arguments(at: int, bad: object) -> None:
    args = list(GOOD)
    args[at] = bad
    with pytest.raises((TypeError, ValueError, IndexError)):
        kernel.NATIVE.select(*args)


@compiled
def test_select_passes_on_what_resolve_raises() -> None:
    args = list(GOOD)
    args[5] = bytearray([kernel.SPECIAL])
    args[7] = lambda *a: 1 / 0
    with pytest.raises(ZeroDivisionError):
        kernel.NATIVE.select(*args)
    assert kernel.NATIVE.select(*GOOD) == [(0, 1, 0)]


@compiled
def test_spans_and_emit_refuse_bad_arguments() -> None:
    with pytest.raises(ValueError):
        kernel.NATIVE.spans("abc", [(0, 1, 0)], [], [], [], [], [])
    with pytest.raises(IndexError):
        kernel.NATIVE.spans("abc", [(0, 9, 0)], [], [], [0], [0], [1])
    with pytest.raises(TypeError):
        kernel.NATIVE.spans("abc", [(0, 1)], [], [], [0], [0], [1])  # type: ignore[list-item]
    args: list[object] = ["abc", [(0, 9, 0)], [[]], [0], ["s"], ["t"], [None], bytearray(1)]
    args += [{}, {}, True, TermHit, lambda *a: None]
    with pytest.raises(IndexError):
        kernel.NATIVE.emit(*args)
    args[1] = [(0, 1, 0)]
    args[11] = int  # not a tuple type
    with pytest.raises(TypeError):
        kernel.NATIVE.emit(*args)


def test_quotes_between_letters_stand_for_spaces() -> None:
    """قناة"الإخبارية"السورية is the channel's name, quoted without spaces."""
    glossary = Glossary([Term("قناة الإخبارية السورية", "al-Ikhbariya", "media")])
    for text in ('بثت قناة"الإخبارية"السورية', 'بثت قناة "الإخبارية" السورية'):
        assert [h.target for h in glossary.find(text)] == ["al-Ikhbariya"]


@compiled
@settings(max_examples=150, deadline=None)
@given(segment)
def test_each_compiled_pass_agrees_with_its_reference(text: str) -> None:
    """select, spans and emit one by one (match runs them without the lists in between)."""
    glossary = Glossary(list(TERMS))
    automaton = glossary._ready()
    parts = kernel.PY_VIEW(text)
    norm, norm_starts, orig_starts, steps, removed, inserted = parts
    lengths, shared, flags, sources, targets, terms, by_row = glossary._tables
    original = _MatchingText(parts).original

    def resolve(index: int, start: int, end: int) -> int:
        return glossary._resolve(index, norm, start, end, text, original)

    def eats(start: int) -> bool:
        return _eats_letter(norm, start, text, original)

    picked = [
        impl.select(
            automaton.iter(norm), norm, inserted, lengths, shared, flags, sources, resolve, eats
        )
        for impl in (kernel, kernel.NATIVE)
    ]
    assert picked[0] == picked[1]
    mapped = [
        impl.spans(text, picked[0], inserted, removed, norm_starts, orig_starts, steps)
        for impl in (kernel, kernel.NATIVE)
    ]
    assert mapped[0] == mapped[1]
    outs: list[list[list[TermHit]]] = []
    for impl in (kernel, kernel.NATIVE):
        out: list[list[TermHit]] = [[]]
        impl.emit(
            text,
            mapped[0],
            out,
            [0],
            sources,
            targets,
            terms,
            flags,
            by_row,
            {},
            True,
            TermHit,
            _short_hit,
        )
        outs.append(out)
    assert outs[0] == outs[1]


@compiled
def test_match_refuses_bad_arguments() -> None:
    glossary = Glossary(list(TERMS))
    automaton = glossary._ready()
    parts = kernel.view("حلب")
    good = [automaton.iter(parts[0]), "حلب", parts, glossary._tables, [[]], [0], {}, False]
    good += [lambda *a: -1, lambda s: False, TermHit, lambda *a: None]
    for at, bad in [(2, ("x",)), (3, (1, 2)), (4, "not a list"), (10, int), (5, [])]:
        args = list(good)
        args[0] = automaton.iter(parts[0])
        args[at] = bad
        with pytest.raises((TypeError, ValueError)):
            kernel.NATIVE.match(*args)


# Callbacks (resolve, eats, short_hit) are Python and may change what the compiled passes are
# reading. The passes must then do what the reference does (raise where it raises, go on where
# it goes on), never read a list past its end or an object already freed.


# Each of these runs on both (the reference first): they must give the same outcome.
both_passes = pytest.mark.parametrize(
    "passes", ["python", pytest.param("compiled", marks=compiled)]
)


def _passes(name: str) -> Any:
    return kernel if name == "python" else kernel.NATIVE


@both_passes
def test_select_survives_eats_shrinking_sources(passes: str) -> None:
    """Two hamza-initial rows hit after a glued و: eats() runs between them."""
    sources = ["أول", "أب"]

    def eats(start: int) -> bool:
        sources.clear()
        return False

    args: tuple[object, ...] = (
        [(1, 0), (4, 2)],
        "وا وا",
        [],
        [1, 0, 1, 0],
        [],
        bytearray(2),
        sources,
    )
    with pytest.raises(IndexError):
        _passes(passes).select(*args, lambda *a: 0, eats)


class _TakesItsEntryOut:
    """A code in ``shared`` whose __index__ takes the entry out of ``shared`` (freeing the
    tuple) and makes new tuples of its size, which reuse a freed one's memory."""

    def __init__(self, shared: list[tuple[object, ...]]) -> None:
        self.shared = shared

    def __index__(self) -> int:
        self.shared.clear()
        self.junk = [tuple(range(100, 125)) for _ in range(50)]
        return 4

    def __and__(self, other: int) -> int:
        return 4 & other


@both_passes
def test_select_holds_the_shared_entry_it_reads(passes: str) -> None:
    shared: list[tuple[object, ...]] = []
    # The first code fails at the left boundary, so the loop reads the entry's next one.
    shared.append((_TakesItsEntryOut(shared), 2, *[0] * 23))
    args: tuple[object, ...] = (
        [(3, -1)],
        "xbca",
        [],
        [1, 0, 4, 0, 1, 0],
        shared,
        bytearray(3),
        ["a", "b", "c"],
    )
    assert _passes(passes).select(*args, lambda *a: 0, lambda s: False) == [(0, 4, 1)]


def _emit_args(short_hit: object, out: list[list[object]], **changes: object) -> list[object]:
    """emit() of a short form's hit (row 1 = short form 0, active) then a term's (row 0)."""
    args = {
        "text": "a\x00b",
        "hits": [(0, 1, 1), (2, 3, 0)],
        "out": out,
        "bounds": [0, 2],
        "sources": ["b"],
        "targets": ["B"],
        "terms": [TERMS[0]],
        "flags": bytearray(2),
        "by_row": {},
        "active": {0: (TERMS[0], "r")},
        "article": True,
        "hit_type": TermHit,
        "short_hit": short_hit,
    }
    args.update(changes)
    return list(args.values())


@both_passes
def test_emit_survives_short_hit_emptying_out(passes: str) -> None:
    out: list[list[object]] = [[], []]

    def emptying(*a: Any) -> TermHit:
        del out[:]
        return _short_hit(*a)

    with pytest.raises(IndexError):
        _passes(passes).emit(*_emit_args(emptying, out))


@both_passes
def test_emit_holds_the_list_it_appends_to(passes: str) -> None:
    """short_hit puts a new list in place of the segment's: the reference goes on appending
    to the list it took (out[seg].append), which the compiled pass must hold too."""
    out: list[list[object]] = [[]]
    made: list[list[object]] = []

    def replacing(*a: Any) -> TermHit:
        out[0] = []
        made.append([])  # a new list, which would take the freed one's memory
        return _short_hit(*a)

    _passes(passes).emit(
        *_emit_args(replacing, out, text="ab", hits=[(0, 1, 1), (1, 2, 0)], bounds=[0])
    )
    assert out == made == [[]]


@both_passes
@pytest.mark.parametrize("shrunk", [4, 5, 6])  # sources, targets, terms
def test_emit_survives_short_hit_shrinking_the_rows(passes: str, shrunk: int) -> None:
    rows: list[object] = [TERMS[0]] if shrunk == 6 else ["b"]

    def shrinking(*a: Any) -> TermHit:
        rows.clear()
        return _short_hit(*a)

    args = _emit_args(shrinking, [[], []], flags=bytearray([kernel.ACTIVATES, 0]))
    args[8] = {0: [(0, "r")]}  # by_row: row 0 has short form 0
    args[shrunk] = rows
    with pytest.raises(IndexError):
        _passes(passes).emit(*args)


@both_passes
def test_emit_keeps_what_short_hit_gives(passes: str) -> None:
    """Even None: the reference appends whatever short_hit returns."""
    out: list[list[object]] = [[], []]
    _passes(passes).emit(*_emit_args(lambda *a: None, out))
    assert out[0] == [None]


@both_passes
def test_emit_wants_the_short_forms_of_an_activating_row(passes: str) -> None:
    args = _emit_args(_short_hit, [[], []], flags=bytearray([kernel.ACTIVATES, 0]))
    with pytest.raises(KeyError):
        _passes(passes).emit(*args)  # by_row has no entry for row 0


@compiled
def test_emit_leaves_hits_with_a_dict_to_the_garbage_collector() -> None:
    """Hits are untracked (no cycle through strings and ints) unless their type has a
    __dict__, where a cycle may be made later."""

    class Loose(tuple[object, ...]):
        pass

    for hit_type, tracked in ((TermHit, False), (Loose, True)):
        out: list[list[object]] = [[], []]
        kernel.NATIVE.emit(*_emit_args(_short_hit, out, hits=[(2, 3, 0)], hit_type=hit_type))
        assert gc.is_tracked(out[1][0]) is tracked


@compiled
@pytest.mark.parametrize(
    "args",
    [
        ("abc", [(0, 2, 0)], [], [], [0], [0], [2**62]),  # (last - start) * step wraps to 0
        ("abc", [(0, 2, 0)], [], [], [0], [2**63 - 1], [1]),  # orig + offset overflows
        ("abc", [(2**63 - 1, 2**63 - 1, 0)], [], [], [0], [0], [1]),  # hit + 1 overflows
    ],
)
def test_spans_refuses_maps_whose_arithmetic_overflows(args: tuple[object, ...]) -> None:
    with pytest.raises(ValueError):
        kernel.NATIVE.spans(*args)


@compiled
def test_emit_refuses_negative_bounds() -> None:
    with pytest.raises(ValueError):
        kernel.NATIVE.emit(*_emit_args(_short_hit, [[], []], bounds=[0, -(2**63)]))


# Every kind of str (1, 2 and 4 bytes a character), lone surrogates (text read with
# surrogateescape), characters above U+FFFF, the empty text, and texts past 200 characters
# (normalisation folds those another way).
STRS = ["", "a", "é حلب", "\ud800حلب\udfff و«حلب»", "\U0001f600حلب \U0001d400 حلب\U000e0100"]
STRS += ["ريف حلب " * 40 + "\udcff", "\U0001f600 للاذقية أطمة " * 30, "ﻻ\u0654ؤ" * 100]


@compiled
@pytest.mark.parametrize("text", STRS)
def test_they_agree_on_every_kind_of_str(text: str) -> None:
    assert kernel.view(text) == kernel.PY_VIEW(text)
    native, python = both(Glossary(list(TERMS)), [text, text[::-1]])
    assert native == python


def test_a_hit_takes_in_the_quote_that_closes_one_it_opened() -> None:
    """تنظيم "داعش" is highlighted, masked and replaced whole: no stray closing quote."""
    glossary = Glossary([Term("تنظيم داعش", "ISIS", "faction"), Term("قسد", "SDF", "faction")])
    cases = {
        'هاجم تنظيم "داعش" القرية': 'تنظيم "داعش"',
        "هاجم تنظيم «داعش»، ثم انسحب": "تنظيم «داعش»",
        "قالت «قسد» إن": "قسد",  # the quotes are around the hit, not opened inside it
        'هاجم تنظيم "داعش': 'تنظيم "داعش',  # nothing to close
    }
    for text, surface in cases.items():
        assert [h.source for h in glossary.find(text)] == [surface]


def test_a_surname_that_is_also_a_place_stands_for_the_person_once_named() -> None:
    """الشعار is a neighbourhood of Aleppo and the surname of محمد نضال الشعار: the
    neighbourhood until the person is named in the article, the person after; a row of the
    person's own (بوتين beside فلاديمير بوتين) stays as it is."""
    glossary = Glossary(
        [
            Term("محمد نضال الشعار", "Mohammad Nidal al-Shaar", "person"),
            Term("الشعار", "Al-Shaar", "neighbourhood"),
            Term("فلاديمير بوتين", "Vladimir Putin", "person"),
            Term("بوتين", "Putin", "person"),
        ]
    )
    article = ["قصف حي الشعار", "قال الوزير محمد نضال الشعار إن بوتين", "وأضاف الشعار أن"]
    found = [(h.source, h.target, h.short) for seg in glossary.find_article(article) for h in seg]
    assert found == [
        ("الشعار", "Al-Shaar", False),
        ("محمد نضال الشعار", "Mohammad Nidal al-Shaar", False),
        ("بوتين", "Putin", False),
        ("الشعار", "al-Shaar", True),
    ]
    assert [h.target for h in glossary.find("وأضاف الشعار أن")] == ["Al-Shaar"]  # no article
