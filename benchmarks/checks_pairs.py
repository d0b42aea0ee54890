"""False alarms and catches of ``check`` on real-style Arabic/English news pairs.

Reads tests/fixtures/check_pairs.tsv (the pairs the checks were tuned on),
tests/fixtures/check_pairs_heldout.tsv (held-out pairs written apart from the checks) and
tests/fixtures/check_pairs_heldout2.tsv (a second held-out set, written later by another hand,
on which the checks were then tuned too), all sentences written for this project: every "ok" pair is a correct translation, which must get no
numbers, negation or glossary finding and no error; every "bad" pair has one planted error,
which the check named beside it must report. The bundled glossary is used, with the short forms
a pair's own sentence makes (المرصد after the Observatory), as ``check`` finds them.

    python benchmarks/checks_pairs.py [--verbose]
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from translate_cli.glossary import Glossary

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
PAIRS = FIXTURES / "check_pairs.tsv"
HELDOUT = FIXTURES / "check_pairs_heldout.tsv"
HELDOUT2 = FIXTURES / "check_pairs_heldout2.tsv"
WATCHED = ("numbers", "negation", "glossary", "forbidden", "invisible")


def load_pairs(path: Path = PAIRS) -> list[tuple[str, str, str, str]]:
    """(kind, expected check, source, target) rows of the pairs file."""
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for cells in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not cells or cells[0].startswith("#"):
                continue
            kind, expect, source, target = cells
            rows.append((kind, expect, source, target))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="Print every miss and false alarm.")
    args = parser.parse_args()

    from translate_cli.glossary import BUNDLED, load_glossary

    glossary = load_glossary(BUNDLED)
    sets = (("tuning pairs", PAIRS), ("held-out pairs", HELDOUT), ("second held-out", HELDOUT2))
    for name, path in sets:
        print(f"{name} ({path.name}):")
        report(load_pairs(path), glossary, args.verbose)


def report(pairs: list[tuple[str, str, str, str]], glossary: Glossary, verbose: bool) -> None:
    from translate_cli.checks import check_segment

    ok = bad = alarms = caught = 0
    by_check: dict[str, list[int]] = {}
    for kind, expect, source, target in pairs:
        hits = glossary.find_article([source])[0]
        findings = check_segment(source, target, glossary=glossary, hits=hits)
        if kind == "ok":
            ok += 1
            wrong = [f for f in findings if f.check in WATCHED or f.severity == "error"]
            if wrong:
                alarms += 1
                if verbose:
                    print(f"FALSE ALARM {source} | {target}")
                    for f in wrong:
                        print(f"    {f.check} {f.severity}: {f.message}")
        else:
            bad += 1
            hit = any(f.check == expect for f in findings)
            caught += hit
            counts = by_check.setdefault(expect, [0, 0])
            counts[0] += hit
            counts[1] += 1
            if not hit and verbose:
                print(f"MISSED {expect}: {source} | {target}")
    print(f"  correct translations: {ok}, with a false alarm: {alarms} ({alarms / max(ok, 1):.0%})")
    print(f"  planted errors: {bad}, caught: {caught} ({caught / max(bad, 1):.0%})")
    for check, (hit, total) in sorted(by_check.items()):
        print(f"    {check}: {hit} of {total} caught")


if __name__ == "__main__":
    main()
