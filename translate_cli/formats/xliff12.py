"""XLIFF 1.2: an article for the translation tools most agencies use (OmegaT, Trados, memoQ).

One ``<file>`` per article (``original`` = the page's URL, the article id in ``build-num`` as
``a{id}``), one ``<group id="b{block}">`` per source block and one ``<trans-unit id="s{n}">`` per
segment. The target's ``state`` says what other tools understand; approved segments also carry
``approved="yes"`` (Translate Toolkit counts only those as finished); an untranslated
segment's target is a copy of its source in state ``needs-translation``, because OmegaT 3 loads
a unit only through its ``<target>``, and is read back as no translation. Our exact status
travels in the unit's ``extradata`` as ``tcli:{status}``: the strict schema accepts attributes of
other namespaces only when they have a schema of their own, and ``extradata`` is the attribute it
keeps for a tool's own data. Segment notes are the unit's ``<note from="translate-cli">``.

Bytes in, dataclasses out (:mod:`translate_cli.formats.bitext`); :mod:`translate_cli.exchange`
applies a file to the store.
"""

from __future__ import annotations

from typing import Any

from translate_cli.errors import FormatError
from translate_cli.formats.bitext import TCLI, Bitext, ReadDocument, ReadSegment, only_file
from translate_cli.formats.safexml import inline_text, parse_xml, xml_document, xml_text

XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF11_NS = "urn:oasis:names:tc:xliff:document:1.1"  # Translate Toolkit writes 1.1: same shape
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NOTE_FROM = "translate-cli"

# translate-cli status -> XLIFF 1.2 target state
STATE_OF: dict[str, str] = {
    "new": "needs-translation",
    "draft": "needs-review-translation",
    "translated": "translated",
    "reviewed": "signed-off",
    "approved": "final",
}
# XLIFF 1.2 state -> status, when our extradata does not say more (or no longer agrees)
_STATUS_OF: dict[str, str] = {
    "new": "draft",
    "needs-translation": "new",
    "needs-adaptation": "draft",
    "needs-l10n": "draft",
    "needs-review-adaptation": "draft",
    "needs-review-l10n": "draft",
    "needs-review-translation": "draft",
    "translated": "translated",
    "signed-off": "reviewed",
    "final": "approved",
}
# Inline codes whose content is the original format's code, not translatable text.
_INLINE_CODES = {"x", "bx", "ex", "ph", "bpt", "ept", "it"}


# ---- writing ---------------------------------------------------------------------------------


def write_xliff12(doc: Bitext) -> bytes:
    """The article as an XLIFF 1.2 document (UTF-8), valid against the OASIS strict schema."""
    from lxml import etree

    x = f"{{{XLIFF12_NS}}}"
    root = etree.Element(x + "xliff", nsmap={None: XLIFF12_NS}, version="1.2")
    file_el = etree.SubElement(root, x + "file")
    # Attribute order as the schema lists the required ones first, for readers comparing by eye.
    file_el.set("original", xml_text(doc.original) or f"article-{doc.article_id}")
    file_el.set("source-language", doc.src_lang)
    file_el.set("target-language", doc.trg_lang)
    file_el.set("datatype", "plaintext")
    file_el.set("tool-id", "translate-cli")
    file_el.set("build-num", f"a{doc.article_id}")
    header = etree.SubElement(file_el, x + "header")
    etree.SubElement(
        header, x + "tool", {"tool-id": "translate-cli", "tool-name": "translate-cli"}
    ).set("tool-version", _tool_version())
    body = etree.SubElement(file_el, x + "body")
    for block in doc.units:
        if not block.segments:
            continue
        group = etree.SubElement(body, x + "group", id=f"b{block.id}", resname=block.name)
        group.set("restype", f"x-{block.name}")
        for seg in block.segments:
            unit = etree.SubElement(group, x + "trans-unit", id=f"s{seg.id}")
            if seg.status == "approved":
                unit.set("approved", "yes")
            unit.set("extradata", f"{TCLI}:{seg.status}")
            source = etree.SubElement(unit, x + "source")
            source.set(XML_LANG, doc.src_lang)
            source.text = xml_text(seg.source)
            target = etree.SubElement(unit, x + "target")
            if seg.target:
                target.set(XML_LANG, doc.trg_lang)
                target.set("state", STATE_OF.get(seg.status, "needs-translation"))
                target.text = xml_text(seg.target)
            else:
                # A copy of the source, as tools that translate the target in place expect
                # (OmegaT 3 loads a trans-unit only by its <target>); read back as no target.
                target.set("state", "needs-translation")
                target.text = xml_text(seg.source)
            if seg.note:
                note = etree.SubElement(unit, x + "note", {"from": NOTE_FROM})
                note.text = xml_text(seg.note)
    return xml_document(root)


