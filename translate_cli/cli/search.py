"""search: find text in every article's source and target."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from translate_cli.cli.app import DbOption, JsonOption, VisualOption, app, open_store, print_json
from translate_cli.cli.completers import complete_status

# How a match is marked where styles do not show (piped output, visual mode).
_MARK = ("[", "]")


@app.command()
def search(
    text: Annotated[str, typer.Argument(help='Words to find (all of them); "quote" a phrase.')],
    db: DbOption = None,
    json_out: JsonOption = False,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="Only segments with this status (new, draft, translated, ...).",
            show_default=False,
            autocompletion=complete_status,
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="Most matches to print.")] = 20,
    visual: VisualOption = None,
) -> None:
    """Search every article's Arabic source and English target.

    Matches ignore harakat, alef and yeh forms, tatweel and case, and find a word inside a
    longer one (دمشق finds بدمشق). Prints the article, segment number, status and a snippet
    with the match highlighted, the latest articles first.

    Examples:

      translate-cli search 'مجلس الأمن'

      translate-cli search ceasefire --status approved

      translate-cli search 'ريف إدلب' --json | jq '.hits[] | [.article, .id]'
    """
    from translate_cli.search import search as run_search

    store = open_store(db)
    hits = run_search(store, text, status=status, limit=limit)
    if json_out:
        from translate_cli.store.rows import segment_json

        print_json(
            {
                "query": text,
                "hits": [
                    {
                        **segment_json(hit.segment),
                        "title": hit.title,
                        "snippets": [s.to_json() for s in hit.snippets],
                    }
                    for hit in hits
                ],
                "limit": limit,
            }
        )
        return
    from translate_cli.cli.app import output

    out = output(visual=visual)
    if not hits:
        out.print(f"Nothing matches {text!r}" + (f" with status {status}." if status else "."))
        return
    with out.paged():
        for hit in hits:
            _print_hit(out, hit)
    if len(hits) == limit:
        out_err = output(stderr=True)
        out_err.print(f"The first {limit} matches: --limit shows more.")


def _print_hit(out: Any, hit: Any) -> None:
    from rich.cells import cell_len

    from translate_cli.cli.output import cut_to_width

    seg = hit.segment
    title = " ".join((hit.title or "").split())
    flag = f" ({seg['flag']})" if seg["flag"] else ""
    head = f"article {seg['article_id']} · segment {seg['id']} · {seg['status']}{flag} · "
    # One line per hit: on a terminal the title gives way to fit it (cut before reordering,
    # so a visual title is not wrapped by the terminal mid-word, its start on the next line).
    room = out.console.width - cell_len(head) if out.terminal else 60
    out.line(
        (f"article {seg['article_id']}", "bold"),
        " · ",
        (f"segment {seg['id']}", "bold"),
        " · ",
        seg["status"] + flag,
        " · ",
        (cut_to_width(title, max(room, 8)), "dim"),
    )
    for snippet in hit.snippets:
        out.print(_snippet(out, snippet.field, snippet.text, snippet.highlights))


def _snippet(out: Any, field: str, text: str, spans: list[tuple[int, int]]) -> Any:
    from rich.text import Text

    from translate_cli.cli.output import has_arabic, visual_block
    from translate_cli.text.controls import visible

    label = "  ar  " if field == "source" else "  en  "
    shown = visible(text)
    if out.visual or not out.terminal or shown != text:
        # No styles to show the match (or offsets no longer fit): mark it in the text.
        marked, last = [], 0
        for start, end in spans:
            marked += [text[last:start], _MARK[0], text[start:end], _MARK[1]]
            last = end
        marked.append(text[last:])
        joined = visible("".join(marked))
        if out.visual and has_arabic(joined):
            # Wrapped first, then each line reordered and set against the right edge, so the
            # lines read top to bottom (a terminal wrapping one reordered line puts the start
            # of the sentence on the last line).
            width = max(out.console.width - len(label), 10)
            lines = visual_block(joined, width)
            return Text("\n").join(
                Text((label if i == 0 else " " * len(label)) + _right(line, width))
                for i, line in enumerate(lines)
            )
        return _labelled(out, label, out.styled("".join(marked)))
    body = Text(text)
    for start, end in spans:
        body.stylize("bold reverse", start, end)
    return _labelled(out, label, body)


def _labelled(out: Any, label: str, body: Any) -> Any:
    """The label, then the text: on a terminal wrapped at words under itself (not cut
    mid-word by the terminal); piped, one line."""
    from rich.text import Text

    if not out.terminal:
        return Text(label) + body
    from rich.table import Table

    grid = Table.grid()
    grid.add_column(width=len(label), no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(label, body)
    return grid


def _right(line: str, width: int) -> str:
    from rich.cells import cell_len

    return " " * max(width - cell_len(line), 0) + line
