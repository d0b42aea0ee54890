"""Sentence segmentation of Arabic news blocks: rule tables, properties, and the fetch pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from translate_cli.cli import app
from translate_cli.store import Store
from translate_cli.text import segment
from translate_cli.text.segment import sentence_spans, split_sentences

P = "paragraph"

# (kind, text, expected segments): every rule of the segmenter, the breaks and the guards.
BREAKS = [
    # --- ordinary sentence ends
    (
        P,
        "سيطرت الفصائل على مدينة حماة بعد معارك عنيفة. وانسحبت قوات النظام نحو حمص.",
        ["سيطرت الفصائل على مدينة حماة بعد معارك عنيفة.", "وانسحبت قوات النظام نحو حمص."],
    ),
    (
        P,
        "هل يعود اللاجئون قريبًا؟ لا أحد يملك الجواب! لكن الأمل قائم.",
        ["هل يعود اللاجئون قريبًا؟", "لا أحد يملك الجواب!", "لكن الأمل قائم."],
    ),
    (P, "Is it over? وقال الأهالي إنهم متفائلون.", ["Is it over?", "وقال الأهالي إنهم متفائلون."]),
    (
        P,
        "فُتح معبر باب الهوى صباح اليوم۔ وعبرت عشرات الشاحنات.",
        ["فُتح معبر باب الهوى صباح اليوم۔", "وعبرت عشرات الشاحنات."],
    ),
    # --- no space after the period in scraped text
    (
        P,
        "قُتل مدنيان بقصف مدفعي على ريف إدلب.وأعلن الدفاع المدني انتشال الجثث.",
        ["قُتل مدنيان بقصف مدفعي على ريف إدلب.", "وأعلن الدفاع المدني انتشال الجثث."],
    ),
    (
        P,
        "هل انتهى الحصار؟قالت المصادر إنه مستمر.",
        ["هل انتهى الحصار؟", "قالت المصادر إنه مستمر."],
    ),
    (
        P,
        "ارتفع عدد الضحايا إلى 12.وأصيب 30 آخرون.",
        ["ارتفع عدد الضحايا إلى 12.", "وأصيب 30 آخرون."],
    ),
    (
        P,
        "انتهى الاجتماع دون نتائج.«لن نعود» قال أحد المشاركين.",
        ["انتهى الاجتماع دون نتائج.", "«لن نعود» قال أحد المشاركين."],
    ),
    (
        P,
        'انتهى الاجتماع دون نتائج."لن نعود" قال أحد المشاركين.',
        ["انتهى الاجتماع دون نتائج.", '"لن نعود" قال أحد المشاركين.'],
    ),
    # --- runs of terminators stay together
    (
        P,
        "أبعد كل هذا الدمار يطلبون منا العودة؟! سأل أحد النازحين.",
        ["أبعد كل هذا الدمار يطلبون منا العودة؟!", "سأل أحد النازحين."],
    ),
    (
        P,
        "عادت الكهرباء إلى الحي بعد سنوات!! وخرج الأطفال إلى الشوارع.",
        ["عادت الكهرباء إلى الحي بعد سنوات!!", "وخرج الأطفال إلى الشوارع."],
    ),
    (P, "ماذا بعد؟!! لا أحد يعرف.", ["ماذا بعد؟!!", "لا أحد يعرف."]),
    # --- closing quotes and brackets stay with the sentence
    (
        P,
        "قال المتحدث باسم الفصيل: «لن نتراجع عن مواقعنا.» ثم غادر المؤتمر الصحفي.",
        ["قال المتحدث باسم الفصيل: «لن نتراجع عن مواقعنا.»", "ثم غادر المؤتمر الصحفي."],
    ),
    (
        P,
        "«سنعيد بناء المدرسة قبل الشتاء.» بهذه الكلمات ختم المدير حديثه.",
        ["«سنعيد بناء المدرسة قبل الشتاء.»", "بهذه الكلمات ختم المدير حديثه."],
    ),
    (
        P,
        "وأكد المحافظ: «الخبز متوفر في كل الأفران». وأضاف أن الأسعار ثابتة.",
        ["وأكد المحافظ: «الخبز متوفر في كل الأفران».", "وأضاف أن الأسعار ثابتة."],
    ),
    (
        P,
        "قالت المعلمة: ”عاد نصف الطلاب إلى الصفوف هذا الأسبوع.“ وأشارت إلى نقص الكتب.",
        ["قالت المعلمة: ”عاد نصف الطلاب إلى الصفوف هذا الأسبوع.“", "وأشارت إلى نقص الكتب."],
    ),
    (
        P,
        'قال الطبيب: "المستشفى يعمل بربع طاقته فقط." ودعا المنظمات إلى التدخل.',
        ['قال الطبيب: "المستشفى يعمل بربع طاقته فقط."', "ودعا المنظمات إلى التدخل."],
    ),
    (
        P,
        "(وقد نفت وزارة الدفاع هذه الرواية في بيان نشرته مساء أمس.) وقال شهود إن القصف استمر.",
        [
            "(وقد نفت وزارة الدفاع هذه الرواية في بيان نشرته مساء أمس.)",
            "وقال شهود إن القصف استمر.",
        ],
    ),
    (
        P,
        "انتهت الجولة الأولى.»وقال الوسيط إن الثانية ستعقد قريبًا.",
        ["انتهت الجولة الأولى.»", "وقال الوسيط إن الثانية ستعقد قريبًا."],
    ),
    (
        P,
        "افتتح الجسر أمام السيارات.\u200f وعبرته أولى الحافلات ظهرًا.",
        ["افتتح الجسر أمام السيارات.\u200f", "وعبرته أولى الحافلات ظهرًا."],
    ),
    # --- a quotation with several sentences breaks inside it
    (
        P,
        "قال المسؤول: «الطرق آمنة. لا داعي للقلق». وأضاف أن الدوريات مستمرة.",
        ["قال المسؤول: «الطرق آمنة.", "لا داعي للقلق».", "وأضاف أن الدوريات مستمرة."],
    ),
    # --- Arabic abbreviations
    (
        P,
        "قال د. سامر الأحمد إن المرض ينتشر. وأوصى بالتلقيح.",
        ["قال د. سامر الأحمد إن المرض ينتشر.", "وأوصى بالتلقيح."],
    ),
    (
        P,
        "أشرف م. خالد العلي على ترميم السوق. وانتهى العمل في أيار.",
        ["أشرف م. خالد العلي على ترميم السوق.", "وانتهى العمل في أيار."],
    ),
    (
        P,
        "حاضر أ.د. نبيل حداد في جامعة حلب. وحضر المحاضرة مئات الطلاب.",
        ["حاضر أ.د. نبيل حداد في جامعة حلب.", "وحضر المحاضرة مئات الطلاب."],
    ),
    (
        P,
        "وقدّم أ. د. ريم الخطيب بحثًا عن المياه. ونال البحث جائزة.",
        ["وقدّم أ. د. ريم الخطيب بحثًا عن المياه.", "ونال البحث جائزة."],
    ),
    (
        P,
        "ورد ذلك في ص. 114 من التقرير. وفي ج. 2 تفاصيل أخرى.",
        ["ورد ذلك في ص. 114 من التقرير.", "وفي ج. 2 تفاصيل أخرى."],
    ),
    (
        P,
        "بُنيت القلعة في القرن الثالث ق.م وجُددت مرات عدة. وهي اليوم مغلقة.",
        ["بُنيت القلعة في القرن الثالث ق.م وجُددت مرات عدة.", "وهي اليوم مغلقة."],
    ),
    # After a number, an era or currency marker's period is also the full stop.
    (
        P,
        "بُني الجامع عام 1250 هـ. وجُدد عام 1900 م. ولا يزال قائمًا.",
        ["بُني الجامع عام 1250 هـ.", "وجُدد عام 1900 م.", "ولا يزال قائمًا."],
    ),
    (
        P,
        "وبلغ سعر الكيلو 150 ألف ل.س. وهو ما يفوق راتب أسبوع.",
        ["وبلغ سعر الكيلو 150 ألف ل.س.", "وهو ما يفوق راتب أسبوع."],
    ),
    # Before a name, م. is مهندس and never ends the sentence.
    (P, "واستقبل م. سامر العلي الوفد. ثم غادر.", ["واستقبل م. سامر العلي الوفد.", "ثم غادر."]),
    (
        P,
        "توفي الشاعر (ت. 1990) في دمشق. ودفن في مقبرة الباب الصغير.",
        ["توفي الشاعر (ت. 1990) في دمشق.", "ودفن في مقبرة الباب الصغير."],
    ),
    (
        P,
        "وبلغ سعر ربطة الخبز 4000 ل.س في الأسواق. وارتفع سعر السكر.",
        ["وبلغ سعر ربطة الخبز 4000 ل.س في الأسواق.", "وارتفع سعر السكر."],
    ),
    (
        P,
        "راسلونا على ص.ب. 1234 في دمشق. أو عبر البريد.",
        ["راسلونا على ص.ب. 1234 في دمشق.", "أو عبر البريد."],
    ),
    # --- initialisms of news agencies
    (
        P,
        "نقلت وكالة الصحافة الفرنسية (أ.ف.ب) عن مصدر عسكري قوله إن الهجوم صُدّ. ولم تؤكد مصادر أخرى ذلك.",
        [
            "نقلت وكالة الصحافة الفرنسية (أ.ف.ب) عن مصدر عسكري قوله إن الهجوم صُدّ.",
            "ولم تؤكد مصادر أخرى ذلك.",
        ],
    ),
    (
        P,
        "وذكرت وكالة الأنباء الألمانية (د.ب.أ) أن الوفد وصل. كما أفادت (و.م.ع) بالأمر نفسه.",
        [
            "وذكرت وكالة الأنباء الألمانية (د.ب.أ) أن الوفد وصل.",
            "كما أفادت (و.م.ع) بالأمر نفسه.",
        ],
    ),
    (
        P,
        "أفادت أ ف ب بأن القصف توقف. وعاد الهدوء إلى المدينة.",
        ["أفادت أ ف ب بأن القصف توقف.", "وعاد الهدوء إلى المدينة."],
    ),
    (
        P,
        "قُتل ثلاثة مدنيين في الغارة (أ.ف.ب). وأصيب خمسة آخرون.",
        ["قُتل ثلاثة مدنيين في الغارة (أ.ف.ب).", "وأصيب خمسة آخرون."],
    ),
    # --- English inside Arabic
    (
        P,
        "وقال Dr. John Miller لصحيفة محلية إن المساعدات تأخرت. وطالب بفتح المعابر.",
        ["وقال Dr. John Miller لصحيفة محلية إن المساعدات تأخرت.", "وطالب بفتح المعابر."],
    ),
    (
        P,
        "التقى Mr. Pedersen بالوفد في جنيف. وقالت U.S. officials إن اللقاء مثمر.",
        ["التقى Mr. Pedersen بالوفد في جنيف.", "وقالت U.S. officials إن اللقاء مثمر."],
    ),
    (
        P,
        "دعت الأمم المتحدة U.N. إلى وقف القتال. ورحبت الفصائل بالدعوة.",
        ["دعت الأمم المتحدة U.N. إلى وقف القتال.", "ورحبت الفصائل بالدعوة."],
    ),
    (
        P,
        "كتب J. K. Rowling تغريدة عن سوريا. وانتشرت التغريدة بسرعة.",
        ["كتب J. K. Rowling تغريدة عن سوريا.", "وانتشرت التغريدة بسرعة."],
    ),
    (
        P,
        "أعلنت شركة Acme Inc. said nothing about it. وانتهى الأمر.",
        ["أعلنت شركة Acme Inc. said nothing about it.", "وانتهى الأمر."],
    ),
    (
        P,
        "ويعمل الفريق على لقاحات e.g. ضد الحصبة. وانطلقت الحملة.",
        ["ويعمل الفريق على لقاحات e.g. ضد الحصبة.", "وانطلقت الحملة."],
    ),
    # --- numbers, dates and times
    (
        P,
        "ارتفع التضخم بنسبة 2.5 بالمئة خلال الشهر. وبلغ ٣.١٤ بالمئة في الشهر السابق.",
        ["ارتفع التضخم بنسبة 2.5 بالمئة خلال الشهر.", "وبلغ ٣.١٤ بالمئة في الشهر السابق."],
    ),
    (
        P,
        "تضاعفت الأسعار ٢٫٥ مرة منذ العام الماضي. وتراجعت الرواتب.",
        ["تضاعفت الأسعار ٢٫٥ مرة منذ العام الماضي.", "وتراجعت الرواتب."],
    ),
    (
        P,
        "بدأت العملية في 27/11/2024 عند الساعة 14:30. وانتهت في 2024.12.08 فجرًا.",
        ["بدأت العملية في 27/11/2024 عند الساعة 14:30.", "وانتهت في 2024.12.08 فجرًا."],
    ),
    (
        P,
        "صدر التحديث 3.1.2 من التطبيق. ويدعم الإصدار v2.0 اللغة العربية.",
        ["صدر التحديث 3.1.2 من التطبيق.", "ويدعم الإصدار v2.0 اللغة العربية."],
    ),
    # --- list numbers and labels
    (
        P,
        "1. وقف إطلاق النار في كامل المحافظة.",
        ["1. وقف إطلاق النار في كامل المحافظة."],
    ),
    (
        P,
        "1. وقف إطلاق النار. 2. تبادل المحتجزين. 3. فتح الطرق.",
        ["1. وقف إطلاق النار.", "2. تبادل المحتجزين.", "3. فتح الطرق."],
    ),
    (
        P,
        "١. عودة النازحين إلى قراهم. ٢. إعادة تأهيل المدارس.",
        ["١. عودة النازحين إلى قراهم.", "٢. إعادة تأهيل المدارس."],
    ),
    (
        P,
        "وتضمن الاتفاق البنود التالية: 1. وقف القصف 2. إطلاق المعتقلين 3. عودة المهجرين.",
        ["وتضمن الاتفاق البنود التالية: 1. وقف القصف 2. إطلاق المعتقلين 3. عودة المهجرين."],
    ),
    (
        P,
        "وطالب الأهالي بما يلي: أ. إصلاح الطرق ب. توفير المياه ج. فتح المستوصف.",
        ["وطالب الأهالي بما يلي: أ. إصلاح الطرق ب. توفير المياه ج. فتح المستوصف."],
    ),
    (
        P,
        "بلغ عدد المعتقلين المفرج عنهم 2. وينتظر المئات دورهم.",
        ["بلغ عدد المعتقلين المفرج عنهم 2.", "وينتظر المئات دورهم."],
    ),
    # --- links, e-mail addresses and domains
    (
        P,
        "نشر موقع syria.tv التقرير كاملًا. ويمكن متابعته على www.syria.tv/news أيضًا.",
        ["نشر موقع syria.tv التقرير كاملًا.", "ويمكن متابعته على www.syria.tv/news أيضًا."],
    ),
    (
        P,
        "الرابط هو https://www.syria.tv/search?حلب.وفيه الصور. وراسلونا على news@syria.tv.",
        ["الرابط هو https://www.syria.tv/search?حلب.وفيه الصور.", "وراسلونا على news@syria.tv."],
    ),
    (
        P,
        "للمزيد زوروا https://example.org/a?b=1. وتابعونا.",
        ["للمزيد زوروا https://example.org/a?b=1.", "وتابعونا."],
    ),
    # --- ellipses
    (
        P,
        "انتظر الأهالي طويلًا… ثم جاءت الحافلات.",
        ["انتظر الأهالي طويلًا…", "ثم جاءت الحافلات."],
    ),
    (
        P,
        "انتظر الأهالي طويلًا... ثم جاءت الحافلات.",
        ["انتظر الأهالي طويلًا...", "ثم جاءت الحافلات."],
    ),
    (
        P,
        "الوضع صعب…لكننا صامدون في أرضنا.",
        ["الوضع صعب…لكننا صامدون في أرضنا."],
    ),
    (
        P,
        "قال أحد الناجين: «سنعود… إلى بيوتنا مهما طال الزمن» وسط تصفيق الحضور.",
        ["قال أحد الناجين: «سنعود… إلى بيوتنا مهما طال الزمن» وسط تصفيق الحضور."],
    ),
    (
        P,
        "قال أحد الناجين: «لن ننسى ما حدث…» وغادر المكان مسرعًا.",
        ["قال أحد الناجين: «لن ننسى ما حدث…» وغادر المكان مسرعًا."],
    ),
    (
        P,
        "... وأضاف المصدر أن الاشتباكات توقفت.",
        ["... وأضاف المصدر أن الاشتباكات توقفت."],
    ),
    ("title", "الأسد يغادر… والمعارضة تدخل دمشق", ["الأسد يغادر… والمعارضة تدخل دمشق"]),
    ("title", "الأسد يغادر... والمعارضة تدخل دمشق", ["الأسد يغادر... والمعارضة تدخل دمشق"]),
    ("heading", "حلب.. مدينة تستعيد أنفاسها", ["حلب.. مدينة تستعيد أنفاسها"]),
    (
        "heading",
        "هل تنجح المفاوضات؟ خبراء يجيبون",
        ["هل تنجح المفاوضات؟", "خبراء يجيبون"],
    ),
    # --- no terminator, commas, semicolons, colons
    (
        P,
        "عشرات العائلات تعود إلى قرى ريف حماة الشمالي وسط دمار واسع",
        ["عشرات العائلات تعود إلى قرى ريف حماة الشمالي وسط دمار واسع"],
    ),
    (
        P,
        "الطقس بارد، والأمطار غزيرة؛ لكن الأهالي صامدون: لا رحيل بعد اليوم",
        ["الطقس بارد، والأمطار غزيرة؛ لكن الأهالي صامدون: لا رحيل بعد اليوم"],
    ),
    # --- short quoted titles and asides in mid-sentence
    (
        P,
        "عرض البرنامج الوثائقي «ماذا بعد؟» قصص العائدين إلى حمص.",
        ["عرض البرنامج الوثائقي «ماذا بعد؟» قصص العائدين إلى حمص."],
    ),
    (
        P,
        "وصفت الوزارة الهجوم بأنه «عمل جبان!» وتوعدت بالرد.",
        ["وصفت الوزارة الهجوم بأنه «عمل جبان!» وتوعدت بالرد."],
    ),
    (
        P,
        "وقال المختار (ضاحكًا!) إن القرية لم تشهد عرسًا منذ سنوات.",
        ["وقال المختار (ضاحكًا!) إن القرية لم تشهد عرسًا منذ سنوات."],
    ),
    (
        P,
        "وأهدى الكاتب روايته «د. ياسين» إلى أهالي درعا.",
        ["وأهدى الكاتب روايته «د. ياسين» إلى أهالي درعا."],
    ),
    # --- line breaks, bullets, stray symbols
    (
        P,
        "وتشمل المطالب:\n- وقف القصف\n- إطلاق المعتقلين",
        ["وتشمل المطالب:", "- وقف القصف", "- إطلاق المعتقلين"],
    ),
    (
        P,
        "وتشمل المطالب: • وقف القصف • إطلاق المعتقلين",
        ["وتشمل المطالب:", "• وقف القصف", "• إطلاق المعتقلين"],
    ),
    (P, "وصلت القافلة أخيرًا. 🙏", ["وصلت القافلة أخيرًا. 🙏"]),
    (P, "  أعلن المجلس المحلي حظر التجول.  ", ["أعلن المجلس المحلي حظر التجول."]),
]


# Numbered ids: pytest escapes Arabic in ids, which would make them unreadable.
TABLE_IDS = [f"{number:02d}-{kind}" for number, (kind, _, _) in enumerate(BREAKS)]


@pytest.mark.parametrize(("kind", "text", "expected"), BREAKS, ids=TABLE_IDS)
def test_rule_table(kind: str, text: str, expected: list[str]) -> None:
    assert split_sentences(text, kind) == expected


def _assert_exact_cover(text: str, kind: str) -> None:
    """Segments are stripped slices of ``text`` in order, with only whitespace between them."""
    spans = sentence_spans(text, kind)
    assert split_sentences(text, kind) == [text[s:e] for s, e in spans]
    rebuilt = []
    previous = 0
    for start, end in spans:
        gap = text[previous:start]
        assert gap == "" or gap.isspace()
        piece = text[start:end]
        assert piece and piece == piece.strip()
        rebuilt += [gap, piece]
        previous = end
    assert text[previous:] == "" or text[previous:].isspace()
    assert "".join(rebuilt) + text[previous:] == text
    if text.strip():
        assert spans


@pytest.mark.parametrize(("kind", "text", "expected"), BREAKS, ids=TABLE_IDS)
def test_segments_are_exact_substrings(kind: str, text: str, expected: object) -> None:
    _assert_exact_cover(text, kind)
    for piece in split_sentences(text, kind):
        assert piece in text


@pytest.mark.parametrize("text", ["", " ", "\n\t \u00a0 "])
@pytest.mark.parametrize("kind", ["title", "heading", "paragraph"])
def test_blank_text_has_no_segments(text: str, kind: str) -> None:
    assert split_sentences(text, kind) == []
    assert sentence_spans(text, kind) == []


def test_spans_are_offsets_into_the_text() -> None:
    text = " قُتل مدني في درعا.  وأصيب طفلان."
    assert sentence_spans(text) == [(1, 19), (21, 33)]
    assert [text[s:e] for s, e in sentence_spans(text)] == ["قُتل مدني في درعا.", "وأصيب طفلان."]


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind must be one of"):
        split_sentences("نص.", "footnote")


def test_ellipsis_breaks_paragraphs_but_not_headlines() -> None:
    text = "الحصار ينتهي… والأهالي يعودون"
    assert split_sentences(text, "paragraph") == ["الحصار ينتهي…", "والأهالي يعودون"]
    assert split_sentences(text, "title") == [text]
    assert split_sentences(text, "heading") == [text]


def test_abbreviation_lists_are_module_data(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "وزعت المنظمة الخبز والوقود والأدوية إلخ. وستواصل التوزيع."
    assert split_sentences(text) == ["وزعت المنظمة الخبز والوقود والأدوية إلخ.", "وستواصل التوزيع."]
    monkeypatch.setattr(segment, "ARABIC_ABBREVIATIONS", segment.ARABIC_ABBREVIATIONS | {"إلخ"})
    assert split_sentences(text) == [text]
    latin = "قالت Capt. وقال آخرون."
    assert split_sentences(latin) == [latin]
    monkeypatch.setattr(segment, "ENGLISH_ABBREVIATIONS", frozenset())
    assert split_sentences(latin) == ["قالت Capt.", "وقال آخرون."]


def test_short_quote_threshold_is_module_data(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "وبثت القناة فيلم «أين ذهب الجميع؟» مساء أمس."
    assert split_sentences(text) == [text]
    monkeypatch.setattr(segment, "SHORT_QUOTE_WORDS", 1)
    assert split_sentences(text) == ["وبثت القناة فيلم «أين ذهب الجميع؟»", "مساء أمس."]


# --- properties over random joins of whole sentences

# Each is one sentence however it is joined to the others (none ends in an abbreviation).
SENTENCES = [
    "أعلنت الفصائل سيطرتها على قرى جديدة في ريف حلب الجنوبي.",
    "وقال د. عمر الحسن إن المستشفى استقبل 14 جريحًا.",
    "هل تعود الكهرباء قبل الشتاء؟",
    "لم يبق في الحي إلا عشرات العائلات!",
    "أبعد كل هذا يطلبون منا الصبر؟!",
    "وقال المحافظ: «نعمل على إعادة المياه إلى كل الأحياء.»",
    "وأكد مدير المدرسة: «عاد الطلاب إلى صفوفهم».",
    "ونقلت وكالة (أ.ف.ب) عن مصدر أن الطريق فُتح.",
    "وارتفعت الأسعار بنسبة 2.5 بالمئة منذ 27/11/2024.",
    "والتقى Mr. Pedersen بوفد المعارضة في جنيف.",
    "وعرضت القناة فيلم «ماذا بعد؟» عن العائدين.",
    "ويمكن قراءة التقرير على موقع syria.tv كاملًا.",
    "بُنيت القلعة في القرن الثالث ق.م وتعرضت لأضرار.",
    "وتبلغ المسافة 3.14 كيلومترًا فقط.",
    "الطقس بارد، والأمطار غزيرة؛ لكن الأهالي صامدون.",
    "انتظر النازحون طويلًا…",
    "(وقد نفت الوزارة ذلك في بيان رسمي مطول.)",
    "1. وقف إطلاق النار في كامل المحافظة.",
    "15 قتيلًا في غارة على سوق شعبي.",
]
# Ends that also break when the next sentence follows with no space at all.
GLUABLE = [s for s in SENTENCES if not s.endswith(("…", ")")) and not s[0].isdigit()]
SEPARATORS = st.sampled_from([" ", "  ", "\u00a0", " \n", "\n", "\t "])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=8),
    st.lists(SEPARATORS, min_size=8, max_size=8),
)
def test_random_joins_split_back_into_the_sentences(picked: list[str], seps: list[str]) -> None:
    text = picked[0] + "".join(sep + s for sep, s in zip(seps, picked[1:], strict=False))
    assert split_sentences(text) == picked
    _assert_exact_cover(text, "paragraph")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(GLUABLE), min_size=2, max_size=6))
def test_sentences_glued_without_a_space_still_split(picked: list[str]) -> None:
    text = "".join(picked)
    assert split_sentences(text) == picked


# Characters that stress every branch: terminators, quotes, brackets, digits, marks, spaces.
NOISE = st.text(
    alphabet=st.sampled_from(
        list("دمأبحلسوق")
        + list("aUSdr")
        + list("0١2")
        + list(".!?؟…،؛:/@")
        + list("«»“”\"'’()[]•-")
        + ["\u200f", " ", " ", "\n", "\u00a0"]
    ),
    max_size=80,
)


@settings(max_examples=500, deadline=None)
@given(NOISE, st.sampled_from(["title", "heading", "paragraph"]))
def test_any_text_is_covered_exactly(text: str, kind: str) -> None:
    _assert_exact_cover(text, kind)


# --- the fetch pipeline stores these segments


def test_fetched_text_article_is_stored_as_these_segments(tmp_path: Path) -> None:
    paragraphs = [
        "قال د. سامر الأحمد إن المرض ينتشر في المخيمات.وأوصى بحملة تلقيح عاجلة.",
        "وقال مدير الصحة: «لدينا 2.5 مليون جرعة فقط.» ودعا المنظمات إلى المساعدة؟! ولم يرد أحد بعد.",
    ]
    article = tmp_path / "article.txt"
    article.write_text(
        "حملة تلقيح... والمخيمات تنتظر\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8"
    )
    db = str(tmp_path / "work.db")
    runner = CliRunner()
    fetched = runner.invoke(app, ["fetch", str(article), "--db", db, "--json"])
    assert fetched.exit_code == 0, fetched.output
    art_id = json.loads(fetched.stdout)["articles"][0]["id"]
    with Store(db) as store:
        sources = [s["source"] for s in store.segments(art_id)]
    assert sources == [
        "حملة تلقيح... والمخيمات تنتظر",
        "قال د. سامر الأحمد إن المرض ينتشر في المخيمات.",
        "وأوصى بحملة تلقيح عاجلة.",
        "وقال مدير الصحة: «لدينا 2.5 مليون جرعة فقط.»",
        "ودعا المنظمات إلى المساعدة؟!",
        "ولم يرد أحد بعد.",
    ]


# ---- scraped subheadings glued to their paragraph by a colon ------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "الوضع الميداني: قالت مصادر محلية إن الاشتباكات تجددت في ريف حلب.",
            ["الوضع الميداني:", "قالت مصادر محلية إن الاشتباكات تجددت في ريف حلب."],
        ),
        (
            "عودة اللاجئين إلى حمص: عادت مئات العائلات إلى أحيائها المدمرة هذا الأسبوع. "
            "وقال أحد العائدين إن الوضع صعب.",
            [
                "عودة اللاجئين إلى حمص:",
                "عادت مئات العائلات إلى أحيائها المدمرة هذا الأسبوع.",
                "وقال أحد العائدين إن الوضع صعب.",
            ],
        ),
        # A quotation's introduction, a list's label, a short note: one segment.
        (
            "وقال المتحدث باسم الوزارة: إن القوات ستنسحب من المنطقة خلال أيام.",
            ["وقال المتحدث باسم الوزارة: إن القوات ستنسحب من المنطقة خلال أيام."],
        ),
        (
            "وأضاف مدير المشفى: نحتاج إلى أدوية وأجهزة تنفس بشكل عاجل.",
            ["وأضاف مدير المشفى: نحتاج إلى أدوية وأجهزة تنفس بشكل عاجل."],
        ),
        (
            "وتشمل المطالب: وقف القصف وإطلاق سراح المعتقلين في كل المحافظات.",
            ["وتشمل المطالب: وقف القصف وإطلاق سراح المعتقلين في كل المحافظات."],
        ),
        ("ملاحظة: الأرقام أولية.", ["ملاحظة: الأرقام أولية."]),
        (
            "المصدر السوري: «سنعود إلى قرانا مهما طال الزمن».",
            ["المصدر السوري: «سنعود إلى قرانا مهما طال الزمن»."],
        ),
        (
            "الطقس بارد، والأمطار غزيرة: لا رحيل بعد اليوم عن هذه الأرض أبداً.",
            ["الطقس بارد، والأمطار غزيرة: لا رحيل بعد اليوم عن هذه الأرض أبداً."],
        ),
        # The sentence after the colon must end: an unfinished line stays whole.
        (
            "الحصيلة الأولية: عشرات القتلى والجرحى في القصف المستمر",
            ["الحصيلة الأولية: عشرات القتلى والجرحى في القصف المستمر"],
        ),
    ],
)
def test_subheading_glued_by_a_colon(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected
    # Headings and titles keep their colon: "X: Y" is a headline form.
    assert not any(seg.endswith(":") for seg in split_sentences(text, "heading"))
