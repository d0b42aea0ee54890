"""Reading amounts the way Arabic and English news write them, as exact values.

Arabic (:func:`arabic_amounts`):

- digits of any system, clitics glued on (بـ513, الـ24, و2024), ``٫`` and the decimal comma
  (``7,8`` is 7.8; ``1,250`` is 1250), ``٬`` as thousands separator, dots as thousands
  separators (``1.200.000``; ``14.500`` is 14.5 or 14,500); superscript digits (``كم²``) are
  units, not amounts;
- scale words after digits or number words, singular, dual and plural, with case endings and
  tanween (``578 ألفاً``, ``ألفًا``, ``مليوناً``, ``3 آلاف``, ``مليونين``, ``مليارات``);
- groups joined with و into one amount when each is smaller than the scale before it
  (``10 آلاف و950`` is 10,950; ``2 مليون و543 ألفاً و711`` is 2,543,711; ``مليون ونصف``
  is 1,500,000; ``مليوناً وخمسين ألف`` is 1,050,000);
- fractions (``نصف``, ``ربع``, ``ثلث``, ``ثلثا``, ``ثلاثة أرباع``) before a scale word
  (``نصف مليون``, ``ثلاثة أرباع مليون`` is 750,000) or after one;
- ranges with the scale written once (``بين 300 و500 ألف``: the 300 may be 300,000), a
  leading number before a singular scale read apart too (``عيار 21 مليوناً و100 ألف``);
- cardinals spelled out up to the millions (``ثلاثةٍ وعشرين`` is 23, ``مئة وخمسة وعشرون``
  is 125) and ordinals (``الخامس``, ``الحادي عشر``, ``القرن العشرين``), month names, and
  duals (``يومين``: two);
- decades (``التسعينيات``: 1990, or 90), times (``14:00`` is also 2, ``الثانية والنصف`` has
  30 minutes);
- percentages (``%``, ``٪``, ``بالمئة``, ``في المئة``) are marked on the amount, and points
  (``4 نقاط مئوية``).

English (:func:`english_amounts`): ``$250 million``, ``1.5 million``, ``2bn``, ``10,950``,
``ten thousand``, ``twenty-three``, ``one hundred and five``, ``half a million``, ``three
quarters of a million``, ``23rd``, ``twenty-third``, month names; ranges (``$3-4 billion``,
``between one and two million``, ``2024-25``); times (``2 p.m.`` is also 14, ``9.45am``);
``halved``, ``doubled``, ``tripled``, ``a decade``; "points" and "percentage points"; names
with a number (``COVID-19``, ``F-16``, ``G20``) only excuse.

Values are :class:`fractions.Fraction`, so 7.8 and 1/3 compare exactly. Plural scale words
alone (``آلاف المدنيين``, "thousands of civilians") and ``عشرات``/``مئات`` are no amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from fractions import Fraction

from translate_cli.text.arabic import NUMERALS
from translate_cli.text.normalize import normalize

__all__ = ["Amount", "arabic_amounts", "english_amounts", "show"]


@dataclass(frozen=True)
class Amount:
    """One amount read from a text.

    ``kind`` says how sure the reading is: ``digits`` (written with digits, perhaps with scale
    words), ``words`` (a cardinal spelled out), ``ordinal``, ``month``, ``dual`` (an Arabic
    dual: two of something), ``fraction`` (نصف, "half" on its own), ``decade``
    (التسعينيات: 1990, or 90) or ``time`` (the minutes of الثانية والنصف: 30). ``alternatives``
    are other readings of the same characters, each a tuple of values (``7,8`` may also be 7
    and 8; the 300 of ``بين 300 و500 ألف`` may be 300,000). ``unit`` is ``points`` for
    percentage or index points (``4 نقاط مئوية``, "3 points"); in English, ``percentage points``
    for those.
    """

    value: Fraction
    kind: str
    text: str
    percent: bool = False
    alternatives: tuple[tuple[Fraction, ...], ...] = field(default=())
    unit: str = ""

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
# Thousands with dots, as some Arabic news writes them: 1.200.000 (and perhaps 14.500).
_DOTTED_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


def _digit_readings(token: str, decimal_comma: bool) -> list[tuple[Fraction, ...]]:
    """Readings of a run of digits and separators, the likeliest first."""
    if _THOUSANDS.fullmatch(token):
        plain = (Fraction(token.replace(",", "")),)
        if decimal_comma and token.count(",") == 1 and "." not in token:
            return [plain, (Fraction(token.replace(",", ".")),)]
        return [plain]
    if decimal_comma and _DOTTED_THOUSANDS.fullmatch(token):
        plain = (Fraction(token.replace(".", "")),)
        return [(Fraction(token),), plain] if token.count(".") == 1 else [plain]
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
    # The construct duals before a noun: مليوني زائر (two million visitors).
    "الفي": (10**3, 2), "مليوني": (10**6, 2), "ملياري": (10**9, 2),
    "مليارات": (10**9, 0), "بليون": (10**9, 1), "بلايين": (10**9, 0),
    "ترليون": (10**12, 1), "تريليون": (10**12, 1),
}  # fmt: skip
_FRACTIONS = {
    "نصف": Fraction(1, 2), "ربع": Fraction(1, 4), "ثلث": Fraction(1, 3),
    "ثلثا": Fraction(2, 3), "ثلثي": Fraction(2, 3),
}  # fmt: skip
# Plural fractions after a count: ثلاثة أرباع مليون (three quarters of a million).
_PLURAL_FRACTIONS = {"ارباع": 4, "اثلاث": 3, "اخماس": 5, "اعشار": 10}
# Decades: التسعينيات, ثمانينيات القرن الماضي (the 1990s, the 1980s); in matching form.
_DECADE = re.compile(r"(?:ال)?(عشر|ثلاث|اربع|خمس|ست|سبع|ثمان|تسع)ين(?:ي)?ات")
# Minutes after an hour spelled out: الثانية والنصف (2:30), الرابعة والربع (4:15).
_MINUTES = {"نصف": 30, "ربع": 15, "ثلث": 20}
# Units after an amount that make it points, not percent: 4 نقاط مئوية.
_POINTS = frozenset({"نقطه", "نقاط", "نقطتين", "نقطتان"})
# Words joining the two ends of a range: بين 3 و4 ملايين, من 5 إلى 7 آلاف.
_RANGE_JOINERS = frozenset({"الي", "حتي", "-", "–", "او"})
# Scale words in the singular after digits: 21 مليوناً may also be 21, then 1,000,000.
_SINGULAR_SCALES = frozenset({"الف", "الفا", "مليون", "مليونا", "مليار", "مليارا"})
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
# Superscript digits are units (كم², m³), not amounts: dropped before reading.
_SUPERSCRIPTS = dict.fromkeys(map(ord, "⁰¹²³⁴⁵⁶⁷⁸⁹"))
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
    norm = normalize(text.translate(NUMERALS).translate(_SUPERSCRIPTS))
    out: list[_Tok] = []
    prev_end = -1
    for m in _TOKEN.finditer(norm):
        tok = m.group()
        glued = m.start() == prev_end
        prev_end = m.end()
        if tok[0].isdecimal():
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
    spans: list[tuple[Amount, int, int]] = []
    i = 0
    while i < len(toks):
        found, j = _amounts_at(toks, i)
        spans.extend((a, i, j) for a in found)
        i = j
    return _shared_scales(toks, spans)


def _shared_scales(toks: list[_Tok], spans: list[tuple[Amount, int, int]]) -> list[Amount]:
    """The amounts, the first end of a range given the scale of the second as another
    reading: ``بين 300 و500 ألف`` is 300,000 to 500,000, ``من 5 إلى 7 ملايين`` 5 to 7 million."""
    out = [a for a, _, _ in spans]
    for k in range(len(spans) - 1):
        a, _, a_end = spans[k]
        b, b_start, b_end = spans[k + 1]
        if a.kind not in ("digits", "words") or b.kind not in ("digits", "words"):
            continue
        if a.value >= 1000 or any(_scale_word(t) for t in toks[spans[k][1] : a_end]):
            continue
        joined = (b_start == a_end and toks[b_start].conj) or (
            b_start == a_end + 1 and toks[a_end].text in _RANGE_JOINERS
        )
        scale = next((m for t in toks[b_start:b_end] if (m := _scale_word(t))), 0)
        if joined and scale:
            out[k] = replace(out[k], alternatives=(*a.alternatives, (a.value * scale,)))
    return out


def _scale_word(tok: _Tok) -> int:
    """The multiplier of a scale word (ألف: 1000), else 0."""
    return _SCALES[tok.word][0] if tok.kind == "word" and tok.word in _SCALES else 0


def _amounts_at(toks: list[_Tok], i: int) -> tuple[list[Amount], int]:
    """The amounts read at ``toks[i]`` (often none) and the index after them."""
    tok = toks[i]
    if tok.kind == "word":
        if tok.word in _MONTHS:
            return _month(toks, i)
        if tok.word in _ORDINALS:
            return _ordinal(toks, i)
        if tok.word in _TENS and tok.text.startswith("ال") and not _scale_at(toks, i + 1):
            # العشرين after a noun is the ordinal: القرن العشرين, الذكرى الخمسين.
            return [Amount(Fraction(_TENS[tok.word]), "ordinal", tok.text)], i + 1
        if not _counts(tok.word):
            decade = _DECADE.fullmatch(tok.text)
            if decade:
                return [_decade(_TENS[decade.group(1) + "ين"], tok.text)], i + 1
            dual = tok.word in _DUALS or tok.word.removeprefix("ال") in _DUALS
            return ([Amount(Fraction(2), "dual", tok.text)] if dual else []), i + 1
    elif tok.kind != "num":
        return [], i + 1
    if tok.kind == "num" and len(tok.values) == 1 and len(tok.values[0]) > 1:
        return [Amount(v, "digits", tok.text) for v in tok.values[0]], i + 1  # 2024.11.30
    if (
        tok.kind == "num"
        and i + 2 < len(toks)
        and toks[i + 1].text == ":"
        and toks[i + 2].kind == "num"
        and len(toks[i + 2].text) == 2
        and tok.values[0][0] < 24
    ):
        return _clock(tok.values[0][0], toks[i + 2].values[0][0], tok.text), i + 3
    amount, j = _amount(toks, i)
    if amount is None:
        return [], i + 1
    after = _percent_words(toks, j)
    if after > j:
        amount = replace(amount, percent=True)
        j = after
    elif j < len(toks) and toks[j].text in _POINTS:
        amount = replace(amount, unit="points")  # 4 نقاط مئوية: points, not percent
    return [amount], max(j, i + 1)


def _clock(hour: Fraction, minutes: Fraction, text: str) -> list[Amount]:
    """A time of day (14:00, 9:45): the hour, also on the 12-hour clock (14 is 2 p.m.), and
    the minutes, which only excuse when they are :00."""
    other = hour - 12 if hour > 12 else hour + 12 if hour < 12 else Fraction(0)
    return [
        Amount(hour, "digits", text, alternatives=((other,),)),
        Amount(minutes, "digits" if minutes else "time", f"{text}:{minutes}"),
    ]


def _decade(tens: int, text: str) -> Amount:
    """A decade (التسعينيات): the 1990s, also read as the '90s (and العشرينيات as the 2020s)."""
    alternatives: tuple[tuple[Fraction, ...], ...] = ((Fraction(tens),),)
    if tens <= 30:
        alternatives += ((Fraction(2000 + tens),),)
    return Amount(Fraction(1900 + tens), "decade", text, alternatives=alternatives)


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
    out = [Amount(Fraction(value), "ordinal", " ".join(t.text for t in toks[i:j]))]
    # An hour and its minutes: الثانية والنصف (2:30), الثالثة إلا ربعاً (2:45).
    if j < n and toks[j].conj and toks[j].word in _MINUTES:
        out.append(Amount(Fraction(_MINUTES[toks[j].word]), "time", toks[j].text))
        j += 1
    elif j + 1 < n and toks[j].text == "الا" and toks[j + 1].text.rstrip("ا") in ("ربع", "ثلث"):
        minutes = 45 if toks[j + 1].text.startswith("ربع") else 40
        out += [
            Amount(Fraction(minutes), "time", toks[j + 1].text),
            Amount(Fraction(value - 1), "time", toks[i].text),
        ]
        j += 2
    return out, j


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
        if not acc.total and tok.word in _UNITS and i + 1 < n:
            denominator = _PLURAL_FRACTIONS.get(toks[i + 1].text)
            if denominator:  # ثلاثة أرباع: three quarters
                frac = Fraction(_UNITS[tok.word], denominator)
                i += 1
        # A scale word standing for a count: مليون وألف (1,001,000), مليون ومليوني (two).
        scale = _SCALES.get(tok.word) if tok.kind == "word" and frac is None else None
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
    alternatives = acc.alternatives
    first = toks[start]
    if (
        first.kind == "num"
        and i > start + 2
        and toks[start + 1].text in _SINGULAR_SCALES
        and len(first.values[0]) == 1
        and first.values[0][0] > 1
    ):
        # عيار 21 مليوناً و100 ألف: 21-carat, then 1,100,000; as 21,100,000 too.
        number, mult = first.values[0][0], _SCALES[toks[start + 1].text][0]
        alternatives += ((number, acc.total - number * mult + mult),)
    return Amount(acc.total, kind, text, alternatives=alternatives), i


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
_EN_BIG = frozenset({"hundred", *_EN_SCALE})
_EN_PARTS = {"half": Fraction(1, 2), "quarter": Fraction(1, 4), "third": Fraction(1, 3)}
# Scales glued to digits in English news: $2bn, 5.3m, 40k.
_EN_GLUED = re.compile(r"(\d)(bn|mn|m|k)\b", re.IGNORECASE)
_EN_GLUED_WORDS = {"bn": " billion", "mn": " million", "m": " million", "k": " thousand"}
_EN_TOKEN = re.compile(
    r"(?-i:[A-Z][A-Za-z]*)\d+s?\b|\d+(?:[.,]\d+)*(?:st|nd|rd|th|s)?(?=\b|[a-z])"
    r"|[a-z]+(?:['’][a-z]+)?|%|\S",
    re.IGNORECASE,
)
# Names with a number in them: COVID-19, F-16, S-400, G20, A320 (not mid-2024).
_EN_CODE = re.compile(r"(?-i:[A-Z][A-Za-z]*)(\d+)s?")
_EN_CODE_DASH = re.compile(r"\b(?!(?:Mid|Early|Late|Pre|Post)-)((?-i:[A-Z][A-Za-z]*))-(?=\d)")
# Times of day: 9.45am, 2:30 p.m. (read as 9:45 am, 2:30 pm).
_EN_CLOCK = re.compile(r"\b(\d{1,2})[.:](\d{2})\s*(?=[ap]\.?m\b)", re.IGNORECASE)
_EN_MERIDIEM = re.compile(r"\b([ap])\.m\.?", re.IGNORECASE)
# Multiples and halves said in one word: prices doubled (2, or 100 percent), exports halved.
_EN_TIMES = {
    "halved": (Fraction(1, 2), 50), "doubled": (Fraction(2), 100), "double": (Fraction(2), 100),
    "twofold": (Fraction(2), 100), "tripled": (Fraction(3), 200), "trebled": (Fraction(3), 200),
    "triple": (Fraction(3), 200), "threefold": (Fraction(3), 200),
    "quadrupled": (Fraction(4), 300), "fourfold": (Fraction(4), 300),
}  # fmt: skip
_EN_ORDINAL_SUFFIX = re.compile(r"(\d+)(?:st|nd|rd|th)$")
# A span of years cut short: 2024-25, 1999/2000 is left alone.
_EN_YEAR_SPAN = re.compile(r"\b(\d{2})(\d{2})[-–/](\d{2})\b")
# A range written with a dash between numbers: 3-4 billion, 10–12.
_EN_DASH_RANGE = re.compile(r"(\d)\s*[-–]\s*(?=[$£€]?\d)")
_EN_RANGE_JOINERS = frozenset({"and", "to", "or", "-", "–", "$", "£", "€"})
_EN_PLURAL_PARTS = {"quarters": 4, "thirds": 3, "fifths": 5, "tenths": 10}


