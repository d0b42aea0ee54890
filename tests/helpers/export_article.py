"""The translated article the export, XLIFF and TMX tests share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers import run, save_article
from translate_cli.store import Store

TITLE_AR = "عودة الكهرباء إلى أحياء حمص القديمة بعد انقطاع طويل"
SEGMENTED = [
    [TITLE_AR],
    [
        "أعلنت مديرية الكهرباء في حمص عودة التيار إلى أحياء المدينة القديمة.",
        "وقال مسؤول في المديرية إن الورشات عملت ثلاثة أيام متواصلة.",
    ],
    ["أضرار في الشبكة"],
    ["تضررت محطتان رئيسيتان خلال الشتاء الماضي."],
    ["مطالب الأهالي"],
    ["طالب السكان بجدول واضح لساعات التقنين."],
]
# (kind, sentences, heading level) of each body block.
BLOCKS = [
    ("paragraph", SEGMENTED[1], 0),
    ("heading", SEGMENTED[2], 2),
    ("paragraph", SEGMENTED[3], 0),
    ("heading", SEGMENTED[4], 3),
    ("paragraph", SEGMENTED[5], 0),
]
TARGETS = [
    "Power returns to the old quarters of Homs after a long outage",
    "The electricity directorate in Homs announced that power has returned to the old city.",
    'An official said that the crews worked for three days without a break & <b>"never"</b> stopped.',
    "Damage to the grid",
    "Two main stations were damaged last winter.",
    "What residents want",
    "Residents asked for a clear schedule of the rationing hours.",
]
URL = "https://www.syria.tv/power-homs"
CANONICAL = "https://www.syria.tv/98765"


def make_article(db: Path, *, approve: bool = True, url: str = URL) -> tuple[int, list[int]]:
    """A six-block article; every segment translated (and approved unless told otherwise)."""
    with Store(db) as store:
        article, ids = save_article(
            store,
            TITLE_AR,
            BLOCKS,
            url,
            canonical_url=CANONICAL if url == URL else None,
            site="syria.tv",
            author="سامر الحلبي",
            published="2024-12-03T18:30:00+03:00",
        )
        for seg_id, target in zip(ids, TARGETS, strict=True):
            store.update_segment(
                article, seg_id, target=target, status="approved" if approve else "translated"
            )
        return article, ids


def mixed_article(db: Path, note: str) -> tuple[int, list[int]]:
    """Every status, ``note`` (markup and a line break, for the exchange formats) on the third
    sentence, one segment without a target."""
    art, ids = make_article(db, approve=False)
    with Store(db) as store:
        store.update_segment(art, ids[0], status="approved", note="Title agreed with the editor.")
        store.update_segment(art, ids[1], status="reviewed")
        store.update_segment(art, ids[3], status="draft", note=note)
        store.update_segment(art, ids[5], target=None, status="new")
    return art, ids


def export_as(fmt: str, db: Path, art: int, folder: Path) -> Path:
    """``export ART --format FMT`` into ``folder``; the file written."""
    out = folder / f"article-{art}.xlf"
    result = run(db, "export", str(art), "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return out


def work(db: Path, art: int) -> list[tuple[Any, ...]]:
    """(id, target, status, note) of every segment: what an exchange round trip must keep."""
    with Store(db) as store:
        return [(s["id"], s["target"], s["status"], s["note"]) for s in store.segments(art)]
