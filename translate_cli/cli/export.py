"""export, meta and import: the finished English article, its byline and links, and
exchanging work with other translation tools (XLIFF 2.1, TMX 1.4b)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from translate_cli.cli.app import (
    ArticleArg,
    DbOption,
    GlossaryOption,
    JsonOption,
    app,
    console,
    open_store,
    print_json,
)
from translate_cli.errors import InputError
from translate_cli.files import read_input, write_atomic

MAX_IMPORT_BYTES = 50 * 1024 * 1024


def _load_glossary(path: Path | None) -> Any:
    try:
        from translate_cli.glossary import load_glossary
    except ImportError:  # the glossary module is optional for export
        return None
    return load_glossary(path)


def _guess_format(output: Path | None) -> str:
    """The format an output file name implies (publishable formats first), else Markdown."""
    if output is None:
        return "md"
    from translate_cli.export import available_formats

    suffix = output.suffix.lower()
    suffix = {".htm": ".html", ".markdown": ".md", ".xliff": ".xlf"}.get(suffix, suffix)
    for cls in sorted(available_formats(), key=lambda c: not c.publishable):
        if cls.suffix == suffix:
            return cls.name
    return "md"


@app.command()
def export(
    article: ArticleArg,
    format_name: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="md, html, txt, json (the English article); bilingual, bilingual-md (review "
            "sheet); xliff, tmx (exchange). Default: from the -o suffix, else md.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file instead of standard output."),
    ] = None,
    draft: Annotated[
        bool,
        typer.Option(
            "--draft", help="Export before every segment is approved, marking unfinished text."
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Export even when quality checks report errors.")
    ] = False,
    standalone: Annotated[
        bool,
        typer.Option("--standalone", help='HTML: a whole page (lang="en"), not a fragment.'),
    ] = False,
    glossary: GlossaryOption = None,
    db: DbOption = None,
) -> None:
    """Export an article: the publishable English edition, a review sheet or an exchange file.

    The English article (md, html, txt, json) is rebuilt from the approved translations in
    source order: title, date, byline, subheadings, paragraphs, then "Translated from:" and
    any "See also" links (set them with 'translate-cli meta'). It is refused while segments
    are not approved (--draft exports anyway, marked) or quality checks find errors (--force).

    Examples:

      translate-cli export 1 --format md -o aleppo.md

      translate-cli export 1 --format html --standalone > aleppo.html

      translate-cli export 1 --format bilingual -o review.html --draft

      translate-cli export 1 --format xliff -o aleppo.xlf
    """
    from translate_cli.export import export_article

    name = format_name or _guess_format(output)
    if standalone and name.lower() != "html":
        raise InputError("--standalone applies to --format html only: drop it, or use html.")
    store = open_store(db)
    gloss = _load_glossary(glossary)
    result = export_article(
        store, article, name, draft=draft, force=force, standalone=standalone, glossary=gloss
    )
    data = result.data.encode("utf-8") if isinstance(result.data, str) else result.data
    err = console(stderr=True)
    for notice in result.notices:
        err.print(f"Note: {notice}", markup=False, soft_wrap=True)
    doc = result.document
    if result.format.publishable and draft and doc.unfinished:
        err.print(
            f"Draft: {len(doc.unfinished)} of {len(doc.segments)} segments are not approved and "
            "are marked [DRAFT: ...] or [UNTRANSLATED: ...].",
            markup=False,
            soft_wrap=True,
        )
    if result.findings:
        errors = sum(1 for f in result.findings if f.severity == "error")
        warnings = len(result.findings) - errors
        err.print(
            f"Checks: {errors} error{'s' * (errors != 1)}, {warnings} warning"
            f"{'s' * (warnings != 1)} (see 'translate-cli check {doc.id}').",
            markup=False,
            soft_wrap=True,
        )
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_atomic(output, data)
    err.print(f"Wrote {output} ({result.format.name}).", markup=False, soft_wrap=True)


def _check_date_format(value: str) -> str:
    from datetime import datetime

    sample = datetime(2024, 12, 1, 9, 5)
    try:
        shown = sample.strftime(value)
    except ValueError:
        shown = value
    if "%" not in value or shown == value:
        raise InputError(
            f"Date format {value!r} has no date in it: use strftime codes, e.g. '%m/%d/%Y' "
            "(12/01/2024) or '%d %B %Y' (01 December 2024)."
        )
    return value


def _check_url(value: str) -> str:
    from urllib.parse import urlsplit

    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
        raise InputError(
            f"See-also link {value!r} is not a web address: give a full http:// or https:// URL."
        )
    return text


def _meta_json(art: dict[str, Any]) -> dict[str, Any]:
    from translate_cli.export.base import DEFAULT_DATE_FORMAT, decode_urls, format_date

    return {
        "id": art["id"],
        "author": art["author"],
        "author_en": art["author_en"],
        "published": art["published"],
        "date_format": art["date_format"] or DEFAULT_DATE_FORMAT,
        "date": format_date(art["published"], art["date_format"]),
        "see_also": decode_urls(art["see_also"]),
        "translated_from": art["canonical_url"] or art["url"],
    }


@app.command()
def meta(
    article: ArticleArg,
    author: Annotated[
        str | None,
        typer.Option(
            "--author",
            help="The English byline, e.g. a transliterated name; '' goes back to the source's.",
            show_default=False,
        ),
    ] = None,
    see_also: Annotated[
        list[str] | None,
        typer.Option(
            "--see-also",
            help="A related link for the end of the article; repeat for several. Replaces the list.",
            show_default=False,
        ),
    ] = None,
    clear_see_also: Annotated[
        bool, typer.Option("--clear-see-also", help="Remove every See-also link.")
    ] = False,
    date_format: Annotated[
        str | None,
        typer.Option(
            "--date-format",
            help="strftime format of the date line (default %m/%d/%Y, e.g. 12/01/2024).",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Set or show the English edition's byline, date format and See-also links.

    Without options it shows them.

    Examples:

      translate-cli meta 1 --author "Saeed Alyousef"

      translate-cli meta 1 --see-also https://example.org/analysis --see-also https://example.org/map

      translate-cli meta 1 --date-format "%d %B %Y"
    """
    import json

    store = open_store(db)
    art = store.resolve_article(article)
    fields: dict[str, Any] = {}
    if author is not None:
        fields["author_en"] = " ".join(author.split()) or None
    if see_also and clear_see_also:
        raise InputError("Give --see-also or --clear-see-also, not both.")
    if see_also:
        urls = list(dict.fromkeys(_check_url(u) for u in see_also))
        fields["see_also"] = json.dumps(urls, ensure_ascii=False)
    if clear_see_also:
        fields["see_also"] = None
    if date_format is not None:
        fields["date_format"] = _check_date_format(date_format)
    if fields:
        art = store.update_article(art["id"], fields)
    info = _meta_json(art)
    if json_out:
        print_json(info)
        return
    out = console()
    out.print(f"Article {info['id']}", markup=False)
    byline = info["author_en"] or (
        f"{info['author']} (the source's; set --author)" if info["author"] else "(none)"
    )
    out.print(f"  byline: {byline}", markup=False, soft_wrap=True)
    out.print(f"  date: {info['date'] or '(unknown)'} ({info['date_format']})", markup=False)
    out.print(f"  translated from: {info['translated_from'] or '(none)'}", markup=False)
    links = info["see_also"]
    out.print(
        f"  see also: {', '.join(links) if links else '(none)'}", markup=False, soft_wrap=True
    )


