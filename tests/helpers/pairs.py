"""The held-out fixtures' shared parts: reading their TSV rows, checking news pairs through
the real CLI, and the hit lists the sense fixtures write."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from translate_cli.cli import app
from translate_cli.editing import set_target
from translate_cli.store import Store

_runner = CliRunner()

#: A glossary hit as the sense fixtures write it: (surface, target, short form).
Hit = tuple[str, str, bool]


def tsv_rows(path: Path) -> list[list[str]]:
    """The rows of a fixture TSV (tab-separated, no quoting), comment lines left out."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            cells
            for cells in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            if cells and not cells[0].startswith("#")
        ]


def check_pairs(
    tmp_path: Path, db_path: Path, pairs: list[list[str]]
) -> list[tuple[list[str], list[dict[str, Any]]]]:
    """Each pair (kind, expected, source, target) with the issues ``check --json`` reports
    for it, on one article made of the sources (a .txt file fetched), its targets set as a
    translator would."""
    text = tmp_path / "article.txt"
    text.write_text("\n\n".join(p[2] for p in pairs) + "\n", encoding="utf-8")
    db = ["--db", str(db_path)]
    result = _runner.invoke(app, ["fetch", str(text), "--json", *db])
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)["articles"][0]["id"]
    with Store(db_path) as store:
        segments = store.segments(article)
        assert [s["source"] for s in segments] == [p[2] for p in pairs]
        for seg, pair in zip(segments, pairs, strict=True):
            set_target(store, article, seg["id"], pair[3], status="translated")
    result = _runner.invoke(app, ["check", str(article), "--json", *db])
    issues = json.loads(result.stdout)["issues"]
    return [
        (pair, [i for i in issues if i["segment"] == seg["id"]])
        for seg, pair in zip(segments, pairs, strict=True)
    ]


def expected_hits(cell: str) -> list[Hit]:
    """A fixture's hits cell: "-" for none, else ``surface=target`` joined by " | ", a
    target ending in * for a short form."""
    if cell == "-":
        return []
    out = []
    for part in cell.split(" | "):
        source, _, target = part.partition("=")
        out.append((source, target.removesuffix("*"), target.endswith("*")))
    return out
