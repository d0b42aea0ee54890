"""TBX-Basic export in both versions (v3, and 2008 martif) validated against the official
schemas and read back by Translate Toolkit, and TBX import of either version."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import SHARED
from typer.testing import CliRunner

from translate_cli.cli import app
from translate_cli.errors import FormatError
from translate_cli.formats.tbx2 import dump_tbx2
from translate_cli.formats.tbx3 import dump_tbx, parse_tbx
from translate_cli.formats.terms import TermEntry
from translate_cli.glossary import BUNDLED, Term, load_glossary

runner = CliRunner()
SCHEMAS = SHARED / "schemas" / "tbx-v3"
RNG = SCHEMAS / "TBXcoreStructV03_TBX-Basic_integrated.rng"
SCH = SCHEMAS / "TBX-Basic_DCA.sch"
needs_schemas = pytest.mark.skipif(
    not (RNG.exists() and SCH.exists()), reason="../shared/schemas/tbx-v3 is not here"
)

TERMS = [
    Term("تركيا", "Türkiye", "place", "House style", ("Turkey",)),
    Term(
        "النظام السوري", "Syrian regime", "actor", "", ("Syrian government", "Damascus government")
    ),
    Term("قسد", "SDF", "faction", "Acronym of قوات سوريا الديمقراطية"),
    Term("حلب", "Aleppo"),
    Term("الراموسة", "Al-Ramouseh & <Co>", "neighbourhood", 'quotes " and \x01 control'),
]


def entry(term: Any) -> TermEntry:
    """A term's exchange fields (what TBX carries), whatever else glossary.Term holds."""
    return TermEntry(term.source, term.target, term.category, term.note, tuple(term.forbidden))


def schematron_failures(doc: Any) -> list[str]:
    """Evaluate the TBX-Basic Schematron (XSLT 2 query binding) with XPath 2 (elementpath).

    Each assertion is one query for the context nodes that fail it. Schematron checks a node
    only against the first rule of a pattern that matches it; checking every rule is
    stricter, which is fine for a file we write ourselves.
    """
    import elementpath
    from lxml import etree

    S = "{http://purl.oclc.org/dsdl/schematron}"
    sch = etree.parse(str(SCH))
    ns = {n.get("prefix"): n.get("uri") for n in sch.iter(f"{S}ns")}
    failures = []
    for rule in sch.iter(f"{S}rule"):
        for test in rule.iter(f"{S}assert"):
            query = f"//{rule.get('context')}[not({test.get('test')})]"
            if elementpath.select(doc, query, namespaces=ns, parser=elementpath.XPath2Parser):
                failures.append(f"{rule.get('context')}: {' '.join(test.text.split())}")
    return failures


def validate(data: bytes, schematron: bool = True) -> None:
    from lxml import etree

    doc = etree.fromstring(data).getroottree()
    schema = etree.RelaxNG(etree.parse(str(RNG)))
    assert schema.validate(doc), str(schema.error_log)
    if schematron:
        assert schematron_failures(doc) == []


@needs_schemas
def test_export_is_valid_tbx_basic() -> None:
    validate(dump_tbx(TERMS))


@needs_schemas
def test_the_bundled_glossary_exports_as_valid_tbx_basic(tmp_path: Path) -> None:
    out = tmp_path / "all.tbx"
    result = runner.invoke(app, ["glossary", "export", str(out)])
    assert result.exit_code == 0
    assert result.stdout.endswith("terms to " + str(out) + " (TBX).\n")
    # The whole file against the grammar; pure-Python XPath over ~10,000 nodes takes seconds
    # per rule, so the Schematron rules run on a sample with every kind of row.
    validate(out.read_bytes(), schematron=False)
    terms = load_glossary(BUNDLED).terms
    sample = [t for t in terms if t.forbidden] + [t for t in terms if t.note][:10] + terms[:10]
    validate(dump_tbx(sample))


@needs_schemas
def test_the_schema_checks_can_fail() -> None:
    from lxml import etree

    bad = dump_tbx(TERMS[:1]).replace(b"preferredTerm-admn-sts", b"forbiddenTerm")
    doc = etree.fromstring(bad).getroottree()
    assert schematron_failures(doc) == [
        "tbx:termNote[@type='administrativeStatus']: /administrativeStatus/ type may be: "
        "'admittedTerm-admn-sts' or 'deprecatedTerm-admn-sts' or 'supersededTerm-admn-sts' or "
        "'preferredTerm-admn-sts'"
    ]
    misplaced = dump_tbx(TERMS[:1]).replace(b"<conceptEntry", b"<conceptEntry xmlns:x='urn:x'")
    misplaced = misplaced.replace(b"<note>", b"<x:note>").replace(b"</note>", b"</x:note>")
    schema = etree.RelaxNG(etree.parse(str(RNG)))
    assert not schema.validate(etree.fromstring(misplaced).getroottree())


