"""Changing segments: the rules the review screen and the scripting commands share.

A CAT tool's life cycle: a segment starts ``new``; text typed but not confirmed is a ``draft``;
confirming it makes it ``translated``; a reviewer marks it ``reviewed`` and then ``approved``.
Changing the text of a segment without confirming it sends it back to ``draft``, so an edit
never silently keeps an approval it has not earned. Every change goes through
:meth:`Store.update_segment`: one committed transaction and one history row.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate_cli.errors import InputError, NotFoundError
from translate_cli.status import CONFIRMED, DONE_STATUSES, STATUSES, check_status, rank
from translate_cli.store import Store
from translate_cli.store.rows import SegmentRow

# The status a plain confirm gives; reviewed and approved have their own keys and options.

_LINE_BREAKS = re.compile(r"[ \t]*[\r\n]+[ \t\r\n]*")
_RANGE = re.compile(r"^(\d+)\s*-\s*(\d+)$")


def normalize_target(text: str | None) -> str | None:
    """Trim the text and fold line breaks into spaces; ``None`` when nothing is left.

    A segment is one sentence inside a paragraph, so a line break typed into the editor
    would break the exported paragraph. Other spacing (no-break spaces) is kept as typed.
    """
    if text is None:
        return None
    folded = _LINE_BREAKS.sub(" ", text).strip()
    return folded or None


def check_target_for_status(seg_id: int, target: str | None, status: str) -> None:
    """Refuse to mark a segment without a translation as translated, reviewed or approved."""
    if status in DONE_STATUSES and not target:
        raise InputError(
            f"Segment {seg_id} has no translation: set its text before marking it {status}."
        )


def parse_refs(store: Store, article_id: int, refs: Iterable[str]) -> list[SegmentRow]:
    """The segments named by ids (``12``), ranges (``12-20``) and ``all``, in article order.

    A range runs in article order from one segment to the other, so segments added by a
    re-fetch between the two are included. Commas separate references too (``3,5,9-12``).
    Duplicates are dropped; an unknown id is a :class:`NotFoundError`.
    """
    segments = store.segments(article_id)
    position = {seg["id"]: pos for pos, seg in enumerate(segments)}
    tokens = [t.strip() for ref in refs for t in str(ref).split(",") if t.strip()]
    if not tokens:
        raise InputError("Name at least one segment: an id, a range like 12-20, or 'all'.")
    chosen: dict[int, SegmentRow] = {}
    for token in tokens:
        if token.lower() == "all":
            chosen.update((seg["id"], seg) for seg in segments)
            continue
        match = _RANGE.match(token)
        if match:
            ends = [_live_position(store, article_id, position, int(g)) for g in match.groups()]
            low, high = sorted(ends)
            chosen.update((seg["id"], seg) for seg in segments[low : high + 1])
            continue
        if not token.isdigit():
            raise InputError(
                f"Segment {token!r} is not a segment id, a range like 12-20, or 'all': "
                "ids are the numbers 'show' prints."
            )
        seg = store.segment(article_id, token)
        chosen[seg["id"]] = seg
    # Removed segments named by id sort after the live ones, as store.segments orders them.
    return sorted(chosen.values(), key=lambda s: position.get(s["id"], len(position) + s["idx"]))


def _live_position(store: Store, article_id: int, position: dict[int, int], seg_id: int) -> int:
    if seg_id in position:
        return position[seg_id]
    store.segment(article_id, seg_id)  # raises NotFoundError for an id the article lacks
    raise InputError(
        f"Segment {seg_id} was removed from the article by a re-fetch, so it cannot end a range: "
        "name it on its own."
    )


def set_target(
    store: Store,
    article_id: int,
    seg_id: int | str,
    text: str | None,
    *,
    status: str | None = None,
    action: str = "set",
) -> SegmentRow:
    """Set a segment's translation, and its status (one transaction, one history row).

    Without ``status``, changed text makes the segment a ``draft`` (``new`` when emptied): a
    translation that was confirmed must be confirmed again after an edit.
    """
    if status is not None:
        check_status(status)
    target = normalize_target(text)
    with store.write():
        seg = store.segment(article_id, seg_id)
        if status is None and target != seg["target"]:
            status = "draft" if target else "new"
        check_target_for_status(seg["id"], target, status or seg["status"])
        return store.update_segment(
            article_id, seg["id"], target=target, status=status, action=action
        )


def confirm(
    store: Store, article_id: int, seg_id: int | str, text: str | None, *, action: str = "confirm"
) -> SegmentRow:
    """Confirm the typed translation: status ``translated``.

    Confirming unchanged text of a reviewed or approved segment keeps that status, so a
    reviewer's habit of confirming does not throw away approvals. A flag left by a re-fetch
    is cleared.
    """
    target = normalize_target(text)
    with store.write():
        seg = store.segment(article_id, seg_id)
        check_target_for_status(seg["id"], target, CONFIRMED)
        status = CONFIRMED
        if target == seg["target"] and rank(seg["status"]) > rank(CONFIRMED):
            status = seg["status"]
        return store.update_segment(
            article_id, seg["id"], target=target, status=status, action=action
        )


def save_edit(
    store: Store, article_id: int, seg_id: int | str, text: str | None, *, action: str = "edit"
) -> SegmentRow | None:
    """Keep text typed but not confirmed (leaving a segment, quitting): it becomes a draft.

    Returns the updated segment, or ``None`` when the text equals the stored translation.
    """
    target = normalize_target(text)
    with store.write():
        seg = store.segment(article_id, seg_id)
        if target == seg["target"]:
            return None
        return set_target(store, article_id, seg["id"], target, action=action)


def set_status(
    store: Store,
    article_id: int,
    segments: Sequence[Mapping[str, Any]],
    status: str,
    *,
    action: str = "status",
) -> list[SegmentRow]:
    """Give ``status`` to every segment, all or nothing; return the segments that changed.

    Every segment is checked before anything is written, so one segment without a translation
    stops the whole command with nothing changed.
    """
    check_status(status)
    changed: list[SegmentRow] = []
    with store.write():
        current = [store.segment(article_id, seg["id"]) for seg in segments]
        for seg in current:
            check_target_for_status(seg["id"], seg["target"], status)
        for seg in current:
            if seg["status"] != status or seg["flag"]:
                changed.append(
                    store.update_segment(article_id, seg["id"], status=status, action=action)
                )
    return changed


def fill_identical(
    store: Store, article_id: int, segments: Iterable[Mapping[str, Any]]
) -> list[int]:
    """Fill unfinished segments identical to these done ones as drafts (translation memory's
    propagation); the one place the screen and the commands propagate from.

    Segments that are not translated, reviewed or approved fill nothing. Turned off by
    ``TRANSLATE_CLI_PROPAGATE=0``; returns the ids filled.
    """
    from translate_cli.memory import propagate

    filled: list[int] = []
    for seg in segments:
        if seg["status"] in DONE_STATUSES and seg["target"]:
            filled += propagate(store, article_id, seg["id"])
    return filled


@dataclass
class Saved:
    """What a change wrote: the segments it changed, and the identical ones it filled."""

    segments: list[SegmentRow]
    filled: list[int] = field(default_factory=list)  # ids filled as drafts by propagation

    @property
    def segment(self) -> SegmentRow:
        """The changed segment, for the changes that name one."""
        return self.segments[0]


def _and_fill(store: Store, article_id: int, change: Callable[[], list[SegmentRow]]) -> Saved:
    # One history batch: undo takes back the change and the drafts it filled together.
    with store.batch():
        changed = change()
        return Saved(changed, fill_identical(store, article_id, changed))


def set_target_and_fill(
    store: Store,
    article_id: int,
    seg_id: int | str,
    text: str | None,
    *,
    status: str | None = None,
    action: str = "set",
) -> Saved:
    """:func:`set_target`, then :func:`fill_identical` when the segment is done."""
    return _and_fill(
        store,
        article_id,
        lambda: [set_target(store, article_id, seg_id, text, status=status, action=action)],
    )


def confirm_and_fill(
    store: Store, article_id: int, seg_id: int | str, text: str | None, *, action: str = "confirm"
) -> Saved:
    """:func:`confirm`, then :func:`fill_identical`."""
    return _and_fill(
        store, article_id, lambda: [confirm(store, article_id, seg_id, text, action=action)]
    )


def set_status_and_fill(
    store: Store,
    article_id: int,
    segments: Sequence[Mapping[str, Any]],
    status: str,
    *,
    action: str = "status",
) -> Saved:
    """:func:`set_status`, then :func:`fill_identical` from the segments that changed."""
    return _and_fill(
        store, article_id, lambda: set_status(store, article_id, segments, status, action=action)
    )


def set_note(
    store: Store, article_id: int, seg_id: int | str, note: str | None, *, action: str = "note"
) -> SegmentRow:
    """Set (or, with empty text, clear) a segment's note for the reviewer."""
    text = (note or "").strip() or None
    return store.update_segment(article_id, seg_id, note=text, action=action)


