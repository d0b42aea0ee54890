"""The article ready to publish: lists and captions in every format, the standalone page's
stylesheet and bidi isolation, DOCX, the format from the file name, and the public credit."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import REPO, run, save_article, snapshot

from translate_cli.store import Store

TITLE = "إعادة فتح معبر نصيب أمام الشاحنات"
BLOCKS = [
    ("paragraph", ["أعلنت إدارة المعبر إعادة فتحه أمام الشاحنات."]),
    ("heading", ["مواعيد العبور"], 2),
    ("list_item", ["تبدأ الحركة في السابعة صباحاً."], 1),
    ("list_item", ["تنتهي في السادسة مساءً."], 1),
    ("caption", ["شاحنات تنتظر عند المعبر (أرشيف)"]),
    ("list_item", ["يُسمح بعبور البرادات أولاً."]),
    ("list_item", ["تُمنع الشاحنات الفارغة."]),
    ("caption", ["صورة من الجانب الأردني"]),  # left untranslated: not in the edition
    ("paragraph", ["وقال مسؤول إن الازدحام سيخف."]),
]
TARGETS = [
    "Nassib crossing reopens to lorries",
    "The crossing's administration announced that it had reopened to lorries.",
    "Crossing hours",
    "Traffic starts at seven in the morning.",
    "It ends at six in the evening.",
    "Lorries waiting at the crossing (archive)",
    "Refrigerated trucks go first.",
    "Empty lorries are not allowed.",
    None,
    "An official said the crowding, which residents call «الأزمة», would ease.",
]
URL = "https://www.syria.tv/node/294409"


def article(db: Path, url: str = URL) -> int:
    with Store(db) as store:
        art, ids = save_article(store, TITLE, BLOCKS, url, site="syria.tv", author="سامر الحلبي")
        for seg, target in zip(ids, TARGETS, strict=True):
            if target:
                # The quoted Arabic word is meant: the check is told so in the note.
                note = "ignore: arabic" if "«" in target else None
                store.update_segment(art, seg, target=target, status="approved", note=note)
    return art


def test_lists_and_translated_captions_in_markdown_and_text(db_path: Path) -> None:
    art = article(db_path)
    md = run(db_path, "export", str(art))
    assert md.exit_code == 0, md.stderr  # the untranslated caption does not hold it back
    assert (
        "## Crossing hours\n\n"
        "1. Traffic starts at seven in the morning.\n2. It ends at six in the evening.\n\n"
    ) in md.stdout
    assert "*Lorries waiting at the crossing (archive)*\n\n" in md.stdout
    assert "- Refrigerated trucks go first.\n- Empty lorries are not allowed.\n\n" in md.stdout
    assert "الجانب الأردني" not in md.stdout
    txt = run(db_path, "export", str(art), "--format", "txt").stdout
    assert "1. Traffic starts at seven in the morning.\n2. It ends at six in the evening." in txt
    assert "[Lorries waiting at the crossing (archive)]" in txt
    data = json.loads(run(db_path, "export", str(art), "--format", "json").stdout)
    assert [b["kind"] for b in data["blocks"]] == [
        "paragraph",
        "heading",
        "list_item",
        "list_item",
        "caption",
        "list_item",
        "list_item",
        "paragraph",
    ]


def test_html_lists_captions_and_arabic_isolated(db_path: Path) -> None:
    art = article(db_path)
    html = run(db_path, "export", str(art), "--format", "html").stdout
    assert (
        "<ol><li>Traffic starts at seven in the morning.</li>"
        "<li>It ends at six in the evening.</li></ol>"
    ) in html
    assert (
        "<figure><figcaption>Lorries waiting at the crossing (archive)</figcaption></figure>"
        in html
    )
    assert (
        "<ul><li>Refrigerated trucks go first.</li><li>Empty lorries are not allowed.</li></ul>"
        in html
    )
    # An Arabic quotation inside the English keeps its place: isolated with its direction.
    assert 'call «<bdi dir="rtl" lang="ar">الأزمة</bdi>», would ease.' in html


def test_standalone_page_has_a_readable_stylesheet(db_path: Path) -> None:
    art = article(db_path)
    page = run(db_path, "export", str(art), "--format", "html", "--standalone").stdout
    assert page.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">')
    style = page[page.index("<style>") : page.index("</style>")]
    assert re.search(r"article\{max-width:(6[5-9]|7[0-5])ch", style)
    assert "font-family:Charter" in style and "serif" in style
    assert "font-family:system-ui" in style and "sans-serif" in style
    assert "bdi,[dir=rtl]{unicode-bidi:isolate}" in style
    assert "<script" not in page and "http" not in style  # nothing fetched, nothing run


def test_docx_opens_in_python_docx_with_the_structure(db_path: Path, tmp_path: Path) -> None:
    import docx

    art = article(db_path)
    with Store(db_path) as store:
        store.update_article(art, {"see_also": json.dumps(["https://example.org/crossings"])})
    out = tmp_path / "nassib.docx"
    result = run(db_path, "export", str(art), "-o", str(out))  # DOCX from the suffix
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith(f"Wrote {out} (docx).\n")
    document = docx.Document(str(out))
    rows = [(p.style.name, p.text) for p in document.paragraphs]
    assert rows[0] == ("Title", "Nassib crossing reopens to lorries")
    assert ("Subtitle", "سامر الحلبي") in rows  # the source's byline until one is set
    assert ("Heading 1", "Crossing hours") in rows
    assert [t for s, t in rows if s == "List Number"] == [
        "Traffic starts at seven in the morning.",
        "It ends at six in the evening.",
    ]
    assert [t for s, t in rows if s == "Caption"] == ["Lorries waiting at the crossing (archive)"]
    assert ("Normal", "Translated from: www.syria.tv/node/294409") in rows
    assert rows[-1] == ("List Bullet", "example.org/crossings")
    links = {r.target_ref for r in document.part.rels.values() if "hyperlink" in r.reltype}
    assert links == {URL, "https://example.org/crossings"}
    assert document.core_properties.title == "Nassib crossing reopens to lorries"
    assert document.core_properties.language == "en"


def test_an_extension_it_cannot_write_is_refused(db_path: Path, tmp_path: Path) -> None:
    art = article(db_path)
    before = snapshot(db_path)
    out = tmp_path / "nassib.pdf"
    result = run(db_path, "export", str(art), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: Cannot write a .pdf file: name the output with one of .docx, .html, .json, .md, "
        ".tmx, .txt, .xlf, or choose the format with --format.\n"
    )
    assert not out.exists() and snapshot(db_path) == before
    for name, magic in (("a.htm", b"<h1>"), ("a.markdown", b"# "), ("a.xliff", b"<?xml")):
        done = run(db_path, "export", str(art), "-o", str(tmp_path / name))
        assert done.exit_code == 0, done.stderr
        assert (tmp_path / name).read_bytes().startswith(magic)
    with_format = run(db_path, "export", str(art), "-o", str(out), "--format", "md")
    assert with_format.exit_code == 0 and out.read_bytes().startswith(b"# ")


def test_short_source_style_from_a_saved_syria_tv_page(db_path: Path, tmp_path: Path) -> None:
    """A saved page: credited by its canonical link, never its path; its node number comes
    from the page itself, for the short form."""
    saved = tmp_path / "saved" / "khafsa.html"
    saved.parent.mkdir()
    saved.write_bytes((REPO / "examples" / "syria-tv-sample.html").read_bytes())
    fetched = run(db_path, "fetch", str(saved))
    assert fetched.exit_code == 0, fetched.stderr
    full = run(db_path, "export", "1", "--draft", "--force", "--format", "md").stdout
    assert "Translated from: [www.syria.tv/محطة-الخفسة" in full
    assert str(saved.parent) not in full
    short = run(db_path, "meta", "1", "--source-style", "short", "--json")
    assert short.exit_code == 0, short.stderr
    info = json.loads(short.stdout)
    assert (info["source_style"], info["node"], info["translated_from_shown"]) == (
        "short",
        312457,
        "www.syria.tv/312457",
    )
    md = run(db_path, "export", "1", "--draft", "--force", "--format", "md").stdout
    assert md.rstrip().endswith(
        "Translated from: [www.syria.tv/312457](https://www.syria.tv/312457)"
    )
    txt = run(db_path, "export", "1", "--draft", "--force", "--format", "txt").stdout
    assert "Translated from: www.syria.tv/312457\n" in txt
    shown = run(db_path, "meta", "1").stdout
    assert "  translated from: www.syria.tv/312457\n" in shown
    back = run(db_path, "meta", "1", "--source-style", "full", "--json")
    assert json.loads(back.stdout)["translated_from_shown"].startswith("https://www.syria.tv/")
    bad = run(db_path, "meta", "1", "--source-style", "tiny")
    assert bad.stderr == "Error: Unknown source style 'tiny': use full or short.\n"


def test_a_chosen_source_url_wins_over_the_short_form(db_path: Path, tmp_path: Path) -> None:
    """meta --source-url names the credited address: the short style never swaps it for the
    fetched page's node, and a node in the chosen URL is the one shown."""
    fetched = run(db_path, "fetch", str(REPO / "examples" / "syria-tv-sample.html"))
    assert fetched.exit_code == 0, fetched.stderr

    def credit() -> str:
        md = run(db_path, "export", "1", "--draft", "--force", "--format", "md").stdout
        return md.rstrip().rsplit("\n", 1)[-1]

    other = run(
        db_path,
        "meta",
        "1",
        "--source-url",
        "https://example.org/khafsa",
        "--source-style",
        "short",
    )
    assert other.exit_code == 0, other.stderr
    assert other.stderr == (
        "Note: no syria.tv node number is known for the credited address, so the credit shows "
        "the full URL.\n"
    )
    assert credit() == "Translated from: [example.org/khafsa](https://example.org/khafsa)"
    run(db_path, "meta", "1", "--source-url", "https://www.syria.tv/node/400001")
    assert credit() == "Translated from: [www.syria.tv/400001](https://www.syria.tv/400001)"
    run(db_path, "meta", "1", "--source-url", "")
    assert credit() == "Translated from: [www.syria.tv/312457](https://www.syria.tv/312457)"


