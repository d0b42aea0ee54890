"""Fixtures of the machine-translation tests (engines, pretranslate, hostile engine settings):
the fixture glossary, the article to pretranslate and a chat-completions server on 127.0.0.1.
Registered for every test module by ``pytest_plugins`` in ``tests/conftest.py``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers.mt_servers import ChatServer, chat_server, make_article, write_glossary


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    return write_glossary(tmp_path)


@pytest.fixture
def article(db_path: Path) -> dict[str, Any]:
    return make_article(db_path)


@pytest.fixture
def chat() -> Iterator[ChatServer]:
    with chat_server() as srv:
        yield srv
