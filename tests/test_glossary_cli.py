"""glossary find/list/add/check/import/export through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run as run_cli

from translate_cli.glossary import BUNDLED

SMALL = (
    "source,target,category,note,forbidden\n"
    "قسد,SDF,faction,Arabic acronym,\n"
    "حلب,Aleppo,place,,Halab\n"
    "مطار حلب الدولي,Aleppo International Airport,place,,\n"
    "الجيش الوطني السوري,Syrian National Army,faction,,\n"
)


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "terms.csv"
    path.write_text(SMALL, encoding="utf-8")
    return path


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = run_cli(None, *args, input=input)
    return result.exit_code, result.stdout, result.stderr


# ---- find ----------------------------------------------------------------------------------


def test_find_json(small: Path) -> None:
    text = "قصفت «قسد» محيط مطار حلب الدولي ووصلت تعزيزات للجيش الوطني السوري"
    code, out, _ = run("glossary", "find", text, "--json", "--glossary", str(small))
    assert code == 0
    assert json.loads(out) == [
        {"source": "قسد", "start": 6, "end": 9, "term": "قسد", "target": "SDF"},
        {
            "source": "مطار حلب الدولي",
            "start": 16,
            "end": 31,
            "term": "مطار حلب الدولي",
            "target": "Aleppo International Airport",
        },
        {
            "source": "للجيش الوطني السوري",
            "start": 46,
            "end": 65,
            "term": "الجيش الوطني السوري",
            "target": "Syrian National Army",
        },
    ]


def test_find_reads_stdin_and_prints_a_table(small: Path) -> None:
    code, out, _ = run("glossary", "find", "-", "--glossary", str(small), input="عادوا لحلب\n")
    assert code == 0
    assert "7-10" in out and "حلب" in out and "Aleppo" in out
    code, out, _ = run("glossary", "find", "-", "--json", "--glossary", str(small), input="لا شيء")
    assert (code, json.loads(out)) == (0, [])
    code, out, _ = run("glossary", "find", "لا شيء هنا", "--glossary", str(small))
    assert (code, out) == (0, "No glossary terms found.\n")


def test_find_uses_the_environment_then_the_local_then_the_bundled_file(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "وصلوا إلى إدلب ثم حلب"
    # Bundled: both cities.
    code, out, _ = run("glossary", "find", text, "--json")
    assert (code, [h["target"] for h in json.loads(out)]) == (0, ["Idlib", "Aleppo"])
    # ./glossary.csv (the tests run in tmp_path): only حلب.
    (tmp_path / "glossary.csv").write_text("source,target\nحلب,Halab City\n", encoding="utf-8")
    code, out, _ = run("glossary", "find", text, "--json")
    assert (code, [h["target"] for h in json.loads(out)]) == (0, ["Halab City"])
    # TRANSLATE_CLI_GLOSSARY wins over ./glossary.csv.
    monkeypatch.setenv("TRANSLATE_CLI_GLOSSARY", str(small))
    _, out, _ = run("glossary", "find", text, "--json")
    assert [h["target"] for h in json.loads(out)] == ["Aleppo"]


def test_malformed_glossary_is_one_error_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("source,target\nحلب,Aleppo\n,Idlib\n", encoding="utf-8")
    code, out, err = run("glossary", "find", "حلب", "--glossary", str(bad))
    assert (code, out) == (1, "")
    assert err == (
        f"Error: {bad}, line 3: the source cell is empty; fix it (glossary check lists every "
        "problem).\n"
    )
    code, _, err = run("glossary", "list", "--glossary", str(tmp_path / "missing.csv"))
    assert code == 1
    assert err == (
        f"Error: Glossary file {tmp_path / 'missing.csv'} does not exist: check --glossary or "
        "TRANSLATE_CLI_GLOSSARY.\n"
    )


# ---- list ----------------------------------------------------------------------------------


def test_list_and_search(small: Path) -> None:
    code, out, _ = run("glossary", "list", "--json", "--glossary", str(small))
    assert code == 0
    assert [t["source"] for t in json.loads(out)] == [
        "قسد",
        "حلب",
        "مطار حلب الدولي",
        "الجيش الوطني السوري",
    ]
    assert json.loads(out)[1] == {
        "source": "حلب",
        "target": "Aleppo",
        "category": "place",
        "note": "",
        "forbidden": ["Halab"],
    }
    # Arabic in matching form (diacritics ignored), English case-insensitively.
    code, out, _ = run("glossary", "list", "--search", "حَلَب", "--json", "--glossary", str(small))
    assert [t["target"] for t in json.loads(out)] == ["Aleppo", "Aleppo International Airport"]
    code, out, _ = run("glossary", "list", "--search", "ARMY", "--json", "--glossary", str(small))
    assert [t["target"] for t in json.loads(out)] == ["Syrian National Army"]
    code, out, _ = run("glossary", "list", "--search", "faction", "--glossary", str(small))
    assert code == 0 and "SDF" in out and "2 of 4 terms" in out
    code, out, _ = run("glossary", "list", "--search", "zzz", "--glossary", str(small))
    assert (code, out) == (0, "No glossary terms match.\n")


# ---- add -----------------------------------------------------------------------------------


def test_add_appends_a_row(small: Path) -> None:
    code, out, _ = run(
        "glossary", "add", "الفرقة 25", "25th Division", "--category", "unit",
        "--note", "Formerly the Tiger Forces", "--forbidden", "Division 25|25 Division",
        "--glossary", str(small),
    )  # fmt: skip
    assert code == 0
    assert out == f"Added الفرقة 25 → 25th Division to {small}.\n"
    assert small.read_text(encoding="utf-8") == SMALL + (
        "الفرقة 25,25th Division,unit,Formerly the Tiger Forces,Division 25|25 Division\n"
    )
    code, out, _ = run("glossary", "find", "عناصر من الفرقة ٢٥", "--json", "--glossary", str(small))
    assert json.loads(out)[0]["target"] == "25th Division"


def test_add_refuses_duplicates_and_leaves_the_file_alone(small: Path) -> None:
    code, _, err = run("glossary", "add", "حَلب", "Halab", "--glossary", str(small))
    assert code == 1
    assert err == f"Error: 'حلب' is already in {small} as 'Aleppo': edit that row instead.\n"
    code, _, err = run(
        "glossary", "add", "إدلب", "Idlib", "--forbidden", "Idlib", "--glossary", str(small)
    )
    assert code == 1
    assert err == "Error: The target 'Idlib' cannot also be forbidden.\n"
    assert small.read_text(encoding="utf-8") == SMALL


def test_add_refuses_the_bundled_glossary(tmp_path: Path) -> None:
    before = BUNDLED.read_bytes()
    code, _, err = run("glossary", "add", "كفرنبودة", "Kafr Nabudah")
    assert code == 1
    assert err == (
        "Error: The bundled glossary is part of the package and is not edited in place: copy it "
        "with 'translate-cli glossary export glossary.csv' and pass --glossary glossary.csv (or "
        "run from the folder that holds it).\n"
    )
    assert BUNDLED.read_bytes() == before
    # Following the advice works: export a copy, then add to it.
    assert run("glossary", "export", "glossary.csv")[0] == 0
    code, _, _ = run("glossary", "add", "كفرنبودة", "Kafr Nabudah", "--category", "place")
    assert code == 0
    assert (
        (tmp_path / "glossary.csv")
        .read_text(encoding="utf-8")
        .endswith("كفرنبودة,Kafr Nabudah,place,,\n")
    )
    assert BUNDLED.read_bytes() == before


def test_add_creates_a_new_file_and_adds_missing_columns(tmp_path: Path) -> None:
    new = tmp_path / "new.csv"
    assert run("glossary", "add", "حلب", "Aleppo", "--glossary", str(new))[0] == 0
    assert new.read_text(encoding="utf-8") == (
        "source,target,category,note,forbidden\nحلب,Aleppo,,,\n"
    )
    narrow = tmp_path / "narrow.csv"
    narrow.write_text("source,target\nحلب,Aleppo", encoding="utf-8")  # no final newline
    assert run("glossary", "add", "إدلب", "Idlib", "--glossary", str(narrow))[0] == 0
    assert narrow.read_text(encoding="utf-8") == "source,target\nحلب,Aleppo\nإدلب,Idlib\n"
    assert (
        run("glossary", "add", "حماة", "Hama", "--note", "city", "--glossary", str(narrow))[0] == 0
    )
    assert narrow.read_text(encoding="utf-8") == (
        "source,target,category,note,forbidden\nحلب,Aleppo,,,\nإدلب,Idlib,,,\nحماة,Hama,,city,\n"
    )


# ---- check ---------------------------------------------------------------------------------


def test_check_clean_and_bundled(small: Path) -> None:
    code, out, _ = run("glossary", "check", "--glossary", str(small))
    assert (code, out) == (0, f"{small}: 4 terms, no problems.\n")
    code, out, _ = run("glossary", "check", "--json")
    report = json.loads(out)
    assert code == 0
    assert (report["ok"], report["problems"], report["path"]) == (True, [], str(BUNDLED))
    assert report["terms"] >= 300


def test_check_lists_problems_and_fails(tmp_path: Path) -> None:
    path = tmp_path / "messy.csv"
    path.write_bytes(
        "\ufeffsource,target\nحلب,Aleppo\nحلب ,Aleppo\nإدلب,Idlib\nادلب,Edlib\n".encode()
    )
    code, out, _ = run("glossary", "check", "--glossary", str(path))
    assert code == 1
    assert out.splitlines() == [
        f"{path}:1: bom: the file starts with a byte-order mark (as Excel writes); save it as "
        "plain UTF-8",
        f"{path}:3: whitespace: stray whitespace in source 'حلب '",
        f"{path}:3: duplicate: 'حلب' repeats line 2",
        f"{path}:5: conflict: 'ادلب' is 'Edlib' here but 'Idlib' on line 4 (as 'إدلب')",
        f"4 problem(s) in {path}.",
    ]
    code, out, _ = run("glossary", "check", "--json", "--glossary", str(path))
    assert code == 1
    report = json.loads(out)
    assert report["ok"] is False
    assert [(p["line"], p["kind"]) for p in report["problems"]] == [
        (1, "bom"),
        (3, "whitespace"),
        (3, "duplicate"),
        (5, "conflict"),
    ]


# ---- import / export -----------------------------------------------------------------------


def test_export_csv_round_trips(small: Path, tmp_path: Path) -> None:
    out_path = tmp_path / "copy.csv"
    code, out, _ = run("glossary", "export", str(out_path), "--glossary", str(small))
    assert (code, out) == (0, f"Wrote 4 terms to {out_path} (CSV).\n")
    assert out_path.read_text(encoding="utf-8") == SMALL
    code, out, _ = run("glossary", "export", "-", "--glossary", str(small))
    assert (code, out) == (0, SMALL)
    code, _, _ = run("glossary", "export", str(tmp_path / "bundled.csv"))
    assert (tmp_path / "bundled.csv").read_bytes() == BUNDLED.read_bytes()


def test_import_csv_merges_and_refuses_conflicts(small: Path, tmp_path: Path) -> None:
    incoming = tmp_path / "in.csv"
    incoming.write_text(
        "source,target\nحلب,Aleppo\nإدلب,Idlib\nقسد,Syrian Democratic Forces\n", encoding="utf-8"
    )
    code, _, err = run("glossary", "import", str(incoming), "--glossary", str(small))
    assert code == 1
    assert err == (
        f"Error: 1 imported term(s) have another rendering in {small} (first: 'قسد' is 'SDF' "
        "there, 'Syrian Democratic Forces' in the import); pass --replace to take the imported "
        "renderings. Nothing was imported.\n"
    )
    assert small.read_text(encoding="utf-8") == SMALL
    code, out, _ = run(
        "glossary", "import", str(incoming), "--replace", "--json", "--glossary", str(small)
    )
    assert code == 0
    assert json.loads(out) == {"path": str(small), "added": 1, "unchanged": 1, "replaced": 1}
    code, out, _ = run("glossary", "list", "--json", "--glossary", str(small))
    assert {t["source"]: t["target"] for t in json.loads(out)} == {
        "قسد": "Syrian Democratic Forces",
        "حلب": "Aleppo",
        "مطار حلب الدولي": "Aleppo International Airport",
        "الجيش الوطني السوري": "Syrian National Army",
        "إدلب": "Idlib",
    }


def test_import_refuses_a_malformed_file(small: Path, tmp_path: Path) -> None:
    incoming = tmp_path / "in.csv"
    incoming.write_text("source,target\nحلب\n", encoding="utf-8")
    code, _, err = run("glossary", "import", str(incoming), "--glossary", str(small))
    assert code == 1
    assert err == f"Error: {incoming}, line 2: the target cell is empty; fix it and import again.\n"
    assert small.read_text(encoding="utf-8") == SMALL
    code, _, err = run(
        "glossary", "import", str(incoming), "--format", "xlsx", "--glossary", str(small)
    )
    assert (code, err) == (1, "Error: Unknown format 'xlsx': use csv, tbx or tbx2.\n")


def test_import_into_the_bundled_glossary_is_refused(tmp_path: Path) -> None:
    incoming = tmp_path / "in.csv"
    incoming.write_text("source,target\nكفرنبودة,Kafr Nabudah\n", encoding="utf-8")
    code, _, err = run("glossary", "import", str(incoming))
    assert code == 1
    assert err.startswith("Error: The bundled glossary is part of the package")
