"""Sentence segmentation: accuracy on hand-labelled Arabic news blocks, and throughput.

Prints how many of the built-in labelled blocks ``translate_cli.text.segment.split_sentences``
segments exactly right (every boundary, nothing more), lists the misses, then times the
segmentation of a ~1,500-word article built from the same sentences (ms per article and
segments per second). Where pysbd or sentencex can be imported, they are scored on the same
blocks for comparison (neither is a dependency of translate-cli).

    python benchmarks/segmentation.py [--rounds 200]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

from translate_cli.text.segment import split_sentences

Case = tuple[str, str, list[str]]


def case(kind: str, *segments: str, sep: str = " ") -> Case:
    """A block made of ``segments`` joined by ``sep``: the labels are the segments themselves."""
    return kind, sep.join(segments), list(segments)


P, T, H = "paragraph", "title", "heading"

CASES: list[Case] = [
    # Plain news paragraphs
    case(
        P,
        "استهدفت طائرة مسيّرة سيارة مدنية على طريق سرمدا في ريف إدلب الشمالي.",
        "وقال الدفاع المدني إن فرقه أسعفت ثلاثة مصابين إلى مشفى باب الهوى.",
        "ولم تتبنّ أي جهة الهجوم حتى ساعة إعداد هذا التقرير.",
    ),
    case(P, "عادت المياه إلى أحياء حلب الشرقية بعد انقطاع دام أسبوعين."),
    case(
        P,
        "أعلنت مديرية التربية في حمص افتتاح 40 مدرسة مرممة.",
        "ويستفيد من المدارس نحو 12 ألف طالب وطالبة.",
    ),
    case(
        P,
        "هل تنجح خطة إعادة الإعمار في دير الزور؟",
        "يرى خبراء أن التمويل هو العقبة الكبرى!",
        "فيما يعوّل الأهالي على عودة المغتربين.",
    ),
    case(
        P,
        "لماذا تأخرت رواتب المعلمين؟!",
        "سؤال يتكرر في مدارس ريف دمشق منذ ثلاثة أشهر.",
    ),
    case(P, "خرجت مظاهرة في السويداء للمطالبة بالإفراج عن المعتقلين!!", "وردد المحتجون هتافات."),
    # No space after the terminator
    case(P, "انقطعت الكهرباء عن اللاذقية.", "وقالت الشركة إن العطل فني.", sep=""),
    case(P, "هل فُتح الطريق الدولي؟", "أكدت مصادر محلية أنه فُتح جزئيًا.", sep=""),
    case(P, "وصل عدد الضحايا إلى 9.", "وأصيب 20 آخرون بجروح متفاوتة.", sep=""),
    case(P, "انتهت الجلسة دون اتفاق.", "«سنعود الأسبوع المقبل» قال رئيس الوفد.", sep=""),
    # Closing quotes and brackets
    case(
        P,
        "قال رئيس المجلس المحلي: «سنوزع الخبز مجانًا حتى نهاية الشهر.»",
        "وأضاف أن الطحين يصل من تركيا.",
    ),
    case(
        P,
        "وقالت الناشطة: ”المخيمات غرقت بالكامل الليلة الماضية.“",
        "وناشدت المنظمات إرسال خيام.",
    ),
    case(
        P,
        'وقال المزارع: "خسرنا موسم القمح كله هذا العام."',
        "وطالب بتعويضات من الحكومة.",
    ),
    case(P, "وأكد الوزير: «لا تراجع عن قرار رفع الدعم».", "وانتقد نواب القرار."),
    case(
        P,
        "(ونفت الوزارة هذه الأرقام في بيان مقتضب نشرته على قناتها في تلغرام.)",
        "لكن منظمات حقوقية أكدتها.",
    ),
    case(
        P,
        "قال المتحدث: «الوضع تحت السيطرة.",
        "لا داعي للذعر».",
        "ثم أنهى المؤتمر الصحفي.",
    ),
    # Arabic abbreviations and initialisms
    case(P, "أجرى د. فراس العمر عملية جراحية نادرة في مشفى إدلب.", "وتكللت العملية بالنجاح."),
    case(P, "وأشرف م. وائل الحسين على إعادة تأهيل محطة الضخ.", "وتعمل المحطة بالطاقة الشمسية."),
    case(P, "ناقش أ.د. هالة الشامي رسالة دكتوراه عن الهجرة.", "ونالت الرسالة درجة الامتياز."),
    case(P, "وتحدث أ. سليم الخطيب عن تاريخ الجامع الأموي.", "وحضر المحاضرة طلاب الجامعة."),
    case(P, "انظر ص. 23 من التقرير السنوي.", "وفيه أرقام النزوح كاملة."),
    case(P, "ويعود النقش إلى القرن الثاني ق.م بحسب علماء الآثار.", "ولا يزال الموقع مهددًا."),
    case(P, "ونقلت (أ.ف.ب) عن مسؤول أممي أن المساعدات ستصل غدًا.", "ولم يحدد المسؤول الكمية."),
    case(P, "وذكرت وكالة (د.ب.أ) أن الاجتماع عُقد في عمّان.", "وشارك فيه خمسة وزراء."),
    case(P, "وأوردت وكالة المغرب العربي (و.م.ع) الخبر نفسه.", "ونقلته وسائل إعلام أخرى."),
    case(P, "قُتل جندي في كمين قرب تدمر (أ.ف.ب).", "وأصيب اثنان."),
    case(P, "وبلغ سعر ليتر المازوت 12000 ل.س في السوق السوداء.", "وشحّت الكميات."),
    case(P, "وعاش الفقيه في القرن السابع الهجري (ت. 676 هـ) في دمشق.", "ودُرّست كتبه قرونًا."),
    case(P, "وأُرسلت الطلبات إلى ص.ب. 4410 في حلب.", "وستُدرس خلال شهر."),
    # English inside Arabic
    case(
        P,
        "والتقى Dr. Sarah Klein بممثلي المجتمع المدني في غازي عنتاب.",
        "وناقش الطرفان ملف التعليم.",
    ),
    case(P, "وأكدت U.S. officials أن العقوبات باقية.", "ورفضت دمشق التصريحات."),
    case(P, "ودعت U.N. agencies إلى تمويل عاجل.", "وحذرت من مجاعة."),
    case(P, "وكتب Mr. Geir Pedersen على منصة X أن الحل سياسي.", "ولاقت التغريدة ردودًا واسعة."),
    case(P, "ونشرت صحيفة The Guardian تقريرًا عن الساحل السوري.", "وأثار التقرير جدلًا."),
    case(P, "وقال T. Hughes إن الصور حقيقية.", "ونفى الجيش ذلك."),
    # Numbers, dates, times, versions
    case(P, "تراجعت قيمة الليرة 3.5 بالمئة خلال أسبوع.", "وبلغ سعر الدولار ١٤٫٢٠٠ ليرة."),
    case(P, "وقع الزلزال في 6/2/2023 عند الساعة 4:17 فجرًا.", "ودمّر آلاف المباني."),
    case(P, "صدر المرسوم بتاريخ 2024.12.15 في الجريدة الرسمية.", "ويبدأ تطبيقه فورًا."),
    case(P, "وبلغت نسبة المشاركة ٦٢.٥ بالمئة.", "وهي الأعلى منذ سنوات."),
    case(P, "وحدّثت الوزارة تطبيقها إلى الإصدار 2.1.0 هذا الأسبوع.", "وأضافت خدمة الدفع."),
    case(P, "وارتفع عدد الإصابات إلى 214.", "ومعظمها في المخيمات."),
    # Lists
    case(P, "1. فتح المعابر أمام المساعدات الإنسانية."),
    case(P, "1. وقف الغارات الجوية.", "2. إطلاق سراح المعتقلين.", "3. عودة النازحين."),
    case(P, "١. إعادة فتح المدارس.", "٢. ترميم المستشفيات."),
    case(
        P,
        "وطالب البيان بثلاثة أمور: 1. الإفراج عن المعتقلين 2. كشف مصير المفقودين 3. محاسبة المسؤولين.",
    ),
    case(P, "واقترحت اللجنة: أ. زيادة الرواتب ب. دعم الخبز ج. إصلاح الطرق."),
    # Links, addresses, domains
    case(
        P,
        "ونشر موقع syria.tv تحقيقًا مصورًا عن المعتقلات.",
        "ويمكن مشاهدته على www.syria.tv/video أيضًا.",
    ),
    case(P, "ولمراسلة فريق التحقيق: tips@syria.tv.", "ونضمن سرية المصادر."),
    case(P, "والرابط المباشر هو https://www.syria.tv/news?id=7.", "ويحتوي على الوثائق."),
    # Ellipses
    case(P, "انتظر الأهالي الإفراج عن أبنائهم سنوات…", "ثم فُتحت أبواب السجن."),
    case(P, "ساد الصمت القاعة...", "ثم انفجر الحضور بالتصفيق."),
    case(P, "كانت الحياة صعبة…لكنها لم تتوقف يومًا."),
    case(P, "وقالت أم سامر: «انتظرته… ولم أفقد الأمل يومًا» وهي تبكي."),
    case(P, "وقال الشاب: «لن أغادر بيتي مهما حدث…» ثم أغلق الباب."),
    case(T, "سقوط الأسد… ماذا ينتظر السوريين؟"),
    case(T, "حلب.. المدينة التي لا تنام"),
    case(H, "الساحل السوري... شهادات من الناجين"),
    case(H, "من يحكم الجنوب؟", "قراءة في خريطة السيطرة"),
    # No terminator, commas, semicolons, colons
    case(T, "ارتفاع أسعار الخبز في دمشق وسط أزمة وقود خانقة"),
    case(P, "الشتاء قاسٍ، والمخيمات مكتظة؛ والمساعدات شحيحة: هكذا يصف النازحون حالهم"),
    # Short quoted titles and asides
    case(P, "وعرضت القناة فيلم «إلى أين؟» عن المهجّرين قسرًا."),
    case(P, "ووصف الأهالي القرار بأنه «ظلم صريح!» وطالبوا بإلغائه."),
    case(P, "وقال الرجل (مبتسمًا!) إنه عاد إلى بيته أخيرًا."),
    case(P, "وأطلق الفنان ألبومه الجديد «يا حيف.» على منصات البث."),
    # Line breaks and bullets
    case(P, "وأبرز ما جاء في الاتفاق:", "- وقف إطلاق النار", "- تبادل الأسرى", sep="\n"),
    case(P, "وأبرز المطالب:", "• تحسين الكهرباء", "• خفض الأسعار"),
    # Longer mixed paragraphs
    case(
        P,
        "وقال د. ماهر الحسن، مدير الصحة في إدلب، إن نسبة إشغال المستشفيات بلغت 95.5 بالمئة.",
        "وأضاف: «نحتاج إلى 300 سرير إضافي على الأقل.»",
        "ولم تعلّق منظمة الصحة العالمية (WHO) على الأرقام.",
    ),
    case(
        P,
        "أعلنت هيئة الطيران استئناف الرحلات من مطار دمشق الدولي.",
        "وقالت الهيئة إن أول رحلة ستكون إلى الدوحة في 7/1/2025 الساعة 10:45.",
        "هل يعود المغتربون؟",
        "يبقى السؤال مفتوحًا…",
    ),
    case(
        P,
        "نقلت وكالة (أ.ف.ب) عن م. رامي الخطيب قوله إن السد متضرر.",
        "وحذّر من انهياره!",
        "ودعا إلى صيانة عاجلة.",
        sep="",
    ),
    # Scraped subheadings glued to their paragraph by a colon, and colons that are not one.
    case(
        P,
        "الوضع الميداني:",
        "قالت مصادر محلية إن الاشتباكات تجددت في ريف حلب الشمالي.",
        "وأضافت أن القصف طال ثلاث قرى.",
    ),
    case(
        P,
        "عودة اللاجئين إلى حمص:",
        "عادت مئات العائلات إلى أحيائها المدمرة هذا الأسبوع.",
    ),
    case(P, "وقال المتحدث باسم الوزارة: إن القوات ستنسحب من المنطقة خلال أيام."),
    case(P, "وتشمل المطالب: وقف القصف وإطلاق سراح المعتقلين في كل المحافظات."),
]


# Labelled as a reader would, though translate-cli's documented trade-offs get them wrong:
# periods that close both an abbreviation and the sentence, and a spoken quotation without a colon.
HARD_CASES: list[Case] = [
    case(P, "ولد الشاعر في حمص عام 1936م.", "ثم انتقل إلى بيروت."),
    case(P, "وتحتاج عظام الأطفال إلى فيتامين د.", "ويتوفر في أشعة الشمس."),
    case(P, "وبلغ سعر كيلو اللحم 150 ألف ل.س.", "وهو ما يفوق راتب شهر كامل."),
    case(P, "وقال الوزير «لن نتراجع.»", "ثم غادر القاعة."),
]
CASES += HARD_CASES


def score(segmenter: Callable[[str, str], list[str]]) -> tuple[int, list[tuple[Case, list[str]]]]:
    """How many cases come out exactly right, and the misses with what came out."""
    right = 0
    misses = []
    for kind, text, expected in CASES:
        got = [piece.strip() for piece in segmenter(text, kind) if piece.strip()]
        if got == expected:
            right += 1
        else:
            misses.append(((kind, text, expected), got))
    return right, misses


def article(rng: random.Random, words: int = 1500) -> list[tuple[str, str]]:
    """A ~1,500-word article of (kind, text) blocks, shuffled from the labelled cases."""
    blocks: list[tuple[str, str]] = []
    count = 0
    while count < words:
        kind, text, _ = rng.choice(CASES)
        blocks.append((kind, text))
        count += len(text.split())
    return blocks


def throughput(rounds: int) -> tuple[float, float, int]:
    """Median ms per article, segments per second, and segments per article."""
    blocks = article(random.Random(7))
    segments = sum(len(split_sentences(text, kind)) for kind, text in blocks)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for kind, text in blocks:
            split_sentences(text, kind)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    return median * 1000, segments / median, segments


def others() -> dict[str, Callable[[str, str], list[str]]]:
    """Other segmenters to compare, when installed (they know no block kinds)."""
    found: dict[str, Callable[[str, str], list[str]]] = {}
    try:
        import pysbd  # type: ignore[import-not-found,unused-ignore]

        seg = pysbd.Segmenter(language="ar", clean=False)
        found["pysbd"] = lambda text, kind: seg.segment(text)
    except ImportError:
        pass
    try:
        from sentencex import segment as sentencex_segment  # type: ignore[import-not-found,unused-ignore]

        found["sentencex"] = lambda text, kind: list(sentencex_segment("ar", text))
    except ImportError:
        pass
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200, help="timed passes over the article")
    args = parser.parse_args()

    right, misses = score(split_sentences)
    boundaries = sum(len(expected) for _, _, expected in CASES)
    print(
        f"translate-cli: {right}/{len(CASES)} blocks exactly right ({boundaries} segments labelled)"
    )
    for (kind, text, expected), got in misses:
        print(f"  MISS [{kind}] {text}\n    expected {expected}\n    got      {got}")
    for name, segmenter in others().items():
        other_right, _ = score(segmenter)
        print(f"{name}: {other_right}/{len(CASES)} blocks exactly right")

    ms, per_second, segments = throughput(args.rounds)
    print(
        f"throughput: {ms:.2f} ms per ~1,500-word article ({segments} segments), "
        f"{per_second:,.0f} segments/s (median of {args.rounds} rounds)"
    )


if __name__ == "__main__":
    main()
