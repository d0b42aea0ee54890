"""The article the review, editing and concurrency tests share (``db`` in conftest saves it)."""

from __future__ import annotations

from pathlib import Path

from helpers import save_article

TITLE = "الأمم المتحدة تحذر من موجة نزوح جديدة في ريف إدلب"
BLOCKS: list[tuple[str, list[str]]] = [
    (
        "paragraph",
        [
            "قالت الأمم المتحدة يوم الأحد إن أكثر من عشرة آلاف شخص غادروا قراهم في ريف إدلب الجنوبي.",
            "وأضافت أن فرق الإغاثة تواجه صعوبة في الوصول إلى المخيمات.",
        ],
    ),
    ("heading", ["الدفاع المدني يطالب بممرات آمنة"]),
    (
        "paragraph",
        [
            "وأكد الدفاع المدني السوري أن القصف استهدف ثلاث بلدات منذ صباح السبت.",
            "وأضافت أن فرق الإغاثة تواجه صعوبة في الوصول إلى المخيمات.",
            "ودعت منظمات محلية إلى فتح ممرات آمنة للمدنيين.",
        ],
    ),
]
# Segments: 1 title, 2-3 first paragraph, 4 heading, 5-7 last paragraph.
# Segments 3 and 6 have the same source (translation memory propagates between them).
IDS = list(range(1, 8))
GLOSSARY = {
    "الأمم المتحدة": "United Nations",
    "ريف إدلب": "Idlib countryside",
    "الدفاع المدني السوري": "Syrian Civil Defence",
    "فرق الإغاثة": "relief teams",
}


def make_article(db_path: Path, url: str = "https://www.syria.tv/review-test") -> int:
    """Save the test article into ``db_path``; return its id."""
    return save_article(db_path, TITLE, BLOCKS, url)[0]


def write_glossary(path: Path) -> Path:
    """The glossary as a CSV file (source,target) for load_glossary."""
    lines = ["source,target", *(f"{ar},{en}" for ar, en in GLOSSARY.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