@pytest.mark.parametrize(
    "value",
    ["javascript:alert(1)", "https://a.example/x\n<script>alert(1)</script>", "file:///etc/passwd"],
)
def test_source_url_must_be_one_web_address(db_path: Path, value: str) -> None:
    art = article(db_path)
    result = run(db_path, "meta", str(art), "--source-url", value)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Source URL ")
    assert result.stderr.count("\n") == 1
    with Store(db_path) as store:
        assert store.resolve_article(art)["source_url"] is None  # type: ignore[typeddict-item]


def test_bilingual_header_and_untranslated_text_are_isolated(db_path: Path) -> None:
    art = article(db_path, url="https://www.syria.tv/معبر-نصيب")
    with Store(db_path) as store:
        seg = store.segments(art)[1]["id"]
        store.update_segment(art, seg, target="أعلنت إدارة المعبر", status="draft")
    sheet = run(db_path, "export", str(art), "--format", "bilingual").stdout
    header = re.search(r'<p dir="ltr">Article \d+ · <bdi><a href="[^"]+">[^<]+</a></bdi> · '
                       r"<bdi>[^<]+</bdi></p>", sheet)  # fmt: skip
    assert header, sheet[:600]
    assert '<td lang="en" dir="ltr"><bdi dir="rtl" lang="ar">أعلنت إدارة المعبر</bdi></td>' in sheet


