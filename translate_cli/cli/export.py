"""export, meta and import: the finished English article, its byline and links, and
exchanging work with other translation tools (XLIFF 1.2 and 2.1, TMX 1.4b)."""

from __future__ import annotations

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

FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="md, html, txt, json, docx (the English article); bilingual, bilingual-md "
        "(review sheet); xliff12, xliff (2.1), tmx (exchange). Default: from the -o "
        "suffix, else md.",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file instead of standard output (through a symlink to its "
        "target; with your usual permissions).",
    ),
]
DraftOption = Annotated[
    bool,
    typer.Option(
        "--draft", help="Export before every segment is approved, marking unfinished text."
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Export even when quality checks report errors.")
]
StandaloneOption = Annotated[
    bool,
    typer.Option(
        "--standalone",
        help='HTML: a whole page (lang="en") with a readable stylesheet, not a fragment.',
    ),
]


@app.command()
def export(
    article: ArticleArg,
    format_name: FormatOption = None,
    output: OutputOption = None,
    draft: DraftOption = False,
    force: ForceOption = False,
    standalone: StandaloneOption = False,
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
    from translate_cli.export import export_article, guess_format
    from translate_cli.glossary import load_glossary

    name = format_name or guess_format(output)
    if standalone and name.lower() != "html":
        raise InputError("--standalone applies to --format html only: drop it, or use html.")
    store = open_store(db)
    result = export_article(
        store,
        article,
        name,
        draft=draft,
        force=force,
        standalone=standalone,
        glossary=load_glossary(glossary),
    )
    err = console(stderr=True)
    for line in result.messages():
        err.print(line, markup=False, soft_wrap=True)
    # -o /dev/stdout is standard output: on a terminal it gets the same care as no -o at all.
    if output is None or str(output) == "-" or standard_descriptor(output) == 1:
        from translate_cli.cli.output import write_document

        write_document(result.payload)
        return
    write_atomic(output, result.payload)
    err.print(f"Wrote {output} ({result.format.name}).", markup=False, soft_wrap=True)


AuthorOption = Annotated[
    str | None,
    typer.Option(
        "--author",
        help="The English byline, e.g. a transliterated name; '' goes back to the source's.",
        show_default=False,
    ),
]
SeeAlsoOption = Annotated[
    list[str] | None,
    typer.Option(
        "--see-also",
        help="A related link for the end of the article; repeat for several. Replaces the list.",
        show_default=False,
    ),
]
ClearSeeAlsoOption = Annotated[
    bool, typer.Option("--clear-see-also", help="Remove every See-also link.")
]
DateFormatOption = Annotated[
    str | None,
    typer.Option(
        "--date-format",
        help="strftime format of the date line (default %m/%d/%Y, e.g. 12/01/2024).",
        show_default=False,
    ),
]
SourceUrlOption = Annotated[
    str | None,
    typer.Option(
        "--source-url",
        help="The public address 'Translated from:' credits (e.g. for a saved page); '' "
        "goes back to the page's own.",
        show_default=False,
    ),
]
SourceStyleOption = Annotated[
    str | None,
    typer.Option(
        "--source-style",
        help="How the credit shows it: full (the URL) or short (www.syria.tv/NNNN, when "
        "the article's node number is known).",
        show_default=False,
    ),
]


@app.command()
def meta(
    article: ArticleArg,
    author: AuthorOption = None,
    see_also: SeeAlsoOption = None,
    clear_see_also: ClearSeeAlsoOption = False,
    date_format: DateFormatOption = None,
    source_url: SourceUrlOption = None,
    source_style: SourceStyleOption = None,
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
    from translate_cli.export.meta import meta_json, short_credit_notice, update_meta

    art = update_meta(
        open_store(db),
        article,
        author=author,
        see_also=see_also,
        clear_see_also=clear_see_also,
        date_format=date_format,
        source_url=source_url,
        source_style=source_style,
    )
    info = meta_json(art)
    notice = short_credit_notice(info) if source_style else None
    if notice:
        console(stderr=True).print(f"Note: {notice}", markup=False, soft_wrap=True)
    if json_out:
        print_json(info)
        return
    _print_meta(info, visual)


def _print_meta(info: dict[str, Any], visual: bool | None) -> None:
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
