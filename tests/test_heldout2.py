"""A second held-out set for the numbers and negation checks, through the real CLI.

``fixtures/check_pairs_heldout2.tsv`` holds real-style news pairs written apart from the
checks (helper checker-N): correct, idiomatic translations, which must get no finding at all,
and planted errors (a changed amount, scale or unit, a dropped negation), which the check
named in the row must report. The pairs run as one article fetched from a text file, with
the bundled glossary, as a translator's first run does.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from helpers.pairs import check_pairs, tsv_rows
from typer.testing import CliRunner

from translate_cli.checks import check_segment

PAIRS = Path(__file__).parent / "fixtures" / "check_pairs_heldout2.tsv"

runner = CliRunner()


def rows() -> list[list[str]]:
    return tsv_rows(PAIRS)


def findings(tmp_path: Path, db_path: Path, kind: str) -> list[tuple[list[str], set[str]]]:
    """Each pair of ``kind`` with the checks ``check`` reports for it (see check_pairs)."""
    pairs = [p for p in rows() if p[0] == kind]
    return [
        (pair, {f"{i['check']}: {i['message']}" for i in issues})
        for pair, issues in check_pairs(tmp_path, db_path, pairs)
    ]


def test_the_pairs_are_enough_and_well_formed() -> None:
    pairs = rows()
    assert all(len(p) == 4 and p[0] in ("ok", "bad") for p in pairs)
    assert len(pairs) >= 150
    assert sum(p[0] == "ok" for p in pairs) >= 100
    assert Counter(p[1] for p in pairs if p[0] == "bad").keys() == {"numbers", "negation"}
    assert min(Counter(p[1] for p in pairs if p[0] == "bad").values()) >= 20
    assert len({p[2] for p in pairs if p[0] == "ok"}) == sum(p[0] == "ok" for p in pairs)


def test_correct_translations_get_no_finding(tmp_path: Path, db_path: Path) -> None:
    alarms = [
        (pair[2], pair[3], sorted(found)) for pair, found in findings(tmp_path, db_path, "ok")
    ]
    assert [alarm for alarm in alarms if alarm[2]] == []


def test_every_planted_error_is_caught(tmp_path: Path, db_path: Path) -> None:
    missed = [
        (pair[1], pair[2], pair[3])
        for pair, found in findings(tmp_path, db_path, "bad")
        if not any(f.startswith(f"{pair[1]}: ") for f in found)
    ]
    assert missed == []


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("تبلغ مساحة الأرض 5 كم²", "The plot covers 5 km²."),
        ("حجم الخزان 40 م³", "The tank holds 40 m³ and ²³ stray marks."),
        ("الساعة ²:٣٠", "At ¹²:30 p.m."),
    ],
)
def test_superscript_digits_are_units_not_a_traceback(source: str, target: str) -> None:
    assert [f.check for f in check_segment(source, target) if f.check == "numbers"] == []
