"""Brackets, quotation marks and spaces in an English target."""

from __future__ import annotations

import re

_PAIRS = {")": "(", "]": "[", "}": "{"}


def _unbalanced_brackets(text: str) -> list[str]:
    stack: list[str] = []
    stray: list[str] = []
    for ch in text:
        if ch in "([{":
            stack.append(ch)
        elif ch in _PAIRS:
            if stack and stack[-1] == _PAIRS[ch]:
                stack.pop()
            else:
                stray.append(ch)
    return stray + stack


def _unbalanced_quotes(text: str) -> list[str]:
    bad = []
    if text.count('"') % 2:
        bad.append('"')
    for left, right in ("“”", "«»"):
        if text.count(left) != text.count(right):
            bad.append(left + right)
    return bad


def balance(source: str, target: str) -> list[tuple[str, str]]:
    """("brackets" | "quotes", message) for what the target leaves open and the source not."""
    # A quotation or parenthesis spanning sentences leaves both sides unbalanced: not an error.
    out = []
    brackets = _unbalanced_brackets(target)
    if brackets and not _unbalanced_brackets(source):
        out.append(("brackets", f"Unbalanced brackets in the target: {' '.join(brackets)}."))
    quotes = _unbalanced_quotes(target)
    if quotes and not _unbalanced_quotes(source):
        out.append(("quotes", f"Unbalanced quotation marks in the target: {' '.join(quotes)}."))
    return out


def spaces(target: str) -> list[str]:
    out = []
    if target != target.strip():
        out.append("Leading or trailing space in the target.")
    if re.search(r"\S {2,}\S", target):
        out.append("Doubled space in the target.")
    # Zero-width and bidi characters are the "invisible" check's (an error).
    if re.search(r"[\t\n\r\u00a0]", target):
        out.append("Tab, line break or no-break space in the target.")
    stray = re.search(r"(?<=\S) [,;:!?)\]]|(?<=\S) \.(?!\.\.)|[(\[] ", target)
    if stray:
        out.append(f"Space before punctuation or inside brackets: “{stray.group()}”.")
    return out
