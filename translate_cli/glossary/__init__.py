"""The glossary: house renderings of Arabic terms, and finding them in Arabic text.

- :mod:`~translate_cli.glossary.model`: the rows (:class:`Term`) and what matching reports
  (:class:`TermHit`, :class:`Problem`);
- :mod:`~translate_cli.glossary.matcher`: :class:`Glossary`, finding terms (proclitics,
  boundaries, senses, generated countryside directions, short forms within an article);
- :mod:`~translate_cli.glossary.file`: the CSV file (columns, checks, which file is used) and
  changing it (add, import, export).
"""

from __future__ import annotations

from translate_cli.glossary.file import _CACHE as _CACHE
from translate_cli.glossary.file import (
    BASIC_COLUMNS,
    BUNDLED,
    COLUMNS,
    ENV_VAR,
    FORMATS,
    LIST_COLUMNS,
    REQUIRED,
    ImportResult,
    add_term,
    bundled_glossary_path,
    check_file,
    dump,
    dump_csv,
    guess_format,
    import_terms,
    is_bundled,
    load_glossary,
    parse_csv,
    read_exchange,
    read_terms,
    resolve_glossary_path,
    write_glossary,
)
from translate_cli.glossary.matcher import (
    DIRECTIONS,
    GOVERNORATES,
    QUOTES,
    Glossary,
    term_key,
    term_keys,
)
from translate_cli.glossary.model import NOT_A_TERM, SENSE_FIELDS, Problem, Term, TermHit

__all__ = [
    "BASIC_COLUMNS",
    "BUNDLED",
    "COLUMNS",
    "DIRECTIONS",
    "ENV_VAR",
    "FORMATS",
    "GOVERNORATES",
    "LIST_COLUMNS",
    "NOT_A_TERM",
    "QUOTES",
    "REQUIRED",
    "SENSE_FIELDS",
    "Glossary",
    "ImportResult",
    "Problem",
    "Term",
    "TermHit",
    "add_term",
    "bundled_glossary_path",
    "check_file",
    "dump",
    "dump_csv",
    "guess_format",
    "import_terms",
    "is_bundled",
    "load_glossary",
    "parse_csv",
    "read_exchange",
    "read_terms",
    "resolve_glossary_path",
    "term_key",
    "term_keys",
    "write_glossary",
]
