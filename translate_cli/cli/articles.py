"""fetch, list and show: getting articles in and looking at them."""

from __future__ import annotations

import math
import sqlite3
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
    debugging,
    open_store,
    output,
    print_json,
)
from translate_cli.cli.output import echo
from translate_cli.errors import InputError, TranslateCliError
from translate_cli.text.controls import without_surrogates


@app.command()
def fetch(
    sources: Annotated[
        list[str], typer.Argument(help="Article URLs, saved .html pages or .txt/.md files.")
    ],
    db: DbOption = None,
    json_out: JsonOption = False,
    timeout: Annotated[
        float, typer.Option(help="Longest wait for the server to connect or send more, in seconds.")
    ] = 30.0,
    deadline: Annotated[
        float,
        typer.Option(help="Longest time for a whole download, retries included, in seconds."),
    ] = 120.0,
    retries: Annotated[int, typer.Option(help="Retries on 429, 5xx and timeouts.")] = 3,
    max_mb: Annotated[
        float, typer.Option("--max-mb", help="Largest page to download or file to read, in MB.")
    ] = 10.0,
    user_agent: Annotated[
        str | None,
        typer.Option(help="User-Agent header (env TRANSLATE_CLI_USER_AGENT).", show_default=False),
    ] = None,
    accept_language: Annotated[
        str | None,
        typer.Option(
            help="Accept-Language header (env TRANSLATE_CLI_ACCEPT_LANGUAGE).", show_default=False
        ),
    ] = None,
    quiet: QuietOption = False,
    visual: VisualOption = None,
) -> None:
    """Fetch articles into the database, split into sentence segments.

    Fetching an article again updates it in place: translations of unchanged segments are
    kept, new and changed segments are flagged, and nothing you wrote is deleted. With several
    sources, one that fails is reported and the others are still fetched (exit 1 at the end).

    Examples:

      translate-cli fetch https://www.syria.tv/some-article

      translate-cli fetch saved-page.html notes.txt --json
    """
    from translate_cli.ingest.download import FetchSettings
    from translate_cli.ingest.load import fetch_all
    from translate_cli.store.rows import article_json

    settings = FetchSettings(
        read_timeout=_seconds("--timeout", timeout),
        connect_timeout=min(10.0, _seconds("--timeout", timeout)),
        deadline=_seconds("--deadline", deadline),
        retries=_count("--retries", retries, 20),
        max_bytes=_megabytes("--max-mb", max_mb),
    )
    # The option, else the environment (FetchSettings' default): either is checked.
    settings.user_agent = (
        _header("--user-agent", user_agent)
        if user_agent
        else _header("TRANSLATE_CLI_USER_AGENT", settings.user_agent)
    )
    settings.accept_language = (
        _header("--accept-language", accept_language)
        if accept_language
        else _header("TRANSLATE_CLI_ACCEPT_LANGUAGE", settings.accept_language)
    )
    store = open_store(db)
    out = output(quiet=quiet, visual=visual)
    err = output(stderr=True)
    done: list[dict[str, Any]] = []
    errors: list[dict[str, str]] = []
    progress = None
    if len(sources) > 1 and err.terminal and not json_out and not quiet:
        from rich.progress import Progress

        progress = Progress(console=err.console, transient=True)
        progress.start()
    task = progress.add_task("Fetching", total=len(sources)) if progress else None
    for fetched in fetch_all(store, sources, settings):
        result, article = fetched.result, fetched.article
        if result is None or article is None:
            assert fetched.error is not None
            message = _source_error(fetched.source, fetched.error, several=len(sources) > 1)
            errors.append({"source": without_surrogates(fetched.source), "error": message})
            if not json_out:
                err.print(f"Error: {message}")
        else:
            done.append(
                article_json(
                    article,
                    segments=len(store.segments(result.article_id)),
                    created=result.created,
                    added=len(result.added),
                    changed=len(result.changed),
                    removed=len(result.removed),
                )
            )
            if not json_out and not quiet:
                out.line(*_fetch_line(done[-1]))
        if progress is not None and task is not None:
            progress.advance(task)
    if progress is not None:
        progress.stop()
    if json_out:
        print_json({"articles": done, "errors": errors})
    if errors:
        raise typer.Exit(1)


def _source_error(source: str, exc: Exception, several: bool) -> str:
    """One line for a source that failed; an unexpected error says so, and how to see more."""
    from translate_cli.text.controls import visible

    if isinstance(exc, TranslateCliError | sqlite3.DatabaseError):
        message = str(exc)
        if isinstance(exc, sqlite3.DatabaseError):
            message = f"Database error: {exc}. Check the file given by --db."
    elif isinstance(exc, UnicodeError):
        message = f"Text that is not valid UTF-8 ({getattr(exc, 'reason', exc)})."
    else:
        if debugging():
            import traceback

            echo("".join(traceback.format_exception(exc)).rstrip(), err=True)
        detail = (str(exc).strip().splitlines() or [""])[0]
        message = (
            f"Unexpected {type(exc).__name__}{': ' + detail if detail else ''}; the other "
            "sources go on. Rerun with --debug for the traceback and report it."
        )
    shown = visible(source)
    if several and shown not in message:
        return f"{shown}: {message[0].lower()}{message[1:]}"
    return message


