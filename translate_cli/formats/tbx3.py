"""TBX-Basic (TBX v3, ISO 30042:2019, DCA style) import and export of glossary terms.

Each glossary row is one ``conceptEntry``: the category as ``descrip type="subjectField"``,
the note as ``note``, the Arabic source in ``langSec xml:lang="ar"``, and in the English
``langSec`` the target as the preferred term and every forbidden rendering as a deprecated
term. Import reads the same shape, and also TBX v2 (``martif``, :mod:`translate_cli.formats.tbx2`)
files: every Arabic term of a concept becomes a row with the concept's preferred English term.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from translate_cli.errors import FormatError
from translate_cli.formats.terms import ADMITTED, PREFERRED, TermEntry, TermLike

NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
__all__ = ["ADMITTED", "NS", "PREFERRED", "dump_tbx", "parse_tbx", "tbx_version"]


def dump_tbx(terms: Iterable[TermLike], source_lang: str = "ar", target_lang: str = "en") -> bytes:
    """A TBX-Basic v3 document holding ``terms``."""
    from lxml import etree

    from translate_cli.formats.tbx2 import add_entries, element_maker

    sub = element_maker(NS)
    root = etree.Element(f"{{{NS}}}tbx", nsmap={None: NS})
    root.set("type", "TBX-Basic")
    root.set("style", "dca")
    root.set(XML_LANG, target_lang)
    desc = sub(sub(root, "tbxHeader"), "fileDesc")
    sub(sub(desc, "titleStmt"), "title", "translate-cli glossary")
    sub(sub(desc, "sourceDesc"), "p", "Exported by translate-cli.")
    body = sub(sub(root, "text"), "body")
    add_entries(sub, body, terms, ("conceptEntry", "langSec", "termSec"), source_lang, target_lang)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def tbx_version(root: Any) -> int | None:
    """3 for a ``<tbx>`` root, 2 for ``<martif>``, None for anything else."""
    return {"tbx": 3, "martif": 2}.get(_local(root.tag))


def parse_tbx(data: bytes, name: str = "TBX file", source_lang: str = "ar") -> list[TermEntry]:
    """The terms of a TBX file of either version, told apart by the root element: TBX 3
    (``<tbx>``) or TBX 2 (``<martif>``). One-line :class:`FormatError` if unusable."""
    from translate_cli.formats import tbx2
    from translate_cli.formats.safexml import parse_xml

    root = parse_xml(data, what=f"TBX file {name}")
    version = tbx_version(root)
    if version == 2:
        return tbx2.read_root(root, name, source_lang)
    if version != 3:
        raise FormatError(
            f"{name} is not TBX: its root element is <{_local(root.tag)}>, not <tbx>."
        )
    return tbx2.parse_entries(root, name, "conceptEntry", "langSec", ("termSec",), source_lang)
