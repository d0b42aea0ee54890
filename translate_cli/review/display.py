"""Showing Arabic in a terminal: logical order by default, an opt-in visual order for the rest.

Terminals with bidi support (VTE, Konsole, mintty, Terminal.app) shape and reorder Arabic
themselves, so the text is written in logical order. Terminals without it (Windows Terminal,
kitty, alacritty, tmux) need visual mode: wrap to the width first, then shape each line with
arabic-reshaper and reorder it with the bidi algorithm. This is display only: stored, matched
and exported text is never reshaped.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from rich.cells import cell_len
from rich.text import Text

Span = tuple[int, int, str]  # start, end (character offsets of the logical text), style

_PRESENTATION_FORMS = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


def logical_text(text: str, spans: Sequence[Span] = (), style: str = "") -> Text:
    """The text as stored, with ``spans`` styled (for bidi terminals, and for tests)."""
    out = Text(text, style=style)
    for start, end, span_style in spans:
        out.stylize(span_style, start, end)
    return out


def wrap_ranges(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of ``text`` to ``width`` cells, as (start, end) ranges of ``text``.

    Wrapping happens on the logical text, before shaping and reordering, so every line keeps
    the words in reading order; a word wider than the line is cut.
    """
    width = max(width, 1)
    ranges: list[tuple[int, int]] = []
    words: list[tuple[int, int]] = []
    pos = 0
    for part in text.split(" "):
        if part:
            words.append((pos, pos + len(part)))
        pos += len(part) + 1
    line_start: int | None = None
    line_end = 0
    for start, end in words:
        while cell_len(text[start:end]) > width:  # a word longer than a line: cut it
            if line_start is not None:
                ranges.append((line_start, line_end))
                line_start = None
            cut = start + 1
            while cut < end and cell_len(text[start : cut + 1]) <= width:
                cut += 1
            ranges.append((start, cut))
            start = cut
        if line_start is None:
            line_start, line_end = start, end
        elif cell_len(text[line_start:end]) <= width:
            line_end = end
        else:
            ranges.append((line_start, line_end))
            line_start, line_end = start, end
    if line_start is not None:
        ranges.append((line_start, line_end))
    return ranges or [(0, 0)]


def visual_lines(text: str, width: int, spans: Sequence[Span] = (), style: str = "") -> list[Text]:
    """``text`` wrapped to ``width``, each line shaped and in visual (left-to-right) order."""
    styles = _char_styles(len(text), spans)
    return [
        _visual_line(text[start:end], styles[start:end], style)
        for start, end in wrap_ranges(text, width)
    ]


def visual_text(text: str, style: str = "") -> Text:
    """One short piece of Arabic (a glossary term) shaped and reordered, without wrapping."""
    return _visual_line(text, [None] * len(text), style)


def _char_styles(length: int, spans: Sequence[Span]) -> list[str | None]:
    styles: list[str | None] = [None] * length
    for start, end, span_style in spans:
        for i in range(max(start, 0), min(end, length)):
            styles[i] = span_style
    return styles


def _visual_line(line: str, styles: Sequence[str | None], style: str) -> Text:
    # Harakat are left out: after reordering they would land on the wrong letter in a
    # terminal that has no bidi, and news text seldom carries them.
    keep = [i for i, ch in enumerate(line) if unicodedata.category(ch) != "Mn"]
    bare = "".join(line[i] for i in keep)
    shaped = _reshaper().reshape(bare)
    owners = _align(bare, shaped)
    out = Text(style=style)
    run: list[str] = []
    run_style: str | None = None
    for index, char in _reorder(shaped):
        span_style = None
        if owners is not None and index is not None:
            span_style = styles[keep[owners[index]]]
        if span_style != run_style and run:
            out.append("".join(run), run_style)
            run = []
        run_style = span_style
        run.append(char)
    if run:
        out.append("".join(run), run_style)
    return out


@lru_cache(maxsize=1)
def _reshaper() -> Any:
    from arabic_reshaper import ArabicReshaper

    return ArabicReshaper(configuration={"delete_harakat": False})


def _align(bare: str, shaped: str) -> list[int] | None:
    """For each shaped character, the index of the first bare character it stands for.

    Shaping maps letters to presentation forms one to one, except ligatures (lam-alef,
    Allah) that stand for several letters; their compatibility decomposition tells how many.
    ``None`` when the two do not line up (then the line is shown without highlights).
    """
    owners: list[int] = []
    pos = 0
    for char in shaped:
        owners.append(pos)
        code = ord(char)
        if any(low <= code <= high for low, high in _PRESENTATION_FORMS):
            pos += max(len(unicodedata.normalize("NFKC", char)), 1)
        else:
            pos += 1
    return owners if pos == len(bare) else None


def reorder(line: str, rtl: bool = True) -> str:
    """One line in visual (left-to-right) order, with brackets and quotation marks mirrored
    (python-bidi's ``get_display`` since 0.5 does not mirror: ``(كلمة)`` would show as
    ``)ةملك(``). ``rtl``: the base direction, right to left unless the paragraph is English
    with Arabic words in it."""
    return "".join(char for _, char in _reorder(line, rtl))


def _reorder(line: str, rtl: bool = True) -> list[tuple[int | None, str]]:
    """The characters of one line in visual order as (logical index, character).

    Uses python-bidi's step-by-step algorithm so each character keeps its logical index
    (for highlights); falls back to ``get_display`` (no indices) if that module changes.
    """
    try:
        from bidi import algorithm as alg

        storage = alg.get_empty_storage()
        storage["base_level"], storage["base_dir"] = (1, "R") if rtl else (0, "L")
        alg.get_embedding_levels(line, storage)
        for index, item in enumerate(storage["chars"]):
            item["index"] = index
        alg.explicit_embed_and_overrides(storage)
        alg.resolve_weak_types(storage)
        alg.resolve_neutral_types(storage, False)
        alg.resolve_implicit_levels(storage, False)
        alg.reorder_resolved_levels(storage, False)
        alg.apply_mirroring(storage, False)
        return [(item["index"], item["ch"]) for item in storage["chars"]]
    except (ImportError, AttributeError, KeyError, TypeError):
        from bidi import get_display

        return [(None, char) for char in str(get_display(line, base_dir="R" if rtl else "L"))]


def visual_cut(text: str, width: int, style: str = "") -> Text:
    """The start of ``text`` that fits one line of ``width`` cells, shaped and reordered, with
    an ellipsis on the left (where a right-to-left line goes on) when it was cut."""
    start, end = wrap_ranges(text, max(width - 1, 1))[0]
    line = visual_text(text[start:end], style)
    if end < len(text.rstrip()):
        return Text("…", style=style) + line
    return line


def safe(text: str, spans: Sequence[Span] = ()) -> tuple[str, list[Span]]:
    """``text`` with control and invisible format characters shown visibly (display only),
    and ``spans`` moved to match."""
    from translate_cli.text.controls import has_unsafe, visible

    if not has_unsafe(text):
        return text, list(spans)
    moved = [(len(visible(text[:a])), len(visible(text[:b])), s) for a, b, s in spans]
    return visible(text), moved
