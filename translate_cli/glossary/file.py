"""The glossary file: which file, its CSV form (parse, check, dump), and changing it.

The file is a CSV whose header names its columns, in any order: ``source`` and ``target`` are
required; ``category``, ``note`` and ``forbidden`` (``|``-separated English renderings the house
no longer uses) are optional, and so are the sense and short-form columns, each holding
``|``-separated Arabic words:

- ``only_after`` / ``not_after``: the row applies only right after one of these words, or never
  right after one (``سورية`` is "Syrian" only after ``ليرة|منظمات|…``; ``القدس`` is not
  Jerusalem after ``مشفى|مستشفى``);
- ``only_before`` / ``not_before``: the same for the word right after the term;
- ``short_forms``: shorter names a later mention in the same article may use, each ``arabic``
  or ``arabic=English`` (``المرصد=the Observatory``); a person's surname needs no entry.

A row may leave out cells at the end of the line (a five-cell row in a ten-column file).
Several rows may share one source when all but one say when they apply; the others are
tried first. A row of category ``not-a-term`` is matched only so that no other term is found
inside it (``مرض السكري``, the disease, is not the Aleppo neighbourhood السكري).

Which file: ``--glossary PATH``, else ``TRANSLATE_CLI_GLOSSARY``, else ``glossary.csv`` in the
current directory, else the one bundled with the package. Changes (``add``, ``import``) are
made under a lock on the file, reading and writing inside it, so concurrent changes never
lose a row; whole-file writes are atomic.
"""

from __future__ import annotations

import csv
import io
import operator
import os
import re
from collections.abc import Generator, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate_cli.errors import GlossaryError, InputError
from translate_cli.glossary.matcher import Glossary, _gc_paused, term_key, term_keys
from translate_cli.glossary.model import SENSE_FIELDS, Problem, Term

BASIC_COLUMNS = ("source", "target", "category", "note", "forbidden")
#: Every column a glossary file may have, in the order ``dump_csv`` writes them.
COLUMNS = (*BASIC_COLUMNS, *SENSE_FIELDS, "short_forms")
#: The columns whose cells are ``|``-separated lists.
LIST_COLUMNS = ("forbidden", *SENSE_FIELDS, "short_forms")
REQUIRED = ("source", "target")
ENV_VAR = "TRANSLATE_CLI_GLOSSARY"
BUNDLED = Path(__file__).resolve().parent.parent / "data" / "glossary.csv"


def bundled_glossary_path() -> Path:
    return BUNDLED


def is_bundled(path: Path) -> bool:
    try:
        return path.resolve() == BUNDLED
    except OSError:
        return False


def resolve_glossary_path(explicit: Path | None = None) -> Path:
    """The glossary file: ``explicit`` (--glossary), ``TRANSLATE_CLI_GLOSSARY``,
    ``./glossary.csv``, or the bundled default, in that order."""
    if explicit is not None:
        path = Path(explicit).expanduser()
        if not path.is_file():
            raise GlossaryError(
                f"Glossary file {path} does not exist: check --glossary or {ENV_VAR}."
            )
        return path
    env = os.environ.get(ENV_VAR)
    if env:
        path = Path(env).expanduser()
        if not path.is_file():
            raise GlossaryError(
                f"Glossary file {path} (from {ENV_VAR}) does not exist: fix or unset {ENV_VAR}."
            )
        return path
    local = Path.cwd() / "glossary.csv"
    if local.is_file():
        return local
    return BUNDLED


# Frozen dataclasses set each field through object.__setattr__, which costs more than parsing
# on a 50,000-row file; this builds the same object straight into __dict__ (the newer fields
# keep their class defaults unless :func:`_with_lists` sets them).
def _term(source: str, target: str, category: str, note: str, forbidden: tuple[str, ...]) -> Term:
    term = object.__new__(Term)
    term.__dict__.update(
        source=source, target=target, category=category, note=note, forbidden=forbidden
    )
    return term


#: The longest source a row may have, in characters. A name or term is a few words; a longer
#: cell is a paste gone wrong, and matching cost grows with a key's length times its matches.
MAX_SOURCE = 200


