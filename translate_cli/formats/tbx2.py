"""TBX 2 (ISO 30042:2008, the TBX-Basic dialect, root ``<martif>``): the glossary for the tools
that read term bases the old way, OmegaT and Translate Toolkit among them.

Each glossary row is one ``termEntry``: the category as ``descrip type="subjectField"``, the note
as ``note``, the Arabic source in ``langSet xml:lang="ar"``, and in the English ``langSet`` the
target as a ``tig`` marked ``preferredTerm-admn-sts`` and every forbidden rendering as a ``tig``
marked ``deprecatedTerm-admn-sts`` with a ``note`` that says so in words (for OmegaT, which shows
notes but not statuses; import ignores it). Valid against TBXBasiccoreStructV02.dtd and the
TBX-Basic RELAX NG schema.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from translate_cli.errors import FormatError
from translate_cli.formats.safexml import parse_xml, xml_document, xml_text
from translate_cli.formats.terms import (
    DEPRECATED,
    PREFERRED,
    REFUSED_STATUSES,
    TermEntry,
    TermLike,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DOCTYPE = '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">'


def dump_tbx2(terms: Iterable[TermLike], source_lang: str = "ar", target_lang: str = "en") -> bytes:
    """A TBX-Basic (TBX 2, ``martif``) document holding ``terms``."""
    from lxml import etree

    sub = element_maker()
    root = etree.Element("martif", type="TBX-Basic")
    root.set(XML_LANG, target_lang)
    header = sub(root, "martifHeader")
    desc = sub(header, "fileDesc")
    sub(sub(desc, "titleStmt"), "title", "translate-cli glossary")
    sub(sub(desc, "sourceDesc"), "p", "Exported by translate-cli.")
    sub(sub(header, "encodingDesc"), "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    body = sub(sub(root, "text"), "body")
    add_entries(
        sub, body, terms, ("termEntry", "langSet", "tig"), source_lang, target_lang, omegat=True
    )
    return xml_document(root, DOCTYPE)


def element_maker(ns: str = "") -> Callable[..., Any]:
    """``sub(parent, tag, text=None, **attrs)`` for TBX elements in namespace ``ns``
    (``lang=`` sets ``xml:lang``)."""
    from lxml import etree

    prefix = f"{{{ns}}}" if ns else ""

    def sub(parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
        el = etree.SubElement(parent, prefix + tag)
        for k, v in attrs.items():
            el.set(XML_LANG if k == "lang" else k, v)
        if text is not None:
            el.text = xml_text(text)
        return el

    return sub


def add_entries(
    sub: Callable[..., Any],
    body: Any,
    terms: Iterable[TermLike],
    names: tuple[str, str, str],
    source_lang: str,
    target_lang: str,
    *,
    omegat: bool = False,
) -> None:
    """One concept entry per term under ``body``, the same shape in TBX 2 and TBX 3; ``names``
    are the version's (entry, language section, term group) element names."""
    entry_tag, lang_tag, group_tag = names
    for n, term in enumerate(terms, 1):
        entry = sub(body, entry_tag, id=f"c{n}")
        if term.category:
            sub(entry, "descrip", term.category, type="subjectField")
        if term.note:
            sub(entry, "note", term.note)
        sub(sub(sub(entry, lang_tag, lang=source_lang), group_tag), "term", term.source)
        english = sub(entry, lang_tag, lang=target_lang)
        group = sub(english, group_tag)
        sub(group, "term", term.target)
        sub(group, "termNote", PREFERRED, type="administrativeStatus")
        for old in term.forbidden:
            group = sub(english, group_tag)
            sub(group, "term", old)
            sub(group, "termNote", DEPRECATED, type="administrativeStatus")
            if omegat:
                # OmegaT 3 ignores administrativeStatus and offers every English term as a
                # rendering, with one comment for the whole entry: say in words which one is out.
                sub(group, "note", f'Forbidden rendering "{old}": write "{term.target}".')


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(el: Any) -> str:
    return " ".join("".join(el.itertext()).split())


def parse_entries(
    root: Any, name: str, entry_tag: str, lang_tag: str, term_tags: tuple[str, ...], source: str
) -> list[TermEntry]:
    """The concepts under ``root`` in either TBX version's vocabulary (tags given by the caller)."""
    terms: list[TermEntry] = []
    src = source.lower()
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
                    words = status = ""
                    for part in sec.iter():
                        ptag = _local(part.tag)
                        if ptag == "term" and not words:
                            words = _text(part)
                        elif ptag == "termNote" and part.get("type") == "administrativeStatus":
                            status = _text(part).lower()
                    if not words:
                        continue
                    if lang.replace("_", "-").split("-")[0] == src:
                        sources.append(words)
                    elif status in REFUSED_STATUSES:
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
        for words in sources:
            terms.append(TermEntry(words, targets[0], category, note, tuple(refused)))
    return terms


def read_root(root: Any, name: str, source_lang: str = "ar") -> list[TermEntry]:
    """The concepts of a parsed ``<martif>`` document."""
    return parse_entries(root, name, "termEntry", "langSet", ("tig", "ntig"), source_lang)


def parse_tbx2(data: bytes, name: str = "TBX file", source_lang: str = "ar") -> list[TermEntry]:
    """The terms of a TBX 2 (``martif``) file; one-line :class:`FormatError` if unusable."""
    root = parse_xml(data, what=f"TBX file {name}")
    if _local(root.tag) != "martif":
        raise FormatError(
            f"{name} is not TBX 2: its root element is <{_local(root.tag)}>, not <martif>."
        )
    return read_root(root, name, source_lang)
