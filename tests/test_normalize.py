"""The matching form of Arabic text, and its map back to the original characters."""

from __future__ import annotations

import random

import pytest

from translate_cli.text.normalize import normalize, normalize_mapped, normalize_with_map


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # diacritics (fatha, damma, kasra, shadda, sukun, tanween, dagger alef)
        ("حَلَبُ", "حلب"),
        ("قُوّاتٌ مُسْلَّحَةٌ", "قوات مسلحه"),
        ("هٰذا", "هذا"),
        # tatweel
        ("حلـــب", "حلب"),
        ("لـ«قسد»", "ل«قسد»"),
        # alef forms
        ("أحمد إدلب آمن ٱلمدينة", "احمد ادلب امن المدينه"),
        # alef maqsura and Persian yeh → ya; keheh → kaf
        ("مستشفى", "مستشفي"),
        ("ایران کرد", "ايران كرد"),
        # taa marbuta → ha
        ("حماة", "حماه"),
        # hamza seats agree, precomposed or with a combining hamza
        ("مسؤول", "مسءول"),
        ("مسئول", "مسءول"),
        ("مسو\u0654ول", "مسءول"),
        ("ا\u0654حمد", "احمد"),
        # presentation forms, including the lam-alef ligature and isolated harakat
        ("ﺣﻠﺐ", "حلب"),
        ("ﻻ", "لا"),
        ("ﺣ\ufe77ﻠﺐ", "حلب"),
        # bidi controls and zero-width joiners vanish
        ("\u200fحلب\u200e \u2067إدلب\u2069", "حلب ادلب"),
        ("ك\u200dتب", "كتب"),
        # Arabic-Indic and Persian digits
        ("اللواء ٨٠ والفوج ۴۶", "اللواء 80 والفوج 46"),
        # Latin case folding and compatibility forms
        ("SDF Ｔürkiye ﬁle", "sdf türkiye file"),
        # whitespace: any kind becomes one space, runs collapse (invisible marks inside too)
        ("حلب\t\n\u00a0 إدلب", "حلب ادلب"),
        ("حلب \u200f إدلب", "حلب ادلب"),
        ("", ""),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected
    norm, mapping = normalize_with_map(text)
    assert norm == expected
    assert len(mapping) == len(norm)


def test_map_points_at_the_source_character() -> None:
    text = "قالَ «الجيشُ الوطنـــيّ» إنّ ﻻ مسو\u0654ول"
    norm, mapping = normalize_with_map(text)
    assert norm == "قال «الجيش الوطني» ان لا مسءول"
    # Every normalised character comes from the original character the map names.
    for i, ch in enumerate(norm):
        assert ch in normalize(text[mapping[i]]) or ch == "ء"
    assert mapping == sorted(mapping)
    # The ligature ﻻ gives two characters that both point at it.
    lam_alef = text.index("ﻻ")
    assert [i for i, j in enumerate(mapping) if j == lam_alef] == [
        norm.index("لا"),
        norm.index("لا") + 1,
    ]
    # The seat with a combining hamza maps to the seat.
    assert mapping[norm.index("ء")] == text.index("و\u0654")


def test_normalize_and_the_mapped_form_agree_on_random_text() -> None:
    pool = list(
        "ابتثجحخدذرزسشصضطظعغفقكلمنهوي أإآٱىةؤئ ءیک ٠٩۴ "
        "\u064e\u064f\u0650\u0651\u0652\u0640\u0654\u200f\u200e\u200d\u2067"
        'ﺣﻠﺐﻻ\ufe77 \t\n\u00a0«»"ABCß'
    )
    rng = random.Random(3)
    for _ in range(500):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 400)))
        norm, offsets = normalize_mapped(text)
        assert norm == normalize(text), text
        mapping = offsets.to_list(len(norm))
        assert len(mapping) == len(norm)
        assert all(0 <= m < len(text) for m in mapping)
        assert mapping == sorted(mapping)
        assert [offsets[i] for i in range(len(norm))] == mapping


# ---- the one matching form ----------------------------------------------------------------


def test_match_key_is_the_normal_form_with_single_spaces() -> None:
    from translate_cli.text.normalize import match_key, word_key

    assert match_key("  قُوّاتُ\tالنّظامِ \u200f ") == "قوات النظام"
    assert match_key("") == ""
    assert word_key("«حلب»: ١٢ — إدلب!") == "حلب 12 ادلب"
    assert word_key("Aleppo, Syria") == "aleppo syria"


def test_every_module_matches_on_the_same_form() -> None:
    """Glossary terms, translation memory, check notes and the title filter of extraction
    share one definition, so a change to the rules reaches all of them."""
    from translate_cli import memory
    from translate_cli.checks.notes import parse_note
    from translate_cli.glossary import term_key
    from translate_cli.ingest.extract import blocks
    from translate_cli.text.normalize import match_key, word_key

    text = " وَقالَ  مسئول في «الجيش الوطني» ٨٠ "
    assert memory.norm is match_key
    assert term_key(text) == match_key(text)
    assert parse_note(f"paraphrase: {text}")[1] == {match_key(text)}
    assert blocks._norm(text) == word_key(text)


def test_script_classes_and_digit_tables_live_in_one_module() -> None:
    from translate_cli.text import arabic

    assert "٣٫٥٪".translate(arabic.NUMERALS) == "3.5%"
    assert "۱۲".translate(arabic.DIGITS) == "12"
    assert arabic.ARABIC_LETTER.match("ب") and not arabic.ARABIC_LETTER.match("٣")
    assert arabic.ARABIC_RUN.findall("reached مدينة دوما on ١٢") == ["مدينة دوما", "١٢"]
    assert "\u202e" in arabic.INVISIBLE and "\u200b" in arabic.INVISIBLE
    assert set(arabic.INVISIBLE_NAMES) == set(arabic.INVISIBLE)