def test_markdown_export_is_inert(db_path: Path) -> None:
    art = article(db_path)
    hostile = (
        "<script>alert(1)</script> [click](javascript:alert(1)) ![x](http://e.example/t.png) "
        "&lt;b&gt; ~~~ `code`"
    )
    with Store(db_path) as store:
        seg = store.segments(art)[1]["id"]
        store.update_segment(art, seg, target=hostile, status="approved")
        # A canonical link stored by an older version, before URLs were checked.
        store.db.execute(
            "update articles set url = ?, canonical_url = ? where id = ?",
            ["javascript:alert(1)", "https://a.example/\n<script>x</script>", art],
        )
        store.db.conn.commit()
    md = run(db_path, "export", str(art), "--force").stdout
    import markdown_it

    rendered = markdown_it.MarkdownIt("commonmark").render(md)
    assert "<script" not in rendered and "href=" not in rendered
    assert "[click](javascript:alert(1))" in rendered  # shown as text, never a link
    assert "<img" not in rendered and "<code>" not in rendered and "<a " not in rendered
    assert "Translated from" not in md  # neither address is a single-line web URL


def test_glossary_csv_cells_are_inert_in_spreadsheets(tmp_path: Path) -> None:
    gloss = tmp_path / "g.csv"
    gloss.write_text(
        "source,target,category,note,forbidden\n"
        'حلب,Aleppo,place,"=HYPERLINK(""http://evil.example"",""x"")",@SUM(1)\n'
        "إدلب,Idlib,place,-based note,\n",
        encoding="utf-8",
    )
    out = tmp_path / "export.csv"
    done = run(None, "glossary", "export", str(out), "--glossary", str(gloss))
    assert done.exit_code == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "'@SUM(1)" in text and "'-based note" in text
    assert not re.search(r"(^|,)[=+@-]", text, re.M)
    back = tmp_path / "back.csv"
    imported = run(None, "glossary", "import", str(out), "--glossary", str(back), "--json")
    assert imported.exit_code == 0, imported.stderr
    listed = json.loads(run(None, "glossary", "list", "--glossary", str(back), "--json").stdout)
    terms = listed.get("terms", listed) if isinstance(listed, dict) else listed
    notes = sorted(t["note"] for t in terms)
    assert notes == ["-based note", '=HYPERLINK("http://evil.example","x")']
    assert [t["forbidden"] for t in terms if t["source"] == "حلب"] == [["@SUM(1)"]]


