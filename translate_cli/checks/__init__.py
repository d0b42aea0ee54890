"""Quality checks on an article's English targets, written for Arabic → English.

Each check reports :class:`Finding` rows; ``error`` findings block ``export`` (unless forced),
``warning`` ones are advice. What generic tools get wrong for Arabic is handled here:
Arabic-Indic and Persian digits, the Arabic decimal/thousands/percent signs (٫ ٬ ٪), clitics
glued to numbers (بـ513, الـ24, و2024), the Arabic question mark, comma and semicolon.

A translator silences a check for one segment in the segment's note:

- ``paraphrase: <term>[, <term>…]`` — those glossary terms (Arabic source or English rendering)
  are rendered freely on purpose; ``paraphrase:`` alone covers every term of the segment.
- ``ignore: <check>[, <check>…]`` — skip those checks for the segment (e.g. ``ignore: numbers``).

Each marker sits on its own line of the note or after a ``;``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from translate_cli.errors import InputError

if TYPE_CHECKING:
    from translate_cli.glossary import Glossary
    from translate_cli.store import Store

# name → (severity, what it catches); the order is the order findings are listed in.
CHECKS: dict[str, tuple[str, str]] = {
    "untranslated": ("error", "the target is missing or empty"),
    "arabic": ("error", "Arabic script left in the target"),
    "numbers": ("error", "numbers differ between source and target"),
    # A warning: news translation often renders a term by a pronoun or a paraphrase.
    "glossary": ("warning", "a glossary term's English rendering is missing"),
    "forbidden": ("error", "a rendering the glossary forbids is used"),
    "punctuation": ("error", "Arabic punctuation (، ؛ ؟ ٪) in the English text"),
    "brackets": ("warning", "unbalanced brackets"),
    "quotes": ("warning", "unbalanced quotation marks"),
    "spaces": ("warning", "doubled, leading, trailing or stray spaces"),
    "inconsistent": ("warning", "the same source translated differently in the article"),
}


@dataclass
class Finding:
    """One problem in one segment's target."""

    segment: int
    check: str
    severity: str  # "error" | "warning"
    message: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def check_names(names: Iterable[str]) -> set[str]:
    """Validate check names given by the user (e.g. ``check --ignore``)."""
    chosen = {n.strip().lower() for n in names if n.strip()}
    unknown = sorted(chosen - set(CHECKS))
    if unknown:
        raise InputError(f"Unknown check {unknown[0]!r}: use one of {', '.join(CHECKS)}.")
    return chosen


def run_checks(
    store: Store,
    article_id: int,
    glossary: Glossary | None = None,
    *,
    ignore: Iterable[str] = (),
) -> list[Finding]:
    """Check every current segment of the article; findings in segment order, then in the
    order of :data:`CHECKS` (errors before warnings)."""
    skip = check_names(ignore)
    segments = store.segments(article_id)
    findings: list[Finding] = []
    for seg in segments:
        findings += check_segment(
            seg["source"], seg["target"], glossary=glossary, note=seg["note"], segment=seg["id"]
        )
    findings += _inconsistent(segments)
    order = {seg["id"]: i for i, seg in enumerate(segments)}
    names = list(CHECKS)
    findings = [f for f in findings if f.check not in skip]
    findings.sort(key=lambda f: (order.get(f.segment, 0), names.index(f.check)))
    return findings


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def check_segment(
    source: str,
    target: str | None,
    *,
    glossary: Glossary | None = None,
    note: str | None = None,
    segment: int = 0,
) -> list[Finding]:
    """All per-segment checks of one source/target pair (the review screen can call this live)."""
    ignored, paraphrased = parse_note(note)
    out: list[Finding] = []

    def add(check: str, message: str) -> None:
        if check not in ignored:
            out.append(Finding(segment, check, CHECKS[check][0], message))

    if target is None or not target.strip():
        add("untranslated", "Not translated yet: the target is empty.")
        return out
    for check, message in _arabic(target):
        add(check, message)
    for message in _numbers(source, target):
        add("numbers", message)
    if glossary is not None:
        for check, message in _glossary(source, target, glossary, paraphrased):
            add(check, message)
    for check, message in _balance(source, target):
        add(check, message)
    for message in _spaces(target):
        add("spaces", message)
    return out


# ---- segment notes ---------------------------------------------------------------------------

