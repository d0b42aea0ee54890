"""Held-out term senses (issue 10): sentences in the style of Syrian news 2024-2026 where the
wrong sense of an ambiguous word must not match and the right one must, names a proclitic
could eat, short forms after a full name, indefinite forms, variants, hashtags, quotes and
tatweel, and what the news names now, each with every hit the bundled glossary must give
(``fixtures/sense_cases2.tsv``); and the same short forms across a fetched article in
``show``.
"""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

import pytest
from helpers.pairs import Hit, expected_hits
from typer.testing import CliRunner

from translate_cli.cli import app
from translate_cli.glossary import Glossary, load_glossary
from translate_cli.glossary.file import BUNDLED

CASES = Path(__file__).parent / "fixtures" / "sense_cases2.tsv"
runner = CliRunner()


def cases() -> list[tuple[str, str, str]]:
    with CASES.open(encoding="utf-8", newline="") as fh:
        rows = [
            cells
            for cells in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            if cells and not cells[0].startswith("#")
        ]
    assert all(len(r) == 3 for r in rows), [r for r in rows if len(r) != 3]
    return [(r[0], r[1], r[2]) for r in rows]


def found(glossary: Glossary, text: str) -> list[Hit]:
    return [(h.source, h.target, h.short) for h in glossary.find_article([text])[0]]


CASE_LIST = cases()


@pytest.mark.parametrize(("kind", "text", "hits"), CASE_LIST, ids=[c[1][:40] for c in CASE_LIST])
def test_held_out_senses(kind: str, text: str, hits: str) -> None:
    result = runner.invoke(app, ["glossary", "find", text, "--json"])
    assert result.exit_code == 0, result.output
    got = [
        (h["source"], h["target"], h.get("short_form", False)) for h in json.loads(result.stdout)
    ]
    assert got == expected_hits(hits), kind


def test_the_cases_cover_every_pattern() -> None:
    kinds = [c[0] for c in CASE_LIST]
    assert len(CASE_LIST) >= 120
    assert len({c[1] for c in CASE_LIST}) == len(CASE_LIST)  # no sentence twice
    for kind, least in {
        "adj": 10, "country": 5, "quds": 5, "sukkari": 5, "hama": 5, "bab": 5, "proclitic": 15,
        "short": 15, "indef": 5, "variant": 5, "hashtag": 3, "quote": 2, "tatweel": 2, "now": 30,
    }.items():  # fmt: skip
        assert kinds.count(kind) >= least, kind
    # Sentences with no hit at all (the wrong sense alone) and short forms are both there.
    assert sum(c[2] == "-" for c in CASE_LIST) >= 15
    assert sum("*" in c[2] for c in CASE_LIST) >= 12


def test_the_sense_rows_do_the_work() -> None:
    """Without the sense columns and the not-a-term rows the same glossary gets many of the
    cases wrong: the cases test the senses, not only the names."""
    glossary = load_glossary(BUNDLED)
    plain = Glossary(
        [
            replace(t, only_after=(), not_after=(), only_before=(), not_before=())
            for t in glossary.terms
            if not t.not_a_term and t.category != "adjective" and t.target != "al-Quds"
        ]
    )
    wrong = [text for _, text, hits in CASE_LIST if found(plain, text) != expected_hits(hits)]
    assert len(wrong) >= 40, wrong
    # Each family of wrong senses is among them.
    for word in ("الباب", "حماة", "السلمية", "السفيرة", "السريان", "السكري", "درعاً", "الشعار"):
        assert any(word in text for text in wrong), word


ARTICLE = [
    "استقبل الرئيس أحمد الشرع في قصر الشعب المبعوث الأمريكي الخاص إلى سوريا توم باراك.",
    "وقال باراك إن واشنطن تدعم وحدة سورية، فيما أكد الشرع أن الحكومة تفتح الباب أمام الحوار.",
    "وفي السويداء، دعا الشيخ حكمت الهجري إلى التهدئة، بينما انتشرت قوى الأمن الداخلي في شهبا.",
    "وطالب الهجري بفتح الطريق، وقال قائد الأمن الداخلي أحمد الدالاتي إن الدالاتي لن يسمح بالفوضى.",
    "وخرجت المظاهرات السلمية في حماة، وقال المرصد إن شركات سورية تضررت في مدينة الباب.",
]


def test_show_gives_short_forms_across_the_article(tmp_path: Path, db_path: Path) -> None:
    text = tmp_path / "article.txt"
    text.write_text("\n\n".join(ARTICLE) + "\n", encoding="utf-8")
    db = ["--db", str(db_path)]
    result = runner.invoke(app, ["fetch", str(text), "--json", *db])
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)["articles"][0]["id"]
    result = runner.invoke(app, ["show", str(article), "--json", "--no-suggest", *db])
    assert result.exit_code == 0, result.output
    segments = json.loads(result.stdout)["segments"]
    assert [s["source"] for s in segments] == ARTICLE
    terms = [
        [(t["source"], t["target"], t.get("short_form", False)) for t in s["terms"]]
        for s in segments
    ]
    assert terms == [
        [
            ("الرئيس أحمد الشرع", "President Ahmed al-Sharaa", False),
            ("قصر الشعب", "People's Palace", False),
            ("المبعوث الأمريكي الخاص إلى سوريا", "US special envoy for Syria", False),
            ("توم باراك", "Tom Barrack", False),
        ],
        [
            ("باراك", "Barrack", True),  # the surname, a segment after the full name
            ("واشنطن", "Washington", False),
            ("سورية", "Syria", False),  # وحدة سورية: the unity of Syria
            ("الشرع", "al-Sharaa", True),
            # الباب here is the door: no hit
        ],
        [
            ("السويداء", "Suwayda", False),
            ("حكمت الهجري", "Hikmat al-Hijri", False),
            ("قوى الأمن الداخلي", "Internal Security Forces", False),
            ("شهبا", "Shahba", False),
        ],
        [
            ("الهجري", "al-Hijri", True),
            ("الأمن الداخلي", "Internal Security", False),
            ("أحمد الدالاتي", "Ahmed al-Dalati", False),
            ("الدالاتي", "al-Dalati", True),  # after the full name in the same segment
        ],
        [
            # السلمية "peaceful", not the town; المرصد alone: the Observatory never came
            ("حماة", "Hama", False),
            ("سورية", "Syrian", False),
            ("الباب", "Al-Bab", False),  # مدينة الباب: the town
        ],
    ]
