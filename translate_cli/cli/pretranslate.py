"""pretranslate: machine-translation drafts with the house glossary enforced."""

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


@app.command()
def pretranslate(
    article: ArticleArg,
    segments: Annotated[
        list[str] | None,
        typer.Argument(
            help="Segments to fill: numbers, ranges like 3-9, or all (default: all).",
            show_default=False,
        ),
    ] = None,
    engine: Annotated[
        str | None,
        typer.Option(
            help="openai, llm, deepl or a plugin's engine (env TRANSLATE_CLI_ENGINE, "
            "config engine).",
            show_default=False,
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            help="The engine's model (env TRANSLATE_CLI_MODEL, config model).", show_default=False
        ),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="The engine's server: an OpenAI-compatible /v1 URL (Ollama, llama.cpp, vLLM, "
            "LM Studio) or a DeepL-compatible one (config base_url).",
            show_default=False,
        ),
    ] = None,
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite",
            help="Replace earlier machine drafts nobody edited (never a translator's text).",
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print what would be sent and send nothing."),
    ] = False,
    max_chars: Annotated[
        int | None,
        typer.Option(
            "--max-chars", help="Send at most this many source characters.", show_default=False
        ),
    ] = None,
    batch_size: Annotated[
        int | None,
        typer.Option(
            "--batch-size", help="Segments per request (default: the engine's).", show_default=False
        ),
    ] = None,
    concurrency: Annotated[
        int | None,
        typer.Option(help="Requests in flight (default: the engine's).", show_default=False),
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for each answer.")] = 120.0,
    retries: Annotated[
        int, typer.Option(help="Retries of a request on 429, 5xx and timeouts.")
    ] = 4,
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
    from translate_cli import config
    from translate_cli.engines import CONFIGURE_HINT, EngineError, EngineSettings, make_engine
    from translate_cli.errors import InputError
    from translate_cli.glossary import load_glossary
    from translate_cli.pretranslate import pretranslate as run

    name = engine or config.get("engine")
    if not name:
        raise EngineError(CONFIGURE_HINT)
    url = base_url or config.get("base_url")
    if base_url:
        config.check_value("base_url", base_url, "--base-url")
    for option, value in (("--max-chars", max_chars), ("--batch-size", batch_size)):
        if value is not None and value < 1:
            raise InputError(f"{option} must be 1 or more, not {value}.")
    if concurrency is not None and not 1 <= concurrency <= 64:
        raise InputError(f"--concurrency must be between 1 and 64, not {concurrency}.")
    if not 0 <= retries <= 20:
        raise InputError(f"--retries must be between 0 and 20, not {retries}.")
    if not timeout > 0:
        raise InputError(f"--timeout must be more than 0 seconds, not {timeout:g}.")
    settings = EngineSettings(model=model or config.get("model"), base_url=url, timeout=timeout)
    mt = make_engine(name, settings)
    gloss = load_glossary(glossary)
    store = open_store(db)
    art = store.resolve_article(article)

    progress = None
    err = console(stderr=True)
    bar: Any = None
    if not json_out and not dry_run and err.is_terminal:
        from rich.progress import Progress

        bar = Progress(console=err, transient=True)
        bar.start()
        task = bar.add_task(f"Drafting with {name}", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

    try:
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
    finally:
        if bar is not None:
            bar.stop()
    if json_out:
        print_json(report.to_json())
    else:
        _print_report(report, err)
    if report.interrupted:
        typer.echo(
            f"Interrupted: {len(report.filled)} draft(s) saved; run the command again to "
            "continue (what was sent is cached).",
            err=True,
        )
        raise typer.Exit(130)
    if report.failed and not dry_run:
        raise typer.Exit(1)


def _print_report(report: Any, err: Any) -> None:
    out = console()
    who = f"{report.engine} ({report.model})" if report.model else report.engine
    if report.dry_run:
        plan = report.plan
        out.print(
            f"Dry run, nothing sent: {plan.segments} segment(s) in {plan.requests} request(s) "
            f"to {who}, {plan.characters} characters, about {plan.tokens} tokens; "
            f"{report.cached} from the cache, {report.skipped} skipped (already translated).",
            markup=False,
            soft_wrap=True,
        )
    else:
        t = report.terms
        out.print(
            f"Filled {len(report.filled)} segment(s) with drafts from {who}: "
            f"{report.requests} request(s), {report.cached} from the cache, "
            f"{report.characters} characters sent; {report.skipped} skipped (already translated).",
            markup=False,
            soft_wrap=True,
        )
        out.print(
            f"Glossary terms: {t.required} required, {t.kept} kept by the engine, "
            f"{t.repaired} repaired, {t.masked} masked.",
            markup=False,
            soft_wrap=True,
        )
    for failure in report.failed:
        err.print(
            f"Segment {failure['segment']} not drafted: {failure['reason']}.",
            markup=False,
            soft_wrap=True,
        )