def _tool_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("translate-cli")
    except PackageNotFoundError:  # a checkout that was never installed
        return "0"


# ---- reading ---------------------------------------------------------------------------------


def _text(el: Any) -> str:
    """The text of a <source>/<target>: inline codes dropped, <g> and <mrk> keep their text."""
    return inline_text(el, _INLINE_CODES)


def status_for(
    state: str | None, extradata: str | None, has_target: bool, approved: bool = False
) -> str | None:
    """The translate-cli status a trans-unit means; ours when the file still agrees with it.

    ``approved="yes"`` means approved; otherwise the target's state decides, and our
    ``extradata`` only refines it while it maps to that same state (a tool that changes the
    state but leaves our note behind is believed). None for a state XLIFF 1.2 does not define.
    """
    if not has_target:
        return "new"
    if approved:
        return "approved"
    state = state or "translated"
    if state not in _STATUS_OF:
        return None
    ours = extradata.split(":", 1)[1] if extradata and extradata.startswith(f"{TCLI}:") else None
    if ours in STATE_OF and ours != "approved" and STATE_OF[ours] == state:
        return ours
    return _STATUS_OF[state]


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def read_xliff12(data: bytes) -> ReadDocument:
    """Parse an XLIFF 1.2 (or 1.1) file safely; one-line :class:`FormatError` if unusable."""
    return read_root(parse_xml(data, what="XLIFF file"))


def read_root(root: Any) -> ReadDocument:
    """An XLIFF 1.x document from its parsed root element."""
    ns = str(root.tag)[1:].split("}", 1)[0] if str(root.tag).startswith("{") else ""
    if ns not in (XLIFF12_NS, XLIFF11_NS):
        raise FormatError(
            f"The file is XLIFF {root.get('version') or '(no version)'} without the XLIFF 1.2 "
            "namespace: export it from the other tool as XLIFF 1.2 or 2.1."
        )
    x = f"{{{ns}}}"
    file_el = only_file(root.findall(x + "file"))
    doc = ReadDocument(
        version=root.get("version") or "1.2",
        src_lang=file_el.get("source-language") or "",
        trg_lang=file_el.get("target-language"),
        file_id=file_el.get("build-num") or "",
        original=file_el.get("original"),
        segments=[],
    )
    for unit in file_el.iter(x + "trans-unit"):
        if unit.get("translate") == "no":
            continue
        parent = unit.getparent()
        group = parent.get("id") if parent is not None and parent.tag == x + "group" else None
        source_el = unit.find(x + "source")
        target_el = unit.find(x + "target")
        source = _text(source_el) if source_el is not None else ""
        target = _text(target_el) if target_el is not None else None
        state = target_el.get("state") if target_el is not None else None
        if state == "needs-translation" and target is not None and _same(target, source):
            target = None  # the source copied into the target: nothing translated yet
        has_target = bool(target and target.strip())
        doc.segments.append(
            ReadSegment(
                id=unit.get("id") or "",
                unit=group or unit.get("id") or "",
                source=source,
                target=target,
                state=state,
                status=status_for(
                    state, unit.get("extradata"), has_target, unit.get("approved") == "yes"
                ),
                notes=[n.text or "" for n in unit.findall(x + "note")],
            )
        )
    return doc
