"""The matching form of Arabic (and Latin) text, with a map back to the original characters.

For matching ONLY — never store or display normalised text. The rules:

- diacritics (harakat, shadda, sukun, dagger alef, Quranic marks), tatweel, bidi controls,
  ZWJ/ZWNJ, soft hyphens and the BOM are removed;
- presentation forms and other compatibility characters are unfolded (NFKC per character:
  ﻻ → لا, ﺣﻠﺐ → حلب, full-width Latin → ASCII, no-break space → space);
- أ إ آ ٱ (and the rarer alef variants) → ا;  ى and Persian ی → ي;  ة, ۀ, ہ → ه;  ک → ك;
- hamza seats ؤ ئ (and و/ي/ى followed by a combining hamza) → ء, so مسؤول and مسئول agree;
- Arabic-Indic ٠-٩ and Persian ۰-۹ digits → 0-9;
- Latin is case-folded;
- any run of whitespace → one space (tabs and newlines included).

:func:`match_key` (the normal form with single spaces and no ends) is the one matching form of
the project: the glossary, translation memory and the checks all compare on it.

Most text is a plain 1:1 ``str.translate``; only the rare characters that vanish or expand go
through Python, which keeps a megabyte of news text well under 100 ms.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

from translate_cli.text.arabic import DIGITS

# Removed outright: combining marks used in Arabic script, tatweel, invisible format characters.
_DROP_RANGES = (
    (0x0610, 0x061A),  # honorifics and small high letters
    (0x061C, 0x061C),  # ARABIC LETTER MARK (bidi)
    (0x064B, 0x065F),  # harakat, shadda, sukun, combining hamza above/below, …
    (0x0670, 0x0670),  # superscript (dagger) alef
    (0x06D6, 0x06DC),  # Quranic annotation marks
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x08D3, 0x08E1),  # extended Arabic marks
    (0x08E3, 0x08FF),
    (0x0640, 0x0640),  # tatweel
    (0x00AD, 0x00AD),  # soft hyphen
    (0x200C, 0x200F),  # ZWNJ, ZWJ, LRM, RLM
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x2064),  # word joiner, invisible operators
    (0x2066, 0x2069),  # bidi isolates
    (0xFEFF, 0xFEFF),  # BOM / zero-width no-break space
    (0xFE00, 0xFE0F),  # variation selectors
)
DROP = frozenset(chr(c) for lo, hi in _DROP_RANGES for c in range(lo, hi + 1))
# Characters that may sit inside a word in the original and are dropped: a hit's span is
# extended over them at its end (حلبَ is highlighted with its fatha).
WORD_MARKS = frozenset(
    c for c in DROP if unicodedata.category(c) == "Mn" or c in "\u0640\u200c\u200d"
)

_FOLD = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ٵ": "ا",
    "ى": "ي",
    "ی": "ي",  # Persian yeh
    "ې": "ي",
    "ۍ": "ي",
    "ؤ": "ء",
    "ئ": "ء",
    "ٶ": "ء",
    "ٸ": "ء",
    "ة": "ه",
    "ۀ": "ه",
    "ہ": "ه",
    "ۂ": "ه",
    "ھ": "ه",  # heh doachashmee, used for ه in some Urdu/Persian fonts
    "ک": "ك",  # keheh
    "ڪ": "ك",
}
_FOLD.update({chr(k): chr(v) for k, v in DIGITS.items()})  # Arabic-Indic and Persian digits

# Blocks whose characters are looked at once, when the tables are built. Anything else is left
# as it is (apart from whitespace), which is what a matching form for Arabic news needs.
_BLOCKS = (
    (0x0000, 0x058F),  # Latin, Greek, Cyrillic, Armenian (case folding, Latin-1 compatibility)
    (0x0600, 0x08FF),  # Arabic, Arabic Supplement, Arabic Extended-A
    (0x1E00, 0x1FFF),  # Latin Extended Additional, Greek Extended
    (0x2000, 0x218F),  # punctuation, super/subscripts, letterlike symbols, number forms
    (0x2460, 0x24FF),  # enclosed alphanumerics
    (0xFB00, 0xFDFF),  # Latin ligatures, Arabic presentation forms A
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE6F),  # CJK compatibility and small forms
    (0xFE70, 0xFEFF),  # Arabic presentation forms B
    (0xFF00, 0xFFEF),  # half- and full-width forms
)


def _is_arabic_presentation(c: int) -> bool:
    return 0xFB50 <= c <= 0xFDFF or 0xFE70 <= c <= 0xFEFF


def _fold_char(ch: str) -> str:
    """The matching form of one character (possibly empty, possibly several characters)."""
    if ch in DROP:
        return ""
    expanded = unicodedata.normalize("NFKC", ch)
    if _is_arabic_presentation(ord(ch)):
        # Isolated forms of harakat (ﹰ ﹲ …) unfold to "space + mark": keep neither.
        expanded = expanded.replace(" ", "")
    out = []
    for c in expanded:
        if c in DROP:
            continue
        c = _FOLD.get(c, c)
        out.append(c.casefold())
    result = "".join(out)
    if result.isspace():
        return " "
    return result


class _Tables(NamedTuple):
    table: dict[int, str]  # 1:1 folds, for str.translate
    special: dict[str, str]  # characters that vanish or become several
    chars: re.Pattern[str]  # any special character (one character class: a fast scan)
    full: re.Pattern[str]  # the same, or a run of whitespace (slower: used when there is one)
    run: re.Pattern[str]  # a run of whitespace, possibly with invisible characters inside


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    table: dict[int, str] = {}
    special: dict[str, str] = {}
    for lo, hi in _BLOCKS:
        for code in range(lo, hi + 1):
            ch = chr(code)
            if unicodedata.category(ch) in ("Cs", "Cn"):
                continue
            folded = _fold_char(ch)
            if len(folded) == 1:
                if folded != ch:
                    table[code] = folded
            else:
                special[ch] = folded
    # Every single whitespace character becomes a space; a zero-width space too, since it
    # separates words.
    for code in (*range(0x2000, 0x200C), 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000):
        table[code] = " "
    for code in range(0x100):
        if chr(code).isspace() and code != 0x20:
            table[code] = " "
    chars = "[" + re.escape("".join(sorted(special, key=ord))) + "]"
    run = "\\s[\\s" + re.escape("".join(sorted(DROP))) + "]*\\s"
    return _Tables(table, special, re.compile(chars), re.compile(f"{run}|{chars}"), re.compile(run))


_SEATED = re.compile("[ويى]\u0654")  # a seat with a combining hamza: و + ٔ → ء, like ؤ → ء
_SEATS = frozenset("ويى")


def _replacement(match: str, special: dict[str, str]) -> str:
    if len(match) > 1:  # only runs of whitespace match more than one character
        return " "
    return special[match]


# The 1:1 folds that are frequent in Arabic text. str.replace on each (a fast C scan) beats
# str.translate, which looks every character up in a dict; the rarer 1:1 folds (Latin capitals,
# presentation forms, …) go through str.translate only when one is present.
_COMMON = "أإآٱىةؤئیک\n\t٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"


@lru_cache(maxsize=1)
def _folds() -> tuple[tuple[tuple[str, str], ...], re.Pattern[str]]:
    table = _tables().table
    common = tuple((c, table[ord(c)]) for c in _COMMON)
    rest = "".join(sorted(chr(k) for k in table if chr(k) not in _COMMON))
    return common, re.compile(f"[{re.escape(rest)}]")


def _fold(text: str) -> str:
    """The 1:1 part of normalisation (same result as ``text.translate(table)``)."""
    if len(text) < 200:  # the dict lookups of translate cost less than 26 scans
        return text.translate(_tables().table)
    common, rest = _folds()
    for ch, rep in common:
        if ch in text:
            text = text.replace(ch, rep)
    if rest.search(text) is not None:
        text = text.translate(_tables().table)
    return text


def normalize(text: str) -> str:
    """The matching form of ``text`` (see the module docstring). For matching only."""
    t = _tables()
    if "\u0654" in text:
        text = _SEATED.sub("ء", text)
    pattern = t.full if t.run.search(text) else t.chars
    if pattern.search(text) is None:
        return _fold(text)
    special = t.special
    return _fold(pattern.sub(lambda m: _replacement(m.group(), special), text))


def match_key(text: str) -> str:
    """The one form Arabic is matched and compared on everywhere (glossary terms, memory,
    check notes): :func:`normalize`, words separated by one space, no space at either end."""
    return " ".join(normalize(text).split())


_NON_WORD = re.compile(r"[\W_]+")


def word_key(text: str) -> str:
    """:func:`match_key` with punctuation gone too: the words of ``text`` only (for telling
    whether two lines say the same thing, such as a title repeated as the first paragraph)."""
    return " ".join(_NON_WORD.sub(" ", normalize(text)).split())


class OffsetMap:
    """Maps positions in a normalised string back to the original, compactly.

    The normalised text is cut into pieces; piece ``k`` starts at ``norm_starts[k]`` and
    comes from the original at ``orig_starts[k]``. A ``step`` of 1 means a 1:1 run, 0 means
    every character of the piece comes from the one original character (an expansion such
    as ﻻ → لا, or a run of whitespace collapsed to one space).
    """

    __slots__ = ("length", "norm_starts", "orig_starts", "steps")

    def __init__(self, length: int) -> None:
        self.norm_starts: list[int] = []
        self.orig_starts: list[int] = []
        self.steps: list[int] = []
        self.length = length

    def add(self, norm_start: int, orig_start: int, step: int) -> None:
        self.norm_starts.append(norm_start)
        self.orig_starts.append(orig_start)
        self.steps.append(step)

    def __getitem__(self, pos: int) -> int:
        k = bisect_right(self.norm_starts, pos) - 1
        return self.orig_starts[k] + (pos - self.norm_starts[k]) * self.steps[k]

    def to_list(self, norm_length: int) -> list[int]:
        out: list[int] = []
        bounds = [*self.norm_starts[1:], norm_length]
        for start, end, orig, step in zip(
            self.norm_starts, bounds, self.orig_starts, self.steps, strict=True
        ):
            if step:
                out.extend(range(orig, orig + end - start))
            else:
                out.extend([orig] * (end - start))
        return out


def normalize_mapped(text: str) -> tuple[str, OffsetMap]:
    """:func:`normalize` plus a compact :class:`OffsetMap` back to ``text``."""
    t = _tables()
    special = t.special
    pattern = t.full if t.run.search(text) else t.chars
    offsets = OffsetMap(len(text))
    # The map's lists filled directly: a long article has a special character every few
    # words (a haraka, a tatweel), and a method call per piece costs more than the rest.
    norm_starts, orig_starts, steps = offsets.norm_starts, offsets.orig_starts, offsets.steps
    parts: list[str] = []
    norm_pos = 0
    prev = 0
    for m in pattern.finditer(text):
        start, end = m.span()
        if start > prev:
            norm_starts.append(norm_pos)
            orig_starts.append(prev)
            steps.append(1)
            parts.append(text[prev:start])  # folded once at the end: 1:1 keeps positions
            norm_pos += start - prev
        prev = end
        match = m.group()
        repl = special[match] if end - start == 1 else " "  # only whitespace runs are longer
        if match == "\u0654" and start and text[start - 1] in _SEATS:
            # The seat just emitted carries this hamza: it becomes ء, as ؤ and ئ do.
            parts[-1] = parts[-1][:-1] + "ء"
        if repl:
            # Several characters from one, or one from several: map all to the first.
            norm_starts.append(norm_pos)
            orig_starts.append(start)
            steps.append(0 if len(repl) > 1 else 1)
            parts.append(repl)
            norm_pos += len(repl)
    if prev < len(text) or not norm_starts:
        offsets.add(norm_pos, prev, 1)
        parts.append(text[prev:])
    return _fold("".join(parts)), offsets


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """:func:`normalize` plus, for each character of the result, its index in ``text``."""
    norm, offsets = normalize_mapped(text)
    return norm, offsets.to_list(len(norm))


def original_span(text: str, offsets: OffsetMap, start: int, end: int) -> tuple[int, int]:
    """The span of ``text`` that normalised to ``norm[start:end]`` (``end > start``).

    The end is extended over marks that normalisation removed after the last letter
    (diacritics, tatweel, ZWJ), so the span is the whole surface form.
    """
    o_start = offsets[start]
    o_end = offsets[end - 1] + 1
    # A seat + combining hamza, or a run of whitespace, counts as one normalised character.
    n = len(text)
    while o_end < n and text[o_end] in WORD_MARKS:
        o_end += 1
    return o_start, o_end