def test_docx_bytes_are_a_zip(db_path: Path) -> None:
    import zipfile

    art = article(db_path)
    result = run(db_path, "export", str(art), "--format", "docx")
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(io.BytesIO(result.stdout_bytes)) as z:
        assert "word/document.xml" in z.namelist()


def test_untranslated_arabic_in_a_draft_is_isolated(db_path: Path) -> None:
    art = article(db_path)
    with Store(db_path) as store:
        seg = store.segments(art)[1]["id"]
        store.update_segment(art, seg, target=None, status="new")
    html = run(db_path, "export", str(art), "--format", "html", "--draft").stdout
    # The whole sentence is one isolate, its final stop included (shown at its left end).
    assert (
        '<mark class="draft">[UNTRANSLATED: <bdi dir="rtl" lang="ar">أعلنت إدارة المعبر إعادة '
        "فتحه أمام الشاحنات.</bdi>]</mark>"
    ) in html


def test_an_untranslated_sentence_with_commas_and_numbers_is_one_isolate(db_path: Path) -> None:
    """Cut at its commas and numbers, an Arabic sentence's pieces would be laid out left to
    right inside the English page: the reader would meet its clauses in reverse order."""
    art = article(db_path)
    sentence = "وبحسب الإدارة، ستعبر 75 شاحنة يومياً، على أن يرتفع العدد لاحقاً."
    with Store(db_path) as store:
        seg = store.segments(art)[1]["id"]
        store.db.execute("update segments set source = ? where id = ?", [sentence, seg])
        store.db.conn.commit()
        store.update_segment(art, seg, target=None, status="new")
    html = run(db_path, "export", str(art), "--format", "html", "--draft", "--force").stdout
    assert f'[UNTRANSLATED: <bdi dir="rtl" lang="ar">{sentence}</bdi>]' in html
    # The sentence, the byline (سامر الحلبي) and «الأزمة» in the last paragraph.
    assert html.count("<bdi") == 3


