"""review, set, status, note, history and undo: translating segments on screen or from scripts.

The scripting commands share the screen's rules (translate_cli.editing), so a `set` and a key
press leave the same kind of history row.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any

import typer

from translate_cli.cli.app import (
    ArticleArg,
    DbOption,
    GlossaryOption,
    JsonOption,
    QuietOption,
    VisualOption,
    app,
    open_store,
    output,
    print_json,
)
from translate_cli.cli.completers import (
    complete_pass,
    complete_refs_then_status,
    complete_status,
)

if TYPE_CHECKING:
    from translate_cli.store.rows import HistoryRow

SegmentArg = Annotated[str, typer.Argument(help="Segment id, as 'show --json' prints it.")]
ScreenVisualOption = Annotated[
    bool | None,
    typer.Option(
        "--visual/--logical",
        envvar="TRANSLATE_CLI_VISUAL",
        help="Shape and reorder Arabic for terminals without bidi support "
        "(Windows Terminal, kitty, alacritty, tmux); default: config 'display'.",
        show_default=False,
    ),
]
StartOption = Annotated[
    str | None,
    typer.Option("--segment", help="Start at this segment id instead of where you left off."),
]
PassOption = Annotated[
    str | None,
    typer.Option(
        "--pass",
        help="A reviewer's pass: 'reviewed' walks the translated segments, 'approved' the "
        "reviewed ones; ctrl+s promotes and moves on, alt+x sends back to draft.",
        show_default=False,
        autocompletion=complete_pass,
    ),
]
RefsThenStatusArg = Annotated[
    list[str],
    typer.Argument(
        help="Segment ids, ranges like 12-20, or 'all'; then the status, unless --to gives it.",
        autocompletion=complete_refs_then_status,
    ),
]
ToOption = Annotated[
    str | None,
    typer.Option(
        "--to",
        help="The status: new, draft, translated, reviewed or approved.",
        show_default=False,
        autocompletion=complete_status,
    ),
]


@app.command()
def review(
    article: ArticleArg,
    db: DbOption = None,
    glossary: GlossaryOption = None,
    visual: ScreenVisualOption = None,
    segment: StartOption = None,
    pass_status: PassOption = None,
) -> None:
    """Translate and review an article in a full-screen, keyboard-driven editor.

    Shows each segment's Arabic source with its glossary terms highlighted and their English
    renderings, the neighbouring segments, and an editor for the translation. Every confirm is
    saved at once; quitting and coming back opens where you left off.

    At 80x24 the whole current sentence and its translation stay on screen; from 120x40 an
    article pane shows the whole article, each segment tinted by status (f2 toggles it).

    Keys: ctrl+s confirm & next unfinished; alt+n, alt+d, alt+t, alt+r, alt+a set the
    status new, draft, translated, reviewed, approved (or pick one with ctrl+l);
    ctrl+n/ctrl+p next/previous;
    ctrl+g go to a segment; ctrl+f filter by status; ctrl+t insert a glossary rendering
    or memory match; ctrl+r note; ctrl+o open in $EDITOR; ctrl+z undo (typing, then the
    last saved change); f2 article pane; f3 reviewer's pass; alt+x back to draft with a
    note; f1 every key; ctrl+q quit.

    Examples:

      translate-cli review 1

      translate-cli review 1 --visual --glossary my-terms.csv

      translate-cli review 1 --pass reviewed
    """
    from translate_cli.errors import InputError

    if pass_status is not None and pass_status not in ("reviewed", "approved"):
        raise InputError(f"--pass takes reviewed or approved, not {pass_status!r}.")
    store = open_store(db)
    art = store.resolve_article(article)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InputError(
            "review needs an interactive terminal: run it in one, or script changes with "
            "'translate-cli set', 'status' and 'note'."
        )
    from translate_cli.glossary import load_glossary

    gloss = load_glossary(glossary)  # before the screen's heavy imports: a bad file fails fast
    from translate_cli.review.app import ReviewApp
    from translate_cli.review.session import ReviewSession

    session = ReviewSession(
        store, art["id"], glossary=gloss, start=segment, pass_status=pass_status
    )
    ReviewApp(session, visual=_screen_visual(visual)).run()


def _screen_visual(visual: bool | None) -> bool:
    # The option (or TRANSLATE_CLI_VISUAL) wins over the config's 'display'.
    if visual is not None:
        return visual
    from translate_cli import config

    return config.get("display") == "visual"


@app.command("set")
def set_text(
    article: ArticleArg,
    segment: SegmentArg,
    text: Annotated[str, typer.Argument(help="The translation; '-' reads it from stdin.")],
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="Status to give: new, draft, translated, reviewed, approved "
            "(default: draft when the text changes).",
            show_default=False,
            autocompletion=complete_status,
        ),
    ] = None,
    db: DbOption = None,
    json_out: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Set a segment's translation (and status), as the review screen would.

    Changed text without --status makes the segment a draft: confirm it with
    --status translated. Line breaks are folded into spaces.

    Examples:

      translate-cli set 1 12 "The UN said on Tuesday..." --status translated

      echo "Aid reached Idlib." | translate-cli set 1 13 - --status draft
    """
    from translate_cli.editing import read_text, set_target_and_fill
    from translate_cli.status import check_status

    if status is not None:
        check_status(status)
    store = open_store(db)
    art = store.resolve_article(article)
    saved = set_target_and_fill(
        store, art["id"], segment, read_text(text, sys.stdin), status=status, action="set"
    )
    seg = saved.segment
    if json_out:
        print_json(_segment_json(seg, filled=saved.filled))
        return
    output(quiet=quiet).report(f"Segment {seg['id']}: {seg['status']}{_filled_note(saved.filled)}.")


