"""TMX 1.4b writing and safe reading (translate_cli.formats.tmx)."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate_cli.errors import FormatError
from translate_cli.formats.tmx import TmxPair, from_tmx_date, read_tmx, to_tmx_date, write_tmx

DTD = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "tmx-1.4b" / "tmx14.dtd"

PAIRS = [
    TmxPair(
        "أعلنت البلدية إعادة فتح سوق الخضار في حمص.",
        "The municipality announced that the Homs vegetable market has reopened.",
        created="2024-12-03T08:15:00+00:00",
        changed="2024-12-04T09:00:30+00:00",
        note="Checked against the council statement.",
        props={"x-article": "7", "x-status": "approved"},
    ),
    TmxPair("وصل الوفد إلى دمشق مساء الخميس.", 'The delegation reached "Damascus" <b> & rested.'),
]


def test_round_trip_keeps_text_dates_notes_and_props() -> None:
    assert read_tmx(write_tmx(PAIRS)) == PAIRS


def test_header_and_languages_follow_the_dtd() -> None:
    from lxml import etree

    root = etree.fromstring(write_tmx(PAIRS))
    header = root.find("header")
    assert root.get("version") == "1.4"
    assert {k: header.get(k) for k in ("creationtool", "segtype", "adminlang", "srclang")} == {
        "creationtool": "translate-cli",
        "segtype": "sentence",
        "adminlang": "en",
        "srclang": "ar",
    }
    assert header.get("datatype") == "plaintext" and header.get("o-tmf")
    langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in root.iter("tuv")]
    assert langs == ["ar", "en", "ar", "en"]


@pytest.mark.skipif(not DTD.exists(), reason="shared TMX DTD not present")
def test_valid_against_the_tmx_14b_dtd() -> None:
    from lxml import etree

    dtd = etree.DTD(str(DTD))
    doc = etree.fromstring(write_tmx(PAIRS))
    assert dtd.validate(doc), dtd.error_log.filter_from_errors()
    empty = etree.fromstring(write_tmx([]))
    assert dtd.validate(empty), dtd.error_log.filter_from_errors()


def test_translate_toolkit_reads_it() -> None:
    from translate.storage import tmx

    store = tmx.tmxfile.parsestring(write_tmx(PAIRS))
    assert [(u.source, u.target) for u in store.units] == [(p.source, p.target) for p in PAIRS]
    assert store.units[0].getnotes() == "Checked against the council statement."


def test_control_characters_are_dropped_not_fatal() -> None:
    pair = TmxPair("نص\x07 عربي", "English\x0b text")
    assert read_tmx(write_tmx([pair])) == [TmxPair("نص عربي", "English text")]


def test_reads_other_tools_files_language_variants_and_inline_codes() -> None:
    data = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4"><header creationtool="OmegaT" creationtoolversion="6" segtype="sentence"
 o-tmf="OmegaT TMX" adminlang="EN-US" srclang="AR-SY" datatype="plaintext"/>
<body>
<tu tuid="1"><tuv xml:lang="EN-GB" changedate="20241205T101010Z"><seg>Clashes <bpt i="1">&lt;b&gt;</bpt>resumed<ept i="1">&lt;/b&gt;</ept> near <hi>Idlib</hi>.</seg></tuv>
<tuv lang="ar-SY"><seg>تجددت الاشتباكات قرب إدلب.</seg></tuv></tu>
<tu><tuv xml:lang="ar"><seg>جملة بلا ترجمة.</seg></tuv></tu>
<tu><tuv xml:lang="ar"><seg>جملة</seg></tuv><tuv xml:lang="fr"><seg>Phrase</seg></tuv></tu>
</body></tmx>""".encode()
    assert read_tmx(data) == [
        TmxPair(
            "تجددت الاشتباكات قرب إدلب.",
            "Clashes resumed near Idlib.",
            changed="2024-12-05T10:10:10+00:00",
        )
    ]


def test_dates_convert_both_ways() -> None:
    assert to_tmx_date("2024-12-01T10:00:00+03:00") == "20241201T070000Z"
    assert to_tmx_date("yesterday") is None
    assert from_tmx_date("20241201T070000Z") == "2024-12-01T07:00:00+00:00"
    assert from_tmx_date("2024-12-01") is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<tmx><header/>", "The TMX file is not well-formed XML"),
        (b"<xliff/>", "The file is not TMX: its root element is <xliff>, not <tmx>."),
        (b"<tmx version='1.4'><header/></tmx>", "The TMX file has no <body>"),
        (
            b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;">]>'
            b"<tmx><header/><body><tu><tuv xml:lang='ar'><seg>&b;</seg></tuv></tu></body></tmx>",
            "The TMX file declares XML entities in its DOCTYPE",
        ),
    ],
)
def test_bad_files_are_refused_with_one_line(data: bytes, message: str) -> None:
    with pytest.raises(FormatError) as info:
        read_tmx(data)
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)


def test_external_entity_file_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-MARKER-9931", encoding="utf-8")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        "<tmx><header/><body><tu><tuv xml:lang='ar'><seg>&x;</seg></tuv>"
        "<tuv xml:lang='en'><seg>&x;</seg></tuv></tu></body></tmx>"
    ).encode()
    with pytest.raises(FormatError) as info:
        read_tmx(data)
    assert "SECRET-MARKER" not in str(info.value)
    assert str(info.value).startswith("The TMX file declares XML entities")


def test_export_tmx_holds_the_approved_pairs_only(db_path: Path, tmp_path: Path) -> None:
    from helpers import run
    from helpers.export_article import SEGMENTED, TARGETS, make_article

    from translate_cli.store import Store

    art, ids = make_article(db_path)
    with Store(db_path) as store:
        store.update_segment(art, ids[1], status="reviewed")
        store.update_segment(art, ids[2], note="Wording agreed with the desk.")
    out = tmp_path / "homs.tmx"
    result = run(db_path, "export", str(art), "-o", str(out))  # format from the suffix
    assert result.exit_code == 0, result.stderr
    data = out.read_bytes()
    pairs = read_tmx(data)
    sources = [s for block in SEGMENTED for s in block]
    assert [(p.source, p.target) for p in pairs] == [
        (sources[i], TARGETS[i]) for i in range(len(TARGETS)) if i != 1
    ]
    assert pairs[1].note == "Wording agreed with the desk."
    assert pairs[1].props == {
        "x-article": str(art),
        "x-segment": str(ids[2]),
        "x-status": "approved",
        "x-source-url": "https://www.syria.tv/98765",
    }
    assert pairs[1].changed is not None
    if DTD.exists():
        from lxml import etree

        dtd = etree.DTD(str(DTD))
        assert dtd.validate(etree.fromstring(data)), dtd.error_log.filter_from_errors()
    from translate.storage import factory

    store = factory.getobject(str(out))
    assert [u.target for u in store.units] == [p.target for p in pairs]
