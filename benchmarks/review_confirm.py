"""How long the review screen's confirm-and-next takes, without drawing.

Builds one article of seeded pseudo-news sentences, then times what ctrl+s does: the committed
confirm (one transaction, one history row), translation-memory propagation, finding the next
unfinished segment, moving there, and the memory suggestions and glossary terms for it.

    python benchmarks/review_confirm.py                    # 300 segments, 100 confirms
    python benchmarks/review_confirm.py --segments 1000 --confirms 300
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from translate_cli.document import Block, ExtractedArticle
from translate_cli.glossary import load_glossary
from translate_cli.review.session import ReviewSession
from translate_cli.store import Store

WORDS = [
    "قالت",
    "الأمم",
    "المتحدة",
    "إن",
    "آلاف",
    "العائلات",
    "نزحت",
    "من",
    "ريف",
    "إدلب",
    "الجنوبي",
    "خلال",
    "أسبوع",
    "واحد",
    "وسط",
    "قصف",
    "متواصل",
    "على",
    "القرى",
    "والبلدات",
    "وأكد",
    "الدفاع",
    "المدني",
    "السوري",
    "أن",
    "فرق",
    "الإغاثة",
    "وصلت",
    "إلى",
    "المخيمات",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=300)
    parser.add_argument("--confirms", type=int, default=100)
    args = parser.parse_args()
    rng = random.Random(7)
    paras = [
        [" ".join(rng.choice(WORDS) for _ in range(18)) + "." for _ in range(5)]
        for _ in range(max(1, args.segments // 5))
    ]
    db = Path(tempfile.mkdtemp()) / "bench.db"
    store = Store(db)
    doc = ExtractedArticle(
        title="عنوان", blocks=[Block("paragraph", " ".join(p)) for p in paras], url="https://b/1"
    )
    store.save_article(doc, [["عنوان"], *paras])
    session = ReviewSession(store, 1, glossary=load_glossary())
    times: list[float] = []
    for i in range(min(args.confirms, len(session.segments) - 1)):
        start = time.perf_counter()
        session.confirm(f"Translation {i}.")
        following = session.next_unfinished()
        if following is None:
            break
        session.go(following["id"])
        session.suggestions()
        session.renderings()
        session.progress()
        times.append(time.perf_counter() - start)
    times.sort()
    print(
        f"segments={len(session.segments)} confirms={len(times)} "
        f"median={statistics.median(times) * 1000:.1f} ms "
        f"p95={times[int(len(times) * 0.95) - 1] * 1000:.1f} ms max={times[-1] * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