def _year_span(m: re.Match[str]) -> str:
    century, start, end = m.group(1), int(m.group(2)), int(m.group(3))
    if end != (start + 1) % 100 and not start < end:
        return m.group()
    next_century = int(century) + 1 if end < start else int(century)
    return f"{century}{start:02d} to {next_century}{end:02d}"


def english_amounts(text: str) -> list[Amount]:
    """Every amount in English ``text``, in order (see the module docstring)."""
    text = _EN_GLUED.sub(lambda m: m.group(1) + _EN_GLUED_WORDS[m.group(2).lower()], text)
    text = _EN_DASH_RANGE.sub(
        r"\1 to ", _EN_YEAR_SPAN.sub(_year_span, _EN_CODE_DASH.sub(r"\1", text))
    )
    text = _EN_MERIDIEM.sub(r"\1m", _EN_CLOCK.sub(r"\1:\2 ", text))
    codes = {m.group() for m in _EN_CODE.finditer(text)}
    raw = _EN_TOKEN.findall(text.replace("-", " "))
    toks = [t.lower() for t in raw]
    out: list[Amount] = []
    starts: list[int] = []  # the token each amount of ``out`` starts at
    i = last = 0
    n = len(toks)
    while i < n:
        starts += [last] * (len(out) - len(starts))
        last = i
        tok = toks[i]
        code = _EN_CODE.fullmatch(raw[i]) if raw[i] in codes else None
        if code and not raw[i][0].isdecimal():
            out.append(Amount(Fraction(code.group(1)), "code", raw[i]))
            i += 1
            continue
        if tok[0].isdecimal():
            clock = _english_clock(toks, i)
            if clock:
                out.extend(clock[0])
                i = clock[1]
                continue
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
                out.append(Amount(value, "digits", tok, _percent(toks, j), unit=_en_unit(toks, j)))
            elif len(values) == 1:
                out.append(
                    Amount(values[0], "digits", tok, _percent(toks, j), unit=_en_unit(toks, j))
                )
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
    starts += [last] * (len(out) - len(starts))
    return _english_shared_scales(toks, out, starts)


