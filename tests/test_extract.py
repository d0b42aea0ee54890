"""Extraction of article structure: the syria.tv profile, the generic trafilatura path, text files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import FIXTURES, REPO

from translate_cli.document import ExtractedArticle
from translate_cli.errors import ExtractionError
from translate_cli.ingest.extract import extract_html, extract_text, extractors, register
from translate_cli.ingest.extract.dates import to_iso
from translate_cli.ingest.extract.page import Page
from translate_cli.ingest.extract.sites import SITES_DIR

PAGES = FIXTURES / "pages"
SAMPLE = REPO / "examples" / "syria-tv-sample.html"


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def headings(doc: ExtractedArticle) -> list[tuple[int, str]]:
    return [(b.level, b.text) for b in doc.blocks if b.kind == "heading"]


def paragraphs(doc: ExtractedArticle) -> list[str]:
    return [b.text for b in doc.blocks if b.kind == "paragraph"]


def everything(doc: ExtractedArticle) -> str:
    """All text the translator would see: title, byline and every block."""
    return "\n".join([doc.title, doc.author or "", *(b.text for b in doc.blocks)])


def assert_absent(doc: ExtractedArticle, chrome: list[str]) -> None:
    text = everything(doc)
    leaked = [c for c in chrome if c in text]
    assert leaked == [], f"chrome leaked into the article: {leaked}"


# --- syria.tv ---------------------------------------------------------------------------------

SAMPLE_TITLE = "محطة الخفسة تعود إلى الضخ بعد خمسة أشهر من التوقف ومخاوف من صيف جاف"
SAMPLE_HEADINGS = [
    (2, "أحياء شرقي حلب أول المستفيدين"),
    (3, "مخاوف من موسم جفاف جديد"),  # <p><strong>..</strong></p>
    (3, "ما المطلوب من الأهالي؟"),
]
# How each paragraph starts, in order (full texts of the tricky ones are checked below).
SAMPLE_PARAGRAPH_STARTS = [
    "أعلنت المؤسسة العامة لمياه الشرب في حلب",
    "وقال مدير المؤسسة في تصريح لتلفزيون سوريا",
    "وبحسب المؤسسة، ستصل المياه أولاً",
    "وقالت أم محمد، وهي من سكان حي الصاخور",
    "وفي حي الميسر، قال صاحب محل",
    "في المقابل، حذّر مهندسون زراعيون",
    "وتشير بيانات محلية إلى أن الوارد المائي",
    "وأوضح المهندس سامر العلي",
    "وأضاف أن الحل الجذري",  # after <br><br> inside the same <p>
    "ودعت المؤسسة السكان إلى ترشيد الاستهلاك",
    "كما طالبت أصحاب الصهاريج الخاصة",
    "يُذكر أن محطة الخفسة تُعد المصدر الرئيسي",
]
SAMPLE_CHROME = [
    "التغطية الحية",
    "آخر تحديث",
    "2,418",  # view counter
    "صورة أرشيفية لمحطة الخفسة",  # the lead image's figcaption, outside the body
    "إظهار الملخص",
    "عادت المحطة إلى العمل بنحو ستين",  # AI summary items
    "خبراء يحذرون من تكرار الأزمة",
    "حجم الخط",
    "اقرأ أيضاً",
    "ارتفاع أسعار صهاريج المياه في أحياء حلب الشرقية",  # the read-also link
    "الوسوم",
    "شارك",
    "واتساب",
    "مقالات ذات صلة",
    "أزمة العطش في حلب تدخل شهرها الثالث",  # related articles
    "عاجل",
    "الدفاع المدني يخمد حريقاً",  # breaking-news ticker
    "عادت المياه إلى حي الشعار بعد انتظار طويل",  # embedded tweet
    "aleppo_today_x",
    "اشترك في النشرة البريدية",
    "حمّل تطبيق تلفزيون سوريا",
    "جميع الحقوق محفوظة",
    "من نحن",
    "البث المباشر",  # navigation
]


@pytest.mark.parametrize(
    "url",
    [
        None,  # a saved page: recognised by its markers
        "https://www.syria.tv/محطة-الخفسة",
        "http://127.0.0.1:8765/news/1",  # served over loopback: markers again
    ],
)
def test_syria_tv_sample_article(url: str | None) -> None:
    doc = extract_html(SAMPLE.read_text(encoding="utf-8"), url=url)

    assert doc.extractor == "syria.tv"
    assert doc.site == "syria.tv"
    assert doc.title == SAMPLE_TITLE
    assert doc.author == "رامي الحسين"
    assert doc.published == "2024-11-30T12:19:00+03:00"
    assert doc.updated == "2024-11-30T15:40:00+03:00"
    assert doc.lang == "ar"
    assert (
        doc.canonical_url
        == "https://www.syria.tv/محطة-الخفسة-تعود-إلى-الضخ-بعد-خمسة-أشهر-من-التوقف"
    )
    assert headings(doc) == SAMPLE_HEADINGS
    paras = paragraphs(doc)
    assert len(paras) == len(SAMPLE_PARAGRAPH_STARTS)
    for para, start in zip(paras, SAMPLE_PARAGRAPH_STARTS, strict=True):
        assert para.startswith(start)
    # Order of blocks: the bold subheading sits between its neighbours.
    kinds = [b.kind for b in doc.blocks]
    assert kinds[:3] == ["paragraph", "paragraph", "heading"]
    # The bulleted list stays a list, and the caption inside the body a caption, in place.
    assert [(b.kind, b.level, b.text[:20]) for b in doc.blocks[-7:-2]] == [
        ("paragraph", 0, "ودعت المؤسسة السكان "),
        ("list_item", 0, "الأحياء الشرقية: من "),
        ("list_item", 0, "الأحياء الغربية: من "),
        ("list_item", 0, "المناطق الصناعية: يو"),
        ("caption", 0, "عمال صيانة داخل غرفة"),
    ]
    assert_absent(doc, SAMPLE_CHROME)


def test_syria_tv_text_is_kept_exactly() -> None:
    doc = extract_html(SAMPLE.read_text(encoding="utf-8"))
    paras = paragraphs(doc)
    # «» quotes, shadda and other diacritics, Western digits and % stay as written.
    assert paras[3] == (
        "وقالت أم محمد، وهي من سكان حي الصاخور، إن عائلتها كانت تنفق ما يقارب ربع دخلها الشهري "
        "على شراء المياه، مضيفةً: «لم نكن نصدّق أن الماء سيعود إلى الحنفيات قبل الشتاء، الأطفال "
        "كانوا يستحمون مرة واحدة في الأسبوع»."
    )
    assert "نحو 60% من طاقتها" in paras[1]
    assert "تُعالَج" in paras[5]
    # <br><br> split one <p> in two.
    assert paras[7].endswith("ويرفع احتمال تعطلها من جديد.")
    assert paras[8] == (
        "وأضاف أن الحل الجذري يتطلب اتفاقاً إقليمياً لتقاسم المياه، وهو أمر لا يبدو قريباً في ظل "
        "الظروف السياسية الراهنة."
    )
    assert all(p == p.strip() and "  " not in p and "\n" not in p for p in paras)


VARIANT_CHROME = [
    "عاجل",
    "وزارة الزراعة تمدد مهلة تسجيل المحاصيل",
    "التغطية الحية",
    "آخر تحديث",
    "1,203",
    "مشاهدة",
    "حجم الخط",
    "أ+",
    "إظهار الملخص",
    "تأجيل الزراعة يهدد بتراجع إنتاج القمح",
    "بقلم",
    "اقرأ أيضا",
    "أسعار الأسمدة تضاعف أعباء الفلاحين",
    "منشور مصور من أحد حقول الغاب",
    "الوسوم",
    "الأكثر قراءة",
    "تعرفة جديدة للكهرباء المنزلية",
    "حمّل تطبيق",
    "جميع الحقوق محفوظة",
]


def test_syria_tv_page_with_unknown_markup_falls_back_and_drops_chrome() -> None:
    """No body selector matches, chrome has made-up class names: labels and patterns still work."""
    doc = extract_html(page("syria-tv-variant.html"))
    assert doc.site == "syria.tv"
    assert doc.title == "مزارعو سهل الغاب يؤجلون زراعة القمح بانتظار المازوت المدعوم"
    assert doc.author == "ليلى الأحمد"
    # Only the visible "2024.12.02 | 08:45 دمشق" field: read as Damascus time.
    assert doc.published == "2024-12-02T08:45:00+03:00"
    assert doc.updated == "2024-12-02T11:20:00+03:00"
    assert headings(doc) == [(3, "الجمعيات تنتظر المخصصات"), (3, "مخاوف على الأمن الغذائي")]
    assert [p[:30] for p in paragraphs(doc)] == [
        "يواجه مزارعو سهل الغاب في ريف ",
        "وقال المزارع أبو خالد، الذي يم",
        "وأكد رئيس إحدى الجمعيات الفلاح",
        "ويُعدّ سهل الغاب من أهم مناطق ",
    ]
    # A single <br> is a space, not a paragraph break.
    assert "خلال الأيام العشرة المقبلة. وأشار إلى أن" in paragraphs(doc)[2]
    # The photo caption is a caption block, not lost and not a paragraph.
    assert [b.text for b in doc.blocks if b.kind == "caption"] == [
        "جرار زراعي متوقف في أحد حقول سهل الغاب (تلفزيون سوريا)"
    ]
    assert_absent(doc, VARIANT_CHROME)


def test_generic_lists_are_blocks_of_their_own() -> None:
    """Numbered and bulleted lists through the generic (trafilatura) path, and the image
    caption between them put back where the figure stood."""
    html = """<html lang="ar"><head><title>خبر</title></head><body><article>
    <h1>إعادة فتح معبر نصيب أمام الشاحنات</h1>
    <p>أعلنت إدارة المعبر إعادة فتحه أمام حركة الشاحنات بعد إغلاق دام أسبوعين كاملين.</p>
    <ol><li>تبدأ الحركة في السابعة صباحاً.</li><li><p>تنتهي في السادسة مساءً.</p></li></ol>
    <figure><img src="a.jpg" alt=""><figcaption>شاحنات تنتظر عند المعبر (أرشيف)</figcaption></figure>
    <ul><li>يُسمح بعبور البرادات أولاً.</li></ul>
    <p>وقال مسؤول في المعبر إن الإجراءات الجديدة ستخفف الازدحام خلال الأيام المقبلة.</p>
    </article></body></html>"""
    doc = extract_html(html, url="https://news.example.org/naseeb")
    assert [(b.kind, b.level, b.text) for b in doc.blocks if b.kind != "paragraph"] == [
        ("list_item", 1, "تبدأ الحركة في السابعة صباحاً."),
        ("list_item", 1, "تنتهي في السادسة مساءً."),
        ("caption", 0, "شاحنات تنتظر عند المعبر (أرشيف)"),
        ("list_item", 0, "يُسمح بعبور البرادات أولاً."),
    ]


def test_generic_captions_inside_the_body_only() -> None:
    """Trafilatura drops figures; their captions come back between the blocks around them,
    but not the lead photo's (before the body), a card's after it, or one in the page chrome."""
    html = """<html lang="ar"><head><title>خبر</title></head><body>
    <header><figure><img src="logo.png"><figcaption>شعار الموقع الإخباري</figcaption></figure></header>
    <article><h1>افتتاح مكتبة عامة جديدة في حمص بعد ترميم استمر عامين</h1>
    <figure><img src="lead.jpg"><figcaption>واجهة المكتبة من الخارج (أرشيف)</figcaption></figure>
    <p>افتتحت مديرية الثقافة في حمص يوم الثلاثاء مكتبة عامة في حي الوعر بعد أعمال ترميم طويلة.</p>
    <figure><img src="hall.jpg"><figcaption>قاعة المطالعة الرئيسية بعد الترميم</figcaption></figure>
    <p>وقال مدير المكتبة إن الرفوف تضم أكثر من اثني عشر ألف كتاب تبرع بمعظمها سكان المدينة.</p>
    </article>
    <div class="cards"><figure><img src="c.jpg"><figcaption>مقال آخر عن مدينة حمص</figcaption></figure></div>
    </body></html>"""
    doc = extract_html(html, url="https://news.example.org/homs-library")
    assert [(b.kind, b.text[:20]) for b in doc.blocks] == [
        ("paragraph", "افتتحت مديرية الثقاف"),
        ("caption", "قاعة المطالعة الرئيس"),
        ("paragraph", "وقال مدير المكتبة إن"),
    ]


def test_syria_tv_date_field_only_and_no_date() -> None:
    html = SAMPLE.read_text(encoding="utf-8")
    html = re.sub(r'<meta property="article:[a-z_]+time"[^>]*>', "", html)
    html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
    doc = extract_html(html, url="https://www.syria.tv/x")
    assert doc.published == "2024-11-30T12:19:00+03:00"
    # The update line is chrome, but its date is kept.
    assert doc.updated == "2024-11-30T15:40:00+03:00"

    # Without the field, only related articles carry dates (in their fields and URLs): none taken.
    html = html.replace("2024.11.30 | 12:19 دمشق", "")
    html = html.replace("آخر تحديث: 2024.11.30 | 15:40", "")
    doc = extract_html(html, url="https://www.syria.tv/x")
    assert doc.published is None
    assert doc.updated is None


def test_syria_tv_divs_without_paragraphs_use_trafilatura_on_the_cleaned_page() -> None:
    paras = [
        "أعلنت مديرية التربية في درعا بدء العام الدراسي في المدارس المرممة حديثاً، بعد انتهاء أعمال "
        "الصيانة التي شملت أكثر من ثلاثين مدرسة في الريف الشرقي.",
        "وقال مدير التربية إن المديرية وزعت الكتب المدرسية على جميع الطلاب، وإن نقص المعلمين في بعض "
        "المواد سيعالج بعقود مؤقتة خلال الأسابيع المقبلة.",
        "وتعاني مدارس المحافظة منذ سنوات من اكتظاظ الصفوف ونقص التدفئة في الشتاء، ما دفع عائلات كثيرة "
        "إلى نقل أبنائها إلى مدارس خاصة رغم ارتفاع أقساطها.",
    ]
    body = "".join(f"<div class='para'>{p}</div>" for p in paras)
    html = (
        '<html lang="ar"><head><title>مدارس درعا تستقبل طلابها | تلفزيون سوريا</title></head><body>'
        '<div class="strip"><span>عاجل</span><a href="/a">حادث سير على طريق دمشق درعا الدولي</a></div>'
        '<div class="art"><h1>مدارس درعا تستقبل طلابها</h1><div class="meta">آخر تحديث: 2024.09.01 | 10:00</div>'
        '<div class="sum"><span>إظهار الملخص</span><ul><li>بدء العام الدراسي في ثلاثين مدرسة مرممة.</li></ul></div>'
        f'<div class="txt">{body}</div></div><div class="foot">جميع الحقوق محفوظة لتلفزيون سوريا 2024</div>'
        "</body></html>"
    )
    doc = extract_html(html)
    assert doc.site == "syria.tv"
    assert doc.extractor == "trafilatura"
    assert doc.title == "مدارس درعا تستقبل طلابها"
    assert paragraphs(doc) == paras
    assert_absent(
        doc, ["عاجل", "حادث سير", "آخر تحديث", "إظهار الملخص", "ثلاثين مدرسة مرممة", "جميع الحقوق"]
    )


def test_syria_tv_read_also_variants_and_tables() -> None:
    body = (
        "<p>اقرأ أيضاً: <a href='/a'>عنوان مرتبط أول</a></p>"
        "<p>أكدت مصادر محلية أن الطريق الدولي أعيد فتحه أمام حركة الشاحنات بعد إغلاق دام يومين.</p>"
        "<p><strong>اقرأ أيضا:</strong></p><p><a href='/b'>عنوان مرتبط ثان</a></p><p><a href='/c'>عنوان مرتبط ثالث</a></p>"
        "<div class='box-x'><h4>اقرأ أيضاً</h4><ul><li><a href='/d'>عنوان مرتبط رابع</a></li></ul></div>"
        "<p><strong>قال المسؤول إن الأسعار ستبقى ثابتة حتى نهاية العام الحالي، وإن الحكومة لن تتراجع "
        "عن قرارها مهما كانت الضغوط، وإن الدعم سيصل إلى مستحقيه في الموعد المحدد دون أي تأخير يذكر.</strong></p>"
        "<table><tr><th>المادة</th><th>السعر</th></tr><tr><td>المازوت</td><td>12000</td></tr></table>"
    )
    html = (
        '<html><head><meta property="og:site_name" content="تلفزيون سوريا"></head><body>'
        f'<h1>فتح الطريق الدولي</h1><div class="field--name-body">{body}</div></body></html>'
    )
    doc = extract_html(html)
    assert doc.extractor == "syria.tv"
    assert headings(doc) == []  # a long bold paragraph ending in a full stop stays a paragraph
    assert paragraphs(doc)[0].startswith("أكدت مصادر محلية")
    assert paragraphs(doc)[1].startswith("قال المسؤول إن الأسعار")
    assert paragraphs(doc)[2:] == ["المادة | السعر", "المازوت | 12000"]
    assert_absent(doc, ["اقرأ", "عنوان مرتبط"])


# --- the generic path -------------------------------------------------------------------------


def test_generic_arabic_page_drops_comments_and_read_also() -> None:
    doc = extract_html(page("generic-arabic.html"), url="http://127.0.0.1:8765/economy/azaz")
    assert doc.extractor == "trafilatura"
    assert doc.site == "north-news.example"  # the page's canonical host, not the loopback one
    assert doc.canonical_url == "https://north-news.example/economy/azaz-market"
    assert doc.title == "افتتاح سوق شعبي جديد في مدينة إعزاز يضم مئة محل تجاري"
    assert doc.author == "محمود الخليل"
    assert doc.published == "2024-10-05T18:20:00+03:00"
    assert doc.lang == "ar"
    assert headings(doc) == [(2, "تنظيم الحركة التجارية"), (3, "مطالب بتحسين الخدمات")]
    assert [p[:25] for p in paragraphs(doc)] == [
        "افتتح المجلس المحلي في مد",
        "وأوضح عضو المكتب الاقتصاد",
        "وقال أحد الباعة إن العمل ",
        "في المقابل، طالب سكان من ",
        "ويأتي افتتاح السوق ضمن خط",
    ]
    assert_absent(
        doc,
        [
            "اقرأ أيضا",
            "ارتفاع أسعار الخبز السياحي",
            "تعليقان",
            "خطوة ممتازة نتمنى",
            "الإيجار الرمزي لسنة واحدة فقط",
            "أضف تعليقاً",
            "الأكثر قراءة",
            "انخفاض سعر صرف الليرة",
            "تقارير",  # navigation
            "جميع الحقوق محفوظة",
        ],
    )


def test_generic_page_without_a_date() -> None:
    doc = extract_html(page("no-date.html"), url="http://127.0.0.1:8765/edu/1")
    assert doc.title == "جامعة حلب تمدد التسجيل في برامج الدراسات العليا"
    assert doc.published is None
    assert doc.updated is None
    assert doc.author is None
    assert headings(doc) == [(3, "شروط القبول")]
    assert len(paragraphs(doc)) == 4
    assert_absent(doc, ["التعليقات", "نتمنى أن تفتح الجامعة", "هل يشمل التمديد", "الصفحة الرئيسية"])


def test_a_related_links_date_is_never_the_articles_date() -> None:
    doc = extract_html(page("related-date.html"), url="http://127.0.0.1:8765/news/flights")
    assert doc.published is None  # the only dates are a related link's URL and its <time>
    assert doc.title == "عودة الرحلات الجوية بين دمشق والدوحة بعد انقطاع طويل"
    assert doc.author == "يوسف الحمصي"
    assert len(paragraphs(doc)) == 4
    assert paragraphs(doc)[0].startswith("حطت في مطار دمشق الدولي")
    assert_absent(doc, ["كتب:", "أخبار ذات صلة", "إعادة تأهيل مدرج", "شركة طيران خاصة جديدة"])


def test_english_page() -> None:
    doc = extract_html(
        page("english.html"), url="https://levantledger.example/news/aleppo-bakeries-flour"
    )
    assert doc.lang == "en"
    assert doc.title == "Aleppo bakeries cut hours as flour deliveries slow"
    assert doc.author == "Sarah Collins"
    assert doc.published == "2024-09-17T07:30:00+00:00"
    assert doc.updated == "2024-09-17T09:05:00+00:00"
    assert headings(doc) == [(2, "Why deliveries are late"), (3, "What residents say")]
    assert paragraphs(doc) == [
        "Public bakeries in Aleppo have shortened their opening hours this week after flour deliveries "
        "from the state milling company fell behind schedule, leaving long queues outside several "
        "bakeries before dawn.",
        "A baker in the Salaheddine district said his shop received less than half of its usual daily "
        "quota on Monday and had to close by ten in the morning, three hours earlier than normal.",
        "Officials blamed the delays on a shortage of diesel for the trucks that carry flour from the "
        "mills, and said the problem would be solved within days once a new fuel shipment arrives.",
        "Residents said they now buy bread from private bakeries at nearly three times the subsidised "
        "price, a cost many families cannot carry for long.",
        "The governorate said it would publish a new distribution schedule for neighbourhood bakeries "
        "by the end of the week.",
    ]
    assert [(b.kind, b.level, b.text) for b in doc.blocks if b.kind == "list_item"] == [
        ("list_item", 0, "Subsidised bundle: unchanged at the official price."),
        ("list_item", 0, "Private bakeries: prices up by a third since August."),
    ]
    assert_absent(
        doc,
        [
            "Read more",
            "Fuel prices rise again",
            "Related stories",
            "Wheat harvest",
            "By Sarah",
            "Copyright",
        ],
    )


def test_a_page_with_no_article_text_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError) as err:
        extract_html(
            "<html><head><title>x</title></head><body><nav><a href='/'>الرئيسية</a></nav></body></html>",
            url="http://127.0.0.1:1/x",
        )
    assert str(err.value) == (
        "http://127.0.0.1:1/x has no article text: no paragraphs were found; "
        "if the page needs scripts, save it from your browser and fetch the file."
    )
    with pytest.raises(ExtractionError) as err:
        extract_html("   \n")
    assert str(err.value) == "The page has no article text: it is empty."


def test_xml_declaration_and_windows_1256_meta_in_a_decoded_page() -> None:
    html = page("no-date.html").replace(
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">',
    )
    doc = extract_html('<?xml version="1.0" encoding="windows-1256"?>\n' + html)
    assert doc.title == "جامعة حلب تمدد التسجيل في برامج الدراسات العليا"


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("2024.11.30 | 12:19 دمشق", "Asia/Damascus", "2024-11-30T12:19:00+03:00"),
        (
            "2024.01.15 | 08:05 دمشق",
            "Asia/Damascus",
            "2024-01-15T08:05:00+03:00",
        ),  # no DST any more
        (
            "2021.01.15 | 10:00 دمشق",
            "Asia/Damascus",
            "2021-01-15T10:00:00+02:00",
        ),  # winter, before 2022
        (
            "2021.07.15 | 10:00 دمشق",
            "Asia/Damascus",
            "2021-07-15T10:00:00+03:00",
        ),  # summer, before 2022
        ("٢٠٢٤.١١.٣٠ | ١٢:١٩ دمشق", "Asia/Damascus", "2024-11-30T12:19:00+03:00"),
        ("2024-11-30T09:19:00Z", "Asia/Damascus", "2024-11-30T09:19:00+00:00"),
        ("2024-11-30T12:19:00+0300", None, "2024-11-30T12:19:00+03:00"),
        ("2024-11-30 12:19", None, "2024-11-30T12:19:00"),
        ("30/11/2024 - 02:15 م", "Asia/Damascus", "2024-11-30T14:15:00+03:00"),
        ("2024-11-30", None, "2024-11-30"),
        ("قبل ساعتين", "Asia/Damascus", None),
        ("2024.13.45 | 12:19", "Asia/Damascus", None),
        ("", None, None),
    ],
)
def test_dates(text: str, zone: str | None, expected: str | None) -> None:
    assert to_iso(text, zone) == expected


# --- text files -------------------------------------------------------------------------------


def test_extract_text_markdown() -> None:
    text = (
        "\ufeff\n\n# انتخابات غرف التجارة في حلب\n\n"
        "جرت اليوم انتخابات غرفة تجارة حلب\nبمشاركة واسعة من التجار.\n\n"
        "## النتائج الأولية\n\n"
        "أظهرت النتائج الأولية   فوز القائمة المستقلة بأغلبية المقاعد.\n\n\n"
        "### ردود الفعل\n"
        "رحّب التجار بالنتائج، وطالبوا بإصلاحات سريعة.\n"
    )
    doc = extract_text(text, name="article.md")
    assert doc.title == "انتخابات غرف التجارة في حلب"
    assert doc.extractor == "text"
    assert doc.lang == "ar"
    assert [(b.kind, b.level, b.text) for b in doc.blocks] == [
        ("paragraph", 0, "جرت اليوم انتخابات غرفة تجارة حلب بمشاركة واسعة من التجار."),
        ("heading", 2, "النتائج الأولية"),
        ("paragraph", 0, "أظهرت النتائج الأولية فوز القائمة المستقلة بأغلبية المقاعد."),
        ("heading", 3, "ردود الفعل"),
        ("paragraph", 0, "رحّب التجار بالنتائج، وطالبوا بإصلاحات سريعة."),
    ]


def test_extract_text_plain() -> None:
    doc = extract_text("عنوان بلا علامة\r\nالفقرة الأولى.\r\n\r\nالفقرة الثانية.\r\n", name="a.txt")
    assert doc.title == "عنوان بلا علامة"
    assert [b.text for b in doc.blocks] == ["الفقرة الأولى.", "الفقرة الثانية."]


@pytest.mark.parametrize("text", ["", "  \n\n", "# عنوان فقط\n\n"])
def test_extract_text_without_paragraphs(text: str) -> None:
    with pytest.raises(ExtractionError) as err:
        extract_text(text, name="empty.txt")
    assert str(err.value) == (
        "empty.txt has no article text: write the title on the first line and the paragraphs "
        "below it, separated by blank lines."
    )


# --- profiles as data, and the registry -------------------------------------------------------


def test_shipped_profiles_are_valid() -> None:
    from cssselect import GenericTranslator

    files = sorted(SITES_DIR.glob("*.json"))
    assert [f.name for f in files] == ["syria.tv.json"]
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        for key in ("title", "body", "date", "updated", "author", "drop"):
            for selector in data[key]:
                GenericTranslator().css_to_xpath(selector)  # raises on a broken selector
        for selector in data["markers"]["selectors"]:
            GenericTranslator().css_to_xpath(selector)
        for pattern in data["drop_text"] + data["drop_labels"]:
            re.compile(pattern)
    assert [e.name for e in extractors()] == ["syria.tv"]


def test_registered_extractor_is_tried_first(monkeypatch: pytest.MonkeyPatch) -> None:
    import translate_cli.ingest.extract as extract

    monkeypatch.setattr(extract, "_registry", list(extractors()))

    class Stub:
        name = "stub"

        def matches(self, page: Page) -> bool:
            return "stub.example" in page.hosts()

        def extract(self, page: Page) -> ExtractedArticle:
            return ExtractedArticle(title="stub", blocks=[], extractor=self.name)

    register(Stub())
    assert extract_html("<p>x</p>", url="https://stub.example/a").extractor == "stub"
    assert extract_html(SAMPLE.read_text(encoding="utf-8")).extractor == "syria.tv"


# --- end to end through the CLI ---------------------------------------------------------------


def test_fetch_sample_over_loopback_stores_no_chrome(server, db_path: Path) -> None:
    """The bundled sample served as a page: only article text becomes segments."""
    from typer.testing import CliRunner

    from translate_cli.cli import app
    from translate_cli.store import Store

    url = server.add("/news/khafsa", SAMPLE.read_bytes())
    result = CliRunner().invoke(
        app, ["fetch", url, "--db", str(db_path), "--json", "--retries", "0"]
    )
    assert result.exit_code == 0, result.stderr
    [art] = json.loads(result.stdout)["articles"]
    assert art["title"] == SAMPLE_TITLE

    store = Store(db_path)
    [row] = store.articles()
    assert (row["site"], row["author"], row["published"], row["extractor"]) == (
        "syria.tv",
        "رامي الحسين",
        "2024-11-30T12:19:00+03:00",
        "syria.tv",
    )
    segments = store.segments(row["id"])
    assert [s["source"] for s in segments if s["kind"] == "heading"] == [
        t for _, t in SAMPLE_HEADINGS
    ]
    stored = "\n".join(s["source"] for s in segments)
    leaked = [c for c in SAMPLE_CHROME if c in stored]
    assert leaked == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"bodyy": [".x"]}, "unknown key 'bodyy'"),
        ({"body": ["div..x"]}, "body has an invalid CSS selector 'div..x'"),
        ({"drop_text": ["(unclosed"]}, "drop_text has an invalid regular expression '(unclosed'"),
        ({"markers": {"selector": ["x"]}}, "unknown key 'markers.selector'"),
        ({"timezone": "Mars/Olympus"}, "timezone 'Mars/Olympus' is not a known time zone"),
        ({"title": "h1"}, "title must be a list of strings"),
    ],
)
def test_a_profile_with_a_mistake_is_one_error_naming_the_file(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    import json

    from translate_cli.errors import InputError
    from translate_cli.ingest.extract.sites import SITES_DIR, load_profile

    data = json.loads((SITES_DIR / "syria.tv.json").read_text(encoding="utf-8"))
    data.update(change)
    path = tmp_path / "site.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_profile(path)
    assert str(caught.value).startswith(f"Site profile {path}: {message}")


def test_the_shipped_profiles_are_valid() -> None:
    from translate_cli.ingest.extract.sites import SITES_DIR, load_profile

    for path in SITES_DIR.glob("*.json"):
        assert load_profile(path).name
