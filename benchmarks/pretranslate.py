"""pretranslate's own cost: a 100-segment article against a loopback engine that takes 300 ms
per request.

Runs ``translate_cli.pretranslate.pretranslate`` with the real ``openai`` engine against the
chat-completions server of the tests (tests/helpers/mt_servers.py) on 127.0.0.1, with the
bundled glossary, on a fresh database, and prints wall time, requests, the engine's time at
the concurrency used (requests in rounds of ``concurrency``, each round one latency) and the
tool's overhead per segment beyond it. Targets: under 5 ms per segment, and wall time no more
than 1.5x the engine's time. A second run with ``overwrite`` shows a cache-served rerun.

    python benchmarks/pretranslate.py
    python benchmarks/pretranslate.py --segments 300 --latency 0.5 --adversarial
    python benchmarks/pretranslate.py --sample    # term figures on examples/, adversarial engines
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from helpers.mt_servers import (  # noqa: E402
    DeepLServer,
    chat_server,
    deepl_server,
    numbered_article,
)

from translate_cli.engines import EngineSettings, make_engine  # noqa: E402
from translate_cli.glossary import load_glossary  # noqa: E402
from translate_cli.pretranslate import pretranslate  # noqa: E402
from translate_cli.store import Store  # noqa: E402


def sample() -> None:
    """The glossary figures on the bundled sample article with engines that ignore the
    glossary: the chat protocol (repair, then masking) and DeepL without Arabic glossaries."""
    import os

    from translate_cli.ingest.load import load, save
    from translate_cli.text.arabic import ARABIC_SCRIPT

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "sample.db"
        with Store(db) as store:
            article = save(store, load(str(REPO / "examples" / "syria-tv-sample.html"))).article_id
        glossary = load_glossary(None)
        runs: list[tuple[str, str, str, object]] = []
        with chat_server() as chat:
            chat.brain.glossary, chat.brain.unknown = "ignore", "word"
            runs.append(("openai, ignores the glossary", "openai", chat.base_url, chat))
            with deepl_server() as deepl:
                deepl.arabic_glossaries, deepl.unknown = False, "word"
                os.environ["DEEPL_AUTH_KEY"] = DeepLServer.KEY
                runs.append(("deepl, no Arabic glossaries", "deepl", deepl.url(), deepl))
                for label, name, url, _srv in runs:
                    engine = make_engine(name, EngineSettings(model="fake-mt", base_url=url))
                    with Store(db) as store:
                        store.db.execute("delete from mt_cache")
                        report = pretranslate(store, article, engine, glossary, overwrite=True)
                        segs = store.segments(article)
                    t = report.terms
                    print(
                        f"{label}: {len(report.filled)} drafted, {len(report.failed)} failed, "
                        f"{report.requests} requests; terms {t.required} required, {t.kept} kept, "
                        f"{t.repaired} repaired, {t.masked} masked"
                    )
                    for failure in report.failed:
                        print(f"  segment {failure['segment']} failed: {failure['reason']}")
                    hits = glossary.find_article([s["source"] for s in segs])
                    missing = sum(
                        1
                        for s, found in zip(segs, hits, strict=True)
                        if s["id"] in report.filled
                        for h in found
                        if h.target not in (s["target"] or "")
                    )
                    arabic = sum(1 for s in segs if ARABIC_SCRIPT.search(s["target"] or ""))
                    print(
                        f"  house renderings missing from the drafts: {missing}; "
                        f"drafts with Arabic left: {arabic}"
                    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.3, help="seconds per request")
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--concurrency", type=int, default=None)
    parser.add_argument(
        "--adversarial", action="store_true", help="an engine that ignores the glossary"
    )
    parser.add_argument("--sample", action="store_true", help=sample.__doc__)
    args = parser.parse_args()
    if args.sample:
        sample()
        return

    with tempfile.TemporaryDirectory() as tmp, chat_server() as srv:
        db = Path(tmp) / "bench.db"
        article = numbered_article(db, args.segments - 1)  # the title is a segment too
        srv.delay = args.latency
        if args.adversarial:
            srv.brain.glossary = "ignore"
        glossary = load_glossary(None)
        for label, overwrite in (("first run", False), ("rerun, --overwrite", True)):
            engine = make_engine(
                "openai", EngineSettings(model="fake-mt", base_url=srv.base_url, timeout=30)
            )
            with Store(db) as store:
                start = time.perf_counter()
                report = pretranslate(
                    store,
                    article,
                    engine,
                    glossary,
                    overwrite=overwrite,
                    batch_size=args.batch_size,
                    concurrency=args.concurrency,
                )
                wall = time.perf_counter() - start
            width = args.concurrency or engine.capabilities.concurrency
            rounds = math.ceil(report.requests / width) if report.requests else 0
            engine_time = rounds * args.latency
            segments = len(report.filled) + len(report.failed)
            overhead = (wall - engine_time) / max(1, segments) * 1000
            t = report.terms
            print(
                f"{label}: {segments} segments, {len(report.filled)} filled, "
                f"{len(report.failed)} failed, {report.cached} from the cache"
            )
            print(
                f"  wall {wall:.3f} s, {report.requests} requests at concurrency {width}, "
                f"engine time {engine_time:.3f} s ({rounds} rounds x {args.latency:g} s)"
            )
            ratio = (
                f"{wall / engine_time:.2f}x the engine's time" if engine_time else "no engine time"
            )
            print(
                f"  overhead {overhead:.2f} ms per segment (target < 5), {ratio} (target <= 1.5x)"
            )
            print(
                f"  terms: {t.required} required, {t.kept} kept, {t.repaired} repaired, "
                f"{t.masked} masked"
            )


if __name__ == "__main__":
    main()