def _too_long(source: str) -> str:
    """Why ``source`` cannot be a term's source because of its length, or ""."""
    if len(source) <= MAX_SOURCE:
        return ""
    return f"the source is {len(source):,} characters long (a term has at most {MAX_SOURCE})"


def _split_forbidden(cell: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in cell.split("|") if p.strip())


# A cell with whitespace at either end, doubled, or other than plain spaces. Checked on a whole
# row at once (cells joined by NUL, which a CSV cell cannot usefully hold).
_STRAY = re.compile(r"(?:^|\x00)\s|\s(?:\x00|$)|\s\s|[^\S ]")
# Whitespace other than the space, LF and CR (which end CSV records).
_ODD_SPACE = re.compile(
    "[\t\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
# Where stray spaces would show in the file's text: doubled, or next to a delimiter.
_SPACE_HINTS = ("  ", ", ", " ,", ' "', '" ', "\n ", " \n", " \r")


@dataclass
class Parsed:
    """What parsing a glossary learnt on the way that matching needs too, so that it is not
    worked out twice on a large file (see :meth:`Glossary._prepare`)."""

    #: Positions (in the rows returned) of the rows with sense or short-form cells.
    listed: list[int] = field(default_factory=list)
    #: Each key's position, when every key is distinct (the dict that told so).
    index: dict[str, int] = field(default_factory=dict)
    #: Each row's source (the list the keys were made from), target and category, when
    #: every key is distinct.
    sources: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)


def parse_csv(
    data: bytes, name: str, parsed: Parsed | None = None
) -> tuple[list[tuple[int, Term, str]], list[Problem]]:
    """Every usable row of a glossary CSV as ``(line, Term, key)``, and every problem found.

    ``key`` is the term's matching form (:func:`term_key`). Fatal problems (a row that cannot
    be used as it stands) make :func:`load_glossary` refuse the file; the others (BOM, stray
    whitespace, exact duplicates) are cleaned up on load and reported by ``glossary check``.
    ``parsed``, when given, receives what matching can use of the work done here.
    """
    problems: list[Problem] = []
    text = _decode(data, problems)
    if text is None:
        return [], problems
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    names = _read_header(reader, problems)
    if names is None:
        return [], problems
    lines, terms, with_lists, columns = _read_rows(reader, text, names, problems)
    sources = [t.source for t in terms]
    keys = term_keys(sources)
    index = dict(zip(keys, range(len(keys)), strict=True))
    if "" not in index and len(index) == len(keys):
        # The usual case, checked in C: every term has its own matching form.
        if parsed is not None:
            parsed.listed.extend(with_lists)
            parsed.index = index
            parsed.sources = sources
            parsed.targets, parsed.categories = columns
        return list(zip(lines, terms, keys, strict=True)), problems
    rows = _distinct_rows(lines, terms, keys, problems)
    if parsed is not None:
        parsed.listed.extend(
            i for i, (_, t, _) in enumerate(rows) if t.conditioned or t.short_forms
        )
    return rows, problems


