"""The database: one Store, its named migrations, and the typed rows it hands out."""

from translate_cli.store.database import UNSET, SaveResult, Store, now_iso
from translate_cli.store.rows import ArticleRow, HistoryRow, SegmentRow, segment_json

__all__ = [
    "UNSET",
    "ArticleRow",
    "HistoryRow",
    "SaveResult",
    "SegmentRow",
    "Store",
    "now_iso",
    "segment_json",
]
