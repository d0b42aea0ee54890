"""What the review screen does, without the screen: where we are, moving, saving.

The Textual app only turns keys into these calls and draws the result, so the rules live in
one place (:mod:`translate_cli.editing`) and can be tested without a terminal. Every save is
its own committed transaction; the segment list is re-read after each one, so changes made by
another session or a scripted ``set`` show up as soon as the translator moves.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from translate_cli import editing
from translate_cli.errors import InputError
from translate_cli.status import STATUSES, check_status, rank
from translate_cli.store import Store
from translate_cli.store.rows import SegmentRow

if TYPE_CHECKING:
    from translate_cli.glossary import Glossary, TermHit
    from translate_cli.undo import UndoResult

# History actions written by the screen, told apart from the scripting commands' "set" etc.
ACTION_CONFIRM = "review:confirm"
ACTION_EDIT = "review:edit"
ACTION_STATUS = "review:status"
ACTION_NOTE = "review:note"
ACTION_PASS = "review:pass"  # a reviewer's promotion
ACTION_BACK = "review:back"  # sent back to draft by a reviewer
# A reviewer's pass promotes segments one status up: these are the statuses it can give.
PASS_STATUSES = ("reviewed", "approved")


@dataclass
class Rendering:
    """A glossary rendering the translator can insert: its English, the Arabic it renders, and
    renderings the house style rules out."""

    target: str
    source: str
    avoid: tuple[str, ...] = ()


class ReviewSession:
    """One translator reviewing one article."""

    def __init__(
        self,
        store: Store,
        article_id: int,
        *,
        glossary: Glossary | None = None,
        start: int | str | None = None,
        pass_status: str | None = None,
    ) -> None:
        self.store = store
        self.article = store.resolve_article(article_id)
        self.article_id: int = self.article["id"]
        self.glossary = glossary
        self.filter: str | None = None
        self.segments: list[SegmentRow] = store.segments(self.article_id)
        if start is not None:
            first = store.segment(self.article_id, start)
        else:
            first = editing.resume_segment(self.article, self.segments)
        self.current: SegmentRow = first
        # The target as loaded into the editor: only text that differs from it is saved on
        # leaving, so merely passing through a segment never overwrites another session's work.
        self.loaded_target: str | None = first["target"]
        self._suggestions: dict[int, list[dict[str, Any]]] = {}
        # The article's glossary hits by segment id, for the sources they were found in.
        self._hits: tuple[tuple[str, ...], dict[Any, list[TermHit]]] | None = None
        # The history batches this session wrote, oldest first: what ctrl+z takes back.
        self.undo_stack: list[str] = []
        self.pass_status: str | None = None
        if pass_status is not None:
            seg = self.start_pass(pass_status)
            if seg is None:
                below = STATUSES[rank(pass_status) - 1]
                raise InputError(
                    f"Article {self.article_id} has no {below} segments to mark {pass_status}: "
                    f"run 'translate-cli review {self.article_id}' without --pass."
                )
            if start is None:
                first = seg
                self.current, self.loaded_target = seg, seg["target"]
        self._remember_position()

    # ---- reading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the segment list and the current segment from the database."""
        self.segments = self.store.segments(self.article_id)
        self.current = self.store.segment(self.article_id, self.current["id"])

    @property
    def position(self) -> int:
        """The current segment's 0-based place in the article (its place once, if removed)."""
        for pos, seg in enumerate(self.segments):
            if seg["id"] == self.current["id"]:
                return pos
        return len(self.segments)

    def neighbours(self) -> tuple[SegmentRow | None, SegmentRow | None]:
        pos = self.position
        before = self.segments[pos - 1] if 0 < pos <= len(self.segments) else None
        after = self.segments[pos + 1] if pos + 1 < len(self.segments) else None
        return before, after

    def progress(self) -> dict[str, int]:
        return editing.progress(self.segments)

    def term_hits(self) -> list[TermHit]:
        """Glossary hits in the current source: spans of the stored text, with short forms
        of names found earlier in the article (the whole article is matched once)."""
        if self.glossary is None:
            return []
        sources = tuple(seg["source"] for seg in self.segments)
        if self._hits is None or self._hits[0] != sources:
            found = self.glossary.find_article(sources)
            by_id = {seg["id"]: hits for seg, hits in zip(self.segments, found, strict=True)}
            self._hits = (sources, by_id)
        hits = self._hits[1].get(self.current["id"])
        if hits is None:  # a segment no longer in the list: on its own
            return list(self.glossary.find(self.current["source"]))
        return list(hits)

    def renderings(self) -> list[Rendering]:
        """The distinct English renderings of the terms in the current source, in text order."""
        seen: set[str] = set()
        out: list[Rendering] = []
        if self.glossary is None:
            return []
        for hit in sorted(self.term_hits(), key=lambda h: (h.start, -h.end)):
            if hit.target in seen:
                continue
            seen.add(hit.target)
            term = self.glossary.term_for(hit)
            avoid = tuple(term.forbidden) if term is not None else ()
            out.append(Rendering(target=hit.target, source=hit.source, avoid=avoid))
        return out

    def suggestions(self) -> list[dict[str, Any]]:
        """Translation-memory suggestions for the current source (cached per segment)."""
        seg_id = self.current["id"]
        if seg_id not in self._suggestions:
            self._suggestions[seg_id] = _tm_suggestions(self.store, self.current)
        return self._suggestions[seg_id]

    # ---- moving -----------------------------------------------------------------------------

    def matches(self, seg: SegmentRow) -> bool:
        return self.filter is None or seg["status"] == self.filter

    def go(self, seg_id: int | str) -> SegmentRow:
        """Make ``seg_id`` current (a one-line error if the article has no such segment)."""
        seg = self.store.segment(self.article_id, seg_id)
        self.segments = self.store.segments(self.article_id)
        self.current = seg
        self.loaded_target = seg["target"]
        self._remember_position()
        return seg

    def step(self, delta: int) -> SegmentRow | None:
        """The next (``+1``) or previous (``-1``) segment that passes the filter, or ``None``."""
        pos = self.position
        order = self.segments[pos + 1 :] if delta > 0 else list(reversed(self.segments[:pos]))
        return next((seg for seg in order if self.matches(seg)), None)

    def next_unfinished(self, below: str = editing.CONFIRMED) -> SegmentRow | None:
        candidates = [s for s in self.segments if self.matches(s) or s["id"] == self.current["id"]]
        return editing.next_unfinished(candidates, self.current["id"], below)

    def set_filter(self, status: str | None) -> SegmentRow | None:
        """Show only segments with ``status`` (``None``: all); return the segment to move to.

        Returns ``None`` and keeps the old filter when no segment has that status.
        """
        if status is None:
            self.filter = None
            return self.current
        check_status(status)
        matching = [s for s in self.segments if s["status"] == status]
        if not matching:
            return None
        self.filter = status
        if self.current["status"] == status:
            return self.current
        pos = self.position
        after = [s for s in matching if self.segments.index(s) > pos]
        return (after or matching)[0]

    # ---- a reviewer's pass ------------------------------------------------------------------

    @property
    def pass_below(self) -> str:
        """The status a pass walks: the one just below the status it gives."""
        status = self.pass_status or PASS_STATUSES[0]
        return STATUSES[rank(status) - 1]

    def start_pass(self, status: str) -> SegmentRow | None:
        """Walk the segments just below ``status`` in article order; the first of them, or
        ``None`` (and no pass) when there is none."""
        if status not in PASS_STATUSES:
            raise InputError(f"A pass gives {' or '.join(PASS_STATUSES)}, not {status!r}.")
        below = STATUSES[rank(status) - 1]
        first = next((seg for seg in self.segments if seg["status"] == below), None)
        if first is not None:
            self.pass_status, self.filter = status, below
        return first

    def end_pass(self) -> None:
        self.pass_status, self.filter = None, None

    def pass_left(self) -> int:
        """Segments still waiting in the pass."""
        return sum(1 for seg in self.segments if seg["status"] == self.pass_below)

    def next_in_pass(self) -> SegmentRow | None:
        """The next segment waiting in the pass after the current one, wrapping; else ``None``."""
        pos = self.position
        order = [*self.segments[pos + 1 :], *self.segments[:pos]]
        return next((seg for seg in order if seg["status"] == self.pass_below), None)

    def promote(self, text: str) -> SegmentRow:
        """Give the current segment the pass's status, with the text as the reviewer left it."""
        assert self.pass_status is not None
        with self._undoable():
            saved = editing.set_target_and_fill(
                self.store,
                self.article_id,
                self.current["id"],
                text,
                status=self.pass_status,
                action=ACTION_PASS,
            )
        return self._saved_and_filled(saved)

    def send_back(self, text: str, note: str | None) -> SegmentRow:
        """Send the current segment back to draft with the reviewer's note (one undo)."""
        with self._undoable():
            editing.set_target(
                self.store,
                self.article_id,
                self.current["id"],
                text,
                status="draft",
                action=ACTION_BACK,
            )
            seg = editing.set_note(
                self.store, self.article_id, self.current["id"], note, action=ACTION_BACK
            )
        self._saved(seg)
        return seg

    def would_demote(self, text: str) -> bool:
        """Whether keeping ``text`` (unconfirmed) sends a reviewed or approved segment to draft."""
        changed = editing.normalize_target(text) != editing.normalize_target(self.loaded_target)
        return changed and rank(self.current["status"]) > rank(editing.CONFIRMED)

    # ---- undo -------------------------------------------------------------------------------

    @contextmanager
    def _undoable(self) -> Iterator[None]:
        """Record the history rows written inside as one step ctrl+z can take back."""
        with self.store.batch() as batch:
            yield
        if self.store.query("select 1 from history where batch = ? limit 1", [batch]):
            self.undo_stack.append(batch)

    def undo_last(self) -> UndoResult | None:
        """Take back this session's last change (a confirm with the drafts it filled, a status,
        a note, kept typing); ``None`` when the session has changed nothing."""
        from translate_cli.undo import undo_batch

        if not self.undo_stack:
            return None
        # Dropped even when it cannot be undone (already undone elsewhere, or changed since),
        # so the next ctrl+z goes further back instead of repeating the error.
        batch = self.undo_stack.pop()
        result = undo_batch(self.store, self.article_id, batch)
        self.refresh()
        first = result.reverted[-1].segment  # the batch's first change
        self.go(first)
        return result

    # ---- saving -----------------------------------------------------------------------------

    def leave(self, text: str) -> SegmentRow | None:
        """Keep text typed into the current segment without confirming it (as a draft)."""
        if editing.normalize_target(text) == editing.normalize_target(self.loaded_target):
            return None
        with self._undoable():
            seg = editing.save_edit(
                self.store, self.article_id, self.current["id"], text, action=ACTION_EDIT
            )
        self._saved(seg)
        return seg

    def confirm(self, text: str) -> tuple[SegmentRow, list[int]]:
        """Confirm the current segment as translated; fill identical ones from memory.

        Returns the saved segment and the ids translation memory filled as drafts.
        """
        with self._undoable():  # the drafts memory fills are undone with the confirm
            saved = editing.confirm_and_fill(
                self.store, self.article_id, self.current["id"], text, action=ACTION_CONFIRM
            )
        self._saved(saved.segment)
        if saved.filled:
            self.refresh()
        return saved.segment, saved.filled

    def set_status(self, text: str, status: str) -> SegmentRow:
        """Save the typed text with ``status`` in one transaction."""
        with self._undoable():  # like a confirm: identical unfinished segments are filled
            saved = editing.set_target_and_fill(
                self.store,
                self.article_id,
                self.current["id"],
                text,
                status=status,
                action=ACTION_STATUS,
            )
        return self._saved_and_filled(saved)

    def _saved_and_filled(self, saved: editing.Saved) -> SegmentRow:
        self._saved(saved.segment)
        if saved.filled:
            self.refresh()
        return saved.segment

    def set_note(self, note: str) -> SegmentRow:
        with self._undoable():
            seg = editing.set_note(
                self.store, self.article_id, self.current["id"], note, action=ACTION_NOTE
            )
        self.segments = self.store.segments(self.article_id)
        self.current = seg
        return seg

    def _saved(self, seg: SegmentRow | None) -> None:
        self.segments = self.store.segments(self.article_id)
        if seg is not None:
            self.current = seg
            self.loaded_target = seg["target"]

    def _remember_position(self) -> None:
        if self.article.get("position") != self.current["id"]:
            self.store.set_position(self.article_id, self.current["id"])
            self.article["position"] = self.current["id"]


def _tm_suggestions(store: Store, seg: SegmentRow) -> list[dict[str, Any]]:
    from translate_cli.memory import suggestions

    return list(suggestions(store, seg["source"], exclude_segment=seg["pk"]))
