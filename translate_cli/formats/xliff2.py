"""XLIFF 2.1: send an article to another translation tool and bring the work back.

The file holds one ``<file>`` per article (``id="a{article id}"``, ``original`` = the page's
URL), one ``<unit id="b{block}">`` per source block and one ``<segment id="s{segment id}">``
per segment. Core XLIFF has four states, so the exact translate-cli status travels in
``subState="tcli:{status}"``; segment notes are unit notes tagged ``tcli:segment``, because
XLIFF 2 has no notes on segments.

Import matches segments by id and refuses, as a whole, a file for another article or one
whose segments are unknown or whose source text changed since export; ``skip_mismatched``
applies the segments that fit and reports the rest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from translate_cli.errors import CheckFailed, FormatError
from translate_cli.export.base import ExportDocument, one_line
from translate_cli.formats.safexml import parse_xml, xml_text

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
TCLI_NS = "urn:translate-cli:xliff:1"
TCLI = "tcli"  # prefix of the subState, unit type and note attribute values
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
_SEGMENT_ID = re.compile(r"s(\d+)")
_MAX_LISTED = 8


# ---- writing ---------------------------------------------------------------------------------


def write_xliff(doc: ExportDocument) -> bytes:
    """The article as an XLIFF 2.1 document (UTF-8), valid against the OASIS core schema."""
    from lxml import etree

    root = etree.Element(
        _X + "xliff",
        nsmap={None: XLIFF_NS, TCLI: TCLI_NS},
        version=XLIFF_VERSION,
        srcLang="ar",
        trgLang="en",
    )
    file_el = etree.SubElement(root, _X + "file", id=f"a{doc.id}")
    if doc.source_url:
        file_el.set("original", xml_text(doc.source_url))
    file_el.set("srcDir", "rtl")
    file_el.set("trgDir", "ltr")
    for block in doc.blocks:
        if not block.segments:
            continue  # a unit must hold at least one segment
        unit = etree.SubElement(
            file_el, _X + "unit", id=f"b{block.idx}", name=_block_name(block.kind, block.level)
        )
        unit.set("type", f"{TCLI}:{_block_name(block.kind, block.level)}")
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
    etree.indent(root, space="  ")
    body = etree.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def _block_name(kind: str, level: int) -> str:
    return f"h{level}" if kind == "heading" and level else kind


# ---- reading ---------------------------------------------------------------------------------


@dataclass
class XliffSegment:
    id: str
    unit: str
    source: str
    target: str | None
    state: str | None
    sub_state: str | None
    notes: list[str] = field(default_factory=list)


@dataclass
class XliffDocument:
    version: str
    src_lang: str
    trg_lang: str | None
    file_id: str
    original: str | None
    segments: list[XliffSegment]
    stray_notes: list[str] = field(default_factory=list)  # unit ids with notes we cannot place


def _text(el: Any) -> str:
    """The text of a <source>/<target>, inline codes dropped, annotations kept."""
    parts = [el.text or ""]
    for child in el:
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag and tag not in _INLINE_CODES:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def read_xliff(data: bytes) -> XliffDocument:
    """Parse an XLIFF 2.x file safely; one-line :class:`FormatError` when it cannot be used."""
    root = parse_xml(data, what="XLIFF file")
    local = str(root.tag).rsplit("}", 1)[-1]
    if local != "xliff":
        raise FormatError(f"The file is not XLIFF: its root element is <{local}>, not <xliff>.")
    version = root.get("version") or ""
    if root.tag != _X + "xliff" or not version.startswith("2."):
        raise FormatError(
            f"The file is XLIFF {version or '(no version)'}, not XLIFF 2: export it from the "
            "other tool as XLIFF 2.0 or 2.1."
        )
    files = root.findall(_X + "file")
    if len(files) != 1:
        raise FormatError(
            f"The XLIFF file holds {len(files)} <file> elements: translate-cli imports one "
            "article per file, as it exports them."
        )
    file_el = files[0]
    doc = XliffDocument(
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
            segments.append(
                XliffSegment(
                    id=seg_el.get("id") or "",
                    unit=unit_id,
                    source=_text(source_el) if source_el is not None else "",
                    target=_text(target_el) if target_el is not None else None,
                    state=seg_el.get("state"),
                    sub_state=seg_el.get("subState"),
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


# ---- importing -------------------------------------------------------------------------------


@dataclass
class ImportReport:
    article_id: int
    changed: list[int] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # problems left out with skip_mismatched
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Planned:
    segment_id: int
    target: Any
    status: str | None
    note: str | None
    keep_note: bool = False  # the unit's notes could not be placed: do not clear ours


def _listed(items: Sequence[str]) -> str:
    shown = ", ".join(items[:_MAX_LISTED])
    return shown + (f" and {len(items) - _MAX_LISTED} more" if len(items) > _MAX_LISTED else "")


def check_article(doc: XliffDocument, article: dict[str, Any]) -> None:
    """Refuse a file exported for another article (by file id and URL)."""
    urls = {u for u in (article.get("url"), article.get("canonical_url")) if u}
    expected = f"a{article['id']}"
    if doc.file_id != expected or (doc.original and urls and doc.original not in urls):
        found = ", ".join(x for x in (doc.file_id or "no file id", doc.original) if x)
        raise FormatError(
            f"The XLIFF file is for another article ({found}), not article "
            f"{article['id']} ({article.get('canonical_url') or article.get('url')}): "
            "import it into the article it was exported from."
        )


def import_xliff(
    store: Any, article: dict[str, Any], data: bytes, *, skip_mismatched: bool = False
) -> ImportReport:
    """Bring targets, statuses and notes back from an XLIFF file exported by :func:`write_xliff`.

    All or nothing: problems (unknown or removed segments, changed sources, bad states) refuse
    the whole file with one :class:`CheckFailed` line unless ``skip_mismatched``. Every changed
    segment gets one history row with action ``import``; all changes commit together.
    """
    doc = read_xliff(data)
    check_article(doc, article)
    report = ImportReport(article_id=article["id"])
    if doc.src_lang.split("-")[0].lower() != "ar" or (
        doc.trg_lang and doc.trg_lang.split("-")[0].lower() != "en"
    ):
        raise FormatError(
            f"The XLIFF file translates {doc.src_lang or '?'} into {doc.trg_lang or '?'}: "
            "translate-cli imports Arabic into English (srcLang ar, trgLang en)."
        )
    stored = {s["id"]: s for s in store.segments(article["id"], include_removed=True)}
    unknown: list[str] = []
    removed: list[str] = []
    changed_source: list[str] = []
    bad_state: list[str] = []
    seen: set[int] = set()
    plan: list[_Planned] = []
    for seg in doc.segments:
        match = _SEGMENT_ID.fullmatch(seg.id)
        seg_id = int(match.group(1)) if match else None
        row = stored.get(seg_id) if seg_id is not None else None
        if row is None or seg_id in seen:
            unknown.append(seg.id or "(no id)")
            continue
        seen.add(row["id"])
        if row["removed"]:
            removed.append(seg.id)
            continue
        if one_line(seg.source) != one_line(row["source"]):
            changed_source.append(seg.id)
            continue
        target = seg.target if seg.target and seg.target.strip() else None
        status = status_for(seg.state, seg.sub_state, target is not None)
        if status is None:
            bad_state.append(f"{seg.id} ({seg.state})")
            continue
        note = "\n".join(n for n in seg.notes if n.strip()) or None
        keep_note = seg.unit in doc.stray_notes
        if target is None:
            # No translation in the file: keep what is stored rather than erase work.
            plan.append(_Planned(row["id"], None, None, note, keep_note))
        else:
            plan.append(_Planned(row["id"], target, status, note, keep_note))
    problems = []
    if unknown:
        problems.append(f"unknown segment ids {_listed(unknown)}")
    if removed:
        problems.append(f"segments removed by a re-fetch {_listed(removed)}")
    if changed_source:
        problems.append(f"source text changed since export in {_listed(changed_source)}")
    if bad_state:
        problems.append(f"invalid states in {_listed(bad_state)}")
    if problems and not skip_mismatched:
        raise CheckFailed(
            f"The XLIFF file does not match article {article['id']}: {'; '.join(problems)}. "
            f"Nothing was imported: export the article again, or pass --skip-mismatched to "
            f"import the {len(plan)} segments that match."
        )
    report.skipped = problems
    if doc.stray_notes:
        report.warnings.append(
            f"Notes on units {_listed(doc.stray_notes)} name no segment: they were not "
            "imported, and the notes of those units' segments were left as they were."
        )
    with store.write():
        for item in plan:
            before = stored[item.segment_id]
            # Pass only what differs: an unchanged status must not clear a re-fetch flag.
            kwargs: dict[str, Any] = {}
            if item.note != before["note"] and not item.keep_note:
                kwargs["note"] = item.note
            if item.target is not None and item.target != before["target"]:
                kwargs["target"] = item.target
            if item.status is not None and item.status != before["status"]:
                kwargs["status"] = item.status
            if not kwargs:
                report.unchanged += 1
                continue
            store.update_segment(article["id"], item.segment_id, action="import", **kwargs)
            report.changed.append(item.segment_id)
    return report
