"""export and meta: the English article in md/html/txt/json, the bilingual sheet, the gates."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import run, snapshot
from helpers.export_article import CANONICAL, SEGMENTED, TARGETS, TITLE_AR, make_article
from typer.testing import CliRunner

from translate_cli.cli import app
from translate_cli.store import Store

runner = CliRunner()


@pytest.fixture
def article(db_path: Path) -> tuple[int, list[int]]:
    art, ids = make_article(db_path)
    assert run(db_path, "meta", str(art), "--author", "Samer Al-Halabi").exit_code == 0
    return art, ids


def test_markdown_has_the_published_structure(
    db_path: Path, article: tuple[int, list[int]]
) -> None:
    result = run(db_path, "export", str(article[0]), "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "# Power returns to the old quarters of Homs after a long outage\n\n"
        "12/03/2024\n\n"
        "Samer Al-Halabi\n\n"
        "The electricity directorate in Homs announced that power has returned to the old city. "
        'An official said that the crews worked for three days without a break & \\<b\\>"never"\\</b\\> stopped.\n\n'
        "## Damage to the grid\n\n"
        "Two main stations were damaged last winter.\n\n"
        "### What residents want\n\n"
        "Residents asked for a clear schedule of the rationing hours.\n\n"
        "Translated from: [www.syria.tv/98765](https://www.syria.tv/98765)\n"
    )


def test_text_follows_the_seed_shape(db_path: Path, article: tuple[int, list[int]]) -> None:
    art = str(article[0])
    assert run(db_path, "meta", art, "--see-also", "https://example.org/grid-report").exit_code == 0
    result = run(db_path, "export", art, "--format", "txt")
    assert result.exit_code == 0, result.stderr
    paragraphs = result.stdout.rstrip("\n").split("\n\n")
    assert paragraphs[:3] == [TARGETS[0], "12/03/2024", "Samer Al-Halabi"]
    assert paragraphs[3] == f"{TARGETS[1]} {TARGETS[2]}"  # a source paragraph's segments joined
    assert paragraphs[4:6] == [TARGETS[3], TARGETS[4]]
    assert paragraphs[-3:] == [
        f"Translated from: {CANONICAL}",
        "See also:",
        "https://example.org/grid-report",
    ]


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse_html(markup: str) -> _Collect:
    parser = _Collect()
    parser.feed(markup)
    parser.close()
    return parser


def test_html_fragment_escapes_translator_text(
    db_path: Path, article: tuple[int, list[int]]
) -> None:
    art, ids = article
    with Store(db_path) as store:
        store.update_segment(
            art, ids[4], target="Stations <script>alert('x')</script> & lines failed."
        )
    result = run(db_path, "export", str(art), "--format", "html", "--force")
    assert result.exit_code == 0, result.stderr
    html = result.stdout
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; lines failed." in html
    assert "&amp; &lt;b&gt;&quot;never&quot;&lt;/b&gt; stopped." in html
    assert not html.lstrip().lower().startswith(("<!doctype", "<html"))
    parsed = _parse_html(html)
    assert [t for t, _ in parsed.tags] == [
        "h1",
        "p",
        "time",
        "p",
        "p",
        "h2",
        "p",
        "h3",
        "p",
        "p",
        "a",
    ]
    assert parsed.tags[-1] == ("a", {"href": CANONICAL})
    assert "Stations <script>alert('x')</script> & lines failed." in "".join(parsed.text)


def test_html_standalone_is_a_whole_english_page(
    db_path: Path, article: tuple[int, list[int]]
) -> None:
    result = run(db_path, "export", str(article[0]), "--format", "html", "--standalone")
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>\n")
    parsed = _parse_html(page)
    assert ("html", {"lang": "en", "dir": "ltr"}) in parsed.tags
    assert ("meta", {"charset": "utf-8"}) in parsed.tags
    assert f"<title>{TARGETS[0]}</title>" in page


def test_see_also_links_never_become_script_urls(
    db_path: Path, article: tuple[int, list[int]]
) -> None:
    art = str(article[0])
    bad = run(db_path, "meta", art, "--see-also", "javascript:alert(1)")
    assert bad.exit_code == 1
    assert bad.stderr == (
        "Error: See-also link 'javascript:alert(1)' is not a web address: "
        "give one full http:// or https:// URL on one line.\n"
    )
    ok = run(db_path, "meta", art, "--see-also", 'https://example.org/a?x=1&y="2"')
    assert ok.exit_code == 0
    html = run(db_path, "export", art, "--format", "html").stdout
    assert '<a href="https://example.org/a?x=1&amp;y=&quot;2&quot;">' in html


def test_json_structure(db_path: Path, article: tuple[int, list[int]]) -> None:
    art, ids = article
    result = run(db_path, "export", str(art), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"] == TARGETS[0]
    assert (data["date"], data["byline"], data["translated_from"]) == (
        "12/03/2024",
        "Samer Al-Halabi",
        CANONICAL,
    )
    assert [(b["kind"], b["level"]) for b in data["blocks"]] == [
        ("paragraph", 0),
        ("heading", 2),
        ("paragraph", 0),
        ("heading", 3),
        ("paragraph", 0),
    ]
    assert data["blocks"][0]["text"] == f"{TARGETS[1]} {TARGETS[2]}"
    assert [s["id"] for s in data["blocks"][0]["segments"]] == ids[1:3]
    assert data["article"]["source_title"] == TITLE_AR


def test_approval_gate_names_the_unapproved_segments(db_path: Path) -> None:
    art, ids = make_article(db_path)
    with Store(db_path) as store:
        store.update_segment(art, ids[2], status="reviewed")
        store.update_segment(art, ids[5], target=None, status="new")
    before = snapshot(db_path)
    out = db_path.parent / "out.md"
    result = run(db_path, "export", str(art), "-o", str(out))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: 2 of 7 segments are not approved (ids {ids[2]}, {ids[5]}): approve them, "
        "or pass --draft to export anyway.\n"
    )
    assert not out.exists()
    assert snapshot(db_path) == before


def test_draft_marks_unfinished_segments(db_path: Path) -> None:
    art, ids = make_article(db_path)
    with Store(db_path) as store:
        store.update_segment(art, ids[3], status="reviewed")
        store.update_segment(art, ids[4], target=None, status="new")
    md = run(db_path, "export", str(art), "--draft")
    assert md.exit_code == 0, md.stderr
    assert f"## [DRAFT: {TARGETS[3]}]" in md.stdout
    assert f"[UNTRANSLATED: {SEGMENTED[3][0]}]" in md.stdout
    assert TARGETS[5] in md.stdout and "[DRAFT: What" not in md.stdout
    assert "Draft: 2 of 7 segments are not approved" in md.stderr
    html = run(db_path, "export", str(art), "--format", "html", "--draft").stdout
    assert f'<h2><mark class="draft">[DRAFT: {TARGETS[3]}]</mark></h2>' in html


def test_quality_check_errors_refuse_unless_forced(
    db_path: Path, article: tuple[int, list[int]]
) -> None:
    art, ids = article
    with Store(db_path) as store:
        # The source says "three days" (ثلاثة أيام); a wrong number is a check error.
        store.update_segment(art, ids[2], target="An official said the crews worked for 5 days.")
    refused = run(db_path, "export", str(art), "--format", "txt")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("Error: Quality checks found 1 error in 1 segment ")
    assert f"(segment {ids[2]}: numbers)" in refused.stderr
    assert refused.stderr.endswith("or pass --force to export anyway.\n")
    assert refused.stderr.count("\n") == 1
    forced = run(db_path, "export", str(art), "--format", "txt", "--force")
    assert forced.exit_code == 0
    assert "worked for 5 days." in forced.stdout
    assert "Checks: 1 error" in forced.stderr


def test_output_file_and_format_from_suffix(db_path: Path, article: tuple[int, list[int]]) -> None:
    out = db_path.parent / "site" / "homs.html"
    result = run(db_path, "export", str(article[0]), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith(f"<h1>{TARGETS[0]}</h1>")
    assert f"Wrote {out} (html)." in result.stderr


def test_unknown_format_and_misplaced_standalone(
    db_path: Path, article: tuple[int, list[int]]
) -> None:
    bad = run(db_path, "export", str(article[0]), "--format", "pdf")
    assert bad.exit_code == 1
    assert bad.stderr == (
        "Error: Unknown format 'pdf': use one of bilingual, bilingual-html, bilingual-md, docx, "
        "htm, html, json, markdown, md, text, tmx, txt, word, xlf, xlf12, xliff, xliff1, "
        "xliff12, xliff2, xliff21.\n"
    )
    standalone = run(db_path, "export", str(article[0]), "--format", "md", "--standalone")
    assert standalone.exit_code == 1
    assert standalone.stderr == (
        "Error: --standalone applies to --format html only: drop it, or use html.\n"
    )


def test_help_lists_every_format() -> None:
    from translate_cli.export import available_formats

    help_text = " ".join(runner.invoke(app, ["export", "--help"]).stdout.split())
    for fmt in available_formats():
        assert re.search(rf"\b{re.escape(fmt.name)}\b", help_text), fmt.name


def test_bilingual_sheet_for_reviewers(db_path: Path) -> None:
    art, ids = make_article(db_path, approve=False)
    with Store(db_path) as store:
        store.update_segment(art, ids[1], note="Is 'directorate' the usual term? <ask>")
    result = run(db_path, "export", str(art), "--format", "bilingual")
    assert result.exit_code == 0, result.stderr  # a review sheet needs no approval
    page = result.stdout
    parsed = _parse_html(page)
    arabic_cells = [a for t, a in parsed.tags if t == "td" and a.get("lang") == "ar"]
    assert len(arabic_cells) == 7
    assert all(a.get("dir") == "rtl" for a in arabic_cells)
    assert ("html", {"lang": "en", "dir": "ltr"}) in parsed.tags
    assert ("meta", {"charset": "utf-8"}) in parsed.tags
    row = re.search(rf'<tr id="s{ids[1]}".*?</tr>', page)
    assert row is not None
    assert "translated" in row.group(0)
    assert "Is &#x27;directorate&#x27; the usual term? &lt;ask&gt;" in row.group(0)
    md = run(db_path, "export", str(art), "--format", "bilingual-md").stdout
    assert f"| {ids[0]} | title | {TITLE_AR} | {TARGETS[0]} | translated |  |" in md


def test_meta_sets_and_shows_fields(db_path: Path) -> None:
    art, _ = make_article(db_path)
    result = run(
        db_path,
        "meta",
        str(art),
        "--author",
        "  Samer   Al-Halabi ",
        "--date-format",
        "%d %B %Y",
        "--see-also",
        "https://example.org/one",
        "--see-also",
        "https://example.org/two",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "id": art,
        "author": "سامر الحلبي",
        "author_en": "Samer Al-Halabi",
        "published": "2024-12-03T18:30:00+03:00",
        "date_format": "%d %B %Y",
        "date": "03 December 2024",
        "see_also": ["https://example.org/one", "https://example.org/two"],
        "source_url": None,
        "source_style": "full",
        "node": 98765,
        "translated_from": CANONICAL,
        "translated_from_shown": CANONICAL,
    }
    md = run(db_path, "export", str(art)).stdout
    assert md.endswith(
        "See also:\n\n- [example.org/one](https://example.org/one)\n"
        "- [example.org/two](https://example.org/two)\n"
    )
    assert "\n\n03 December 2024\n\nSamer Al-Halabi\n\n" in md
    cleared = run(db_path, "meta", str(art), "--clear-see-also", "--author", "", "--json")
    assert json.loads(cleared.stdout)["see_also"] == []
    assert json.loads(cleared.stdout)["author_en"] is None


def test_meta_refuses_a_format_without_a_date(db_path: Path) -> None:
    art, _ = make_article(db_path)
    result = run(db_path, "meta", str(art), "--date-format", "published")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: Date format 'published' has no date in it: use strftime codes, e.g. '%m/%d/%Y' "
        "(12/01/2024) or '%d %B %Y' (01 December 2024).\n"
    )
    with Store(db_path) as store:
        assert store.resolve_article(art)["date_format"] is None


def test_byline_falls_back_to_the_source_with_a_note(db_path: Path) -> None:
    art, _ = make_article(db_path)
    result = run(db_path, "export", str(art), "--format", "txt")
    assert result.exit_code == 0
    assert result.stdout.split("\n\n")[2] == "سامر الحلبي"
    assert "Note: The byline is the source's (سامر الحلبي)" in result.stderr


def test_a_local_path_is_never_credited(db_path: Path) -> None:
    art, _ = make_article(db_path, url="/home/editor/saved/homs.html")
    for fmt in ("html", "md", "txt"):
        out = run(db_path, "export", str(art), "--format", fmt).stdout
        assert "/home/editor" not in out, fmt
        assert "Translated from" not in out, fmt
    exported = json.loads(run(db_path, "export", str(art), "--format", "json").stdout)
    assert exported["translated_from"] is None
    shown = run(db_path, "meta", str(art))
    assert "  translated from: (none: set --source-url)\n" in shown.stdout
    # The public address set by hand is credited, as a link.
    set_url = run(db_path, "meta", str(art), "--source-url", "https://www.syria.tv/homs-power")
    assert set_url.exit_code == 0, set_url.stderr
    html = run(db_path, "export", str(art), "--format", "html").stdout
    assert (
        '<p class="source">Translated from: <a href="https://www.syria.tv/homs-power">'
        "www.syria.tv/homs-power</a></p>"
    ) in html
    assert "/home/editor" not in html


def test_markdown_escaping_keeps_text_literal() -> None:
    from translate_cli.export.markdown import escape_md

    assert escape_md("# 1. *not* [a](link) <i>x</i> &amp; & AT&T") == (
        "\\# 1. \\*not\\* \\[a\\](link) \\<i\\>x\\</i\\> \\&amp; & AT&T"
    )
    assert escape_md("2024. A year") == "2024\\. A year"
    assert escape_md("- dash") == "\\- dash"


def test_unknown_article(db_path: Path) -> None:
    result = run(db_path, "export", "42")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: No article '42' in {db_path}: run 'translate-cli list' to see the articles.\n"
    )
