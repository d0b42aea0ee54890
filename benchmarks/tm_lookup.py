"""Translation-memory lookup latency as the memory grows.

Builds memories of synthetic, seeded Arabic-like news sentences (a Zipf-distributed vocabulary
of pseudo-words with the real function words and numbers mixed in), then times
``translate_cli.memory.suggestions`` for near-duplicate queries (a memory sentence with one word or
number changed) and for queries with no match, after 50 unmeasured warm-up queries. Target:
median < 20 ms and p95 < 50 ms at 100k. --recall also checks each near-duplicate's top
suggestion against a brute-force rapidfuzz scan of the whole memory.

    python benchmarks/tm_lookup.py                      # 10k, 100k, 1M units
    python benchmarks/tm_lookup.py --sizes 10000,100000 --queries 300 --recall

Memories are cached in --dir (default: a temporary folder) as tm-<size>.db.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from translate_cli.memory import rebuild_index, suggestions
from translate_cli.store import Store

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويةىأإآءئؤ"
_FUNCTION_TEXT = (
    "في من على إلى أن عن مع بعد قبل التي الذي قال وقال حيث خلال بين منذ ضد أمس اليوم "
    "مصدر مصادر محلية قوات النظام السوري سوريا دمشق حلب إدلب ريف شمال جنوب شرق غرب"
)
FUNCTION_WORDS = _FUNCTION_TEXT.split()


def make_vocabulary(rng: random.Random, size: int = 30_000) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        word = "".join(rng.choice(LETTERS) for _ in range(rng.choice((3, 4, 4, 5, 5, 6, 7))))
        words.add(("ال" + word) if rng.random() < 0.35 else word)
    return FUNCTION_WORDS + sorted(words)


class SentenceMaker:
    def __init__(self, vocabulary: list[str], seed: int) -> None:
        self.rng = random.Random(seed)
        self.vocabulary = vocabulary
        # Zipf-like: the function words lead, then a long tail, as in news text.
        self.cum = list(itertools.accumulate(1 / (i + 1) ** 1.05 for i in range(len(vocabulary))))

    def sentence(self) -> str:
        rng = self.rng
        words = rng.choices(self.vocabulary, cum_weights=self.cum, k=rng.randint(7, 30))
        if rng.random() < 0.6:
            words.insert(rng.randrange(len(words)), str(rng.randint(1, 5000)))
        return " ".join(words) + "."

    def near(self, sentence: str) -> str:
        words = sentence.rstrip(".").split()
        i = self.rng.randrange(len(words))
        if words[i].isdigit():
            words[i] = str(int(words[i]) + self.rng.randint(1, 9))
        else:
            words[i] = self.rng.choice(self.vocabulary)
        return " ".join(words) + "."


def build(path: Path, size: int, vocabulary: list[str]) -> tuple[Store, list[str]]:
    maker = SentenceMaker(vocabulary, seed=size)
    store = Store(path)
    have = store.query("select count(*) as n from tm_units")[0]["n"]
    sentences: list[str] = []
    started = time.perf_counter()
    with store.write() as db:
        batch: list[tuple[str, str]] = []
        for i in range(size):
            sentence = maker.sentence()
            if i < 2000:
                sentences.append(sentence)
            if have == 0:
                batch.append((sentence, f"English rendering {i}"))
            if len(batch) == 10_000:
                db.conn.executemany("insert into tm_units (source, target) values (?, ?)", batch)
                batch = []
        if batch:
            db.conn.executemany("insert into tm_units (source, target) values (?, ?)", batch)
    if have == 0:
        units = rebuild_index(store)
        print(
            f"  built {units:,} units in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    return store, sentences


def measure(store: Store, queries: list[str]) -> tuple[list[float], int]:
    times: list[float] = []
    found = 0
    for query in queries:
        t0 = time.perf_counter()
        result = suggestions(store, query)
        times.append((time.perf_counter() - t0) * 1000)
        found += bool(result)
    return times, found


def best_found(store: Store, queries: list[str]) -> tuple[int, int]:
    """How often the top suggestion scores as high as the best unit in the whole memory
    (found by brute force with rapidfuzz), over the queries that have a match >= 75."""
    from rapidfuzz import fuzz, process

    from translate_cli.memory import norm

    memory = dict(store.db.execute("select id, norm from tm_index").fetchall())
    hits = total = 0
    for query in queries:
        best = process.extractOne(norm(query), memory, scorer=fuzz.ratio, score_cutoff=75)
        if best is None:
            continue
        total += 1
        top = suggestions(store, query, limit=1)
        hits += bool(top) and top[0]["score"] >= min(99, round(best[1]))
    return hits, total


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--dir", type=Path, default=None, help="Keep the built memories here.")
    parser.add_argument(
        "--recall",
        action="store_true",
        help="Also check the top suggestion against a brute-force search of the whole memory.",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    folder = args.dir or Path(tempfile.mkdtemp(prefix="tm-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    vocabulary = make_vocabulary(random.Random(7))
    print(f"memories in {folder}", file=sys.stderr)
    print(f"{'units':>9}  {'kind':<10} {'median ms':>9} {'p95 ms':>8} {'max ms':>8}  found")
    for size in sizes:
        store, sentences = build(folder / f"tm-{size}.db", size, vocabulary)
        asker = SentenceMaker(vocabulary, seed=10_000_019 + size)
        near = [asker.near(asker.rng.choice(sentences)) for _ in range(args.queries)]
        fresh = [asker.sentence() for _ in range(args.queries)]
        # Warm the caches as a working session would, with queries that are not measured.
        for _ in range(50):
            suggestions(store, asker.near(asker.rng.choice(sentences)))
        for kind, queries in (("near-dup", near), ("no-match", fresh)):
            times, found = measure(store, queries)
            print(
                f"{size:>9,}  {kind:<10} {statistics.median(times):>9.1f} {p95(times):>8.1f} "
                f"{max(times):>8.1f}  {found}/{len(queries)}"
            )
        if args.recall:
            hits, total = best_found(store, near)
            print(f"{size:>9,}  best match found by the top suggestion: {hits}/{total}")
        store.close()


if __name__ == "__main__":
    main()
