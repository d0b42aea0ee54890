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


# ---- senses, not-a-term rows, names a proclitic must not split ------------------------------

SENSES = [
    Term("سورية", "Syria", "place"),
    Term("سورية", "Syrian", "adjective", only_after=("ليرة", "منظمات", "مصادر")),
    Term("القدس", "Jerusalem", "place", not_after=("مشفى", "مستشفى")),
    Term("مشفى القدس", "al-Quds Hospital", "facility"),
    Term("السكري", "Al-Sukkari", "neighbourhood"),
    Term("مرض السكري", "diabetes", "not-a-term"),
    Term("أطمة", "Atmeh", "place"),
    Term("إدلب", "Idlib", "place"),
    Term("الحسكة", "Al-Hasakah", "place"),
    Term("درعا", "Daraa", "place", not_before=("البلد",)),
    Term("درعا البلد", "Daraa al-Balad", "neighbourhood"),
    Term("حلب", "Aleppo", "place"),
    Term("ريف حلب", "Aleppo countryside", "place"),
    Term("ريف حلب الشمالي", "northern Aleppo countryside", "place"),
    Term("رئيس الجمهورية", "President of the Republic", "actor"),
    Term("الجمهورية العربية السورية", "Syrian Arab Republic", "place"),
    Term("الحرس الثوري", "Revolutionary Guard", "faction"),
    Term("قناة الإخبارية السورية", "Al-Ikhbariya Syria", "media"),
    Term("الحكومة", "the government", "institution", only_before=("السورية",)),
]


@pytest.fixture(scope="module")
def senses() -> Glossary:
    return Glossary(list(SENSES))


def rendered(gloss: Glossary, text: str) -> list[tuple[str, str]]:
    hits = gloss.find(text)
    for hit in hits:
        assert text[hit.start : hit.end] == hit.source
    return [(h.source, h.target) for h in hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # سورية after a noun of the listed kind is the adjective; elsewhere the country.
        ("صرف 300 ألف ليرة سورية", [("سورية", "Syrian")]),
        ("أصدرت منظمات سورية بياناً", [("سورية", "Syrian")]),
        ("وقالت مصادر سورية إن", [("سورية", "Syrian")]),
        ("عاد اللاجئون إلى سورية", [("سورية", "Syria")]),
        ("وبسورية منظمات كثيرة", [("سورية", "Syria")]),  # a proclitic: no word right before
        ("ليرة، سورية", [("سورية", "Syria")]),  # punctuation breaks the pair
        ("بليرة سورية", [("سورية", "Syrian")]),  # the word before may carry proclitics
        # القدس in a hospital's name is not Jerusalem; the name has its own row.
        ("نقل الجرحى إلى مشفى القدس", [("مشفى القدس", "al-Quds Hospital")]),
        ("نقل الجرحى إلى مستشفى القدس", []),
        ("زار الوفد القدس", [("القدس", "Jerusalem")]),
        # not_before: درعا right before البلد is the longer name, or nothing.
        ("في درعا البلد", [("درعا البلد", "Daraa al-Balad")]),
        ("في درعا المحطة", [("درعا", "Daraa")]),
        # only_before: الحكومة only right before السورية.
        ("قالت الحكومة السورية", [("الحكومة", "the government")]),
        ("قالت الحكومة التركية", []),
        # A not-a-term row shields its words and is never reported.
        ("يعاني من مرض السكري في حي السكري", [("السكري", "Al-Sukkari")]),
        # A proclitic never eats a name's first letter: فاطمة is not ف + أطمة.
        ("شاركت فاطمة في الوقفة", []),
        ("وصل إلى أطمة وبأطمة ووأطمة", [("أطمة", "Atmeh"), ("أطمة", "Atmeh")]),
        ("عاد إلى أطمة فأطمة", [("أطمة", "Atmeh"), ("أطمة", "Atmeh")]),
        ("ووادلب", []),  # two و: not a proclitic run
        ("وادلب", [("ادلب", "Idlib")]),  # a lone و before a bare alef: a dropped hamza
        ("بادلب", []),
        # Hashtags, quotes inside names, tatweel.
        ("#الحرس_الثوري يعلن", [("الحرس_الثوري", "Revolutionary Guard")]),
        ('قناة "الإخبارية" السورية', [('قناة "الإخبارية" السورية', "Al-Ikhbariya Syria")]),
        ("قناة «الإخبارية» السورية", [("قناة «الإخبارية» السورية", "Al-Ikhbariya Syria")]),
        ("«قسد»و«داعش» في حلـــب", [("حلـــب", "Aleppo")]),
    ],
)
def test_senses_and_names(senses: Glossary, text: str, expected: list[tuple[str, str]]) -> None:
    assert rendered(senses, text) == expected


