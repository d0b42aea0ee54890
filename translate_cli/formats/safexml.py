"""Parse XML exchange files (XLIFF, TMX, TBX) from strangers without trusting them.

The parser never loads a DTD, never resolves an entity and never touches the network, so an
external entity cannot read a local file and an entity expansion bomb cannot expand. A file
that declares entities at all is refused outright: exchange formats need none, and silently
dropping them would hide text.
"""

from __future__ import annotations

import re
from typing import Any

from translate_cli.errors import FormatError

# Characters XML 1.0 cannot carry at all, not even escaped.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str | None) -> str:
    """``text`` without the control characters XML 1.0 forbids (lxml refuses them)."""
    return _NOT_XML.sub("", text or "")


_ENTITIES = (
    "The {what} declares XML entities in its DOCTYPE, which can expand without end "
    "or read local files: refusing it unread."
)


def _declares_entities(data: bytes) -> bool:
    return any("<!ENTITY".encode(codec) in data for codec in ("utf-8", "utf-16-le", "utf-16-be"))


def parse_xml(data: bytes, *, what: str) -> Any:
    """Parse ``data`` and return the root element, or raise a one-line :class:`FormatError`.

    ``what`` names the file in messages, e.g. ``"XLIFF file"``.
    """
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        message = str(exc).split(" (<string>")[0]
        if "entit" in message.lower() and _declares_entities(data):
            # libxml2 itself stops some bombs (amplification limits) before we see the DTD.
            raise FormatError(_ENTITIES.format(what=what)) from None
        if "Entity" in message and "not defined" in message:
            raise FormatError(
                f"The {what} uses an entity that is not defined ({message}): "
                "refusing it, export it again without entities."
            ) from None
        raise FormatError(
            f"The {what} is not well-formed XML ({message}): check that it is complete."
        ) from None
    except ValueError as exc:  # e.g. an encoding declaration lxml refuses
        raise FormatError(f"The {what} cannot be read as XML ({exc}).") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise FormatError(_ENTITIES.format(what=what))
    # An entity reference left unexpanded would silently drop text.
    if any(isinstance(node, etree._Entity) for node in root.iter()):
        raise FormatError(
            f"The {what} uses XML entity references: refusing it, export it again without them."
        )
    return root


def xml_document(root: Any, doctype: str = "") -> bytes:
    """``root`` indented, as a UTF-8 file with its XML declaration (and ``doctype`` line)."""
    from lxml import etree

    etree.indent(root, space="  ")
    text = etree.tostring(root, encoding="unicode")
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' + (doctype + "\n" if doctype else "")
    return (head + text + "\n").encode("utf-8")


def inline_text(el: Any, codes: set[str]) -> str:
    """The text of ``el`` with the inline ``codes`` elements (and what they hold) dropped;
    other children keep their text."""
    parts = [el.text or ""]
    for child in el:
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag and tag not in codes:
            parts.append(inline_text(child, codes))
        parts.append(child.tail or "")
    return "".join(parts)