def test_arabic_is_isolated_in_stretches_not_word_runs() -> None:
    from translate_cli.export.base import arabic_spans
    from translate_cli.export.html import isolate

    quoted = "He said: «لم نكن نصدّق، الأطفال 3 مرات» and left."
    assert isolate(quoted) == (
        'He said: «<bdi dir="rtl" lang="ar">لم نكن نصدّق، الأطفال 3 مرات</bdi>» and left.'
    )
    # An English word or English punctuation between Arabic names keeps them apart.
    two = "Aleppo (حلب) and Idlib (إدلب)"
    assert [two[a:b] for a, b in arabic_spans(two)] == ["حلب", "إدلب"]
    names = "the names حلب, إدلب; حماة"
    assert [names[a:b] for a, b in arabic_spans(names)] == ["حلب", "إدلب", "حماة"]
    # A number at the end of an Arabic phrase is its own unless English follows.
    assert [isolate(t) for t in ("«حريق 2024»", "the حلب 2024 summit")] == [
        '«<bdi dir="rtl" lang="ar">حريق 2024</bdi>»',
        'the <bdi dir="rtl" lang="ar">حلب</bdi> 2024 summit',
    ]
    assert arabic_spans("no Arabic here") == []


def test_docx_keeps_an_arabic_clause_list_in_one_rtl_run(db_path: Path, tmp_path: Path) -> None:
    import docx

    art = article(db_path)
    with Store(db_path) as store:
        seg = store.segments(art)[1]["id"]
        store.update_segment(
            art, seg, target="Residents call it «أزمة المعبر، أزمة 2024» now.", status="approved"
        )
    out = tmp_path / "a.docx"
    done = run(db_path, "export", str(art), "-o", str(out), "--force")
    assert done.exit_code == 0, done.stderr
    para = next(p for p in docx.Document(str(out)).paragraphs if p.text.startswith("Residents"))
    assert [(r.text, r.font.rtl) for r in para.runs] == [
        ("Residents call it «", None),
        ("أزمة المعبر، أزمة 2024", True),
        ("» now.", None),
    ]


@pytest.mark.skipif(
    not any(shutil.which(n) for n in ("chromium", "chromium-browser")),
    reason="headless Chromium is not installed",
)
def test_chromium_reads_the_standalone_page(db_path: Path, tmp_path: Path) -> None:
    art = article(db_path)
    page = tmp_path / "nassib.html"
    exported = run(db_path, "export", str(art), "--format", "html", "--standalone", "-o", str(page))
    assert exported.exit_code == 0, exported.stderr
    browser = next(shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n))
    done = subprocess.run(
        [
            str(browser),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-1000:]
    dom = done.stdout
    assert "<ol><li>Traffic starts at seven in the morning.</li>" in dom
    assert '<a href="https://www.syria.tv/node/294409">www.syria.tv/node/294409</a>' in dom
    assert "<style>" in dom and "max-width:68ch" in dom


def test_a_saved_page_without_a_public_address_says_the_credit_is_missing(
    db_path: Path, tmp_path: Path
) -> None:
    page = (REPO / "examples" / "syria-tv-sample.html").read_text(encoding="utf-8")
    page = re.sub(r"<link rel=\"canonical\"[^>]*>|<meta property=\"og:url\"[^>]*>", "", page)
    page = page.replace('"currentPath":"node/312457"', '"currentPath":"front"')
    saved = tmp_path / "saved.html"
    saved.write_text(page, encoding="utf-8")
    assert run(db_path, "fetch", str(saved)).exit_code == 0
    done = run(db_path, "export", "1", "--draft", "--force")
    assert "Translated from" not in done.stdout and str(tmp_path) not in done.stdout
    assert (
        "Note: No public address is known for 'Translated from:', so the line is left out: "
        "set it with 'translate-cli meta 1 --source-url URL'.\n"
    ) in done.stderr
    run(db_path, "meta", "1", "--source-url", "https://www.syria.tv/node/312457")
    done = run(db_path, "export", "1", "--draft", "--force")
    assert "No public address" not in done.stderr
    assert done.stdout.rstrip().endswith(
        "Translated from: [www.syria.tv/node/312457](https://www.syria.tv/node/312457)"
    )
