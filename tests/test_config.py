"""`translate-cli config path/get/set/unset/list` over config.toml, and the settings used where
they belong: byline and date format in exports, reviewer in history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run
from helpers.export_article import make_article

from translate_cli.config import SETTINGS
from translate_cli.store import Store

CONFIG_LINE = (
    f"unknown key 'colour': use one of {', '.join(SETTINGS)} "
    "('translate-cli config list' explains each)."
)


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    # conftest points TRANSLATE_CLI_HOME here; the config file lives in that folder.
    return tmp_path / "home" / "config.toml"


def test_path_set_get_unset(config_file: Path) -> None:
    assert run(None, "config", "path").stdout == f"{config_file}\n"
    r = run(None, "config", "set", "byline", "Syria TV English desk")
    assert (r.exit_code, r.stdout) == (0, f"byline = Syria TV English desk in {config_file}\n")
    run(None, "config", "set", "pager", "off")
    assert config_file.read_text() == 'byline = "Syria TV English desk"\npager = false\n'
    assert run(None, "config", "get", "byline").stdout == "Syria TV English desk\n"
    assert run(None, "config", "get", "pager").stdout == "false\n"
    r = run(None, "config", "unset", "byline")
    assert r.stdout == f"byline removed from {config_file}\n"
    missing = run(None, "config", "get", "byline")
    assert (missing.exit_code, missing.stdout) == (1, "")
    assert config_file.read_text() == "pager = false\n"


def test_bad_keys_and_values_are_one_line_naming_the_file(config_file: Path) -> None:
    for args in (("set", "colour", "red"), ("get", "colour"), ("unset", "colour")):
        r = run(None, "config", *args)
        assert (r.exit_code, r.stderr) == (1, f"Error: {config_file}: {CONFIG_LINE}\n")
    assert not config_file.exists()
    r = run(None, "config", "set", "display", "mirrored")
    assert r.stderr == (
        f"Error: {config_file}: display must be one of logical, visual (got 'mirrored').\n"
    )
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text('byline = "A"\ncolour = "red"\nmax_file_mb = 20\n')
    in_file = (
        f"Error: {config_file}: unknown key 'colour': remove it with 'translate-cli config "
        f"unset colour' (the keys: {', '.join(SETTINGS)}).\n"
    )
    r = run(None, "config", "list")
    assert (r.exit_code, r.stderr) == (1, in_file)
    # A command that reads the file says the same.
    r = run(None, "config", "get", "byline")
    assert r.stderr == in_file
    assert config_file.read_text() == 'byline = "A"\ncolour = "red"\nmax_file_mb = 20\n'


def test_the_commands_the_error_names_repair_the_file(config_file: Path) -> None:
    # The bad key can be removed, and a bad value set right, with the tool itself; the other
    # lines are kept as written.
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text('colour = "red"\ndisplay = "sideways"\nmax_file_mb = 20\n')
    r = run(None, "config", "get", "max_file_mb")
    assert r.exit_code == 1
    assert r.stderr == (
        f"Error: {config_file}: unknown key 'colour': remove it with 'translate-cli config "
        f"unset colour' (the keys: {', '.join(SETTINGS)}).\n"
    )
    assert run(None, "config", "unset", "colour").exit_code == 0
    r = run(None, "config", "get", "byline")
    assert r.stderr == (
        f"Error: {config_file}: display must be one of logical, visual (got 'sideways'): fix "
        "it with 'translate-cli config set display VALUE' or remove it with 'translate-cli "
        "config unset display'.\n"
    )
    assert run(None, "config", "set", "display", "visual").exit_code == 0
    assert (
        run(None, "config", "set", "byline", "Desk").stdout == f"byline = Desk in {config_file}\n"
    )
    assert config_file.read_text() == 'display = "visual"\nmax_file_mb = 20\nbyline = "Desk"\n'
    assert run(None, "config", "get", "max_file_mb").stdout == "20.0\n"


def test_list_shows_every_setting_and_where_it_comes_from(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(None, "config", "set", "reviewer", "Lina")
    monkeypatch.setenv("TRANSLATE_CLI_ENGINE", "deepl")
    data = json.loads(run(None, "config", "list", "--json").stdout)
    assert data["path"] == str(config_file)
    rows = {row["key"]: row for row in data["settings"]}
    assert set(rows) >= {"byline", "date_format", "display", "engine", "reviewer", "pager"}
    assert (rows["reviewer"]["value"], rows["reviewer"]["from"]) == ("Lina", "file")
    assert (rows["engine"]["value"], rows["engine"]["from"]) == ("deepl", "TRANSLATE_CLI_ENGINE")
    assert (rows["byline"]["value"], rows["byline"]["from"]) == (None, None)
    text = run(None, "config", "list").stdout
    assert "reviewer = Lina\n" in text
    assert "engine = deepl  [TRANSLATE_CLI_ENGINE]\n" in text
    assert "byline = (not set)\n" in text


def test_byline_and_date_format_are_export_defaults(db_path: Path) -> None:
    art, _ = make_article(db_path)
    plain = json.loads(run(db_path, "export", str(art), "--format", "json").stdout)
    assert (plain["date"], plain["byline"]) == ("12/03/2024", "سامر الحلبي")
    run(None, "config", "set", "byline", "Syria TV English desk")
    run(None, "config", "set", "date_format", "%B %d, %Y")
    data = json.loads(run(db_path, "export", str(art), "--format", "json").stdout)
    assert (data["date"], data["byline"]) == ("December 03, 2024", "Syria TV English desk")
    # The article's own byline wins over the default.
    assert run(db_path, "meta", str(art), "--author", "Samer Al-Halabi").exit_code == 0
    data = json.loads(run(db_path, "export", str(art), "--format", "json").stdout)
    assert data["byline"] == "Samer Al-Halabi"


def test_reviewer_is_recorded_in_history(db: Path) -> None:
    run(None, "config", "set", "reviewer", "Lina Haddad")
    assert run(db, "set", "1", "2", "The UN said.").exit_code == 0
    with Store(db) as store:
        assert [h["who"] for h in store.history(1)] == ["Lina Haddad"]
    assert "by Lina Haddad" in run(db, "history", "1").stdout
