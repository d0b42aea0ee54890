"""XLIFF 1.2 export: the OASIS strict schema, Translate Toolkit and pocount, the import round
trip, changes made by another tool, and the same refusals as XLIFF 2.1."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import SHARED, run, snapshot
from helpers.export_article import SEGMENTED, TARGETS, export_as, make_article, mixed_article, work

from translate_cli.formats.xliff12 import XLIFF12_NS, read_xliff12, status_for
from translate_cli.store import Store

SCHEMA = SHARED / "schemas" / "xliff-1.2" / "xliff-core-1.2-strict.xsd"
X = f"{{{XLIFF12_NS}}}"


NOTE = 'Grid? <ask> & "check"\nline two'


@pytest.mark.skipif(not SCHEMA.exists(), reason="shared XLIFF 1.2 schema not present")
def test_export_is_valid_against_the_strict_schema(db_path: Path, tmp_path: Path) -> None:
    from lxml import etree

    art, _ = mixed_article(db_path, NOTE)
    out = export_as("xliff12", db_path, art, tmp_path)
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    doc = etree.parse(str(out))
    assert schema.validate(doc), schema.error_log.filter_from_errors()
    root = doc.getroot()
    assert (root.tag, root.get("version")) == (X + "xliff", "1.2")
    file_el = root.find(X + "file")
    assert (file_el.get("source-language"), file_el.get("target-language")) == ("ar", "en")


def test_structure_states_and_notes(db_path: Path, tmp_path: Path) -> None:
    from lxml import etree

    art, ids = mixed_article(db_path, NOTE)
    root = etree.parse(str(export_as("xliff12", db_path, art, tmp_path))).getroot()
    file_el = root.find(X + "file")
    assert (file_el.get("original"), file_el.get("build-num")) == (
        "https://www.syria.tv/98765",
        f"a{art}",
    )
    groups = file_el.findall(f"{X}body/{X}group")
    assert [(g.get("id"), g.get("resname"), len(g)) for g in groups] == [
        ("b0", "title", 1),
        ("b1", "paragraph", 2),
        ("b2", "h2", 1),
        ("b3", "paragraph", 1),
        ("b4", "h3", 1),
        ("b5", "paragraph", 1),
    ]
    units = {u.get("id"): u for u in root.iter(X + "trans-unit")}
    assert list(units) == [f"s{i}" for i in ids]
    rows = []
    for i in ids:
        unit = units[f"s{i}"]
        target = unit.find(X + "target")
        rows.append(
            (
                unit.get("approved"),
                unit.get("extradata"),
                target.get("state") if target is not None else None,
            )
        )
    assert rows == [
        ("yes", "tcli:approved", "final"),
        (None, "tcli:reviewed", "signed-off"),
        (None, "tcli:translated", "translated"),
        (None, "tcli:draft", "needs-review-translation"),
        (None, "tcli:translated", "translated"),
        (None, "tcli:new", "needs-translation"),
        (None, "tcli:translated", "translated"),
    ]
    assert units[f"s{ids[2]}"].findtext(X + "target") == TARGETS[2]
    assert units[f"s{ids[5]}"].findtext(X + "target") == SEGMENTED[4][0]
    assert units[f"s{ids[3]}"].findtext(X + "note") == 'Grid? <ask> & "check"\nline two'
    assert units[f"s{ids[0]}"].find(X + "source").text == SEGMENTED[0][0]


def test_translate_toolkit_reads_it_and_pocount_counts_it(db_path: Path, tmp_path: Path) -> None:
    from translate.storage import factory, xliff

    art, ids = mixed_article(db_path, NOTE)
    out = export_as("xliff12", db_path, art, tmp_path)
    store = factory.getobject(str(out))
    assert isinstance(store, xliff.xlifffile)
    units = store.units
    # Translate Toolkit names a unit "{file original}\x04{trans-unit id}".
    assert [u.getid().split("\x04")[-1] for u in units] == [f"s{i}" for i in ids]
    assert [u.source for u in units] == [s for block in SEGMENTED for s in block]
    assert units[2].target == TARGETS[2]
    # Translate Toolkit counts a unit with a target but without approved="yes" as fuzzy.
    assert [u.isapproved() for u in units] == [True, False, False, False, False, False, False]
    assert units[0].istranslated()
    # No translation yet: the source copied into the target, for tools that translate in place.
    assert units[5].target == SEGMENTED[4][0]
    # It joins a note's lines with a space.
    assert units[3].getnotes() == 'Grid? <ask> & "check" line two'
    assert store.getsourcelanguage() == "ar" and store.gettargetlanguage() == "en"
    pocount = Path(sys.executable).with_name("pocount")
    counted = subprocess.run(
        [str(pocount), "--short-strings", str(out)], capture_output=True, text=True, check=False
    )
    assert counted.returncode == 0, counted.stderr
    assert "Traceback" not in counted.stderr
    shown = re.sub(r"\x1b\[[0-9;]*m", "", counted.stdout)
    # 7 units: 1 approved (translated), the others with a target but not approved (fuzzy).
    assert re.search(r"total: 7\s*\|\s*1t\s+6f\s+0u", shown), shown


def test_round_trip_is_lossless(db_path: Path, tmp_path: Path) -> None:
    art, ids = mixed_article(db_path, NOTE)
    exported = work(db_path, art)
    out = export_as("xliff12", db_path, art, tmp_path)
    before = snapshot(db_path)
    same = run(db_path, "import", str(art), str(out))
    assert same.exit_code == 0, same.stderr
    assert same.stdout == (
        f"Imported {out.name} into article {art}: 0 segments changed, 7 unchanged.\n"
    )
    assert snapshot(db_path) == before
    with Store(db_path) as store:
        for seg_id in ids:
            store.update_segment(art, seg_id, target="scratch", status="translated", note="tmp")
    result = run(db_path, "import", str(art), str(out))
    assert result.exit_code == 0, result.stderr
    after = work(db_path, art)
    assert after[5] == (ids[5], "scratch", "translated", None)  # no target in the file
    assert [w for i, w in enumerate(after) if i != 5] == [
        e for i, e in enumerate(exported) if i != 5
    ]


def test_changes_from_another_tool_come_back(db_path: Path, tmp_path: Path) -> None:
    art, ids = mixed_article(db_path, NOTE)
    out = export_as("xliff12", db_path, art, tmp_path)
    text = out.read_text(encoding="utf-8")
    # A reviewer approves s{ids[2]} with new wording and leaves our extradata stale...
    text = text.replace(
        f'<trans-unit id="s{ids[2]}" extradata="tcli:translated">',
        f'<trans-unit id="s{ids[2]}" approved="yes" extradata="tcli:translated">',
    ).replace(
        TARGETS[2].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
        "An official said the crews worked for three days straight.",
    )
    # ...and signs off s{ids[4]} by its state alone.
    head = f'<trans-unit id="s{ids[4]}" extradata="tcli:translated">'
    at = text.index(head)
    segment = text[at : text.index("</trans-unit>", at)]
    text = text.replace(segment, segment.replace('state="translated"', 'state="signed-off"'))
    out.write_text(text, encoding="utf-8")
    result = run(db_path, "import", str(art), str(out))
    assert result.exit_code == 0, result.stderr
    assert "2 segments changed, 5 unchanged" in result.stdout
    with Store(db_path) as store:
        seg = store.segment(art, ids[2])
        assert (seg["target"], seg["status"]) == (
            "An official said the crews worked for three days straight.",
            "approved",
        )
        assert store.segment(art, ids[4])["status"] == "reviewed"
        assert store.history(art, ids[2])[-1]["action"] == "import"


def test_same_refusals_as_xliff2(db_path: Path, tmp_path: Path) -> None:
    art, ids = mixed_article(db_path, NOTE)
    out = export_as("xliff12", db_path, art, tmp_path)
    text = out.read_text(encoding="utf-8")
    text = text.replace(f'id="s{ids[6]}"', 'id="s99999"')
    text = text.replace(SEGMENTED[3][0], "تضررت ثلاث محطات خلال الشتاء.")
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
    other = tmp_path / "other.xlf"
    other.write_text(
        out.read_text(encoding="utf-8").replace(f'build-num="a{art}"', 'build-num="a777"'),
        encoding="utf-8",
    )
    wrong = run(db_path, "import", str(art), str(other))
    assert wrong.exit_code == 1
    assert wrong.stderr.startswith("Error: The XLIFF file is for another article (a777, ")
    assert snapshot(db_path) == before


def test_entity_bomb_in_xliff12_is_refused(db_path: Path, tmp_path: Path) -> None:
    art, _ = make_article(db_path)
    levels = ['<!ENTITY l0 "boom">'] + [
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    ]
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE xliff [{"".join(levels)}]>'
        f'<xliff xmlns="{XLIFF12_NS}" version="1.2"><file original="x" source-language="ar" '
        f'datatype="plaintext" build-num="a{art}"><body><trans-unit id="s1"><source>&l9;'
        "</source></trans-unit></body></file></xliff>"
    )
    path = tmp_path / "bomb.xlf"
    path.write_text(bomb, encoding="utf-8")
    before = snapshot(db_path)
    result = run(db_path, "import", str(art), str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: The XLIFF file declares XML entities")
    assert snapshot(db_path) == before


def test_reader_flattens_inline_codes_and_skips_untranslatable_units() -> None:
    data = f"""<xliff xmlns="{XLIFF12_NS}" version="1.2"><file original="a" source-language="ar"
    target-language="en" datatype="plaintext" build-num="a3"><body>
    <trans-unit id="s1"><source>أ <x id="1"/>ب</source>
      <target state="translated">A <g id="2">B</g><ph id="3">&lt;br&gt;</ph></target></trans-unit>
    <trans-unit id="s2" translate="no"><source>ج</source></trans-unit>
    </body></file></xliff>""".encode()
    doc = read_xliff12(data)
    assert (doc.file_id, doc.version) == ("a3", "1.2")
    assert [(s.id, s.source, s.target, s.status) for s in doc.segments] == [
        ("s1", "أ ب", "A B", "translated")
    ]


@pytest.mark.parametrize(
    ("state", "extra", "has_target", "approved", "expected"),
    [
        (None, None, False, False, "new"),
        ("needs-translation", "tcli:new", True, False, "new"),
        ("needs-review-translation", "tcli:draft", True, False, "draft"),
        ("needs-review-translation", None, True, False, "draft"),
        ("translated", "tcli:translated", True, False, "translated"),
        (None, None, True, False, "translated"),
        ("signed-off", "tcli:reviewed", True, False, "reviewed"),
        ("signed-off", "tcli:translated", True, False, "reviewed"),  # stale: the state wins
        ("final", "tcli:approved", True, True, "approved"),
        ("translated", "tcli:translated", True, True, "approved"),  # approved="yes" wins
        ("final", None, True, False, "approved"),
        ("x-custom", None, True, False, None),
    ],
)
def test_status_for(
    state: str | None, extra: str | None, has_target: bool, approved: bool, expected: str | None
) -> None:
    assert status_for(state, extra, has_target, approved) == expected


OMEGAT_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat><project version="1.0">
<source_dir>source</source_dir><source_dir_excludes/><target_dir>target</target_dir>
<tm_dir>tm</tm_dir><glossary_dir>glossary</glossary_dir>
<glossary_file>glossary/glossary.txt</glossary_file><dictionary_dir>dictionary</dictionary_dir>
<source_lang>AR</source_lang><target_lang>EN</target_lang>
<source_tok>org.omegat.tokenizer.DefaultTokenizer</source_tok>
<target_tok>org.omegat.tokenizer.DefaultTokenizer</target_tok>
<sentence_seg>false</sentence_seg><support_default_translations>true</support_default_translations>
<remove_tags>false</remove_tags>
</project></omegat>
"""


