"""Translation memory: exact reuse as drafts, fuzzy suggestions, propagation, concordance, TMX."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run, save_article
from sqlite_utils import Database
from typer.testing import CliRunner

from translate_cli import memory as tm
from translate_cli.cli import app
from translate_cli.document import Block, ExtractedArticle
from translate_cli.formats.tmx import TmxPair, read_tmx, write_tmx
from translate_cli.store import Store
from translate_cli.store.migrations import migrations

runner = CliRunner()

SHELLING = "قال مصدر محلي إن قصفاً مدفعياً استهدف بلدة كفرنبل جنوبي إدلب صباح اليوم."
SHELLING_EN = "A local source said artillery shelling hit the town of Kafranbel in southern Idlib this morning."
# The same sentence with diacritics, another alef form and a tatweel: normalisation makes it equal.
SHELLING_VARIANT = "قالَ مصدرٌ محلي إن قصفاً مدفعياً استهدف بلدة كفرنبل جنوبي إدلـــب صباح اليوم."
KILLED_5 = "وأسفر القصف عن مقتل 5 مدنيين بينهم طفلان."
KILLED_5_EN = "The shelling killed 5 civilians, including two children."
KILLED_7 = "وأسفر القصف عن مقتل 7 مدنيين بينهم طفلان."
COUNCIL = "أعلن المجلس المحلي في مدينة الباب عن افتتاح مدرسة جديدة."


def make_article(
    store: Store, url: str, sentences: list[str], title: str = "قصف على ريف إدلب"
) -> int:
    return save_article(store, title, [("paragraph", sentences)], url)[0]


def seg_ids(store: Store, article_id: int) -> list[int]:
    return [s["id"] for s in store.segments(article_id)]


@pytest.fixture
def first(store: Store) -> int:
    """An article whose two body sentences are translated: approved and translated."""
    article = make_article(store, "https://www.syria.tv/first", [SHELLING, KILLED_5, COUNCIL])
    _, a, b, c = seg_ids(store, article)
    store.update_segment(article, a, target=SHELLING_EN, status="approved")
    store.update_segment(article, b, target=KILLED_5_EN, status="translated")
    store.update_segment(article, c, target="A draft only.", status="draft")  # not memory
    return article


# ---- exact reuse on fetch -------------------------------------------------------------------


def test_pretranslate_fills_exact_matches_as_drafts_with_origin_and_history(
    store: Store, first: int
) -> None:
    source_seg = seg_ids(store, first)[1]
    second = make_article(
        store, "https://www.syria.tv/second", [SHELLING_VARIANT, KILLED_7, COUNCIL]
    )
    title, a, b, c = seg_ids(store, second)
    filled = tm.pretranslate(store, second, [title, a, b, c])
    assert filled == [a]
    seg = store.segment(second, a)
    assert (seg["target"], seg["status"]) == (SHELLING_EN, "draft")
    assert json.loads(seg["origin"]) == {
        "tm": "memory",
        "article": first,
        "segment": source_seg,
        "unit": None,
        "score": 100,
    }
    trail = store.history(second, a)
    assert [(h["action"], h["old_status"], h["new_status"]) for h in trail] == [
        ("tm", "new", "draft")
    ]
    # A near match is not reused, and a draft elsewhere is not memory.
    assert store.segment(second, b)["target"] is None
    assert store.segment(second, c)["target"] is None
    assert store.history(second, c) == []


def test_pretranslate_only_touches_new_untranslated_segments_it_is_given(
    store: Store, first: int
) -> None:
    second = make_article(store, "https://www.syria.tv/second", [SHELLING, SHELLING, KILLED_5])
    _, a, b, c = seg_ids(store, second)
    store.update_segment(second, b, target="My own version.", status="draft")
    assert tm.pretranslate(store, second, [a, b]) == [a]
    assert store.segment(second, b)["target"] == "My own version."
    assert store.segment(second, c)["target"] is None  # not in the list given
    assert tm.pretranslate(store, second) == [c]  # None means every segment


def test_pretranslate_prefers_reviewed_work_then_falls_back_to_imported_units(
    store: Store, first: int
) -> None:
    other = make_article(store, "https://www.syria.tv/other", [SHELLING])
    seg = seg_ids(store, other)[1]
    store.update_segment(
        other, seg, target="A newer but unreviewed rendering.", status="translated"
    )
    tm.import_units(store, [TmxPair(COUNCIL, "The local council in al-Bab opened a new school.")])
    third = make_article(store, "https://www.syria.tv/third", [SHELLING, COUNCIL])
    _, a, b = seg_ids(store, third)
    assert tm.pretranslate(store, third) == [a, b]
    assert store.segment(third, a)["target"] == SHELLING_EN  # approved beats translated
    unit = store.segment(third, b)
    assert unit["target"] == "The local council in al-Bab opened a new school."
    origin = json.loads(unit["origin"])
    assert origin["tm"] == "tmx" and origin["article"] is None and origin["segment"] is None
    assert origin["unit"] == 1 and origin["score"] == 100


def test_pretranslate_keeps_the_refetch_flag(store: Store, first: int) -> None:
    url = "https://www.syria.tv/live"
    make_article(store, url, [COUNCIL])
    doc = ExtractedArticle(title="قصف على ريف إدلب", blocks=[Block("paragraph", "x")], url=url)
    result = store.save_article(doc, [["قصف على ريف إدلب"], [COUNCIL, SHELLING]])
    assert len(result.added) == 1
    assert tm.pretranslate(store, result.article_id, result.added) == result.added
    seg = store.segment(result.article_id, result.added[0])
    assert (seg["status"], seg["flag"], seg["target"]) == ("draft", "new", SHELLING_EN)


# ---- fuzzy suggestions ----------------------------------------------------------------------


def test_a_number_only_difference_is_suggested_with_score_and_diff(
    store: Store, first: int
) -> None:
    found = tm.suggestions(store, KILLED_7)
    assert len(found) == 1
    hit = found[0]
    assert {k: hit[k] for k in ("source", "target", "article", "segment", "unit")} == {
        "source": KILLED_5,
        "target": KILLED_5_EN,
        "article": first,
        "segment": seg_ids(store, first)[2],
        "unit": None,
    }
    assert 90 <= hit["score"] < 100
    assert hit["diff"] == "5 → 7"


def test_suggestions_are_best_first_and_respect_threshold_exclusion_and_limit(
    store: Store, first: int
) -> None:
    tm.import_units(
        store, [TmxPair("وأسفر القصف عن مقتل 5 مدنيين.", "The shelling killed 5 civilians.")]
    )
    found = tm.suggestions(store, KILLED_5)
    assert found[0]["score"] == 100
    assert found[0]["diff"] == ""
    assert found[1]["article"] is None and found[1]["segment"] is None and found[1]["unit"] == 1
    assert found[1]["diff"] == "+بينهم طفلان." and found[1]["score"] < found[0]["score"]
    exact_id = seg_ids(store, first)[2]
    assert [h["unit"] for h in tm.suggestions(store, KILLED_5, exclude_segment=exact_id)] == [1]
    assert len(tm.suggestions(store, KILLED_5, limit=1)) == 1
    assert tm.suggestions(store, KILLED_5, threshold=100, exclude_segment=exact_id) == []
    assert tm.suggestions(store, "انعقد مؤتمر اقتصادي في العاصمة الأردنية عمان.") == []


def test_identical_pairs_are_suggested_once(store: Store, first: int) -> None:
    twin = make_article(store, "https://www.syria.tv/twin", [KILLED_5])
    store.update_segment(twin, seg_ids(store, twin)[1], target=KILLED_5_EN, status="approved")
    found = tm.suggestions(store, KILLED_7)
    assert len(found) == 1
    assert found[0]["article"] == twin  # the approved copy is the one shown


def test_short_sources_match_exactly_only(store: Store) -> None:
    article = make_article(store, "https://www.syria.tv/short", ["نعم", "لا"])
    _, yes, no = seg_ids(store, article)
    store.update_segment(article, yes, target="Yes", status="approved")
    store.update_segment(article, no, target="No", status="approved")
    assert [h["target"] for h in tm.suggestions(store, "لا")] == ["No"]
    assert [h["target"] for h in tm.suggestions(store, "نَعم")] == ["Yes"]


def test_the_right_unit_is_found_among_many_similar_ones(store: Store) -> None:
    places = [f"قرية{chr(0x0628 + i % 20)}{chr(0x0628 + i // 20)}" for i in range(300)]
    frame = "قال ناشطون إن دورية عسكرية دخلت {} في ريف حماة الشمالي مساء أمس."
    tm.import_units(store, [TmxPair(frame.format(p), f"Patrol entered {p}.") for p in places])
    found = tm.suggestions(store, frame.format(places[123]).replace("مساء", "صباح"))
    assert found[0]["target"] == f"Patrol entered {places[123]}."
    assert found[0]["diff"] == "مساء → صباح"


def test_memory_follows_edits_made_by_any_writer(store: Store, first: int) -> None:
    article = seg_ids(store, first)
    store.update_segment(first, article[2], target="Five civilians died in the shelling.")
    assert tm.suggestions(store, KILLED_7)[0]["target"] == "Five civilians died in the shelling."
    store.update_segment(first, article[2], status="draft")  # back to draft: no longer memory
    assert tm.suggestions(store, KILLED_7) == []
    # A plain SQL write is seen too (the triggers queue it).
    store.db.execute("update segments set status = 'reviewed' where id = ?", [article[2]])
    store.db.conn.commit()
    assert tm.suggestions(store, KILLED_7)[0]["target"] == "Five civilians died in the shelling."


def test_index_is_rebuilt_when_normalisation_changes(store: Store, first: int) -> None:
    before = tm.suggestions(store, KILLED_7)
    with store.write() as db:
        db.execute("update tm_meta set value = 'older' where key = 'fingerprint'")
        db.execute("delete from tm_index")
    assert tm.suggestions(store, KILLED_7) == before
    assert store.query("select count(*) as n from tm_index")[0]["n"] == 2


def test_translations_made_before_the_memory_existed_are_memory(db_path: Path) -> None:
    db = Database(db_path)
    migrations.apply(db, stop_before="m002_translation_memory")
    db.table("articles").insert({"id": 1, "url": "https://www.syria.tv/old", "title": "قديم"})
    db.table("segments").insert(
        {"id": 9, "article_id": 1, "block": 1, "idx": 1, "source": KILLED_5,
         "target": KILLED_5_EN, "status": "approved"}
    )  # fmt: skip
    db.conn.commit()
    db.conn.close()
    with Store(db_path) as store:
        # Segment 9 was the article's only segment: number 1 once segments are numbered.
        assert tm.suggestions(store, KILLED_7)[0]["segment"] == 1


# ---- propagation within an article ----------------------------------------------------------


def test_confirming_one_segment_fills_its_identical_twins(store: Store) -> None:
    article = make_article(
        store, "https://www.syria.tv/rep", [COUNCIL, SHELLING, COUNCIL, COUNCIL, COUNCIL]
    )
    _, a, _, b, c, d = seg_ids(store, article)
    store.update_segment(article, c, target="Mine.", status="draft")
    store.update_segment(article, d, status="draft")  # draft without a target: filled
    store.update_segment(
        article, a, target="The al-Bab council opened a school.", status="translated"
    )
    assert tm.propagate(store, article, a) == [b, d]
    for seg in (b, d):
        row = store.segment(article, seg)
        assert (row["target"], row["status"]) == ("The al-Bab council opened a school.", "draft")
        assert json.loads(row["origin"]) == {
            "tm": "propagate", "article": article, "segment": a, "score": 100,
        }  # fmt: skip
        assert store.history(article, seg)[-1]["action"] == "propagate"
    assert store.segment(article, c)["target"] == "Mine."


def test_propagation_can_be_turned_off(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    article = make_article(store, "https://www.syria.tv/rep", [COUNCIL, COUNCIL])
    _, a, b = seg_ids(store, article)
    store.update_segment(article, a, target="School opened.", status="translated")
    assert tm.propagate(store, article, a, enabled=False) == []
    monkeypatch.setenv("TRANSLATE_CLI_PROPAGATE", "off")
    assert tm.propagate(store, article, a) == []
    assert store.segment(article, b)["target"] is None
    assert store.history(article, b) == []
    assert tm.propagate(store, article, a, enabled=True) == [b]


# ---- CLI: concordance, import, export -------------------------------------------------------


def invoke(db_path: Path, *args: str) -> tuple[int, str, str]:
    result = run(db_path, *args)
    return result.exit_code, result.stdout, result.stderr


def test_tm_search_finds_a_phrase_in_sources_or_targets(
    store: Store, first: int, db_path: Path
) -> None:
    code, out, _ = invoke(db_path, "tm", "search", "مدفعيا", "--json")  # no tanween: still found
    assert code == 0
    results = json.loads(out)["results"]
    assert [(r["article"], r["target"], r["status"]) for r in results] == [
        (first, SHELLING_EN, "approved")
    ]
    code, out, _ = invoke(db_path, "tm", "search", "two CHILDREN", "--json")
    assert [r["source"] for r in json.loads(out)["results"]] == [KILLED_5]
    code, out, _ = invoke(db_path, "tm", "search", "كفرنبل")
    assert code == 0 and SHELLING_EN[:20] in out and f"{first}/" in out
    code, out, _ = invoke(db_path, "tm", "search", "مدرسة")  # only in a draft
    assert (code, out.strip()) == (0, "No translation in memory has that.")


def test_tm_search_fuzzy_prints_scores(store: Store, first: int, db_path: Path) -> None:
    code, out, _ = invoke(db_path, "tm", "search", KILLED_7, "--fuzzy", "--json")
    assert code == 0
    [hit] = json.loads(out)["results"]
    assert hit["target"] == KILLED_5_EN and hit["diff"] == "5 → 7"


def test_tm_search_rejects_bad_input(db_path: Path) -> None:
    assert invoke(db_path, "tm", "search", "x", "--limit", "0")[::2] == (
        1,
        "Error: --limit must be at least 1, not 0.\n",
    )
    assert invoke(db_path, "tm", "search", "x", "--fuzzy", "--threshold", "101")[::2] == (
        1,
        "Error: --threshold must be between 0 and 100, not 101.\n",
    )


def test_tm_import_adds_units_once_and_they_are_reused(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    tmx = tmp_path / "old.tmx"
    tmx.write_bytes(
        write_tmx(
            [
                TmxPair(COUNCIL, "The al-Bab local council opened a new school.", note="2023"),
                TmxPair(KILLED_5, KILLED_5_EN),
            ]
        )
    )
    code, out, _ = invoke(db_path, "tm", "import", str(tmx), "--json")
    assert code == 0 and json.loads(out) == {"file": str(tmx), "added": 2, "skipped": 0}
    code, out, _ = invoke(db_path, "tm", "import", str(tmx))
    assert (
        code == 0 and out.strip() == f"Imported 0 units from {tmx} (2 already in memory or empty)."
    )
    article = make_article(store, "https://www.syria.tv/n", [COUNCIL])
    assert tm.pretranslate(store, article) == [seg_ids(store, article)[1]]
    assert tm.suggestions(store, KILLED_7)[0]["unit"] is not None


def test_tm_import_errors_change_nothing(db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tmx"
    bad.write_text("<tmx version='1.4'><body><tu>", encoding="utf-8")
    code, _, err = invoke(db_path, "tm", "import", str(bad))
    assert code == 1 and err.startswith("Error: ") and err.count("\n") == 1
    code, _, err = invoke(db_path, "tm", "import", str(tmp_path / "none.tmx"))
    assert (code, err) == (1, f"Error: No such file: {tmp_path / 'none.tmx'}. Check the path.\n")
    with Store(db_path) as store:
        assert store.query("select count(*) as n from tm_units")[0]["n"] == 0


def test_tm_export_writes_every_pair_once_with_provenance(
    store: Store, first: int, db_path: Path, tmp_path: Path
) -> None:
    tm.import_units(store, [TmxPair(COUNCIL, "Council opened a school.")])
    twin = make_article(store, "https://www.syria.tv/twin", [KILLED_5])
    store.update_segment(twin, seg_ids(store, twin)[1], target=KILLED_5_EN, status="approved")
    out_file = tmp_path / "memory.tmx"
    code, out, _ = invoke(db_path, "tm", "export", str(out_file))
    assert (code, out.strip()) == (0, f"Exported 3 units to {out_file}.")
    pairs = read_tmx(out_file.read_bytes())
    assert [(p.source, p.target) for p in pairs] == [
        (COUNCIL, "Council opened a school."),
        (SHELLING, SHELLING_EN),
        (KILLED_5, KILLED_5_EN),
    ]
    assert pairs[0].props == {}
    assert pairs[1].props == {
        "x-article": str(first),
        "x-segment": str(seg_ids(store, first)[1]),
        "x-status": "approved",
        "x-source-url": "https://www.syria.tv/first",  # one policy with export --format tmx
    }
    to_stdout = runner.invoke(app, ["tm", "export", "-", "--db", str(db_path)])
    assert to_stdout.exit_code == 0
    assert read_tmx(to_stdout.stdout_bytes) == pairs
    # Round trip into a fresh database.
    other = tmp_path / "other.db"
    assert invoke(other, "tm", "import", str(out_file))[0] == 0
    with Store(other) as fresh:
        assert len(tm.memory_units(fresh)) == 3


def test_incremental_upkeep_matches_a_full_rebuild(store: Store, first: int) -> None:
    ids = seg_ids(store, first)
    store.update_segment(first, ids[3], status="reviewed")  # the draft becomes memory
    store.update_segment(first, ids[1], target="Shelling hit Kafranbel.")
    store.update_segment(first, ids[2], status="new")  # leaves memory
    tm.import_units(store, [TmxPair(KILLED_7, "Seven civilians were killed.")])
    tm.sync(store)

    def snapshot() -> tuple[list[dict[str, object]], ...]:
        return (
            store.query("select id, norm from tm_index order by id"),
            store.query("select gram, df from tm_grams order by gram"),
            store.query("select rowid from tm_fts where tm_fts match ? order by rowid", ["مدني"]),
        )

    incremental = snapshot()
    assert [r["id"] for r in incremental[0]] == [-1, ids[1], ids[3]]
    assert tm.rebuild_index(store) == 3
    assert snapshot() == incremental


# ---- the whole flow through the CLI ---------------------------------------------------------

PAGE_ONE = f"""تصعيد في ريف إدلب الجنوبي

