"""The segment status model: the five statuses, their order, and which of them count as done.

Every module that ranks, lists or validates a status imports it from here, so the order is
written once.
"""

from __future__ import annotations

from enum import StrEnum

from translate_cli.errors import InputError


class Status(StrEnum):
    """A segment's place in the workflow, in order from untouched to signed off."""

    NEW = "new"
    DRAFT = "draft"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"
    APPROVED = "approved"

    @property
    def rank(self) -> int:
        """0 for new … 4 for approved: a higher rank is further along."""
        return _ORDER.index(self)

    @property
    def done(self) -> bool:
        """Translator's work: counts as translation memory and may be exported."""
        return self.rank >= _ORDER.index(Status.TRANSLATED)


_ORDER: tuple[Status, ...] = tuple(Status)

STATUSES: tuple[str, ...] = tuple(s.value for s in Status)
# Statuses at which a segment counts as translator's work (and as translation memory).
DONE_STATUSES: tuple[str, ...] = tuple(s.value for s in Status if s.done)
# The status a translator's confirm gives.
CONFIRMED = Status.TRANSLATED.value
STATUS_HELP = ", ".join(STATUSES)


def check_status(status: str) -> str:
    """Return ``status`` if valid, else raise a one-line :class:`InputError`."""
    if status not in STATUSES:
        raise InputError(f"Unknown status {status!r}: use one of {STATUS_HELP}.")
    return status


def rank(status: str) -> int:
    """The order of ``status`` (0 for new … 4 for approved); unknown statuses rank below new."""
    try:
        return Status(status).rank
    except ValueError:
        return -1
