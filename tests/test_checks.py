"""Quality checks for Arabic → English targets, with the false positives generic tools produce."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import save_article
from typer.testing import CliRunner

from translate_cli.checks import (
    Finding,
    check_names,
    check_segment,
    extract_numbers,
    has_errors,
    parse_note,
    run_checks,
)
from translate_cli.cli import app
from translate_cli.errors import InputError
from translate_cli.glossary import Glossary, Term, load_glossary
from translate_cli.store import Store

runner = CliRunner()


def found(source: str, target: str | None, **kwargs: object) -> list[tuple[str, str]]:
    return [(f.check, f.message) for f in check_segment(source, target, **kwargs)]  # type: ignore[arg-type]


def checks(source: str, target: str | None, **kwargs: object) -> list[str]:
    return [c for c, _ in found(source, target, **kwargs)]


# ---- untranslated, Arabic script and punctuation --------------------------------------------


@pytest.mark.parametrize("target", [None, "", "   "])
def test_untranslated(target: str | None) -> None:
    assert found("وصلت قافلة مساعدات إلى مدينة دوما.", target) == [
        ("untranslated", "Not translated yet: the target is empty.")
    ]


def test_arabic_script_left_in_the_target() -> None:
    source = "وصلت قافلة مساعدات إلى مدينة دوما في ١٢ آذار."
    assert found(source, "An aid convoy reached مدينة دوما on March 12.") == [
        ("arabic", "Arabic script left in the target: «مدينة دوما».")
    ]
    assert found(source, "An aid convoy reached Douma on ١٢ March.") == [
        ("arabic", "Arabic script left in the target: «١٢».")
    ]
    assert found(source, "An aid convoy reached Douma on March 12.") == []


def test_arabic_punctuation_in_english() -> None:
    assert found("هل عادت الكهرباء إلى حلب؟", "Has power returned to Aleppo؟") == [
        ("punctuation", "Arabic punctuation in the English text: ؟ (question mark).")
    ]
    assert found("قال: نعم، وعادت الكهرباء؛ أخيراً.", "He said: yes، power is back؛ at last.") == [
        (
            "punctuation",
            "Arabic punctuation in the English text: ، (comma), ؛ (semicolon).",
        )
    ]


# ---- numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target"),
    [
        # Arabic-Indic and Persian digits, ٫ decimal, ٬ thousands and ٪ percent.
        ("نزح ١٬٢٥٠ شخصاً، أي ٣٫٥٪ من سكان البلدة.", "1,250 people, or 3.5% of the town, fled."),
        ("سقط ۱۲ صاروخاً.", "12 rockets fell."),
        # Clitics glued to numbers: بـ513, الـ24, و2024, ل5.
        ("بيعت بـ513 دولاراً في الـ24 من الشهر و2024 هو العام", "Sold for $513 on the 24th in 2024"),
        # Ordinals and years written the same on both sides.
        ("انضم إلى اللواء 46 عام 2019.", "He joined the 46th Brigade in 2019."),
        # A number spelled out in the source, written in digits in the target, and the reverse.
        ("قتل ثلاثة مدنيين وجرح خمسة عشر آخرون.", "3 civilians were killed and 15 wounded."),
        ("قتل 3 مدنيين وجرح 15 آخرون.", "Three civilians were killed and fifteen wounded."),
        ("أصيب 25 شخصاً.", "Twenty-five people were injured."),
        ("فقد 200 شخص.", "Two hundred people went missing."),
        # An Arabic dual says "two" without a number word.
        ("استمر الحصار يومين.", "The siege lasted 2 days."),
        # Scale words: 2.5 مليون = 2,500,000; percent written out.
        ("بلغت الخسائر 2.5 مليون دولار.", "Losses reached $2,500,000."),
        ("ارتفعت الأسعار 40 بالمئة.", "Prices rose by 40 percent."),
        # Dates rewritten with month names.
        ("في 2024/3/5 عقد الاجتماع.", "The meeting was held on March 5, 2024."),
        ("في الخامس من تشرين الثاني 2023", "On 5 November 2023"),
        # Leading zeros and trailing decimal zeros are not differences.
        ("الساعة 09:30 بنسبة 2.50", "At 9:30, a rate of 2.5"),
    ],
)
def test_numbers_that_agree(source: str, target: str) -> None:
    assert "numbers" not in checks(source, target)


def test_numbers_that_differ_are_named() -> None:
    assert found("قتل ٧ مدنيين في قصف على معرة النعمان.", "5 civilians were killed in Maarat al-Numan.") == [
        ("numbers", "Numbers differ: 7 in the source missing from the target; 5 in the target not in the source."),
    ]  # fmt: skip
    # A number given twice in the source and once in the target may be a merge: a warning.
    findings = check_segment("وصل 10 جرحى ثم 10 آخرون.", "10 wounded arrived, then others.")
    assert [(f.check, f.severity, f.message) for f in findings] == [
        ("numbers", "warning", "Numbers may differ: 10 is given more times in the source.")
    ]
    # A year written twice may stand once.
    assert (
        checks(
            "في عام 2011 بدأت الثورة، ومنذ 2011 نزح الملايين.",
            "Since the 2011 uprising, millions fled.",
        )
        == []
    )
    # A spelled-out number excuses only itself.
    assert checks("قتل ثلاثة مدنيين.", "4 civilians were killed.") == ["numbers"]
    # "2" is excused by a dual only when there is one.
    assert checks("قتل مدني.", "2 civilians were killed.") == ["numbers"]


def test_extract_numbers_maps_digits_and_separators() -> None:
    assert extract_numbers("قرابة ١٬٠٠٠ أو ۲٫۵ أو بـ07 أو الـ24") == ["1000", "2.5", "7", "24"]
    # A comma between digits in Arabic text is a decimal comma unless three digits follow it.
    assert extract_numbers("7,8 و1,250 و2024/11/05") == ["7.8", "1250", "2024", "11", "5"]


# ---- glossary -----------------------------------------------------------------------------


GLOSSARY = Glossary(
    [
        Term("قوات سوريا الديمقراطية", "Syrian Democratic Forces (SDF)"),
        Term("النظام السوري", "Syrian regime", forbidden=("Syrian government",)),
        Term("الدفاع المدني", "the Civil Defense", forbidden=("White Helmets",)),
        Term("معبر", "crossing", forbidden=("border gate",)),
        Term("فصيل", "faction"),
    ]
)


@pytest.mark.parametrize(
    "target",
    [
        "The Syrian Democratic Forces said the road reopened.",
        "The SDF said the road reopened.",
        "the syrian democratic forces said the road reopened.",  # case
        "The Syrian Democratic Force's spokesman said the road reopened.",  # possessive
    ],
)
def test_glossary_term_rendered(target: str) -> None:
    assert (
        checks("قالت قوات سوريا الديمقراطية إن الطريق أعيد فتحه.", target, glossary=GLOSSARY) == []
    )


def test_glossary_allows_plural_and_possessive_forms() -> None:
    source = "اشتبكت عدة فصيل قرب معبر باب السلامة مع قوات النظام السوري."
    target = "Several factions clashed near the Bab al-Salameh crossing's gate with the Syrian regime's forces."
    assert checks(source, target, glossary=GLOSSARY) == []


def test_glossary_term_missing() -> None:
    assert found(
        "أعلن الدفاع المدني انتشال ضحايا.", "Rescuers announced that victims were recovered.",
        glossary=GLOSSARY,
    ) == [
        (
            "glossary",
            "Glossary term «الدفاع المدني» should be rendered “the Civil Defense”; the target "
            "does not have it (if paraphrased on purpose, add 'paraphrase: الدفاع المدني' to "
            "the segment's note).",
        )
    ]  # fmt: skip


def test_paraphrase_marker_excuses_that_term_only() -> None:
    source = "أعلن الدفاع المدني إغلاق معبر باب السلامة."
    target = "Rescuers announced the gate had closed."
    assert checks(source, target, glossary=GLOSSARY) == ["glossary", "glossary"]
    assert checks(source, target, glossary=GLOSSARY, note="paraphrase: الدفاع المدني") == [
        "glossary"
    ]
    assert checks(source, target, glossary=GLOSSARY, note="Editor asked.\nparaphrase: Civil Defense, crossing") == []  # fmt: skip
    assert checks(source, target, glossary=GLOSSARY, note="paraphrase:") == []


def test_forbidden_rendering() -> None:
    assert found(
        "قصف النظام السوري المنطقة.", "The Syrian government and the Syrian regime shelled it.",
        glossary=GLOSSARY,
    ) == [
        ("forbidden", "“Syrian government” is a forbidden rendering of «النظام السوري»: use “Syrian regime”.")
    ]  # fmt: skip
    # Paraphrase does not license a forbidden rendering.
    assert checks(
        "أغلق معبر باب السلامة.", "The border gate closed.", glossary=GLOSSARY, note="paraphrase:"
    ) == ["forbidden"]


# ---- brackets, quotes, spaces --------------------------------------------------------------


def test_unbalanced_brackets_and_quotes() -> None:
    source = "قال المتحدث (باسم الفصيل) إن «الهدنة انتهت»."
    assert found(source, 'The spokesman (for the faction said "the truce is over".') == [
        ("brackets", "Unbalanced brackets in the target: (."),
    ]
    assert found(source, "The spokesman (for the faction) said “the truce is over.") == [
        ("quotes", "Unbalanced quotation marks in the target: “”."),
    ]
    assert checks(source, 'The spokesman (for the faction) said "the truce is over".') == []


def test_quote_spanning_sentences_is_not_flagged() -> None:
    # The source opens a quotation that the next sentence closes: the target mirrors it.
    assert checks("وقال: «لن نغادر أرضنا.", '"We will not leave our land.') == []


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("Aid  arrived in Douma.", "Doubled space in the target."),
        (" Aid arrived in Douma.", "Leading or trailing space in the target."),
        ("Aid arrived in Douma .", "Space before punctuation or inside brackets: “ .”."),
        ("Aid arrived ( finally) in Douma.", "Space before punctuation or inside brackets: “( ”."),
        ("Aid arrived\tin Douma.", "Tab, line break or no-break space in the target."),
    ],
)
def test_spaces(target: str, message: str) -> None:
    assert found("وصلت المساعدات إلى دوما.", target) == [("spaces", message)]


# ---- notes, names, severities ---------------------------------------------------------------


def test_note_markers() -> None:
    assert parse_note("ignore: numbers, spaces\nparaphrase: قسد") == (
        {"numbers", "spaces"},
        {"قسد"},
    )
    assert parse_note("Checked with the desk; ignore: arabic") == ({"arabic"}, set())
    assert parse_note("We should not ignore this.") == (set(), set())
    assert checks("قتل 5.", "Five were killed  .", note="ignore: numbers, spaces") == []


def test_check_names_are_validated() -> None:
    assert check_names(["Numbers", " spaces "]) == {"numbers", "spaces"}
    with pytest.raises(InputError) as info:
        check_names(["number"])
    assert str(info.value) == (
        "Unknown check 'number': use one of untranslated, arabic, invisible, numbers, negation, "
        "glossary, forbidden, punctuation, brackets, quotes, spaces, inconsistent, machine."
    )


def test_has_errors() -> None:
    assert not has_errors([Finding(1, "spaces", "warning", "x")])
    assert has_errors([Finding(1, "spaces", "warning", "x"), Finding(2, "numbers", "error", "y")])


# ---- whole articles, through the CLI --------------------------------------------------------

SOURCES = [
    "قتل ٧ مدنيين في قصف على بلدة سرمين.",  # number error
    "أعلن الدفاع المدني انتشال الضحايا.",  # glossary term missing
    "وصلت قافلة المساعدات إلى مدينة دوما.",  # Arabic left
    "قتل ٧ مدنيين في قصف على بلدة سرمين.",  # the same source again, rendered otherwise
    "وعاد الهدوء إلى البلدة.",  # untranslated
    "وقالت الأمم المتحدة إن الوضع صعب.",  # clean, but a doubled space
]
TARGETS = [
    "5 civilians were killed in shelling on the town of Sarmin.",
    "Rescuers said the victims were recovered.",
    "The aid convoy reached مدينة دوما.",
    "Seven civilians died in shelling on Sarmin.",
    None,
    "The United Nations said  the situation is difficult.",
]


def make_article(db_path: Path) -> tuple[int, list[int]]:
    with Store(db_path) as store:
        article, ids = save_article(
            store, "قصف على سرمين", [("paragraph", SOURCES)], "https://www.syria.tv/c"
        )
        store.update_segment(article, ids[0], target="Shelling on Sarmin", status="approved")
        for seg, target in zip(ids[1:], TARGETS, strict=True):
            if target is not None:
                store.update_segment(article, seg, target=target, status="translated")
        return article, ids[1:]


def test_run_checks_names_each_segment_in_order(db_path: Path) -> None:
    article, ids = make_article(db_path)
    with Store(db_path) as store:
        findings = run_checks(store, article, GLOSSARY)
    assert [(f.segment, f.check, f.severity) for f in findings] == [
        (ids[0], "numbers", "error"),
        (ids[1], "glossary", "warning"),
        (ids[2], "arabic", "error"),
        (ids[3], "inconsistent", "warning"),
        (ids[4], "untranslated", "error"),
        (ids[5], "spaces", "warning"),
    ]
    assert findings[3].message == (
        f"Same source as segment {ids[0]}, translated differently: "
        "“5 civilians were killed in shelling on the town of Sarmin.”."
    )
    with Store(db_path) as store:
        assert [f.check for f in run_checks(store, article, None, ignore=["numbers"])] == [
            "arabic", "inconsistent", "untranslated", "spaces",
        ]  # fmt: skip


@pytest.fixture
def glossary_csv(tmp_path: Path) -> Path:
    path = tmp_path / "terms.csv"
    path.write_text(
        "source,target,category,note,forbidden\n"
        "الدفاع المدني,Civil Defense,organisation,,White Helmets\n"
        "قوات سوريا الديمقراطية,Syrian Democratic Forces,faction,Abbreviation SDF,\n",
        encoding="utf-8",
    )
    return path


def test_real_glossary_terms_with_clitics_abbreviations_and_forbidden(glossary_csv: Path) -> None:
    glossary = load_glossary(glossary_csv)
    source = "وانسحبت عناصر لقوات سوريا الديمقراطية بعد وصول الدفاع المدني."
    ok = "SDF fighters withdrew after the Civil Defense arrived."
    assert checks(source, ok, glossary=glossary) == []
    assert found(source, "SDF fighters withdrew after the White Helmets arrived.", glossary=glossary) == [
        ("glossary", "Glossary term «الدفاع المدني» should be rendered “Civil Defense”; the target "
         "does not have it (if paraphrased on purpose, add 'paraphrase: الدفاع المدني' to the "
         "segment's note)."),
        ("forbidden", "“White Helmets” is a forbidden rendering of «الدفاع المدني»: use “Civil Defense”."),
    ]  # fmt: skip
    assert checks(source, "Kurdish-led fighters withdrew after the Civil Defense arrived.",
                  glossary=glossary) == ["glossary"]  # fmt: skip


def test_check_json_lists_issues_and_exits_1_on_errors(db_path: Path, glossary_csv: Path) -> None:
    article, ids = make_article(db_path)
    result = runner.invoke(
        app,
        ["check", str(article), "--json", "--db", str(db_path), "--glossary", str(glossary_csv)],
    )
    assert result.exit_code == 1
    issues = json.loads(result.stdout)["issues"]
    assert set(issues[0]) == {"segment", "check", "severity", "message"}
    assert [(i["segment"], i["check"]) for i in issues] == [
        (ids[0], "numbers"),
        (ids[1], "glossary"),
        (ids[2], "arabic"),
        (ids[3], "inconsistent"),
        (ids[4], "untranslated"),
        (ids[5], "spaces"),
    ]


def test_check_human_output_and_exit_codes(db_path: Path, glossary_csv: Path) -> None:
    article, ids = make_article(db_path)
    with Store(db_path) as store:
        store.update_segment(
            article, ids[0], target="7 civilians were killed in shelling on Sarmin."
        )
        store.update_segment(article, ids[1], note="paraphrase:")
        store.update_segment(article, ids[2], target="The aid convoy reached Douma.")
        store.update_segment(article, ids[4], target="Calm returned to the town.")
    result = runner.invoke(
        app, ["check", str(article), "--db", str(db_path), "--glossary", str(glossary_csv)]
    )
    # Only warnings left: exit 0, and a table naming them.
    assert result.exit_code == 0, result.output
    assert "inconsistent" in result.stdout and "spaces" in result.stdout
    assert result.stdout.rstrip().endswith("0 errors, 2 warnings in 2 segments.")
    result = runner.invoke(
        app,
        ["check", str(article), "--db", str(db_path), "--ignore", "inconsistent",
         "--ignore", "spaces", "--glossary", str(glossary_csv)],
    )  # fmt: skip
    assert (result.exit_code, result.stdout) == (0, "No problems found.\n")


def test_check_bad_input(db_path: Path) -> None:
    article, _ = make_article(db_path)
    result = runner.invoke(app, ["check", str(article), "--ignore", "typo", "--db", str(db_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Unknown check 'typo': use one of untranslated,")
    result = runner.invoke(app, ["check", "99", "--db", str(db_path)])
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: No article '99' in {db_path}: run 'translate-cli list' to see the articles.\n",
    )


# ---- invisible characters, negation, short forms across the article ------------------------


@pytest.mark.parametrize(
    ("target", "names"),
    [
        ("5 civilians were killed in the \u202eshelling.", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("Aid\u200b arrived.", "U+200B ZERO WIDTH SPACE"),
        ("\ufeffAid arrived\u2066 today\u2069.", "U+2066 LEFT-TO-RIGHT ISOLATE, U+2069 POP DIRECTIONAL ISOLATE, U+FEFF ZERO WIDTH NO-BREAK SPACE (BOM)"),
        ("Aid arrived\u2060.", "U+2060 WORD JOINER"),
        ("Aid\x1b[2J arrived\x07.", "U+0007 CONTROL CHARACTER, U+001B CONTROL CHARACTER"),
        ("Aid arrived.\x7f\x9b", "U+007F CONTROL CHARACTER, U+009B CONTROL CHARACTER"),
        ("Aid arrived.\u2028More.", "U+2028 LINE SEPARATOR"),
    ],
)  # fmt: skip
def test_bidi_controls_and_invisible_characters_are_errors(target: str, names: str) -> None:
    findings = check_segment("وصلت المساعدات.", target)
    (invisible,) = [f for f in findings if f.check == "invisible"]
    assert invisible.severity == "error"
    assert invisible.message == f"Invisible control characters in the target: {names}; delete them."
    assert has_errors(findings)


def test_negation_is_listed_as_a_warning() -> None:
    findings = check_segment("لم تسفر الغارات عن إصابات.", "The strikes caused casualties.")
    assert [(f.check, f.severity) for f in findings] == [("negation", "warning")]


def test_run_checks_sees_short_forms_across_the_article(db_path: Path) -> None:
    gloss = Glossary(
        [
            Term("أحمد الشرع", "Ahmed al-Sharaa", "person", forbidden=("al-Jolani",)),
            Term("حلب", "Aleppo", "place"),
        ]
    )
    sources = ["التقى أحمد الشرع وفداً في حلب.", "وقال الشرع إن الحكومة ماضية.", "وأكد الشرع ذلك."]
    targets = [
        "Ahmed al-Sharaa met a delegation in Aleppo.",
        "He said the government would press on.",  # a pronoun for the surname: fine
        "Al-Jolani confirmed it.",  # a forbidden rendering of the same person
    ]
    with Store(db_path) as store:
        article, ids = save_article(store, "لقاء", [("paragraph", sources)], "https://x.test/a")
        for seg, target in zip(ids[1:], targets, strict=True):
            store.update_segment(article, seg, target=target, status="translated")
        findings = run_checks(store, article, gloss)
    assert [(f.segment, f.check) for f in findings if f.check in ("glossary", "forbidden")] == [
        (ids[3], "forbidden")
    ]
    (forbidden,) = [f for f in findings if f.check == "forbidden"]
    assert forbidden.message == "“al-Jolani” is a forbidden rendering of «الشرع»: use “al-Sharaa”."
