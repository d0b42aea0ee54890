"""The glossary file: the bundled default, which file is used, and its validation."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from helpers import REPO, SHARED

from translate_cli.errors import GlossaryError
from translate_cli.glossary import (
    BUNDLED,
    COLUMNS,
    Term,
    check_file,
    dump_csv,
    import_terms,
    load_glossary,
    read_terms,
    resolve_glossary_path,
    term_key,
)

SEED = SHARED / "reference" / "seed-terms.csv"


# ---- the bundled glossary ------------------------------------------------------------------


def test_top_level_copy_is_identical_to_the_bundled_one() -> None:
    assert (REPO / "glossary.csv").read_bytes() == BUNDLED.read_bytes()


def test_bundled_glossary_is_clean_and_large() -> None:
    terms, problems = check_file(BUNDLED)
    assert problems == []
    assert len(terms) >= 300
    header = BUNDLED.read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(COLUMNS)
    # Spelling variants are their own rows, with one rendering.
    by_source = {t.source: t for t in terms if not t.conditioned}
    assert by_source["سوريا"].target == by_source["سورية"].target == "Syria"
    assert (
        by_source["قوات سوريا الديمقراطية"].target
        == by_source["قوات سوريا الديموقراطية"].target
        == "Syrian Democratic Forces"
    )
    assert "Turkey" in by_source["تركيا"].forbidden


@pytest.mark.skipif(not SEED.exists(), reason="../shared/reference/seed-terms.csv is not here")
def test_bundled_glossary_has_every_seed_term() -> None:
    gloss = load_glossary(BUNDLED)
    with SEED.open(encoding="utf-8") as fh:
        seed = list(csv.DictReader(fh))
    assert seed
    for row in seed:
        term = gloss.lookup(row["source"])
        assert term is not None, row["source"]
        assert (term.source, term.target) == (row["source"], row["target"])


def test_resolution_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    explicit = tmp_path / "explicit.csv"
    from_env = tmp_path / "env.csv"
    local = tmp_path / "glossary.csv"  # the tests run in tmp_path
    for path in (explicit, from_env, local):
        path.write_text("source,target\nحلب,Aleppo\n", encoding="utf-8")
    monkeypatch.setenv("TRANSLATE_CLI_GLOSSARY", str(from_env))
    assert resolve_glossary_path(explicit) == explicit
    assert resolve_glossary_path() == from_env
    monkeypatch.delenv("TRANSLATE_CLI_GLOSSARY")
    assert resolve_glossary_path() == local
    local.unlink()
    assert resolve_glossary_path() == BUNDLED


def test_missing_files_are_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "nope.csv"
    with pytest.raises(GlossaryError) as err:
        resolve_glossary_path(missing)
    assert str(err.value) == (
        f"Glossary file {missing} does not exist: check --glossary or TRANSLATE_CLI_GLOSSARY."
    )
    monkeypatch.setenv("TRANSLATE_CLI_GLOSSARY", str(missing))
    with pytest.raises(GlossaryError) as err:
        resolve_glossary_path()
    assert str(err.value) == (
        f"Glossary file {missing} (from TRANSLATE_CLI_GLOSSARY) does not exist: "
        "fix or unset TRANSLATE_CLI_GLOSSARY."
    )


# ---- validation ----------------------------------------------------------------------------


def problems_of(tmp_path: Path, data: bytes) -> list[tuple[int, str]]:
    path = tmp_path / "g.csv"
    path.write_bytes(data)
    _, problems = check_file(path)
    return [(p.line, p.kind) for p in problems]


def test_every_kind_of_problem_with_its_line(tmp_path: Path) -> None:
    data = (
        "\ufeffsource,target,category,note,forbidden\n"  # 1 BOM
        "حلب,Aleppo,place,,\n"  # 2
        " إدلب,Idlib,place,,\n"  # 3 leading space
        "حماة,Hama  City,place,,\n"  # 4 doubled space
        ",Homs,place,,\n"  # 5 empty source
        "دمشق,,place,,\n"  # 6 empty target
        "حلب,Aleppo,place,again,\n"  # 7 duplicate of 2
        "ادلب,Edlib,place,,\n"  # 8 conflicts with 3 (same matching form)
        "الرقة,Raqqa,place,,Raqqa\n"  # 9 target also forbidden
        "منبج,Manbij,place,,,extra\n"  # 10 too many cells
        '"دير الزور\n",Deir ez-Zor,place,,\n'  # 11-12 a newline inside a cell
        "تركيا,Türkiye\n"  # 13 short rows are fine
    ).encode()
    assert problems_of(tmp_path, data) == [
        (1, "bom"),
        (3, "whitespace"),
        (4, "whitespace"),
        (5, "empty"),
        (6, "empty"),
        (7, "duplicate"),
        (8, "conflict"),
        (9, "conflict"),
        (10, "columns"),
        (11, "whitespace"),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"arabic,english\n",
            "wrong columns (missing source, target; unknown 'arabic', 'english')",
        ),
        (b"source,target,comment\n", "wrong columns (unknown 'comment')"),
        (b"source,target,target\n", "wrong columns (repeated target)"),
        (b"", "the file is empty"),
        (b"source,target\n\xff\xfe,x\n", "not UTF-8 text"),
    ],
)
def test_file_level_problems(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "g.csv"
    path.write_bytes(data)
    _, problems = check_file(path)
    assert len(problems) == 1
    assert problems[0].message.startswith(message)


def test_load_refuses_a_malformed_file_naming_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("source,target\nحلب,Aleppo\nإدلب,\n", encoding="utf-8")
    with pytest.raises(GlossaryError) as err:
        load_glossary(path)
    assert str(err.value) == (
        f"{path}, line 3: the target cell is empty; fix it (glossary check lists every problem)."
    )
    path.write_text("source,target\nحلب,Aleppo\nحلب,Halab\n", encoding="utf-8")
    with pytest.raises(GlossaryError) as err:
        load_glossary(path)
    assert str(err.value).startswith(
        f"{path}, line 3: 'حلب' is 'Halab' here but 'Aleppo' on line 2"
    )


def test_load_cleans_what_check_only_warns_about(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_bytes("\ufeffsource,target\n حلب ,Aleppo\nحلب,Aleppo\n".encode())
    gloss = load_glossary(path)
    assert [(t.source, t.target) for t in gloss.terms] == [("حلب", "Aleppo")]


def test_term_key_is_the_matching_form() -> None:
    assert term_key("  قُوّات   النظام ") == "قوات النظام"


# ---- the sense and short-form columns ------------------------------------------------------

HEADER10 = "source,target,category,note,forbidden,only_after,not_after,only_before,not_before,short_forms\n"


def test_header_lists_every_column_and_both_copies_agree() -> None:
    assert COLUMNS == (
        "source", "target", "category", "note", "forbidden",
        "only_after", "not_after", "only_before", "not_before", "short_forms",
    )  # fmt: skip
    first = BUNDLED.read_text(encoding="utf-8").splitlines()[0]
    assert first == (REPO / "glossary.csv").read_text(encoding="utf-8").splitlines()[0]


def test_sense_columns_are_read_and_short_rows_pad(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text(
        HEADER10
        + "سورية,Syria,place,,\n"  # five cells in a ten-column file
        + "سورية,Syrian,adjective,,,ليرة|منظمات\n"  # same source: it says when it applies
        + "القدس,Jerusalem,place,,,,مشفى | مستشفى\n"
        + "المرصد السوري لحقوق الإنسان,SOHR,organization,,,,,,,المرصد=the Observatory\n",
        encoding="utf-8",
    )
    terms, problems = check_file(path)
    assert problems == []
    assert [t.target for t in terms] == ["Syria", "Syrian", "Jerusalem", "SOHR"]
    assert terms[1].only_after == ("ليرة", "منظمات") and terms[1].conditioned
    assert terms[2].not_after == ("مشفى", "مستشفى")
    assert terms[3].short_forms == ("المرصد=the Observatory",)
    assert terms[1].to_json()["only_after"] == ["ليرة", "منظمات"]
    assert "only_after" not in terms[0].to_json()  # the usual row keeps its five keys
    gloss = load_glossary(path)
    assert [h.target for h in gloss.find("ليرة سورية في سورية")] == ["Syrian", "Syria"]


def test_sense_problems_are_named(tmp_path: Path) -> None:
    data = (
        HEADER10
        + "سورية,Syria,place,,\n"
        + "سورية,Syrian,adjective,,\n"  # 3: two rows that both apply everywhere
        + "حلب,Aleppo,place,,,***\n"  # 4: a sense word without letters
        + "أحمد الشرع,Ahmed al-Sharaa,person,,,,,,,=al-Sharaa\n"  # 5: a short form without Arabic
    ).encode()
    assert problems_of(tmp_path, data) == [(3, "conflict"), (4, "sense"), (5, "sense")]
    path = tmp_path / "g.csv"
    _, problems = check_file(path)
    assert problems[1].message == "only_after holds '***', which has no letters to match"


def test_dump_writes_the_newer_columns_only_when_used() -> None:
    assert dump_csv([Term("حلب", "Aleppo", "place")]) == (
        "source,target,category,note,forbidden\nحلب,Aleppo,place,,\n"
    )
    assert (
        dump_csv(
            [Term("حلب", "Aleppo", "place"), Term("سورية", "Syrian", only_after=("ليرة", "منظمات"))]
        )
        == HEADER10 + "حلب,Aleppo,place,,\nسورية,Syrian,,,,ليرة|منظمات\n"
    )


def test_add_with_senses_and_a_second_sense_row(tmp_path: Path) -> None:
    from helpers import run

    path = tmp_path / "g.csv"
    path.write_text(
        "source,target,category,note,forbidden\nسورية,Syria,place,,\n", encoding="utf-8"
    )
    result = run(
        None, "glossary", "add", "سورية", "Syrian", "--category", "adjective",
        "--only-after", "ليرة|منظمات", "--only-after", "مصادر", "--glossary", str(path),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    # The file had five columns: it is rewritten with every column, nothing lost.
    assert path.read_text(encoding="utf-8") == (
        HEADER10 + "سورية,Syria,place,,\nسورية,Syrian,adjective,,,ليرة|منظمات|مصادر\n"
    )
    result = run(
        None, "glossary", "add", "المرصد السوري لحقوق الإنسان", "SOHR",
        "--short-form", "المرصد=the Observatory", "--glossary", str(path),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8").endswith(
        "المرصد السوري لحقوق الإنسان,SOHR,,,,,,,,المرصد=the Observatory\n"
    )
    # A plain second row for the same source is still refused.
    result = run(None, "glossary", "add", "سورية", "Syrie", "--glossary", str(path))
    assert result.exit_code == 1
    assert "'سورية' is already in" in result.stderr


def test_import_keeps_sense_rows_apart(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("source,target\nسورية,Syria\n", encoding="utf-8")
    result = import_terms(
        path, [Term("سورية", "Syrian", only_after=("ليرة",)), Term("سورية", "Syria")]
    )
    assert (result.added, result.unchanged, result.replaced) == (1, 1, 0)
    assert [t.target for t in read_terms(path)] == ["Syria", "Syrian"]


def test_concurrent_adds_lose_nothing(tmp_path: Path) -> None:
    """Processes adding at once each read and write under the lock: every row arrives."""
    import subprocess
    import sys

    path = tmp_path / "g.csv"
    path.write_text("source,target\nحلب,Aleppo\n", encoding="utf-8")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from translate_cli.glossary import Term, add_term, import_terms\n"
        "p, k = Path(sys.argv[1]), int(sys.argv[2])\n"
        "for i in range(10):\n"
        "    if k % 2:\n"
        "        add_term(p, Term(f'قرية {k} {i}', f'Village {k} {i}'))\n"
        "    else:\n"
        "        import_terms(p, [Term(f'بلدة {k} {i}', f'Town {k} {i}')])\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", script, str(path), str(k)]) for k in range(4)]
    assert [p.wait() for p in procs] == [0, 0, 0, 0]
    assert len(read_terms(path)) == 1 + 4 * 10


def test_a_source_longer_than_a_term_is_refused_everywhere(tmp_path: Path) -> None:
    """A pasted paragraph is no term (and matching it would cost its length times its hits):
    the loader names its line, and add and import refuse it before writing anything."""
    from helpers import run

    from translate_cli.glossary import add_term
    from translate_cli.glossary.file import MAX_SOURCE

    long = "حلب " * (MAX_SOURCE // 4 + 1)
    path = tmp_path / "g.csv"
    path.write_text(f"source,target\nحلب,Aleppo\n{long},Aleppo x\n", encoding="utf-8")
    with pytest.raises(GlossaryError) as err:
        load_glossary(path)
    assert f"{path}, line 3: the source is {len(long.strip()):,} characters long" in str(err.value)
    path.write_text("source,target\nحلب,Aleppo\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(GlossaryError, match="at most 200"):
        add_term(path, Term(long, "Long"))
    with pytest.raises(GlossaryError, match="Nothing was imported"):
        import_terms(path, [Term("إدلب", "Idlib"), Term(long, "Long")])
    assert path.read_bytes() == before
    result = run(None, "glossary", "add", long, "Long", "--glossary", str(path))
    assert result.exit_code != 0 and "at most 200" in result.output
    assert path.read_bytes() == before
    assert len(load_glossary(path)) == 1


def test_a_loaded_glossary_is_not_walked_again_by_the_collector(tmp_path: Path) -> None:
    """Its rows and tables go to the oldest generation at once; garbage made meanwhile is
    still collected."""
    import gc

    from translate_cli.glossary.matcher import _gc_paused

    path = tmp_path / "g.csv"
    path.write_text(
        "source,target\n" + "".join(f"حلب{chr(0x0628 + i % 20)}{i},A{i}\n" for i in range(3000)),
        encoding="utf-8",
    )
    gc.collect()
    glossary = load_glossary(path)
    glossary.find("")  # the automaton and its tables
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert id(glossary.terms[0]) in oldest and id(glossary.terms[-1]) in oldest
    assert id(glossary._all) in oldest  # made by the build
    with _gc_paused(lasting=True):
        cycle: list[object] = []
        cycle.append(cycle)
    del cycle
    assert gc.collect() >= 1


def test_objects_the_process_froze_stay_frozen(tmp_path: Path) -> None:
    import gc

    path = tmp_path / "g.csv"
    path.write_text("source,target\nحلب,Aleppo\nإدلب,Idlib\n", encoding="utf-8")
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        load_glossary(path).find("حلب")
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
