# The compiled twin of translate_cli/glossary/kernel.py (see _kernel.c): same signatures.
from collections.abc import Callable, Iterable, Sequence
from typing import Any

def configure(quotes: str, prepositions: str, conjunctions: str, marks: str) -> None: ...
def configure_view(
    table: dict[int, str], special: dict[str, str], drop: str, seats: str, quotes: str
) -> None: ...
def view(text: str) -> tuple[str, list[int], list[int], list[int], list[int], list[int]]: ...
def select(
    matches: Iterable[tuple[int, int]],
    norm: str,
    alefs: Sequence[int],
    lengths: Sequence[int],
    shared: Sequence[tuple[int, ...]],
    flags: bytes | bytearray,
    n_all: int,
    resolve: Callable[[int, int, int], int],
) -> list[tuple[int, int, int]]: ...
def spans(
    text: str,
    hits: list[tuple[int, int, int]],
    inserted: Sequence[int],
    removed: Sequence[int],
    norm_starts: Sequence[int],
    orig_starts: Sequence[int],
    steps: Sequence[int],
) -> list[tuple[int, int, int]]: ...
def emit(
    text: str,
    hits: list[tuple[int, int, int]],
    out: list[list[Any]],
    bounds: Sequence[int],
    sources: Sequence[str],
    targets: Sequence[str],
    terms: Sequence[Any],
    flags: bytes | bytearray,
    by_row: dict[int, list[tuple[int, str]]],
    active: dict[int, tuple[Any, str]],
    article: bool,
    hit_type: type,
    short_hit: Callable[..., Any],
) -> None: ...
