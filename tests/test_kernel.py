"""The compiled matching passes (_kernel.c) against their Python reference (kernel.py).

Both must give the same hits for every glossary and text: random glossaries with every kind of
row the passes treat apart (sense rules, hamza-initial names, الل forms, repeated keys,
not-a-term rows, people and short forms) over random texts built from their words, proclitics,
quotes, diacritics, tatweel, hashtags and NUL; and the compiled one must refuse bad arguments
with an exception, never a crash.
"""

from __future__ import annotations

import os
import shutil
import sysconfig
from collections.abc import Iterator

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
