"""Held-out cases for scraped subheadings (issue 10): ``tests/fixtures/segment_cases2.tsv``.

Subheadings glued to their paragraph by a colon, on their own line, in quotes or as questions
must become their own segment; quotation introductions, list labels, datelines, bylines, time
stamps, ratios, titles of reports and source lines must not be cut. A row marked not
recoverable (a heading whose line break the scraper dropped: nothing in the text says where it
ends) must at least stay whole rather than be cut in the wrong place.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate_cli.cli import app
from translate_cli.ingest.extract import extract_html, extract_text
from translate_cli.text.segment import split_sentences

FIXTURE = Path(__file__).parent / "fixtures" / "segment_cases2.tsv"
SEP = " ‖ "
TITLE = "عنوان تجريبي لمقال عن الأوضاع في سوريا"
FILLER = "وتستمر المتابعة الميدانية للأوضاع في المدينة منذ أيام طويلة."


def _rows() -> list[tuple[str, str, str, list[str], bool]]:
    rows = []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        category, kind, text, expected, recoverable = line.split("\t")
        assert recoverable in ("yes", "no"), line
        rows.append(
            (category, kind, text.replace("\\n", "\n"), expected.split(SEP), recoverable == "yes")
        )
    return rows


ROWS = _rows()


def _page(fragment: str) -> str:
    filler = f"<p>{FILLER} {FILLER} {FILLER}</p>"
    return (
        f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>"
        f"{filler}{fragment}{filler}</article></body></html>"
    )


def _segments(kind: str, text: str) -> list[str]:
    if kind == "textfile":
        article = extract_text(f"{TITLE}\n\n{text}\n")
    elif kind == "html":
        article = extract_html(_page(text))
    else:
        return split_sentences(text, kind)
    segments = [s for b in article.blocks for s in split_sentences(b.text, b.kind)]
    return [s for s in segments if s != FILLER]


def test_the_fixture_covers_every_category() -> None:
    counts = Counter(category for category, *_ in ROWS)
    assert len(ROWS) >= 80
    for category in (
        "colon_heading",
        "question_heading",
        "quoted_heading",
        "newline_heading",
        "dropped_break",
        "quote_intro",
        "list_label",
        "dateline",
        "byline",
        "timestamp",
        "ratio",
        "report_title",
        "source_line",
        "clock",
    ):
        assert counts[category] >= 4, category


@pytest.mark.parametrize(
    ("category", "kind", "text", "expected", "recoverable"),
    ROWS,
    ids=[f"{i:03}-{row[0]}" for i, row in enumerate(ROWS)],
)
def test_segment_case(
    category: str, kind: str, text: str, expected: list[str], recoverable: bool
) -> None:
    got = _segments(kind, text)
    if recoverable:
        assert got == expected
    else:
        # Nothing says where the heading ends: the block stays one segment, cut nowhere.
        assert got == [" ".join(expected)]


def test_headings_and_titles_keep_their_colon() -> None:
    for _, kind, text, _, _ in ROWS:
        if kind == "paragraph" and "\n" not in text:
            for headline in ("heading", "title"):
                assert not any(s.endswith(":") for s in split_sentences(text, headline))


def test_fetch_and_show_store_these_segments(tmp_path: Path) -> None:
    picked = [r for r in ROWS if r[1] == "paragraph" and r[4] and "\n" not in r[2]][::6]
    assert len(picked) >= 15
    article = tmp_path / "article.txt"
    article.write_text(TITLE + "\n\n" + "\n\n".join(r[2] for r in picked) + "\n", encoding="utf-8")
    fragments = [r for r in ROWS if r[1] == "html" and r[4]]
    page = tmp_path / "page.html"
    page.write_text(_page("".join(r[2] for r in fragments)), encoding="utf-8")
    db = str(tmp_path / "work.db")
    runner = CliRunner()
    fetched = runner.invoke(app, ["fetch", str(article), str(page), "--db", db, "--json"])
    assert fetched.exit_code == 0, fetched.output
    ids = [a["id"] for a in json.loads(fetched.stdout)["articles"]]
    stored = []
    for art_id in ids:
        shown = runner.invoke(app, ["show", str(art_id), "--db", db, "--json"])
        assert shown.exit_code == 0, shown.output
        stored.append(
            [
                s["source"]
                for s in json.loads(shown.stdout)["segments"]
                if s["kind"] != "title" and s["source"] != FILLER
            ]
        )
    assert stored[0] == [s for r in picked for s in r[3]]
    assert stored[1] == [s for r in fragments for s in r[3]]