def progress(segments: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Segment counts per status, plus ``total``."""
    counts = dict.fromkeys(STATUSES, 0)
    for seg in segments:
        counts[seg["status"]] = counts.get(seg["status"], 0) + 1
    counts["total"] = sum(counts[s] for s in STATUSES)
    return counts


def is_unfinished(seg: Mapping[str, Any], below: str = CONFIRMED) -> bool:
    """Whether the segment still needs work to reach ``below`` (or carries a re-fetch flag)."""
    return rank(seg["status"]) < rank(below) or bool(seg.get("flag"))


def next_unfinished(
    segments: Sequence[SegmentRow], current_id: int | None, below: str = CONFIRMED
) -> SegmentRow | None:
    """The first unfinished segment after ``current_id``, wrapping to the start; else ``None``."""
    ids = [seg["id"] for seg in segments]
    start = ids.index(current_id) + 1 if current_id in ids else 0
    for seg in [*segments[start:], *segments[:start]]:
        if seg["id"] != current_id and is_unfinished(seg, below):
            return seg
    return None


def resume_segment(article: Mapping[str, Any], segments: Sequence[SegmentRow]) -> SegmentRow:
    """Where review starts: the stored position, else the first unfinished segment."""
    if not segments:
        raise NotFoundError(
            f"Article {article['id']} has no segments to review: fetch it again to split it."
        )
    for seg in segments:
        if seg["id"] == article.get("position"):
            return seg
    return next((seg for seg in segments if is_unfinished(seg)), segments[0])


def read_text(text: str, stdin: Any) -> str:
    """The TEXT argument, or all of stdin when it is ``-``.

    Empty stdin is refused: it is what a failed command before the pipe sends, and taking it
    would clear a translation. An empty argument ('') still clears on purpose.
    """
    if text != "-":
        return text
    data = stdin.read()
    value = data.decode("utf-8") if isinstance(data, bytes) else str(data)
    if not value.strip():
        raise InputError(
            "Standard input was empty: pipe the text in, or give '' as the text to clear it."
        )
    return value


def editor_command() -> list[str]:
    """The user's editor: ``$VISUAL``, then ``$EDITOR``, then ``vi`` (``notepad`` on Windows)."""
    value = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not value:
        return ["notepad"] if os.name == "nt" else ["vi"]
    return shlex.split(value, posix=os.name != "nt")


def run_editor(text: str, command: Sequence[str] | None = None) -> str:
    """Open ``text`` in the user's editor and return what it holds when the editor exits."""
    argv = list(command or editor_command())
    fd, name = tempfile.mkstemp(prefix="translate-cli-", suffix=".txt")
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        try:
            done = subprocess.run([*argv, str(path)], check=False)
        except OSError as exc:
            raise InputError(
                f"Cannot run the editor {shlex.join(argv)!r} ({exc.strerror}): "
                "set $EDITOR to an editor command."
            ) from exc
        if done.returncode != 0:
            raise InputError(
                f"The editor exited with status {done.returncode}: the text was left unchanged."
            )
        return path.read_text(encoding="utf-8").rstrip("\r\n")
    finally:
        path.unlink(missing_ok=True)
