"""Arabic-aware sentence segmentation of one block (title, heading or paragraph).

Every segment is an exact slice of the block's text with only the surrounding whitespace
left out, so ``text[start:end]`` for each span of ``sentence_spans`` is the segment and the
gaps between spans are whitespace only.

A segment ends after a run of terminators (``. ! ? ؟ …`` or ``...``; runs such as ``؟!`` stay
together) plus any closing quotes or brackets (``» ” " ’ ' ) ]``, kept with the sentence),
when what follows is whitespace, an opening ``«``, ``“`` or ``"``, or an Arabic letter straight away
(scraped Arabic often drops the space: ``في حلب.وأعلنت``). A line break or a spaced inline
bullet (``•``) also ends a segment. Not a break:

* a period after an abbreviation (``ARABIC_ABBREVIATIONS``, ``ENGLISH_ABBREVIATIONS``), except
  an era or currency marker right after a number (``عام 1936م.``, ``150 ألف ل.س.``), whose
  period is the full stop too (``AFTER_NUMBER_MARKERS``); after
  any lone Arabic letter, since no Arabic word is one letter long (``د.``, ``أ.ف.ب``, ``ق.م``,
  the list label ``ب.``); after a lone capital Latin initial (``J. Smith``) or a letter of a
  dotted Latin initialism (``U.N.``, ``e.g.``); after a Latin word when a lower-case Latin word
  follows (``Inc. said``);
* periods inside numbers, dates, URLs, e-mail addresses and domains (``2.5``, ``2024.11.30``,
  ``syria.tv``): what follows them is a digit or Latin letter, or they are masked as links;
* a list number (``1. النقطة الأولى``): a period that would leave a segment without a letter
  never breaks, nor ``1.`` after a colon, nor ``n+1.`` after list item ``n.``;
* the Arabic comma ``،``, semicolon ``؛`` and colon;
* a terminator closing a short quotation or parenthesis in mid-sentence
  (``برنامج «ماذا بعد؟» الذي``): at most ``SHORT_QUOTE_WORDS`` words, opened after a word
  and not after a colon.

Ellipses (``…``, ``...`` and the Arabic ``..``) never end a title or heading: headlines use
``X… Y`` as a dash. In a paragraph an ellipsis ends a sentence only when whitespace follows it
outside any open quotation or bracket; an ellipsis glued to the next word, inside a quotation,
or right before the closing quote (``«سنعود…» قال``) is a pause in the same sentence, since
Arabic reporting so often continues after a trailing quotation.

Known trade-offs (a missed break costs the translator less than a broken sentence):
a sentence ending in an abbreviation (``U.S.``) is joined to the next, and so is one ending in a
lone letter (``فيتامين د.``, ``الخطة ب.``); ``إلخ.`` (etc.)
is treated as a sentence end; a marker after a number followed by more of the same sentence
(``عام 300 ق.م. بنيت``, rarely written with the period) breaks it; a short quotation closed by a terminator without a colon before it
(``وقال «لن نتراجع.» ثم غادر``) is read as a quoted title and kept in its sentence.
"""

from __future__ import annotations

import bisect
import functools
import re

from translate_cli.text.arabic import BIDI_CONTROLS, DIACRITICS, LETTERS, TATWEEL
from translate_cli.text.normalize import match_key

KINDS = frozenset({"title", "heading", "paragraph", "list_item", "caption"})
_HEADLINES = frozenset({"title", "heading"})  # the rest split into sentences like paragraphs

#: Arabic abbreviations written with a closing period, as they stand before it. Every lone
#: letter is taken as an abbreviation anyway; the common ones are listed for their meanings.
#: Dotted forms such as ``أ.د.``, ``ق.م`` or ``ل.س`` are covered letter by letter. Add new ones here.
ARABIC_ABBREVIATIONS = frozenset(
    {
        "د",  # دكتور (Dr.)
        "م",  # مهندس (Eng.), ميلادي (AD, after a year), مساءً (p.m.)
        "أ",  # أستاذ (Prof./Mr.), also أ.د. (أستاذ دكتور)
        "ا",  # أستاذ written without hamza
        "ص",  # صفحة (page), صباحًا (a.m.)
        "ج",  # جزء (volume, part)
        "ت",  # توفي (died), تلفون (tel.)
        "ق",  # قبل (ق.م, BC), قرن (century)
        "ه",  # هجري (AH)
        "هـ",  # هجري with tatweel, the usual spelling
        "ط",  # طبعة (edition)
        "ع",  # عدد (issue)
        "س",  # سنة (year), سؤال (question)
        "ش",  # شارع (street)
        "مج",  # مجلد (volume)
        "تح",  # تحقيق (edited by)
    }
)

