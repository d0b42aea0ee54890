"""Making text safe to print: control characters and invisible format characters shown visibly.

Text from a page, a file, the database or argv can carry escape sequences (``ESC[2J`` clears the
screen, ``ESC]0;…BEL`` retitles the window), carriage returns that overwrite a line, bidi
overrides that reverse what the reader sees, zero-width characters and bytes that are not UTF-8.
:func:`visible` turns each into a visible mark, as ``git`` quotes odd file names: C0/C1
controls and DEL as ``\\x1b``, format characters as ``⟨U+202E⟩``, undecodable bytes (lone
surrogates from ``surrogateescape``) as the byte they stood for. Arabic, its harakat, and
ZWNJ/ZWJ inside an Arabic word are left alone. This is for display only: stored text keeps
every character it came with.
"""

from __future__ import annotations

import re

# Every Unicode "Cf" (format) character, plus line/paragraph separators: all invisible or able
# to reorder what follows. Listed by hand (Unicode 14) so importing this costs nothing.
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_CONTROL = "\x00-\x08\x0a-\x1f\x7f-\x9f"  # tab is kept: it only moves to the next stop
_SURROGATE = "\ud800-\udfff"
_UNSAFE = re.compile(f"[{_CONTROL}{_FORMAT}{_SURROGATE}]")
_UNSAFE_MULTILINE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_FORMAT}{_SURROGATE}]")
# Letters and marks of the Arabic script, between which ZWNJ/ZWJ shape a word.
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
_JOINERS = ("\u200c", "\u200d")
_NAMED = {"\n": "\\n", "\r": "\\r", "\x1b": "\\x1b"}


def _mark(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _JOINERS:
        text, pos = match.string, match.start()
        before = text[pos - 1] if pos else ""
        after = text[pos + 1] if pos + 1 < len(text) else ""
        if _ARABIC.match(before) and _ARABIC.match(after):
            return char
    if char in _NAMED:
        return _NAMED[char]
    if code < 0xA0:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"⟨U+{code:04X}⟩"


def visible(text: str, multiline: bool = False) -> str:
    """``text`` with every control, escape, bidi or invisible format character shown visibly.

    With ``multiline`` newlines (and only they) are kept as line breaks, for fields that
    allow several lines; ``\\r`` is always shown, as it would overwrite the line.
    """
    pattern = _UNSAFE_MULTILINE if multiline else _UNSAFE
    if not pattern.search(text):
        return text
    return pattern.sub(_mark, text)


def has_unsafe(text: str) -> bool:
    """True when :func:`visible` would change ``text`` (on one line)."""
    return bool(_UNSAFE.search(text)) and visible(text) != text


_SURROGATES = re.compile(f"[{_SURROGATE}]")


def without_surrogates(text: str) -> str:
    """``text`` with undecodable bytes (lone surrogates) replaced by U+FFFD, fit for storing."""
    return _SURROGATES.sub("\ufffd", text)
