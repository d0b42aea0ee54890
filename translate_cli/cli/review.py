"""review, set, status, note and history: translating segments on screen or from scripts.

The scripting commands share the screen's rules (translate_cli.editing), so a `set` and a key
press leave the same kind of history row.
"""

from __future__ import annotations

import sys
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

SegmentArg = Annotated[str, typer.Argument(help="Segment id, as 'show --json' prints it.")]


@app.command()
def review(
    article: ArticleArg,
    db: DbOption = None,
    glossary: GlossaryOption = None,
    visual: Annotated[
        bool,
        typer.Option(
            "--visual/--logical",
            envvar="TRANSLATE_CLI_VISUAL",
            help="Shape and reorder Arabic for terminals without bidi support "
            "(Windows Terminal, kitty, alacritty, tmux).",
        ),
    ] = False,
    segment: Annotated[
        str | None,
        typer.Option("--segment", help="Start at this segment id instead of where you left off."),
    ] = None,
) -> None:
    """Translate and review an article in a full-screen, keyboard-driven editor.

    Shows each segment's Arabic source with its glossary terms highlighted and their English
    renderings, the neighbouring segments, and an editor for the translation. Every confirm is
    saved at once; quitting and coming back opens where you left off.

    Keys: ctrl+s confirm & next unfinished; alt+n, alt+d, alt+t, alt+r, alt+a set the
    status new, draft, translated, reviewed, approved (or pick one with ctrl+l);
    ctrl+n/ctrl+p next/previous;
    ctrl+g go to a segment; ctrl+f filter by status; ctrl+t insert a glossary rendering
    or memory match; ctrl+r note; ctrl+o open in $EDITOR; ctrl+z undo; ctrl+q quit.

    Examples:

      translate-cli review 1

      translate-cli review 1 --visual --glossary my-terms.csv
    """
    from translate_cli.errors import InputError

    store = open_store(db)
    art = store.resolve_article(article)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InputError(
            "review needs an interactive terminal: run it in one, or script changes with "
            "'translate-cli set', 'status' and 'note'."
        )
    from translate_cli.glossary import load_glossary

    gloss = load_glossary(glossary)
    from translate_cli.review.app import ReviewApp
    from translate_cli.review.session import ReviewSession

    session = ReviewSession(store, art["id"], glossary=gloss, start=segment)
    ReviewApp(session, visual=visual).run()


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
        ),
    ] = None,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Set a segment's translation (and status), as the review screen would.

    Changed text without --status makes the segment a draft: confirm it with
    --status translated. Line breaks are folded into spaces.

    Examples:

      translate-cli set 1 12 "The UN said on Tuesday..." --status translated

      echo "Aid reached Idlib." | translate-cli set 1 13 - --status draft
    """
    from translate_cli.editing import fill_identical, read_text, set_target
    from translate_cli.status import check_status

    if status is not None:
        check_status(status)
    store = open_store(db)
    art = store.resolve_article(article)
    seg = set_target(
        store, art["id"], segment, read_text(text, sys.stdin), status=status, action="set"
    )
    filled = fill_identical(store, art["id"], [seg])
    if json_out:
        print_json({**_segment_json(seg), "filled": filled})
        return
    console().print(f"Segment {seg['id']}: {seg['status']}{_filled_note(filled)}.", markup=False)


def _filled_note(filled: list[int]) -> str:
    if not filled:
        return ""
    ids = ", ".join(map(str, filled))
    return f"; identical segment{'s' * (len(filled) > 1)} {ids} filled as draft"


@app.command("status")
def set_status(
    article: ArticleArg,
    segments: Annotated[
        list[str], typer.Argument(help="Segment ids, ranges like 12-20, or 'all'.")
    ],
    to: Annotated[
        str,
        typer.Option(
            "--to",
            help="The status: new, draft, translated, reviewed or approved.",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Set the status of segments: ids, ranges (12-20) or all.

    All or nothing: if one segment cannot take the status (translated, reviewed and approved
    need a translation), nothing is changed.

    Examples:

      translate-cli status 1 12 14-20 --to reviewed

      translate-cli status 1 all --to approved --json
    """
    from translate_cli.editing import fill_identical, parse_refs
    from translate_cli.editing import set_status as apply_status
    from translate_cli.status import check_status

    check_status(to)
    store = open_store(db)
    art = store.resolve_article(article)
    chosen = parse_refs(store, art["id"], segments)
    changed = apply_status(store, art["id"], chosen, to, action="status")
    filled = fill_identical(store, art["id"], changed)
    changed_ids = [seg["id"] for seg in changed]
    unchanged = [seg["id"] for seg in chosen if seg["id"] not in set(changed_ids)]
    if json_out:
        print_json(
            {
                "article": art["id"],
                "status": to,
                "changed": changed_ids,
                "unchanged": unchanged,
                "filled": filled,
            }
        )
        return
    line = f"{len(changed_ids)} segment{'s' if len(changed_ids) != 1 else ''} set to {to}"
    if unchanged:
        line += f"; {len(unchanged)} already {to}"
    console().print(line + _filled_note(filled) + ".", markup=False)


@app.command()
def note(
    article: ArticleArg,
    segment: SegmentArg,
    text: Annotated[str, typer.Argument(help="The note; '-' reads it from stdin; '' clears it.")],
    db: DbOption = None,
    json_out: JsonOption = False,
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
    console().print(f"Note {done} on segment {seg['id']}.", markup=False)


@app.command()
def history(
    article: ArticleArg,
    segment: Annotated[
        str | None, typer.Argument(help="Only this segment's history.", show_default=False)
    ] = None,
    db: DbOption = None,
    json_out: JsonOption = False,
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
    out = console()
    if not rows:
        out.print("No changes recorded yet.", markup=False)
        return
    from rich.text import Text

    for row in rows:
        line = Text()
        line.append(f"#{row['id']}", style="bold")
        line.append(f"  {(row['at'] or '').replace('T', ' ').replace('+00:00', 'Z')}", style="dim")
        line.append(f"  segment {row['segment_id']}  ")
        line.append(row["action"] or "", style="bold")
        status = _arrow(row, "status")
        if status:
            line.append(f"  {status}")
        out.print(line, soft_wrap=True)
        for name in ("target", "note", "source"):
            old, new = row[f"old_{name}"], row[f"new_{name}"]
            if old == new:
                continue
            change = Text(f"    {name}: ", style="bold")
            change.append(old or "∅", style="dim")
            change.append(" → ")
            change.append(new or "∅")
            out.print(change, soft_wrap=True)


def _arrow(row: dict[str, Any], name: str) -> str:
    old, new = row.get(f"old_{name}"), row.get(f"new_{name}")
    if old is None and new is None:
        return ""
    return f"{old or '∅'} → {new or '∅'}"


def _segment_json(seg: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "id",
        "article_id",
        "idx",
        "kind",
        "source",
        "target",
        "status",
        "note",
        "flag",
        "updated_at",
    )
    return {key: seg.get(key) for key in keys}
