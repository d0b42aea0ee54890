"""Arabic script, Arabic punctuation and invisible control characters in an English target."""

from __future__ import annotations

from translate_cli.text.arabic import ARABIC_RUN, CONTROLS, INVISIBLE, INVISIBLE_NAMES

_ARABIC_PUNCT = {"،": "comma", "؛": "semicolon", "؟": "question mark", "٪": "percent sign",
                 "٫": "decimal separator", "٬": "thousands separator"}  # fmt: skip


def arabic(target: str) -> list[tuple[str, str]]:
    """("arabic" | "punctuation", message) for Arabic left in the target."""
    out: list[tuple[str, str]] = []
    runs = ARABIC_RUN.findall(target)
    if runs:
        shown = ", ".join(f"«{r}»" for r in runs[:3]) + (" …" if len(runs) > 3 else "")
        out.append(("arabic", f"Arabic script left in the target: {shown}."))
    marks = [f"{ch} ({name})" for ch, name in _ARABIC_PUNCT.items() if ch in target]
    if marks:
        out.append(("punctuation", f"Arabic punctuation in the English text: {', '.join(marks)}."))
    return out


def invisible(target: str) -> list[str]:
    """Bidi controls, zero-width and control characters: invisible, they can reorder or hide what a
    reader of the published English sees (an override reverses the text after it)."""
    found = sorted({ch for ch in target if ch in INVISIBLE or ch in CONTROLS})
    if not found:
        return []
    names = ", ".join(f"U+{ord(ch):04X} {_name(ch)}" for ch in found)
    return [f"Invisible control characters in the target: {names}; delete them."]


def _name(ch: str) -> str:
    import unicodedata

    return INVISIBLE_NAMES.get(ch) or unicodedata.name(ch, "") or "CONTROL CHARACTER"
