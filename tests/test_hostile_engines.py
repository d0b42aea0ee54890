"""Hostile engine settings, found by the held-out battery of issue 13: a --base-url the HTTP
client cannot parse and an API key that cannot go into a header are one line before anything
is sent, not the last-resort "unexpected" error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import run, snapshot
from helpers.mt_servers import ChatServer, make_article, write_glossary


def _pretranslate(db: Path, glossary: Path, *args: str) -> Any:
    return run(db, "pretranslate", "1", "--glossary", str(glossary), "--model", "fake-mt", *args)


@pytest.mark.parametrize(
    "url",
    ["http://[::1/v1", "http://a..b/v1", "http://" + "a" * 64 + ".example/v1", "http:///v1"],
)
def test_a_malformed_base_url_is_one_line(tmp_path: Path, db_path: Path, url: str) -> None:
    make_article(db_path)
    before = snapshot(db_path)
    result = _pretranslate(
        db_path, write_glossary(tmp_path), "--engine", "openai", "--base-url", url
    )
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: --base-url: base_url must be a well-formed URL (check the host name, brackets "
        f"and port) (got {url!r}).\n",
    )
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    ("engine", "env"), [("openai", "OPENAI_API_KEY"), ("deepl", "DEEPL_AUTH_KEY")]
)
@pytest.mark.parametrize("key", ["sk-1\r\nX-Evil: 1", "sk-\udcff", "sk-\u202e"])
def test_an_api_key_that_cannot_be_a_header_is_one_line(
    tmp_path: Path,
    db_path: Path,
    chat: ChatServer,
    monkeypatch: pytest.MonkeyPatch,
    engine: str,
    env: str,
    key: str,
) -> None:
    make_article(db_path)
    monkeypatch.setenv(env, key)
    result = _pretranslate(
        db_path, write_glossary(tmp_path), "--engine", engine, "--base-url", chat.base_url
    )
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {env} must be printable ASCII on one line: set it again.\n",
    )
    assert chat.count == 0
