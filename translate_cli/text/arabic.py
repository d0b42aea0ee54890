"""Arabic script in one place: character classes, digit tables, invisible controls.

Every module that needs to know what an Arabic letter, mark or digit is imports it from here
(segmentation, normalisation, checks, memory), so the ranges cannot drift apart.
"""

from __future__ import annotations

import re

#: Arabic letters (no marks, digits or punctuation), as a regex character-class body.
LETTERS = (
    "\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06fa-\u06fc"
    "\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdfb\ufe70-\ufefc"
)
#: Harakat, shadda, sukun, tanween, combining hamza, dagger alef and the Quranic marks.
MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
TATWEEL = "\u0640"
#: Arabic-Indic (٠-٩) and Persian (۰-۹) digits.
DIGIT_CHARS = "\u0660-\u0669\u06f0-\u06f9"

ARABIC_LETTER = re.compile(f"[{LETTERS}]")
#: Letters, marks, tatweel and digits: what "Arabic script left in an English text" means.
ARABIC_SCRIPT = re.compile(f"[{LETTERS}{MARKS}{TATWEEL}{DIGIT_CHARS}]")
#: A run of Arabic words (letters, marks, digits) with the spaces between them.
ARABIC_RUN = re.compile(
    f"[{LETTERS}{MARKS}{TATWEEL}{DIGIT_CHARS}]+(?:\\s+[{LETTERS}{MARKS}{TATWEEL}{DIGIT_CHARS}]+)*"
)

#: The common harakat and tanween (what a reader sees as diacritics on a word).
DIACRITICS = frozenset("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0670")

ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
DECIMAL_SEPARATOR = "٫"  # ٫ ARABIC DECIMAL SEPARATOR
THOUSANDS_SEPARATOR = "٬"  # ٬ ARABIC THOUSANDS SEPARATOR
PERCENT_SIGN = "٪"  # ٪ ARABIC PERCENT SIGN
#: Digits of both Arabic systems → ASCII, one character for one (offsets are kept).
DIGITS = str.maketrans(ARABIC_INDIC_DIGITS + PERSIAN_DIGITS, "0123456789" * 2)
#: The same, plus the Arabic decimal, thousands and percent signs → ``. , %``.
NUMERALS = str.maketrans(
    ARABIC_INDIC_DIGITS + PERSIAN_DIGITS + DECIMAL_SEPARATOR + THOUSANDS_SEPARATOR + PERCENT_SIGN,
    "0123456789" * 2 + ".,%",
)

#: Bidi embeddings, overrides and isolates, and the directional marks.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
#: Characters that change how text is shown without showing themselves: the bidi controls,
#: zero-width space/joiners, word joiner and the BOM. In a published target each is a hazard.
INVISIBLE = BIDI_CONTROLS | frozenset("\u200b\u200c\u200d\u2060\ufeff")
#: Control characters a published target must not carry either (terminal escapes, bells, line
#: and paragraph separators); tab and newline are layout, not hazards.
CONTROLS = frozenset(
    chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029)
)
#: The names shown for them in messages.
INVISIBLE_NAMES = {
    "\u061c": "ARABIC LETTER MARK",
    "\u200b": "ZERO WIDTH SPACE",
    "\u200c": "ZERO WIDTH NON-JOINER",
    "\u200d": "ZERO WIDTH JOINER",
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2060": "WORD JOINER",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE (BOM)",
}

#: Proclitics: conjunctions (و, ف) that come first, then the prepositions (ب, ل, ك).
CONJUNCTIONS = frozenset("وف")
PREPOSITIONS = frozenset("بلك")
