"""The shared review article (helpers.review_article) has the shape the tests rely on."""

from __future__ import annotations

from pathlib import Path

from helpers.review_article import IDS, make_article

from translate_cli.store import Store


def test_article_has_the_segments_the_tests_rely_on(db_path: Path) -> None:
    article_id = make_article(db_path)
    with Store(db_path) as store:
        segments = store.segments(article_id)
    assert [s["id"] for s in segments] == IDS
    assert [s["kind"] for s in segments] == [
        "title",
        "paragraph",
        "paragraph",
        "heading",
        "paragraph",
        "paragraph",
        "paragraph",
    ]
    assert segments[2]["source"] == segments[5]["source"]
    assert {s["status"] for s in segments} == {"new"}
