"""The article the review, editing and concurrency tests share, and a check of its shape.

Imported by those tests (``from test_review_data import make_article``).
"""

from __future__ import annotations

from pathlib import Path

from translate_cli.document import Block, ExtractedArticle
from translate_cli.store import Store

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
# Segment ids in a fresh database: 1 title, 2-3 first paragraph, 4 heading, 5-7 last paragraph.
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
    blocks = [
        Block(kind, " ".join(sentences), level=2 if kind == "heading" else 0)  # type: ignore[arg-type]
        for kind, sentences in BLOCKS
    ]
    doc = ExtractedArticle(title=TITLE, blocks=blocks, url=url)
    with Store(db_path) as store:
        return store.save_article(doc, [[TITLE], *(s for _, s in BLOCKS)]).article_id


def write_glossary(path: Path) -> Path:
    """The glossary as a CSV file (source,target) for load_glossary."""
    lines = ["source,target", *(f"{ar},{en}" for ar, en in GLOSSARY.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_article_has_the_segments_the_tests_rely_on(db_path: Path) -> None:
    article_id = make_article(db_path)
    with Store(db_path) as store:
        segments = store.segments(article_id)
    assert [s["id"] for s in segments] == IDS
    assert [s["kind"] for s in segments] == [
        "title",
        "paragraph",
        "paragraph",
        "heading",
        "paragraph",
        "paragraph",
        "paragraph",
    ]
    assert segments[2]["source"] == segments[5]["source"]
    assert {s["status"] for s in segments} == {"new"}
