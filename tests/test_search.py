"""translate-cli search: FTS5 over the matching form of every segment's source and target."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from helpers import run, save_article, snapshot

from translate_cli import search as search_mod
from translate_cli.store import Store

ALEPPO = "افتتاح سوق جديد في حلب"
ALEPPO_BODY = [
    "افتتح المجلسُ المحليّ سوقاً جديداً في مدينة حلبَ القديمة.",
    "وقال رئيس المجلس إن السوق يضم مئة محل.",
]
IDLIB = "انقطاع الكهرباء في إدلب"
IDLIB_BODY = [
    "عادت الكهرباء إلى أحياء إدلب بعد انقطاع طويل.",
    "وصل وفدٌ من دمشق إلى إدلب صباح الأحد.",
    "وقالت مصادر بدمشقَ إن الوفد سيبقى يومين.",
]


@pytest.fixture
def db(db_path: Path) -> Path:
    save_article(db_path, ALEPPO, [("paragraph", ALEPPO_BODY)], "https://example.org/aleppo")
    save_article(db_path, IDLIB, [("paragraph", IDLIB_BODY)], "https://example.org/idlib")
    return db_path


def hits(db: Path, *args: str) -> list[dict]:
    result = run(db, "search", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["hits"]


def test_arabic_matches_ignore_harakat_alef_forms_and_find_words_inside_words(db: Path) -> None:
    # Stored with harakat (حلبَ, المجلسُ); the query has none.
    [hit] = hits(db, "حلب القديمة")
    assert (hit["article"], hit["id"], hit["status"]) == (1, 2, "new")
    assert hit["title"] == ALEPPO
    [snippet] = hit["snippets"]
    assert snippet["field"] == "source"
    marked = [snippet["text"][s:e] for s, e in snippet["highlights"]]
    assert marked == ["حلبَ", "القديمة"]  # the original letters, harakat included
    # Hamza forms: ادلب finds إدلب; دمشق finds بدمشقَ inside a longer word.
    assert [(h["article"], h["id"]) for h in hits(db, "ادلب")] == [(2, 1), (2, 2), (2, 3)]
    found = hits(db, "دمشق")
    assert [(h["article"], h["id"]) for h in found] == [(2, 3), (2, 4)]
    text = found[1]["snippets"][0]["text"]
    assert [text[s:e] for s, e in found[1]["snippets"][0]["highlights"]] == ["دمشقَ"]
    # A query with harakat finds text without them.
    assert [h["id"] for h in hits(db, "الكَهرباء")] == [1, 2]


def test_targets_are_searched_case_insensitively_and_kept_current(db: Path) -> None:
    assert hits(db, "electricity") == []
    run(db, "set", "2", "2", "Electricity returned to Idlib.", "--status", "translated")
    [hit] = hits(db, "ELECTRICITY idlib")
    assert (hit["article"], hit["id"], hit["target"]) == (2, 2, "Electricity returned to Idlib.")
    assert [s["field"] for s in hit["snippets"]] == ["target"]
    run(db, "set", "2", "2", "Power came back.", "--status", "translated")
    assert hits(db, "electricity") == []
    assert [h["id"] for h in hits(db, "power")] == [2]
    # A writer that knows nothing of search (plain SQL) is picked up too.
    conn = sqlite3.connect(db)
    conn.execute("update segments set target = 'Traders welcomed the market.' where num = 3")
    conn.commit()
    conn.close()
    assert [(h["article"], h["id"]) for h in hits(db, "welcomed")] == [(2, 3), (1, 3)]


def test_status_filter_limit_and_short_terms(db: Path) -> None:
    run(db, "set", "2", "3", "A delegation arrived.", "--status", "approved")
    assert [h["id"] for h in hits(db, "دمشق", "--status", "approved")] == [3]
    assert [h["id"] for h in hits(db, "دمشق", "--status", "new")] == [4]
    assert len(hits(db, "في", "--limit", "2")) == 2  # two letters: no trigram, still found
    assert {(h["article"], h["id"]) for h in hits(db, "في")} == {(1, 1), (1, 2), (2, 1)}


def test_refetch_and_removed_segments(db: Path) -> None:
    save_article(
        db,
        IDLIB,
        [("paragraph", [IDLIB_BODY[0], "وصل وفد من حمص إلى إدلب."])],
        "https://example.org/idlib",
    )
    assert hits(db, "بدمشق") == []  # removed by the re-fetch
    assert [(h["id"], h["flag"]) for h in hits(db, "حمص")] == [(3, "changed")]


def test_human_output_names_article_segment_status_and_marks_the_match(db: Path) -> None:
    result = run(db, "search", "حلب")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"article 1 · segment 1 · new · {ALEPPO}"
    assert lines[1] == "  ar  افتتاح سوق جديد في [حلب]"
    assert lines[2] == f"article 1 · segment 2 · new · {ALEPPO}"
    assert "[حلبَ]" in lines[3]
    assert "\x1b" not in result.stdout
    none = run(db, "search", "بيروت")
    assert (none.exit_code, none.stdout) == (0, "Nothing matches 'بيروت'.\n")


def test_long_segments_are_cut_around_the_match() -> None:
    words = [f"كلمة{i}" for i in range(60)]
    text = " ".join([*words[:40], "المطلوبة", *words[40:]])
    snippet = search_mod._window("source", text, search_mod.highlights(text, ["المطلوبه"]))
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    [(start, end)] = snippet.highlights
    assert snippet.text[start:end] == "المطلوبة"
    assert len(snippet.text) < 160


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("search", "  "),
            "Error: Give some text to search for, e.g. translate-cli search 'دمشق'.\n",
        ),
        (
            ("search", "حلب", "--status", "done"),
            "Error: Unknown status 'done': use one of new, draft, translated, reviewed, approved.\n",
        ),
        (("search", "حلب", "--limit", "0"), "Error: --limit must be between 1 and 10000, not 0.\n"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(db: Path, args: tuple, message: str) -> None:
    before = snapshot(db)
    result = run(db, *args)
    assert (result.exit_code, result.stderr) == (1, message)
    assert snapshot(db) == before


def test_the_index_fills_from_what_the_migration_queued(db_path: Path) -> None:
    save_article(db_path, IDLIB, [("paragraph", IDLIB_BODY)], "https://example.org/idlib")
    with Store(db_path) as store:
        assert store.query("select count(*) as n from search_dirty")[0]["n"] == 4
        assert search_mod.sync(store) == 4
        assert search_mod.sync(store) == 0
        assert len(search_mod.search(store, "إدلب")) == 3
