"""Files changed by several processes at once: concurrent `glossary add` and `glossary import`
never lose a row (the file is changed under a lock, read-modify-write inside it)."""

from __future__ import annotations

import multiprocessing
from itertools import product
from pathlib import Path

from translate_cli.glossary import Term, add_term, import_terms, load_glossary

LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"


def _names(count: int, offset: int) -> list[str]:
    words = ("".join(p) for p in product(LETTERS, repeat=3))
    return [w for i, w in enumerate(words) if offset <= i < offset + count]


def _adder(path: str, offset: int) -> None:
    for i, name in enumerate(_names(30, offset)):
        add_term(Path(path), Term(name, f"Added {offset + i}"))


def _importer(path: str, offset: int) -> None:
    names = _names(30, offset)
    for start in range(0, 30, 5):
        batch = [
            Term(n, f"Imported {offset + start + j}")
            for j, n in enumerate(names[start : start + 5])
        ]
        import_terms(Path(path), batch)


def test_concurrent_adds_and_imports_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text("source,target\nحلب,Aleppo\n", encoding="utf-8")
    ctx = multiprocessing.get_context("fork")
    workers = [
        ctx.Process(target=_adder, args=(str(path), 0)),
        ctx.Process(target=_adder, args=(str(path), 100)),
        ctx.Process(target=_importer, args=(str(path), 200)),
        ctx.Process(target=_importer, args=(str(path), 300)),
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
        assert w.exitcode == 0
    terms = {t.source: t.target for t in load_glossary(path).terms}
    expected = {"حلب": "Aleppo"}
    for offset, kind in ((0, "Added"), (100, "Added"), (200, "Imported"), (300, "Imported")):
        expected.update({n: f"{kind} {offset + i}" for i, n in enumerate(_names(30, offset))})
    assert terms == expected
