"""Hostile sources for fetch, over a real HTTP server on 127.0.0.1 and real files: bad URLs,
servers that trickle, charsets that are not text encodings, canonical links carrying markup,
binary noise, oversized files, and batches in which one source fails in any way."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from translate_cli.cli import app
from translate_cli.ingest.download import decode_html
from translate_cli.ingest.load import word_share
from translate_cli.store import Store

runner = CliRunner()

TITLE = "وصول قافلة مساعدات إلى ريف إدلب"
PARAS = [
    "وصلت صباح اليوم قافلة مساعدات إنسانية تضم عشرين شاحنة إلى بلدات ريف إدلب الجنوبي. "
    "وقال مسؤول محلي إن القافلة تحمل مواد غذائية وطبية.",
    "وأضاف أن توزيع المساعدات سيبدأ غداً في المخيمات الأكثر حاجة، وسط نقص حاد في الأدوية.",
]


def page(title: str = TITLE, head: str = "", paras: list[str] = PARAS) -> str:
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (
        f'<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>{title}</title>'
        f"{head}</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def fetch(db: Path, *args: str) -> Any:
    return runner.invoke(app, ["fetch", *args, "--db", str(db), "--retries", "0"])


def articles(db: Path) -> list[dict[str, Any]]:
    if not db.exists():
        return []
    result = runner.invoke(app, ["list", "--db", str(db), "--json", "--all"])
    return json.loads(result.stdout)["articles"]


# ---- URLs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://a..b/news",
        "http://" + "a" * 64 + ".example/news",
        "http://" + "abcdefgh." * 30 + "example/news",
        "http://[::1/news",
        "http://[::1]:99999999/news",
        "http://exa mple.org/",
        "http://example.org/a\nb",
        "https://مثال..سوريا/خبر",
        "http://xn--/",
    ],
)
def test_malformed_urls_are_one_line(db_path: Path, url: str) -> None:
    result = fetch(db_path, url)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Malformed URL "), result.stderr
    assert result.stderr.count("\n") == 1
    assert articles(db_path) == []


def test_redirect_to_another_scheme(server: Any, db_path: Path) -> None:
    url = server.add("/moved", b"", status=302, headers={"Location": "ftp://example.org/x"})
    result = fetch(db_path, url)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {url} redirects to an address that is not http(s)")


def test_odd_digits_in_headers(server: Any, db_path: Path) -> None:
    # str.isdigit() accepts "²" and int() refuses it.
    busy = server.add("/busy", b"busy", status=503, headers={"Retry-After": "²"})
    result = fetch(db_path, busy)
    assert result.exit_code == 1 and "503" in result.stderr


# ---- bounds -------------------------------------------------------------------------------


def test_a_trickling_server_meets_the_deadline(server: Any, db_path: Path) -> None:
    # A byte every 50 ms: each read is quick, the whole page would take minutes.
    url = server.add("/slow", page(), trickle=0.05)
    result = fetch(db_path, url, "--deadline", "1", "--timeout", "5")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {url} took longer than the 1 s deadline to download (--deadline): try again "
        "later, or save the page from your browser and run 'translate-cli fetch page.html'.\n"
    )
    assert articles(db_path) == []


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--max-mb", "nan", "--max-mb must be a number of MB above 0 and at most 4096, not nan."),
        ("--max-mb", "inf", "--max-mb must be a number of MB above 0 and at most 4096, not inf."),
        ("--max-mb", "-1", "--max-mb must be a number of MB above 0 and at most 4096, not -1.0."),
        ("--timeout", "-1", "--timeout must be a number of seconds above 0, not -1.0."),
        ("--timeout", "nan", "--timeout must be a number of seconds above 0, not nan."),
        ("--deadline", "0", "--deadline must be a number of seconds above 0, not 0.0."),
        ("--retries", "-1", "--retries must be between 0 and 20, not -1."),
        ("--user-agent", "a\r\nX-Evil: 1", "--user-agent must be printable ASCII on one line."),
    ],
)
def test_option_ranges(db_path: Path, option: str, value: str, message: str) -> None:
    result = runner.invoke(app, ["fetch", "x.html", option, value, "--db", str(db_path)])
    assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n")


def test_text_files_have_a_size_cap(db_path: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(TITLE + "\n\n" + (PARAS[0] + "\n\n") * 8000, encoding="utf-8")
    result = fetch(db_path, str(big), "--max-mb", "1")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {big} is larger than 1 MB, too large for a saved")
    # A device that never ends is refused the same way, without reading it all.
    result = fetch(db_path, "/dev/zero", "--max-mb", "0.5")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: /dev/zero is larger than 0.5 MB")


def test_import_files_have_a_configurable_cap(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmx = tmp_path / "memory.tmx"
    units = "".join(
        f'<tu><tuv xml:lang="ar"><seg>جملة {i}</seg></tuv>'
        f'<tuv xml:lang="en"><seg>Sentence {i}</seg></tuv></tu>'
        for i in range(200)
    )
    tmx.write_text(
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="ar" datatype="plaintext" '
        f'segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/>'
        f"<body>{units}</body></tmx>",
        encoding="utf-8",
    )
    csv = tmp_path / "terms.csv"
    csv.write_text("source,target\n" + "حلب,Aleppo\n" * 2000, encoding="utf-8")
    monkeypatch.setenv("TRANSLATE_CLI_MAX_FILE_MB", "0.01")
    result = runner.invoke(app, ["tm", "import", str(tmx), "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {tmx} is larger than 0.01 MB, too large for a .tmx")
    assert "config set max_file_mb" in result.stderr
    glossary = tmp_path / "glossary.csv"
    result = runner.invoke(app, ["glossary", "import", str(csv), "--glossary", str(glossary)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {csv} is larger than 0.01 MB")
    assert not glossary.exists()
    # Raised, the same files go in.
    monkeypatch.setenv("TRANSLATE_CLI_MAX_FILE_MB", "5")
    result = runner.invoke(app, ["tm", "import", str(tmx), "--db", str(db)])
    assert result.exit_code == 0, result.stderr


# ---- charsets -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        "text/html; charset=base64",
        "text/html; charset=rot13",
        "text/html; charset=zlib",
        "text/html; charset=utf-16",
        "text/html; charset=unicode_escape",
        "text/html; charset=x-no-such-thing",
        "text/html; charset=iso-8859-1",  # mislabelled UTF-8
    ],
)
def test_charsets_that_cannot_be_right_fall_back_to_detection(
    server: Any, db_path: Path, content_type: str
) -> None:
    url = server.add("/p", page().encode("utf-8"), content_type=content_type)
    result = fetch(db_path, url)
    assert result.exit_code == 0, result.stderr
    [article] = articles(db_path)
    assert article["title"] == TITLE


def test_meta_charset_base64_in_the_page(server: Any, db_path: Path) -> None:
    html = page().replace('<meta charset="utf-8">', '<meta charset="base64">')
    url = server.add("/m", html.encode("utf-8"), content_type="text/html")
    assert fetch(db_path, url).exit_code == 0
    assert articles(db_path)[0]["title"] == TITLE


def test_windows_1256_is_still_read() -> None:
    data = page().replace('charset="utf-8"', 'charset="windows-1256"').encode("cp1256")
    assert TITLE in decode_html(data)
    assert TITLE in decode_html(data.replace(b'charset="windows-1256"', b""))


# ---- what is not an article ----------------------------------------------------------------


def test_binary_noise_after_an_html_prefix_is_not_an_article(server: Any, db_path: Path) -> None:
    noise = random.Random(7).randbytes(60_000)
    url = server.add("/noise", b"<html><body><p>" + noise, content_type="text/html")
    result = fetch(db_path, url)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {url} has no article text: what it holds is mostly")
    assert articles(db_path) == []


def test_mojibake_that_cannot_be_repaired_is_not_an_article(server: Any, db_path: Path) -> None:
    # UTF-8 Arabic read once as Latin-1 and saved again: the page itself is mojibake.
    moji = page().encode("utf-8").decode("latin-1")
    url = server.add("/moji", moji.encode("utf-8"))
    result = fetch(db_path, url)
    assert result.exit_code == 1
    assert "has no article text: what it holds is mostly not words" in result.stderr


def test_word_share_of_real_text_is_high() -> None:
    english = (
        "The U.S.-backed Syrian Democratic Forces (SDF) said on Tuesday that 1,200 families—"
        "about 40%—had left al-Hol camp, according to https://example.org/report-2024."
    )
    assert word_share(" ".join(PARAS)) > 0.95
    assert word_share(english) > 0.95
    assert word_share(random.Random(1).randbytes(5000).decode("cp1256", "replace")) < 0.1


# ---- hostile links ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "href",
    [
        "https://evil.example/a\n<script>alert(1)</script>",
        "https://evil.example/\x1b[2J",
        "https://[::1/x",
        "javascript:alert(1)",
        "https://a..b/x",
    ],
)
def test_a_hostile_canonical_link_is_not_stored(server: Any, db_path: Path, href: str) -> None:
    head = f'<link rel="canonical" href="{href}">'
    url = server.add("/c", page(head=head))
    result = fetch(db_path, url)
    assert result.exit_code == 0, result.stderr
    [article] = articles(db_path)
    assert article["canonical_url"] is None
    assert article["url"] == url


def test_a_good_canonical_link_is_kept(server: Any, db_path: Path) -> None:
    head = '<link rel="canonical" href="https://www.syria.tv/%D8%AE%D8%A8%D8%B1">'
    url = server.add("/good", page(head=head))
    assert fetch(db_path, url).exit_code == 0
    assert articles(db_path)[0]["canonical_url"] == "https://www.syria.tv/%D8%AE%D8%A8%D8%B1"


def test_escape_sequences_in_a_page_never_reach_the_terminal(server: Any, db_path: Path) -> None:
    title = "عنوان \x1b]0;pwned\x07 الخبر \x1b[2J"
    url = server.add("/esc", page(title=title))
    result = fetch(db_path, url)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\\x1b]0;pwned\\x07" in result.stdout
    # Stored as it came.
    with Store(db_path) as store:
        [row] = store.articles()
        assert "\x1b]0;pwned\x07" in row["title"]


# ---- batches ------------------------------------------------------------------------------


def test_one_source_failing_in_any_way_stops_only_itself(
    server: Any, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import translate_cli.ingest.extract as extract

    real = extract.extract_html

    def flaky(html: str, url: str | None = None) -> Any:
        if url and url.endswith("/bug"):
            raise KeyError("a bug nobody planned for")
        return real(html, url)

    monkeypatch.setattr(extract, "extract_html", flaky)
    good1 = server.add("/one", page())
    good2 = server.add("/two", page(title="عنوان آخر", paras=[*PARAS, "فقرة ثالثة."]))
    bug = server.add("/bug", page())
    missing = server.url("/missing")
    result = runner.invoke(
        app, ["fetch", good1, bug, missing, good2, "--db", str(db_path), "--retries", "0"]
    )
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert f"Error: {bug}: unexpected KeyError: 'a bug nobody planned for'; the other " in (
        result.stderr
    )
    assert any(line.startswith(f"Error: {missing} answered 404") for line in lines)
    assert sorted(a["url"] for a in articles(db_path)) == sorted([good1, good2])

    result = runner.invoke(
        app, ["fetch", good1, bug, "--db", str(db_path), "--retries", "0", "--json"]
    )
    out = json.loads(result.stdout)
    assert [a["url"] for a in out["articles"]] == [good1]
    [error] = out["errors"]
    assert error["source"] == bug and error["error"].startswith(f"{bug}: unexpected KeyError")


def test_quiet_fetch_prints_only_errors(server: Any, db_path: Path) -> None:
    url = server.add("/q", page())
    result = fetch(db_path, url, "-q")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    result = fetch(db_path, server.url("/nothing"), "-q")
    assert result.exit_code == 1 and result.stdout == "" and "404" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TRANSLATE_CLI_USER_AGENT", "a\r\nX-Evil: 1"),
        ("TRANSLATE_CLI_ACCEPT_LANGUAGE", "ar\udcff"),  # a byte that is not UTF-8
        ("TRANSLATE_CLI_ACCEPT_LANGUAGE", "ar\u202e"),
    ],
)
def test_header_settings_from_the_environment_are_checked(
    server: Any, db_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    # Checked like the options, before anything is sent (not an "unexpected" encoding error).
    monkeypatch.setenv(name, value)
    result = fetch(db_path, server.add("/p", page()))
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {name} must be printable ASCII on one line.\n",
    )
    assert server.hits["/p"] == 0
