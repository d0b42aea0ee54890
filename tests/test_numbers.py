"""Reading amounts as Arabic and English news write them, and the numbers check built on it."""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path

import pytest

from translate_cli.checks import check_segment
from translate_cli.glossary import BUNDLED, load_glossary
from translate_cli.text.numbers import arabic_amounts, english_amounts, show

PAIRS = Path(__file__).parent / "fixtures" / "check_pairs.tsv"


def values(amounts: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(show(a.value), a.kind) for a in amounts]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Digit groups with scale words, joined with و into one amount.
        ("نزح 10 آلاف و950 شخصاً", [("10950", "digits")]),
        ("2 مليون و543 ألفاً و711 ناخباً", [("2543711", "digits")]),
        ("3 آلاف و500 عائلة", [("3500", "digits")]),
        # Tanween and case endings on the scale word.
        ("578 ألفاً", [("578000", "digits")]),
        ("عاد 150 ألفًا", [("150000", "digits")]),
        ("خمسة ملايين", [("5000000", "words")]),
        ("مليوناً", [("1000000", "words")]),
        ("ألفين", [("2000", "words")]),
        ("مليونين ونصف", [("2500000", "words")]),
        # Fractions with scale words, on either side.
        ("مليون ونصف", [("1500000", "words")]),
        ("نصف مليون", [("500000", "words")]),
        ("ربع مليون", [("250000", "words")]),
        ("مليوناً وخمسين ألف لاجئ", [("1050000", "words")]),
        # Decimal comma and the Arabic decimal separator; thousands separators.
        ("7,8 بالمئة", [("7.8", "digits")]),
        ("٣٫٥٪", [("3.5", "digits")]),
        ("١٬٢٥٠ شخصاً", [("1250", "digits")]),
        ("2.5 مليون دولار", [("2500000", "digits")]),
        # Cardinals spelled out, with case endings, and ordinals.
        ("ثلاثةٍ وعشرين", [("23", "words")]),
        ("مئة وخمسة وعشرون", [("125", "words")]),
        ("خمسة عشر", [("15", "words")]),
        ("ثلاثمئة", [("300", "words")]),
        # و + أحد after a hundred is not واحد "one"; the construct dual مئتا; the scale said
        # again after the fraction (مليوناً ونصف المليون).
        ("مئتين وأحد عشر", [("211", "words")]),
        ("ألفان ومئتا عامل", [("2200", "words")]),
        ("مليوناً ونصف المليون دولار", [("1500000", "words")]),
        ("واحد وعشرون", [("21", "words")]),
        ("الحادي عشر", [("11", "ordinal")]),
        ("الدورة الحادية عشرة", [("11", "ordinal")]),
        ("الثالث والعشرين", [("23", "ordinal")]),
        # Months and duals only excuse; plural scale words alone are no amount.
        ("تشرين الثاني", [("11", "month")]),
        ("يومين", [("2", "dual")]),
        ("آلاف اللاجئين", []),
        ("عشرات العائلات ومئات الأطفال", []),
        # Two numbers without a scale are two amounts; clitics glued on are dropped.
        ("قتل 5 وجرح 10", [("5", "digits"), ("10", "digits")]),
        ("بـ513 دولاراً في الـ24 و2024", [("513", "digits"), ("24", "digits"), ("2024", "digits")]),
        ("في 2024/3/5", [("2024", "digits"), ("3", "digits"), ("5", "digits")]),
        # 10 آلاف و15 ألفاً: the second is no smaller than the first's scale.
        ("10 آلاف و15 ألفاً", [("10000", "digits"), ("15000", "digits")]),
    ],
)
def test_arabic_amounts(text: str, expected: list[tuple[str, str]]) -> None:
    assert values(arabic_amounts(text)) == expected


def test_arabic_percent_is_marked() -> None:
    assert [a.percent for a in arabic_amounts("63 في المئة و40 بالمئة و3٪ و12 شخصاً")] == [
        True,
        True,
        True,
        False,
    ]


def test_decimal_comma_also_reads_as_two_numbers() -> None:
    (amount,) = arabic_amounts("بين 7,8 سنوات")
    assert amount.value == Fraction(78, 10)
    assert amount.alternatives == ((Fraction(7), Fraction(8)),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$250 million", [("250000000", "digits")]),
        ("1.5 million people", [("1500000", "digits")]),
        ("$2bn and 5.3m", [("2000000000", "digits"), ("5300000", "digits")]),
        ("10,950 people", [("10950", "digits")]),
        ("ten thousand teachers", [("10000", "words")]),
        ("twenty-three civilians", [("23", "words")]),
        ("one hundred and five", [("105", "words")]),
        ("half a million dollars", [("500000", "words")]),
        ("a quarter of a million people", [("250000", "words")]),
        ("the 23rd of May", [("23", "ordinal")]),
        ("the twenty-third session", [("23", "ordinal")]),
        ("March 5, 2024", [("3", "month"), ("5", "digits"), ("2024", "digits")]),
        ("in the 1990s", [("1990", "digits")]),
        ("thousands of people", []),
        ("may well", []),
    ],
)
def test_english_amounts(text: str, expected: list[tuple[str, str]]) -> None:
    assert values(english_amounts(text)) == expected