_MARKER = re.compile(r"(?:^|[;\n])\s*(ignore|paraphrase)\s*:([^;\n]*)", re.IGNORECASE)
ALL_TERMS = "*"


def parse_note(note: str | None) -> tuple[set[str], set[str]]:
    """The checks a note turns off and the glossary terms it marks as paraphrased.

    ``paraphrase:`` with no term gives ``{"*"}`` (every term of the segment).
    """
    ignored: set[str] = set()
    paraphrased: set[str] = set()
    for kind, rest in _MARKER.findall(note or ""):
        items = [x.strip() for x in re.split(r"[,،]", rest) if x.strip()]
        if kind.lower() == "ignore":
            ignored |= {x.lower() for x in items}
        else:
            paraphrased |= {_term_key(x) for x in items} or {ALL_TERMS}
    return ignored, paraphrased


# ---- script and punctuation ------------------------------------------------------------------

# Arabic letters, marks and digits, not the punctuation checked separately.
_AR = (
    "[\u0621-\u065f\u0660-\u0669\u066e-\u06d3\u06d5-\u06ff\u0750-\u077f\u08a0-\u08ff"
    "\ufb50-\ufdff\ufe70-\ufefc]"
)
_ARABIC_RUN = re.compile(f"{_AR}+(?:\\s+{_AR}+)*")
_ARABIC_PUNCT = {"،": "comma", "؛": "semicolon", "؟": "question mark", "٪": "percent sign",
                 "٫": "decimal separator", "٬": "thousands separator"}  # fmt: skip


def _arabic(target: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    runs = _ARABIC_RUN.findall(target)
    if runs:
        shown = ", ".join(f"«{r}»" for r in runs[:3]) + (" …" if len(runs) > 3 else "")
        out.append(("arabic", f"Arabic script left in the target: {shown}."))
    marks = [f"{ch} ({name})" for ch, name in _ARABIC_PUNCT.items() if ch in target]
    if marks:
        out.append(("punctuation", f"Arabic punctuation in the English text: {', '.join(marks)}."))
    return out


# ---- numbers ---------------------------------------------------------------------------------

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬٪", "01234567890123456789.,%")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_SCALES = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "الف": 10**3, "الاف": 10**3, "مليون": 10**6, "ملايين": 10**6, "مليار": 10**9,
    "مليارات": 10**9, "بليون": 10**9, "ترليون": 10**12, "تريليون": 10**12,
}  # fmt: skip


@dataclass(frozen=True)
class _Num:
    text: str  # canonical digits, e.g. "2.5"
    forms: frozenset[str]  # text plus the value a scale word gives it ("2500000")


def _canon(token: str) -> list[str]:
    if _THOUSANDS.fullmatch(token):
        token = token.replace(",", "")
    parts = [token] if token.count(".") == 1 and "," not in token else re.split(r"[.,]", token)
    out = []
    for part in parts:
        whole, _, frac = part.partition(".")
        whole = whole.lstrip("0") or "0"
        frac = frac.rstrip("0")
        out.append(f"{whole}.{frac}" if frac else whole)
    return out


def extract_numbers(text: str) -> list[str]:
    """The numbers in ``text`` as canonical ASCII strings (clitics, digit systems, ٫ ٬ handled)."""
    return [n.text for n in _numbers_in(text)]


def _numbers_in(text: str) -> list[_Num]:
    mapped = text.translate(_DIGITS)
    out: list[_Num] = []
    for m in _NUMBER.finditer(mapped):
        values = _canon(m.group())
        after = _fold(mapped[m.end() : m.end() + 16]).split()
        scale = _SCALES.get(_strip_clitics(after[0])) if after else None
        for i, value in enumerate(values):
            forms = {value}
            if scale and i == len(values) - 1:
                forms.add(_scaled(value, scale))
            out.append(_Num(value, frozenset(forms)))
    return out


def _scaled(value: str, scale: int) -> str:
    from decimal import Decimal

    return _canon(format(Decimal(value) * scale, "f"))[0]