def _filled_note(filled: list[int]) -> str:
    if not filled:
        return ""
    ids = ", ".join(map(str, filled))
    return f"; identical segment{'s' * (len(filled) > 1)} {ids} filled as draft"


@app.command("status")
def set_status(
    article: ArticleArg,
    segments: RefsThenStatusArg,
    to: ToOption = None,
    db: DbOption = None,
    json_out: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Set the status of segments: ids, ranges (12-20) or all.

    All or nothing: if one segment cannot take the status (translated, reviewed and approved
    need a translation), nothing is changed.

    Examples:

      translate-cli status 1 12 14-20 reviewed

      translate-cli status 1 all --to approved --json
    """
    from translate_cli.editing import parse_refs, set_status_and_fill

    refs, status = _refs_and_status(segments, to)
    store = open_store(db)
    art = store.resolve_article(article)
    chosen = parse_refs(store, art["id"], refs)
    saved = set_status_and_fill(store, art["id"], chosen, status, action="status")
    changed_ids = [seg["id"] for seg in saved.segments]
    unchanged = [seg["id"] for seg in chosen if seg["id"] not in set(changed_ids)]
    if json_out:
        print_json(
            {
                "article": art["id"],
                "status": status,
                "changed": changed_ids,
                "unchanged": unchanged,
                "filled": saved.filled,
                "segments": [_segment_json(seg) for seg in saved.segments],
            }
        )
        return
    line = f"{len(changed_ids)} segment{'s' if len(changed_ids) != 1 else ''} set to {status}"
    if unchanged:
        line += f"; {len(unchanged)} already {status}"
    output(quiet=quiet).report(line + _filled_note(saved.filled) + ".")


def _refs_and_status(words: list[str], to: str | None) -> tuple[list[str], str]:
    """The segment references and the status: ``--to``, else the last word
    (``status 2 1-3 reviewed``)."""
    from translate_cli.errors import InputError
    from translate_cli.status import STATUSES, check_status

    if to is None:
        if len(words) < 2 or words[-1].lower() not in STATUSES:
            raise InputError(
                "Give the status after the segments (status 1 12-20 reviewed) or with --to: "
                f"one of {', '.join(STATUSES)}."
            )
        words, to = words[:-1], words[-1].lower()
    check_status(to)
    return words, to


@app.command()
def note(
    article: ArticleArg,
    segment: SegmentArg,
    text: Annotated[str, typer.Argument(help="The note; '-' reads it from stdin; '' clears it.")],
    db: DbOption = None,
    json_out: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Add a note to a segment (for the reviewer, or yourself), or clear it with ''.

    Examples:

      translate-cli note 1 12 "Check the casualty figure against SANA."

      translate-cli note 1 12 ''
    """
    from translate_cli.editing import read_text, set_note

    store = open_store(db)
    art = store.resolve_article(article)
    seg = set_note(store, art["id"], segment, read_text(text, sys.stdin), action="note")
    if json_out:
        print_json(_segment_json(seg))
        return
    done = "saved" if seg["note"] else "cleared"
    output(quiet=quiet).report(f"Note {done} on segment {seg['id']}.")


@app.command()
def history(
    article: ArticleArg,
    segment: Annotated[
        str | None, typer.Argument(help="Only this segment's history.", show_default=False)
    ] = None,
    db: DbOption = None,
    json_out: JsonOption = False,
    visual: VisualOption = None,
) -> None:
    """Show the trail of changes: who-did-what per segment, oldest first.

    Every confirm, edit, status change and note, from the screen (actions starting
    'review:') or from set/status/note, with the old and new values and the time.

    Examples:

      translate-cli history 1

      translate-cli history 1 12 --json
    """
    store = open_store(db)
    art = store.resolve_article(article)
    seg_id = store.segment(art["id"], segment)["id"] if segment is not None else None
    rows = store.history(art["id"], seg_id)
    if json_out:
        print_json({"article": art["id"], "segment": seg_id, "history": rows})
        return
    _print_history(rows, visual)


def _print_history(rows: list[HistoryRow], visual: bool | None) -> None:
    from translate_cli.cli.output import has_arabic

    out = output(visual=visual)
    if not rows:
        out.print("No changes recorded yet.")
        return
    with out.paged():
        for row in rows:
            line = out.styled(
                (f"#{row['id']}", "bold"),
                (f"  {(row['at'] or '').replace('T', ' ').replace('+00:00', 'Z')}", "dim"),
                f"  segment {row['segment_id']}  ",
                (row["action"] or "", "bold"),
            )
            status = _arrow(row, "status")
            if status:
                line.append(f"  {status}")
            if row.get("undoes"):
                line.append(f"  (reverts #{row['undoes']})")
            if row.get("who"):
                line.append_text(out.styled((f"  by {row['who']}", "dim")))
            out.print(line)
            for name in ("target", "note", "source"):
                old, new = row.get(f"old_{name}"), row.get(f"new_{name}")
                if old == new:
                    continue
                if out.visual and has_arabic(f"{old or ''}{new or ''}"):
                    # Arabic sentences on lines of their own, wrapped before reordering.
                    out.line((f"    {name}:", "bold"))
                    out.paragraph(old or "∅", indent=6, style="dim")
                    out.print("      →")
                    out.paragraph(new or "∅", indent=6)
                    continue
                out.line((f"    {name}: ", "bold"), (old or "∅", "dim"), " → ", new or "∅")


def _arrow(row: Mapping[str, Any], name: str) -> str:
    old, new = row.get(f"old_{name}"), row.get(f"new_{name}")
    if old is None and new is None:
        return ""
    return f"{old or '∅'} → {new or '∅'}"


def _segment_json(seg: Any, **extra: Any) -> dict[str, Any]:
    # Imported here: the store package loads sqlite_utils, which `--help` should not pay for.
    from translate_cli.store.rows import segment_json

    return segment_json(seg, **extra)


@app.command()
def undo(
    article: ArticleArg,
    segment: Annotated[
        str | None,
        typer.Argument(
            help="Only this segment's last change (default: the article's last command).",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    json_out: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Undo the last change: its text, status and note go back to what they were.

    Without SEGMENT, reverts the article's last change as a whole: every segment a
    'status all', an import or a confirm (with the drafts it filled) changed. Each undo is a
    new history row; run it again to go further back.

    Examples:

      translate-cli undo 1

      translate-cli undo 1 12 --json
    """
    from translate_cli.undo import undo as apply_undo

    store = open_store(db)
    art = store.resolve_article(article)
    result = apply_undo(store, art["id"], segment)
    if json_out:
        print_json(
            {
                "article": art["id"],
                "undone": [r.to_json() for r in result.reverted],
                "segments": [_segment_json(s) for s in result.segments],
            }
        )
        return
    output(quiet=quiet).report(result.summary)
