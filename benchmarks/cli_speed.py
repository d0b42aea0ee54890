"""Start-up and end-to-end fetch speed of the installed `translate-cli`.

Prints the median wall time of `translate-cli --help` (target < 0.25 s) and of fetching a saved
~1,500-word Arabic article into a fresh database, end to end (target < 1 s).

    python benchmarks/cli_speed.py [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = [
    "أعلنت",
    "الفصائل",
    "المعارضة",
    "سيطرتها",
    "على",
    "مواقع",
    "جديدة",
    "في",
    "ريف",
    "حلب",
    "الشمالي",
    "بعد",
    "اشتباكات",
    "عنيفة",
    "مع",
    "قوات",
    "النظام",
    "وقال",
    "مصدر",
    "عسكري",
    "إن",
    "العملية",
    "مستمرة",
    "حتى",
    "تحقيق",
    "أهدافها",
    "في",
    "المنطقة",
    "وأضاف",
    "أن",
    "المدنيين",
    "بدؤوا",
    "بالعودة",
    "إلى",
    "منازلهم",
    "في",
    "القرى",
    "المحررة",
    "وسط",
    "ظروف",
    "إنسانية",
    "صعبة",
    "ونقص",
    "في",
    "الخدمات",
    "الأساسية",
    "والمياه",
    "والكهرباء",
]


def make_article(words: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    paragraphs, count = [], 0
    while count < words:
        sentences = []
        for _ in range(rng.randint(2, 4)):
            n = rng.randint(10, 22)
            sentences.append(" ".join(rng.choice(WORDS) for _ in range(n)) + ".")
            count += n
        paragraphs.append(" ".join(sentences))
    body = "\n".join(
        (f"<h2>عنوان فرعي رقم {i}</h2>" if i % 4 == 3 else "") + f"<p>{p}</p>"
        for i, p in enumerate(paragraphs)
    )
    return (
        '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        "<title>تقدم جديد للفصائل في ريف حلب</title>"
        '<meta property="article:published_time" content="2024-11-30T12:19:00+03:00"></head>'
        f"<body><article><h1>تقدم جديد للفصائل في ريف حلب</h1>{body}</article></body></html>"
    )


def median_time(cmd: list[str], runs: int, before=None) -> float:
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    exe = shutil.which("translate-cli")
    base = [exe] if exe else [sys.executable, "-m", "translate_cli"]
    help_s = median_time([*base, "--help"], args.runs)
    print(
        f"translate-cli --help: median {help_s * 1000:.0f} ms over {args.runs} runs (target < 250 ms)"
    )

    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "article.html"
        page.write_text(make_article(1500), encoding="utf-8")
        db = Path(tmp) / "bench.db"

        def fresh() -> None:
            for suffix in ("", "-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)

        fetch_s = median_time([*base, "fetch", str(page), "--db", str(db)], args.runs, before=fresh)
        out = subprocess.run(
            [*base, "list", "--db", str(db), "--json"], capture_output=True, text=True
        )
        segments = sum(a["segments"] for a in json.loads(out.stdout)["articles"])
        print(
            f"fetch of a saved 1,500-word article: median {fetch_s * 1000:.0f} ms "
            f"(target < 1000 ms; {segments} segments stored)"
        )


if __name__ == "__main__":
    main()
