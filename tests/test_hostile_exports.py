"""Exports of text carrying control characters, found by the held-out battery of issue 13:
a BEL or ESC pasted into a target or byline must not crash an export (python-docx refuses
characters XML cannot carry)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from helpers import run
from helpers.review_article import make_article


def test_docx_export_drops_characters_xml_cannot_carry(tmp_path: Path) -> None:
    db = tmp_path / "work.db"
    make_article(db)
    assert (
        run(
            db, "set", "1", "1", "Aid \x07convoy\x1b[2J arrives", "--status", "translated"
        ).exit_code
        == 0
    )
    assert run(db, "meta", "1", "--author", "Rami \x1b]0;x\x07Hussein").exit_code == 0
    out = tmp_path / "article.docx"
    result = run(db, "export", "1", "-o", str(out), "--draft", "--force")
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(out) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
        core = docx.read("docProps/core.xml").decode("utf-8")
    assert "Aid convoy[2J arrives" in body
    assert "\x07" not in body and "\x1b" not in body
    assert "Rami ]0;xHussein" in core


@pytest.mark.parametrize(
    "args",
    [
        ["export", "1", "--draft", "--format", "md", "-o", "{db}"],
        ["export", "1", "--draft", "--format", "json", "-o", "{link}"],
        ["tm", "export", "{db}"],
        ["glossary", "export", "{db}", "--format", "csv"],
    ],
)
def test_an_export_never_replaces_the_database(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "work.db"
    make_article(db)
    link = tmp_path / "link.db"
    link.symlink_to(db)
    before = db.read_bytes()
    argv = [a.replace("{db}", str(db)).replace("{link}", str(link)) for a in args]
    result = run(None, *argv, "--db", str(db)) if args[0] != "glossary" else run(None, *argv)
    named = link if "{link}" in args else db
    # (export --draft first says on stderr what is unfinished)
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (
        1,
        f"Error: {named} is an SQLite database (perhaps translate-cli's own), which is never "
        "replaced by another file: choose another file name.",
    )
    assert db.read_bytes() == before and link.is_symlink()
