"""glossary find/list/add/check/import/export: the house renderings of Arabic terms."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from translate_cli.cli.app import GlossaryOption, JsonOption, app, console, print_json
from translate_cli.errors import InputError
from translate_cli.files import write_atomic

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
        help="csv or tbx (default: from the file name, else from its content).",
        show_default=False,
    ),
]


def _format(fmt: str | None) -> str | None:
    if fmt is None:
        return None
    value = fmt.lower().strip()
    if value not in ("csv", "tbx"):
        raise InputError(f"Unknown format {fmt!r}: use csv or tbx.")
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
) -> None:
    """Find glossary terms in Arabic text, with their renderings and character spans.

    Terms are found with prefixes attached (وبحلب, لـ«قسد», للجيش الوطني السوري), without
    diacritics or tatweel, and in any alef, ya or taa marbuta spelling. Spans are character
    offsets in TEXT; source is the text as written there.

    Examples:

      translate-cli glossary find "سيطرت فصائل المعارضة على مطار حلب الدولي"

      cat article.txt | translate-cli glossary find - --json
    """
    from translate_cli.glossary import load_glossary

    if text == "-":
        text = sys.stdin.read()
    gloss = load_glossary(glossary)
    hits = gloss.find(text)
    if json_out:
        print_json([h.to_json() for h in hits])
        return
    out = console()
    if not hits:
        out.print("No glossary terms found.", markup=False)
        return
    from rich.table import Table

    table = Table()
    table.add_column("span", justify="right", no_wrap=True)
    table.add_column("as written")
    table.add_column("term")
    table.add_column("rendering")
    for h in hits:
        table.add_row(f"{h.start}-{h.end}", h.source, h.term, h.target)
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
    out = console()
    if not terms:
        out.print("No glossary terms match.", markup=False)
        return
    from rich.table import Table

    table = Table(caption=f"{len(terms)} of {len(gloss.terms)} terms · {gloss.path}")
    table.add_column("source (ar)")
    table.add_column("target (en)")
    table.add_column("category")
    table.add_column("note / forbidden", ratio=1)
    for t in terms:
        extra = t.note
        if t.forbidden:
            extra = (extra + " " if extra else "") + "not: " + ", ".join(t.forbidden)
        table.add_row(t.source, t.target, t.category, extra)
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
    glossary: GlossaryOption = None,
) -> None:
    """Add a term to the glossary file (--glossary, else ./glossary.csv).

    The bundled glossary is never changed: export a copy first
    (translate-cli glossary export glossary.csv) and work on that.

    Examples:

      translate-cli glossary add "الفرقة 25" "25th Division" --category unit

      translate-cli glossary add "النظام البائد" "former regime" --forbidden "defunct regime"
    """
    from translate_cli.glossary import Term, add_term

    path = _writable(glossary)
    refused = tuple(p.strip() for f in forbidden or [] for p in f.split("|") if p.strip())
    add_term(path, Term(source, target, category, note, refused))
    typer.echo(f"Added {' '.join(source.split())} → {' '.join(target.split())} to {path}.")


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
            typer.echo(f"{path}:{p.line}: {p.kind}: {p.message}")
        if problems:
            typer.echo(f"{len(problems)} problem(s) in {path}.")
        else:
            typer.echo(f"{path}: {len(terms)} terms, no problems.")
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
    typer.echo(
        f"Imported {len(incoming)} term(s) into {path}: {result.added} added, "
        f"{result.replaced} replaced, {result.unchanged} already there."
    )


@glossary_app.command("export")
def glossary_export(
    file: Annotated[Path, typer.Argument(help="Where to write: .csv or .tbx, or - for stdout.")],
    fmt: FormatOption = None,
    glossary: GlossaryOption = None,
) -> None:
    """Write the glossary as CSV or TBX-Basic (TBX v3).

    Examples:

      translate-cli glossary export glossary.csv

      translate-cli glossary export terms.tbx
    """
    from translate_cli.glossary import dump, guess_format, load_glossary

    gloss = load_glossary(glossary)
    to_stdout = str(file) == "-"
    chosen = _format(fmt) or ("csv" if to_stdout else guess_format(file))
    data = dump(gloss.terms, chosen)
    if to_stdout:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_atomic(file, data)
    typer.echo(f"Wrote {len(gloss.terms)} terms to {file} ({chosen.upper()}).")
