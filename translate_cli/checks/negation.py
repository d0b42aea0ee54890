"""The negation check (a warning): a negated Arabic source whose English says no "not".

A translation that drops ``لم`` publishes the opposite of the news. The source counts as
negated when it has a negation word (لم لن لا ليس ليست غير دون بدون عدم بلا لئلا كيلا, with
و ف ب ل attached; ألّا "that… not" when written with its hamza, unless it opens a clause or
comes before إن or وهو, where it is the interjection ألا), except in idioms that are not
negations (لا سيما "especially", لا يزال / لم يزل "still", لا بد "must", لا شك "no doubt",
غير أن "however", غير مرة "more than once", بلا شك "certainly", لا بأس "it is fine").
إلا written bare (الا) is the exception word, not ألّا. The target counts as negated when it
has any of the ways English says it: not, n't, no, never, without, nor, neither, none,
nothing, cannot, fail to, deny, refuse, reject, lack, absence, lest, un-/non-/in-/dis- words
and -less, "yet to", "no longer", "free of", "far from"… and, for some sources, what English
says instead: "only" for لا … إلا, "under"/"below" for دون, "other than"/"except"/"only" for
غير, "still"/"continued" for لم يتوقف, "at least" for لا يقل, "at most"/"only" for لا يتجاوز,
"still ongoing" for لم ينته, "left open" for لم يستبعد, "openly" for لم يخفِ, "NGO" for
منظمة غير حكومية, "smuggling" for غير شرعي.
"""

from __future__ import annotations

import re

from translate_cli.text.normalize import match_key

# In matching form (أ→ا, ى→ي, ة→ه).
_NEGATIONS = frozenset(
    {"لم", "لن", "لا", "ليس", "ليست", "لست", "لسنا", "ليسوا", "ليستا", "غير", "دون",
     "بدون", "عدم", "بلا", "لءلا", "كيلا", "لكيلا"}
)  # fmt: skip
# ألّا ("that not", أن + لا) has the matching form of إلا ("except"): told apart by its hamza.
_ALLA = "الا"
_SHOWN = {_ALLA: "ألا", "لءلا": "لئلا"}
# After the interjection ألا: ألا إن ("truly"), ألا وهو ("namely"), ألا يا ("O").
_NOT_ALLA = frozenset({"ان", "انه", "انها", "انهم", "وهو", "وهي", "يا", "ليت", "هل"})
_CLAUSE_END = tuple('.:;!?،؛؟«"“(—–-')
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
# Negation word → the words after it that make an idiom, not a negation.
_IDIOMS = {
    # لا يخفى "it is plain", لم يلبث "soon": English says them without a negation.
    "لا": {
        "سيما",
        "يزال",
        "تزال",
        "يزالون",
        "يزالان",
        "زال",
        "زالت",
        "بد",
        "شك",
        "ريب",
        "محاله",
        "يخفي",
        "تخفي",
        "باس",  # لا بأس: "it is fine"
    },
    "لم": {"يزل", "تزل", "يزالوا", "يلبث", "تلبث", "يلبثوا"},
    # غير أن "however" (not من غير أن "without"); غير مرة "more than once".
    "غير": {"ان", "انه", "انها", "انهم", "مره"},
    # بلا شك, دون شك: "no doubt", said as "certainly".
    "بلا": {"شك", "ريب"},
    "دون": {"شك", "ريب"},
}
_STOP_VERBS = frozenset(
    {"يتوقف", "تتوقف", "يتوقفوا", "توقف", "ينقطع", "تنقطع", "يهدا", "تهدا", "يتوان", "تتوان",
     "يكف", "تكف", "يكفوا", "يتراجع", "تتراجع", "ينفك", "تنفك", "ينفكون", "يتردد", "تتردد"}
)  # fmt: skip

