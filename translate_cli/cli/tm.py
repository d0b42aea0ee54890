"""tm search/import/export and check: reusing earlier translations, checking targets."""

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
from translate_cli.files import read_input, write_atomic

tm_app = typer.Typer(
    help="Translation memory: every translated, reviewed or approved segment, plus imported TMX.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(tm_app, name="tm")

TmxFile = Annotated[Path, typer.Argument(help="A TMX file.", show_default=False)]


@tm_app.command("search")
def tm_search(
    text: Annotated[str, typer.Argument(help="Arabic or English words to look for.")],
    db: DbOption = None,
    json_out: JsonOption = False,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 20,
    fuzzy: Annotated[
        bool,
        typer.Option("--fuzzy", help="Fuzzy matches of a whole sentence instead of a phrase."),
    ] = False,
    threshold: Annotated[
        int, typer.Option(help="Lowest fuzzy score to show (0-100), with --fuzzy.")
    ] = 75,
    visual: VisualOption = None,
) -> None:
    """Find where a phrase was translated before, and how.

    A concordance: Arabic text is looked for in the sources (ignoring diacritics and alef forms), English
    text in the translations. With --fuzzy, TEXT is a sentence and the results are the
    memory's closest sentences with a 0-100 score.

    Examples:

      translate-cli tm search "قوات سوريا الديمقراطية"

      translate-cli tm search "local sources" --json

      translate-cli tm search "قتل 7 مدنيين في قصف على إدلب" --fuzzy
    """
    from translate_cli.memory import search, suggestions

    if limit < 1:
        raise InputError(f"--limit must be at least 1, not {limit}.")
    if limit > 10000:
        raise InputError(f"--limit must be at most 10000, not {limit}.")
    if not 0 <= threshold <= 100:
        raise InputError(f"--threshold must be between 0 and 100, not {threshold}.")
    if not text.strip():
        raise InputError('Give some words to search for, e.g. tm search "مصادر محلية".')
    store = open_store(db)
    if fuzzy:
        results = suggestions(store, text, threshold=threshold, limit=limit)
    else:
        results = search(store, text, limit=limit)
    if json_out:
        print_json({"results": results})
        return
    out = output(visual=visual)
    if not results:
        out.print("No translation in memory has that.")
        return
    table = out.table(show_lines=True, expand=True)
    table.add_column("where", no_wrap=True)
    if fuzzy:
        table.add_column("score", justify="right")
    table.add_column("source (ar)", ratio=1)
    table.add_column("target (en)", ratio=1)
    for item in results:
        row = [_where(item)]
        if fuzzy:
            row.append(str(item["score"]))
        source = item["source"] + (f"\n({item['diff']})" if fuzzy and item.get("diff") else "")
        table.add_row(*row, out.text(source, multiline=True), out.text(item["target"]))
    with out.paged():
        out.print(table)


def _where(item: dict[str, Any]) -> str:
    if item.get("segment") is not None:
        return f"{item['article']}/{item['segment']}"
    return f"tmx #{item['unit']}"


@tm_app.command("import")
def tm_import(
    file: TmxFile,
    db: DbOption = None,
    json_out: JsonOption = False,
    srclang: Annotated[str, typer.Option(help="Source language in the file.")] = "ar",
    tgtlang: Annotated[str, typer.Option(help="Target language in the file.")] = "en",
    quiet: QuietOption = False,
) -> None:
    """Add the translation units of a TMX file to memory.

    Units already imported are skipped, so importing a file twice adds nothing.

    Example: translate-cli tm import omegat-project.tmx
    """
    from translate_cli.config import max_file_bytes
    from translate_cli.formats.tmx import read_tmx
    from translate_cli.memory import import_units

    data = read_input(file, "a .tmx file", max_file_bytes())
    pairs = read_tmx(data, srclang=srclang, tgtlang=tgtlang)
    store = open_store(db)
    result = import_units(store, pairs, file=file.name, srclang=srclang, tgtlang=tgtlang)
    if json_out:
        print_json({"file": str(file), "added": result.added, "skipped": result.skipped})
        return
    output(quiet=quiet).report(
        f"Imported {result.added} units from {file} ({result.skipped} already in memory or empty)."
    )


@tm_app.command("export")
def tm_export(
    file: Annotated[Path, typer.Argument(help="The TMX file to write ('-' for stdout).")],
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Write the whole memory to a TMX 1.4 file.

    For OmegaT, Trados, memoQ and other translation tools.

    Each distinct source/translation pair is written once; units from the database carry
    their article, segment number, status and public URL as x-article, x-segment, x-status
    and x-source-url properties, as 'export --format tmx' writes them.

    Example: translate-cli tm export memory.tmx
    """
    from translate_cli.export.tmx import memory_tmx

    store = open_store(db)
    data, count = memory_tmx(store)
    if str(file) == "-":
        from translate_cli.cli.output import write_document

        write_document(data)
        return
    write_atomic(file, data)
    if json_out:
        print_json({"file": str(file), "units": count})
        return
    console().print(f"Exported {count} units to {file}.", markup=False)


@app.command()
def check(
    article: ArticleArg,
    db: DbOption = None,
    glossary: GlossaryOption = None,
    json_out: JsonOption = False,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            help="Skip a check (repeatable): untranslated, arabic, numbers, glossary, "
            "forbidden, punctuation, brackets, quotes, spaces, inconsistent.",
            show_default=False,
        ),
    ] = None,
    visual: VisualOption = None,
) -> None:
    """Check an article's translations before publishing; exit 1 if any error is found.

    Errors: untranslated segments, Arabic script or punctuation left in the English,
    numbers that differ (Arabic-Indic digits and ٫ ٬ ٪ understood), glossary terms not
    rendered as the glossary says or rendered in a forbidden way. Warnings: unbalanced
    brackets or quotes, stray spaces, one source translated two ways in the article.

    To accept one segment as it is, put 'ignore: numbers' (any check names) or
    'paraphrase: <term>' (a glossary term rendered freely on purpose) in its note.

    Examples:

      translate-cli check 1

      translate-cli check 1 --json --ignore spaces
    """
    from translate_cli.checks import check_names, has_errors, run_checks
    from translate_cli.glossary import load_glossary

    skip = check_names(ignore or [])
    store = open_store(db)
    art = store.resolve_article(article)
    gloss = load_glossary(glossary)
    findings = run_checks(store, art["id"], gloss, ignore=skip)
    if json_out:
        print_json({"issues": [f.to_json() for f in findings]})
    else:
        _print_findings(findings, visual)
    if has_errors(findings):
        raise typer.Exit(1)


def _print_findings(findings: list[Any], visual: bool | None = None) -> None:
    out = output(visual=visual)
    if not findings:
        out.print("No problems found.")
        return
    table = out.table(expand=True)
    table.add_column("segment", justify="right", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("check", no_wrap=True)
    table.add_column("message", ratio=1)
    for f in findings:
        table.add_row(str(f.segment), f.severity, f.check, out.text(f.message))
    with out.paged():
        out.print(table)
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    segments = len({f.segment for f in findings})
    out.print(
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
        f"in {segments} segment{'s' * (segments != 1)}.",
        markup=False,
    )
