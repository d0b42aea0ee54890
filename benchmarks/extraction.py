"""Score the generic extraction path on the public article-extraction benchmark.

Reads ``../shared/benchmarks/article-extraction/`` beside the repository (181 real pages as
``html/<sha256>.html.gz`` and ``ground-truth.json``) and prints F1, precision and recall of

- ``extract_html`` (trafilatura plus our clean-up; body blocks joined by blank lines, no title
  and no image captions, as the ground truth's ``articleBody`` holds neither), and
- trafilatura alone (``extract(favor_precision=True, include_comments=False)``),

with pages per second for each. The metric is the benchmark authors', rewritten from their
description: lowercase ``\\w+`` tokens, word 4-gram shingles with counts, per-page precision and
recall averaged over pages (1.0 when a side has no shingles), F1 of the two means.

    python benchmarks/extraction.py [--data PATH] [--only ours|trafilatura] [--worst N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "benchmarks" / "article-extraction"
_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text.lower())
    # As the authors do: a text shorter than n words is one shorter shingle.
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def page_scores(predicted: str, truth: str) -> tuple[float, float]:
    pred, true = shingles(predicted), shingles(truth)
    tp = sum((pred & true).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall


def load(data: Path) -> list[tuple[str, str, str, str]]:
    """(key, url, html, true body) for every page."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key, item in sorted(truth.items()):
        raw = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes())
        from translate_cli.ingest.download import decode_html

        pages.append((key, item.get("url") or "", decode_html(raw), item.get("articleBody") or ""))
    return pages


def ours(html: str, url: str) -> str:
    from translate_cli.errors import ExtractionError
    from translate_cli.ingest.extract import generic
    from translate_cli.ingest.extract.page import Page

    try:
        # The generic path only: site profiles are not what this benchmark measures.
        doc = generic.extract(Page(html, url or None))
    except ExtractionError:
        return ""
    # Image captions are blocks of their own kind, which the ground truth's articleBody never
    # holds: scored, each one would count as noise against the body text measured here.
    return "\n\n".join(block.text for block in doc.blocks if block.kind != "caption")


def trafilatura_alone(html: str, url: str) -> str:
    import trafilatura

    return (
        trafilatura.extract(html, url=url or None, favor_precision=True, include_comments=False)
        or ""
    )


def run(
    name: str, fn: Callable[[str, str], str], pages: list[tuple[str, str, str, str]]
) -> dict[str, float | list[tuple[float, str]]]:
    fn(pages[0][2], pages[0][1])  # warm-up: imports
    precisions, recalls, per_page = [], [], []
    start = time.perf_counter()
    outputs = [fn(html, url) for _, url, html, _ in pages]
    elapsed = time.perf_counter() - start
    for (key, _, _, truth), predicted in zip(pages, outputs, strict=True):
        p, r = page_scores(predicted, truth)
        precisions.append(p)
        recalls.append(r)
        per_page.append((2 * p * r / (p + r) if p + r else 0.0, key))
    precision = sum(precisions) / len(pages)
    recall = sum(recalls) / len(pages)
    f1 = 2 * precision * recall / (precision + recall)
    return {"f1": f1, "p": precision, "r": recall, "rate": len(pages) / elapsed, "pages": per_page}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--only", choices=("ours", "trafilatura"))
    parser.add_argument(
        "--worst", type=int, default=0, help="list the N pages where ours loses most"
    )
    args = parser.parse_args()
    if not (args.data / "ground-truth.json").is_file():
        print(
            f"Benchmark data not found at {args.data}: lay the shared folder beside the "
            "repository (../shared/benchmarks/article-extraction) or pass --data PATH.",
            file=sys.stderr,
        )
        return 1
    pages = load(args.data)
    print(f"{len(pages)} pages from {args.data}")
    results = {}
    for name, fn in (
        ("translate-cli generic path", ours),
        ("trafilatura alone (favor_precision)", trafilatura_alone),
    ):
        if args.only and not name.startswith(
            {"ours": "translate", "trafilatura": "trafilatura"}[args.only]
        ):
            continue
        res = run(name, fn, pages)
        results[name] = res
        print(
            f"{name:38} F1 {res['f1']:.4f}  P {res['p']:.4f}  R {res['r']:.4f}  {res['rate']:6.1f} pages/s"
        )
    if args.worst and len(results) == 2:
        ours_pages, theirs = (dict((k, f) for f, k in r["pages"]) for r in results.values())  # type: ignore[union-attr]
        diffs = sorted((ours_pages[k] - theirs[k], k) for k in ours_pages)
        for diff, key in diffs[: args.worst] + diffs[-args.worst :]:
            print(
                f"  {diff:+.3f}  ours {ours_pages[key]:.3f}  trafilatura {theirs[key]:.3f}  {key}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
