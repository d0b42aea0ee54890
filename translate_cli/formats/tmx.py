"""TMX 1.4b: write translation pairs for other tools (OmegaT, Trados) and read theirs safely.

Pairs carry plain text. On reading, inline markup is flattened: ``<hi>`` keeps its text, while
the native codes inside ``<bpt>``, ``<ept>``, ``<it>``, ``<ph>`` and ``<ut>`` are dropped.
Dates are ISO 8601 strings in :class:`TmxPair` and TMX's ``YYYYMMDDThhmmssZ`` in the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from translate_cli.errors import FormatError
from translate_cli.formats.safexml import parse_xml, xml_document, xml_text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TMX_DATE = "%Y%m%dT%H%M%SZ"
# Inline elements whose content is the original format's code, not translatable text.
_CODE_TAGS = {"bpt", "ept", "it", "ph", "ut"}


@dataclass
class TmxPair:
    """One translation unit: a source sentence and its translation."""

    source: str
    target: str
    created: str | None = None  # ISO 8601
    changed: str | None = None  # ISO 8601
    note: str | None = None
    props: dict[str, str] = field(default_factory=dict)


def tool_version() -> str:
    """translate-cli's version, as installed (for ``creationtoolversion``)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("translate-cli")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0"


def to_tmx_date(value: str | None) -> str | None:
    """An ISO 8601 timestamp as TMX's UTC ``YYYYMMDDThhmmssZ``; None if absent or unreadable."""
    if not value:
        return None
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.astimezone(UTC).strftime(_TMX_DATE)


def from_tmx_date(value: str | None) -> str | None:
    """A TMX date as ISO 8601 (UTC, seconds); None if absent or not in the TMX form."""
    if not value:
        return None
    try:
        stamp = datetime.strptime(value.strip(), _TMX_DATE).replace(tzinfo=UTC)
    except ValueError:
        return None
    return stamp.isoformat(timespec="seconds")


def write_tmx(pairs: Iterable[TmxPair], *, srclang: str = "ar", tgtlang: str = "en") -> bytes:
    """A TMX 1.4b document (UTF-8, valid against the LISA DTD) holding ``pairs`` in order."""
    from lxml import etree

    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(root, "header")
    # Attribute order as the DTD lists them, for readers that compare files by eye.
    for name, value in (
        ("creationtool", "translate-cli"),
        ("creationtoolversion", tool_version()),
        ("segtype", "sentence"),
        ("o-tmf", "translate-cli"),
        ("adminlang", "en"),
        ("srclang", srclang),
        ("datatype", "plaintext"),
        ("creationdate", datetime.now(UTC).strftime(_TMX_DATE)),
    ):
        header.set(name, value)
    body = etree.SubElement(root, "body")
    for pair in pairs:
        tu = etree.SubElement(body, "tu")
        created, changed = to_tmx_date(pair.created), to_tmx_date(pair.changed)
        if created:
            tu.set("creationdate", created)
        if changed:
            tu.set("changedate", changed)
        if pair.note:
            etree.SubElement(tu, "note").text = xml_text(pair.note)
        for name, value in pair.props.items():
            prop = etree.SubElement(tu, "prop", type=xml_text(name))
            prop.text = xml_text(value)
        for lang, text in ((srclang, pair.source), (tgtlang, pair.target)):
            tuv = etree.SubElement(tu, "tuv")
            tuv.set(XML_LANG, lang)
            etree.SubElement(tuv, "seg").text = xml_text(text)
    return xml_document(root, '<!DOCTYPE tmx SYSTEM "tmx14.dtd">')


def _same_language(tag: str | None, wanted: str) -> bool:
    """True when language tags share their primary subtag ("ar-SY" is "ar")."""
    if not tag:
        return False
    return (
        tag.replace("_", "-").split("-")[0].lower()
        == wanted.replace("_", "-").split("-")[0].lower()
    )


def _seg_text(seg: Any) -> str:
    parts = [seg.text or ""]
    for child in seg:
        if isinstance(child.tag, str) and child.tag not in _CODE_TAGS:
            parts.append(_seg_text(child))  # <hi> and unknown wrappers keep their text
        parts.append(child.tail or "")
    return "".join(parts)


def read_tmx(data: bytes, *, srclang: str = "ar", tgtlang: str = "en") -> list[TmxPair]:
    """The ``srclang`` → ``tgtlang`` pairs of a TMX file (any 1.x version), parsed safely.

    Units lacking either language, or with an empty segment, are left out. Raises a one-line
    :class:`FormatError` for malformed, hostile or non-TMX files.
    """
    root = parse_xml(data, what="TMX file")
    if root.tag != "tmx":
        raise FormatError(
            f"The file is not TMX: its root element is <{_local(root.tag)}>, not <tmx>."
        )
    body = root.find("body")
    if body is None:
        raise FormatError("The TMX file has no <body>: it holds no translation units.")
    pairs: list[TmxPair] = []
    for tu in body.iter("tu"):
        source = target = None
        tuv_dates: tuple[str | None, str | None] = (None, None)
        for tuv in tu.findall("tuv"):
            lang = tuv.get(XML_LANG) or tuv.get("lang")
            seg = tuv.find("seg")
            if seg is None:
                continue
            if source is None and _same_language(lang, srclang):
                source = _seg_text(seg).strip()
            elif target is None and _same_language(lang, tgtlang):
                target = _seg_text(seg).strip()
                tuv_dates = (tuv.get("creationdate"), tuv.get("changedate"))
        if not source or not target:
            continue
        notes = [n.text.strip() for n in tu.findall("note") if n.text and n.text.strip()]
        props = {p.get("type", ""): (p.text or "") for p in tu.findall("prop") if p.get("type")}
        pairs.append(
            TmxPair(
                source=source,
                target=target,
                created=from_tmx_date(tu.get("creationdate") or tuv_dates[0]),
                changed=from_tmx_date(tu.get("changedate") or tuv_dates[1]),
                note="\n".join(notes) or None,
                props=props,
            )
        )
    return pairs


def _local(tag: Any) -> str:
    text = str(tag)
    return text.rsplit("}", 1)[-1]