#: Era and currency markers (م ميلادي, هـ هجري, ق.م, ل.س ليرة سورية): after a number, their period
#: is also the sentence's full stop, since mid-sentence they are written without one.
AFTER_NUMBER_MARKERS = frozenset({"م", "ه", "هـ", "س"})

#: English abbreviations met in Arabic news (names of people, firms and places in Latin script).
#: Matched exactly, case included; dotted forms (U.S., e.g., a.m.) need no entry.
ENGLISH_ABBREVIATIONS = frozenset(
    {
        *("Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St", "Mt", "Rev", "Hon", "Fr"),
        *("Gen", "Lt", "Col", "Maj", "Capt", "Cmdr", "Adm", "Sgt", "Cpl", "Brig"),
        *("Gov", "Sen", "Rep", "Pres", "Amb", "Sec", "Dept", "Univ"),
        *("Inc", "Ltd", "Co", "Corp", "Bros", "Assn"),
        *("No", "Nos", "Vol", "vol", "pp", "p", "ed", "eds", "Fig", "fig", "approx"),
        *("vs", "cf", "ca", "al"),
        *("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"),
    }
)

#: A terminator closing a quotation or parenthesis of at most this many words, opened in
#: mid-sentence, does not end the sentence (a quoted programme, book or slogan).
SHORT_QUOTE_WORDS = 5

_TERMINATORS = ".!?؟…۔‼⁇⁈⁉"
_CLOSERS = "»”\"’')]}"
_OPENERS = "«([{"  # “ and ” are paired apart: Arabic text uses them in both orders
_MATCHING_OPENER = {"»": "«", ")": "(", "]": "[", "}": "{"}
# Bidi controls that scraped Arabic carries around punctuation; they stay with the sentence.
_MARKS = "".join(sorted(BIDI_CONTROLS))
_TRAILING = _CLOSERS + _MARKS + "“"  # what may follow terminators and stay with the sentence
_TRAILERS = frozenset(_TRAILING)
_ARABIC_LETTER = re.compile(f"[{LETTERS}]")
_LETTER = re.compile(r"[^\W\d_]")
_ALNUM = re.compile(r"[^\W_]")
_DIACRITICS = DIACRITICS
_DROP_DIACRITICS = dict.fromkeys(map(ord, _DIACRITICS))
_TATWEEL = TATWEEL
_BULLETS = "•●▪◦"

