"""Export an article: the publishable English edition (md, html, txt, json, docx), a bilingual
review sheet, and the exchange formats (XLIFF 1.2 and 2.1, TMX 1.4b).

Publishable formats pass two gates first: every segment approved (``draft`` exports anyway,
marking unfinished text) and no quality-check errors (``force`` exports anyway).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate_cli.errors import CheckFailed, InputError
from translate_cli.export.base import (
    DEFAULT_DATE_FORMAT,
    ExportBlock,
    ExportDocument,
    ExportSegment,
    Format,
    available_formats,
    build_document,
    format_names,
    get_format,
    register,
)

__all__ = [
    "DEFAULT_DATE_FORMAT",
    "ExportBlock",
    "ExportDocument",
    "ExportResult",
    "ExportSegment",
    "Format",
    "approval_gate",
    "available_formats",
    "build_document",
    "export_article",
    "format_names",
    "get_format",
    "guess_format",
    "register",
]

_MAX_IDS = 12  # ids listed in a one-line refusal before "and N more"


@dataclass
class ExportResult:
    data: str | bytes
    format: Format
    document: ExportDocument
    findings: list[Any] = field(default_factory=list)  # checks.Finding rows not blocking
    notices: list[str] = field(default_factory=list)  # one-line advice for stderr
    draft: bool = False  # exported with --draft

    @property
    def payload(self) -> bytes:
        """What is written: the rendered text as UTF-8, or the binary file as it is."""
        return self.data.encode("utf-8") if isinstance(self.data, str) else self.data

    def messages(self) -> list[str]:
        """The lines for stderr: advice, what a draft marks, and what the checks found."""
        lines = [f"Note: {notice}" for notice in self.notices]
        doc = self.document
        if self.format.publishable and self.draft and doc.unfinished:
            lines.append(
                f"Draft: {len(doc.unfinished)} of {len(doc.segments)} segments are not approved "
                "and are marked [DRAFT: ...] or [UNTRANSLATED: ...]."
            )
        if self.findings:
            errors = sum(1 for f in self.findings if f.severity == "error")
            warnings = len(self.findings) - errors
            lines.append(
                f"Checks: {errors} error{'s' * (errors != 1)}, {warnings} warning"
                f"{'s' * (warnings != 1)} (see 'translate-cli check {doc.id}')."
            )
        return lines


# Suffixes that name a format another way than its own suffix.
_SUFFIXES = {".htm": "html", ".markdown": "md", ".xliff": "xliff", ".xlf": "xliff"}


def guess_format(output: Path | None) -> str:
    """The format an output file name implies (publishable formats first), else Markdown.

    A suffix no format writes (``.pdf``, ``.odt``) is refused rather than silently written as
    Markdown under that name.
    """
    if output is None or str(output) == "-":
        return "md"
    suffix = output.suffix.lower()
    if not suffix:
        return "md"
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    formats = sorted(available_formats(), key=lambda c: not c.publishable)
    for cls in formats:
        if cls.suffix == suffix:
            return cls.name
    known = ", ".join(sorted({c.suffix for c in formats}))
    raise InputError(
        f"Cannot write a {suffix} file: name the output with one of {known}, "
        "or choose the format with --format."
    )


def _ids(ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in ids[:_MAX_IDS])
    more = len(ids) - _MAX_IDS
    return f"{shown} and {more} more" if more > 0 else shown


def approval_gate(doc: ExportDocument) -> None:
    """Raise :class:`CheckFailed` naming the segments that are not approved, if any."""
    unfinished = doc.unfinished
    if not unfinished:
        return
    total = len(doc.segments)
    noun = "segment is" if total == 1 else "segments are"
    raise CheckFailed(
        f"{len(unfinished)} of {total} {noun} not approved "
        f"(ids {_ids([s.id for s in unfinished])}): approve them, or pass --draft to export anyway."
    )


def _checks_gate(findings: list[Any]) -> None:
    errors = [f for f in findings if f.severity == "error"]
    if not errors:
        return
    seen: dict[int, list[str]] = {}
    for f in errors:
        checks = seen.setdefault(f.segment, [])
        if f.check not in checks:
            checks.append(f.check)
    listed = "; ".join(
        f"segment {seg}: {', '.join(checks)}" for seg, checks in list(seen.items())[:_MAX_IDS]
    )
    if len(seen) > _MAX_IDS:
        listed += f"; and {len(seen) - _MAX_IDS} more"
    noun = "error" if len(errors) == 1 else "errors"
    raise CheckFailed(
        f"Quality checks found {len(errors)} {noun} in {len(seen)} "
        f"segment{'s' if len(seen) != 1 else ''} ({listed}): fix them, "
        "or pass --force to export anyway."
    )


def export_article(
    store: Any,
    ref: str | int,
    format_name: str,
    *,
    draft: bool = False,
    force: bool = False,
    standalone: bool = False,
    glossary: Any = None,
) -> ExportResult:
    """Render an article in a format, after the approval and quality gates for publishable ones.

    Raises :class:`~translate_cli.errors.CheckFailed` (one line) when a gate refuses.
    """
    fmt = get_format(format_name)
    article = store.resolve_article(ref)
    doc = build_document(store, article, draft=draft and fmt.publishable)
    result = ExportResult(data="", format=fmt, document=doc, draft=draft)
    if fmt.publishable:
        if not draft:
            approval_gate(doc)
        from translate_cli.checks import run_checks

        # A caption nobody translated is left out, so what checks say of it does not count.
        left_out = {seg.id for b in doc.blocks if b.optional for seg in b.segments}
        findings = [f for f in run_checks(store, doc.id, glossary) if f.segment not in left_out]
        if not (draft or force):
            _checks_gate(findings)
        result.findings = findings
        if not article.get("author_en") and article.get("author"):
            result.notices.append(
                f"The byline is the source's ({article['author']}): set the English one with "
                f"'translate-cli meta {doc.id} --author \"...\"'."
            )
        if doc.source_url is None:
            # A saved page without a canonical link: the credit is left out, never a path.
            result.notices.append(
                "No public address is known for 'Translated from:', so the line is left out: "
                f"set it with 'translate-cli meta {doc.id} --source-url URL'."
            )
    result.data = fmt.render(doc, standalone=standalone)
    return result