def test_the_longer_name_always_wins(senses: Glossary) -> None:
    # Overlapping, not nested: the longer term wins over the one that starts first.
    assert rendered(senses, "قال رئيس الجمهورية العربية السورية") == [
        ("الجمهورية العربية السورية", "Syrian Arab Republic")
    ]
    assert rendered(senses, "قال رئيس الجمهورية إن") == [
        ("رئيس الجمهورية", "President of the Republic")
    ]


def test_countryside_directions_are_generated(senses: Glossary) -> None:
    assert rendered(senses, "تعزيزات إلى ريف حلب الشمالي الشرقي وريف حلب الغربي") == [
        ("ريف حلب الشمالي الشرقي", "northeastern Aleppo countryside"),
        ("ريف حلب الغربي", "western Aleppo countryside"),
    ]
    # A row of the file wins over a generated one; every governorate the glossary names
    # gets its countryside, with directions.
    assert rendered(senses, "ريف حلب الشمالي وريف إدلب الجنوبي الغربي وريف الحسكة") == [
        ("ريف حلب الشمالي", "northern Aleppo countryside"),
        ("ريف إدلب الجنوبي الغربي", "southwestern Idlib countryside"),
        ("ريف الحسكة", "Al-Hasakah countryside"),
    ]
    term = senses.lookup("ريف إدلب الشمالي الشرقي")
    assert term is not None and term.target == "northeastern Idlib countryside"
    assert "ريف إدلب الشرقي" not in [t.source for t in senses.terms]  # not added to the file


def test_term_for_finds_the_row_of_the_sense(senses: Glossary) -> None:
    (hit,) = senses.find("ليرة سورية")
    term = senses.term_for(hit)
    assert term is not None and term.category == "adjective"
    (hit,) = senses.find("في سورية")
    term = senses.term_for(hit)
    assert term is not None and term.target == "Syria"


# ---- short forms within an article -----------------------------------------------------------

PEOPLE = [
    Term("أحمد الشرع", "Ahmed al-Sharaa", "person"),
    Term("مظلوم عبدي", "Mazloum Abdi", "person", "SDF commander"),
    Term("أسعد حسن الشيباني", "Asaad Hassan al-Shaibani (foreign minister)", "person"),
    Term(
        "المرصد السوري لحقوق الإنسان",
        "Syrian Observatory for Human Rights",
        "organization",
        short_forms=("المرصد=the Observatory",),
    ),
    Term("هيئة تحرير الشام", "Hayat Tahrir al-Sham", "faction", short_forms=("الهيئة=HTS",)),
    Term(
        "هيئة التفاوض السورية",
        "Syrian Negotiation Commission",
        "institution",
        short_forms=("الهيئة",),
    ),
    Term("حلب", "Aleppo", "place"),
]


@pytest.fixture(scope="module")
def people() -> Glossary:
    return Glossary(list(PEOPLE))


def article(gloss: Glossary, segments: list[str]) -> list[list[tuple[str, str, bool]]]:
    found = gloss.find_article(segments)
    for text, hits in zip(segments, found, strict=True):
        for hit in hits:
            assert text[hit.start : hit.end] == hit.source
    return [[(h.source, h.target, h.short) for h in hits] for hits in found]


def test_surnames_after_the_full_name(people: Glossary) -> None:
    assert article(
        people,
        [
            "وقال الشرع إن",  # before the full name: nothing
            "التقى أحمد الشرع بمظلوم عبدي في حلب، وأكد الشرع ذلك.",
            "ورحب عبدي وقال الشيباني إن",  # الشيباني: no full name yet
            "وصل أسعد حسن الشيباني. وقال الشيباني إن",
        ],
    ) == [
        [],
        [
            ("أحمد الشرع", "Ahmed al-Sharaa", False),
            ("مظلوم عبدي", "Mazloum Abdi", False),
            ("حلب", "Aleppo", False),
            ("الشرع", "al-Sharaa", True),
        ],
        [("عبدي", "Abdi", True)],
        [
            ("أسعد حسن الشيباني", "Asaad Hassan al-Shaibani (foreign minister)", False),
            ("الشيباني", "al-Shaibani", True),
        ],
    ]


def test_surnames_that_are_ordinary_words_are_no_short_forms() -> None:
    gloss = Glossary(
        [
            Term("محمد ياسين صالح", "Mohammed Yassin Saleh", "person"),
            Term("رائد الصالح", "Raed al-Saleh", "person"),
            Term("نور الدين البابا", "Noureddine al-Baba", "person"),
            Term("ميشيل كيلو", "Michel Kilo", "person"),
            Term("رامي عبد الرحمن", "Rami Abdulrahman", "person"),
            # A row may still list such a surname on purpose.
            Term("عزام الغريب", "Azzam al-Gharib", "person", short_forms=("الغريب=al-Gharib",)),
        ]
    )
    hits = article(
        gloss,
        [
            "قال محمد ياسين صالح ورائد الصالح ونور الدين البابا وميشيل كيلو وعزام الغريب",
            "صوت المجلس لصالح القرار، والعمل الصالح، وزار البابا دمشق، وسعر كيلو الخبز.",
            "قال رامي عبد الرحمن إن، بسم الله الرحمن الرحيم، وأضاف عبد الرحمن أن الغريب وصل",
        ],
    )
    assert hits[1] == []
    assert hits[2][1:] == [("عبد الرحمن", "Abdulrahman", True), ("الغريب", "al-Gharib", True)]


