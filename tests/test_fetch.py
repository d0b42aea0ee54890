"""fetch, list and show end to end over real HTTP on 127.0.0.1 and real SQLite files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate_cli.cli import app
from translate_cli.errors import FetchError
from translate_cli.ingest.download import FetchSettings, _connect_message, decode_html, download
from translate_cli.store import Store

runner = CliRunner()


def page(title: str, paragraphs: list[str], extra_head: str = "", charset: str = "utf-8") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="{charset}">'
        f"<title>{title}</title>{extra_head}</head><body><header><nav><a href='/'>الرئيسية</a></nav></header>"
        f"<article><h1>{title}</h1>{body}</article><footer>جميع الحقوق محفوظة</footer></body></html>"
    )


PARAS_V1 = [
    "أعلنت الفصائل المعارضة صباح اليوم سيطرتها على بلدة جديدة في ريف حماة الشمالي بعد اشتباكات استمرت ساعات. "
    "وقال مصدر ميداني إن قوات النظام انسحبت نحو المدينة.",
    "وأضاف المصدر أن الطرق الرئيسية في المنطقة باتت تحت سيطرة الفصائل بالكامل، وأن فرق الهندسة بدأت بإزالة الألغام. "
    "ولم يصدر أي تعليق رسمي حتى الآن.",
    "وتشهد المنطقة منذ أسبوع حركة نزوح واسعة للمدنيين باتجاه الشمال، وسط تحذيرات من منظمات إنسانية من تدهور الأوضاع.",
]


def run(*args: str) -> object:
    return runner.invoke(app, list(args))


def fetch_json(db: Path, *sources: str) -> dict:
    result = runner.invoke(app, ["fetch", *sources, "--db", str(db), "--json", "--retries", "0"])
    assert result.stdout, result.stderr
    return json.loads(result.stdout)


def test_fetch_show_list_roundtrip(server, db_path: Path) -> None:
    url = server.add("/news/1", page("الفصائل تتقدم في ريف حماة", PARAS_V1))
    out = fetch_json(db_path, url)
    assert out["errors"] == []
    [art] = out["articles"]
    assert art["title"] == "الفصائل تتقدم في ريف حماة"
    assert art["url"] == url
    # Title + 2 + 2 + 1 sentences.
    assert art["segments"] == 6

    shown = json.loads(run("show", str(art["id"]), "--db", str(db_path), "--json").stdout)
    assert shown["id"] == art["id"]
    assert shown["title"] == "الفصائل تتقدم في ريف حماة"
    kinds = [s["kind"] for s in shown["segments"]]
    assert kinds == ["title"] + ["paragraph"] * 5
    sources = [s["source"] for s in shown["segments"]]
    assert sources[1].startswith("أعلنت الفصائل") and sources[1].endswith("ساعات.")
    assert sources[2] == "وقال مصدر ميداني إن قوات النظام انسحبت نحو المدينة."
    assert [s["block"] for s in shown["segments"]] == [0, 1, 1, 2, 2, 3]
    assert all(s["status"] == "new" and s["target"] is None for s in shown["segments"])
    assert len({s["id"] for s in shown["segments"]}) == 6
    # Source is stored exactly as served: the sentence is a substring of the page text.
    assert all(s["source"] in " ".join(PARAS_V1) or s["kind"] == "title" for s in shown["segments"])
    # The browser-like headers were sent.
    assert server.requests[0]["accept-language"] == "ar"
    assert "Mozilla" in server.requests[0]["user-agent"]

    listed = json.loads(run("list", "--db", str(db_path), "--json").stdout)
    [row] = listed["articles"]
    assert row["id"] == art["id"] and row["segments"] == 6
    assert row["counts"] == {"new": 6, "draft": 0, "translated": 0, "reviewed": 0, "approved": 0}

    human = run("show", str(art["id"]), "--db", str(db_path))
    assert human.exit_code == 0
    assert "وقال مصدر ميداني" in human.stdout


def test_refetch_keeps_translations_and_flags_changes(server, db_path: Path) -> None:
    url = server.add("/news/2", page("عنوان الخبر", PARAS_V1))
    art_id = fetch_json(db_path, url)["articles"][0]["id"]
    with Store(db_path) as store:
        segs = store.segments(art_id)
        kept, changed = segs[2], segs[3]
        store.update_segment(
            art_id,
            kept["id"],
            target="A field source said regime forces withdrew.",
            status="approved",
        )
        store.update_segment(
            art_id,
            changed["id"],
            target="He added that the main roads are held.",
            status="translated",
        )

    v2 = list(PARAS_V1)
    v2[1] = v2[1].replace("بالكامل", "بشكل شبه كامل")
    v2.append("وفي سياق متصل، أفادت مصادر محلية بوصول تعزيزات عسكرية إلى المنطقة.")
    server.add("/news/2", page("عنوان الخبر", v2))
    out = fetch_json(db_path, url)
    [art] = out["articles"]
    assert art["id"] == art_id and art["created"] is False
    assert art["changed"] == 1 and art["added"] == 1 and art["removed"] == 0

    with Store(db_path) as store:
        after = {s["id"]: s for s in store.segments(art_id)}
        assert after[kept["id"]]["target"] == "A field source said regime forces withdrew."
        assert after[kept["id"]]["status"] == "approved"
        assert after[kept["id"]]["flag"] is None
        ch = after[changed["id"]]
        assert "بشكل شبه كامل" in ch["source"]
        assert ch["flag"] == "changed"
        assert ch["target"] == "He added that the main roads are held."
        assert ch["status"] == "draft"
        new = [s for s in after.values() if s["flag"] == "new"]
        assert len(new) == 1 and new[0]["source"].startswith("وفي سياق متصل")
        trail = store.history(art_id, changed["id"])
        assert trail[-1]["action"] == "fetch"
        assert "بالكامل" in trail[-1]["old_source"]
        assert trail[-1]["old_status"] == "translated" and trail[-1]["new_status"] == "draft"


def test_refetch_marks_vanished_segments_removed_not_deleted(server, db_path: Path) -> None:
    url = server.add("/news/3", page("عنوان", PARAS_V1))
    art_id = fetch_json(db_path, url)["articles"][0]["id"]
    with Store(db_path) as store:
        last = store.segments(art_id)[-1]
        store.update_segment(
            art_id, last["id"], target="Civilians have been fleeing north.", status="translated"
        )
    server.add("/news/3", page("عنوان", PARAS_V1[:2]))
    assert fetch_json(db_path, url)["articles"][0]["removed"] == 1
    with Store(db_path) as store:
        assert last["id"] not in {s["id"] for s in store.segments(art_id)}
        gone = store.segment(art_id, last["id"])
        assert gone["removed"] == 1 and gone["target"] == "Civilians have been fleeing north."


def test_redirect_is_followed(server, db_path: Path) -> None:
    target = server.add("/final", page("عنوان بعد التحويل", PARAS_V1))
    start = server.add("/old", b"", status=301, content_type="", headers={"Location": target})
    out = fetch_json(db_path, start)
    assert out["articles"][0]["title"] == "عنوان بعد التحويل"


def test_windows_1256_declared_only_in_page(server, db_path: Path) -> None:
    html = page("خبر بترميز قديم", PARAS_V1, charset="windows-1256")
    url = server.add("/cp1256", html.encode("cp1256"), content_type="text/html")
    out = fetch_json(db_path, url)
    assert out["articles"][0]["title"] == "خبر بترميز قديم"


def test_decode_html_fallbacks() -> None:
    text = "<p>سوريا اليوم</p>"
    assert decode_html(text.encode("cp1256")) == text  # not UTF-8, nothing declared
    assert decode_html("\ufeff".encode() + text.encode()) == text
    assert decode_html(text.encode("utf-8"), "utf-8") == text


def test_retries_on_503_then_succeeds(server, db_path: Path) -> None:
    url = server.add("/flaky", page("عنوان", PARAS_V1), failures=[503, 429])
    result = runner.invoke(app, ["fetch", url, "--db", str(db_path), "--retries", "2"])
    assert result.exit_code == 0, result.stderr
    assert server.hits["/flaky"] == 3


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (404, "answered 404 Not Found: check the address"),
        (403, "answered 403 Forbidden: the site refuses scripted downloads; save the page"),
        (429, "answered 429 Too Many Requests: wait a while and try again, or save the page"),
        (500, "answered 500 Internal Server Error: the site is failing"),
    ],
)
def test_http_errors_are_one_line(server, db_path: Path, status: int, expected: str) -> None:
    url = server.add("/err", b"nope", status=status)
    result = runner.invoke(app, ["fetch", url, "--db", str(db_path), "--retries", "0"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert expected in lines[0]
    assert "Traceback" not in result.output


def test_timeout(server, db_path: Path) -> None:
    url = server.add("/slow", page("عنوان", PARAS_V1), delay=2.0)
    result = runner.invoke(
        app, ["fetch", url, "--db", str(db_path), "--retries", "0", "--timeout", "0.3"]
    )
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == f"Error: Timed out fetching {url}: try again later, or save the page from your browser and run 'translate-cli fetch page.html'."
    )


def test_non_html_and_oversized(server, db_path: Path) -> None:
    pdf = server.add("/doc.pdf", b"%PDF-1.4", content_type="application/pdf")
    big = server.add("/big", page("عنوان", PARAS_V1 * 200))
    r1 = runner.invoke(app, ["fetch", pdf, "--db", str(db_path)])
    assert r1.exit_code == 1 and "is not a web page (it is application/pdf)" in r1.stderr
    r2 = runner.invoke(app, ["fetch", big, "--db", str(db_path), "--max-mb", "0.01"])
    assert r2.exit_code == 1 and "is larger than the 0.01 MB limit" in r2.stderr


def test_page_without_article_text(server, db_path: Path) -> None:
    url = server.add(
        "/empty", "<html><head><title>x</title></head><body><nav>القائمة</nav></body></html>"
    )
    result = runner.invoke(app, ["fetch", url, "--db", str(db_path)])
    assert result.exit_code == 1
    assert "has no article text" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("ftp://example.org/a", "Error: Unsupported URL scheme 'ftp' in ftp://example.org/a"),
        ("http://", "Error: Malformed URL 'http://'"),
        ("http://exa mple.org/", "Error: Malformed URL"),
        ("missing-file.html", "Error: No such file:"),
    ],
)
def test_bad_sources(db_path: Path, source: str, expected: str) -> None:
    result = runner.invoke(app, ["fetch", source, "--db", str(db_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(expected), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_connection_refused(db_path: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = runner.invoke(app, ["fetch", f"http://127.0.0.1:{port}/x", "--db", str(db_path)])
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == "Error: Connection refused by 127.0.0.1: check the URL, or try again later."
    )


def test_dns_failure_message() -> None:
    msg = _connect_message(
        "https://no-such-host.invalid/a", OSError("[Errno -2] Name or service not known")
    )
    assert (
        msg
        == "Cannot find the host no-such-host.invalid (DNS lookup failed): check the URL and your connection."
    )


def test_download_core_gives_fetcherror(server) -> None:
    url = server.add("/gone", b"", status=410)
    with pytest.raises(FetchError, match="410 Gone"):
        download(url, FetchSettings(retries=0))


def test_several_urls_one_failure(server, db_path: Path) -> None:
    ok1 = server.add("/a", page("الخبر الأول", PARAS_V1))
    ok2 = server.add("/b", page("الخبر الثاني", PARAS_V1[:1]))
    bad = server.url("/missing")
    result = runner.invoke(
        app, ["fetch", ok1, bad, ok2, "--db", str(db_path), "--json", "--retries", "0"]
    )
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert [a["title"] for a in out["articles"]] == ["الخبر الأول", "الخبر الثاني"]
    assert out["errors"][0]["source"] == bad and "404" in out["errors"][0]["error"]


def test_several_sources_get_ids_in_the_order_given(server, db_path: Path) -> None:
    # The first page is slow: downloads overlap, but ids and lines follow the command line.
    slow = server.add("/slow", page("الخبر البطيء", PARAS_V1), delay=0.5)
    fast = server.add("/fast", page("الخبر السريع", PARAS_V1[:1]))
    result = runner.invoke(app, ["fetch", slow, fast, "--db", str(db_path), "--retries", "0"])
    assert result.exit_code == 0, result.stderr
    assert [line.split("]")[0] for line in result.stdout.splitlines()] == ["[1", "[2"]
    assert "الخبر البطيء" in result.stdout.splitlines()[0]
    with Store(db_path) as store:
        assert store.resolve_article("1")["url"] == slow


def test_text_and_saved_files(tmp_path: Path, db_path: Path) -> None:
    txt = tmp_path / "article.txt"
    txt.write_text("\n\nعنوان المقال التجريبي\n\n" + "\n\n".join(PARAS_V1) + "\n", encoding="utf-8")
    html = tmp_path / "saved.html"
    html.write_text(page("صفحة محفوظة", PARAS_V1), encoding="utf-8")
    out = fetch_json(db_path, str(txt), str(html))
    assert [a["title"] for a in out["articles"]] == ["عنوان المقال التجريبي", "صفحة محفوظة"]


def test_not_utf8_text_file(tmp_path: Path, db_path: Path) -> None:
    txt = tmp_path / "old.txt"
    txt.write_bytes("عنوان\n\nنص".encode("cp1256"))
    result = runner.invoke(app, ["fetch", str(txt), "--db", str(db_path)])
    assert result.exit_code == 1
    assert "is not UTF-8 text: save it as UTF-8" in result.stderr


def test_unknown_article_and_status(db_path: Path) -> None:
    Store(db_path).close()
    r = runner.invoke(app, ["show", "42", "--db", str(db_path)])
    assert r.exit_code == 1
    assert (
        r.stderr.strip()
        == f"Error: No article '42' in {db_path}: run 'translate-cli list' to see the articles."
    )


def test_corrupt_and_unwritable_database(tmp_path: Path, server) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    before = bad.read_bytes()
    r = runner.invoke(app, ["list", "--db", str(bad)])
    assert r.exit_code == 1
    assert "is not a translate-cli database or is damaged" in r.stderr
    assert bad.read_bytes() == before

    blocker = tmp_path / "file"
    blocker.write_text("x")
    r2 = runner.invoke(app, ["list", "--db", str(blocker / "sub" / "x.db")])
    assert r2.exit_code == 1
    assert r2.stderr.startswith("Error: Cannot create the database folder")


def test_failed_fetch_changes_nothing(server, db_path: Path) -> None:
    url = server.add("/keep", page("عنوان", PARAS_V1))
    art_id = fetch_json(db_path, url)["articles"][0]["id"]
    with Store(db_path) as store:
        seg = store.segments(art_id)[1]
        store.update_segment(art_id, seg["id"], target="Kept.", status="translated")
    server.add("/keep", b"oops", status=500)
    snapshot = (
        sqlite3.connect(db_path)
        .execute("select id, source, target, status from segments")
        .fetchall()
    )
    result = runner.invoke(app, ["fetch", url, "--db", str(db_path), "--retries", "0"])
    assert result.exit_code == 1
    assert (
        sqlite3.connect(db_path)
        .execute("select id, source, target, status from segments")
        .fetchall()
        == snapshot
    )


def test_db_env_var(server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "env.db"
    monkeypatch.setenv("TRANSLATE_CLI_DB", str(target))
    url = server.add("/env", page("عنوان", PARAS_V1))
    assert runner.invoke(app, ["fetch", url]).exit_code == 0
    assert target.exists()