def _seconds(option: str, value: float) -> float:
    if not math.isfinite(value) or value <= 0:
        raise InputError(f"{option} must be a number of seconds above 0, not {value}.")
    return min(value, 86400.0)


def _megabytes(option: str, value: float) -> int:
    if not math.isfinite(value) or value <= 0 or value > 4096:
        raise InputError(f"{option} must be a number of MB above 0 and at most 4096, not {value}.")
    return max(int(value * 1024 * 1024), 1)


def _count(option: str, value: int, most: int) -> int:
    if not 0 <= value <= most:
        raise InputError(f"{option} must be between 0 and {most}, not {value}.")
    return value


def _header(option: str, value: str) -> str:
    if not value.isprintable() or not value.isascii():
        raise InputError(f"{option} must be printable ASCII on one line.")
    return value


def _fetch_line(item: dict[str, Any]) -> tuple[str, str, str]:
    """The line fetch prints for an article, as its parts (the title is the Arabic one)."""
    if item["created"]:
        detail = f"{item['segments']} segments"
    else:
        detail = (
            f"updated: {item['added']} new, {item['changed']} changed, {item['removed']} removed, "
            f"{item['segments']} segments"
        )
    return f"[{item['id']}] ", item["title"] or "", f" ({detail})"


@app.command("list")
def list_articles(
    db: DbOption = None,
    json_out: JsonOption = False,
    limit: Annotated[
        int,
        typer.Option(
            "--limit", min=1, max=1_000_000, help="How many of the latest articles to list."
        ),
    ] = 50,
    show_all: Annotated[bool, typer.Option("--all", help="List every article.")] = False,
    wide: Annotated[
        bool, typer.Option("--wide", help="Every column: site and the count per status.")
    ] = False,
    visual: VisualOption = None,
) -> None:
    """List fetched articles, the latest first, with their progress by segments and words.

    Shows the latest 50 unless given --limit or --all; one line per article, --wide for
    every column.

    Examples:

      translate-cli list

      translate-cli list --all --wide

      translate-cli list --json | jq '.articles[] | select(.progress.percent < 100) | .id'
    """
    from translate_cli.store.rows import article_json, progress_json

    store = open_store(db)
    rows = store.articles(None if show_all else limit)
    total = len(rows) if show_all or len(rows) < limit else store.count_articles()
    if json_out:
        print_json(
            {
                "articles": [
                    article_json(
                        r,
                        segments=r["segments"],
                        counts=r["counts"],
                        words=r["words"],
                        word_counts=r["words_done"],
                        progress=progress_json(r["counts"], r["words_done"]),
                    )
                    for r in rows
                ],
                "total": total,
            }
        )
        return
    out = output(visual=visual)
    if not rows:
        out.print("No articles yet: run 'translate-cli fetch URL' to add one.")
        return
    if not out.terminal and not out.visual:
        _plain_list(rows, wide, out)
    else:
        _rich_list(rows, wide, out)
    if total > len(rows):
        console(stderr=True).print(
            f"The latest {len(rows)} of {total} articles: --all lists every one.", markup=False
        )


def _list_cells(rows: list[Any], wide: bool) -> tuple[list[str], list[list[str]]]:
    """The listing's header and cells as text, the title last."""
    from translate_cli.status import STATUSES
    from translate_cli.store.rows import progress_json

    headers = ["id", "published"]
    if wide:
        headers += ["site", *STATUSES]
    headers += ["segments", "words", "title"]
    cells = []
    for r in rows:
        p = progress_json(r["counts"], r["words_done"])
        row = [str(r["id"]), (r["published"] or "")[:10] or "-"]
        if wide:
            row += [r["site"] or "", *(str(r["counts"][s]) for s in STATUSES)]
        row += [
            f"{p['segments_done']}/{p['segments']}",
            f"{p['words_done']}/{p['words']} {p['percent']}%",
            _one_line(r["title"]),
        ]
        cells.append(row)
    return headers, cells


def _plain_list(rows: list[Any], wide: bool, out: Any) -> None:
    """Piped: plain columns, one line per article, written without Rich's table layout."""
    from translate_cli.cli.output import plain_columns

    headers, cells = _list_cells(rows, wide)
    right = {i for i, name in enumerate(headers) if name not in ("published", "site", "title")}
    width = None if wide else out.console.width
    out.console.file.write("\n".join(plain_columns(headers, cells, right=right, width=width)))
    out.console.file.write("\n")


def _rich_list(rows: list[Any], wide: bool, out: Any) -> None:
    table = _articles_table(rows, wide, out)
    if wide:
        # Everything, whatever the terminal's width: lines as long as they need to be.
        from rich.measure import Measurement

        options = out.console.options.update_width(100_000)
        needed = Measurement.get(out.console, options, table).maximum
        out.console.width = max(out.console.width, needed)
    with out.paged():
        out.print(table)


