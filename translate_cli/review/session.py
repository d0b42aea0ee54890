"""What the review screen does, without the screen: where we are, moving, saving.

The Textual app only turns keys into these calls and draws the result, so the rules live in
one place (:mod:`translate_cli.editing`) and can be tested without a terminal. Every save is
its own committed transaction; the segment list is re-read after each one, so changes made by
another session or a scripted ``set`` show up as soon as the translator moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from translate_cli import editing
from translate_cli.status import check_status
from translate_cli.store import Store

if TYPE_CHECKING:
    from translate_cli.glossary import Glossary, TermHit

# History actions written by the screen, told apart from the scripting commands' "set" etc.
ACTION_CONFIRM = "review:confirm"
ACTION_EDIT = "review:edit"
ACTION_STATUS = "review:status"
ACTION_NOTE = "review:note"


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
    ) -> None:
        self.store = store
        self.article = store.resolve_article(article_id)
        self.article_id: int = self.article["id"]
        self.glossary = glossary
        self.filter: str | None = None
        self.segments: list[dict[str, Any]] = store.segments(self.article_id)
        if start is not None:
            first = store.segment(self.article_id, start)
        else:
            first = editing.resume_segment(self.article, self.segments)
        self.current: dict[str, Any] = first
        # The target as loaded into the editor: only text that differs from it is saved on
        # leaving, so merely passing through a segment never overwrites another session's work.
        self.loaded_target: str | None = first["target"]
        self._suggestions: dict[int, list[dict[str, Any]]] = {}
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

    def neighbours(self) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        pos = self.position
        before = self.segments[pos - 1] if 0 < pos <= len(self.segments) else None
        after = self.segments[pos + 1] if pos + 1 < len(self.segments) else None
        return before, after

    def progress(self) -> dict[str, int]:
        return editing.progress(self.segments)

    def term_hits(self) -> list[TermHit]:
        """Glossary hits in the current source: spans of the stored text."""
        if self.glossary is None:
            return []
        return list(self.glossary.find(self.current["source"]))

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
            term = self.glossary.lookup(hit.term)
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

    def matches(self, seg: dict[str, Any]) -> bool:
        return self.filter is None or seg["status"] == self.filter

    def go(self, seg_id: int | str) -> dict[str, Any]:
        """Make ``seg_id`` current (a one-line error if the article has no such segment)."""
        seg = self.store.segment(self.article_id, seg_id)
        self.segments = self.store.segments(self.article_id)
        self.current = seg
        self.loaded_target = seg["target"]
        self._remember_position()
        return seg

    def step(self, delta: int) -> dict[str, Any] | None:
        """The next (``+1``) or previous (``-1``) segment that passes the filter, or ``None``."""
        pos = self.position
        order = self.segments[pos + 1 :] if delta > 0 else list(reversed(self.segments[:pos]))
        return next((seg for seg in order if self.matches(seg)), None)

    def next_unfinished(self, below: str = editing.CONFIRMED) -> dict[str, Any] | None:
        candidates = [s for s in self.segments if self.matches(s) or s["id"] == self.current["id"]]
        return editing.next_unfinished(candidates, self.current["id"], below)

    def set_filter(self, status: str | None) -> dict[str, Any] | None:
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

    # ---- saving -----------------------------------------------------------------------------

    def leave(self, text: str) -> dict[str, Any] | None:
        """Keep text typed into the current segment without confirming it (as a draft)."""
        if editing.normalize_target(text) == editing.normalize_target(self.loaded_target):
            return None
        seg = editing.save_edit(
            self.store, self.article_id, self.current["id"], text, action=ACTION_EDIT
        )
        self._saved(seg)
        return seg

    def confirm(self, text: str) -> tuple[dict[str, Any], list[int]]:
        """Confirm the current segment as translated; fill identical ones from memory.

        Returns the saved segment and the ids translation memory filled as drafts.
        """
        seg = editing.confirm(
            self.store, self.article_id, self.current["id"], text, action=ACTION_CONFIRM
        )
        self._saved(seg)
        filled = _tm_propagate(self.store, self.article_id, seg["id"])
        if filled:
            self.refresh()
        return seg, filled

    def set_status(self, text: str, status: str) -> dict[str, Any]:
        """Save the typed text with ``status`` in one transaction."""
        seg = editing.set_target(
            self.store,
            self.article_id,
            self.current["id"],
            text,
            status=status,
            action=ACTION_STATUS,
        )
        self._saved(seg)
        return seg

    def set_note(self, note: str) -> dict[str, Any]:
        seg = editing.set_note(
            self.store, self.article_id, self.current["id"], note, action=ACTION_NOTE
        )
        self.segments = self.store.segments(self.article_id)
        self.current = seg
        return seg

    def _saved(self, seg: dict[str, Any] | None) -> None:
        self.segments = self.store.segments(self.article_id)
        if seg is not None:
            self.current = seg
            self.loaded_target = seg["target"]

    def _remember_position(self) -> None:
        if self.article.get("position") != self.current["id"]:
            self.store.set_position(self.article_id, self.current["id"])
            self.article["position"] = self.current["id"]


def _tm_suggestions(store: Store, seg: dict[str, Any]) -> list[dict[str, Any]]:
    from translate_cli.memory import suggestions

    return list(suggestions(store, seg["source"], exclude_segment=seg["id"]))


def _tm_propagate(store: Store, article_id: int, seg_id: int) -> list[int]:
    from translate_cli.memory import propagate

    return list(propagate(store, article_id, seg_id))