def _english_clock(toks: list[str], i: int) -> tuple[list[Amount], int] | None:
    """A time of day at ``toks[i]`` (2 pm, 9:45 am, 14:00): the hour, also on the other
    clock, and the minutes (:00 only excuses); None when there is none."""
    n = len(toks)
    if not toks[i].isdecimal() or int(toks[i]) > 23:
        return None
    hour = Fraction(int(toks[i]))
    j = i + 1
    minutes: Amount | None = None
    if j + 1 < n and toks[j] == ":" and len(toks[j + 1]) == 2 and toks[j + 1].isdecimal():
        value = Fraction(int(toks[j + 1]))
        minutes = Amount(value, "digits" if value else "time", toks[j + 1])
        j += 2
    meridiem = toks[j] if j < n and toks[j] in ("am", "pm") else ""
    if minutes is None and not meridiem:
        return None
    if meridiem == "pm" and hour < 12:
        other = hour + 12
    elif meridiem == "am" and hour == 12:
        other = Fraction(0)
    elif not meridiem and hour > 12:
        other = hour - 12
    else:
        other = hour
    out = [Amount(hour, "digits", toks[i], alternatives=((other,),))]
    return out + ([minutes] if minutes else []), j + (1 if meridiem else 0)


def _english_shared_scales(toks: list[str], out: list[Amount], starts: list[int]) -> list[Amount]:
    """The first end of a range given the scale of the second as another reading:
    "between 3 and 4 billion" is 3 billion to 4 billion, "one or two million" 1 to 2 million."""
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if a.kind not in ("digits", "words") or a.value >= 1000 or b.kind != a.kind:
            continue
        a_end = starts[k] + len(a.text.split())
        gap = toks[a_end : starts[k + 1]]
        if any(t in _EN_SCALE or t == "hundred" for t in toks[starts[k] : a_end]):
            continue
        if not gap or len(gap) > 2 or not all(t in _EN_RANGE_JOINERS for t in gap):
            continue
        b_end = starts[k + 2] if k + 2 < len(out) else len(toks)
        scale = next((_EN_SCALE[t] for t in toks[starts[k + 1] : b_end] if t in _EN_SCALE), 0)
        if scale and scale > b.value / 1000:
            out[k] = replace(a, alternatives=(*a.alternatives, (a.value * scale,)))
    return out


