"""The numbers check: amounts compared as values, errors only for real mismatches.

Both sides are read by :mod:`translate_cli.text.numbers` (``10 آلاف و950`` = 10,950 = "10,950";
``مليون ونصف`` = "1.5 million"; ``ثلاثةٍ وعشرين`` = "23" or "twenty-three"). Then:

- an amount written with digits in the source and missing from the target is an error, and so
  is one written with digits in the target and not in the source (a digit read more than one
  way, such as ``7,8``, counts when any reading agrees);
- a year written twice in the source may stand once in the target; another number given
  more times in the source than in the target is a warning, as is a cardinal spelled out in
  the source (three or more) that the target lacks, or an ordinal in digits ("46th") in the
  target without its number in the source;
- ordinals, months, duals (``يومين``), decades (``التسعينيات``), the minutes of an hour
  spelled out (``الثانية والنصف``) and fractions spelled out only excuse: they are read too
  loosely to accuse a translation;
- either end of a range may carry the scale written once (``بين 300 و500 ألف`` =
  "between 300,000 and 500,000"; "between one and two million" = ``بين مليون ومليونين``);
- the same amount given as percentage points on one side and percent on the other is a
  warning (``4 نقاط مئوية`` is not "4 percent").
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from translate_cli.text.numbers import Amount, arabic_amounts, english_amounts, show


def _is_year(value: Fraction) -> bool:
    return value.denominator == 1 and 1900 <= value <= 2100


def number_findings(source: str, target: str) -> list[tuple[str, str]]:
    """(severity, message) findings of the numbers check for one segment."""
    src = arabic_amounts(source)
    tgt = english_amounts(target)
    if not src and not tgt:
        return []
    left: list[Amount | None] = list(tgt)
    matched: list[Fraction] = []
    unmatched: list[Amount] = []
    warnings: list[str] = []

    def take(amount: Amount) -> bool:
        for k, t in enumerate(left):
            if t is not None and t.value == amount.value:
                left[k] = None
                warnings.extend(_unit_differs(amount, t))
                return True
        for k, t in enumerate(left):  # the target's other reading: "between 3 and 4 billion"
            if t is not None and (amount.value,) in t.alternatives:
                left[k] = None
                return True
        return False

    # Amounts written with digits claim their match first: a spelled-out word must not take
    # the one digit group the target has for them.
    order = sorted(range(len(src)), key=lambda k: not src[k].digits)
    for k in order:
        amount = src[k]
        if take(amount):
            matched.append(amount.value)
            continue
        if any(_take_all(left, alt) for alt in amount.alternatives):
            continue
        unmatched.append(amount)
    errors_missing: list[str] = []
    for amount in sorted(unmatched, key=lambda a: src.index(a)):
        if amount.digits:
            if amount.value in matched or _values(src).count(amount.value) > 1:
                if _is_year(amount.value) and amount.value in matched:
                    continue  # one year standing for two mentions
                if amount.value in matched:
                    warnings.append(f"{show(amount.value)} is given more times in the source")
                    continue
            errors_missing.append(show(amount.value))
        elif amount.kind == "words" and amount.value >= 3:
            warnings.append(
                f"{show(amount.value)} (spelled out in the source) is not in the target"
            )
    errors_extra: list[str] = []
    source_values = set(_values(src))
    for t in left:
        if t is None:
            continue
        if t.digits and t.value not in source_values:
            if any(set(alt) <= source_values for alt in t.alternatives):
                continue
            errors_extra.append(show(t.value))
        elif t.kind == "ordinal" and t.text[:1].isdigit() and t.value not in source_values:
            warnings.append(f"{t.text} in the target is not in the source")
    out: list[tuple[str, str]] = []
    parts = []
    if errors_missing:
        parts.append(f"{', '.join(errors_missing)} in the source missing from the target")
    if errors_extra:
        parts.append(f"{', '.join(errors_extra)} in the target not in the source")
    # One finding per segment: an error when anything is certain, naming the doubts too.
    if parts:
        out.append(("error", f"Numbers differ: {'; '.join(parts + warnings)}."))
    elif warnings:
        out.append(("warning", f"Numbers may differ: {'; '.join(warnings)}."))
    return out


def _unit_differs(source: Amount, target: Amount) -> list[str]:
    """A warning when the source says points and the target percent, or the other way
    round ("percentage points" may render a percent: news writes % for both)."""
    if source.unit == "points" and target.percent:
        return [f"{show(source.value)} is points in the source but percent in the target"]
    if source.percent and target.unit == "points":
        return [f"{show(source.value)} is percent in the source but points in the target"]
    return []


def _values(amounts: Iterable[Amount]) -> list[Fraction]:
    return [a.value for a in amounts]


def _take_all(left: list[Amount | None], values: tuple[Fraction, ...]) -> bool:
    """Consume one target amount for each of ``values``, all or none."""
    picked: list[int] = []
    for value in values:
        for k, t in enumerate(left):
            if t is not None and k not in picked and t.value == value:
                picked.append(k)
                break
        else:
            return False
    for k in picked:
        left[k] = None
    return True


def extract_numbers(text: str) -> list[str]:
    """The amounts of Arabic ``text`` written with digits, as canonical ASCII strings."""
    return [show(a.value) for a in arabic_amounts(text) if a.digits]
