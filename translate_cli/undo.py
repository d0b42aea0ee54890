"""Undo: revert the last change of an article or a segment from its history.

History is append-only, so an undo is itself a change: it writes the old values back through
:meth:`Store.update_segment`, and each of its history rows names the row it reverted
(``undoes``). A reverted row is never picked again, so repeated undos walk further back.
Rows written by one command share a batch (``status all``, an import, a confirm and the drafts
it propagated): undoing an article reverts the whole batch, undoing a segment only its row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from translate_cli.errors import InputError, NotFoundError
from translate_cli.store import Store
from translate_cli.store.database import UNSET
from translate_cli.store.rows import SegmentRow

ACTION = "undo"
_FIELDS = ("target", "status", "note")
# Rows an undo may revert: not undo rows themselves, not reverted yet, and changing something.
_UNDOABLE = (
    "select h.*, s.num as segment from history h join segments s on s.id = h.segment_id "
    "where h.article_id = ? and h.undoes is null "
    "and not exists (select 1 from history u where u.undoes = h.id) "
    "and (h.old_target is not h.new_target or h.old_status is not h.new_status "
    "or h.old_note is not h.new_note or h.old_source is not h.new_source)"
)


@dataclass
class Reverted:
    """One history row undone: which segment, what it had done, what it holds again."""

    history: int  # the id of the history row reverted
    segment: int  # the segment's number
    action: str
    restored: dict[str, Any]  # field -> value written back

    def to_json(self) -> dict[str, Any]:
        return {
            "history": self.history,
            "segment": self.segment,
            "action": self.action,
            "restored": self.restored,
        }


@dataclass
class UndoResult:
    article_id: int
    reverted: list[Reverted] = field(default_factory=list)
    segments: list[SegmentRow] = field(default_factory=list)  # as they are now

    @property
    def summary(self) -> str:
        """One line telling what was undone."""
        rows = self.reverted
        actions = ", ".join(dict.fromkeys(r.action for r in reversed(rows)))  # oldest first
        numbers = sorted({r.segment for r in rows})
        if len(numbers) == 1:
            seg = self.segments[0]
            what = f"segment {numbers[0]} is {seg['status']} again"
            return f"Undid {actions} (history #{rows[0].history}): {what}."
        first, last = min(r.history for r in rows), max(r.history for r in rows)
        return (
            f"Undid {actions} on {len(numbers)} segments ({_ranges(numbers)}) "
            f"(history #{first}-#{last})."
        )


def undoable(store: Store, article_id: int, segment: int | None = None) -> list[dict[str, Any]]:
    """The rows the next undo reverts, newest first (empty when nothing is left to undo)."""
    sql, params = _UNDOABLE, [article_id]
    if segment is not None:
        sql += " and s.num = ?"
        params.append(segment)
    latest = store.query(sql + " order by h.id desc limit 1", params)
    if not latest:
        return []
    row = latest[0]
    if segment is not None or row["batch"] is None:
        return [row]
    return store.query(sql + " and h.batch = ? order by h.id desc", [*params, row["batch"]])


def undo(store: Store, article_id: int, segment: int | str | None = None) -> UndoResult:
    """Revert the last change of the article (its whole batch) or of one segment (its row)."""
    number = store.segment(article_id, segment)["id"] if segment is not None else None
    with store.write():
        rows = undoable(store, article_id, number)
        if not rows:
            where = (
                f"segment {number} of article {article_id}" if number else f"article {article_id}"
            )
            raise NotFoundError(
                f"Nothing to undo for {where}: its history holds no change left to revert "
                f"(see 'translate-cli history {article_id}')."
            )
        return revert(store, article_id, rows)


def undo_batch(store: Store, article_id: int, batch: str) -> UndoResult:
    """Revert what is left of one batch (the review screen's ctrl+z after a confirm)."""
    with store.write():
        rows = store.query(_UNDOABLE + " and h.batch = ? order by h.id desc", [article_id, batch])
        if not rows:
            raise NotFoundError("That change was undone already: nothing left to revert.")
        return revert(store, article_id, rows)


def revert(store: Store, article_id: int, rows: list[dict[str, Any]]) -> UndoResult:
    """Write back the old values of ``rows`` (newest first), all or nothing, as one batch."""
    result = UndoResult(article_id)
    with store.batch(), store.write():
        for row in rows:
            if row["old_source"] != row["new_source"]:
                raise InputError(
                    f"The last change to segment {row['segment']} (history #{row['id']}) came "
                    "from re-fetching the page, which undo cannot revert: change the segment "
                    "with 'translate-cli set' instead."
                )
            seg = store.segment(article_id, row["segment"])
            restored: dict[str, Any] = {}
            for name in _FIELDS:
                old, new = row[f"old_{name}"], row[f"new_{name}"]
                if old == new:
                    continue
                if seg[name] != new:  # type: ignore[literal-required]
                    raise InputError(
                        f"Segment {row['segment']} changed after history #{row['id']} "
                        f"({name} is no longer what that change wrote): undo its later change "
                        f"first with 'translate-cli undo {article_id} {row['segment']}'."
                    )
                restored[name] = old
            store.update_segment(
                article_id,
                row["segment"],
                target=restored.get("target", UNSET),
                status=restored.get("status"),
                note=restored.get("note", UNSET),
                action=ACTION,
                undoes=row["id"],
            )
            result.reverted.append(Reverted(row["id"], row["segment"], row["action"], restored))
    numbers = dict.fromkeys(r.segment for r in result.reverted)
    result.segments = [store.segment(article_id, n) for n in numbers]
    return result


def _ranges(numbers: list[int]) -> str:
    """``1, 2, 3, 5`` as ``1-3, 5``."""
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)
