"""Bring another tool's work back: an XLIFF 1.2 or 2.x file applied to an article in the store.

The formats (:mod:`translate_cli.formats.xliff12`, :mod:`translate_cli.formats.xliff2`) only read
bytes into dataclasses; this module matches their segments to the stored ones and writes.

Import matches segments by id (``s{n}``) and refuses, as a whole, a file for another article or
one whose segments are unknown or whose source text changed since export; ``skip_mismatched``
applies the segments that fit and reports the rest. A new translation whose state still says
"not translated" (OmegaT 3 translates the target in place and leaves the state) is "translated".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from translate_cli.errors import CheckFailed, FormatError
from translate_cli.formats.bitext import ReadDocument, ReadSegment, lang_matches

_SEGMENT_ID = re.compile(r"s(\d+)")
_MAX_LISTED = 8


@dataclass
class ImportReport:
    article_id: int
    version: str = ""
    changed: list[int] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # problems left out with skip_mismatched
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Planned:
    segment_id: int
    target: str | None
    status: str | None
    note: str | None
    keep_note: bool = False  # the unit's notes could not be placed: do not clear ours


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _listed(items: Sequence[str]) -> str:
    shown = ", ".join(items[:_MAX_LISTED])
    return shown + (f" and {len(items) - _MAX_LISTED} more" if len(items) > _MAX_LISTED else "")


def check_article(doc: ReadDocument, article: Mapping[str, Any]) -> None:
    """Refuse a file exported for another article (by file id and URL)."""
    urls = {u for u in (article.get("url"), article.get("canonical_url")) if u}
    expected = f"a{article['id']}"
    original = doc.original if doc.original and "://" in doc.original else None
    if doc.file_id != expected or (original and urls and original not in urls):
        found = ", ".join(x for x in (doc.file_id or "no file id", original) if x)
        raise FormatError(
            f"The XLIFF file is for another article ({found}), not article "
            f"{article['id']} ({article.get('canonical_url') or article.get('url')}): "
            "import it into the article it was exported from."
        )


def import_xliff(
    store: Any, article: Mapping[str, Any], data: bytes, *, skip_mismatched: bool = False
) -> ImportReport:
    """Bring targets, statuses and notes back from an XLIFF 1.2 or 2.x file we exported.

    All or nothing: problems (unknown or removed segments, changed sources, bad states) refuse
    the whole file with one :class:`CheckFailed` line unless ``skip_mismatched``. Every changed
    segment gets one history row with action ``import``; all changes commit together.
    """
    from translate_cli.formats.xliff import read_any_xliff

    doc = read_any_xliff(data)
    return apply_document(store, article, doc, skip_mismatched=skip_mismatched)


def apply_document(
    store: Any, article: Mapping[str, Any], doc: ReadDocument, *, skip_mismatched: bool = False
) -> ImportReport:
    """Apply a read XLIFF document to ``article``; see :func:`import_xliff`."""
    check_article(doc, article)
    _check_languages(doc)
    stored = {s["id"]: s for s in store.segments(article["id"], include_removed=True)}
    plan, problems = _plan(doc, stored)
    if problems and not skip_mismatched:
        raise CheckFailed(
            f"The XLIFF file does not match article {article['id']}: {'; '.join(problems)}. "
            f"Nothing was imported: export the article again, or pass --skip-mismatched to "
            f"import the {len(plan)} segments that match."
        )
    report = ImportReport(article_id=article["id"], version=doc.version, skipped=problems)
    if doc.stray_notes:
        report.warnings.append(
            f"Notes on units {_listed(doc.stray_notes)} name no segment: they were not "
            "imported, and the notes of those units' segments were left as they were."
        )
    _write(store, article["id"], plan, stored, report)
    return report


def _check_languages(doc: ReadDocument) -> None:
    if not lang_matches(doc.src_lang, "ar") or (
        doc.trg_lang and not lang_matches(doc.trg_lang, "en")
    ):
        raise FormatError(
            f"The XLIFF file translates {doc.src_lang or '?'} into {doc.trg_lang or '?'}: "
            "translate-cli imports Arabic into English (source ar, target en)."
        )


@dataclass
class _Mismatches:
    """The file's segments that do not fit the stored article, by kind."""

    unknown: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed_source: list[str] = field(default_factory=list)
    bad_state: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        kinds = (
            ("unknown segment ids", self.unknown),
            ("segments removed by a re-fetch", self.removed),
            ("source text changed since export in", self.changed_source),
            ("invalid states in", self.bad_state),
        )
        return [f"{what} {_listed(ids)}" for what, ids in kinds if ids]


def _plan(
    doc: ReadDocument, stored: Mapping[int, Mapping[str, Any]]
) -> tuple[list[_Planned], list[str]]:
    """What each of the file's segments would write, and the problems of those that do not fit."""
    bad = _Mismatches()
    seen: set[int] = set()
    plan: list[_Planned] = []
    for seg in doc.segments:
        match = _SEGMENT_ID.fullmatch(seg.id)
        seg_id = int(match.group(1)) if match else None
        row = stored.get(seg_id) if seg_id is not None else None
        if row is None or seg_id in seen:
            bad.unknown.append(seg.id or "(no id)")
            continue
        seen.add(row["id"])
        if row["removed"]:
            bad.removed.append(seg.id)
        elif _one_line(seg.source) != _one_line(row["source"]):
            bad.changed_source.append(seg.id)
        elif seg.status is None:
            bad.bad_state.append(f"{seg.id} ({seg.state})")
        else:
            plan.append(_planned(seg, row, keep_note=seg.unit in doc.stray_notes))
    return plan, bad.problems()


def _planned(seg: ReadSegment, row: Mapping[str, Any], *, keep_note: bool) -> _Planned:
    target = seg.target if seg.target and seg.target.strip() else None
    note = "\n".join(n for n in seg.notes if n.strip()) or None
    if target is None:
        # No translation in the file: keep what is stored rather than erase work.
        return _Planned(row["id"], None, None, note, keep_note)
    status = seg.status
    if status == "new" and target != row["target"]:
        # Translated in place by a tool that left the state alone (OmegaT 3 does).
        status = "translated"
    return _Planned(row["id"], target, status, note, keep_note)


def _write(
    store: Any,
    article_id: int,
    plan: Sequence[_Planned],
    stored: Mapping[int, Mapping[str, Any]],
    report: ImportReport,
) -> None:
    """Write the planned changes in one transaction, a history row for each changed segment."""
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
            store.update_segment(article_id, item.segment_id, action="import", **kwargs)
            report.changed.append(item.segment_id)
