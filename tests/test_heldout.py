"""Held-out checks on real-style news pairs, through the real CLI.

``fixtures/check_pairs_heldout.tsv`` holds pairs written apart from the checks (correct
translations and planted errors); ``fixtures/sense_cases.tsv`` holds term-sense, short-form
and surface-form sentences with every glossary hit they must give. Both use the bundled
glossary, as a translator's first run does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.pairs import check_pairs, expected_hits, tsv_rows
from typer.testing import CliRunner

from translate_cli.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
HELDOUT = FIXTURES / "check_pairs_heldout.tsv"
SENSES = FIXTURES / "sense_cases.tsv"
WATCHED = ("numbers", "negation", "glossary", "forbidden", "invisible")

runner = CliRunner()


def test_the_held_out_pairs_are_enough() -> None:
    pairs = tsv_rows(HELDOUT)
    assert sum(p[0] == "ok" for p in pairs) >= 60
    assert {p[1] for p in pairs if p[0] == "bad"} == {
        "numbers",
        "negation",
        "glossary",
        "forbidden",
    }


def test_correct_translations_get_no_finding(tmp_path: Path, db_path: Path) -> None:
    found = check_pairs(tmp_path, db_path, [p for p in tsv_rows(HELDOUT) if p[0] == "ok"])
    alarms = [
        (pair[2], pair[3], issue["check"], issue["message"])
        for pair, issues in found
        for issue in issues
        if issue["check"] in WATCHED or issue["severity"] == "error"
    ]
    assert alarms == []


def test_every_planted_error_is_caught(tmp_path: Path, db_path: Path) -> None:
    found = check_pairs(tmp_path, db_path, [p for p in tsv_rows(HELDOUT) if p[0] == "bad"])
    missed = [
        (pair[1], pair[2], pair[3])
        for pair, issues in found
        if pair[1] not in {i["check"] for i in issues}
    ]
    assert missed == []


@pytest.mark.parametrize(("text", "hits"), [tuple(r) for r in tsv_rows(SENSES)])
def test_term_senses(text: str, hits: str) -> None:
    result = runner.invoke(app, ["glossary", "find", text, "--json"])
    assert result.exit_code == 0, result.output
    found = [
        (h["source"], h["target"], h.get("short_form", False)) for h in json.loads(result.stdout)
    ]
    assert found == expected_hits(hits)