_EN_NEGATION = re.compile(
    r"n['’]t\b|\b(?:not|no|never|without|nor|neither|none|nobody|nothing|nowhere|cannot|unable"
    r"|unless|absence|absent|lacks?|lacked|lacking|fail(?:s|ed|ing|ure|ures)?|den(?:y|ies|ied"
    r"|ying|ial|ials)|refus(?:e|es|ed|ing|al)|reject(?:s|ed|ing|ion)?|declin(?:e|es|ed|ing)"
    r"|avoid(?:s|ed|ing)?|prevent(?:s|ed|ing)?|ban(?:s|ned|ning)?|barred|halt(?:s|ed)?"
    r"|stop(?:s|ped|ping)?|yet\s+to|free\s+of|far\s+from|barely|hardly|rather\s+than|instead"
    r"|lest|boycott\w*|abstain\w*|abstention|stay(?:ed|s|ing)?\s+away|skip(?:s|ped|ping)?"
    r"|withh[eo]ld\w*|indispensab\w*|inevitab\w*|irrevers\w*|indiscriminat\w*|inexplicab\w*"
    r"|incompatib\w*|inconsisten\w*|insignifican\w*|intoleran\w*|invisib\w*|short[- ]lived"
    r"|non[- ]?(?!etheless)[a-z]+|illegal\w*|illegitima\w*|illicit|impossib\w*|imbalance"
    r"|inabilit\w*|inaccessib\w*|inaccura\w*|inadequa\w*|incapab\w*|incomplete|inconclusive"
    r"|incorrect\w*|indefinite\w*|indirect\w*|ineffective\w*|informal\w*|inhuman\w*|injustice"
    r"|insecur\w*|instabilit\w*|insufficien\w*|invalid\w*|irregular\w*|irrelevan\w*"
    r"|irresponsib\w*|disagree\w*|disapprov\w*|dishonest\w*|disorder\w*|distrust\w*|disregard\w*"
    r"|mistrust\w*|misinform\w*)\b|\b[a-z]+-free\b",
    re.IGNORECASE,
)
# un- words that are no negation.
_UN = re.compile(r"\bun[a-z]{3,}", re.IGNORECASE)
_NOT_UN = re.compile(
    r"un(?:der|it|ion|ivers|til|ique|iform|icef|esco|hcr|animous|veil|leash|fold|dergo)",
    re.IGNORECASE,
)
_LESS = re.compile(r"\b[a-z]{3,}less(?:ly|ness)?\b", re.IGNORECASE)
_NOT_LESS = frozenset({"nevertheless", "nonetheless", "regardless"})
# What English may say instead, by the source word that licenses it.
_INSTEAD = {
    "الا": re.compile(r"\b(?:only|just|merely|solely|sole|exclusively|alone|but)\b", re.I),
    "دون": re.compile(r"\b(?:under|below|less\s+than|fewer\s+than|short\s+of|beneath)\b", re.I),
    "غير": re.compile(
        r"\b(?:other|others|else|except|apart\s+from|aside\s+from|besides|beyond|but|only"
        r"|sole|solely)\b",
        re.I,
    ),
    "stop": re.compile(
        r"\b(?:still|continu\w*|remain\w*|persist\w*|kept|keep\w*|went\s+on|goes\s+on"
        r"|ongoing|unabated|relentless\w*|rag(?:e|ed|es|ing)|throughout|around\s+the\s+clock"
        r"|st(?:and|ands|anding|ood)\s+(?:by|firm)|stick(?:s|ing)?\s+(?:to|with)|stuck\s+(?:to|with)"
        r"|press(?:es|ed|ing)?\s+(?:on|ahead)|push(?:es|ed|ing)?\s+ahead|insist\w*|adamant"
        r"|quick\w*|swift\w*|readily|eager\w*|constant\w*|repeated\w*)\b",
        re.I,
    ),
}
# Negations English often says with another word: (negation words, the source word after
# them, the English that says it). لا يقل عن 30: "at least 30".
_PHRASES = [
    (
        frozenset({"لا", "لم", "لن", _ALLA}),
        re.compile(r"[يت]قل(?:وا|ون)?"),
        re.compile(
            r"\b(?:at\s+least|minimum|or\s+more|upwards\s+of|as\s+many\s+as|equally"
            r"|just\s+as|as\s+\w+\s+as)\b",
            re.I,
        ),
    ),
    (
        frozenset({"لا", "لم", "لن", _ALLA}),
        re.compile(r"[يت](?:تجاوز|تعدي|زيد)(?:وا|ون)?"),
        re.compile(
            r"\b(?:at\s+most|up\s+to|maximum|only|just|mere(?:ly)?|(?:less|fewer)\s+than"
            r"|under|below|within|as\s+few\s+as|barely)\b",
            re.I,
        ),
    ),
    (
        frozenset({"لم", "لا"}),
        re.compile(r"[يت](?:نته|نتهي|كتمل|نجز|حسم)"),
        re.compile(
            r"\b(?:still|ongoing|under\s*way|continu\w*|remain\w*|pending|in\s+progress"
            r"|unresolved|open)\b",
            re.I,
        ),
    ),
    (
        frozenset({"لم", "لا", "لن"}),
        re.compile(r"[يت]ستبعد(?:وا|ون)?"),
        re.compile(r"\b(?:possib\w*|open|could|may|might|likely|consider\w*)\b", re.I),
    ),
    (
        frozenset({"لم", "لن"}),
        re.compile(r"[يت]خف(?:ي|وا)?"),
        re.compile(
            r"\b(?:openly|frank\w*|candid\w*|plain\w*|admit\w*|acknowledg\w*|voic\w*"
            r"|express\w*|clear\w*)\b",
            re.I,
        ),
    ),
    (
        frozenset({"لا", "لن"}),
        re.compile(r"[يت]ستهان"),
        re.compile(
            r"\b(?:considerabl\w*|significant\w*|substantial\w*|sizeable|formidable)\b", re.I
        ),
    ),
    (
        frozenset({"لم", "لا"}),
        re.compile(r"[يت]كا?د(?:ون|وا)?"),
        re.compile(r"\b(?:as\s+soon\s+as|soon|scarcely|moments?|just|only|almost|nearly)\b", re.I),
    ),
    (
        frozenset({"لن", "لم", "لا"}),
        re.compile(r"[يت]صمد(?:ون|وا)?"),
        re.compile(r"\b(?:collaps\w*|fall\s+apart|crumbl\w*|break\s+down|short[- ]lived)\b", re.I),
    ),
    (
        frozenset({"لا", "لم"}),
        re.compile(r"[يت]خضع(?:ون|وا)?"),
        re.compile(r"\b(?:outside|beyond|free\s+from|independent\w*)\b", re.I),
    ),
    (
        frozenset({"عدم"}),
        re.compile(r"(?:ال|بال)?مساس"),
        re.compile(
            r"\b(?:respect\w*|inviolab\w*|preserv\w*|protect\w*|safeguard\w*|uphold\w*)\b", re.I
        ),
    ),
    (
        frozenset({"غير"}),
        re.compile(r"(?:ال)?حكومي\w*"),
        re.compile(r"\b(?:NGOs?|INGOs?|civil\s+society|charit\w*|voluntary)\b", re.I),
    ),
    (
        frozenset({"غير"}),
        re.compile(r"(?:ال)?(?:شرعي|قانوني|مشروع|نظامي|مرخص)\w*"),
        re.compile(
            r"\b(?:smuggl\w*|traffick\w*|contraband|black[- ]market|undocumented|bootleg\w*"
            r"|counterfeit\w*|unlawful\w*)\b",
            re.I,
        ),
    ),
]
_PUNCT = ".,:;!?()[]{}«»\"'“”‘’،؛؟…-–—"