def _numbers(source: str, target: str) -> list[str]:
    src, tgt = _numbers_in(source), _numbers_in(target)
    # Pair equal numbers first, then numbers equal once a scale word is applied (2.5 مليون ↔ 2,500,000).
    src_left, tgt_left = _pair(src, tgt, lambda a, b: a.text == b.text)
    src_left, tgt_left = _pair(src_left, tgt_left, lambda a, b: bool(a.forms & b.forms))
    # Numbers written out in words on the other side excuse a digit (ثلاثة ↔ 3, 5 ↔ five).
    src_words, tgt_words = arabic_number_words(source), english_number_words(target)
    missing = [n.text for n in src_left if not _take(tgt_words, n.forms)]
    extra = [
        n.text
        for n in tgt_left
        if not _take(src_words, n.forms) and not (n.text == "2" and _has_dual(source))
    ]
    parts = []
    if missing:
        parts.append(f"{', '.join(missing)} in the source missing from the target")
    if extra:
        parts.append(f"{', '.join(extra)} in the target not in the source")
    return [f"Numbers differ: {'; '.join(parts)}."] if parts else []


def _pair(a: list[_Num], b: list[_Num], same: Any) -> tuple[list[_Num], list[_Num]]:
    b_left = list(b)
    a_left = []
    for x in a:
        for i, y in enumerate(b_left):
            if same(x, y):
                del b_left[i]
                break
        else:
            a_left.append(x)
    return a_left, b_left


def _take(words: Counter[str], forms: frozenset[str]) -> bool:
    for form in forms:
        if words[form] > 0:
            words[form] -= 1
            return True
    return False


# Normalised Arabic number words (ة→ه, ى→ي, hamza forms → ا), cardinal and ordinal.
_AR_UNITS = {
    "واحد": 1, "واحده": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2,
    "اثني": 2, "اثنتا": 2, "اثنتي": 2, "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4,
    "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثمان": 8, "ثماني": 8,
    "ثمانيه": 8, "تسع": 9, "تسعه": 9,
}  # fmt: skip
_AR_OTHER = {
    "عشر": 10, "عشره": 10, "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30,
    "اربعون": 40, "اربعين": 40, "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60,
    "سبعون": 70, "سبعين": 70, "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
    "مئه": 100, "مائه": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200,
    "الف": 1000, "الفان": 2000, "الفين": 2000, "مليون": 10**6, "مليار": 10**9,
    "اول": 1, "اولي": 1, "ثاني": 2, "ثانيه": 2, "ثالث": 3, "ثالثه": 3, "رابع": 4,
    "رابعه": 4, "خامس": 5, "خامسه": 5, "سادس": 6, "سادسه": 6, "سابع": 7, "سابعه": 7,
    "ثامن": 8, "ثامنه": 8, "تاسع": 9, "تاسعه": 9, "عاشر": 10, "عاشره": 10,
    # Months, Levantine and Egyptian names: dates are often rewritten with digits.
    "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7, "اب": 8,
    "ايلول": 9, "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6,
    "يوليو": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
}  # fmt: skip
for _unit, _n in list(_AR_UNITS.items()):
    if _n >= 3:
        _AR_OTHER[_unit + "مئه"] = _AR_OTHER[_unit + "مائه"] = _n * 100
_TWO_WORD_MONTHS = {("تشرين", 1): 10, ("تشرين", 2): 11, ("كانون", 1): 12, ("كانون", 2): 1}


def arabic_number_words(text: str) -> Counter[str]:
    """Numbers written as Arabic words (ثلاثة, الخامس, خمسة عشر, آذار…) as canonical digits."""
    words = [_strip_clitics(w) for w in _fold(text).split()]
    found: Counter[str] = Counter()
    for i, word in enumerate(words):
        value = _AR_UNITS.get(word) or _AR_OTHER.get(word)
        if value is None:
            continue
        found[str(value)] += 1
        prev = words[i - 1] if i else ""
        if value == 10 and prev in _AR_UNITS:  # خمسة عشر = 15
            found[str(_AR_UNITS[prev] + 10)] += 1
        if value in (1, 2) and (prev, value) in _TWO_WORD_MONTHS:  # تشرين الثاني = 11
            found[str(_TWO_WORD_MONTHS[(prev, value)])] += 1
    return found


# Common duals, which say "two" without a number word (يومين = two days).
_DUALS = frozenset(
    f"{stem}{end}"
    for stem in (
        "يوم", "شهر", "عام", "سنت", "ساعت", "اسبوع", "دقيقت", "طفل", "شخص", "مرت", "رجل",
        "امرات", "جندي", "مدني", "عنصر", "قتيل", "صاروخ", "طائرت", "بلدت", "قريت", "مدينت",
    )
    for end in ("ين", "ان")
)  # fmt: skip


