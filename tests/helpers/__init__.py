"""What the tests share besides fixtures: paths, one way to run the CLI, one way to save an article.

Fixtures live in ``tests/conftest.py``; the two articles several modules use live beside this file
(``helpers.review_article``, ``helpers.export_article``). Test modules import from here, never from
each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from click.testing import Result
from typer.testing import CliRunner

from translate_cli.document import Block, ExtractedArticle
from translate_cli.store import Store

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
# ../shared beside the checkout (CI lays it there too); tests needing it skip when absent.
SHARED = REPO.parent / "shared"

_runner = CliRunner()

# A block to save: (kind, its sentences) or (kind, its sentences, heading level).
BlockSpec = tuple[str, Sequence[str]] | tuple[str, Sequence[str], int]


def run(db: Path | None, *args: str, input: str | None = None) -> Result:
    """Run ``translate-cli *args`` in-process (on ``--db db`` when given)."""
    from translate_cli.cli import app

    argv = [*args, "--db", str(db)] if db is not None else list(args)
    return _runner.invoke(app, argv, input=input)


def save_article(
    where: Path | Store,
    title: str,
    blocks: Sequence[BlockSpec],
    url: str,
    **meta: Any,
) -> tuple[int, list[int]]:
    """Save an article segmented exactly as given; return its id and its segment ids in order.

    ``where`` is a database file or an open Store; ``meta`` fills ExtractedArticle fields
    (site, author, published, canonical_url...).
    """
    doc_blocks = []
    for spec in blocks:
        kind, sentences = spec[0], spec[1]
        level = spec[2] if len(spec) == 3 else (2 if kind == "heading" else 0)
        doc_blocks.append(Block(kind, " ".join(sentences), level=level))  # type: ignore[arg-type]
    doc = ExtractedArticle(title=title, blocks=doc_blocks, url=url, **meta)
    segmented = [[title], *(list(spec[1]) for spec in blocks)]
    if isinstance(where, Store):
        return _save(where, doc, segmented)
    with Store(where) as store:
        return _save(store, doc, segmented)


def _save(store: Store, doc: ExtractedArticle, segmented: list[list[str]]) -> tuple[int, list[int]]:
    article_id = store.save_article(doc, segmented).article_id
    return article_id, [s["id"] for s in store.segments(article_id)]


def snapshot(db: Path) -> list[dict[str, Any]]:
    """Every segment and history row, to assert that a refused command changed nothing."""
    with Store(db) as store:
        return store.query("select * from segments order by id") + store.query(
            "select * from history order by id"
        )