# Terminator runs that may end a sentence (what follows them, past closing marks, is a space,
# an opening quotation mark or an Arabic letter; so not "2.5" or "syria.tv"), and the single
# characters that open or close quotations or end lines.
_EVENTS = re.compile(
    rf"[{re.escape(_TERMINATORS)}]+"
    rf"(?=[{re.escape(_TRAILING)}]*(?:\s|[«“\"]|{_ARABIC_LETTER.pattern}))"
    rf"|[\n{_BULLETS}«»“”()\[\]{{}}\"]"
)
_QUOTES = frozenset('«»“”()[]{}"')
# Links whose periods and question marks are not sentence ends; trailing punctuation is trimmed.
_LINKS = re.compile(
    r"(?:https?://|www\.)[^\s«»“”\"<>()\[\]]+"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/[^\s«»“”\"<>()\[\]]*"
)
_LINK_HINT = re.compile(r"[A-Za-z0-9][.@][A-Za-z]|://")
_LINK_TAIL = ".,;:!?؟…»”\"'’)]،؛"


def split_sentences(text: str, kind: str = "paragraph") -> list[str]:
    """The sentence segments of one block, each an exact substring of ``text``.

    ``kind`` is "title", "heading" or "paragraph"; an empty or blank ``text`` gives ``[]``.
    """
    return [text[start:end] for start, end in sentence_spans(text, kind)]


def sentence_spans(text: str, kind: str = "paragraph") -> list[tuple[int, int]]:
    """(start, end) offsets of the segments of ``text``; the gaps between them are whitespace."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {sorted(KINDS)}, not {kind!r}")
    size = len(text)
    start = _skip_space(text, 0)
    if start >= size:
        return []
    headline = kind in _HEADLINES
    links = _link_spans(text)
    link_starts = [s for s, _ in links]
    spans: list[tuple[int, int]] = []
    stack: list[tuple[int, str]] = []  # open quotations and brackets: (offset, character)
    last_item = 0  # the number of the last list item seen ("1." "2." ...), 0 for none
    for m in _EVENTS.finditer(text):
        pos = m.start()
        char = text[pos]
        if char in _QUOTES:
            _track_quote(stack, char, pos)
            continue
        if pos < start:  # closers already given to the previous segment
            continue
        if char == "\n" or char in _BULLETS:
            if char == "\n":
                stack.clear()
            elif not (text[pos - 1 : pos].isspace() and text[pos + 1 : pos + 2].isspace()):
                continue  # only a bullet standing between spaces starts an item
            if _LETTER.search(text, start, pos):
                spans.append((start, _trim_end(text, start, pos)))
                start = _skip_space(text, pos + 1 if char == "\n" else pos)
            continue
        if _in_links(links, link_starts, pos):
            continue
        run = m.group()
        end, closed_by = _consume_closers(text, m.end(), stack)
        if end >= size:
            break
        follower = text[end]
        spaced = follower.isspace()
        # Glued to the next sentence: an Arabic letter or an opening quotation mark.
        glued = not spaced and (follower in '«“"' or _ARABIC_LETTER.match(follower) is not None)
        if not (spaced or glued):
            continue
        if run == ".":
            verdict, last_item = _period_breaks(text, pos, end, start, last_item)
            if not verdict:
                continue
        elif set(run) <= {".", "…"} and (headline or glued or closed_by or stack):
            continue  # an ellipsis: a pause, not an end (see the module notes)
        if closed_by and _short_quote(text, start, stack, pos):
            continue
        if not _LETTER.search(text, start, pos):
            continue  # leading punctuation or a list number: no segment without words
        spans.append((start, end))
        start = _skip_space(text, end)
        if start >= size:
            break
    if start < size:
        spans.append((start, _trim_end(text, start, size)))
    if not headline and ":" in text:
        spans = [piece for span in spans for piece in _subheading(text, *span)]
    return _merge_wordless(text, spans)


def _skip_space(text: str, pos: int) -> int:
    size = len(text)
    while pos < size and text[pos].isspace():
        pos += 1
    return pos


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _link_spans(text: str) -> list[tuple[int, int]]:
    if not _LINK_HINT.search(text):
        return []  # the common case: Arabic prose with no Latin-script address
    spans = []
    for m in _LINKS.finditer(text):
        link = m.group().rstrip(_LINK_TAIL)
        spans.append((m.start(), m.start() + len(link)))
    return spans


def _in_links(links: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and pos < links[i][1]


def _track_quote(stack: list[tuple[int, str]], char: str, pos: int) -> None:
    """Push an opening quotation mark or bracket, pop the one a closing mark matches."""
    top = stack[-1][1] if stack else ""
    if char == '"':
        if top == '"':
            stack.pop()
        else:
            stack.append((pos, char))
    elif char in "“”":
        # Arabic keyboards give both orders, “…” and ”…“: the other mark closes.
        # ”…” also serves as a plain pair.
        if (top and top in "“”" and top != char) or top == char == "”":
            stack.pop()
        else:
            stack.append((pos, char))
    elif char in _OPENERS:
        stack.append((pos, char))
    elif any(opener == _MATCHING_OPENER.get(char) for _, opener in stack):
        while stack and stack.pop()[1] != _MATCHING_OPENER[char]:
            pass


def _consume_closers(text: str, pos: int, stack: list[tuple[int, str]]) -> tuple[int, bool]:
    """The end of a sentence whose terminators end at ``pos``, and whether a quote closes it."""
    size = len(text)
    if pos >= size or text[pos] not in _TRAILERS:
        return pos, False
    closed = False
    open_chars = [char for _, char in stack]
    while pos < size:
        char = text[pos]
        if char in _MARKS or char in "’'":
            pass
        elif char == '"':
            if '"' not in open_chars:
                break  # an opening mark: it belongs to the next sentence
            closed = True
        elif char in _CLOSERS or (char == "“" and "”" in open_chars):
            closed = True
        else:
            break
        pos += 1
    return pos, closed


def _word_before(text: str, pos: int) -> tuple[str, int]:
    """The letters (diacritics dropped) right before ``pos``, and where they start."""
    i = pos
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] in _DIACRITICS):
        i -= 1
    return text[i:pos].translate(_DROP_DIACRITICS), i


def _is_lone_letter(word: str) -> bool:
    return len(word.replace(_TATWEEL, "")) == 1


def _period_breaks(text: str, pos: int, end: int, start: int, last_item: int) -> tuple[bool, int]:
    """Whether the single period at ``pos`` ends a sentence, and the updated list-item count."""
    word, word_start = _word_before(text, pos)
    if word:
        bare = word.replace(_TATWEEL, "")
        if bare in AFTER_NUMBER_MARKERS and _follows_number(text, word_start):
            return True, last_item  # "عام 1936م." / "150 ألف ل.س.": the marker closes the sentence
        if word in ARABIC_ABBREVIATIONS or word in ENGLISH_ABBREVIATIONS:
            return False, last_item
        if bare in ARABIC_ABBREVIATIONS:
            return False, last_item
        # No Arabic word is one letter long: a lone letter is an abbreviation, an initial or a
        # list label (أ. ب. ج.); so is a Latin capital (J. Smith) or a dotted letter (U.N.).
        if _is_lone_letter(word) and (
            not word.isascii() or word.isupper() or _in_dotted_chain(text, word_start, pos)
        ):
            return False, last_item
        if word.isascii():
            nxt = _skip_space(text, end)
            if nxt < len(text) and text[nxt].isascii() and text[nxt].islower():
                return False, last_item  # "... Inc. said", "approx. five"
        return True, last_item
    number = _number_before(text, pos)
    if number is None:
        return True, last_item
    value, number_start = number
    before = text[start:number_start]
    if not _LETTER.search(before):
        return False, value  # a list item at the start of the segment
    if value == 1 and before.rstrip().endswith(":"):
        return False, 1  # "وهي: 1. ..."
    if last_item and value == last_item + 1 and before[-1:].isspace():
        return False, value
    return True, last_item


_SCALE_WORDS = ("ألف", "آلاف", "الف", "مليون", "ملايين", "مليار", "مليارات")


def _follows_number(text: str, word_start: int) -> bool:
    """Whether the abbreviation starting at ``word_start`` follows a number ("150 ألف ل.س")."""
    i = word_start
    while i > 1 and text[i - 1] == "." and text[i - 2].isalpha() and word_start - i < 4:
        i -= 2  # back over a dotted chain such as ل.س or ق.م
    head = text[max(0, i - 20) : i].rstrip()
    for scale in _SCALE_WORDS:
        if head.endswith(scale):
            head = head[: -len(scale)].rstrip()
            break
    return bool(head) and head[-1].isdecimal()


def _in_dotted_chain(text: str, word_start: int, pos: int) -> bool:
    """Whether the lone letter before ``pos`` is one of a dotted initialism: أ.ف.ب, ق.م, U.N."""
    if word_start >= 2 and text[word_start - 1] == "." and text[word_start - 2].isalpha():
        return True
    after, after_end = _word_after(text, pos + 1)
    return bool(after) and _is_lone_letter(after) and not text[after_end : after_end + 1].isalpha()


def _word_after(text: str, pos: int) -> tuple[str, int]:
    i = pos
    size = len(text)
    while i < size and (text[i].isalpha() or text[i] in _DIACRITICS):
        i += 1
    return text[pos:i].translate(_DROP_DIACRITICS), i


def _number_before(text: str, pos: int) -> tuple[int, int] | None:
    i = pos
    while i > 0 and text[i - 1].isdecimal():
        i -= 1
    if i == pos or pos - i > 3 or (i > 0 and (text[i - 1].isalpha() or text[i - 1] in ".,٫/:-")):
        return None  # not a short free-standing number (2.5, 14:30 and 2011م are no list numbers)
    return int(text[i:pos]), i


def _short_quote(text: str, start: int, stack: list[tuple[int, str]], pos: int) -> bool:
    """Whether the quotation or bracket the terminator at ``pos`` closes is a short mid-sentence one."""
    if not stack:
        return False
    opened = stack[-1][0]
    if opened < start:
        return False  # opened in an earlier segment: a long quotation
    if len(text[opened + 1 : pos].split()) > SHORT_QUOTE_WORDS:
        return False
    before = text[start:opened].rstrip()
    return bool(_LETTER.search(before)) and not before.endswith(":")


#: How many words a scraped subheading glued to its paragraph by a colon may have.
SUBHEADING_WORDS = (2, 8)
#: Words that make the text before a colon part of the sentence (a quotation's introduction,
#: a list's label) rather than a subheading (compared in matching form, also after و or ف).
_INTRODUCER_WORDS = (
    "قال قالت يقول تقول قالوا أضاف أضافت يضيف تضيف تابع تابعت أكد أكدت يؤكد تؤكد أوضح "
    "أوضحت يوضح أشار أشارت يشير ذكر ذكرت يذكر صرح صرحت كتب كتبت يكتب أعلن أعلنت جاء "
    "بين بينت لفت لفتت شدد شددت نقل نقلت ختم ختمت اعتبر اعتبرت رأى رأت أفاد أفادت أردف "
    "أردفت تساءل تساءلت سأل سألت أجاب أجابت غرد غردت نشر نشرت دعا دعت طالب طالبت حذر "
    "حذرت يلي التالي التالية الآتي الآتية كالتالي كالآتي هي هو هم وهي منها أبرزها أبرز "
    "يشمل تشمل تتضمن يتضمن تضمن تضمنت مثل بيان البيان تغريدة منشور حسابه حسابها مفاده "
    "نصه فيه فيها بالقول قائلا قائلة مضيفا مضيفة موضحا موضحة مؤكدا مؤكدة مشيرا مشيرة "
    "معتبرا معتبرة متسائلا هنا وهنا رد ردت يرد علق علقت يعلق نفى نفت ينفي اعترف اعترفت "
    "ناشد ناشدت طلب طلبت وصف وصفت اختتم اختتمت استدرك روى روت قوله قولها أهم المطلوب "
    "عنوان بعنوان عنوانه عنوانها"
)
COLON_INTRODUCERS = frozenset(_INTRODUCER_WORDS.split())
#: Words of a label line that are not subheadings: a photo caption's or source's label, a
#: time stamp, a byline (``في الصورة:``, ``مصدر الخبر:``, ``تاريخ النشر:``, ``تقرير مراسلنا:``).
_LABEL_WORDS = (
    "الصورة صورة الصور مصدر المصدر المصادر تحديث التحديث النشر نشر تاريخ موعد مواعيد "
    "الموعد المواعيد تصوير إعداد تحرير ترجمة بقلم مراسل مراسلنا مراسلة مراسلتنا للتواصل "
    "ملاحظة تنويه هامش"
)
#: Months (Syriac and Latin-derived names) and weekdays: a head holding one is a dateline
#: (``دمشق 12 آذار 2025:``, ``درعا الثلاثاء:``), not a subheading.
_DATE_WORDS = (
    "كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين يناير فبراير مارس أبريل إبريل "
    "ابريل مايو يونيو يونيه يوليو يوليه أغسطس اغسطس سبتمبر أكتوبر اكتوبر نوفمبر ديسمبر "
    "الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت"
)
COLON_LABELS = frozenset(_LABEL_WORDS.split()) | frozenset(_DATE_WORDS.split())


@functools.lru_cache(maxsize=4)
def _introducer_keys(words: frozenset[str]) -> frozenset[str]:
    return frozenset(match_key(w) for w in words)


_HEADING_STOPS = frozenset('،,؛;.!?؟«»"“”()[]{}-–—…')
_QUOTE_PAIRS = {"«": "»", '"': '"', "“": "”", "”": "“"}
# Words that may follow a definite noun inside a heading without making it a sentence
# ("الأوضاع في المخيمات"); any other indefinite word makes it a predicate ("السبب واضح").
_PREPOSITION_WORDS = (
    "في من على إلى الى عن مع بين بعد قبل حول ضد تحت فوق عند لدى نحو منذ خلال دون بلا "
    "حتى أمام وراء عبر"
)
_PREPOSITIONS = frozenset(match_key(w) for w in _PREPOSITION_WORDS.split())
_QUESTION_WORDS = frozenset({"ما", "من", "ماذا"})
_PRONOUNS = frozenset({"هي", "هو", "هم"})
# A first word saying the text after the colon is spoken in the first person: a quotation.
_FIRST_PERSON = frozenset(match_key(w) for w in ("نحن", "إننا", "أنا", "لدينا", "لقد", "إني"))


def _subheading(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A scraped subheading glued to its paragraph by a colon (``الوضع الميداني: قالت مصادر
    محلية إن …``, ``«الخبز أولاً»: أطلقت …``) split off as its own segment; otherwise the span
    as it is.

    The text before the colon must look like a heading: a few words, no punctuation (a whole
    quotation is allowed), no verb of saying or list label (``وقال المتحدث:``, ``وتشمل المطالب:``,
    ``تقرير بعنوان …:``), no label of a caption, source, time stamp or byline (``في الصورة:``,
    ``تاريخ النشر:``), no month or weekday (a dateline, ``دمشق 12 آذار:``), not opening with
    a conjunction before a definite noun (``والنتيجة كانت …:``) nor a predicate after one
    (``السبب واضح:``). What follows must be a whole sentence: it starts with a letter, not a
    list label (``أ.``) nor a first-person word (``نحن``, ``سجلنا``: a quotation), is no list
    of names joined by و (most of its words start with it), has five words or more and ends
    with a full stop or a question or exclamation mark.
    """
    colon = text.find(":", start, end)
    if colon < 0:
        return [(start, end)]
    head = text[start:colon].strip()
    words = head.split()
    low, high = SUBHEADING_WORDS
    if not low - (head[:1] in _QUOTE_PAIRS) <= len(words) <= high:
        return [(start, end)]
    quoted = len(head) > 2 and _QUOTE_PAIRS.get(head[0]) == head[-1]
    bare = head[1:-1] if quoted else head  # a quoted heading: «الخبز أولاً»
    if any(ch in _HEADING_STOPS for ch in bare) or not _LETTER.search(bare):
        return [(start, end)]
    rest = _skip_space(text, colon + 1)
    if rest >= end or not _LETTER.match(text[rest]):
        return [(start, end)]
    body = text[rest:end].rstrip(_TRAILING + " ")
    body_words = body.split()
    if len(body_words) < 5 or not body or body[-1] not in _TERMINATORS:
        return [(start, end)]
    first = body_words[0]
    if _is_lone_letter(first.rstrip(".)")) and first[-1:] in ".)":
        return [(start, end)]  # a list: "الشروط: أ. شهادة ب. خبرة"
    if 2 * sum(word[:1] == "و" for word in body_words[1:]) > len(body_words) - 1:
        return [(start, end)]  # a list of names: "المحافظات: دمشق وحمص وحماة واللاذقية"
    key = match_key(first)
    if key in _FIRST_PERSON or (len(key) >= 4 and key.endswith("نا")):
        return [(start, end)]  # spoken: "وزارة الصحة: سجلنا ارتفاعاً"
    if not _heading_words(bare.split(), quoted):
        return [(start, end)]
    return [(start, colon + 1), *_subheading(text, rest, end)]


def _heading_words(words: list[str], quoted: bool = False) -> bool:
    """Whether the words before a colon can be a subheading (see :func:`_subheading`); a
    quoted title or slogan may be a predicate (``«الخبز أولاً»``)."""
    introducers = _introducer_keys(COLON_INTRODUCERS)
    labels = _introducer_keys(COLON_LABELS)
    keys: list[str] = []
    for word in words:
        key = match_key(word)
        keys.append(key)
        if key in _PRONOUNS and len(keys) > 1 and keys[-2] in _QUESTION_WORDS:
            continue  # "ما هي خيارات الحكومة:" asks a question
        stem = key[1:] if key[:1] in "وف" else key
        if key in introducers or stem in introducers or key in labels or stem in labels:
            return False
    first = keys[0]
    if first[:3] in ("وال", "فال"):
        return False  # "والنتيجة كانت كارثية:" continues a sentence
    if not quoted and len(keys) > 1 and first.startswith("ال") and len(first) > 3:
        second = keys[1]
        if not (
            second.startswith(("ال", "وال", "بال", "لل", "كال"))
            or second in _PREPOSITIONS
            or second[:1].isdecimal()
        ):
            return False  # "السبب واضح:", "الرسالة وصلت:": a predicate, so a sentence
    return True


def _merge_wordless(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join segments with neither letters nor digits (a stray "***" or emoji) to a neighbour."""
    if len(spans) < 2:
        return spans
    merged: list[tuple[int, int]] = []
    pending: int | None = None  # start of wordless segments before the first worded one
    for s, e in spans:
        if _ALNUM.search(text, s, e):
            if pending is not None:
                s, pending = pending, None
            merged.append((s, e))
        elif merged:
            merged[-1] = (merged[-1][0], e)
        elif pending is None:
            pending = s
    if pending is not None:  # nothing worded at all
        merged.append((pending, spans[-1][1]))
    return merged
