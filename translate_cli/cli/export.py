"""export, meta and import: the finished English article, its byline and links, and
exchanging work with other translation tools (XLIFF 1.2 and 2.1, TMX 1.4b)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import typer

from translate_cli.cli.app import (
    ArticleArg,
    DbOption,
    GlossaryOption,
    JsonOption,
    QuietOption,
    VisualOption,
    app,
    console,
    open_store,
    output,
    print_json,
)
from translate_cli.errors import InputError
from translate_cli.files import read_input, standard_descriptor, write_atomic


def _load_glossary(path: Path | None) -> Any:
    try:
        from translate_cli.glossary import load_glossary
    except ImportError:  # the glossary module is optional for export
        return None
    return load_glossary(path)


# Suffixes that name a format another way than its own suffix.
_SUFFIXES = {".htm": "html", ".markdown": "md", ".xliff": "xliff", ".xlf": "xliff"}


def _guess_format(output: Path | None) -> str:
    """The format an output file name implies (publishable formats first), else Markdown.

    A suffix no format writes (``.pdf``, ``.odt``) is refused rather than silently written as
    Markdown under that name.
    """
    if output is None or str(output) == "-":
        return "md"
    from translate_cli.export import available_formats

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


@app.command()
def export(
    article: ArticleArg,
    format_name: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="md, html, txt, json, docx (the English article); bilingual, bilingual-md "
            "(review sheet); xliff12, xliff (2.1), tmx (exchange). Default: from the -o "
            "suffix, else md.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file instead of standard output (through a symlink to its "
            "target; with your usual permissions).",
        ),
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
        typer.Option(
            "--standalone",
            help='HTML: a whole page (lang="en") with a readable stylesheet, not a fragment.',
        ),
    ] = False,
    glossary: GlossaryOption = None,
    db: DbOption = None,
) -> None:
    """Export an article: the publishable English edition, a review sheet or an exchange file.

    The English article (md, html, txt, json) is rebuilt from the approved translations in
    source order: title, date, byline, subheadings, paragraphs, lists, translated captions,
    then "Translated from:" (the article's public URL) and any "See also" links (set them with
    'translate-cli meta'). It is refused while segments are not approved (--draft exports
    anyway, marked) or quality checks find errors (--force).

    Examples:

      translate-cli export 1 -o aleppo.md

      translate-cli export 1 --format html --standalone -o aleppo.html

      translate-cli export 1 -o aleppo.docx

      translate-cli export 1 --format bilingual -o review.html --draft

      translate-cli export 1 --format xliff12 -o aleppo.xlf
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
    # -o /dev/stdout is standard output: on a terminal it gets the same care as no -o at all.
    if output is None or str(output) == "-" or standard_descriptor(output) == 1:
        from translate_cli.cli.output import write_document

        write_document(data)
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


def _check_url(value: str, what: str = "See-also link") -> str:
    from translate_cli.urls import check_http_url

    return check_http_url(value, what)


