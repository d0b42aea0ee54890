"""XLIFF 2.1 export, Translate Toolkit, the import round trip, and hostile files."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from helpers import run, snapshot
from helpers.export_article import SEGMENTED, TARGETS, export_as, make_article, mixed_article, work

from translate_cli.errors import FormatError
from translate_cli.formats.xliff2 import XLIFF_NS, read_xliff, status_for
from translate_cli.store import Store

SCHEMA = (
    Path(__file__).resolve().parents[2] / "shared" / "schemas" / "xliff-2.1" / "xliff_core_2.0.xsd"
)
X = f"{{{XLIFF_NS}}}"


NOTE = 'Grid or network? <ask> & "check"\nsecond line'


@pytest.mark.skipif(not SCHEMA.exists(), reason="shared XLIFF 2.1 schema not present")
def test_export_is_valid_xliff_21(db_path: Path, tmp_path: Path) -> None:
    from lxml import etree

    art, _ = mixed_article(db_path, NOTE)
    out = export_as("xliff", db_path, art, tmp_path)
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    doc = etree.parse(str(out))
    assert schema.validate(doc), schema.error_log.filter_from_errors()
    root = doc.getroot()
    assert (root.tag, root.get("version"), root.get("srcLang"), root.get("trgLang")) == (
        X + "xliff",
        "2.1",
        "ar",
        "en",
    )


def test_export_structure_states_and_notes(db_path: Path, tmp_path: Path) -> None:
    from lxml import etree

    art, ids = mixed_article(db_path, NOTE)
    root = etree.parse(str(export_as("xliff", db_path, art, tmp_path))).getroot()
    file_el = root.find(X + "file")
    assert (file_el.get("id"), file_el.get("original")) == (f"a{art}", "https://www.syria.tv/98765")
    units = file_el.findall(X + "unit")
    assert [(u.get("id"), u.get("name"), len(u.findall(X + "segment"))) for u in units] == [
        ("b0", "title", 1),
        ("b1", "paragraph", 2),
        ("b2", "h2", 1),
        ("b3", "paragraph", 1),
        ("b4", "h3", 1),
        ("b5", "paragraph", 1),
    ]
    segs = {s.get("id"): s for s in root.iter(X + "segment")}
    states = [(segs[f"s{i}"].get("state"), segs[f"s{i}"].get("subState")) for i in ids]
    assert states == [
        ("final", "tcli:approved"),
        ("reviewed", "tcli:reviewed"),
        ("translated", "tcli:translated"),
        ("initial", "tcli:draft"),
        ("translated", "tcli:translated"),
        ("initial", "tcli:new"),
        ("translated", "tcli:translated"),
    ]
    assert segs[f"s{ids[5]}"].find(X + "target") is None
    assert segs[f"s{ids[2]}"].findtext(X + "target") == TARGETS[2]
    note = units[2].find(f"{X}notes/{X}note")
    assert note.text == 'Grid or network? <ask> & "check"\nsecond line'
    assert note.get("{urn:translate-cli:xliff:1}segment") == f"s{ids[3]}"


def test_translate_toolkit_reads_the_export(db_path: Path, tmp_path: Path) -> None:
    # Translate Toolkit's factory maps .xlf to its XLIFF 1.2 class, which refuses 2.x and
    # names xliff2.Xliff2File; that class reads it.
    from translate.storage import factory, xliff2

    art, ids = mixed_article(db_path, NOTE)
    out = export_as("xliff", db_path, art, tmp_path)
    with pytest.raises(ValueError, match="XLIFF 2"):
        factory.getobject(str(out))
    store = xliff2.Xliff2File.parsefile(str(out))
    units = store.units
    assert [u.getid() for u in units] == [
        f"b{b}::s{i}" for b, i in zip([0, 1, 1, 2, 3, 4, 5], ids, strict=True)
    ]
    assert [u.source for u in units] == [s for block in SEGMENTED for s in block]
    assert units[2].target == TARGETS[2]
    assert [u.isapproved() for u in units] == [True, True, False, False, False, False, False]
    assert units[5].target in (None, "")
    assert store.getsourcelanguage() == "ar" and store.gettargetlanguage() == "en"


def test_round_trip_is_lossless(db_path: Path, tmp_path: Path) -> None:
    art, ids = mixed_article(db_path, NOTE)
    exported = work(db_path, art)
    out = export_as("xliff", db_path, art, tmp_path)
    # Importing the untouched file changes nothing and writes no history.
    before = snapshot(db_path)
    same = run(db_path, "import", str(art), str(out))
    assert same.exit_code == 0, same.stderr
    assert (
        same.stdout == f"Imported {out.name} into article {art}: 0 segments changed, 7 unchanged.\n"
    )
    assert snapshot(db_path) == before
    # Work done since the export is replaced by the file's targets, statuses and notes.
    with Store(db_path) as store:
        for seg_id in ids:
            store.update_segment(art, seg_id, target="scratch", status="translated", note="tmp")
    result = run(db_path, "import", str(art), str(out))
    assert result.exit_code == 0, result.stderr
    assert work(db_path, art)[5] == (ids[5], "scratch", "translated", None)  # no target in file
    assert [w for i, w in enumerate(work(db_path, art)) if i != 5] == [
        e for i, e in enumerate(exported) if i != 5
    ]
    with Store(db_path) as store:
        actions = [h["action"] for h in store.history(art)]
    assert actions[-7:] == ["import"] * 7


def test_changes_from_another_tool_come_back_with_history(db_path: Path, tmp_path: Path) -> None:
    art, ids = mixed_article(db_path, NOTE)
    out = export_as("xliff", db_path, art, tmp_path)
    text = out.read_text(encoding="utf-8")
    # A reviewer finalises s{ids[2]} with a new wording, dropping our subState as XLIFF asks.
    text = text.replace(
        f'<segment id="s{ids[2]}" state="translated" subState="tcli:translated">',
        f'<segment id="s{ids[2]}" state="final">',
    ).replace(
        TARGETS[2].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
        "An official said the crews worked for three days straight.",
    )
    # ...and moves s{ids[4]} on to reviewed but leaves the stale subState behind.
    text = text.replace(
        f'<segment id="s{ids[4]}" state="translated" subState="tcli:translated">',
        f'<segment id="s{ids[4]}" state="reviewed" subState="tcli:translated">',
    )
    out.write_text(text, encoding="utf-8")
    result = run(db_path, "import", str(art), str(out), "--json")
    assert result.exit_code == 0, result.stderr
    assert '"changed": [\n    ' in result.stdout
    with Store(db_path) as store:
        seg = store.segment(art, ids[2])
        assert (seg["target"], seg["status"]) == (
            "An official said the crews worked for three days straight.",
            "approved",
        )
        assert store.segment(art, ids[4])["status"] == "reviewed"
        rows = store.history(art, ids[2])
    assert rows[-1]["action"] == "import"
    assert (rows[-1]["old_status"], rows[-1]["new_status"]) == ("translated", "approved")
    assert rows[-1]["new_target"] == "An official said the crews worked for three days straight."


def test_file_for_another_article_is_refused(db_path: Path, tmp_path: Path) -> None:
    art, _ = mixed_article(db_path, NOTE)
    out = export_as("xliff", db_path, art, tmp_path)
    with Store(db_path) as store:
        other = store.save_article(
            __import__("translate_cli.document", fromlist=["ExtractedArticle"]).ExtractedArticle(
                title="خبر آخر", blocks=[], url="https://www.syria.tv/other"
            ),
            [["خبر آخر"]],
        ).article_id
    before = snapshot(db_path)
    result = run(db_path, "import", str(other), str(out))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: The XLIFF file is for another article (a{art}, https://www.syria.tv/98765), "
        f"not article {other} (https://www.syria.tv/other): import it into the article it was "
        "exported from.\n"
    )
    assert snapshot(db_path) == before


def test_unknown_ids_and_changed_sources_refuse_the_whole_file(
    db_path: Path, tmp_path: Path
) -> None:
    art, ids = mixed_article(db_path, NOTE)
    out = export_as("xliff", db_path, art, tmp_path)
    text = out.read_text(encoding="utf-8")
    text = text.replace(f'id="s{ids[6]}"', 'id="s99999"')
    text = text.replace(SEGMENTED[3][0], "تضررت ثلاث محطات خلال الشتاء.")
    text = text.replace("three days without a break", "three full days without a break")
    out.write_text(text, encoding="utf-8")
    before = snapshot(db_path)
    refused = run(db_path, "import", str(art), str(out))
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"Error: The XLIFF file does not match article {art}: unknown segment ids s99999; "
        f"source text changed since export in s{ids[4]}. Nothing was imported: export the "
        "article again, or pass --skip-mismatched to import the 5 segments that match.\n"
    )
    assert snapshot(db_path) == before
    applied = run(db_path, "import", str(art), str(out), "--skip-mismatched")
    assert applied.exit_code == 0, applied.stderr
    assert "Skipped: unknown segment ids s99999." in applied.stderr
    assert f"Skipped: source text changed since export in s{ids[4]}." in applied.stderr
    with Store(db_path) as store:
        assert "three full days" in store.segment(art, ids[2])["target"]
        assert store.segment(art, ids[4])["target"] == TARGETS[4]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<xliff", "Error: The XLIFF file is not well-formed XML"),
        (
            b"<tmx version='1.4'/>",
            "Error: The file is not XLIFF: its root element is <tmx>, not <xliff>.\n",
        ),
        (
            b'<xliff version="1.0"><file/></xliff>',
            "Error: The file is XLIFF 1.0, which translate-cli does not read: export it from "
            "the other tool as XLIFF 1.2 or 2.1.\n",
        ),
    ],
)
def test_unusable_files(db_path: Path, tmp_path: Path, body: bytes, message: str) -> None:
    art, _ = make_article(db_path)
    path = tmp_path / "bad.xlf"
    path.write_bytes(body)
    result = run(db_path, "import", str(art), str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1


def test_missing_file(db_path: Path, tmp_path: Path) -> None:
    art, _ = make_article(db_path)
    result = run(db_path, "import", str(art), str(tmp_path / "nope.xlf"))
    assert result.exit_code == 1
    assert result.stderr == f"Error: No such file: {tmp_path / 'nope.xlf'}. Check the path.\n"


def test_entity_expansion_bomb_is_refused(db_path: Path, tmp_path: Path) -> None:
    art, _ = make_article(db_path)
    levels = ['<!ENTITY l0 "boom">'] + [
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    ]
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE xliff [{"".join(levels)}]>'
        f'<xliff xmlns="{XLIFF_NS}" version="2.1" srcLang="ar" trgLang="en">'
        f'<file id="a{art}"><unit id="b1"><segment id="s2"><source>&l9;</source>'
        "<target>&l9;</target></segment></unit></file></xliff>"
    )
    path = tmp_path / "bomb.xlf"
    path.write_text(bomb, encoding="utf-8")
    before = snapshot(db_path)
    result = run(db_path, "import", str(art), str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: The XLIFF file declares XML entities in its DOCTYPE, which can expand without "
        "end or read local files: refusing it unread.\n"
    )
    assert snapshot(db_path) == before


@pytest.mark.parametrize("kind", ["general", "parameter", "external-dtd"])
def test_external_entities_are_never_opened(db_path: Path, tmp_path: Path, kind: str) -> None:
    """The entity points at a FIFO: if the parser ever opened it, a writer could connect."""
    art, ids = make_article(db_path)
    fifo = tmp_path / "secret.fifo"
    os.mkfifo(fifo)
    opened = threading.Event()
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # fails while nobody reads
            except OSError:
                stop.wait(0.002)
                continue
            opened.set()
            os.write(fd, b"LEAKED-SECRET")
            os.close(fd)
            return

    doctype = {
        "general": f'<!DOCTYPE xliff [<!ENTITY x SYSTEM "{fifo.as_uri()}">]>',
        "parameter": f'<!DOCTYPE xliff [<!ENTITY % x SYSTEM "{fifo.as_uri()}"> %x;]>',
        "external-dtd": f'<!DOCTYPE xliff SYSTEM "{fifo.as_uri()}">',
    }[kind]
    target = "&x;" if kind == "general" else "Stolen"
    data = (
        f'<?xml version="1.0"?>{doctype}'
        f'<xliff xmlns="{XLIFF_NS}" version="2.1" srcLang="ar" trgLang="en">'
        f'<file id="a{art}" original="https://www.syria.tv/98765"><unit id="b0">'
        f'<segment id="s{ids[0]}" state="final"><source>{SEGMENTED[0][0]}</source>'
        f"<target>{target}</target></segment></unit></file></xliff>"
    )
    path = tmp_path / "xxe.xlf"
    path.write_text(data, encoding="utf-8")
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        result = run(db_path, "import", str(art), str(path))
    finally:
        stop.set()
        watcher.join()
    assert not opened.is_set()
    assert "LEAKED" not in result.stdout + result.stderr
    with Store(db_path) as store:
        assert "LEAKED" not in str(store.query("select target, note from segments"))
    if kind == "external-dtd":
        # A DOCTYPE naming an external DTD declares no entities: it is ignored, not loaded.
        assert result.exit_code == 0, result.stderr
    else:
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: The XLIFF file declares XML entities")


def test_read_xliff_places_notes_by_segment() -> None:
    data = f"""<xliff xmlns="{XLIFF_NS}" xmlns:t="urn:translate-cli:xliff:1" version="2.0"
    srcLang="ar" trgLang="en"><file id="a1">
    <unit id="b1"><notes><note t:segment="s2">for two</note><note>loose</note></notes>
      <segment id="s1"><source>أ</source></segment><segment id="s2"><source>ب</source>
      <target>B <ph id="1"/>and <mrk id="m1" type="term">C</mrk></target></segment></unit>
    <unit id="b2"><notes><note>only one</note></notes>
      <segment id="s3" state="translated"><source>ج</source><target>C</target></segment></unit>
    </file></xliff>""".encode()
    doc = read_xliff(data)
    assert [(s.id, s.target, s.notes) for s in doc.segments] == [
        ("s1", None, []),
        ("s2", "B and C", ["for two"]),
        ("s3", "C", ["only one"]),
    ]
    assert doc.stray_notes == ["b1"]


def test_two_files_in_one_xliff_are_refused() -> None:
    data = (
        f'<xliff xmlns="{XLIFF_NS}" version="2.1" srcLang="ar"><file id="a1"/><file id="a2"/></xliff>'
    ).encode()
    with pytest.raises(FormatError, match="holds 2 <file> elements"):
        read_xliff(data)


@pytest.mark.parametrize(
    ("state", "sub", "has_target", "expected"),
    [
        ("initial", "tcli:new", False, "new"),
        ("initial", "tcli:draft", True, "draft"),
        ("initial", None, True, "draft"),
        ("initial", None, False, "new"),
        (None, None, False, "new"),
        ("translated", "tcli:translated", True, "translated"),
        ("reviewed", "other:checked", True, "reviewed"),
        ("final", "tcli:translated", True, "approved"),  # stale subState: the state wins
        ("final", None, True, "approved"),
        ("signed-off", None, True, None),
    ],
)
def test_status_for(
    state: str | None, sub: str | None, has_target: bool, expected: str | None
) -> None:
    assert status_for(state, sub, has_target) == expected


def test_notes_a_tool_cannot_place_leave_ours_alone(db_path: Path, tmp_path: Path) -> None:
    art, ids = mixed_article(db_path, NOTE)
    with Store(db_path) as store:
        store.update_segment(art, ids[1], note="Directorate: keep the official name.")
    out = export_as("xliff", db_path, art, tmp_path)
    # A tool that drops our note attribute: the note of a two-segment unit names no segment.
    text = out.read_text(encoding="utf-8").replace(f'tcli:segment="s{ids[1]}"', "")
    out.write_text(text, encoding="utf-8")
    before = snapshot(db_path)
    result = run(db_path, "import", str(art), str(out))
    assert result.exit_code == 0, result.stderr
    assert "Warning: Notes on units b1 name no segment" in result.stderr
    assert snapshot(db_path) == before