def test_tbx_round_trip() -> None:
    # XML cannot carry the control character; everything else comes back as it was.
    note = 'quotes " and control'
    expected = [entry(t) for t in TERMS[:4]]
    expected.append(TermEntry("الراموسة", "Al-Ramouseh & <Co>", "neighbourhood", note))
    assert parse_tbx(dump_tbx(TERMS)) == expected
    assert parse_tbx(dump_tbx2(TERMS)) == expected


def test_cli_tbx_export_then_import(tmp_path: Path) -> None:
    # TBX carries the five basic columns (not sense rules or short forms), so a glossary of
    # those comes back whole.
    source = tmp_path / "source.csv"
    rows = [
        "source,target,category,note,forbidden",
        "تركيا,Türkiye,place,House style,Turkey",
        "النظام السوري,Syrian regime,actor,,Syrian government|Damascus government",
        "حلب,Aleppo,,,",
    ]
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "g.tbx"
    exported = runner.invoke(app, ["glossary", "export", str(out), "--glossary", str(source)])
    assert exported.exit_code == 0, exported.stderr
    target = tmp_path / "fresh.csv"
    result = runner.invoke(
        app, ["glossary", "import", str(out), "--glossary", str(target), "--json"]
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "path": str(target),
        "added": 3,
        "unchanged": 0,
        "replaced": 0,
    }
    assert [entry(t) for t in load_glossary(target).terms] == [
        entry(t) for t in load_glossary(source).terms
    ]


def test_import_tbx_v2_martif_with_variants() -> None:
    martif = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en">
  <text><body>
    <termEntry id="t1">
      <descrip type="subjectField">faction</descrip>
      <langSet xml:lang="ar">
        <tig><term>قوات سوريا الديمقراطية</term></tig>
        <tig><term>قوات سورية الديموقراطية</term></tig>
      </langSet>
      <langSet xml:lang="en">
        <tig><term>Syrian Democratic Forces</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        <tig><term>SDF</term></tig>
        <tig><term>Syria Democratic Forces</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
      </langSet>
    </termEntry>
  </body></text>
