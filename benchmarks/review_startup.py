"""How long `translate-cli review` takes from the command to the first drawn screen.

Runs the real command in a pseudo-terminal of the given size (no tmux needed) on a database of
one article of pseudo-news sentences (plus, with --articles, many others beside it), reads what
it writes, and stops the clock when the screen shows the help line, i.e. the whole first screen
has been drawn. Prints the median and the worst of the runs.

    python benchmarks/review_startup.py                       # 80x24, 5 runs
    python benchmarks/review_startup.py --size 160x48 --segments 300 --articles 1000
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import random
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from translate_cli.document import Block, ExtractedArticle
from translate_cli.store import Store

TEXT = (
    "قالت الأمم المتحدة إن آلاف العائلات نزحت من ريف إدلب الجنوبي خلال أسبوع واحد وسط قصف "
    "متواصل على القرى والبلدات وأكد الدفاع المدني السوري أن فرق الإغاثة وصلت إلى المخيمات"
)
WORDS = TEXT.split(" ")
DRAWN = b"ctrl+q quit"  # the last line of the first screen


def build(db: Path, segments: int, articles: int) -> int:
    """The article to review (its id); ``articles - 1`` smaller ones are saved beside it."""
    rng = random.Random(11)

    def sentence() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))) + "."

    with Store(db) as store:
        for n in range(articles - 1):
            paragraphs = [[sentence() for _ in range(5)] for _ in range(4)]
            doc = ExtractedArticle(
                title=sentence(),
                blocks=[Block("paragraph", " ".join(p)) for p in paragraphs],
                url=f"https://www.syria.tv/other-{n}",
            )
            store.save_article(doc, [[doc.title], *paragraphs])
        paragraphs = [[sentence() for _ in range(5)] for _ in range(max(segments // 5, 1))]
        doc = ExtractedArticle(
            title=sentence(),
            blocks=[Block("paragraph", " ".join(p)) for p in paragraphs],
            url="https://www.syria.tv/reviewed",
        )
        return store.save_article(doc, [[doc.title], *paragraphs]).article_id


def first_screen(db: Path, article: int, width: int, height: int, timeout: float = 30.0) -> float:
    """Seconds from starting `review` in a width x height pseudo-terminal to its first screen."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["TERM"] = "xterm-256color"
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "translate_cli", "review", str(article), "--db", str(db)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    seen = b""
    try:
        while DRAWN not in seen:
            if time.perf_counter() - started > timeout:
                raise SystemExit(f"no screen after {timeout:.0f} s; got {seen[-400:]!r}")
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
        return time.perf_counter() - started
    finally:
        proc.kill()
        proc.wait()
        os.close(master)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="80x24", help="terminal size, COLUMNSxROWS")
    parser.add_argument("--segments", type=int, default=60, help="segments in the article")
    parser.add_argument("--articles", type=int, default=1, help="articles in the database")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.lower().split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TRANSLATE_CLI_HOME"] = tmp
        db = Path(tmp) / "bench.db"
        article = build(db, args.segments, args.articles)
        first_screen(db, article, width, height)  # warm the OS file cache
        times = [first_screen(db, article, width, height) for _ in range(args.runs)]
    print(
        f"review to first screen at {width}x{height}, {args.segments} segments, "
        f"{args.articles} article(s): median {statistics.median(times) * 1000:.0f} ms, "
        f"worst {max(times) * 1000:.0f} ms over {args.runs} runs"
    )


if __name__ == "__main__":
    main()
