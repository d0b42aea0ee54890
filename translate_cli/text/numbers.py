"""Reading amounts the way Arabic and English news write them, as exact values.

Arabic (:func:`arabic_amounts`):

- digits of any system, clitics glued on (بـ513, الـ24, و2024), ``٫`` and the decimal comma
  (``7,8`` is 7.8; ``1,250`` is 1250), ``٬`` as thousands separator;
- scale words after digits or number words, singular, dual and plural, with case endings and
  tanween (``578 ألفاً``, ``ألفًا``, ``مليوناً``, ``3 آلاف``, ``مليونين``, ``مليارات``);
- groups joined with و into one amount when each is smaller than the scale before it
  (``10 آلاف و950`` is 10,950; ``2 مليون و543 ألفاً و711`` is 2,543,711; ``مليون ونصف``
  is 1,500,000; ``مليوناً وخمسين ألف`` is 1,050,000);
- fractions (``نصف``, ``ربع``, ``ثلث``) before a scale word (``نصف مليون``) or after one;
- cardinals spelled out up to the millions (``ثلاثةٍ وعشرين`` is 23, ``مئة وخمسة وعشرون``
  is 125) and ordinals (``الخامس``, ``الحادي عشر``), month names, and duals (``يومين``: two);
- percentages (``%``, ``٪``, ``بالمئة``, ``في المئة``) are marked on the amount.

English (:func:`english_amounts`): ``$250 million``, ``1.5 million``, ``2bn``, ``10,950``,
``ten thousand``, ``twenty-three``, ``one hundred and five``, ``half a million``, ``23rd``,
``twenty-third``, month names.

Values are :class:`fractions.Fraction`, so 7.8 and 1/3 compare exactly. Plural scale words
alone (``آلاف المدنيين``, "thousands of civilians") and ``عشرات``/``مئات`` are no amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

from translate_cli.text.arabic import NUMERALS
from translate_cli.text.normalize import normalize

__all__ = ["Amount", "arabic_amounts", "english_amounts", "show"]


@dataclass(frozen=True)
class Amount:
    """One amount read from a text.

    ``kind`` says how sure the reading is: ``digits`` (written with digits, perhaps with scale
    words), ``words`` (a cardinal spelled out), ``ordinal``, ``month``, ``dual`` (an Arabic
    dual: two of something) or ``fraction`` (نصف, "half" on its own). ``alternatives`` are other
    readings of the same characters, each a tuple of values (``7,8`` may also be 7 and 8).
    """

    value: Fraction
    kind: str
    text: str
    percent: bool = False
    alternatives: tuple[tuple[Fraction, ...], ...] = field(default=())

    @property
    def digits(self) -> bool:
        return self.kind == "digits"


def show(value: Fraction) -> str:
    """A value as news would write it in digits: 2500000, 7.8, 1/3."""
    if value.denominator == 1:
        return str(value.numerator)
    d = value.denominator
    while d % 2 == 0:
        d //= 2
    while d % 5 == 0:
        d //= 5
    if d != 1:
        return f"{value.numerator}/{value.denominator}"
    whole, rest = divmod(value.numerator, value.denominator)
    digits: list[str] = []
    while rest and len(digits) < 12:
        rest *= 10
        q, rest = divmod(rest, value.denominator)
        digits.append(str(q))
    return f"{whole}.{''.join(digits)}"


# ---- reading digits ------------------------------------------------------------------------

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def _digit_readings(token: str, decimal_comma: bool) -> list[tuple[Fraction, ...]]:
    """Readings of a run of digits and separators, the likeliest first."""
    if _THOUSANDS.fullmatch(token):
        plain = (Fraction(token.replace(",", "")),)
        if decimal_comma and token.count(",") == 1 and "." not in token:
            return [plain, (Fraction(token.replace(",", ".")),)]
        return [plain]
    if token.count(".") == 1 and "," not in token:
        return [(Fraction(token),)]
    if decimal_comma and token.count(",") == 1 and "." not in token:
        parts = tuple(Fraction(p) for p in token.split(","))
        return [(Fraction(token.replace(",", ".")),), parts]
    return [tuple(Fraction(p) for p in re.split(r"[.,]", token) if p)]


# ---- Arabic ---------------------------------------------------------------------------------

# Number words in matching form (normalize(): no diacritics, ة→ه, ى→ي, أ→ا, ئ→ء).
_UNITS = {
    "واحد": 1, "واحده": 1, "احد": 1, "احدي": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2,
    "اثنتين": 2, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2, "ثلاث": 3, "ثلاثه": 3,
    "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7,
    "ثمان": 8, "ثماني": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9,
}  # fmt: skip
_TEN = frozenset({"عشر", "عشره"})
_TENS = {
    f"{stem}{end}": value
    for stem, value in (
        ("عشر", 20), ("ثلاث", 30), ("اربع", 40), ("خمس", 50), ("ست", 60), ("سبع", 70),
        ("ثمان", 80), ("تسع", 90),
    )
    for end in ("ون", "ين")
}  # fmt: skip
_HUNDREDS = {
    "مءه": 100, "ماءه": 100, "مءتان": 200, "مءتين": 200, "ماءتان": 200, "ماءتين": 200,
    # The construct duals before a noun: ألفان ومئتا عامل (2,200 workers).
    "مءتا": 200, "ماءتا": 200, "مءتي": 200, "ماءتي": 200,
}  # fmt: skip
for _unit, _n in list(_UNITS.items()):
    if _n >= 3 and not _unit.endswith("ه"):
        _HUNDREDS[_unit + "مءه"] = _HUNDREDS[_unit + "ماءه"] = _n * 100
_HUNDREDS["ثمانمءه"] = _HUNDREDS["ثمانماءه"] = 800
# Scale words: (multiplier, count the word itself carries when no number stands before it:
# 1 singular, 2 dual, 0 plural, which needs a number: آلاف alone is "thousands of").
_SCALES = {
    "الف": (10**3, 1), "الفا": (10**3, 1), "الفان": (10**3, 2), "الفين": (10**3, 2),
    "الاف": (10**3, 0), "الوف": (10**3, 0),
    "مليون": (10**6, 1), "مليونا": (10**6, 1), "مليونان": (10**6, 2), "مليونين": (10**6, 2),
    "ملايين": (10**6, 0),
    "مليار": (10**9, 1), "مليارا": (10**9, 1), "ملياران": (10**9, 2), "مليارين": (10**9, 2),
    "مليارات": (10**9, 0), "بليون": (10**9, 1), "بلايين": (10**9, 0),
    "ترليون": (10**12, 1), "تريليون": (10**12, 1),
}  # fmt: skip
_FRACTIONS = {"نصف": Fraction(1, 2), "ربع": Fraction(1, 4), "ثلث": Fraction(1, 3)}
_ORDINALS = {
    "اول": 1, "اولي": 1, "حادي": 1, "حاديه": 1, "ثاني": 2, "ثانيه": 2, "ثالث": 3, "ثالثه": 3,
    "رابع": 4, "رابعه": 4, "خامس": 5, "خامسه": 5, "سادس": 6, "سادسه": 6, "سابع": 7,
    "سابعه": 7, "ثامن": 8, "ثامنه": 8, "تاسع": 9, "تاسعه": 9, "عاشر": 10, "عاشره": 10,
}  # fmt: skip
_MONTHS = {
    "كانون": 0, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7,
    "اب": 8, "ايلول": 9, "تشرين": 0, "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4,
    "مايو": 5, "يونيو": 6, "يوليو": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10,
    "نوفمبر": 11, "ديسمبر": 12,
}  # fmt: skip
_TWO_WORD_MONTHS = {("تشرين", 1): 10, ("تشرين", 2): 11, ("كانون", 1): 12, ("كانون", 2): 1}
_PERCENT_WORDS = frozenset({"بالمءه", "بالماءه", "بالمايه", "بالمئه"})
# Common duals, which say "two" without a number word (يومين = two days); in matching form.
_DUALS = frozenset(
    f"{stem}{end}"
    for stem in (
        "يوم", "شهر", "عام", "سنت", "ساعت", "اسبوع", "دقيقت", "طفل", "شخص", "مرت", "رجل",
        "امرات", "جندي", "مدني", "عنصر", "قتيل", "صاروخ", "طاءرت", "بلدت", "قريت", "مدينت",
        "دولت", "طرف", "جانب", "عقد", "قرن", "ليلت", "جريح", "شقيق",
    )
    for end in ("ين", "ان")
)  # fmt: skip
_CLITICS = (
    "وبال",
    "وال",
    "فال",
    "بال",
    "كال",
    "لل",
    "ال",
    "وب",
    "ول",
    "وك",
    "و",
    "ف",
    "ب",
    "ل",
    "ك",
)
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|%|\S")


@dataclass
class _Tok:
    kind: str  # "num", "word", "pct", "punct"
    text: str  # the token as normalised
    conj: bool = False  # preceded by و (glued, or as its own word)
    word: str = ""  # a word without its proclitics, when that makes it a number word
    values: list[tuple[Fraction, ...]] = field(default_factory=list)


def _bare_word(word: str) -> tuple[str, bool]:
    """A number word without proclitics, and whether و was one of them."""
    if _known(word):
        return word, False
    for prefix in _CLITICS:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and rest and _known(rest):
            return rest, prefix[0] == "و"
    return word, False


def _known(word: str) -> bool:
    return (
        word in _UNITS
        or word in _TEN
        or word in _TENS
        or word in _HUNDREDS
        or word in _SCALES
        or word in _FRACTIONS
        or word in _ORDINALS
        or word in _MONTHS
    )


def _tokens(text: str) -> list[_Tok]:
    norm = normalize(text.translate(NUMERALS))
    out: list[_Tok] = []
    prev_end = -1
    for m in _TOKEN.finditer(norm):
        tok = m.group()
        glued = m.start() == prev_end
        prev_end = m.end()
        if tok[0].isdigit():
            t = _Tok("num", tok, values=_digit_readings(tok, decimal_comma=True))
            if out and glued and out[-1].kind == "word" and out[-1].text[:1] == "و":
                t.conj = True  # و950
            elif out and out[-1].kind == "word" and out[-1].text == "و":
                t.conj = True
                out.pop()  # و standing alone: it joins, it is no word of its own
            if out and glued and out[-1].kind == "word" and len(out[-1].text) <= 4:
                out.pop()  # a clitic glued to the number (بـ513, الـ24): not a word
            out.append(t)
        elif tok == "%":
            out.append(_Tok("pct", tok))
        elif tok[0].isalpha():
            word, conj = _bare_word(tok)
            t = _Tok("word", tok, conj=conj, word=word)
            if out and out[-1].kind == "word" and out[-1].text == "و" and _known(word):
                t.conj = True
                out.pop()
            out.append(t)
        else:
            out.append(_Tok("punct", tok))
    return out


def _group(toks: list[_Tok], i: int) -> tuple[Fraction | None, int, str]:
    """A number below a thousand at ``toks[i]``: digits, or words (مئة وخمسة وعشرون, خمسة
    عشر); its value, the index after it, and its kind ("digits" or "words")."""
    tok = toks[i]
    if tok.kind == "num":
        return tok.values[0][0] if len(tok.values[0]) == 1 else None, i + 1, "digits"
    total = 0
    j = i
    seen = False
    while j < len(toks) and toks[j].kind == "word":
        w = toks[j].word
        conj = toks[j].conj
        if seen and not conj and w == "واحد" and toks[j].text == "واحد":
            w, conj = "احد", True  # مئتين وأحد عشر: و + أحد, not واحد "one"
        if seen and not conj and not (w in _TEN or w in _HUNDREDS or w == "مءه"):
            break
        if w in _HUNDREDS:
            total += _HUNDREDS[w]
        elif w in _UNITS:
            value = _UNITS[w]
            if j + 1 < len(toks) and toks[j + 1].kind == "word" and toks[j + 1].text in _TEN:
                value += 10  # خمسة عشر = 15
                j += 1
            elif j + 1 < len(toks) and toks[j + 1].text in ("مءه", "ماءه"):
                value *= 100  # ثلاث مئة = 300
                j += 1
            total += value
        elif w in _TENS:
            total += _TENS[w]
        elif w in _TEN and not seen:
            total += 10
        else:
            break
        seen = True
        j += 1
    if not seen:
        return None, i, "words"
    if toks[j - 1].text == "و":
        j -= 1
    return Fraction(total), j, "words"


def _scale_at(toks: list[_Tok], i: int) -> tuple[int, int] | None:
    if i < len(toks) and toks[i].kind == "word" and toks[i].word in _SCALES:
        if toks[i].conj:
            return None
        return _SCALES[toks[i].word]
    return None


def arabic_amounts(text: str) -> list[Amount]:
    """Every amount in Arabic ``text``, in order (see the module docstring)."""
    toks = _tokens(text)
    out: list[Amount] = []
    i = 0
    while i < len(toks):
        found, i = _amounts_at(toks, i)
        out.extend(found)
    return out


def _amounts_at(toks: list[_Tok], i: int) -> tuple[list[Amount], int]:
    """The amounts read at ``toks[i]`` (often none) and the index after them."""
    tok = toks[i]
    if tok.kind == "word":
        if tok.word in _MONTHS:
            return _month(toks, i)
        if tok.word in _ORDINALS:
            return _ordinal(toks, i)
        if not _counts(tok.word):
            dual = tok.word in _DUALS or tok.word.removeprefix("ال") in _DUALS
            return ([Amount(Fraction(2), "dual", tok.text)] if dual else []), i + 1
    elif tok.kind != "num":
        return [], i + 1
    if tok.kind == "num" and len(tok.values) == 1 and len(tok.values[0]) > 1:
        return [Amount(v, "digits", tok.text) for v in tok.values[0]], i + 1  # 2024.11.30
    amount, j = _amount(toks, i)
    if amount is None:
        return [], i + 1
    after = _percent_words(toks, j)
    if after > j:
        amount = Amount(amount.value, amount.kind, amount.text, True, amount.alternatives)
        j = after
    return [amount], max(j, i + 1)


def _counts(word: str) -> bool:
    """Whether ``word`` can be part of a cardinal amount (a unit, ten, hundred, scale or
    fraction word)."""
    return (
        word in _SCALES
        or word in _FRACTIONS
        or word in _UNITS
        or word in _TENS
        or word in _HUNDREDS
        or word in _TEN
    )


def _month(toks: list[_Tok], i: int) -> tuple[list[Amount], int]:
    """A month name at ``toks[i]``, one word or two (تشرين الأول, كانون الثاني)."""
    tok = toks[i]
    value = _MONTHS[tok.word]
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    step = 1
    if value == 0 and nxt is not None:
        order = _ORDINALS.get(nxt.word) or (
            nxt.values[0][0] if nxt.kind == "num" and nxt.values else None
        )
        value = _TWO_WORD_MONTHS.get((tok.word, int(order or 0)), 0)
        step = 2 if value else 1
    return ([Amount(Fraction(value), "month", tok.text)] if value else []), i + step


def _ordinal(toks: list[_Tok], i: int) -> tuple[list[Amount], int]:
    """An ordinal at ``toks[i]``, with its ten (الحادي عشر, الثالث والعشرين)."""
    value = _ORDINALS[toks[i].word]
    j = i + 1
    n = len(toks)
    if j < n and toks[j].text in _TEN:
        value += 10
        j += 1
    elif j < n and toks[j].conj and toks[j].word in _TENS:  # الثالث والعشرين
        value += _TENS[toks[j].word]
        j += 1
    return [Amount(Fraction(value), "ordinal", " ".join(t.text for t in toks[i:j]))], j


def _percent_words(toks: list[_Tok], j: int) -> int:
    """The index after a percent sign or words (%, بالمئة, في المئة) at ``j``, else ``j``."""
    if j < len(toks) and (toks[j].kind == "pct" or toks[j].text in _PERCENT_WORDS):
        return j + 1
    if j + 1 < len(toks) and toks[j].text == "في" and toks[j + 1].text in ("المءه", "الماءه"):
        return j + 2
    return j


@dataclass
class _Sum:
    """An amount being read: its total so far, the last scale added to it (1 once a number
    without a scale is in: nothing smaller can follow), how it was written, and other
    readings of its first number."""

    total: Fraction = Fraction(0)
    last_scale: int | None = None
    kinds: set[str] = field(default_factory=set)
    alternatives: tuple[tuple[Fraction, ...], ...] = ()

    def below(self, value: Fraction | int) -> bool:
        """Whether ``value`` may follow what was read (each part smaller than the one before)."""
        return self.last_scale is None or value < self.last_scale

    def add_fraction(self, frac: Fraction, toks: list[_Tok], i: int) -> int | None:
        """Add the fraction at ``toks[i]`` with its scale: the index after it, or None."""
        scale = _scale_at(toks, i + 1)
        if scale is not None and self.below(scale[0]):
            self.total += frac * scale[0]  # نصف مليون
            self.last_scale = scale[0]
            self.kinds.add("words")
            return i + 2
        if self.last_scale is None:
            return None
        self.total += frac * self.last_scale  # مليون ونصف
        i += 1
        if scale is not None and scale[0] == self.last_scale and toks[i].text[:2] == "ال":
            i += 1  # مليوناً ونصف المليون: the scale said again
        self.last_scale = 1
        return i

    def add_scale(self, scale: tuple[int, int]) -> bool:
        """Add a scale word standing for a count of it (ألف, مليونين); False if it cannot."""
        mult, count = scale
        if not count or not self.below(mult):
            return False  # آلاف alone: "thousands of"
        self.total += count * mult
        self.last_scale = mult
        self.kinds.add("words")
        return True

    def add_group(self, toks: list[_Tok], i: int) -> int | None:
        """Add the number at ``toks[i]`` with the scale after it: the index after them, or
        None when there is no number or it does not continue the amount."""
        value, j, kind = _group(toks, i)
        if value is None:
            return None
        tok = toks[i]
        if tok.kind == "num" and not self.total and len(tok.values) > 1:
            self.alternatives = tuple(tok.values[1:])
        scale = _scale_at(toks, j)
        if scale is not None:
            if not self.below(scale[0]):
                return None
            self.total += value * scale[0]
            self.last_scale = scale[0]
            j += 1
            self.alternatives = ()
        else:
            if not self.below(value):
                return None  # 10 آلاف و15 ألفاً: another amount
            if self.total and self.last_scale is None:
                return None  # 5 و10: two numbers, not one
            self.total += value
            self.last_scale = 1
        self.kinds.add(kind)
        return j


def _amount(toks: list[_Tok], i: int) -> tuple[Amount | None, int]:
    """One amount starting at ``toks[i]``: groups with scales joined by و."""
    start = i
    acc = _Sum()
    n = len(toks)
    while i < n:
        tok = toks[i]
        if acc.total and not tok.conj:
            break
        frac = _FRACTIONS.get(tok.word) if tok.kind == "word" else None
        scale = _scale_at(toks, i) if tok.kind == "word" and frac is None else None
        if frac is not None:
            after = acc.add_fraction(frac, toks, i)
            if after is None:
                if not acc.total:
                    return Amount(frac, "fraction", tok.text), i + 1
                break
        elif scale is not None:
            if not acc.add_scale(scale):
                break
            after = i + 1
        else:
            after = acc.add_group(toks, i)
            if after is None:
                break
            if acc.last_scale == 1:
                i = after
                break
        i = after
    if i == start:
        return None, i
    kind = "digits" if "digits" in acc.kinds else "words"
    text = " ".join(t.text for t in toks[start:i])
    return Amount(acc.total, kind, text, alternatives=acc.alternatives), i


# ---- English --------------------------------------------------------------------------------


def _numbered(words: str, first: int = 0, step: int = 1) -> dict[str, int]:
    """``"one two"`` → ``{"one": first, "two": first + step}``; ``_`` holds a place."""
    return {w: first + i * step for i, w in enumerate(words.split()) if w != "_"}


_EN_NUMBERS = _numbered(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
) | _numbered("twenty thirty forty fifty sixty seventy eighty ninety", 20, 10)
_EN_ORDINALS = _numbered(
    "_ first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
) | _numbered(
    "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth", 20, 10
)
# "May" is left out: as a verb it is far more common than the month.
_EN_MONTHS = _numbered(
    "_ january february march april _ june july august september october november december"
)
_EN_SCALE = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
}  # fmt: skip
_EN_PARTS = {"half": Fraction(1, 2), "quarter": Fraction(1, 4), "third": Fraction(1, 3)}
# Scales glued to digits in English news: $2bn, 5.3m, 40k.
_EN_GLUED = re.compile(r"(\d)(bn|mn|m|k)\b", re.IGNORECASE)
_EN_GLUED_WORDS = {"bn": " billion", "mn": " million", "m": " million", "k": " thousand"}
_EN_TOKEN = re.compile(
    r"\d+(?:[.,]\d+)*(?:st|nd|rd|th|s)?(?=\b|[a-z])|[a-z]+(?:['’][a-z]+)?|%|\S", re.IGNORECASE
)
_EN_ORDINAL_SUFFIX = re.compile(r"(\d+)(?:st|nd|rd|th)$")


def english_amounts(text: str) -> list[Amount]:
    """Every amount in English ``text``, in order (see the module docstring)."""
    text = _EN_GLUED.sub(lambda m: m.group(1) + _EN_GLUED_WORDS[m.group(2).lower()], text)
    toks = [t.lower() for t in _EN_TOKEN.findall(text.replace("-", " "))]
    out: list[Amount] = []
    i = 0
    n = len(toks)
    while i < n:
        tok = toks[i]
        if tok[0].isdigit():
            ordinal = _EN_ORDINAL_SUFFIX.match(tok)
            if ordinal:
                out.append(Amount(Fraction(int(ordinal.group(1))), "ordinal", tok))
                i += 1
                continue
            digits = tok.removesuffix("s")  # the 1990s
            readings = _digit_readings(digits, decimal_comma=False)
            values = readings[0]
            j = i + 1
            if len(values) == 1 and j < n and toks[j] in _EN_SCALE:
                value = values[0] * _EN_SCALE[toks[j]]
                j += 1
                out.append(Amount(value, "digits", tok, _percent(toks, j)))
            elif len(values) == 1:
                out.append(Amount(values[0], "digits", tok, _percent(toks, j)))
            else:
                out.extend(Amount(v, "digits", tok) for v in values)
            i = j
            continue
        if tok in _EN_MONTHS:
            out.append(Amount(Fraction(_EN_MONTHS[tok]), "month", tok))
            i += 1
            continue
        if tok in _EN_ORDINALS or tok in ("hundredth", "thousandth"):
            out.append(Amount(Fraction(_EN_ORDINALS.get(tok, 0)), "ordinal", tok))
            i += 1
            continue
        amount, j = _english_words(toks, i)
        if amount is not None:
            out.append(amount)
            i = j
            continue
        i += 1
    return out


def _english_words(toks: list[str], i: int) -> tuple[Amount | None, int]:
    """A number written in English words at ``toks[i]``: twenty-three, ten thousand, one
    hundred and five, a million, half a million, a dozen; else (None, i)."""
    n = len(toks)
    tok = toks[i]
    # half a million, a quarter of a million, one third of a billion
    j = i + 1 if tok in ("a", "one") else i
    if j < n and toks[j] in _EN_PARTS:
        k = j + 1
        if k < n and toks[k] == "of":
            k += 1
        if k < n and toks[k] == "a":
            k += 1
        if k < n and toks[k] in _EN_SCALE and k > j + 1:
            value = _EN_PARTS[toks[j]] * _EN_SCALE[toks[k]]
            return Amount(value, "words", " ".join(toks[i : k + 1])), k + 1
    if (
        tok == "a"
        and i + 1 < n
        and toks[i + 1] in ("hundred", "thousand", "million", "billion", "dozen")
    ):
        if toks[i + 1] == "dozen":
            return Amount(Fraction(12), "words", "a dozen"), i + 2
        scale = 100 if toks[i + 1] == "hundred" else _EN_SCALE[toks[i + 1]]
        return Amount(Fraction(scale), "words", "a " + toks[i + 1]), i + 2
    if tok not in _EN_NUMBERS:
        return None, i
    total = current = 0
    j = i
    ordinal = False
    while j < n:
        w = toks[j]
        if w in _EN_NUMBERS:
            current += _EN_NUMBERS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in ("thousand", "million", "billion", "trillion"):
            total += (current or 1) * _EN_SCALE[w]
            current = 0
        elif w == "and" and j + 1 < n and toks[j + 1] in _EN_NUMBERS and j > i:
            j += 1
            continue
        elif w in _EN_ORDINALS and j > i and toks[j - 1] in _EN_NUMBERS:
            current += _EN_ORDINALS[w]  # twenty-third
            ordinal = True
            j += 1
            break
        else:
            break
        j += 1
    value = Fraction(total + current)
    kind = "ordinal" if ordinal else "words"
    return Amount(value, kind, " ".join(toks[i:j]), _percent(toks, j)), j


def _percent(toks: list[str], j: int) -> bool:
    return j < len(toks) and (
        toks[j] in ("%", "percent")
        or (toks[j] == "per" and j + 1 < len(toks) and toks[j + 1] == "cent")
    )
