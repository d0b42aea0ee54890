"""`list` and `show`: the latest articles first with a default limit, one line per article at 80
columns, and progress by source words as well as by segments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run, save_article

from translate_cli.store import Store

LONG_TITLE = (
    "المجلس المحلي في مدينة حلب يعلن افتتاح سوق جديد للخضار والفواكه في حي الفرقان بعد أشهر "
    "من الانتظار"
)
BODY = [
    "افتتح المجلس المحلي سوقاً جديداً.",  # 5 words
    "وقال رئيس المجلس إن السوق يضم مئة محل.",  # 8 words
]


def many(db: Path, count: int) -> None:
    with Store(db) as store:
        for n in range(1, count + 1):
            save_article(
                store,
                f"خبر رقم {n}",
                [("paragraph", [f"جملة من الخبر {n}."])],
                f"https://example.org/{n}",
                published=f"2024-12-{1 + n % 28:02d}T08:00:00+03:00",
            )


def listed(db: Path, *args: str) -> dict:
    result = run(db, "list", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_latest_first_with_a_default_limit_of_50(db_path: Path) -> None:
    many(db_path, 53)
    data = listed(db_path)
    assert [a["id"] for a in data["articles"]] == list(range(53, 3, -1))
    assert data["total"] == 53
    assert [a["id"] for a in listed(db_path, "--limit", "2")["articles"]] == [53, 52]
    assert len(listed(db_path, "--all")["articles"]) == 53
    human = run(db_path, "list")
    assert human.stdout.count("خبر رقم") == 50
    assert human.stderr == "The latest 50 of 53 articles: --all lists every one.\n"
    assert run(db_path, "list", "--all").stderr == ""
    bad = run(db_path, "list", "--limit", "0")
    assert bad.exit_code != 0 and "Traceback" not in bad.output


def test_one_line_per_article_at_80_columns_and_wide_for_everything(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_article(
        db_path,
        LONG_TITLE,
        [("paragraph", BODY)],
        "https://example.org/aleppo",
        site="example.org",
        published="2024-12-03T18:30:00+03:00",
    )
    save_article(db_path, "خبر قصير", [("paragraph", ["جملة."])], "https://example.org/b")
    monkeypatch.setenv("COLUMNS", "80")
    lines = run(db_path, "list").stdout.splitlines()
    assert len(lines) == 3  # a header and one line per article
    assert all(len(line) <= 80 for line in lines)
    aleppo = lines[2]
    words = len(LONG_TITLE.split()) + 5 + 8
    assert aleppo.split()[:5] == ["1", "2024-12-03", "0/3", f"0/{words}", "0%"]
    assert aleppo.rstrip().endswith("…") and LONG_TITLE.split()[0] in aleppo
    wide = run(db_path, "list", "--wide").stdout
    assert "example.org" in wide and "approved" in wide
    assert LONG_TITLE.split()[-1] in wide  # nothing cut


def test_word_counts_and_progress_in_list_and_show(db_path: Path) -> None:
    article, ids = save_article(
        db_path, "سوق جديد في حلب", [("paragraph", BODY)], "https://example.org/aleppo"
    )
    # Title 4 words, then 5 and 8: 17 source words. Translate the 8-word sentence.
    run(
        db_path,
        "set",
        str(article),
        str(ids[2]),
        "The head of the council said.",
        "--status",
        "translated",
    )
    [row] = listed(db_path)["articles"]
    assert row["words"] == 17
    assert row["word_counts"]["translated"] == 8
    assert row["progress"] == {
        "segments": 3,
        "segments_done": 1,
        "words": 17,
        "words_done": 8,
        "percent": 47,
    }
    shown = json.loads(run(db_path, "show", str(article), "--json", "--no-suggest").stdout)
    assert shown["progress"] == row["progress"]
    assert [s["words"] for s in shown["segments"]] == [4, 5, 8]
    human = run(db_path, "show", str(article)).stdout
    assert "1 of 3 segments done; 8 of 17 source words (47%)" in human
    line = next(line for line in run(db_path, "list").stdout.splitlines() if "حلب" in line)
    assert "1/3" in line and "8/17 47%" in line