def test_show_writes_values_as_digits() -> None:
    assert [show(Fraction(x)) for x in ("2500000", "7.8", "1/3", "0.25")] == [
        "2500000",
        "7.8",
        "1/3",
        "0.25",
    ]


# ---- the check, as values --------------------------------------------------------------------


def numbers(source: str, target: str) -> list[tuple[str, str]]:
    return [(f.severity, f.message) for f in check_segment(source, target) if f.check == "numbers"]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("بلغ عدد النازحين 10 آلاف و950 شخصاً.", "Displaced people numbered 10,950."),
        ("بلغ عدد النازحين 10 آلاف و950 شخصاً.", "Displaced people numbered 10.95 thousand."),
        ("يحتاج مليون ونصف شخص إلى مساعدات.", "One and a half million, 1.5 million, need aid."),
        ("قتل ثلاثةٍ وعشرين مدنياً.", "23 civilians were killed."),
        ("قتل ثلاثةٍ وعشرين مدنياً.", "Twenty-three civilians were killed."),
        ("ارتفع التضخم إلى 7,8 بالمئة.", "Inflation rose to 7.8 percent."),
        ("عاد 578 ألفاً.", "578,000 returned."),
        ("خصصت الحكومة 1.5 مليار دولار.", "The government allocated $1.5bn."),
        # A year written twice may stand once.
        (
            "في عام 2011 بدأت الاحتجاجات، وفي 2011 نفسه بدأ القمع.",
            "In 2011 protests and repression began.",
        ),
        # The decimal comma read as two numbers when the target has both.
        ("يعمل بين 7,8 ساعات يومياً.", "He works 7 to 8 hours a day."),
    ],
)
def test_correct_translations_get_no_numbers_finding(source: str, target: str) -> None:
    assert numbers(source, target) == []


def test_a_wrong_amount_is_an_error_naming_both_values() -> None:
    assert numbers("بلغ عدد النازحين 10 آلاف و950 شخصاً.", "Displaced people numbered 10,590.") == [
        ("error", "Numbers differ: 10950 in the source missing from the target; 10590 in the target not in the source.")
    ]  # fmt: skip
    assert numbers("قدمت 250 مليون دولار.", "It gave $25 million.") == [
        ("error", "Numbers differ: 250000000 in the source missing from the target; 25000000 in the target not in the source.")
    ]  # fmt: skip


def test_uncertain_cases_are_warnings() -> None:
    # A spelled-out number the target lacks (it may be rendered "a few", "several"...).
    assert numbers("قتل ثلاثة مدنيين.", "Civilians were killed.") == [
        ("warning", "Numbers may differ: 3 (spelled out in the source) is not in the target.")
    ]
    # An ordinal in digits without its number in the source.
    assert numbers("انعقدت الجلسة في دمشق.", "The 3rd session was held in Damascus.") == [
        ("warning", "Numbers may differ: 3rd in the target is not in the source.")
    ]


# ---- the real-style pairs --------------------------------------------------------------------


def _pairs(kind: str, expect: str | None = None) -> list[tuple[str, str, str]]:
    rows = []
    with PAIRS.open(encoding="utf-8", newline="") as fh:
        for cells in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not cells or cells[0].startswith("#"):
                continue
            if cells[0] == kind and (expect is None or cells[1] == expect):
                rows.append((cells[1], cells[2], cells[3]))
    return rows


WATCHED = ("numbers", "negation", "glossary", "forbidden", "invisible")


@pytest.fixture(scope="module")
def bundled():  # type: ignore[no-untyped-def]
    return load_glossary(BUNDLED)


@pytest.mark.parametrize(("expect", "source", "target"), _pairs("ok"))
def test_every_correct_pair_passes(bundled, expect: str, source: str, target: str) -> None:  # type: ignore[no-untyped-def]
    findings = check_segment(source, target, glossary=bundled)
    assert [
        (f.check, f.message) for f in findings if f.check in WATCHED or f.severity == "error"
    ] == []


@pytest.mark.parametrize(("expect", "source", "target"), _pairs("bad"))
def test_every_planted_error_is_caught(bundled, expect: str, source: str, target: str) -> None:  # type: ignore[no-untyped-def]
    findings = check_segment(source, target, glossary=bundled)
    assert expect in {f.check for f in findings}


def test_the_pairs_cover_every_category() -> None:
    assert len(_pairs("ok")) >= 70
    assert {e for e, _, _ in _pairs("bad")} >= {"numbers", "negation", "glossary", "invisible"}
    assert len(_pairs("bad", "numbers")) >= 10 and len(_pairs("bad", "negation")) >= 10
