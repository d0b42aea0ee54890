"""Store edge cases: article lookup keys kept current, saved pages found by path, rows typed
with the per-article number as ``id`` and the global key as ``pk``."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run, save_article

from translate_cli.errors import InputError, NotFoundError
from translate_cli.store import Store


def test_changing_an_articles_urls_moves_its_lookup_keys(db_path: Path) -> None:
    article, _ = save_article(db_path, "عنوان", [("paragraph", ["جملة."])], "https://example.org/a")
    with Store(db_path) as store:
        store.update_article(article, {"canonical_url": "https://www.syria.tv/%D8%A8"})
        assert store.resolve_article("https://syria.tv/ب/")["id"] == article
        store.update_article(article, {"canonical_url": None})
        with pytest.raises(NotFoundError):
            store.resolve_article("https://syria.tv/ب")
        assert store.resolve_article("http://example.org/a?x=1")["id"] == article


def test_a_saved_page_is_found_by_its_path(db_path: Path, tmp_path: Path) -> None:
    page = tmp_path / "saved" / "page.txt"
    page.parent.mkdir()
    page.write_text("عنوان الخبر\n\nعادت الكهرباء إلى الحي بعد انقطاع طويل.\n", encoding="utf-8")
    result = run(db_path, "fetch", str(page))
    assert result.exit_code == 0, result.stderr
    with Store(db_path) as store:
        assert store.resolve_article(str(page))["id"] == 1
        assert store.resolve_article("saved/page.txt")["id"] == 1  # relative to the cwd


def test_segment_rows_carry_number_and_key(db_path: Path) -> None:
    save_article(db_path, "أ", [("paragraph", ["ب.", "ج."])], "https://example.org/1")
    second, numbers = save_article(db_path, "د", [("paragraph", ["ه."])], "https://example.org/2")
    assert numbers == [1, 2]
    with Store(db_path) as store:
        seg = store.segment(second, "2")
        assert (seg["id"], seg["pk"], seg["article_id"], seg["kind"]) == (2, 5, second, "paragraph")
        assert store.segment_by_pk(5) == seg
        found = {(s["article_id"], s["id"]) for s in store.segments_by_pk([5, 1])}
        assert found == {(1, 1), (second, 2)}
        with pytest.raises(NotFoundError, match="Article 2 has no segment 3"):
            store.segment(second, 3)
        for bad in ("-1", "1.0", "٣", "", "9" * 19):
            with pytest.raises(InputError):
                store.segment(second, bad)
