"""The English edition's metadata through the core function (the CLI only parses and renders):
every option is checked before anything is written, and the JSON credits what export credits."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate_cli.errors import InputError
from translate_cli.export.meta import meta_json, short_credit_notice, update_meta
from translate_cli.store import Store


def test_update_meta_sets_the_fields_and_the_json_shows_the_credit(db: Path) -> None:
    with Store(db) as store:
        art = update_meta(
            store,
            1,
            author="  Samer   Halabi ",
            see_also=["https://example.org/a", "https://example.org/a", "https://example.org/b"],
            date_format="%d %B %Y",
            source_url="https://www.syria.tv/node/294409",
            source_style="SHORT",
        )
        info = meta_json(art)
    assert info["author_en"] == "Samer Halabi"
    assert info["see_also"] == ["https://example.org/a", "https://example.org/b"]
    assert info["date_format"] == "%d %B %Y"
    assert (info["source_style"], info["node"]) == ("short", 294409)
    assert info["translated_from"] == "https://www.syria.tv/node/294409"
    assert info["translated_from_shown"] == "www.syria.tv/294409"
    assert short_credit_notice(info) is None


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"author": "New Name", "see_also": ["javascript:alert(1)"]},
            "See-also link 'javascript:alert(1)' is not a web address: give one full http:// "
            "or https:// URL on one line.",
        ),
        (
            {"author": "New Name", "source_url": "https://example.org/a\nb"},
            "Source URL 'https://example.org/a\\nb' is not a web address: give one full "
            "http:// or https:// URL on one line.",
        ),
        (
            {"author": "New Name", "date_format": "yesterday"},
            "Date format 'yesterday' has no date in it: use strftime codes, e.g. '%m/%d/%Y' "
            "(12/01/2024) or '%d %B %Y' (01 December 2024).",
        ),
        (
            {"author": "New Name", "source_style": "tiny"},
            "Unknown source style 'tiny': use full or short.",
        ),
        (
            {"see_also": ["https://example.org/a"], "clear_see_also": True},
            "Give --see-also or --clear-see-also, not both.",
        ),
    ],
)
def test_bad_input_is_one_sentence_and_nothing_is_written(
    db: Path, options: dict[str, object], message: str
) -> None:
    with Store(db) as store:
        before = store.resolve_article(1)
        with pytest.raises(InputError) as caught:
            update_meta(store, 1, **options)  # type: ignore[arg-type]
        assert str(caught.value) == message
        assert store.resolve_article(1) == before


def test_empty_values_go_back_to_the_source_and_no_options_change_nothing(db: Path) -> None:
    with Store(db) as store:
        update_meta(store, 1, author="Someone", source_url="https://example.org/x")
        before = store.resolve_article(1)
        assert update_meta(store, 1) == before
        art = update_meta(store, 1, author=" ", source_url="", source_style="full")
    assert (art["author_en"], art["source_url"], art["source_style"]) == (None, None, None)


def test_the_short_style_without_a_node_says_the_full_url_is_shown(db: Path) -> None:
    with Store(db) as store:
        info = meta_json(update_meta(store, 1, source_url="https://example.org/story"))
        info = meta_json(update_meta(store, 1, source_style="short"))
    assert info["node"] is None
    assert short_credit_notice(info) == (
        "no syria.tv node number is known for the credited address, so the credit shows the "
        "full URL."
    )
