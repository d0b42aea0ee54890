"""The glossary: house renderings of Arabic terms, and finding them in Arabic text.

The file is a CSV with the columns ``source,target,category,note,forbidden`` (only ``source``
and ``target`` are required; ``forbidden`` holds ``|``-separated English renderings the house
no longer uses). Which file: ``--glossary PATH``, else ``TRANSLATE_CLI_GLOSSARY``, else
``glossary.csv`` in the current directory, else the one bundled with the package.

Matching (:meth:`Glossary.find`) works on :func:`translate_cli.normalize.normalize` forms and
reports spans of the ORIGINAL text:

- one Aho-Corasick automaton (pyahocorasick) holds every term;
- the first word may carry proclitics: optional و or ف, then optional ب, ل or ك, and quote
  marks may stand between them and the term (لـ«قسد», و«هيئة تحرير الشام»); a term starting
  with ال is also found after ل, where it is written لل (للجيش, and للاذقية for اللاذقية);
- otherwise a term must stand on word boundaries on both sides: قسد is not found in يقسدون, nor
  حلب in الحلبيون, nor اللواء 80 in اللواء 800; spaces, punctuation and quotes are boundaries;
- overlapping hits resolve longest-leftmost (مطار حلب الدولي, not حلب inside it).

Spans: a hit covers the term as written, without the proclitics and quote marks before it
(in وبحلب the span is حلب), but with any diacritics and tatweel inside or right after it. The
one exception is ال after ل, where the article's alef is gone and the two lams cannot be told
apart: the span then starts at the preposition (للجيش الوطني السوري, but not the و of وللجيش).

Suffixes are never stripped: a dual, plural, possessive or nisba form (المطاران, قواتها,
الحلبي) usually needs a different English rendering ("the two airports", "its forces",
"Aleppan"), so it is not reported as the term. A translator who wants such a form matched adds
it as its own row with its own rendering.
"""

from __future__ import annotations

import csv
import gc
import io
import os
import re
from bisect import bisect_right
from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate_cli.errors import GlossaryError
from translate_cli.text.normalize import WORD_MARKS, normalize, normalize_mapped

COLUMNS = ("source", "target", "category", "note", "forbidden")
REQUIRED = ("source", "target")
ENV_VAR = "TRANSLATE_CLI_GLOSSARY"
BUNDLED = Path(__file__).resolve().parent.parent / "data" / "glossary.csv"

# Quote marks that may stand between a proclitic and the term: لـ«قسد», ب"النصرة".
QUOTES = frozenset("«»\"'“”„‟‘’‚‛‹›")
_AFTER_CONJ = frozenset("بلك")  # prepositions that attach to the word
_CONJ = frozenset("وف")  # conjunctions that attach before them


@dataclass(frozen=True)
class Term:
    """One glossary row."""

    source: str
    target: str
    category: str = ""
    note: str = ""
    forbidden: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "category": self.category,
            "note": self.note,
            "forbidden": list(self.forbidden),
        }


@dataclass(frozen=True)
class TermHit:
    """A term found in a text: ``source`` is the surface ``text[start:end]``."""

    source: str
    start: int
    end: int
    term: str
    target: str

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "start": self.start,
            "end": self.end,
            "term": self.term,
            "target": self.target,
        }


def term_key(source: str) -> str:
    """The form a term is matched and compared on: normalised, single spaces, no ends."""
    return " ".join(normalize(source).split())