def _decode(data: bytes, problems: list[Problem]) -> str | None:
    """The file's text without a byte-order mark (noted), or None if it is not UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append(
            Problem(
                1,
                "bom",
                "the file starts with a byte-order mark (as Excel writes); save it as plain UTF-8",
                fatal=False,
            )
        )
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(line, "encoding", "not UTF-8 text; save the file as UTF-8"))
        return None


def _read_header(reader: Any, problems: list[Problem]) -> list[str] | None:
    """The column names of the header row, or None (with the problem noted) when it is
    missing, not CSV, or names wrong, missing or repeated columns."""
    try:
        header = next(reader, None)
    except csv.Error as exc:
        problems.append(Problem(1, "csv", f"the header row is not valid CSV ({exc})"))
        return None
    if header is None:
        problems.append(
            Problem(
                1,
                "columns",
                "the file is empty; its first row must be the header "
                "source,target,category,note,forbidden (and optionally "
                + ",".join(COLUMNS[5:])
                + ")",
            )
        )
        return None
    names = [h.strip() for h in header]
    wrong = [h for h in names if h not in COLUMNS]
    missing = [c for c in REQUIRED if c not in names]
    dupes = sorted({h for h in names if names.count(h) > 1})
    if wrong or missing or dupes:
        bits = []
        if missing:
            bits.append("missing " + ", ".join(missing))
        if wrong:
            bits.append("unknown " + ", ".join(repr(h) for h in wrong))
        if dupes:
            bits.append("repeated " + ", ".join(dupes))
        problems.append(
            Problem(
                1,
                "columns",
                f"wrong columns ({'; '.join(bits)}); the header must be "
                "source,target and optionally " + ",".join(COLUMNS[2:]),
            )
        )
        return None
    if names != header:
        problems.append(Problem(1, "whitespace", "stray whitespace in the header", fatal=False))
    return names


def _read_rows(
    reader: Any, text: str, names: list[str], problems: list[Problem]
) -> tuple[list[int], list[Term], list[int], tuple[list[str], list[str]]]:
    """The terms of the rows after the header, with the line each starts on, the positions
    of the terms with sense or short-form cells and the terms' targets and categories (which
    matching reads of every row); problems are noted, and a row with a fatal one is left out.
    One loop with the rare cases in helpers: a 50,000-row file goes through it."""
    ncols = len(names)
    col = {c: names.index(c) if c in names else -1 for c in COLUMNS}
    i_src, i_tgt, i_cat, i_note = (col[c] for c in BASIC_COLUMNS[:4])
    lists = [(c, col[c]) for c in LIST_COLUMNS if col[c] >= 0]
    # The list cells of a row in one C call: most rows have none filled in.
    pick = operator.itemgetter(*(i for _, i in lists)) if len(lists) > 1 else None
    i_forb = col["forbidden"]
    pads = [("",) * k for k in range(ncols + 1)]
    lines: list[int] = []
    terms: list[Term] = []
    with_lists: list[int] = []
    targets: list[str] = []
    categories: list[str] = []
    add_target, add_category = targets.append, categories.append
    # Every row is checked for stray whitespace only when the file's text hints at some
    # (odd whitespace anywhere, or a space by a delimiter); a clean file skips the check.
    thorough = _ODD_SPACE.search(text) is not None
    check_rows = thorough or text[:1] == " " or any(h in text for h in _SPACE_HINTS)
    # Only a file with a guarded cell ('=…) needs each cell looked at for one.
    guarded = _GUARDED.search(text) is not None
    line = 2
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if len(cells) != ncols:
                if not _fits(cells, ncols, start, problems):
                    continue
                cells += pads[ncols - len(cells)]
            if check_rows or line != start + 1:  # the row spans lines: a cell holds a newline
                cells = _tidied(cells, names, start, thorough, problems)
            if guarded:
                cells = [unguard_cell(c) for c in cells]
            source = cells[i_src]
            target = cells[i_tgt]
            if not source or not target:
                _note_empty(cells, source, target, start, problems)
                continue
            if len(source) > MAX_SOURCE:
                problems.append(Problem(start, "length", _too_long(source)))
                continue
            if pick is not None and any(pick(cells)):
                listed = {c: _split_forbidden(cells[i]) for c, i in lists if cells[i]}
            elif i_forb >= 0 and cells[i_forb]:
                listed = {"forbidden": _split_forbidden(cells[i_forb])}
            else:
                listed = {}
            forbidden = listed.get("forbidden", ())
            if forbidden and target in forbidden:
                problems.append(
                    Problem(start, "conflict", f"the target {target!r} is also listed as forbidden")
                )
            bad = _bad_lists(listed) if len(listed) > bool(forbidden) else ""
            if bad:
                problems.append(Problem(start, "sense", bad))
                continue
            category = cells[i_cat] if i_cat >= 0 else ""
            term = _term(source, target, category, cells[i_note] if i_note >= 0 else "", forbidden)
            if len(listed) > bool(forbidden):
                term = _with_lists(term, listed)
                with_lists.append(len(terms))
            terms.append(term)
            lines.append(start)
            add_target(target)
            add_category(category)
    except csv.Error as exc:
        problems.append(Problem(line, "csv", f"not valid CSV ({exc}); nothing after it was read"))
    return lines, terms, with_lists, (targets, categories)


def _fits(cells: list[str], ncols: int, line: int, problems: list[Problem]) -> bool:
    """Whether a row with other than ``ncols`` cells can be read (padded with empty cells):
    an empty row or one with too many cells is noted and cannot."""
    # A short row (the newer columns left out) is the common case: its source cell settles
    # that it is not empty without joining the row.
    if not cells or (not cells[0].strip() and not "".join(cells).strip()):
        if cells:
            problems.append(Problem(line, "empty", "an empty row", fatal=False))
        return False
    if len(cells) > ncols:
        problems.append(
            Problem(
                line,
                "columns",
                f"{len(cells)} cells but the header has {ncols} "
                "columns (a cell with a comma in it needs double quotes around it)",
            )
        )
        return False
    return True


def _tidied(
    cells: list[str], names: list[str], line: int, thorough: bool, problems: list[Problem]
) -> list[str]:
    """``cells`` with stray whitespace cleaned up (each such cell noted), or as they are."""
    row = "\x00".join(cells)
    if not (
        "  " in row
        or " \x00" in row
        or "\x00 " in row
        or row[0] == " "
        or row[-1] == " "
        or "\n" in row
        or "\r" in row
        or (thorough and _STRAY.search(row))
    ):
        return cells
    for name, value in zip(names, cells, strict=True):
        if _STRAY.search(value):
            problems.append(
                Problem(line, "whitespace", f"stray whitespace in {name} {value!r}", fatal=False)
            )
    return [" ".join(c.split()) for c in cells]


def _note_empty(
    cells: list[str], source: str, target: str, line: int, problems: list[Problem]
) -> None:
    """Note a row whose source or target cell is empty (a wholly empty row is no error)."""
    if not "".join(cells):
        problems.append(Problem(line, "empty", "an empty row", fatal=False))
        return
    empty = " and ".join(c for c, v in (("source", source), ("target", target)) if not v)
    problems.append(Problem(line, "empty", f"the {empty} cell is empty"))


def _distinct_rows(
    lines: list[int], terms: list[Term], keys: list[str], problems: list[Problem]
) -> list[tuple[int, Term, str]]:
    """The rows with a matching form, each form once unless the row says when it applies:
    a later row of a form already seen is a duplicate (same target) or a conflict."""
    rows: list[tuple[int, Term, str]] = []
    seen: dict[str, tuple[int, Term]] = {}  # the row of each key that applies everywhere
    for line, term, key in zip(lines, terms, keys, strict=True):
        if not key:
            problems.append(Problem(line, "empty", f"the source {term.source!r} has no letters"))
            continue
        if term.conditioned:
            rows.append((line, term, key))  # a sense row may share its source with others
            continue
        previous = seen.get(key)
        if previous is None:
            seen[key] = (line, term)
            rows.append((line, term, key))
            continue
        pline, pterm = previous
        same = "" if pterm.source == term.source else f" (as {pterm.source!r})"
        if pterm.target == term.target:
            problems.append(
                Problem(
                    line, "duplicate", f"{term.source!r} repeats line {pline}{same}", fatal=False
                )
            )
        else:
            problems.append(
                Problem(
                    line,
                    "conflict",
                    f"{term.source!r} is {term.target!r} here but "
                    f"{pterm.target!r} on line {pline}{same}",
                )
            )
    return rows


def _bad_lists(listed: dict[str, tuple[str, ...]]) -> str:
    """Why the list cells of a row cannot be used, or ""."""
    for column in (*SENSE_FIELDS, "short_forms"):
        for word in listed.get(column, ()):
            arabic = word.partition("=")[0] if column == "short_forms" else word
            if not any(c.isalnum() for c in term_key(arabic)):
                return f"{column} holds {word!r}, which has no letters to match"
    return ""


def _with_lists(term: Term, listed: dict[str, tuple[str, ...]]) -> Term:
    fields = {c: v for c, v in listed.items() if c != "forbidden"}
    term.__dict__.update(fields)
    return term


def _read(path: Path) -> bytes:
    from translate_cli.config import max_file_bytes
    from translate_cli.files import read_bounded

    try:
        return read_bounded(path, "a glossary file", max_file_bytes())
    except InputError as exc:  # larger than the configured cap
        raise GlossaryError(str(exc)) from None
    except FileNotFoundError:
        raise GlossaryError(f"Glossary file {path} does not exist.") from None
    except OSError as exc:
        raise GlossaryError(f"Cannot read glossary file {path}: {exc.strerror}.") from None


def check_file(path: Path) -> tuple[list[Term], list[Problem]]:
    """Every problem in a glossary file (for ``glossary check``), and the usable terms."""
    rows, problems = parse_csv(_read(path), str(path))
    return [t for _, t, _ in rows], sorted(problems, key=lambda p: p.line)


def _usable(
    path: Path, data: bytes, advice: str, parsed: Parsed | None = None
) -> list[tuple[int, Term, str]]:
    rows, problems = parse_csv(data, str(path), parsed)
    for p in sorted(problems, key=lambda p: p.line):
        if p.fatal:
            raise GlossaryError(f"{path}, line {p.line}: {p.message}; {advice}.")
    return rows


def read_terms(path: Path) -> list[Term]:
    """The terms of a glossary CSV; :class:`GlossaryError` naming file and line if unusable."""
    rows = _usable(path, _read(path), "fix it (glossary check lists every problem)")
    return [t for _, t, _ in rows]


_CACHE: dict[str, tuple[tuple[int, int], Glossary]] = {}


def load_glossary(path: Path | None = None) -> Glossary:
    """The glossary at ``path`` (resolved as in :func:`resolve_glossary_path`), cached per
    file and modification time."""
    resolved = resolve_glossary_path(path)
    key = str(resolved.resolve())
    try:
        st = resolved.stat()
    except OSError as exc:
        raise GlossaryError(f"Cannot read glossary file {resolved}: {exc.strerror}.") from None
    stamp = (st.st_mtime_ns, st.st_size)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    parsed = Parsed()
    with _gc_paused(lasting=True):
        rows = _usable(
            resolved, _read(resolved), "fix it (glossary check lists every problem)", parsed
        )
    glossary = Glossary([t for _, t, _ in rows], resolved)
    glossary._keys = [k for _, _, k in rows]
    glossary._listed = parsed.listed
    if len(parsed.index) == len(rows) and len(parsed.sources) == len(rows):
        glossary._index, glossary._sources = parsed.index, parsed.sources
        glossary._targets, glossary._categories = parsed.targets, parsed.categories
    _CACHE[key] = (stamp, glossary)
    return glossary


# ---- writing -------------------------------------------------------------------------------


def _cell(term: Term, column: str) -> str:
    value = getattr(term, column)
    return "|".join(value) if isinstance(value, tuple) else value


def _columns(terms: list[Term]) -> tuple[str, ...]:
    """Every column when a term uses a newer one, else the five basic ones."""
    newer = COLUMNS[len(BASIC_COLUMNS) :]
    return COLUMNS if any(getattr(t, c) for t in terms for c in newer) else BASIC_COLUMNS


def _trimmed(cells: list[str]) -> list[str]:
    """A row without the empty cells of the newer columns at its end, as rows written before
    those columns existed are (a short row reads as if they were empty)."""
    while len(cells) > len(BASIC_COLUMNS) and not cells[-1]:
        cells.pop()
    return cells


def dump_csv(terms: Iterable[Term]) -> str:
    """The canonical CSV text of ``terms`` (header, minimal quoting, LF line ends, no empty
    cells of the newer columns at the end of a row)."""
    terms = list(terms)
    columns = _columns(terms)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for t in terms:
        writer.writerow(_trimmed([guard_cell(_cell(t, c)) for c in columns]))
    return out.getvalue()


# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(...)").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# A cell guard_cell wrote: an apostrophe before a formula start, at the start of a cell.
_GUARDED = re.compile("(?:^|[,\"])'[=+\\-@\t\r]", re.MULTILINE)


def guard_cell(value: str) -> str:
    """``value`` made inert for spreadsheets: a leading apostrophe before a formula start,
    which the spreadsheet hides and :func:`unguard_cell` removes on reading."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def unguard_cell(value: str) -> str:
    """The cell :func:`guard_cell` wrote, as it was."""
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA_START) else value


