"""Glossary checks: a term's house rendering missing from the target, a forbidden one used."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from translate_cli.checks.notes import ALL_TERMS
from translate_cli.text.normalize import match_key

if TYPE_CHECKING:
    from translate_cli.glossary import Glossary, TermHit

_PARENS = re.compile(r"\s*\(([^)]*)\)")
_ABBREVIATION = re.compile(r"(?i:\babbreviat\w*)\s*:?\s*([A-Z][A-Za-z0-9-]{1,11})\b")


def glossary_findings(
    hits: Sequence[TermHit], target: str, glossary: Glossary, paraphrased: set[str]
) -> list[tuple[str, str]]:
    """("glossary" | "forbidden", message) for the glossary hits of one segment's source."""
    out: list[tuple[str, str]] = []
    target_words = _en_words(target)
    seen: set[tuple[str, str]] = set()
    for hit in hits:
        key = hit.term
        if (key, hit.target) in seen:
            continue
        seen.add((key, hit.target))
        term = glossary.term_for(hit)
        rendering = hit.target
        forbidden = term.forbidden if term is not None else ()
        options = _renderings(rendering)
        if hit.short:
            # A surname or short form may also be written without its article (al-Sharaa,
            # Sharaa) or as the full name.
            options += [o[1:] for o in options if len(o) > 1 and o[0] == "al"]
            if term is not None:
                options += _renderings(term.target)
        # A note such as "Abbreviation SDF" makes the abbreviation a rendering too.
        for abbr in _ABBREVIATION.findall(term.note if term is not None else ""):
            if options and _en_seq(abbr) not in options:
                options.append(_en_seq(abbr))
        allowed_spans = [s for opt in options for s in _find_words(target_words, opt)]
        if (
            options
            and not allowed_spans
            and not hit.short  # news often says "he" or "the president" the second time
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
    return any(match_key(n) in marked or " ".join(_en_seq(n)) in marked_en for n in names if n)


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
