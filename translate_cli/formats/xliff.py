"""XLIFF of either version, read by the version the file declares (1.2 or 2.x)."""

from __future__ import annotations

from translate_cli.errors import FormatError
from translate_cli.formats import xliff2, xliff12
from translate_cli.formats.bitext import ReadDocument
from translate_cli.formats.safexml import parse_xml


def read_any_xliff(data: bytes) -> ReadDocument:
    """An XLIFF 1.2 or 2.x file as a :class:`ReadDocument`; one-line :class:`FormatError`."""
    root = parse_xml(data, what="XLIFF file")
    local = str(root.tag).rsplit("}", 1)[-1]
    if local != "xliff":
        raise FormatError(f"The file is not XLIFF: its root element is <{local}>, not <xliff>.")
    if (root.get("version") or "").startswith("2."):
        return xliff2.read_root(root)
    if str(root.tag).startswith(f"{{{xliff12.XLIFF12_NS}}}") or str(root.tag).startswith(
        f"{{{xliff12.XLIFF11_NS}}}"
    ):
        return xliff12.read_root(root)
    raise FormatError(
        f"The file is XLIFF {root.get('version') or '(no version)'}, which translate-cli does "
        "not read: export it from the other tool as XLIFF 1.2 or 2.1."
    )