def _has_dual(source: str) -> bool:
    words = (w.strip(".,:;!?()[]«»\"'،؛؟") for w in _fold(source).split())
    return any(w.removeprefix("ال") in _DUALS or w.removeprefix("وال") in _DUALS for w in words)


def _numbered(words: str, first: int = 0, step: int = 1) -> dict[str, int]:
    """``"one two"`` → ``{"one": first, "two": first + step}``; ``_`` holds a place."""
    return {w: first + i * step for i, w in enumerate(words.split()) if w != "_"}


_EN_NUMBERS = _numbered(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
) | _numbered("twenty thirty forty fifty sixty seventy eighty ninety", 20, 10)
_EN_ORDINALS = _numbered(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth", 1
)
# "May" is left out: as a verb it is far more common than the month.
_EN_MONTHS = _numbered(
    "january february march april _ june july august september october november december", 1
)
_EN_SCALE = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9}


def english_number_words(text: str) -> Counter[str]:
    """Numbers written as English words (three, twenty-five, two hundred, fifth, March…)."""
    found: Counter[str] = Counter()
    total = current = 0
    in_run = False

    def close() -> None:
        nonlocal total, current, in_run
        if in_run:
            found[str(total + current)] += 1
        total = current = 0
        in_run = False

    for word in re.findall(r"[a-z]+", text.lower()):
        if word in _EN_NUMBERS:
            current += _EN_NUMBERS[word]
            found[str(_EN_NUMBERS[word])] += 1
            in_run = True
        elif word in _EN_SCALE and (in_run or word == "hundred"):
            scale = _EN_SCALE[word]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
            in_run = True
        elif word == "and" and in_run:
            continue
        else:
            close()
            value = _EN_ORDINALS.get(word) or _EN_MONTHS.get(word)
            if value is None and word == "dozen":
                value = 12
            if value is not None:
                found[str(value)] += 1
    close()
    return found


# ---- glossary --------------------------------------------------------------------------------

_PARENS = re.compile(r"\s*\(([^)]*)\)")
_ABBREVIATION = re.compile(r"(?i:\babbreviat\w*)\s*:?\s*([A-Z][A-Za-z0-9-]{1,11})\b")


