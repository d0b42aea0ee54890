"""Segments are numbered per article, and commands find an article by any spelling of its URL.

Through the CLI on a real loopback server and real database files: the Nth segment of a freshly
fetched article is N everywhere; a re-fetch keeps the numbers and gives new segments the next
free ones; percent-encoded, Arabic, www-less, slash- and query-suffixed URLs and syria.tv short
links all name the same article.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from helpers import FIXTURES, run, save_article, snapshot

from translate_cli.store import Store

TITLE = "افتتاح سوق جديد في حلب"
PARAS = [
    "افتتح المجلس المحلي سوقاً جديداً في حي الفرقان. وحضر الافتتاح عدد من التجار.",
    "وقال رئيس المجلس إن السوق يضم مئة محل. وأضاف أن الإيجارات ستكون مخفضة.",
]
OTHER_TITLE = "انقطاع الكهرباء في إدلب"
OTHER = ["عادت الكهرباء إلى أحياء إدلب بعد انقطاع طويل. وقال الأهالي إن الانقطاع دام يومين."]
# A sentence added by the site between the first paragraph's two sentences.
INSERTED = "وشارك في التنظيم متطوعون من الحي."


def page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><article><h1>{title}</h1>{body}</article>"
        "</body></html>"
    )


def fetch(db: Path, url: str) -> dict:
    result = run(db, "fetch", url, "--json", "--retries", "0")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["articles"][0]


def show(db: Path, ref: str) -> dict:
    result = run(db, "show", ref, "--json", "--no-suggest")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_nth_segment_of_every_article_is_n(server, db_path: Path) -> None:
    fetch(db_path, server.add("/a", page(OTHER_TITLE, OTHER)))
    art = fetch(db_path, server.add("/b", page(TITLE, PARAS)))
    assert art["id"] == 2
    shown = show(db_path, "2")
    assert [s["id"] for s in shown["segments"]] == [1, 2, 3, 4, 5]
    assert shown["segments"][0]["source"] == TITLE
    assert shown["segments"][1]["source"].startswith("افتتح المجلس")
    # Ranges and single numbers are per article: the first segments of article 2.
    r = run(db_path, "status", "2", "1-3", "--to", "draft", "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["changed"] == [1, 2, 3]
    r = run(db_path, "set", "2", "2", "The council opened a new market.", "--json")
    assert r.exit_code == 0, r.stderr
    seg = json.loads(r.stdout)
    assert (seg["id"], seg["article"], seg["source"]) == (2, 2, shown["segments"][1]["source"])
    # History, notes and the review position speak the same numbers.
    run(db_path, "note", "2", "5", "Check the rent figure.")
    trail = json.loads(run(db_path, "history", "2", "--json").stdout)["history"]
    assert [h["segment_id"] for h in trail] == [1, 2, 3, 2, 5]
    assert json.loads(run(db_path, "history", "2", "2", "--json").stdout)["segment"] == 2
    # Article 1 is untouched and numbered on its own.
    assert [s["status"] for s in show(db_path, "1")["segments"]] == ["new"] * 3


def test_a_refetch_keeps_numbers_and_new_segments_take_the_next_free_ones(
    server, db_path: Path
) -> None:
    url = server.add("/b", page(TITLE, PARAS))
    fetch(db_path, url)
    run(db_path, "set", "1", "3", "Several traders attended.", "--status", "translated")
    first, second = PARAS[0].split(". ", 1)
    server.add("/b", page(TITLE, [f"{first}. {INSERTED} {second}", PARAS[1]]))
    again = fetch(db_path, url)
    assert (again["created"], again["added"]) == (False, 1)
    shown = show(db_path, "1")
    # Article order, with the new sentence numbered 6 between 2 and 3.
    assert [s["id"] for s in shown["segments"]] == [1, 2, 6, 3, 4, 5]
    assert shown["segments"][2]["source"] == INSERTED
    assert shown["segments"][2]["flag"] == "new"
    assert shown["segments"][3]["target"] == "Several traders attended."
    assert [s["index"] for s in shown["segments"]] == [0, 1, 2, 3, 4, 5]
    # The human table shows the same numbers in the same order.
    table = run(db_path, "show", "1").stdout
    rows = [line.split()[:2] for line in table.splitlines() if line.strip()]
    numbers = [n for n, *kind in rows if kind and kind[0] in ("title", "paragraph")]
    assert numbers == ["1", "2", "6", "3", "4", "5"]
    # A range runs in article order, so 2-3 includes the new 6.
    r = run(db_path, "status", "1", "2-3", "--to", "draft", "--json")
    assert json.loads(r.stdout)["changed"] == [2, 6, 3]


def test_exports_carry_the_segment_numbers(db_path: Path, tmp_path: Path) -> None:
    save_article(db_path, OTHER_TITLE, [("paragraph", ["جملة."])], "https://example.org/x")
    article, ids = save_article(
        db_path, TITLE, [("paragraph", PARAS[0].split(". ", 1))], "https://example.org/y"
    )
    assert ids == [1, 2, 3]
    out = tmp_path / "a.xlf"
    r = run(db_path, "export", str(article), "--format", "xliff", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    xliff = out.read_text(encoding="utf-8")
    assert 'id="s1"' in xliff and 'id="s3"' in xliff and 'id="s4"' not in xliff


def test_an_article_is_found_by_any_spelling_of_its_url(db_path: Path) -> None:
    arabic = "https://www.syria.tv/افتتاح-سوق-جديد-في-حلب"
    encoded = "https://www.syria.tv/" + quote("افتتاح-سوق-جديد-في-حلب")
    save_article(db_path, OTHER_TITLE, [("paragraph", OTHER)], "https://www.syria.tv/other")
    article, _ = save_article(db_path, TITLE, [("paragraph", PARAS)], encoded, site="syria.tv")
    spellings = [
        encoded,
        arabic,
        encoded.lower().replace("%d8", "%D8"),  # mixed-case escapes
        "https://syria.tv/" + quote("افتتاح-سوق-جديد-في-حلب"),
        arabic + "/",
        arabic + "?utm_source=whatsapp",
        "http://syria.tv/افتتاح-سوق-جديد-في-حلب/#comments",
        "www.syria.tv/افتتاح-سوق-جديد-في-حلب",
        f"  {encoded}  ",
    ]
    for spelling in spellings:
        assert show(db_path, spelling)["id"] == article, spelling
    r = run(db_path, "show", "https://www.syria.tv/مقال-آخر")
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: No article 'https://www.syria.tv/مقال-آخر' in ")
    assert r.stderr.count("\n") == 1


def test_a_refetch_by_another_spelling_updates_the_same_article(db_path: Path) -> None:
    slug = "افتتاح-سوق"
    first, _ = save_article(
        db_path, TITLE, [("paragraph", PARAS)], "https://www.syria.tv/" + quote(slug)
    )
    again, _ = save_article(db_path, TITLE, [("paragraph", PARAS)], f"https://syria.tv/{slug}/")
    assert again == first
    with Store(db_path) as store:
        assert store.count_articles() == 1


def test_syria_tv_short_links_name_the_article_by_node(db_path: Path) -> None:
    r = run(db_path, "fetch", str(FIXTURES / "pages" / "syria-tv-variant.html"), "--json")
    assert r.exit_code == 0, r.stderr
    article = json.loads(r.stdout)["articles"][0]["id"]
    # The saved page's shortlink is /node/298811.
    for ref in (
        "www.syria.tv/298811",
        "https://www.syria.tv/298811",
        "syria.tv/298811/",
        "https://syria.tv/node/298811",
    ):
        assert show(db_path, ref)["id"] == article, ref
    r = run(db_path, "show", "www.syria.tv/298812")
    assert r.exit_code == 1 and r.stderr.startswith("Error: No article 'www.syria.tv/298812'")


def test_bad_segment_numbers_are_one_line_and_change_nothing(db_path: Path) -> None:
    save_article(db_path, TITLE, [("paragraph", PARAS)], "https://example.org/y")
    before = snapshot(db_path)
    cases = {
        ("set", "1", "9", "x"): (
            "Error: Article 1 has no segment 9: run 'translate-cli show 1' to see its segment ids.\n"
        ),
        ("set", "1", "²", "x"): (
            "Error: Segment '²' is not a segment id: ids are the numbers 'show' prints.\n"
        ),
        ("note", "1", "99999999999999999999999", "x"): (
            "Error: Segment '99999999999999999999999' is not a segment id: ids are the numbers "
            "'show' prints.\n"
        ),
        ("status", "1", "0-2", "--to", "draft"): (
            "Error: Article 1 has no segment 0: run 'translate-cli show 1' to see its segment ids.\n"
        ),
    }
    for args, message in cases.items():
        r = run(db_path, *args)
        assert (r.exit_code, r.stderr) == (1, message), args
    assert snapshot(db_path) == before


def test_history_records_who(db_path: Path, monkeypatch) -> None:
    blocks = [("paragraph", p.split(". ", 1)) for p in PARAS]
    save_article(db_path, TITLE, blocks, "https://example.org/y")
    monkeypatch.setenv("TRANSLATE_CLI_REVIEWER", "Rana")
    run(db_path, "set", "1", "1", "A new market in Aleppo")
    monkeypatch.setattr("getpass.getuser", lambda: "osuser")
    monkeypatch.delenv("TRANSLATE_CLI_REVIEWER")
    run(db_path, "set", "1", "2", "The council opened a market.")
    # The config file's reviewer wins over the environment and the OS user.
    config = tmp_config(monkeypatch, db_path.parent)
    config.write_text('reviewer = "Samer Haddad"\n', encoding="utf-8")
    monkeypatch.setenv("TRANSLATE_CLI_REVIEWER", "Rana")
    run(db_path, "set", "1", "3", "Traders attended.")
    trail = json.loads(run(db_path, "history", "1", "--json").stdout)["history"]
    assert [(h["segment_id"], h["who"]) for h in trail] == [
        (1, "Rana"),
        (2, "osuser"),
        (3, "Samer Haddad"),
    ]
    text = run(db_path, "history", "1", "3").stdout
    assert "Samer Haddad" in text
    # A machine draft names its engine.
    with Store(db_path) as store:
        store.update_segment(1, 4, target="Draft.", status="draft", action="mt", who="deepl")
        assert store.history(1, 4)[0]["who"] == "deepl"


def tmp_config(monkeypatch, folder: Path) -> Path:
    path = folder / "config.toml"
    monkeypatch.setenv("TRANSLATE_CLI_CONFIG", str(path))
    return path
