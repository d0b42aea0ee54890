"""Start-up and end-to-end speed of the installed `translate-cli`, beside `python -c pass`.

Prints the median wall time of `python -c pass` (the floor), `translate-cli --help` and
`--version` (target < 250 ms), a fetch of a saved ~1,500-word Arabic article into a fresh
database (target < 400 ms) and a `set` on that article (target < 200 ms).

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
from collections.abc import Callable
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


def median_time(cmd: list[str], runs: int, before: Callable[[], None] | None = None) -> float:
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(what: str, seconds: float, floor: float, target_ms: int | None = None) -> None:
    target = f"; target < {target_ms} ms" if target_ms else ""
    print(
        f"{what:<40} median {seconds * 1000:4.0f} ms "
        f"({(seconds - floor) * 1000:+4.0f} ms over python -c pass{target})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    exe = shutil.which("translate-cli")
    base = [exe] if exe else [sys.executable, "-m", "translate_cli"]
    floor = median_time([sys.executable, "-c", "pass"], args.runs)
    print(f"{'python -c pass':<40} median {floor * 1000:4.0f} ms over {args.runs} runs")
    report("translate-cli --help", median_time([*base, "--help"], args.runs), floor, 250)
    report("translate-cli --version", median_time([*base, "--version"], args.runs), floor, 250)

    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "article.html"
        page.write_text(make_article(1500), encoding="utf-8")
        db = Path(tmp) / "bench.db"

        def fresh() -> None:
            for suffix in ("", "-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)

        fetch_s = median_time([*base, "fetch", str(page), "--db", str(db)], args.runs, before=fresh)
        out = subprocess.run(
            [*base, "list", "--db", str(db), "--json"], capture_output=True, text=True, check=True
        )
        listed = json.loads(out.stdout)
        articles = listed["articles"] if isinstance(listed, dict) else listed
        segments = sum(a["segments"] for a in articles)
        report(f"fetch of a saved page ({segments} segments)", fetch_s, floor, 400)
        set_s = median_time(
            [*base, "set", "1", "2", "The opposition factions advanced.", "--db", str(db)],
            args.runs,
        )
        report("set on that article", set_s, floor, 200)


if __name__ == "__main__":
    main()
