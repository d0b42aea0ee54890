"""TBX-Basic (TBX v3) export validated against the official schemas, and TBX import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import SHARED
from typer.testing import CliRunner

from translate_cli.cli import app
from translate_cli.errors import FormatError
from translate_cli.formats.tbx3 import dump_tbx, parse_tbx
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
    back = parse_tbx(dump_tbx(TERMS))
    # XML cannot carry the control character; everything else comes back as it was.
    note = 'quotes " and control'
    assert back == [*TERMS[:4], Term("الراموسة", "Al-Ramouseh & <Co>", "neighbourhood", note)]


def test_cli_tbx_export_then_import(tmp_path: Path) -> None:
    out = tmp_path / "g.tbx"
    assert runner.invoke(app, ["glossary", "export", str(out)]).exit_code == 0
    target = tmp_path / "fresh.csv"
    result = runner.invoke(
        app, ["glossary", "import", str(out), "--glossary", str(target), "--json"]
    )
    assert result.exit_code == 0
    bundled = load_glossary(BUNDLED).terms
    assert json.loads(result.stdout) == {
        "path": str(target),
        "added": len(bundled),
        "unchanged": 0,
        "replaced": 0,
    }
    assert target.read_bytes() == BUNDLED.read_bytes()


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
        Term("قوات سوريا الديمقراطية", "Syrian Democratic Forces", "faction", "also: SDF",
             ("Syria Democratic Forces",)),
        Term("قوات سورية الديموقراطية", "Syrian Democratic Forces", "faction", "also: SDF",
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