@app.command("import")
def import_file(
    article: ArticleArg,
    file: Annotated[
        Path, typer.Argument(help="An XLIFF 2 file exported by 'export --format xliff'.")
    ],
    skip_mismatched: Annotated[
        bool,
        typer.Option(
            "--skip-mismatched",
            help="Import the segments that match and skip unknown ones or those whose source "
            "changed (by default the whole file is refused).",
        ),
    ] = False,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Bring translations, statuses and notes back from an XLIFF 2 file.

    Segments are matched by id. A file for another article, unknown segment ids or a source
    that changed since export are reported, and nothing is imported unless --skip-mismatched.
    Each changed segment gets a history row (action "import").

    Examples:

      translate-cli import 1 aleppo-reviewed.xlf

      translate-cli import 1 aleppo-reviewed.xlf --skip-mismatched --json
    """
    from translate_cli.formats.xliff2 import import_xliff

    data = read_input(file, "an XLIFF file", max_bytes=MAX_IMPORT_BYTES)
    store = open_store(db)
    art = store.resolve_article(article)
    report = import_xliff(store, art, data, skip_mismatched=skip_mismatched)
    if json_out:
        print_json(
            {
                "article": report.article_id,
                "changed": report.changed,
                "unchanged": report.unchanged,
                "skipped": report.skipped,
                "warnings": report.warnings,
            }
        )
        return
    out = console()
    err = console(stderr=True)
    for problem in report.skipped:
        err.print(f"Skipped: {problem}.", markup=False, soft_wrap=True)
    for warning in report.warnings:
        err.print(f"Warning: {warning}", markup=False, soft_wrap=True)
    out.print(
        f"Imported {file.name} into article {report.article_id}: {len(report.changed)} segment"
        f"{'s' * (len(report.changed) != 1)} "
        f"changed, {report.unchanged} unchanged.",
        markup=False,
        soft_wrap=True,
    )