def _meta_json(store: Any, art: Mapping[str, Any]) -> dict[str, Any]:
    from translate_cli.export.base import (
        DEFAULT_DATE_FORMAT,
        ExportDocument,
        decode_urls,
        format_date,
        node_number,
    )

    found = node_number(art)
    extra = {"node_site": found[0], "node": found[1]} if found else {}
    doc = ExportDocument(article={**art, **extra}, blocks=[])
    return {
        "id": art["id"],
        "author": art["author"],
        "author_en": art["author_en"],
        "published": art["published"],
        "date_format": art["date_format"] or DEFAULT_DATE_FORMAT,
        "date": format_date(art["published"], art["date_format"]),
        "see_also": decode_urls(art["see_also"]),
        "source_url": art.get("source_url"),
        "source_style": art.get("source_style") or "full",
        "node": found[1] if found else None,
        "translated_from": doc.source_url,
        "translated_from_shown": doc.source_text,
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
    source_url: Annotated[
        str | None,
        typer.Option(
            "--source-url",
            help="The public address 'Translated from:' credits (e.g. for a saved page); '' "
            "goes back to the page's own.",
            show_default=False,
        ),
    ] = None,
    source_style: Annotated[
        str | None,
        typer.Option(
            "--source-style",
            help="How the credit shows it: full (the URL) or short (www.syria.tv/NNNN, when "
            "the article's node number is known).",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    json_out: JsonOption = False,
    visual: VisualOption = None,
) -> None:
    """Set or show the English edition's byline, date format, credit and See-also links.

    Without options it shows them. "Translated from:" credits the article's public URL: the
    one set with --source-url, else the page's canonical link, else the URL it was fetched
    from (never a local file's path).

    Examples:

      translate-cli meta 1 --author "Saeed Alyousef"

      translate-cli meta 1 --see-also https://example.org/analysis --see-also https://example.org/map

      translate-cli meta 1 --date-format "%d %B %Y"

      translate-cli meta 1 --source-style short
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
    if source_url is not None:
        fields["source_url"] = _check_url(source_url, "Source URL") if source_url.strip() else None
    if source_style is not None:
        style = source_style.strip().lower()
        if style not in ("full", "short"):
            raise InputError(f"Unknown source style {source_style!r}: use full or short.")
        fields["source_style"] = None if style == "full" else style
    if fields:
        art = store.update_article(art["id"], fields)
    info = _meta_json(store, dict(art))
    if source_style and info["source_style"] == "short" and not info["node"]:
        console(stderr=True).print(
            "Note: no syria.tv node number is known for the credited address, so the credit "
            "shows the full URL.",
            markup=False,
            soft_wrap=True,
        )
    if json_out:
        print_json(info)
        return
    out = output(visual=visual)
    out.print(f"Article {info['id']}", markup=False)
    if info["author_en"] or not info["author"]:
        out.line("  byline: ", info["author_en"] or "(none)")
    else:
        out.line("  byline: ", info["author"], " (the source's; set --author)")
    out.print(f"  date: {info['date'] or '(unknown)'} ({info['date_format']})", markup=False)
    shown = info["translated_from_shown"]
    out.print(
        f"  translated from: {shown or '(none: set --source-url)'}", markup=False, soft_wrap=True
    )
    links = info["see_also"]
    out.print(
        f"  see also: {', '.join(links) if links else '(none)'}", markup=False, soft_wrap=True
    )


@app.command("import")
def import_file(
    article: ArticleArg,
    file: Annotated[
        Path,
        typer.Argument(
            help="An XLIFF 1.2 or 2.x file exported by 'export --format xliff12' or 'xliff'."
        ),
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
    quiet: QuietOption = False,
) -> None:
    """Bring translations, statuses and notes back from an XLIFF 1.2 or 2.x file.

    The version is read from the file. Segments are matched by id. A file for another
    article, unknown segment ids or a source that changed since export are reported, and
    nothing is imported unless --skip-mismatched.
    Each changed segment gets a history row (action "import").

    Examples:

      translate-cli import 1 aleppo-reviewed.xlf

      translate-cli import 1 aleppo-reviewed.xlf --skip-mismatched --json
    """
    from translate_cli.config import max_file_bytes
    from translate_cli.exchange import import_xliff

    data = read_input(file, "an XLIFF file", max_bytes=max_file_bytes())
    store = open_store(db)
    art = store.resolve_article(article)
    report = import_xliff(store, art, data, skip_mismatched=skip_mismatched)
    if json_out:
        print_json(
            {
                "article": report.article_id,
                "xliff_version": report.version,
                "changed": report.changed,
                "unchanged": report.unchanged,
                "skipped": report.skipped,
                "warnings": report.warnings,
            }
        )
        return
    err = console(stderr=True)
    for problem in report.skipped:
        err.print(f"Skipped: {problem}.", markup=False, soft_wrap=True)
    for warning in report.warnings:
        err.print(f"Warning: {warning}", markup=False, soft_wrap=True)
    output(quiet=quiet).report(
        f"Imported {file.name} into article {report.article_id}: {len(report.changed)} segment"
        f"{'s' * (len(report.changed) != 1)} "
        f"changed, {report.unchanged} unchanged."
    )
