"""What the output layer costs: visible() on clean and hostile text, and printing a 300-row
show-like table through the safe console against a plain Rich console.

Run: python benchmarks/output_layer.py
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable

from rich.console import Console
from rich.table import Table

from translate_cli.cli.output import make_console, visual_block
from translate_cli.text.controls import visible

SENTENCE = (
    "قالت الأمم المتحدة يوم الأحد إن أكثر من عشرة آلاف شخص غادروا قراهم في ريف إدلب الجنوبي "
    "خلال الأسبوع الماضي، وسط قصف متواصل على البلدات والقرى. "
)
HOSTILE = SENTENCE + "\x1b[2J\x1b]0;x\x07\u202e"


def timed(label: str, fn: Callable[[], object], repeat: int) -> None:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    per = (time.perf_counter() - start) / repeat
    print(f"{label:<48} {per * 1e6:10.1f} µs")


def table(console: Console) -> None:
    t = Table(show_lines=True, expand=True)
    for name in ("#", "status", "source (ar)", "target (en)"):
        t.add_column(name)
    for i in range(300):
        t.add_row(str(i), "new", SENTENCE, "The UN said on Sunday that more than ten thousand.")
    console.print(t)


def main() -> None:
    clean = SENTENCE * 50  # ~8 KB of Arabic
    hostile = HOSTILE * 50
    timed("visible(): 8 KB of clean Arabic", lambda: visible(clean), 2000)
    timed("visible(): 8 KB with escapes and bidi controls", lambda: visible(hostile), 200)
    timed("visual_block(): one sentence at 40 columns", lambda: visual_block(SENTENCE, 40), 200)
    plain = Console(file=io.StringIO(), width=120, force_terminal=False)
    safe = make_console(file=io.StringIO())
    safe.width = 120
    timed("300-row table, plain Rich console", lambda: table(plain), 5)
    timed("300-row table, safe console", lambda: table(safe), 5)


if __name__ == "__main__":
    main()