@dataclass
class Glossary:
    """The loaded terms; the matching automaton is built on first :meth:`find`.

    Treat ``terms`` as read-only once :meth:`find` has run (the automaton is not rebuilt).
    """

    terms: list[Term]
    path: Path | None = None
    _automaton: Any = field(default=None, init=False, repr=False, compare=False)
    _by_source: dict[str, Term] | None = field(default=None, init=False, repr=False)
    _by_key: dict[str, Term] | None = field(default=None, init=False, repr=False)
    # Matching forms of ``terms`` (same order) when the loader computed them already.
    _keys: list[str] | None = field(default=None, init=False, repr=False)
    _shared: list[tuple[int, ...]] = field(default_factory=list, init=False, repr=False)
    _lengths: list[int] = field(default_factory=list, init=False, repr=False)

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    # -- lookups ---------------------------------------------------------------------------

    def lookup(self, source: str) -> Term | None:
        """The term whose source is ``source``, exactly or in matching form; else None."""
        if self._by_source is None or self._by_key is None:
            self._by_source = {t.source: t for t in self.terms}
            by_key: dict[str, Term] = {}
            for t in self.terms:
                by_key.setdefault(term_key(t.source), t)
            self._by_key = by_key
        return self._by_source.get(source) or self._by_key.get(term_key(source))

    def search(self, word: str) -> list[Term]:
        """Terms whose source, target, category or note contains ``word`` (Arabic in matching
        form, English case-insensitively)."""
        needle = term_key(word)
        folded = word.casefold().strip()
        keys = self._keys if self._keys and len(self._keys) == len(self.terms) else None

        def hit(i: int, t: Term) -> bool:
            key = keys[i] if keys else term_key(t.source)
            if needle and needle in key:
                return True
            return bool(folded) and any(
                folded in s.casefold() for s in (t.target, t.category, t.note, *t.forbidden)
            )

        return [t for i, t in enumerate(self.terms) if hit(i, t)]

    # -- matching --------------------------------------------------------------------------

    def _build(self) -> Any:
        """One automaton over every term's matching form (as :func:`_expand_ll` writes it),
        plus the merged للـ form of each term starting with الل.

        Values are ints (``STORE_INTS`` is much lighter than Python objects): ``2*i + kind``
        for term ``i`` (kind 1: the merged form), or ``-1 - j`` for entry ``j`` of
        ``self._shared`` when several forms share one key.
        """
        import ahocorasick

        keys = self._keys
        if keys is None or len(keys) != len(self.terms):
            keys = self._keys = term_keys([t.source for t in self.terms])
        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        add = automaton.add_word
        get = automaton.get
        shared: list[tuple[int, ...]] = []
        missing = -(2**62)

        def collide(form: str, old: int, code: int) -> None:
            codes = shared[-1 - old] if old < 0 else (old,)
            # Plain forms before merged ones: a merged للـ form may equal another term.
            both = tuple(sorted((*codes, code), key=lambda c: c & 1))
            if old < 0:
                shared[-1 - old] = both
            else:
                shared.append(both)
                add(form, -len(shared))

        lengths = [0] * (2 * len(keys))
        for i, key in enumerate(keys):
            if not key:
                continue
            code = 2 * i
            form = _expand_ll(key)[0] if "لل" in key else key
            lengths[code] = len(form)
            old = get(form, missing)
            if old == missing:
                add(form, code)
            else:
                collide(form, old, code)
            if key[:3] == "الل":
                # ل + اللاذقية → للاذقية, matched as the text is: لالاذقية (see _expand_ll).
                form = "لا" + form[2:]
                lengths[code + 1] = len(form)
                old = get(form, missing)
                if old == missing:
                    add(form, code + 1)
                else:
                    collide(form, old, code + 1)
        if len(automaton):
            automaton.make_automaton()
        self._shared = shared
        self._lengths = lengths  # by code: 2*i the term's form, 2*i + 1 its merged للـ form
        return automaton

    def find(self, text: str) -> list[TermHit]:
        """Every term in ``text``: longest-leftmost, non-overlapping, spans of ``text``."""
        if self._automaton is None:
            with _gc_paused():
                self._automaton = self._build()
        automaton = self._automaton
        if not text or not len(automaton):
            return []
        with _gc_paused():
            return self._find(automaton, text)

    def _find(self, automaton: Any, text: str) -> list[TermHit]:
        norm, offsets = normalize_mapped(text)
        inserted: list[int] = []
        if "لل" in norm:
            norm, inserted = _expand_ll(norm)
        alefs = frozenset(inserted)
        n = len(norm)
        lengths = self._lengths
        shared = self._shared
        found: list[tuple[int, int, int]] = []
        append = found.append
        for last, code in automaton.iter(norm):
            end = last + 1
            if end < n and norm[end].isalnum():
                continue  # more letters of the same word follow: حلب in الحلبيون
            if code >= 0 and not code & 1:  # the common case: one plain term
                length = lengths[code]
                start = end - length
                if start == 0 or not norm[start - 1].isalnum() or _left_ok(norm, start, alefs):
                    append((start, -length, code >> 1))
                continue
            for c in (code,) if code >= 0 else shared[-1 - code]:
                length = lengths[c]
                start = end - length
                if _merged_left_ok(norm, start) if c & 1 else _left_ok(norm, start, alefs):
                    append((start, -length, c >> 1))
                    break
        if not found:
            return []
        found.sort()
        # Map spans back to the original: the hits come in order, so walk the offset pieces.
        starts, origs, steps = offsets.norm_starts, offsets.orig_starts, offsets.steps
        pieces = len(starts)
        k = 0
        hits: list[TermHit] = []
        taken = 0
        terms = self.terms
        marks = WORD_MARKS
        tlen = len(text)
        for start, neg_length, index in found:
            if start < taken:
                continue
            end = start - neg_length
            taken = end
            if inserted:
                # Back to positions before _expand_ll; an inserted alef counts as the ل before it.
                start = start - bisect_right(inserted, start)
                end = end - bisect_right(inserted, end - 1)
            while k + 1 < pieces and starts[k + 1] <= start:
                k += 1
            o_start = origs[k] + (start - starts[k]) * steps[k]
            j = k
            while j + 1 < pieces and starts[j + 1] <= end - 1:
                j += 1
            o_end = origs[j] + (end - 1 - starts[j]) * steps[j] + 1
            while o_end < tlen and text[o_end] in marks:
                o_end += 1  # the diacritics and tatweel of the last letter belong to the hit
            term = terms[index]
            hits.append(_hit(text[o_start:o_end], o_start, o_end, term.source, term.target))
        return hits