{SHELLING} {KILLED_5}

{COUNCIL}
"""
PAGE_TWO = f"""قصف جديد على ريف إدلب

{SHELLING} {KILLED_7}

وقالت مصادر محلية إن الأهالي نزحوا نحو المخيمات الحدودية.
"""


def test_fetch_reuses_approved_work_and_show_suggests_near_matches(
    db_path: Path, tmp_path: Path
) -> None:
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text(PAGE_ONE, encoding="utf-8")
    two.write_text(PAGE_TWO, encoding="utf-8")
    code, out, err = invoke(db_path, "fetch", str(one), "--json")
    assert code == 0, err
    first = json.loads(out)["articles"][0]["id"]
    code, out, _ = invoke(db_path, "show", str(first), "--json")
    segs = {s["source"]: s for s in json.loads(out)["segments"]}
    assert invoke(db_path, "set", str(first), str(segs[SHELLING]["id"]), SHELLING_EN,
                  "--status", "approved")[0] == 0  # fmt: skip
    assert invoke(db_path, "set", str(first), str(segs[KILLED_5]["id"]), KILLED_5_EN,
                  "--status", "approved")[0] == 0  # fmt: skip

    code, out, err = invoke(db_path, "fetch", str(two), "--json")
    assert code == 0, err
    second = json.loads(out)["articles"][0]["id"]
    code, out, _ = invoke(db_path, "show", str(second), "--json")
    segs = {s["source"]: s for s in json.loads(out)["segments"]}
    reused = segs[SHELLING]
    assert (reused["target"], reused["status"]) == (SHELLING_EN, "draft")
    assert reused["suggestions"][0]["score"] == 100
    near = segs[KILLED_7]
    assert near["target"] is None and near["status"] == "new"
    [hint] = near["suggestions"]
    assert {k: hint[k] for k in ("source", "target", "article")} == {
        "source": KILLED_5,
        "target": KILLED_5_EN,
        "article": first,
    }
    assert 75 <= hint["score"] < 100 and hint["diff"] == "5 → 7"
