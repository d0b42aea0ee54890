"""TBX-Basic (TBX v3, ISO 30042:2019, DCA style) import and export of glossary terms.

Each glossary row is one ``conceptEntry``: the category as ``descrip type="subjectField"``,
the note as ``note``, the Arabic source in ``langSec xml:lang="ar"``, and in the English
``langSec`` the target as the preferred term and every forbidden rendering as a deprecated
term. Import reads the same shape, and also TBX v2 (``martif``) files that other tools write:
every Arabic term of a concept becomes a row with the concept's preferred English term.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from translate_cli.errors import FormatError
from translate_cli.glossary import Term

NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
# Renderings the house no longer uses; both count as forbidden on import.
REFUSED = ("deprecatedTerm-admn-sts", "supersededTerm-admn-sts")
# TBX v2 / older TBX-Basic spellings of the same statuses.
_V2_REFUSED = {"deprecatedterm-admn-sts", "supersededterm-admn-sts", "notrecommended"}


def dump_tbx(terms: Iterable[Term], source_lang: str = "ar", target_lang: str = "en") -> bytes:
    """A TBX-Basic v3 document holding ``terms``."""
    from lxml import etree

    from translate_cli.formats.safexml import xml_text

    def sub(parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
        el = etree.SubElement(parent, f"{{{NS}}}{tag}")
        for k, v in attrs.items():
            el.set(XML_LANG if k == "lang" else k, v)
        if text is not None:
            el.text = xml_text(text)
        return el

    root = etree.Element(f"{{{NS}}}tbx", nsmap={None: NS})
    root.set("type", "TBX-Basic")
    root.set("style", "dca")
    root.set(XML_LANG, target_lang)
    desc = sub(sub(root, "tbxHeader"), "fileDesc")
    sub(sub(desc, "titleStmt"), "title", "translate-cli glossary")
    sub(sub(desc, "sourceDesc"), "p", "Exported by translate-cli.")
    body = sub(sub(root, "text"), "body")
    for n, term in enumerate(terms, 1):
        entry = sub(body, "conceptEntry", id=f"c{n}")
        if term.category:
            sub(entry, "descrip", term.category, type="subjectField")
        if term.note:
            sub(entry, "note", term.note)
        sub(sub(sub(entry, "langSec", lang=source_lang), "termSec"), "term", term.source)
        en = sub(entry, "langSec", lang=target_lang)
        sec = sub(en, "termSec")
        sub(sec, "term", term.target)
        sub(sec, "termNote", PREFERRED, type="administrativeStatus")
        for old in term.forbidden:
            sec = sub(en, "termSec")
            sub(sec, "term", old)
            sub(sec, "termNote", REFUSED[0], type="administrativeStatus")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(el: Any) -> str:
    return " ".join("".join(el.itertext()).split())


def parse_tbx(data: bytes, name: str = "TBX file", source_lang: str = "ar") -> list[Term]:
    """The terms of a TBX v3 (or v2 ``martif``) file; :class:`FormatError` if unusable."""
    from translate_cli.formats.safexml import parse_xml

    root = parse_xml(data, what=f"TBX file {name}")
    top = _local(root.tag)
    term_tags: tuple[str, ...]
    if top == "tbx":
        entry_tag, lang_tag, term_tags = "conceptEntry", "langSec", ("termSec",)
    elif top == "martif":
        entry_tag, lang_tag, term_tags = "termEntry", "langSet", ("tig", "ntig")
    else:
        raise FormatError(f"{name} is not TBX: its root element is <{top}>, not <tbx>.")
    terms: list[Term] = []
    src = source_lang.lower()
    for entry in root.iter():
        if _local(entry.tag) != entry_tag:
            continue
        line = entry.sourceline
        category = note = ""
        sources: list[str] = []
        preferred: list[str] = []
        admitted: list[str] = []
        refused: list[str] = []
        for child in entry:
            tag = _local(child.tag)
            if tag == "descrip" and child.get("type") == "subjectField" and not category:
                category = _text(child)
            elif tag == "note" and not note:
                note = _text(child)
            elif tag == lang_tag:
                lang = (child.get(XML_LANG) or child.get("lang") or "").lower()
                for sec in child:
                    if _local(sec.tag) not in term_tags:
                        continue
                    words = ""
                    status = ""
                    for part in sec.iter():
                        ptag = _local(part.tag)
                        if ptag == "term" and not words:
                            words = _text(part)
                        elif ptag == "termNote" and part.get("type") == "administrativeStatus":
                            status = _text(part).lower()
                    if not words:
                        continue
                    if lang.split("-")[0] == src:
                        sources.append(words)
                    elif status in _V2_REFUSED:
                        refused.append(words)
                    elif status == PREFERRED.lower():
                        preferred.append(words)
                    else:
                        admitted.append(words)
        targets = preferred + admitted
        if not sources or not targets:
            missing = "Arabic" if not sources else "English"
            raise FormatError(
                f"{name}, line {line}: a concept has no {missing} term; every concept needs "
                "both an Arabic and an English term."
            )
        if len(targets) > 1:
            # Keep the other admitted renderings visible rather than dropping them.
            also = "also: " + "; ".join(targets[1:])
            note = f"{note} ({also})" if note else also
        for source in sources:
            terms.append(Term(source, targets[0], category, note, tuple(refused)))
    return terms
