"""XLIFF 2.1: an article for the translation tools that read XLIFF 2, and their work back.

The file holds one ``<file>`` per article (``id="a{article id}"``, ``original`` = the page's
URL), one ``<unit id="b{block}">`` per source block and one ``<segment id="s{segment id}">``
per segment. Core XLIFF has four states, so the exact translate-cli status travels in
``subState="tcli:{status}"``; segment notes are unit notes tagged ``tcli:segment``, because
XLIFF 2 has no notes on segments.

Bytes in, dataclasses out (:mod:`translate_cli.formats.bitext`), and back: applying a file to
the store is :mod:`translate_cli.exchange`'s job.
"""

from __future__ import annotations

from typing import Any

from translate_cli.errors import FormatError
from translate_cli.formats.bitext import (
    TCLI,
    TCLI_NS,
    Bitext,
    ReadDocument,
    ReadSegment,
    only_file,
)
from translate_cli.formats.safexml import inline_text, parse_xml, xml_document, xml_text

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF_VERSION = "2.1"
_X = f"{{{XLIFF_NS}}}"
_NOTE_SEGMENT = f"{{{TCLI_NS}}}segment"

# translate-cli status -> XLIFF 2 state
STATE_OF: dict[str, str] = {
    "new": "initial",
    "draft": "initial",
    "translated": "translated",
    "reviewed": "reviewed",
    "approved": "final",
}
# XLIFF 2 state -> status, when no subState of ours says more
_STATUS_OF: dict[str, str] = {
    "translated": "translated",
    "reviewed": "reviewed",
    "final": "approved",
}
_INLINE_CODES = {"ph", "sc", "ec", "cp"}  # inline codes: no translatable text of their own


# ---- writing ---------------------------------------------------------------------------------


def write_xliff(doc: Bitext) -> bytes:
    """The article as an XLIFF 2.1 document (UTF-8), valid against the OASIS core schema."""
    from lxml import etree

    root = etree.Element(
        _X + "xliff",
        nsmap={None: XLIFF_NS, TCLI: TCLI_NS},
        version=XLIFF_VERSION,
        srcLang=doc.src_lang,
        trgLang=doc.trg_lang,
    )
    file_el = etree.SubElement(root, _X + "file", id=f"a{doc.article_id}")
    if doc.original:
        file_el.set("original", xml_text(doc.original))
    file_el.set("srcDir", "rtl")
    file_el.set("trgDir", "ltr")
    for block in doc.units:
        if not block.segments:
            continue  # a unit must hold at least one segment
        unit = etree.SubElement(file_el, _X + "unit", id=f"b{block.id}", name=block.name)
        unit.set("type", f"{TCLI}:{block.name}")
        noted = [seg for seg in block.segments if seg.note]
        if noted:
            notes = etree.SubElement(unit, _X + "notes")
            for seg in noted:
                note = etree.SubElement(notes, _X + "note", id=f"n{seg.id}")
                note.set(_NOTE_SEGMENT, f"s{seg.id}")
                note.text = xml_text(seg.note)
        for seg in block.segments:
            el = etree.SubElement(
                unit,
                _X + "segment",
                id=f"s{seg.id}",
                state=STATE_OF.get(seg.status, "initial"),
                subState=f"{TCLI}:{seg.status}",
            )
            etree.SubElement(el, _X + "source").text = xml_text(seg.source)
            if seg.target:
                etree.SubElement(el, _X + "target").text = xml_text(seg.target)
    return xml_document(root)


# ---- reading ---------------------------------------------------------------------------------


def _text(el: Any) -> str:
    """The text of a <source>/<target>, inline codes dropped, annotations kept."""
    return inline_text(el, _INLINE_CODES)


def read_xliff(data: bytes) -> ReadDocument:
    """Parse an XLIFF 2.x file safely; one-line :class:`FormatError` when it cannot be used."""
    return read_root(parse_xml(data, what="XLIFF file"))


def read_root(root: Any) -> ReadDocument:
    """An XLIFF 2.x document from its parsed root element."""
    local = str(root.tag).rsplit("}", 1)[-1]
    if local != "xliff":
        raise FormatError(f"The file is not XLIFF: its root element is <{local}>, not <xliff>.")
    version = root.get("version") or ""
    if root.tag != _X + "xliff" or not version.startswith("2."):
        raise FormatError(
            f"The file is XLIFF {version or '(no version)'}, not XLIFF 2: export it from the "
            "other tool as XLIFF 2.0 or 2.1."
        )
    file_el = only_file(root.findall(_X + "file"))
    doc = ReadDocument(
        version=version,
        src_lang=root.get("srcLang") or "",
        trg_lang=root.get("trgLang"),
        file_id=file_el.get("id") or "",
        original=file_el.get("original"),
        segments=[],
    )
    for unit in file_el.iter(_X + "unit"):
        unit_id = unit.get("id") or ""
        segments = []
        for seg_el in unit.findall(_X + "segment"):
            source_el = seg_el.find(_X + "source")
            target_el = seg_el.find(_X + "target")
            target = _text(target_el) if target_el is not None else None
            state = seg_el.get("state")
            segments.append(
                ReadSegment(
                    id=seg_el.get("id") or "",
                    unit=unit_id,
                    source=_text(source_el) if source_el is not None else "",
                    target=target,
                    state=state,
                    status=status_for(
                        state, seg_el.get("subState"), bool(target and target.strip())
                    ),
                )
            )
        by_id = {s.id: s for s in segments}
        for note in unit.iterfind(f"{_X}notes/{_X}note"):
            text = note.text or ""
            owner = by_id.get(note.get(_NOTE_SEGMENT) or "")
            if owner is None and len(segments) == 1:
                owner = segments[0]  # a note on a one-segment unit is that segment's
            if owner is not None:
                owner.notes.append(text)
            elif unit_id not in doc.stray_notes:
                doc.stray_notes.append(unit_id)
        doc.segments += segments
    return doc


def status_for(state: str | None, sub_state: str | None, has_target: bool) -> str | None:
    """The translate-cli status an XLIFF state means; ours when the subState still agrees.

    A tool that changes ``state`` should drop or update ``subState``; one that leaves a stale
    subState of ours is overruled by the state. None when the state is not an XLIFF 2 state.
    """
    state = state or "initial"
    if state not in ("initial", "translated", "reviewed", "final"):
        return None
    if sub_state and sub_state.startswith(f"{TCLI}:"):
        ours = sub_state.split(":", 1)[1]
        if STATE_OF.get(ours) == state:
            return ours
    if state == "initial":
        return "draft" if has_target else "new"
    return _STATUS_OF[state]
