"""search: find text in every article's source and target."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from translate_cli.cli.app import DbOption, JsonOption, VisualOption, app, open_store, print_json

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
    seg = hit.segment
    title = " ".join((hit.title or "").split())
    if len(title) > 60:
        title = title[:59] + "…"
    flag = f" ({seg['flag']})" if seg["flag"] else ""
    out.line(
        (f"article {seg['article_id']}", "bold"),
        " · ",
        (f"segment {seg['id']}", "bold"),
        " · ",
        seg["status"] + flag,
        " · ",
        (title, "dim"),
    )
    for snippet in hit.snippets:
        out.print(_snippet(out, snippet.field, snippet.text, snippet.highlights))


def _snippet(out: Any, field: str, text: str, spans: list[tuple[int, int]]) -> Any:
    from rich.text import Text

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
        line = Text(label)
        line.append_text(out.styled("".join(marked)))
        return line
    line = Text(label)
    body = Text(text)
    for start, end in spans:
        body.stylize("bold reverse", start, end)
    line.append_text(body)
    return line
