"""`list`, `show` and `search` on a generated database of 1,000 articles, beside `python -c pass`.

Generates (fast: bulk inserts straight into the store's tables, in one transaction) a database
of 1,000 articles of 100 segments each, half of them translated, primes the memory and search
indexes as a day of use would, then prints the median wall time of each command (target: every
one under 0.5 s) with output to a pipe.

    python benchmarks/scale.py [--articles 1000] [--segments 100] [--runs 5] [--db scale.db]

With --db an existing file of that name is reused, so the figures can be rerun without
generating it again.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_AR_TEXT = (
    "أعلن المجلس المحلي في مدينة حلب عن افتتاح سوق جديد للخضار بعد أشهر من الانتظار وقال "
    "رئيس المجلس إن السوق يضم مئة محل وسط إقبال كبير من التجار والأهالي على الحجز وتشهد "
    "المنطقة انقطاعا متكررا للكهرباء والمياه منذ بداية الشتاء بسبب نقص الوقود وارتفاع "
    "الأسعار في ريف إدلب الجنوبي حيث وصل وفد من دمشق لبحث عودة النازحين إلى قراهم"
)
_EN_TEXT = (
    "the local council in aleppo announced a new vegetable market after months of waiting "
    "its head said the market has one hundred shops amid strong demand from traders and "
    "residents power and water cuts have been frequent since winter began because fuel is "
    "short and prices rose in southern idlib where a delegation from damascus arrived"
)
AR, EN = _AR_TEXT.split(), _EN_TEXT.split()


def sentence(rng: random.Random, words: list[str], n: int) -> str:
    return " ".join(rng.choice(words) for _ in range(n)) + "."


def generate(path: Path, articles: int, per_article: int) -> None:
    from translate_cli import search
    from translate_cli.memory import sync as sync_memory
    from translate_cli.store import Store

    rng = random.Random(11)
    started = time.perf_counter()
    with Store(path) as store:
        db = store.db.conn
        stamp = "2024-12-01T10:00:00+00:00"
        with store.write():
            for a in range(1, articles + 1):
                url = f"https://www.syria.tv/article-{a}"
                db.execute(
                    "insert into articles (id, url, canonical_url, site, title, author, "
                    "published, fetched_at, created_at, url_key, canonical_key) "
                    "values (?, ?, ?, 'syria.tv', ?, 'مراسل', ?, ?, ?, ?, ?)",
                    [
                        a,
                        url,
                        url,
                        sentence(rng, AR, 9)[:-1],
                        f"2024-{1 + a % 12:02d}-{1 + a % 28:02d}T08:00:00+03:00",
                        stamp,
                        stamp,
                        f"syria.tv/article-{a}",
                        f"syria.tv/article-{a}",
                    ],
                )
                # The title, then paragraphs of four sentences.
                blocks = [(a, 0, "title", 0, "")] + [
                    (a, b, "paragraph", 0, "") for b in range(1, (per_article + 2) // 4 + 1)
                ]
                db.executemany(
                    "insert into blocks (article_id, idx, kind, level, source) "
                    "values (?, ?, ?, ?, ?)",
                    blocks,
                )
                rows = []
                for i in range(per_article):
                    done = rng.random() < 0.5
                    rows.append(
                        (
                            a,
                            0 if i == 0 else 1 + (i - 1) // 4,
                            i,
                            i + 1,
                            sentence(rng, AR, rng.randint(8, 20)),
                            sentence(rng, EN, rng.randint(10, 24)) if done else None,
                            rng.choice(("translated", "reviewed", "approved")) if done else "new",
                            stamp,
                            stamp,
                        )
                    )
                db.executemany(
                    "insert into segments (article_id, block, idx, num, source, target, status, "
                    "removed, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
                    rows,
                )
        made = time.perf_counter()
        print(f"generated {articles} articles, {articles * per_article} segments in "
              f"{made - started:.1f} s")  # fmt: skip
        search.sync(store)
        indexed = time.perf_counter()
        print(f"search index: {indexed - made:.1f} s")
        sync_memory(store)
        print(f"memory index: {time.perf_counter() - indexed:.1f} s")
        counts = store.query("select count(*) as n, sum(target is not null) as t from segments")[0]
        print(f"{counts['n']} segments, {counts['t']} translated")


def median_time(argv: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"{' '.join(argv)} failed: {done.stderr.decode(errors='replace')}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--segments", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, help="database file to create or reuse")
    args = parser.parse_args()
    folder = None
    if args.db is None:
        folder = Path(tempfile.mkdtemp(prefix="translate-cli-scale-"))
        path = folder / "scale.db"
    else:
        path = args.db
    try:
        if not path.exists():
            generate(path, args.articles, args.segments)
        exe = (
            shutil.which("translate-cli", path=str(Path(sys.executable).parent)) or "translate-cli"
        )
        env = {**os.environ, "TRANSLATE_CLI_DB": str(path), "NO_COLOR": "1", "PAGER": "cat"}
        middle = str(max(1, args.articles // 2))
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "translate-cli list": [exe, "list"],
            "translate-cli list --all": [exe, "list", "--all"],
            f"translate-cli show {middle}": [exe, "show", middle],
            f"translate-cli show {middle} --json --no-suggest": [
                exe, "show", middle, "--json", "--no-suggest"
            ],
            "translate-cli search 'حلب'": [exe, "search", "حلب"],
            "translate-cli search 'damascus delegation'": [exe, "search", "damascus delegation"],
            "translate-cli search 'وفد' --status approved --json": [
                exe, "search", "وفد", "--status", "approved", "--json"
            ],
        }  # fmt: skip
        width = max(map(len, commands))
        for label, argv in commands.items():
            seconds = median_time(argv, args.runs, env)
            print(f"{label:<{width}}  {seconds * 1000:7.0f} ms")
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
