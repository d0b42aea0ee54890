"""Quality checks on an article's English targets, written for Arabic → English.

Each check reports :class:`Finding` rows; ``error`` findings block ``export`` (unless forced),
``warning`` ones are advice. One module per concern:

- :mod:`~translate_cli.checks.script`: Arabic script and punctuation left in the English,
  and invisible bidi/zero-width characters (an error: U+202E reverses what readers see);
- :mod:`~translate_cli.checks.numbers`: amounts compared as values, read the way Arabic
  news writes them (``10 آلاف و950``, ``مليون ونصف``, ``ثلاثةٍ وعشرين``, ``7,8``);
- :mod:`~translate_cli.checks.negation`: a negated source whose English has no negation;
- :mod:`~translate_cli.checks.terms`: glossary renderings missing or forbidden ones used,
  with short forms across the article (الشرع after أحمد الشرع);
- :mod:`~translate_cli.checks.layout`: brackets, quotes and spaces;
- :mod:`~translate_cli.checks.article`: the same source translated differently;
- :mod:`~translate_cli.checks.notes`: the segment-note markers that silence a check
  (``ignore: numbers``, ``paraphrase: قسد``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from translate_cli.checks.article import inconsistent
from translate_cli.checks.layout import balance, spaces
from translate_cli.checks.machine import machine_drafts
from translate_cli.checks.negation import negation_findings
from translate_cli.checks.notes import ALL_TERMS, parse_note
from translate_cli.checks.numbers import extract_numbers, number_findings
from translate_cli.checks.script import arabic, invisible
from translate_cli.checks.terms import glossary_findings
from translate_cli.errors import InputError

if TYPE_CHECKING:
    from translate_cli.glossary import Glossary, TermHit
    from translate_cli.store import Store

__all__ = [
    "ALL_TERMS",
    "CHECKS",
    "Finding",
    "check_names",
    "check_segment",
    "extract_numbers",
    "has_errors",
    "parse_note",
    "run_checks",
]

# name → (severity, what it catches); the order is the order findings are listed in. A check
# may report a milder severity for a case it is unsure of (numbers: a repeat, a spelled-out
# number).
CHECKS: dict[str, tuple[str, str]] = {
    "untranslated": ("error", "the target is missing or empty"),
    "arabic": ("error", "Arabic script left in the target"),
    "invisible": ("error", "bidi controls or zero-width characters in the target"),
    "numbers": ("error", "numbers differ between source and target"),
    "negation": ("warning", "a negated source whose target has no negation"),
    # A warning: news translation often renders a term by a pronoun or a paraphrase.
    "glossary": ("warning", "a glossary term's English rendering is missing"),
    "forbidden": ("error", "a rendering the glossary forbids is used"),
    "punctuation": ("error", "Arabic punctuation (، ؛ ؟ ٪) in the English text"),
    "brackets": ("warning", "unbalanced brackets"),
    "quotes": ("warning", "unbalanced quotation marks"),
    "spaces": ("warning", "doubled, leading, trailing or stray spaces"),
    "inconsistent": ("warning", "the same source translated differently in the article"),
    # A note, not a fault: machine drafts must not pass for a translator's work.
    "machine": ("note", "a machine-translation draft nobody has confirmed yet"),
}


@dataclass
class Finding:
    """One problem in one segment's target."""

    segment: int
    check: str
    severity: str  # "error" | "warning"
    message: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def check_names(names: Iterable[str]) -> set[str]:
    """Validate check names given by the user (e.g. ``check --ignore``)."""
    chosen = {n.strip().lower() for n in names if n.strip()}
    unknown = sorted(chosen - set(CHECKS))
    if unknown:
        raise InputError(f"Unknown check {unknown[0]!r}: use one of {', '.join(CHECKS)}.")
    return chosen


def run_checks(
    store: Store,
    article_id: int,
    glossary: Glossary | None = None,
    *,
    ignore: Iterable[str] = (),
) -> list[Finding]:
    """Check every current segment of the article; findings in segment order, then in the
    order of :data:`CHECKS` (errors before warnings)."""
    skip = check_names(ignore)
    segments = store.segments(article_id)
    # Glossary hits across the article at once, so short forms count (الشرع after أحمد الشرع).
    hits: Sequence[Sequence[TermHit] | None] = (
        glossary.find_article([seg["source"] for seg in segments])
        if glossary is not None
        else [None] * len(segments)
    )
    findings: list[Finding] = []
    for seg, seg_hits in zip(segments, hits, strict=True):
        findings += check_segment(
            seg["source"],
            seg["target"],
            glossary=glossary,
            note=seg["note"],
            segment=seg["id"],
            hits=seg_hits,
        )
    findings += [
        Finding(sid, "inconsistent", CHECKS["inconsistent"][0], message)
        for sid, message in inconsistent(segments)
    ]
    findings += [
        Finding(sid, "machine", CHECKS["machine"][0], message)
        for sid, message in machine_drafts(segments)
    ]
    order = {seg["id"]: i for i, seg in enumerate(segments)}
    names = list(CHECKS)
    findings = [f for f in findings if f.check not in skip]
    findings.sort(key=lambda f: (order.get(f.segment, 0), names.index(f.check)))
    return findings


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def check_segment(
    source: str,
    target: str | None,
    *,
    glossary: Glossary | None = None,
    note: str | None = None,
    segment: int = 0,
    hits: Sequence[TermHit] | None = None,
) -> list[Finding]:
    """All per-segment checks of one source/target pair (the review screen can call this live).

    ``hits`` are the source's glossary hits when the caller has them (with short forms from
    :meth:`Glossary.find_article`); otherwise the glossary is searched here.
    """
    ignored, paraphrased = parse_note(note)
    out: list[Finding] = []

    def add(check: str, message: str, severity: str | None = None) -> None:
        if check not in ignored:
            out.append(Finding(segment, check, severity or CHECKS[check][0], message))

    if target is None or not target.strip():
        add("untranslated", "Not translated yet: the target is empty.")
        return out
    for check, message in arabic(target):
        add(check, message)
    for message in invisible(target):
        add("invisible", message)
    for severity, message in number_findings(source, target):
        add("numbers", message, severity)
    for message in negation_findings(source, target):
        add("negation", message)
    if glossary is not None:
        found = glossary.find(source) if hits is None else hits
        for check, message in glossary_findings(found, target, glossary, paraphrased):
            add(check, message)
    for check, message in balance(source, target):
        add(check, message)
    for message in spaces(target):
        add("spaces", message)
    return out
