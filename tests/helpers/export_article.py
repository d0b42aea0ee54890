"""The translated article the export, XLIFF and TMX tests share."""

from __future__ import annotations

from pathlib import Path

from helpers import save_article
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
