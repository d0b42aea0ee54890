"""The negation check (a warning): a negated Arabic source whose English says no "not".

A translation that drops ``لم`` publishes the opposite of the news. The source counts as
negated when it has a negation word (لم لن لا ليس ليست غير دون بدون عدم بلا, with و ف ب ل
attached), except in idioms that are not negations (لا سيما "especially", لا يزال / لم يزل
"still", لا بد "must", لا شك "no doubt", غير أن "however"). The target counts as negated when
it has any of the ways English says it: not, n't, no, never, without, nor, neither, none,
nothing, cannot, fail to, deny, refuse, reject, lack, absence, un-/non-/in-/dis- words and
-less, "yet to", "no longer", "free of", "far from"… and, for some sources, what English says
instead: "only" for لا … إلا, "under"/"below" for دون, "other than"/"except" for غير,
"still"/"continued" for لم يتوقف.
"""

from __future__ import annotations

import re

from translate_cli.text.normalize import match_key

# In matching form (أ→ا, ى→ي, ة→ه).
_NEGATIONS = frozenset(
    {"لم", "لن", "لا", "ليس", "ليست", "لست", "لسنا", "ليسوا", "ليستا", "غير", "دون",
     "بدون", "عدم", "بلا"}
)  # fmt: skip
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
    },
    "لم": {"يزل", "تزل", "يزالوا", "يلبث", "تلبث", "يلبثوا"},
    "غير": {"ان", "انه", "انها", "انهم"},
}
_STOP_VERBS = frozenset(
    {"يتوقف", "تتوقف", "يتوقفوا", "توقف", "ينقطع", "تنقطع", "يهدا", "تهدا", "يتوان", "تتوان",
     "يكف", "تكف", "يكفوا", "يتراجع", "تتراجع"}
)  # fmt: skip

_EN_NEGATION = re.compile(
    r"n['’]t\b|\b(?:not|no|never|without|nor|neither|none|nobody|nothing|nowhere|cannot|unable"
    r"|unless|absence|absent|lacks?|lacked|lacking|fail(?:s|ed|ing|ure|ures)?|den(?:y|ies|ied"
    r"|ying|ial|ials)|refus(?:e|es|ed|ing|al)|reject(?:s|ed|ing|ion)?|declin(?:e|es|ed|ing)"
    r"|avoid(?:s|ed|ing)?|prevent(?:s|ed|ing)?|ban(?:s|ned|ning)?|barred|halt(?:s|ed)?"
    r"|stop(?:s|ped|ping)?|yet\s+to|free\s+of|far\s+from|barely|hardly|rather\s+than|instead"
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
        r"\b(?:other|others|else|except|apart\s+from|aside\s+from|besides|beyond|but)\b", re.I
    ),
    "stop": re.compile(
        r"\b(?:still|continu\w*|remain\w*|persist\w*|kept|keep\w*|went\s+on|goes\s+on"
        r"|ongoing|unabated|relentless\w*|rag(?:e|ed|es|ing)|throughout|around\s+the\s+clock)\b",
        re.I,
    ),
}
_PUNCT = ".,:;!?()[]{}«»\"'“”‘’،؛؟…-–—"


def _words(source: str) -> list[str]:
    return [w.strip(_PUNCT) for w in match_key(source).split()]


def _negation_word(word: str) -> str:
    """The negation a source word is (with its proclitics taken off), or ""."""
    if word in _NEGATIONS:
        return word
    for cut in (1, 2):
        rest = word[cut:]
        if rest in _NEGATIONS and all(c in "وفبلك" for c in word[:cut]):
            return rest
    return ""


def negations(source: str) -> list[tuple[str, str]]:
    """The source's negations as (negation word, the word after it), idioms left out."""
    words = _words(source)
    out = []
    for i, word in enumerate(words):
        neg = _negation_word(word)
        if not neg:
            continue
        following = words[i + 1] if i + 1 < len(words) else ""
        if following in _IDIOMS.get(neg, ()):
            continue
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
    words = set(_words(source))
    if "الا" in words or "سوي" in words:
        licences.add("الا")
    if any(following in _STOP_VERBS for _, following in found):
        licences.add("stop")
    if english_negated(target, licences):
        return []
    shown = " ".join(f"«{neg}»" for neg in dict.fromkeys(neg for neg, _ in found))
    return [
        f"The source is negated ({shown}) but the target has no negation (not, no, never, "
        "without…): check that the meaning is not reversed."
    ]
