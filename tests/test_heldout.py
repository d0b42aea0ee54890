"""Held-out checks on real-style news pairs, through the real CLI.

``fixtures/check_pairs_heldout.tsv`` holds pairs written apart from the checks (correct
translations and planted errors); ``fixtures/sense_cases.tsv`` holds term-sense, short-form
and surface-form sentences with every glossary hit they must give. Both use the bundled
glossary, as a translator's first run does.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate_cli.cli import app
from translate_cli.editing import set_target
from translate_cli.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
HELDOUT = FIXTURES / "check_pairs_heldout.tsv"
SENSES = FIXTURES / "sense_cases.tsv"
WATCHED = ("numbers", "negation", "glossary", "forbidden", "invisible")

runner = CliRunner()


def rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            cells
            for cells in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            if cells and not cells[0].startswith("#")
        ]


def article_findings(
    tmp_path: Path, db_path: Path, pairs: list[list[str]]
) -> list[tuple[list[str], list[dict[str, str]]]]:
    """Each pair with the findings ``check`` reports for it, on one article made of the
    sources (a .txt file fetched), its targets set as a translator would."""
    text = tmp_path / "article.txt"
    text.write_text("\n\n".join(p[2] for p in pairs) + "\n", encoding="utf-8")
    db = ["--db", str(db_path)]
    result = runner.invoke(app, ["fetch", str(text), "--json", *db])
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)["articles"][0]["id"]
    with Store(db_path) as store:
        segments = store.segments(article)
        assert [s["source"] for s in segments] == [p[2] for p in pairs]
        for seg, pair in zip(segments, pairs, strict=True):
            set_target(store, article, seg["id"], pair[3], status="translated")
    result = runner.invoke(app, ["check", str(article), "--json", *db])
    issues = json.loads(result.stdout)["issues"]
    return [
        (pair, [i for i in issues if i["segment"] == seg["id"]])
        for seg, pair in zip(segments, pairs, strict=True)
    ]


def test_the_held_out_pairs_are_enough() -> None:
    pairs = rows(HELDOUT)
    assert sum(p[0] == "ok" for p in pairs) >= 60
    assert {p[1] for p in pairs if p[0] == "bad"} == {
        "numbers",
        "negation",
        "glossary",
        "forbidden",
    }


def test_correct_translations_get_no_finding(tmp_path: Path, db_path: Path) -> None:
    found = article_findings(tmp_path, db_path, [p for p in rows(HELDOUT) if p[0] == "ok"])
    alarms = [
        (pair[2], pair[3], issue["check"], issue["message"])
        for pair, issues in found
        for issue in issues
        if issue["check"] in WATCHED or issue["severity"] == "error"
    ]
    assert alarms == []


def test_every_planted_error_is_caught(tmp_path: Path, db_path: Path) -> None:
    found = article_findings(tmp_path, db_path, [p for p in rows(HELDOUT) if p[0] == "bad"])
    missed = [
        (pair[1], pair[2], pair[3])
        for pair, issues in found
        if pair[1] not in {i["check"] for i in issues}
    ]
    assert missed == []


def _expected(cell: str) -> list[tuple[str, str, bool]]:
    if cell == "-":
        return []
    out = []
    for part in cell.split(" | "):
        source, _, target = part.partition("=")
        out.append((source, target.removesuffix("*"), target.endswith("*")))
    return out


@pytest.mark.parametrize(("text", "hits"), [tuple(r) for r in rows(SENSES)])
def test_term_senses(text: str, hits: str) -> None:
    result = runner.invoke(app, ["glossary", "find", text, "--json"])
    assert result.exit_code == 0, result.output
    found = [
        (h["source"], h["target"], h.get("short_form", False)) for h in json.loads(result.stdout)
    ]
    assert found == _expected(hits)