def _articles_table(rows: list[Any], wide: bool, out: Any) -> Any:
    from translate_cli.status import STATUSES

    table = out.table(show_lines=False, expand=not wide, pad_edge=False)
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("published", no_wrap=True)
    if wide:
        table.add_column("site", no_wrap=True)
        for status in STATUSES:
            table.add_column(status, justify="right", no_wrap=True)
    table.add_column("segments", justify="right", no_wrap=True)
    table.add_column("words", justify="right", no_wrap=True)
    if wide:
        table.add_column("title", overflow="fold")
    else:
        # One line per article at any width: the title gives way, cut with an ellipsis.
        table.add_column("title", no_wrap=True, overflow="ellipsis", ratio=1, min_width=8)
    for row in _list_cells(rows, wide)[1]:
        table.add_row(*row[:-1], out.text(row[-1], one_line=not wide))
    return table


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


@app.command()
def show(
    article: ArticleArg,
    db: DbOption = None,
    glossary: GlossaryOption = None,
    json_out: JsonOption = False,
    status: Annotated[
        str | None, typer.Option(help="Only segments with this status.", show_default=False)
    ] = None,
    suggest: Annotated[
        bool,
        typer.Option(
            "--suggest/--no-suggest", help="Add translation-memory suggestions (with --json)."
        ),
    ] = True,
    visual: VisualOption = None,
) -> None:
    """Show an article's segments with their targets, statuses and glossary terms.

    Segments are numbered within the article (1, 2, 3 ...), the numbers every other command
    takes. The header gives progress by segments and by source words.

    Examples:

      translate-cli show 1

      translate-cli show 1 --json | jq '.segments[] | select(.status == "new") | .id'
    """
    from translate_cli.glossary import load_glossary
    from translate_cli.status import check_status
    from translate_cli.store.rows import article_json, progress_json, segment_json, word_count

    store = open_store(db)
    art = store.resolve_article(article)
    if status:
        check_status(status)
    gloss = load_glossary(glossary)
    every = store.segments(art["id"])
    counts: dict[str, int] = {}
    words: dict[str, int] = {}
    for seg in every:
        counts[seg["status"]] = counts.get(seg["status"], 0) + 1
        words[seg["status"]] = words.get(seg["status"], 0) + word_count(seg["source"])
    # Glossary hits across the article in one call, so short forms count (الشرع after
    # أحمد الشرع in an earlier segment), even for segments --status leaves out.
    article_hits = gloss.find_article([s["source"] for s in every])
    hits_of = {s["id"]: h for s, h in zip(every, article_hits, strict=True)}
    segments = [s for s in every if not status or s["status"] == status]
    items = [
        segment_json(s, terms=hits_of[s["id"]], words=word_count(s["source"])) for s in segments
    ]
    progress = progress_json(counts, words)
    if json_out:
        if suggest:
            # Only for the segments printed: memory lookups are the costly part of show.
            from translate_cli.memory import suggestions

            for seg, item in zip(segments, items, strict=True):
                item["suggestions"] = suggestions(store, seg["source"], exclude_segment=seg["pk"])
        print_json(article_json(art, progress=progress, segments=items))
        return
    out = output(visual=visual)
    with out.paged():
        _print_article(art, items, progress, out)


def _print_article(
    art: Any, items: list[dict[str, Any]], progress: dict[str, Any], out: Any
) -> None:
    from rich.cells import cell_len
    from rich.text import Text

    from translate_cli.text.controls import visible

    head = f"[{art['id']}] "
    title = _one_line(art["title"])
    if out.visual and cell_len(head + title) > out.console.width:
        # A long title wrapped before reordering, so it reads from its first line down.
        out.line((head.rstrip(), "bold"))
        out.paragraph(title, indent=2, style="bold")
    else:
        out.line((head, "bold"), (title, "bold"))
    # Part by part, so an Arabic author is reordered on its own in visual mode.
    meta = [x for x in (art["site"], art["author"], art["published"], art["url"]) if x]
    parts: list[tuple[str, str] | str] = []
    for number, part in enumerate(meta):
        parts += [(" · ", "dim")] * bool(number) + [(part, "dim")]
    out.line(*parts)
    out.print(
        f"{progress['segments_done']} of {progress['segments']} segments done; "
        f"{progress['words_done']} of {progress['words']} source words ({progress['percent']}%)",
        markup=False,
    )
    table = out.table(show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("source (ar)", ratio=1)
    table.add_column("target (en)", ratio=1)
    for item in items:
        source: Any = Text(visible(item["source"]))
        # Term spans are offsets in the stored text; they fit only where nothing was escaped.
        if out.visual or source.plain != item["source"]:
            source = out.text(item["source"])
        else:
            for term in item["terms"]:
                source.stylize("bold cyan", term["start"], term["end"])
        if item["terms"]:
            terms = "; ".join(f"{t['source']} → {t['target']}" for t in item["terms"])
            from rich.console import Group

            source = Group(source, out.text(terms, style="cyan dim"))
        status = item["status"] + (f" ({item['flag']})" if item["flag"] else "")
        table.add_row(str(item["id"]), item["kind"], status, source, out.text(item["target"]))
    out.print(table)
