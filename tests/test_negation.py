"""The negation check: a negated Arabic clause whose English says no negation."""

from __future__ import annotations

import pytest

from translate_cli.checks import check_segment
from translate_cli.checks.negation import english_negated, negations


def negation(source: str, target: str) -> list[str]:
    return [f.severity for f in check_segment(source, target) if f.check == "negation"]


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("لم تسفر الغارات عن إصابات", ["لم"]),
        ("ولن تنسحب القوات", ["لن"]),
        ("فلا مكان للعودة", ["لا"]),
        ("وليس لدى الوزارة رد", ["ليس"]),
        ("اعتقالات غير قانونية", ["غير"]),
        ("من دون سابق إنذار وبدون تنسيق", ["دون", "بدون"]),
        ("بسبب عدم وجود تمويل", ["عدم"]),
        ("عاشوا بلا كهرباء", ["بلا"]),
        # Idioms that say no negation.
        ("لا سيما في درعا", []),
        ("ولا يزال المعبر مغلقاً", []),
        ("لم يزل الحصار قائماً", []),
        ("لا بد من الحل", []),
        ("غير أن الوفد غادر", []),
        ("ما زالت الطرق مغلقة", []),
        ("لا يخفى على أحد حجم الدمار", []),
        ("لم يلبث الهدوء أن عاد", []),
        # Words that only look like one: إلا, لما, the suffixed غيرها.
        ("وغيرها من المدن إلا حلب", []),
    ],
)
def test_source_negations(source: str, words: list[str]) -> None:
    assert [neg for neg, _ in negations(source)] == words


@pytest.mark.parametrize(
    "target",
    [
        "The strikes did not cause casualties.",
        "They didn't answer.",
        "No statement was issued.",
        "He never returned.",
        "They left without warning.",
        "Neither side commented, nor did the UN.",
        "None were hurt.",
        "The ministry denied the report.",
        "The delegation refused to sign.",
        "The plan failed to win support.",
        "The city lacks bread.",
        "In the absence of aid.",
        "The arrests were illegal.",
        "The incident was unintentional.",
        "Workers have yet to be paid.",
        "A non-governmental body.",
        "A drug-free zone.",
        "Homeless families.",
    ],
)
def test_english_negations(target: str) -> None:
    assert english_negated(target)


@pytest.mark.parametrize(
    "target",
    [
        "The United Nations said aid arrived.",
        "Forces advanced under cover of darkness.",
        "The union held talks until noon.",
        "Nevertheless, the talks went ahead.",
        "Nonetheless, the convoy arrived.",
        "Knowledge is power.",
    ],
)
def test_english_without_negation(target: str) -> None:
    assert not english_negated(target)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("لم تسفر الغارات عن أي إصابات.", "The strikes caused no casualties."),
        ("لم يبق في القرية إلا عشرات العائلات.", "Only dozens of families remain in the village."),
        ("تم ترحيل الأطفال دون سن 18 عاماً.", "Children under 18 were deported."),
        ("لم تتوقف الاشتباكات منذ يومين.", "The clashes have continued for two days."),
        ("لا يزال المعبر مغلقاً.", "The crossing is still closed."),
        ("سيطرت الفصائل على مناطق غير حلب.", "The factions took areas other than Aleppo."),
        ("لم يعد بإمكان السكان شراء الخبز.", "Residents can no longer afford bread."),
        ("وصلت القافلة.", "The convoy arrived."),
        # A negated stop verb says the thing went on: "raged", "throughout".
        ("لم تهدأ الاشتباكات طوال الليل.", "The clashes raged throughout the night."),
    ],
)
def test_correct_translations_pass(source: str, target: str) -> None:
    assert negation(source, target) == []


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("لم تسفر الغارات عن أي إصابات.", "The strikes caused casualties."),
        ("لن تنسحب القوات من المنطقة.", "The forces will withdraw from the area."),
        ("ليس لدى الوزارة أي معلومات.", "The ministry has information."),
        ("دخلت القافلة دون أن تتعرض لأي هجوم.", "The convoy entered and came under attack."),
        ("لا توجد إحصائية دقيقة.", "There is an accurate count."),
        # The idioms are words apart: لا يمكن is still a negation.
        ("لا يمكن الحديث عن حل.", "A solution can be discussed."),
        # "raged" says a stop verb went on, but only a stop verb licenses it.
        ("لم تندلع الاشتباكات.", "The clashes raged."),
    ],
)
def test_dropped_negation_is_a_warning(source: str, target: str) -> None:
    assert negation(source, target) == ["warning"]
    (finding,) = [f for f in check_segment(source, target) if f.check == "negation"]
    assert finding.message.startswith("The source is negated (")
    assert finding.message.endswith("check that the meaning is not reversed.")


def test_note_can_silence_it() -> None:
    assert negation("لم يتأخر الوفد.", "The delegation was on time.") == ["warning"]
    findings = check_segment(
        "لم يتأخر الوفد.", "The delegation was on time.", note="ignore: negation"
    )
    assert [f for f in findings if f.check == "negation"] == []