</martif>""".encode()
    assert parse_tbx(martif) == [
        TermEntry("قوات سوريا الديمقراطية", "Syrian Democratic Forces", "faction", "also: SDF",
                  ("Syria Democratic Forces",)),
        TermEntry("قوات سورية الديموقراطية", "Syrian Democratic Forces", "faction", "also: SDF",
                  ("Syria Democratic Forces",)),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html/>", "x.tbx is not TBX: its root element is <html>, not <tbx>."),
        (
            b'<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body><conceptEntry id="a">'
            b'<langSec xml:lang="en"><termSec><term>Aleppo</term></termSec></langSec>'
            b"</conceptEntry></body></text></tbx>",
            "x.tbx, line 1: a concept has no Arabic term; every concept needs both an Arabic "
            "and an English term.",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<tbx>&x;</tbx>",
            "declares XML entities",
        ),
        (b"<tbx><unclosed></tbx>", "is not well-formed XML"),
    ],
)
def test_bad_tbx_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(FormatError) as err:
        parse_tbx(data, "x.tbx")
    assert message in str(err.value)


def test_cli_refuses_hostile_tbx_and_writes_nothing(tmp_path: Path) -> None:
    hostile = tmp_path / "evil.tbx"
    hostile.write_bytes(
        b'<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        b"<tbx>&b;</tbx>"
    )
    target = tmp_path / "g.csv"
    target.write_text("source,target\nحلب,Aleppo\n", encoding="utf-8")
    result = runner.invoke(app, ["glossary", "import", str(hostile), "--glossary", str(target)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: The TBX file {hostile} declares XML entities in its DOCTYPE, which can expand "
        "without end or read local files: refusing it unread.\n"
    )
    assert target.read_text(encoding="utf-8") == "source,target\nحلب,Aleppo\n"


# ---- TBX 2 (TBX-Basic 2008, martif) ----------------------------------------------------------

V2 = SHARED / "schemas" / "tbx-v2"
needs_v2 = pytest.mark.skipif(not V2.exists(), reason="../shared/schemas/tbx-v2 is not here")


def validate_v2(data: bytes) -> None:
    """The core DTD, the TBX-Basic DTD and the TBX-Basic RELAX NG schema, all three."""
    from lxml import etree

    doc = etree.fromstring(data).getroottree()
    for name in ("TBXcoreStructV02.dtd", "TBXBasiccoreStructV02.dtd"):
        dtd = etree.DTD(str(V2 / name))
        assert dtd.validate(doc), (name, dtd.error_log.filter_from_errors())
    rng = etree.RelaxNG(etree.parse(str(V2 / "TBXBasicRNGV02.rng")))
    assert rng.validate(doc), rng.error_log.filter_from_errors()


@needs_v2
def test_tbx2_export_is_valid_tbx_basic() -> None:
    from lxml import etree

    data = dump_tbx2(TERMS)
    validate_v2(data)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif SYSTEM')
    root = etree.fromstring(data)
    first = root.find("text/body/termEntry")
    assert first.findtext("descrip[@type='subjectField']") == "place"
    english = first.find("langSet[@{http://www.w3.org/XML/1998/namespace}lang='en']")
    assert [(t.findtext("term"), t.findtext("termNote")) for t in english.findall("tig")] == [
        ("Türkiye", "preferredTerm-admn-sts"),
        ("Turkey", "deprecatedTerm-admn-sts"),
    ]


@needs_v2
def test_the_bundled_glossary_exports_as_valid_tbx2(tmp_path: Path) -> None:
    out = tmp_path / "house.tbx"
    result = runner.invoke(app, ["glossary", "export", str(out), "--format", "tbx2"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(f"terms to {out} (TBX2).\n")
    validate_v2(out.read_bytes())


@needs_v2
def test_tbx2_schema_check_can_fail() -> None:
    from lxml import etree

    bad = dump_tbx2(TERMS[:1]).replace(b"<termEntry", b"<termEntry><termEntry", 1)
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(bad)
    misplaced = dump_tbx2(TERMS[:1]).replace(b'type="subjectField"', b'type="madeUpField"')
    rng = etree.RelaxNG(etree.parse(str(V2 / "TBXBasicRNGV02.rng")))
    assert not rng.validate(etree.fromstring(misplaced).getroottree())


def test_translate_toolkit_reads_tbx2(tmp_path: Path) -> None:
    from translate.storage import tbx

    path = tmp_path / "terms.tbx"
    path.write_bytes(dump_tbx2(TERMS))
    store = tbx.tbxfile.parsefile(str(path))
    pairs = [(u.source, u.target) for u in store.units]
    assert pairs == [(t.source, t.target) for t in TERMS]


def test_tbx2_cli_round_trip_detects_the_version(tmp_path: Path) -> None:
    source = tmp_path / "source.csv"
    source.write_text(
        "source,target,category,note,forbidden\n"
        "تركيا,Türkiye,place,House style,Turkey\n"
        "هيئة تحرير الشام,Hayat Tahrir al-Sham,faction,,HTS|Tahrir al-Sham Committee\n",
        encoding="utf-8",
    )
    out = tmp_path / "terms.tbx"
    exported = runner.invoke(
        app, ["glossary", "export", str(out), "--format", "tbx2", "--glossary", str(source)]
    )
    assert exported.exit_code == 0, exported.stderr
    assert b"<martif" in out.read_bytes()
    target = tmp_path / "fresh.csv"
    imported = runner.invoke(
        app, ["glossary", "import", str(out), "--glossary", str(target), "--json"]
    )
    assert imported.exit_code == 0, imported.stderr
    assert json.loads(imported.stdout)["added"] == 2
    assert [entry(t) for t in load_glossary(target).terms] == [
        TermEntry("تركيا", "Türkiye", "place", "House style", ("Turkey",)),
        TermEntry(
            "هيئة تحرير الشام",
            "Hayat Tahrir al-Sham",
            "faction",
            "",
            ("HTS", "Tahrir al-Sham Committee"),
        ),
    ]


def test_unknown_glossary_format_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["glossary", "export", str(tmp_path / "x.tbx"), "--format", "tbx4"])
    assert result.exit_code == 1
    assert result.stderr == "Error: Unknown format 'tbx4': use csv, tbx or tbx2.\n"
    assert not (tmp_path / "x.tbx").exists()


@pytest.mark.parametrize("fmt", ["tbx", "tbx2"])
def test_the_bundled_glossary_comes_back_unchanged_from_its_own_tbx(
    tmp_path: Path, fmt: str
) -> None:
    # TBX has no place for sense rules, so سورية comes back twice without them: still the
    # glossary's own rows, not a conflict.
    mine = tmp_path / "mine.csv"
    mine.write_bytes(BUNDLED.read_bytes())
    tbx = tmp_path / "terms.tbx"
    runner = CliRunner()
    done = runner.invoke(app, ["glossary", "export", str(tbx), "--format", fmt])
    assert done.exit_code == 0, done.output
    done = runner.invoke(app, ["glossary", "import", str(tbx), "--glossary", str(mine)])
    assert done.exit_code == 0, done.output
    assert mine.read_bytes() == BUNDLED.read_bytes()