def test_person_surname() -> None:
    from translate_cli.glossary.matcher import person_surname

    assert person_surname(Term("أحمد الشرع", "Ahmed al-Sharaa", "person")) == (
        "الشرع",
        "al-Sharaa",
    )
    assert person_surname(Term("محمد بن سلمان", "Mohammed bin Salman", "person")) == (
        "بن سلمان",
        "bin Salman",
    )
    assert person_surname(Term("مرهف أبو قصرة", "Murhaf Abu Qasra", "person")) == (
        "أبو قصرة",
        "Abu Qasra",
    )
    assert person_surname(Term("رياض سيف", "Riad Seif", "person")) is None
    assert person_surname(Term("علي محمود عباس", "Ali Mahmoud Abbas", "person")) is None
    assert person_surname(Term("الشرع", "al-Sharaa", "person")) is None


def test_short_forms_follow_the_latest_entity(people: Glossary) -> None:
    hits = people.find_article(
        [
            "أعلن المرصد السوري لحقوق الإنسان أن",
            "وقال المرصد إن هيئة تحرير الشام انسحبت، وأكدت الهيئة ذلك.",
            "ودعت هيئة التفاوض السورية إلى الحوار، وقالت الهيئة",
        ]
    )
    assert [(h.source, h.target, h.term) for h in hits[1] if h.short] == [
        ("المرصد", "the Observatory", "المرصد السوري لحقوق الإنسان"),
        ("الهيئة", "HTS", "هيئة تحرير الشام"),
    ]
    assert [(h.target, h.term) for h in hits[2] if h.short] == [
        ("Syrian Negotiation Commission", "هيئة التفاوض السورية")
    ]
    assert next(h.to_json() for h in hits[1] if h.short) == {
        "source": "المرصد",
        "start": 5,
        "end": 11,
        "term": "المرصد السوري لحقوق الإنسان",
        "target": "the Observatory",
        "short_form": True,
    }


def test_find_alone_has_no_short_forms(people: Glossary) -> None:
    assert (
        people.find("التقى أحمد الشرع ثم الشرع")
        == people.find_article(["التقى أحمد الشرع ثم الشرع"])[0][:1]
    )
    assert people.find_article([]) == []
    assert people.find_article(["", "حلب"]) == [[], [people.find("حلب")[0]]]


def test_segments_never_join_into_one_name(people: Glossary) -> None:
    # A name split across two segments is in neither.
    assert article(people, ["وصل أحمد", "الشرع إلى حلب"]) == [[], [("حلب", "Aleppo", False)]]


def test_glossary_find_applies_short_forms(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from translate_cli.cli import app

    path = tmp_path / "g.csv"
    path.write_text("source,target,category\nأحمد الشرع,Ahmed al-Sharaa,person\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["glossary", "find", "التقى أحمد الشرع، وقال الشرع", "--json", "--glossary", str(path)]
    )
    assert result.exit_code == 0, result.output
    import json

    assert [(h["source"], h["target"], h.get("short_form", False)) for h in json.loads(result.stdout)] == [
        ("أحمد الشرع", "Ahmed al-Sharaa", False),
        ("الشرع", "al-Sharaa", True),
    ]  # fmt: skip


def test_a_dropped_longer_hit_does_not_hide_a_shorter_one_ending_with_it() -> None:
    gloss = Glossary(
        [
            Term("مشفى القدس", "al-Quds Hospital", "place", only_after=("قرب",)),
            Term("القدس", "Jerusalem", "place"),
            Term("مجلس الأمن الدولي", "UN Security Council", "organization"),
            Term("الأمن الدولي", "international security", "other"),
            Term("هيئة العاصمة", "Capital Authority", "institution", short_forms=("الهيئة الأم",)),
            Term("الأم", "the mother", "other"),
        ]
    )
    # The sense rule of the longer term fails: the shorter one ending with it is found.
    assert [(h.source, h.target) for h in gloss.find("وصل الوفد قرب مشفى القدس")] == [
        ("مشفى القدس", "al-Quds Hospital")
    ]
    assert [(h.source, h.target) for h in gloss.find("زار الوفد مشفى القدس")] == [
        ("القدس", "Jerusalem")
    ]
    # A plain longer term hides the shorter one; a short form does not, active or not (a
    # term always wins over a short form).
    assert [h.target for h in gloss.find("قرار مجلس الأمن الدولي")] == ["UN Security Council"]
    assert [h.target for h in gloss.find_article(["تحدثت الهيئة الأم"])[0]] == ["the mother"]
    assert [h.target for h in gloss.find_article(["هيئة العاصمة", "تحدثت الهيئة الأم"])[1]] == [
        "the mother"
    ]