def _glossary(
    source: str, target: str, glossary: Glossary, paraphrased: set[str]
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    target_words = _en_words(target)
    seen: set[str] = set()
    for hit in glossary.find(source):
        key = str(getattr(hit, "term", "") or hit.source)
        if key in seen:
            continue
        seen.add(key)
        term = getattr(hit, "term", None)
        if not hasattr(term, "forbidden"):
            term = glossary.lookup(key)
        rendering = str(getattr(hit, "target", "") or getattr(term, "target", "") or "")
        forbidden = tuple(getattr(term, "forbidden", ()) or ())
        options = _renderings(rendering)
        # A note such as "Abbreviation SDF" makes the abbreviation a rendering too.
        for abbr in _ABBREVIATION.findall(str(getattr(term, "note", "") or "")):
            if options and _en_seq(abbr) not in options:
                options.append(_en_seq(abbr))
        allowed_spans = [s for opt in options for s in _find_words(target_words, opt)]
        if (
            options
            and not allowed_spans
            and not _is_paraphrased(paraphrased, (hit.source, key, rendering))
        ):
            out.append(
                (
                    "glossary",
                    f"Glossary term «{hit.source}» should be rendered “{rendering}”; the target "
                    "does not have it (if paraphrased on purpose, add 'paraphrase: "
                    f"{key}' to the segment's note).",
                )
            )
        for bad in forbidden:
            spans = [
                span
                for span in _find_words(target_words, _en_seq(bad))
                if not any(a[0] <= span[0] and span[1] <= a[1] for a in allowed_spans)
            ]
            if spans:
                out.append(
                    (
                        "forbidden",
                        f"“{bad}” is a forbidden rendering of «{hit.source}»: use “{rendering}”.",
                    )
                )
    return out


def _is_paraphrased(marked: set[str], names: Sequence[str]) -> bool:
    if ALL_TERMS in marked:
        return True
    marked_en = {" ".join(_en_seq(m)) for m in marked} - {""}
    return any(_term_key(n) in marked or " ".join(_en_seq(n)) in marked_en for n in names if n)


def _renderings(rendering: str) -> list[list[str]]:
    """Word sequences that count as the rendering: alternatives split on / ; |, and a
    parenthesised abbreviation either way (“Syrian Democratic Forces (SDF)”)."""
    options: list[list[str]] = []
    for alt in re.split(r"[/;|]", rendering):
        inner = _PARENS.findall(alt)
        bare = _PARENS.sub("", alt)
        for text in (bare, *inner):
            seq = _en_seq(text)
            if seq and seq not in options:
                options.append(seq)
    return options


def _en_seq(text: str) -> list[str]:
    words = _en_words(text)
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return words


def _en_words(text: str) -> list[str]:
    """Lower-case words with possessives and plurals reduced (forces', force's, forces → force)."""
    words = re.findall(r"[0-9a-z]+(?:['’][a-z]+)?['’]?", _ascii_fold(text.lower()))
    return [_stem(w) for w in words]


def _stem(word: str) -> str:
    word = re.sub(r"['’](s)?$", "", word)
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if (len(word) > 4 and word.endswith("es") and word[-3] in "sxz") or word.endswith(
        ("ches", "shes")
    ):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _find_words(words: list[str], seq: list[str]) -> list[tuple[int, int]]:
    n = len(seq)
    if not n:
        return []
    return [(i, i + n) for i in range(len(words) - n + 1) if words[i : i + n] == seq]


def _ascii_fold(text: str) -> str:
    # Transliterations come with and without macrons and dots (Ḥamāh, Hamah).
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# ---- brackets, quotes, spaces ----------------------------------------------------------------

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


def _balance(source: str, target: str) -> list[tuple[str, str]]:
    # A quotation or parenthesis spanning sentences leaves both sides unbalanced: not an error.
    out = []
    brackets = _unbalanced_brackets(target)
    if brackets and not _unbalanced_brackets(source):
        out.append(("brackets", f"Unbalanced brackets in the target: {' '.join(brackets)}."))
    quotes = _unbalanced_quotes(target)
    if quotes and not _unbalanced_quotes(source):
        out.append(("quotes", f"Unbalanced quotation marks in the target: {' '.join(quotes)}."))
    return out


def _spaces(target: str) -> list[str]:
    out = []
    if target != target.strip():
        out.append("Leading or trailing space in the target.")
    if re.search(r"\S {2,}\S", target):
        out.append("Doubled space in the target.")
    if re.search(r"[\t\n\r\u00a0\u200b\u200e\u200f]", target):
        out.append("Tab, line break, no-break or invisible space in the target.")
    stray = re.search(r"(?<=\S) [,;:!?)\]]|(?<=\S) \.(?!\.\.)|[(\[] ", target)
    if stray:
        out.append(f"Space before punctuation or inside brackets: “{stray.group()}”.")
    return out


# ---- across the article ----------------------------------------------------------------------


def _inconsistent(segments: Sequence[dict[str, Any]]) -> list[Finding]:
    from translate_cli.memory import norm

    first: dict[str, dict[str, Any]] = {}
    out = []
    for seg in segments:
        target = " ".join((seg["target"] or "").split())
        if not target:
            continue
        key = norm(seg["source"])
        if key not in first:
            first[key] = seg
            continue
        other = first[key]
        if (
            " ".join((other["target"] or "").split()) != target
            and "inconsistent" not in (parse_note(seg["note"])[0])
        ):
            out.append(
                Finding(
                    seg["id"],
                    "inconsistent",
                    CHECKS["inconsistent"][0],
                    f"Same source as segment {other['id']}, translated differently: "
                    f"“{other['target']}”.",
                )
            )
    return out


# ---- Arabic helpers --------------------------------------------------------------------------

_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": None})
_HARAKAT = re.compile("[\u0610-\u061a\u064b-\u065f\u0670]")
_CLITICS = ("وبال", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")


def _term_key(text: str) -> str:
    from translate_cli.text.normalize import normalize

    return " ".join(normalize(text).split())


def _fold(text: str) -> str:
    """Arabic folded for word matching: no diacritics or tatweel, one alef, ة→ه, ى→ي; lower-case."""
    return _HARAKAT.sub("", text).translate(_FOLD).lower().strip()


def _strip_clitics(word: str) -> str:
    word = word.strip(".,:;!?()[]«»\"'،؛؟")
    for prefix in _CLITICS:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and (rest in _AR_UNITS or rest in _AR_OTHER or rest in _SCALES):
            return rest
    return word