def write_glossary(path: Path, terms: Iterable[Term]) -> None:
    """Write ``terms`` to ``path`` atomically (a temporary file renamed over it)."""
    from translate_cli.files import write_atomic

    _refuse_bundled(path)
    try:
        write_atomic(path, dump_csv(terms).encode("utf-8"))
    except InputError as exc:
        raise GlossaryError(str(exc)) from None
    _CACHE.pop(str(path.resolve()), None)


@contextmanager
def _locked(path: Path) -> Generator[None, None, None]:
    """Hold an exclusive lock for changing ``path`` (a ``.name.lock`` file beside it), so a
    read-modify-write by one process never overwrites another's change."""
    import fcntl

    lock = path.with_name(f".{path.name}.lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise GlossaryError(f"Cannot lock glossary file {path}: {exc.strerror}.") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _refuse_bundled(path: Path) -> None:
    if is_bundled(path):
        raise GlossaryError(
            "The bundled glossary is part of the package and is not edited in place: copy it "
            "with 'translate-cli glossary export glossary.csv' and pass --glossary glossary.csv "
            "(or run from the folder that holds it)."
        )


def _clean(term: Term) -> Term:
    def words(cells: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(" ".join(c.split()) for c in cells if c.strip())

    return Term(
        " ".join(term.source.split()),
        " ".join(term.target.split()),
        term.category.strip(),
        term.note.strip(),
        words(term.forbidden),
        *(words(getattr(term, c)) for c in (*SENSE_FIELDS, "short_forms")),
    )


def add_term(path: Path, term: Term) -> None:
    """Append ``term`` to the glossary at ``path`` (created if missing)."""
    _refuse_bundled(path)
    if not term.source.strip() or not term.target.strip():
        raise GlossaryError("A glossary term needs both an Arabic source and an English target.")
    term = _clean(term)
    if not term_key(term.source):
        raise GlossaryError(f"The source {term.source!r} has no letters to match.")
    if _too_long(term.source):
        raise GlossaryError(f"The term cannot be added: {_too_long(term.source)}.")
    if term.target in term.forbidden:
        raise GlossaryError(f"The target {term.target!r} cannot also be forbidden.")
    bad = _bad_lists({c: getattr(term, c) for c in (*SENSE_FIELDS, "short_forms")})
    if bad:
        raise GlossaryError(f"The term cannot be added: {bad}.")
    with _locked(path):
        if not path.exists():
            write_glossary(path, [term])
            return
        existing = read_terms(path)
        key = term_key(term.source)
        if not term.conditioned:
            for t in existing:
                if not t.conditioned and term_key(t.source) == key:
                    raise GlossaryError(
                        f"{t.source!r} is already in {path} as {t.target!r}: edit that row instead."
                    )
        data = _read(path)
        text = data.decode("utf-8-sig")
        header = next(csv.reader(io.StringIO(text)), [])
        names = [h.strip() for h in header]
        needed = [c for c in COLUMNS if _cell(term, c) and c not in names]
        if needed:
            # The file lacks a column this term needs: rewrite it with every column.
            write_glossary(path, [*existing, term])
            return
        cells = _trimmed([_cell(term, n) if n in COLUMNS else "" for n in names])
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow(cells)
        sep = "" if not data or data.endswith(b"\n") else "\n"
        try:
            with path.open("a", encoding="utf-8", newline="") as fh:
                fh.write(sep + out.getvalue())
        except OSError as exc:
            raise GlossaryError(f"Cannot write glossary file {path}: {exc.strerror}.") from None
    _CACHE.pop(str(path.resolve()), None)


# ---- exchange (import / export) ------------------------------------------------------------

FORMATS = ("csv", "tbx", "tbx2")  # tbx: TBX-Basic v3; tbx2: TBX-Basic 2008 (martif)


def guess_format(path: Path, data: bytes | None = None) -> str:
    """``csv`` or ``tbx`` from the file name, else from the content."""
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml"):
        return "tbx"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    if data is not None and data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "tbx"
    return "csv"


def read_exchange(path: Path, fmt: str | None = None) -> list[Term]:
    """The terms of a CSV or TBX file to import."""
    data = _read(path)
    fmt = fmt or guess_format(path, data)
    if fmt in ("tbx", "tbx2"):
        from translate_cli.formats.tbx3 import parse_tbx  # either version, by its root

        return [
            Term(e.source, e.target, e.category, e.note, e.forbidden)
            for e in parse_tbx(data, str(path))
        ]
    return [t for _, t, _ in _usable(path, data, "fix it and import again")]


def dump(terms: Iterable[Term], fmt: str) -> bytes:
    """``terms`` as a CSV or TBX file's bytes."""
    if fmt == "tbx":
        from translate_cli.formats.tbx3 import dump_tbx

        return dump_tbx(terms)
    if fmt == "tbx2":
        from translate_cli.formats.tbx2 import dump_tbx2

        return dump_tbx2(terms)
    return dump_csv(terms).encode("utf-8")


@dataclass(frozen=True)
class ImportResult:
    added: int
    unchanged: int
    replaced: int

    def to_json(self) -> dict[str, int]:
        return {"added": self.added, "unchanged": self.unchanged, "replaced": self.replaced}


def import_terms(path: Path, incoming: list[Term], *, replace: bool = False) -> ImportResult:
    """Merge ``incoming`` into the glossary at ``path`` (created if missing).

    A term already there with the same rendering is left alone (with its notes); one with
    another rendering is a conflict: the whole import is refused unless ``replace``, with
    which the imported row replaces the glossary's. Nothing is written when anything is
    refused.
    """
    _refuse_bundled(path)
    for term in incoming:
        if _too_long(term.source):
            raise GlossaryError(
                f"Nothing was imported: {term.source[:40]!r}…: {_too_long(term.source)}."
            )
    with _locked(path):
        return _import_locked(path, incoming, replace)


def _ident(term: Term) -> tuple[str, ...]:
    """What makes two rows the same entry: the source's matching form and when it applies."""
    senses = ("|".join(term_key(w) for w in getattr(term, c)) for c in SENSE_FIELDS)
    return (term_key(term.source), *senses)


def _import_locked(path: Path, incoming: list[Term], replace: bool) -> ImportResult:
    existing = read_terms(path) if path.exists() else []
    index = {_ident(t): i for i, t in enumerate(existing)}
    # TBX carries no sense rules: a row that comes back without them is still the glossary's own
    # row when some row of the same source has the same rendering.
    renderings: dict[str, set[str]] = {}
    for t in existing:
        renderings.setdefault(term_key(t.source), set()).add(t.target)
    merged = list(existing)
    added = unchanged = replaced = 0
    conflicts: list[tuple[Term, Term]] = []
    for term in incoming:
        key = _ident(term)
        at = index.get(key)
        if term.target in renderings.get(key[0], ()) and not any(key[1:]):
            unchanged += 1
        elif at is None:
            index[key] = len(merged)
            merged.append(term)
            added += 1
        elif merged[at].target == term.target:
            unchanged += 1  # the same rendering: the glossary's own row (and notes) stay
        elif replace:
            merged[at] = term
            replaced += 1
        else:
            conflicts.append((merged[at], term))
    if conflicts:
        old, new = conflicts[0]
        raise GlossaryError(
            f"{len(conflicts)} imported term(s) have another rendering in {path} (first: "
            f"{old.source!r} is {old.target!r} there, {new.target!r} in the import); "
            "pass --replace to take the imported renderings. Nothing was imported."
        )
    if added or replaced:
        write_glossary(path, merged)
    return ImportResult(added, unchanged, replaced)
