"""glossary find/list/add/check/import/export: the house renderings of Arabic terms."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from translate_cli.cli.app import (
    GlossaryOption,
    JsonOption,
    QuietOption,
    VisualOption,
    app,
    output,
    print_json,
)
from translate_cli.cli.output import echo
from translate_cli.errors import InputError
from translate_cli.files import write_atomic
from translate_cli.text.controls import visible

glossary_app = typer.Typer(
    help="The glossary: house renderings of Arabic names and terms, found in any text.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(glossary_app, name="glossary")

FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        help="csv, tbx (TBX-Basic v3) or tbx2 (TBX-Basic 2008, martif: OmegaT, Translate "
        "Toolkit); default: from the file name, else from its content. Import reads either "
        "TBX version.",
        show_default=False,
    ),
]


def _format(fmt: str | None) -> str | None:
    if fmt is None:
        return None
    value = {"tbx3": "tbx", "martif": "tbx2"}.get(fmt.lower().strip(), fmt.lower().strip())
    if value not in ("csv", "tbx", "tbx2"):
        raise InputError(f"Unknown format {fmt!r}: use csv, tbx or tbx2.")
    return value


def _writable(glossary: Path | None) -> Path:
    """The glossary file to change: --glossary (created if missing) or the resolved one."""
    from translate_cli.glossary import resolve_glossary_path

    if glossary is not None:
        return glossary.expanduser()
    return resolve_glossary_path(None)


@glossary_app.command("find")
def glossary_find(
    text: Annotated[str, typer.Argument(help="Arabic text, or - to read it from stdin.")],
    glossary: GlossaryOption = None,
    json_out: JsonOption = False,
    visual: VisualOption = None,
) -> None:
    """Find glossary terms in Arabic text, with their renderings and character spans.

    Terms are found with prefixes attached (وبحلب, لـ«قسد», للجيش الوطني السوري), without
    diacritics or tatweel, and in any alef, ya or taa marbuta spelling. Spans are character
    offsets in TEXT; source is the text as written there. After a full name, a later
    surname or short form in TEXT is found too (الشرع after أحمد الشرع), marked as a short form.

    Examples:

      translate-cli glossary find "سيطرت فصائل المعارضة على مطار حلب الدولي"

      cat article.txt | translate-cli glossary find - --json
    """
    from translate_cli.glossary import load_glossary

    if text == "-":
        text = sys.stdin.read()
    gloss = load_glossary(glossary)
    hits = gloss.find_article([text])[0]
    if json_out:
        print_json([h.to_json() for h in hits])
        return
    out = output(visual=visual)
    if not hits:
        out.print("No glossary terms found.")
        return
    table = out.table()
    table.add_column("span", justify="right", no_wrap=True)
    table.add_column("as written")
    table.add_column("term")
    table.add_column("rendering")
    for h in hits:
        rendering = f"{h.target} (short form)" if h.short else h.target
        table.add_row(
            f"{h.start}-{h.end}", out.text(h.source), out.text(h.term), out.text(rendering)
        )
    out.print(table)


@glossary_app.command("list")
def glossary_list(
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            help="Only terms whose Arabic, English, category or note has this.",
            show_default=False,
        ),
    ] = None,
    glossary: GlossaryOption = None,
    json_out: JsonOption = False,
    visual: VisualOption = None,
) -> None:
    """List the glossary's terms (all of them, or those matching --search).

    Arabic is searched in matching form (any alef, ya or taa marbuta spelling, no
    diacritics); English, categories and notes case-insensitively.

    Examples:

      translate-cli glossary list --search حلب

      translate-cli glossary list --search brigade --json
    """
    from translate_cli.glossary import load_glossary

    gloss = load_glossary(glossary)
    terms = gloss.search(search) if search else list(gloss.terms)
    if json_out:
        print_json([t.to_json() for t in terms])
        return
    out = output(visual=visual)
    if not terms:
        out.print("No glossary terms match.")
        return
    table = out.table(caption=visible(f"{len(terms)} of {len(gloss.terms)} terms · {gloss.path}"))
    table.add_column("source (ar)")
    table.add_column("target (en)")
    table.add_column("category")
    table.add_column("note / forbidden", ratio=1)
    for t in terms:
        extra = t.note
        if t.forbidden:
            extra = (extra + " " if extra else "") + "not: " + ", ".join(t.forbidden)
        table.add_row(out.text(t.source), out.text(t.target), out.text(t.category), out.text(extra))
    with out.paged():
        out.print(table)


@glossary_app.command("add")
def glossary_add(
    source: Annotated[str, typer.Argument(help="The Arabic term.")],
    target: Annotated[str, typer.Argument(help="Its English rendering.")],
    note: Annotated[str, typer.Option(help="A note for translators.")] = "",
    category: Annotated[
        str, typer.Option(help="e.g. place, faction, person, operation, institution.")
    ] = "",
    forbidden: Annotated[
        list[str] | None,
        typer.Option(
            "--forbidden",
            help="An English rendering no longer to use (repeat, or separate with |).",
            show_default=False,
        ),
    ] = None,
    only_after: Annotated[
        list[str] | None,
        typer.Option(
            "--only-after",
            help="The term applies only right after this Arabic word (repeat, or use |).",
            show_default=False,
        ),
    ] = None,
    not_after: Annotated[
        list[str] | None,
        typer.Option(
            "--not-after",
            help="The term does not apply right after this Arabic word (repeat, or use |).",
            show_default=False,
        ),
    ] = None,
    only_before: Annotated[
        list[str] | None,
        typer.Option(
            "--only-before",
            help="The term applies only right before this Arabic word (repeat, or use |).",
            show_default=False,
        ),
    ] = None,
    not_before: Annotated[
        list[str] | None,
        typer.Option(
            "--not-before",
            help="The term does not apply right before this Arabic word (repeat, or use |).",
            show_default=False,
        ),
    ] = None,
    short_form: Annotated[
        list[str] | None,
        typer.Option(
            "--short-form",
            help="A shorter name used later in an article, ARABIC or ARABIC=English (repeat).",
            show_default=False,
        ),
    ] = None,
    glossary: GlossaryOption = None,
    quiet: QuietOption = False,
) -> None:
    """Add a term to the glossary file (--glossary, else ./glossary.csv).

    A second row for a source already there is accepted when it says when it applies
    (--only-after, --not-after, --only-before, --not-before): that is another sense.

    The bundled glossary is never changed: export a copy first
    (translate-cli glossary export glossary.csv) and work on that.

    Examples:

      translate-cli glossary add "الفرقة 25" "25th Division" --category unit

      translate-cli glossary add "النظام البائد" "former regime" --forbidden "defunct regime"

      translate-cli glossary add "سورية" "Syrian" --category adjective --only-after "ليرة|منظمات"

      translate-cli glossary add "المرصد السوري لحقوق الإنسان" "Syrian Observatory for Human
      Rights" --short-form "المرصد=the Observatory"
    """
    from translate_cli.glossary import Term, add_term

    def cells(values: list[str] | None) -> tuple[str, ...]:
        return tuple(p.strip() for v in values or [] for p in v.split("|") if p.strip())

    path = _writable(glossary)
    add_term(
        path,
        Term(
            source,
            target,
            category,
            note,
            cells(forbidden),
            cells(only_after),
            cells(not_after),
            cells(only_before),
            cells(not_before),
            cells(short_form),
        ),
    )
    output(quiet=quiet).report(
        f"Added {' '.join(source.split())} → {' '.join(target.split())} to {path}."
    )


@glossary_app.command("check")
def glossary_check(
    glossary: GlossaryOption = None,
    json_out: JsonOption = False,
) -> None:
    """Check the glossary file: columns, empty cells, whitespace, BOM, duplicates, conflicts.

    Every problem is listed with its line number; the exit code is 1 if there is any.

    Examples:

      translate-cli glossary check

      translate-cli glossary check --glossary my-terms.csv --json
    """
    from translate_cli.glossary import check_file, resolve_glossary_path

    path = resolve_glossary_path(glossary)
    terms, problems = check_file(path)
    if json_out:
        print_json(
            {
                "path": str(path),
                "terms": len(terms),
                "ok": not problems,
                "problems": [p.to_json() for p in problems],
            }
        )
    else:
        for p in problems:
            echo(f"{path}:{p.line}: {p.kind}: {p.message}")
        if problems:
            echo(f"{len(problems)} problem(s) in {path}.")
        else:
            echo(f"{path}: {len(terms)} terms, no problems.")
    if problems:
        raise typer.Exit(1)


@glossary_app.command("import")
def glossary_import(
    file: Annotated[Path, typer.Argument(help="A glossary CSV or TBX file.")],
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Take the imported rendering where the two differ."),
    ] = False,
    fmt: FormatOption = None,
    glossary: GlossaryOption = None,
    json_out: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Merge terms from a CSV or TBX (TBX-Basic v3, or v2 martif) file into the glossary.

    New terms are added; a term whose rendering differs from the glossary's stops the whole
    import unless --replace.

    Examples:

      translate-cli glossary import colleague.tbx

      translate-cli glossary import new-terms.csv --glossary glossary.csv --replace
    """
    from translate_cli.glossary import import_terms, read_exchange

    path = _writable(glossary)
    incoming = read_exchange(file, _format(fmt))
    result = import_terms(path, incoming, replace=replace)
    if json_out:
        print_json({"path": str(path), **result.to_json()})
        return
    output(quiet=quiet).report(
        f"Imported {len(incoming)} term(s) into {path}: {result.added} added, "
        f"{result.replaced} replaced, {result.unchanged} already there."
    )


@glossary_app.command("export")
def glossary_export(
    file: Annotated[Path, typer.Argument(help="Where to write: .csv or .tbx, or - for stdout.")],
    fmt: FormatOption = None,
    glossary: GlossaryOption = None,
) -> None:
    """Write the glossary as CSV, TBX-Basic v3 (tbx) or TBX-Basic 2008 (tbx2, martif).

    Forbidden renderings are deprecated terms (administrativeStatus deprecatedTerm-admn-sts)
    and categories are subject fields. OmegaT and Translate Toolkit read tbx2.

    Examples:

      translate-cli glossary export glossary.csv

      translate-cli glossary export terms.tbx

      translate-cli glossary export omegat-terms.tbx --format tbx2
    """
    from translate_cli.glossary import dump, guess_format, load_glossary

    gloss = load_glossary(glossary)
    to_stdout = str(file) == "-"
    chosen = _format(fmt) or ("csv" if to_stdout else guess_format(file))
    data = dump(gloss.terms, chosen)
    if to_stdout:
        from translate_cli.cli.output import write_document

        write_document(data)
        return
    write_atomic(file, data)
    echo(f"Wrote {len(gloss.terms)} terms to {file} ({chosen.upper()}).")