@contextmanager
def _gc_paused() -> Generator[None, None, None]:
    """Pause the cyclic garbage collector while building many small acyclic objects: its
    repeated passes over them cost more than the work itself on a 50,000-term glossary."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Frozen dataclasses set each field through object.__setattr__, which costs more than the
# matching itself on big inputs; these build the same objects straight into __dict__.
_new = object.__new__


def _hit(source: str, start: int, end: int, term: str, target: str) -> TermHit:
    hit = _new(TermHit)
    hit.__dict__.update(source=source, start=start, end=end, term=term, target=target)
    return hit


def _term(source: str, target: str, category: str, note: str, forbidden: tuple[str, ...]) -> Term:
    term = _new(Term)
    term.__dict__.update(
        source=source, target=target, category=category, note=note, forbidden=forbidden
    )
    return term


# The preposition ل before the article ال drops the alef: ل + الجيش → للجيش, and before a word
# starting with ل the article's lam too: ل + اللاذقية → للاذقية. The matching text gets the alef
# back (للجيش → لالجيش), so ال terms are found after ل like after ب or ك, without a second
# automaton key for each of them; only terms starting with الل need one (لالاذقية).
def _expand_ll(norm: str) -> tuple[str, list[int]]:
    """``norm`` with an alef after a word-initial ل before ل (after an optional و or ف), and
    the positions the alefs went to."""
    parts: list[str] = []
    inserted: list[int] = []
    prev = 0
    at = norm.find("لل")
    while at >= 0:
        before = norm[at - 1] if at else " "
        if not before.isalnum() or (before in _CONJ and (at == 1 or not norm[at - 2].isalnum())):
            cut = at + 1
            parts.append(norm[prev:cut])
            parts.append("ا")
            inserted.append(cut + len(inserted))
            prev = cut
        at = norm.find("لل", at + 1)
    if not inserted:
        return norm, inserted
    parts.append(norm[prev:])
    return "".join(parts), inserted


def _left_ok(norm: str, start: int, alefs: frozenset[int] = frozenset()) -> bool:
    """A word starts at ``start``, possibly after proclitics (و/ف, then ب/ل/ك) and quotes.

    ``alefs`` are the positions of alefs :func:`_expand_ll` inserted: one right before
    ``start`` follows the preposition ل (للبنان → لالبنان, the term لبنان after ل).
    """
    q = start
    while q > 0 and norm[q - 1] in QUOTES:
        q -= 1
    if q == 0 or not norm[q - 1].isalnum():
        return True
    if q - 1 in alefs:
        q -= 1
    c = norm[q - 1]
    if c in _AFTER_CONJ:
        q -= 1
        if q == 0 or not norm[q - 1].isalnum():
            return True
        c = norm[q - 1]
    if c in _CONJ:
        q -= 1
        return q == 0 or not norm[q - 1].isalnum()
    return False


def _merged_left_ok(norm: str, start: int) -> bool:
    """The ل of a merged للـ form starts a word, possibly after و or ف."""
    if start == 0 or not norm[start - 1].isalnum():
        return True
    if norm[start - 1] in _CONJ:
        return start == 1 or not norm[start - 2].isalnum()
    return False


# ---- files ---------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class Problem:
    """Something wrong in a glossary file, at a 1-based line (0: the file as a whole)."""

    line: int
    kind: str
    message: str
    fatal: bool = True

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "kind": self.kind, "message": self.message}


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


def term_keys(sources: list[str]) -> list[str]:
    """:func:`term_key` of many sources at once (one normalisation pass over all of them)."""
    joined = "\x00".join(sources)
    if joined.count("\x00") != len(sources) - 1:  # a source holds NUL itself
        return [term_key(s) for s in sources]
    return [" ".join(k.split()) for k in normalize(joined).split("\x00")] if sources else []


def parse_csv(data: bytes, name: str) -> tuple[list[tuple[int, Term, str]], list[Problem]]:
    """Every usable row of a glossary CSV as ``(line, Term, key)``, and every problem found.

    ``key`` is the term's matching form (:func:`term_key`). Fatal problems (a row that cannot
    be used as it stands) make :func:`load_glossary` refuse the file; the others (BOM, stray
    whitespace, exact duplicates) are cleaned up on load and reported by ``glossary check``.
    """
    problems: list[Problem] = []
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
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(line, "encoding", "not UTF-8 text; save the file as UTF-8"))
        return [], problems
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        problems.append(Problem(1, "csv", f"the header row is not valid CSV ({exc})"))
        return [], problems
    if header is None:
        problems.append(
            Problem(
                1,
                "columns",
                "the file is empty; its first row must be the header "
                "source,target,category,note,forbidden",
            )
        )
        return [], problems
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
                "source,target and optionally category,note,forbidden",
            )
        )
        return [], problems
    if names != header:
        problems.append(Problem(1, "whitespace", "stray whitespace in the header", fatal=False))
    ncols = len(names)
    col = {c: names.index(c) if c in names else -1 for c in COLUMNS}
    i_src, i_tgt, i_cat, i_note, i_forb = (col[c] for c in COLUMNS)
    lines: list[int] = []
    terms: list[Term] = []
    # Every row is checked for stray whitespace only when the file's text hints at some
    # (odd whitespace anywhere, or a space by a delimiter); a clean file skips the check.
    thorough = _ODD_SPACE.search(text) is not None
    check_rows = thorough or text[:1] == " " or any(h in text for h in _SPACE_HINTS)
    line = 2
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            n = len(cells)
            if n != ncols:
                if not cells or not "".join(cells).strip():
                    if cells:
                        problems.append(Problem(start, "empty", "an empty row", fatal=False))
                    continue
                if n > ncols:
                    problems.append(
                        Problem(
                            start,
                            "columns",
                            f"{n} cells but the header has {ncols} "
                            "columns (a cell with a comma in it needs double quotes around it)",
                        )
                    )
                    continue
                cells = cells + [""] * (ncols - n)
            if check_rows or line != start + 1:  # the row spans lines: a cell holds a newline
                row = "\x00".join(cells)
                if (
                    "  " in row
                    or " \x00" in row
                    or "\x00 " in row
                    or row[0] == " "
                    or row[-1] == " "
                    or "\n" in row
                    or "\r" in row
                    or (thorough and _STRAY.search(row))
                ):
                    for name_, value in zip(names, cells, strict=True):
                        if _STRAY.search(value):
                            problems.append(
                                Problem(
                                    start,
                                    "whitespace",
                                    f"stray whitespace in {name_} {value!r}",
                                    fatal=False,
                                )
                            )
                    cells = [" ".join(c.split()) for c in cells]
            source = cells[i_src]
            target = cells[i_tgt]
            if not source or not target:
                if not "".join(cells):
                    problems.append(Problem(start, "empty", "an empty row", fatal=False))
                    continue
                empty = " and ".join(
                    c for c, v in (("source", source), ("target", target)) if not v
                )
                problems.append(Problem(start, "empty", f"the {empty} cell is empty"))
                continue
            forbidden = _split_forbidden(cells[i_forb]) if i_forb >= 0 and cells[i_forb] else ()
            if forbidden and target in forbidden:
                problems.append(
                    Problem(start, "conflict", f"the target {target!r} is also listed as forbidden")
                )
            terms.append(
                _term(
                    source,
                    target,
                    cells[i_cat] if i_cat >= 0 else "",
                    cells[i_note] if i_note >= 0 else "",
                    forbidden,
                )
            )
            lines.append(start)
    except csv.Error as exc:
        problems.append(Problem(line, "csv", f"not valid CSV ({exc}); nothing after it was read"))
    keys = term_keys([t.source for t in terms])
    if "" not in keys and len(dict.fromkeys(keys)) == len(keys):
        # The usual case, checked in C: every term has its own matching form.
        return list(zip(lines, terms, keys, strict=True)), problems
    rows: list[tuple[int, Term, str]] = []
    seen: dict[str, tuple[int, Term]] = {}
    for line, term, key in zip(lines, terms, keys, strict=True):
        if not key:
            problems.append(Problem(line, "empty", f"the source {term.source!r} has no letters"))
            continue
        previous = seen.get(key)
        if previous is not None:
            pline, pterm = previous
            same = "" if pterm.source == term.source else f" (as {pterm.source!r})"
            if pterm.target == term.target:
                problems.append(
                    Problem(
                        line,
                        "duplicate",
                        f"{term.source!r} repeats line {pline}{same}",
                        fatal=False,
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
            continue
        seen[key] = (line, term)
        rows.append((line, term, key))
    return rows, problems


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise GlossaryError(f"Glossary file {path} does not exist.") from None
    except OSError as exc:
        raise GlossaryError(f"Cannot read glossary file {path}: {exc.strerror}.") from None


def check_file(path: Path) -> tuple[list[Term], list[Problem]]:
    """Every problem in a glossary file (for ``glossary check``), and the usable terms."""
    rows, problems = parse_csv(_read(path), str(path))
    return [t for _, t, _ in rows], sorted(problems, key=lambda p: p.line)


def _usable(path: Path, data: bytes, advice: str) -> list[tuple[int, Term, str]]:
    rows, problems = parse_csv(data, str(path))
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
    with _gc_paused():
        rows = _usable(resolved, _read(resolved), "fix it (glossary check lists every problem)")
    glossary = Glossary([t for _, t, _ in rows], resolved)
    glossary._keys = [k for _, _, k in rows]
    _CACHE[key] = (stamp, glossary)
    return glossary


# ---- writing -------------------------------------------------------------------------------


def _row(term: Term) -> list[str]:
    return [term.source, term.target, term.category, term.note, "|".join(term.forbidden)]


def dump_csv(terms: Iterable[Term]) -> str:
    """The canonical CSV text of ``terms`` (header, minimal quoting, LF line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for t in terms:
        writer.writerow(_row(t))
    return out.getvalue()


def write_glossary(path: Path, terms: Iterable[Term]) -> None:
    """Write ``terms`` to ``path`` atomically (a temporary file renamed over it)."""
    _refuse_bundled(path)
    data = dump_csv(terms)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        tmp.write_text(data, encoding="utf-8", newline="")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise GlossaryError(f"Cannot write glossary file {path}: {exc.strerror}.") from None
    _CACHE.pop(str(path.resolve()), None)


def _refuse_bundled(path: Path) -> None:
    if is_bundled(path):
        raise GlossaryError(
            "The bundled glossary is part of the package and is not edited in place: copy it "
            "with 'translate-cli glossary export glossary.csv' and pass --glossary glossary.csv "
            "(or run from the folder that holds it)."
        )


def add_term(path: Path, term: Term) -> None:
    """Append ``term`` to the glossary at ``path`` (created if missing)."""
    _refuse_bundled(path)
    if not term.source.strip() or not term.target.strip():
        raise GlossaryError("A glossary term needs both an Arabic source and an English target.")
    term = Term(
        " ".join(term.source.split()),
        " ".join(term.target.split()),
        term.category.strip(),
        term.note.strip(),
        tuple(f.strip() for f in term.forbidden if f.strip()),
    )
    if not term_key(term.source):
        raise GlossaryError(f"The source {term.source!r} has no letters to match.")
    if term.target in term.forbidden:
        raise GlossaryError(f"The target {term.target!r} cannot also be forbidden.")
    if not path.exists():
        write_glossary(path, [term])
        return
    existing = read_terms(path)
    key = term_key(term.source)
    for t in existing:
        if term_key(t.source) == key:
            raise GlossaryError(
                f"{t.source!r} is already in {path} as {t.target!r}: edit that row instead."
            )
    data = _read(path)
    text = data.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)), [])
    names = [h.strip() for h in header]
    needed = [c for c, v in zip(COLUMNS, _row(term), strict=True) if v and c not in names]
    if needed:
        # The file lacks a column this term needs: rewrite it with every column.
        write_glossary(path, [*existing, term])
        return
    out = io.StringIO()
    values = dict(zip(COLUMNS, _row(term), strict=True))
    csv.writer(out, lineterminator="\n").writerow([values.get(n, "") for n in names])
    sep = "" if not data or data.endswith(b"\n") else "\n"
    try:
        with path.open("a", encoding="utf-8", newline="") as fh:
            fh.write(sep + out.getvalue())
    except OSError as exc:
        raise GlossaryError(f"Cannot write glossary file {path}: {exc.strerror}.") from None
    _CACHE.pop(str(path.resolve()), None)


# ---- exchange (import / export) ------------------------------------------------------------

FORMATS = ("csv", "tbx")


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
    if fmt == "tbx":
        from translate_cli.formats.tbx3 import parse_tbx

        return parse_tbx(data, str(path))
    return [t for _, t, _ in _usable(path, data, "fix it and import again")]


def dump(terms: Iterable[Term], fmt: str) -> bytes:
    """``terms`` as a CSV or TBX file's bytes."""
    if fmt == "tbx":
        from translate_cli.formats.tbx3 import dump_tbx

        return dump_tbx(terms)
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
    existing = read_terms(path) if path.exists() else []
    index = {term_key(t.source): i for i, t in enumerate(existing)}
    merged = list(existing)
    added = unchanged = replaced = 0
    conflicts: list[tuple[Term, Term]] = []
    for term in incoming:
        key = term_key(term.source)
        at = index.get(key)
        if at is None:
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
