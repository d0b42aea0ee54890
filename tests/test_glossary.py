"""Glossary matching: clitics, normalisation, boundaries, longest-leftmost, original spans."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate_cli.glossary import Glossary, Term, TermHit, load_glossary

TERMS = [
    Term("قسد", "SDF", "faction"),
    Term("حلب", "Aleppo", "place"),
    Term("مطار حلب الدولي", "Aleppo International Airport", "place"),
    Term("حلب الجديدة", "New Aleppo", "neighbourhood"),
    Term("إدلب", "Idlib", "place"),
    Term("حماة", "Hama", "place"),
    Term("الجيش الوطني السوري", "Syrian National Army", "faction"),
    Term("اللاذقية", "Latakia", "place"),
    Term("لبنان", "Lebanon", "place"),
    Term("اللواء 80", "80th Brigade", "unit"),
    Term("ردع العدوان", "Deter Aggression", "operation"),
    Term("قوات النظام", "regime forces", "actor", forbidden=("government forces",)),
    Term("هيئة تحرير الشام", "Hayat Tahrir al-Sham", "faction"),
    Term("تحرير الشام", "Hayat Tahrir al-Sham", "faction"),
    Term("مسؤول", "official", "other"),
    Term("الباب", "Al-Bab", "place"),
]


@pytest.fixture(scope="module")
def gloss() -> Glossary:
    return Glossary(list(TERMS))


def found(gloss: Glossary, text: str) -> list[tuple[str, str]]:
    """(surface, term) of every hit, after checking each span against the text."""
    hits = gloss.find(text)
    for hit in hits:
        assert text[hit.start : hit.end] == hit.source
    return [(h.source, h.term) for h in hits]


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("سيطرت الفصائل على حلب أمس", "حلب"),  # bare word
        ("وحلب مدينة كبيرة", "حلب"),  # و
        ("فحلب لم تسقط", "حلب"),  # ف
        ("وصلت التعزيزات بحلب", "حلب"),  # ب
        ("عادوا لحلب بعد سنوات", "حلب"),  # ل
        ("مدينة كحلب لا تنسى", "حلب"),  # ك
        ("وبحلب خرجت مظاهرة", "حلب"),  # و + ب
        ("فلحلب تاريخ طويل", "حلب"),  # ف + ل
        ("وكحلب ودمشق", "حلب"),  # و + ك
        ("قصف «حلب» مستمر", "حلب"),  # quotes, no proclitic
        ("أرسلت تعزيزات لـ«قسد» شرقي الفرات", "قسد"),  # proclitic, tatweel, quotes
        ('وبـ"قسد" تحالف', "قسد"),  # و + ب, tatweel, straight quotes
        ("وأكدت «قسد» ذلك", "قسد"),
        ("انسحبت من حلب، ثم من إدلب.", "حلب"),  # punctuation after
        ("(حلب)", "حلب"),
    ],
)
def test_proclitics_and_quotes(gloss: Glossary, text: str, surface: str) -> None:
    hits = found(gloss, text)
    assert (surface, surface) in hits


@pytest.mark.parametrize(
    "text",
    [
        "يقسدون ويقسد",  # letters before and after
        "الحلبيون والحلبية وحلبي",  # suffixes: a nisba is not the city
        "لوحلب",  # proclitics in the wrong order
        "كلحلب",  # two prepositions
        "وولحلب",  # two conjunctions
        "سحلب",  # a letter that is no proclitic
        "اللواء 800 واللواء ٨٠٠",  # a longer number is another unit
        "اللواء 80x",  # a Latin letter glued on
        "بالبابين",  # a dual is another rendering
    ],
)
def test_word_boundaries(gloss: Glossary, text: str) -> None:
    assert found(gloss, text) == []


def test_article_after_the_preposition_lam(gloss: Glossary) -> None:
    text = "قدمت تركيا الدعم للجيش الوطني السوري وللجيش الوطني السوري أيضا"
    hits = gloss.find(text)
    # The merged للـ cannot be split: the span starts at the preposition, after و.
    assert [(h.source, h.term) for h in hits] == [
        ("للجيش الوطني السوري", "الجيش الوطني السوري"),
        ("للجيش الوطني السوري", "الجيش الوطني السوري"),
    ]
    assert text[hits[1].start - 1] == "و"
    # Before a word starting with ل the article's lam merges too: ل + اللاذقية → للاذقية.
    assert found(gloss, "توجه وفد للاذقية وآخر إلى اللاذقية") == [
        ("للاذقية", "اللاذقية"),
        ("اللاذقية", "اللاذقية"),
    ]
    # ل before a word that itself starts with ل (no article): للبنان is ل + لبنان.
    assert found(gloss, "عاد اللاجئون للبنان وللبنان") == [
        ("لبنان", "لبنان"),
        ("لبنان", "لبنان"),
    ]
    # The article after ب and ك keeps its alef: بالباب.
    assert found(gloss, "اشتباكات بالباب وكالباب") == [("الباب", "الباب"), ("الباب", "الباب")]


def test_longest_leftmost(gloss: Glossary) -> None:
    assert found(gloss, "هبطت الطائرة في مطار حلب الدولي مساء") == [
        ("مطار حلب الدولي", "مطار حلب الدولي")
    ]
    assert found(gloss, "من حلب الجديدة إلى حلب") == [
        ("حلب الجديدة", "حلب الجديدة"),
        ("حلب", "حلب"),
    ]
    # The leftmost wins over a longer one that starts inside it; then the next begins.
    assert found(gloss, "بيان هيئة تحرير الشام") == [("هيئة تحرير الشام", "هيئة تحرير الشام")]
    assert found(gloss, "بيان تحرير الشام") == [("تحرير الشام", "تحرير الشام")]


def test_spans_of_the_original_text_with_marks_and_variants(gloss: Glossary) -> None:
    text = "\u200fانسحبت قُوّاتُ النّظامِ من حَلَبَ وحمـــاة وادلب، وقال مسئول إن «اللواء ٨٠» انسحب"
    hits = gloss.find(text)
    assert [h.to_json() for h in hits] == [
        {
            "source": "قُوّاتُ النّظامِ",
            "start": 8,
            "end": 24,
            "term": "قوات النظام",
            "target": "regime forces",
        },
        {"source": "حَلَبَ", "start": 28, "end": 34, "term": "حلب", "target": "Aleppo"},
        {"source": "حمـــاة", "start": 36, "end": 43, "term": "حماة", "target": "Hama"},
        {"source": "ادلب", "start": 45, "end": 49, "term": "إدلب", "target": "Idlib"},
        {"source": "مسئول", "start": 56, "end": 61, "term": "مسؤول", "target": "official"},
        {
            "source": "اللواء ٨٠",
            "start": 66,
            "end": 75,
            "term": "اللواء 80",
            "target": "80th Brigade",
        },
    ]
    for hit in hits:
        assert text[hit.start : hit.end] == hit.source


def test_presentation_forms_and_line_breaks(gloss: Glossary) -> None:
    text = "ﺣﻠﺐ و ردع\nالعدوان و ردع   العدوان"
    assert found(gloss, text) == [
        ("ﺣﻠﺐ", "حلب"),
        ("ردع\nالعدوان", "ردع العدوان"),
        ("ردع   العدوان", "ردع العدوان"),
    ]


def test_hit_json_and_lookup(gloss: Glossary) -> None:
    hit = TermHit("لـ«قسد»", 0, 3, "قسد", "SDF")
    assert hit.to_json() == {
        "source": "لـ«قسد»",
        "start": 0,
        "end": 3,
        "term": "قسد",
        "target": "SDF",
    }
    assert gloss.lookup("قوات النظام") == TERMS[11]
    assert gloss.lookup("قُوّات النظام") == TERMS[11]  # in matching form
    assert gloss.lookup("حمص") is None
    assert gloss.find("") == []
    assert Glossary([]).find("حلب") == []


def test_terms_sharing_a_merged_form() -> None:
    # ل + الحلب would be written للحلب; if للحلب were itself a term, both candidates exist.
    gloss = Glossary([Term("الحلب", "the milking"), Term("للحلب", "for milking, literally")])
    assert found(gloss, "خرج للحلب") == [("للحلب", "للحلب")]
    assert found(gloss, "الحلب صباحا") == [("الحلب", "الحلب")]


def test_bundled_glossary_on_news_sentences() -> None:
    gloss = load_glossary()
    text = (
        "وقال مصدر في الجيش الوطني السوري لتلفزيون سوريا إن الاشتباكات مع «قسد» تركزت "
        "قرب سد تشرين، فيما انسحبت قوات النظام من أحياء حلب الجديدة وسيف الدولة نحو مطار "
        "حلب الدولي، وأعلنت وزارة الدفاع التركية أن تركيا لن تسمح بذلك."
    )
    assert [h.term for h in gloss.find(text)] == [
        "الجيش الوطني السوري",
        "تلفزيون سوريا",
        "قسد",
        "سد تشرين",
        "قوات النظام",
        "حلب الجديدة",
        "سيف الدولة",
        "مطار حلب الدولي",
        "وزارة الدفاع التركية",
        "تركيا",
    ]


def test_load_is_cached_until_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("source,target\nحلب,Aleppo\n", encoding="utf-8")
    first = load_glossary(path)
    assert load_glossary(path) is first
    path.write_text("source,target\nحلب,Aleppo\nإدلب,Idlib\n", encoding="utf-8")
    second = load_glossary(path)
    assert [t.source for t in second.terms] == ["حلب", "إدلب"]
