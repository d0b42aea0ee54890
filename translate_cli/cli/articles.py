"""fetch, list and show: getting articles in and looking at them."""

from __future__ import annotations

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
from translate_cli.errors import TranslateCliError


@app.command()
def fetch(
    sources: Annotated[
        list[str], typer.Argument(help="Article URLs, saved .html pages or .txt/.md files.")
    ],
    db: DbOption = None,
    json_out: JsonOption = False,
    timeout: Annotated[float, typer.Option(help="Read timeout in seconds.")] = 30.0,
    retries: Annotated[int, typer.Option(help="Retries on 429, 5xx and timeouts.")] = 3,
    max_mb: Annotated[
        float, typer.Option("--max-mb", help="Largest page to download, in MB.")
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
) -> None:
    """Fetch articles into the database, split into sentence segments.

    Fetching an article again updates it in place: translations of unchanged segments are
    kept, new and changed segments are flagged, and nothing you wrote is deleted.

    Examples:

      translate-cli fetch https://www.syria.tv/some-article

      translate-cli fetch saved-page.html notes.txt --json
    """
    from concurrent.futures import ThreadPoolExecutor, as_completed
    from contextlib import nullcontext

    from translate_cli.ingest.download import FetchSettings, is_url, make_client
    from translate_cli.ingest.load import load, save

    settings = FetchSettings(
        read_timeout=timeout, retries=retries, max_bytes=int(max_mb * 1024 * 1024)
    )
    if user_agent:
        settings.user_agent = user_agent
    if accept_language:
        settings.accept_language = accept_language
    store = open_store(db)
    out = console()
    err = console(stderr=True)
    done: list[dict[str, Any]] = []
    errors: list[dict[str, str]] = []
    progress = None
    if len(sources) > 1 and err.is_terminal and not json_out:
        from rich.progress import Progress

        progress = Progress(console=err, transient=True)
        progress.start()
    task = progress.add_task("Fetching", total=len(sources)) if progress else None
    # httpx and its TLS set-up cost a fifth of a second: only when a URL needs them.
    needs_network = any(is_url(src) for src in sources)
    with (
        make_client(settings) if needs_network else nullcontext() as client,
        ThreadPoolExecutor(max_workers=min(4, len(sources))) as pool,
    ):
        futures = {pool.submit(load, src, settings, client): src for src in sources}
        for future in as_completed(futures):
            src = futures[future]
            try:
                result = save(store, future.result())
            except TranslateCliError as exc:
                errors.append({"source": src, "error": str(exc)})
                if not json_out:
                    err.print(f"Error: {exc}", markup=False, soft_wrap=True)
            else:
                article = store.resolve_article(result.article_id)
                done.append(
                    {
                        "id": result.article_id,
                        "url": article["url"],
                        "title": article["title"],
                        "segments": len(store.segments(result.article_id)),
                        "created": result.created,
                        "added": len(result.added),
                        "changed": len(result.changed),
                        "removed": len(result.removed),
                        "source": src,
                    }
                )
                if not json_out:
                    out.print(_fetch_line(done[-1]), markup=False, soft_wrap=True)
            if progress is not None and task is not None:
                progress.advance(task)
    if progress is not None:
        progress.stop()
    if json_out:
        order = {src: i for i, src in enumerate(sources)}
        done.sort(key=lambda a: order.get(a.pop("source"), 0))
        print_json({"articles": done, "errors": errors})
    if errors:
        raise typer.Exit(1)


def _fetch_line(item: dict[str, Any]) -> str:
    if item["created"]:
        detail = f"{item['segments']} segments"
    else:
        detail = (
            f"updated: {item['added']} new, {item['changed']} changed, {item['removed']} removed, "
            f"{item['segments']} segments"
        )
    return f"[{item['id']}] {item['title']} ({detail})"


@app.command("list")
def list_articles(db: DbOption = None, json_out: JsonOption = False) -> None:
    """List fetched articles with their progress per status.

    Example: translate-cli list --json
    """
    from translate_cli.status import STATUSES

    store = open_store(db)
    rows = store.articles()
    if json_out:
        keys = ("id", "url", "canonical_url", "site", "title", "author", "published", "fetched_at")
        print_json(
            {
                "articles": [
                    {**{k: r[k] for k in keys}, "segments": r["segments"], "counts": r["counts"]}
                    for r in rows
                ]
            }
        )
        return
    out = console()
    if not rows:
        out.print("No articles yet: run 'translate-cli fetch URL' to add one.")
        return
    from rich.table import Table

    table = Table(show_lines=False)
    table.add_column("id", justify="right")
    table.add_column("title", max_width=60)
    table.add_column("site")
    table.add_column("published")
    for status in STATUSES:
        table.add_column(status, justify="right")
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["title"] or "",
            r["site"] or "",
            (r["published"] or "")[:10],
            *(str(r["counts"][s]) for s in STATUSES),
        )
    out.print(table)


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
        bool, typer.Option("--suggest/--no-suggest", help="Add translation-memory suggestions.")
    ] = True,
) -> None:
    """Show an article's segments with their targets, statuses and glossary terms.

    Examples:

      translate-cli show 1

      translate-cli show 1 --json | jq '.segments[] | select(.status == "new") | .id'
    """
    from translate_cli.glossary import load_glossary
    from translate_cli.status import check_status

    store = open_store(db)
    art = store.resolve_article(article)
    if status:
        check_status(status)
    gloss = load_glossary(glossary)
    segments = [s for s in store.segments(art["id"]) if not status or s["status"] == status]
    items = [_segment_json(s, gloss) for s in segments]
    if suggest and json_out:
        from translate_cli.memory import suggestions

        for item in items:
            item["suggestions"] = suggestions(store, item["source"], exclude_segment=item["id"])
    if json_out:
        print_json(
            {
                "id": art["id"],
                "url": art["url"],
                "canonical_url": art["canonical_url"],
                "site": art["site"],
                "title": art["title"],
                "author": art["author"],
                "published": art["published"],
                "updated": art["updated"],
                "fetched_at": art["fetched_at"],
                "segments": items,
            }
        )
        return
    _print_article(art, items)


def _segment_json(seg: dict[str, Any], gloss: Any) -> dict[str, Any]:
    return {
        "id": seg["id"],
        "index": seg["idx"],
        "kind": seg["kind"],
        "block": seg["block"],
        "source": seg["source"],
        "target": seg["target"],
        "status": seg["status"],
        "note": seg["note"],
        "flag": seg["flag"],
        "terms": [hit.to_json() for hit in gloss.find(seg["source"])],
    }


def _print_article(art: dict[str, Any], items: list[dict[str, Any]]) -> None:
    from rich.table import Table
    from rich.text import Text

    out = console()
    header = Text(f"[{art['id']}] {art['title']}", style="bold")
    out.print(header)
    meta = " · ".join(x for x in (art["site"], art["author"], art["published"], art["url"]) if x)
    out.print(meta, markup=False, style="dim")
    table = Table(show_lines=True, expand=True)
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("source (ar)", ratio=1)
    table.add_column("target (en)", ratio=1)
    for item in items:
        source = Text(item["source"])
        for term in item["terms"]:
            source.stylize("bold cyan", term["start"], term["end"])
        if item["terms"]:
            source.append(
                "\n" + "; ".join(f"{t['source']} → {t['target']}" for t in item["terms"]),
                style="cyan dim",
            )
        status = item["status"] + (f" ({item['flag']})" if item["flag"] else "")
        table.add_row(str(item["id"]), item["kind"], status, source, Text(item["target"] or ""))
    out.print(table)