def _en_unit(toks: list[str], j: int) -> str:
    """``points`` when "points" follow a number at ``j``, ``percentage points`` for those."""
    if j + 1 < len(toks) and toks[j] == "percentage" and toks[j + 1] in ("point", "points"):
        return "percentage points"
    return "points" if j < len(toks) and toks[j] in ("point", "points") else ""


def _english_words(toks: list[str], i: int) -> tuple[Amount | None, int]:
    """A number written in English words at ``toks[i]``: twenty-three, ten thousand, one
    hundred and five, a million, half a million, a dozen; else (None, i)."""
    n = len(toks)
    tok = toks[i]
    if tok in _EN_TIMES:
        value, percent = _EN_TIMES[tok]
        return Amount(value, "words", tok, alternatives=((Fraction(percent),),)), i + 1
    if tok == "decade":
        return Amount(Fraction(10), "words", tok), i + 1
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
    if i + 1 < n and toks[i + 1] in _EN_PLURAL_PARTS:
        # three quarters of a million
        k = i + 2 + (i + 2 < n and toks[i + 2] == "of")
        k += k < n and toks[k] == "a"
        if k < n and toks[k] in _EN_SCALE:
            value = Fraction(_EN_NUMBERS[tok], _EN_PLURAL_PARTS[toks[i + 1]]) * _EN_SCALE[toks[k]]
            return Amount(value, "words", " ".join(toks[i : k + 1])), k + 1
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
        elif w == "and" and j + 1 < n and toks[j + 1] in _EN_NUMBERS and toks[j - 1] in _EN_BIG:
            # one hundred and five, two thousand and ten; not "one and two million"
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
    return Amount(value, kind, " ".join(toks[i:j]), _percent(toks, j), unit=_en_unit(toks, j)), j


def _percent(toks: list[str], j: int) -> bool:
    return j < len(toks) and (
        toks[j] in ("%", "percent")
        or (toks[j] == "per" and j + 1 < len(toks) and toks[j + 1] == "cent")
    )