def _words(source: str) -> list[tuple[str, str]]:
    """The source's words as (written form without harakat, matching form), punctuation
    kept on the written form (it tells where a clause starts)."""
    out = []
    for raw in source.split():
        norm = match_key(raw).strip(_PUNCT)
        if norm:
            out.append((_MARKS.sub("", raw), norm))
    return out


def _negation_word(word: str, raw: str = "") -> str:
    """The negation a source word is (with its proclitics taken off), or "". ``raw`` is the
    written word: الا is ألّا only when written with its hamza."""
    for cut in (0, 1, 2):
        rest = word[cut:]
        if cut and not all(c in "وفبلك" for c in word[:cut]):
            break
        if rest in _NEGATIONS:
            return rest
        if rest == _ALLA and raw.strip(_PUNCT)[cut:].startswith("أ"):
            return rest
    return ""


def negations(source: str) -> list[tuple[str, str]]:
    """The source's negations as (negation word, the word after it), idioms left out."""
    words = _words(source)
    out = []
    for i, (raw, word) in enumerate(words):
        neg = _negation_word(word, raw)
        if not neg:
            continue
        following = words[i + 1][1] if i + 1 < len(words) else ""
        if following in _IDIOMS.get(neg, ()) and not (
            neg == "غير" and (word.lstrip("وف") != neg or (i and words[i - 1][1] == "من"))
        ):
            continue  # not بغير أن, من غير أن: "without"
        if neg == _ALLA and (
            i == 0 or words[i - 1][0].endswith(_CLAUSE_END) or following in _NOT_ALLA
        ):
            continue  # the interjection: ألا إن الحرية…, «ألا تستحق…؟»
        out.append((neg, following))
    return out


def english_negated(target: str, licences: frozenset[str] | set[str] = frozenset()) -> bool:
    """Whether the English says a negation (or what ``licences`` let it say instead)."""
    if _EN_NEGATION.search(target):
        return True
    if any(not _NOT_UN.match(m.group()) for m in _UN.finditer(target)):
        return True
    if any(m.group().lower() not in _NOT_LESS for m in _LESS.finditer(target)):
        return True
    return any(_INSTEAD[k].search(target) for k in licences if k in _INSTEAD)


def negation_findings(source: str, target: str) -> list[str]:
    """A warning when the source is negated and the target is not."""
    found = negations(source)
    if not found:
        return []
    # دون licenses "under"/"below" only as a preposition (دون سن 18), not in دون أن "without".
    licences = {neg for neg, following in found if not (neg == "دون" and following == "ان")}
    words = _words(source)
    if any(w == "سوي" or (w == "الا" and not _negation_word(w, raw)) for raw, w in words):
        licences.add("الا")  # إلا, "except": "only"
    if any(following in _STOP_VERBS for _, following in found):
        licences.add("stop")
    if english_negated(target, licences):
        return []
    if any(
        neg in negs and after.fullmatch(following) and english.search(target)
        for neg, following in found
        for negs, after, english in _PHRASES
    ):
        return []
    shown = " ".join(f"«{_SHOWN.get(neg, neg)}»" for neg in dict.fromkeys(n for n, _ in found))
    return [
        f"The source is negated ({shown}) but the target has no negation (not, no, never, "
        "without…): check that the meaning is not reversed."
    ]
