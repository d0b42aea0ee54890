"""The database: one Store, its named migrations, and the rows it hands out."""

from translate_cli.store.database import UNSET, SaveResult, Store, now_iso

__all__ = ["UNSET", "SaveResult", "Store", "now_iso"]
