"""pretranslate: machine-translation drafts with the house glossary enforced."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
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

SegmentsArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Segments to fill: numbers, ranges like 3-9, or all (default: all).",
        show_default=False,
    ),
]
EngineOption = Annotated[
    str | None,
    typer.Option(
        help="openai, llm, deepl or a plugin's engine (env TRANSLATE_CLI_ENGINE, config engine).",
        show_default=False,
    ),
]
ModelOption = Annotated[
    str | None,
    typer.Option(
        help="The engine's model (env TRANSLATE_CLI_MODEL, config model).", show_default=False
    ),
]
BaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        help="The engine's server: an OpenAI-compatible /v1 URL (Ollama, llama.cpp, vLLM, "
        "LM Studio) or a DeepL-compatible one (config base_url).",
        show_default=False,
    ),
]
OverwriteOption = Annotated[
    bool,
    typer.Option(
        "--overwrite",
        help="Replace earlier machine drafts nobody edited (never a translator's text).",
    ),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Print what would be sent and send nothing.")
]
MaxCharsOption = Annotated[
    int | None,
    typer.Option(
        "--max-chars", help="Send at most this many source characters.", show_default=False
    ),
]
BatchSizeOption = Annotated[
    int | None,
    typer.Option(
        "--batch-size", help="Segments per request (default: the engine's).", show_default=False
    ),
]
ConcurrencyOption = Annotated[
    int | None,
    typer.Option(help="Requests in flight (default: the engine's).", show_default=False),
]
TimeoutOption = Annotated[float, typer.Option(help="Seconds to wait for each answer.")]
RetriesOption = Annotated[int, typer.Option(help="Retries of a request on 429, 5xx and timeouts.")]


@app.command()
def pretranslate(
    article: ArticleArg,
    segments: SegmentsArg = None,
    engine: EngineOption = None,
    model: ModelOption = None,
    base_url: BaseUrlOption = None,
    overwrite: OverwriteOption = False,
    dry_run: DryRunOption = False,
    max_chars: MaxCharsOption = None,
    batch_size: BatchSizeOption = None,
    concurrency: ConcurrencyOption = None,
    timeout: TimeoutOption = 120.0,
    retries: RetriesOption = 4,
    db: DbOption = None,
    glossary: GlossaryOption = None,
    json_out: JsonOption = False,
) -> None:
    """Fill segments that have no translation with machine drafts, house terms guaranteed.

    Every draft is checked against the glossary: each house rendering must be in it and no
    forbidden one; a draft that is not is repaired, then translated with the terms masked, or
    not saved. Drafts are saved as status draft with their origin (engine, model, when);
    translated, reviewed and approved text and anything a translator typed is never touched.
    A rerun sends nothing it has sent before (the drafts are cached in the database).

    Engines: openai (any OpenAI-compatible server; key from OPENAI_API_KEY), llm (any model of
    the llm library; keys from 'llm keys set'), deepl (key from DEEPL_AUTH_KEY).

    Examples:

      translate-cli pretranslate 1 --engine openai --model gpt-4o-mini --dry-run

      translate-cli pretranslate 1 --engine openai --base-url http://localhost:11434/v1 --model qwen2.5:14b

      translate-cli pretranslate 1 4-9 --engine deepl --json
    """
    from translate_cli.glossary import load_glossary
    from translate_cli.pretranslate import engine_for_run
    from translate_cli.pretranslate import pretranslate as run

    mt = engine_for_run(
        engine,
        model=model,
        base_url=base_url,
        timeout=timeout,
        max_chars=max_chars,
        batch_size=batch_size,
        concurrency=concurrency,
        retries=retries,
    )
    gloss = load_glossary(glossary)
    store = open_store(db)
    art = store.resolve_article(article)
    err = console(stderr=True)
    with _progress_bar(err, f"Drafting with {mt.name}", not json_out and not dry_run) as progress:
        report = run(
            store,
            art["id"],
            mt,
            gloss,
            refs=segments or None,
            overwrite=overwrite,
            dry_run=dry_run,
            max_chars=max_chars,
            batch_size=batch_size,
            concurrency=concurrency,
            retries=retries,
            progress=progress,
        )
    if json_out:
        print_json(report.to_json())
    else:
        out = console()
        for line in report.summary():
            out.print(line, markup=False, soft_wrap=True)
        for line in report.failures():
            err.print(line, markup=False, soft_wrap=True)
    interrupted = report.interruption()
    if interrupted:
        typer.echo(interrupted, err=True)
    if report.exit_code:
        raise typer.Exit(report.exit_code)


@contextmanager
def _progress_bar(
    err: Any, label: str, wanted: bool
) -> Iterator[Callable[[int, int], None] | None]:
    """A transient progress bar on a terminal's stderr, fed by the callback yielded."""
    if not (wanted and err.is_terminal):
        yield None
        return
    from rich.progress import Progress

    bar = Progress(console=err, transient=True)
    bar.start()
    task = bar.add_task(label, total=None)
    try:
        yield lambda done, total: bar.update(task, completed=done, total=total)
    finally:
        bar.stop()