@pytest.mark.skipif(shutil.which("omegat") is None, reason="OmegaT is not installed")
def test_omegat_loads_every_segment(db_path: Path, tmp_path: Path) -> None:
    """OmegaT 3's XLIFF filter loads a unit through its <target>: every segment, translated or
    not, must reach it (console mode writes the project's statistics)."""
    art, _ = mixed_article(db_path, NOTE)
    project = tmp_path / "omt"
    for folder in ("source", "target", "tm", "glossary", "dictionary", "omegat"):
        (project / folder).mkdir(parents=True)
    (project / "omegat.project").write_text(OMEGAT_PROJECT, encoding="utf-8")
    export_as("xliff12", db_path, art, project / "source")
    env = {**os.environ, "JAVA_TOOL_OPTIONS": f"-Duser.home={tmp_path / 'home'}"}
    done = subprocess.run(
        [
            "omegat",
            str(project),
            "--mode=console-createpseudotranslatetmx",
            f"--pseudotranslatetmx={tmp_path / 'pseudo.tmx'}",
            "--pseudotranslatetype=equal",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    stats = (project / "omegat" / "project_stats.txt").read_text(encoding="utf-8")
    total = re.search(r"^Total:\s+(\d+)", stats, re.M)
    assert total and int(total.group(1)) == 7, stats[:400]


def test_a_translation_made_in_place_counts_as_translated(db_path: Path, tmp_path: Path) -> None:
    """OmegaT 3 writes its translation into the target and leaves needs-translation as it was."""
    art, ids = mixed_article(db_path, NOTE)
    out = export_as("xliff12", db_path, art, tmp_path)
    text = out.read_text(encoding="utf-8")
    copied = f'<target state="needs-translation">{SEGMENTED[4][0]}</target>'
    assert copied in text
    out.write_text(
        text.replace(copied, '<target state="needs-translation">What residents want</target>'),
        encoding="utf-8",
    )
    result = run(db_path, "import", str(art), str(out))
    assert result.exit_code == 0, result.stderr
    with Store(db_path) as store:
        seg = store.segment(art, ids[5])
    assert (seg["target"], seg["status"]) == ("What residents want", "translated")
