"""The engines: the registry and its entry points, settings, each engine's errors as one line,
and the ``llm`` engine through a model registered with llm's own plugin manager."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import REPO, run, snapshot
from helpers.mt_servers import (
    ChatBrain,
    ChatServer,
    DeepLServer,
    deepl_server,
)

from translate_cli.engines import (
    BUILTIN,
    Batch,
    EngineSettings,
    Item,
    engine_names,
    make_engine,
)
from translate_cli.engines.base import parse_retry_after
from translate_cli.store import Store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pretranslate(db: Path, article: dict[str, Any], glossary: Path, *args: str) -> Any:
    return run(db, "pretranslate", str(article["id"]), "--glossary", str(glossary), *args)


# ---- registry and settings --------------------------------------------------------------------


def test_the_builtin_engines_are_registered_in_one_place() -> None:
    assert engine_names()[:3] == ["openai", "llm", "deepl"] == list(BUILTIN)
    for name in BUILTIN:
        engine = make_engine(name, EngineSettings())
        assert engine.name == name and engine.requests == 0


def test_a_third_party_engine_arrives_through_an_entry_point(
    tmp_path: Path, db_path: Path, article: dict[str, Any], glossary: Path
) -> None:
    # A real installed distribution on sys.path: a module and its entry_points.txt.
    site = tmp_path / "site"
    (site / "shouting_engine-1.0.dist-info").mkdir(parents=True)
    (site / "shouting_engine-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: shouting-engine\nVersion: 1.0\n"
    )
    (site / "shouting_engine-1.0.dist-info" / "entry_points.txt").write_text(
        "[translate_cli.engines]\nshout = shouting_engine:Shout\n"
    )
    (site / "shouting_engine.py").write_text(
        textwrap.dedent(
            """
            from translate_cli.engines import Engine

            class Shout(Engine):
                name = "shout"

                def translate(self, batch):
                    self.requests += 1
                    return {item.id: f"SEGMENT {item.id}." for item in batch.items}
            """
        )
    )
    sys.path.insert(0, str(site))
    try:
        assert "shout" in engine_names()
        r = pretranslate(db_path, article, glossary, "--engine", "shout", "--json")
    finally:
        sys.path.remove(str(site))
        sys.modules.pop("shouting_engine", None)
    # The caller's binding still applies: drafts without their terms are masked or refused.
    out = json.loads(r.stdout)
    assert out["engine"] == "shout" and out["requests"] >= 1
    assert out["terms"]["kept"] == 0


def test_no_engine_configured_says_how_to_configure_one(
    db_path: Path, article: dict[str, Any], glossary: Path
) -> None:
    before = snapshot(db_path)
    r = pretranslate(db_path, article, glossary)
    assert r.exit_code == 1
    assert r.stderr == (
        "Error: No machine-translation engine is configured: pass --engine openai|llm|deepl, "
        "set TRANSLATE_CLI_ENGINE, or run 'translate-cli config set engine openai'.\n"
    )
    assert snapshot(db_path) == before


def test_unknown_engine_is_one_line(db_path: Path, article: dict[str, Any], glossary: Path) -> None:
    r = pretranslate(db_path, article, glossary, "--engine", "babelfish")
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: Unknown engine 'babelfish': use one of openai, llm, deepl")
    assert r.stderr.count("\n") == 1


def test_engine_model_and_url_come_from_the_environment_and_config(
    db_path: Path,
    article: dict[str, Any],
    glossary: Path,
    chat: ChatServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert run(None, "config", "set", "engine", "openai").exit_code == 0
    assert run(None, "config", "set", "base_url", chat.base_url).exit_code == 0
    monkeypatch.setenv("TRANSLATE_CLI_MODEL", "fake-mt")
    out = json.loads(pretranslate(db_path, article, glossary, "--json").stdout)
    assert (out["engine"], out["model"], out["filled"]) == ("openai", "fake-mt", article["new"])
    assert chat.chat_requests[0]["body"]["model"] == "fake-mt"


def test_the_engines_libraries_load_only_when_used() -> None:
    code = (
        "import sys\n"
        "from translate_cli.cli import app\n"
        "from translate_cli import pretranslate, checks\n"
        "from translate_cli.engines import engine_names, make_engine, EngineSettings\n"
        "engine_names()\n"
        "for name in ('openai', 'llm', 'deepl'): make_engine(name, EngineSettings())\n"
        "print(sorted(m for m in ('llm', 'deepl', 'openai', 'httpx', 'requests') "
        "if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert out.stdout.strip() == "[]"


def test_retry_after_in_seconds_or_as_a_date() -> None:
    assert parse_retry_after("2") == 2.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    later = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 30))
    assert 25 <= (parse_retry_after(later) or 0) <= 31


# ---- openai: the protocol and its errors ------------------------------------------------------


def test_openai_falls_back_from_json_schema_to_json_mode(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    chat.reject_schema = True
    r = pretranslate(
        db_path,
        article,
        glossary,
        *("--engine", "openai", "--base-url", chat.base_url, "--model", "fake-mt", "--json"),
        "--batch-size",
        "4",
        "--concurrency",
        "1",
    )
    out = json.loads(r.stdout)
    assert out["filled"] == article["new"]
    formats = [(req["body"].get("response_format") or {}).get("type") for req in chat.requests]
    # One refusal, then every request in JSON mode.
    assert formats == ["json_schema", "json_object", "json_object"]
    assert out["requests"] == 3


def test_openai_sends_the_key_from_the_environment(
    db_path: Path,
    article: dict[str, Any],
    glossary: Path,
    chat: ChatServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chat.api_key = "sk-test-123"
    args = ("--engine", "openai", "--base-url", chat.base_url, "--model", "fake-mt")
    before = snapshot(db_path)
    r = pretranslate(db_path, article, glossary, *args)
    assert r.exit_code == 1
    assert r.stderr == (
        f"Error: The server at {chat.base_url} refused the API key (Incorrect API key "
        "provided): check OPENAI_API_KEY.\n"
    )
    assert snapshot(db_path) == before
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-123")
    r = pretranslate(db_path, article, glossary, *args)
    assert r.exit_code == 0, r.stderr
    assert chat.chat_requests[-1]["headers"]["authorization"] == "Bearer sk-test-123"


def test_openai_without_a_key_sends_nothing(
    db_path: Path, article: dict[str, Any], glossary: Path
) -> None:
    before = snapshot(db_path)
    r = pretranslate(db_path, article, glossary, "--engine", "openai")
    assert r.exit_code == 1
    assert r.stderr == (
        "Error: The openai engine needs an API key for https://api.openai.com/v1: set "
        "OPENAI_API_KEY, or point --base-url at a local server (e.g. Ollama's "
        "http://localhost:11434/v1).\n"
    )
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (
            "model",
            "Error: The server at {url} has no model 'nope' or no chat completions (The model "
            "`nope` does not exist): check --model and --base-url.\n",
        ),
        (
            "garbage",
            "Error: The server at {url} answered something that is not an OpenAI chat "
            "completion: check --base-url (it usually ends in /v1).\n",
        ),
        (
            "unreachable",
            "Error: Cannot reach {url} (",
        ),
    ],
)
def test_openai_bad_servers_are_one_line_and_change_nothing(
    db_path: Path,
    article: dict[str, Any],
    glossary: Path,
    chat: ChatServer,
    setup: str,
    expected: str,
) -> None:
    url, model = chat.base_url, "fake-mt"
    if setup == "model":
        model = "nope"
    elif setup == "garbage":
        chat.garbage = True
    else:
        url = f"http://127.0.0.1:{free_port()}/v1"
    before = snapshot(db_path)
    r = pretranslate(
        db_path, article, glossary, "--engine", "openai", "--base-url", url, "--model", model
    )
    assert r.exit_code == 1
    assert r.stderr.startswith(expected.format(url=url))
    assert r.stderr.count("\n") == 1
    assert snapshot(db_path) == before


def test_a_bad_base_url_is_refused_before_anything_is_sent(
    db_path: Path, article: dict[str, Any], glossary: Path
) -> None:
    r = pretranslate(db_path, article, glossary, "--engine", "openai", "--base-url", "localhost")
    assert r.exit_code == 1
    assert r.stderr == (
        "Error: --base-url: base_url must be an http:// or https:// URL (got 'localhost').\n"
    )


def test_the_openai_engine_on_its_own(chat: ChatServer) -> None:
    engine = make_engine("openai", EngineSettings(model="fake-mt", base_url=chat.base_url))
    batch = Batch(items=[Item("7", "وأكدت تركيا دعمها للعملية.")], title="عنوان")
    assert engine.translate(batch) == {"7": "Confirmed Turkey its support for the operation."}
    assert engine.requests == 1
    engine.close()


# ---- deepl errors -----------------------------------------------------------------------------


def test_deepl_without_a_key_or_with_a_wrong_one(
    db_path: Path,
    article: dict[str, Any],
    glossary: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = snapshot(db_path)
    with deepl_server() as srv:
        args = ("--engine", "deepl", "--base-url", srv.url())
        r = pretranslate(db_path, article, glossary, *args)
        assert r.exit_code == 1
        assert r.stderr == (
            "Error: The deepl engine needs a DeepL API key: set DEEPL_AUTH_KEY "
            "(see https://www.deepl.com/your-account/keys).\n"
        )
        assert srv.count == 0
        monkeypatch.setenv("DEEPL_AUTH_KEY", "wrong-key")
        r = pretranslate(db_path, article, glossary, *args)
        assert r.exit_code == 1
        assert r.stderr == f"Error: DeepL at {srv.url()} refused the key: check DEEPL_AUTH_KEY.\n"
    assert snapshot(db_path) == before


def test_deepl_server_that_answers_garbage(
    db_path: Path, article: dict[str, Any], glossary: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", DeepLServer.KEY)
    before = snapshot(db_path)
    with deepl_server() as srv:
        srv.garbage = True
        r = pretranslate(db_path, article, glossary, "--engine", "deepl", "--base-url", srv.url())
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: ") and r.stderr.count("\n") == 1
    assert "check --base-url" in r.stderr
    assert snapshot(db_path) == before


# ---- llm, through llm's own plugin manager ----------------------------------------------------


@pytest.fixture
def llm_model() -> Iterator[ChatBrain]:
    """A model called fake-llm-mt, registered the way an llm plugin registers one."""
    llm = pytest.importorskip("llm")
    brain = ChatBrain()

    class FakeTranslator(llm.Model):
        model_id = "fake-llm-mt"
        supports_schema = True

        def execute(self, prompt: Any, stream: bool, response: Any, conversation: Any) -> Any:
            assert prompt.schema is not None  # structured output is asked for
            yield brain.answer(prompt.system or "", prompt.prompt)

    class Plugin:
        @llm.hookimpl
        def register_models(self, register: Any) -> None:
            register(FakeTranslator())

    plugin = Plugin()
    llm.plugins.pm.register(plugin, name="translate-cli-test-model")
    try:
        yield brain
    finally:
        llm.plugins.pm.unregister(plugin)


def test_llm_engine_drafts_through_a_registered_model(
    db_path: Path, article: dict[str, Any], glossary: Path, llm_model: ChatBrain
) -> None:
    llm_model.glossary = "ignore"
    r = pretranslate(
        db_path, article, glossary, "--engine", "llm", "--model", "fake-llm-mt", "--json"
    )
    out = json.loads(r.stdout)
    assert r.exit_code == 0, r.stderr
    assert (out["engine"], out["model"]) == ("llm", "fake-llm-mt")
    assert out["filled"] == article["new"]
    assert out["terms"]["masked"] == out["terms"]["required"] == 11
    assert out["requests"] == len(llm_model.calls) == 3
    first = llm_model.calls[0]
    assert "Glossary" in first["system"] and {"id", "text"} == set(first["user"]["segments"][0])
    with Store(db_path) as store:
        origin = json.loads(store.segment(article["id"], article["new"][0])["origin"] or "{}")
    assert (origin["engine"], origin["model"]) == ("llm", "fake-llm-mt")


def test_llm_engine_with_an_unknown_model(
    db_path: Path, article: dict[str, Any], glossary: Path, llm_model: ChatBrain
) -> None:
    before = snapshot(db_path)
    r = pretranslate(db_path, article, glossary, "--engine", "llm", "--model", "no-such-model")
    assert r.exit_code == 1
    assert r.stderr == (
        "Error: llm knows no model 'no-such-model': run 'llm models' to list the models its "
        "plugins provide, and pass one with --model.\n"
    )
    assert snapshot(db_path) == before


# ---- Ctrl-C -----------------------------------------------------------------------------------


def test_ctrl_c_keeps_the_drafts_already_made(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer, tmp_path: Path
) -> None:
    chat.delay = 0.4
    env = {**os.environ, "TRANSLATE_CLI_DB": str(db_path)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "translate_cli",
            "pretranslate",
            str(article["id"]),
            *("--engine", "openai", "--base-url", chat.base_url, "--model", "fake-mt"),
            *("--batch-size", "1", "--concurrency", "1", "--glossary", str(glossary)),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )

    def drafted() -> int:
        with Store(db_path) as store:
            return sum(1 for s in store.segments(article["id"]) if s["origin"])

    deadline = time.monotonic() + 30
    while drafted() < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 130, err
    kept = drafted()
    assert 2 <= kept < len(article["new"])
    assert "Interrupted: " in err and "draft(s) saved" in err
    # Nothing half-written: every draft has its history row; a rerun finishes the rest.
    with Store(db_path) as store:
        rows = [h for h in store.history(article["id"]) if h["action"] == "pretranslate"]
    assert len(rows) == kept
    chat.delay = 0
    r = pretranslate(
        db_path,
        article,
        glossary,
        *("--engine", "openai", "--base-url", chat.base_url, "--model", "fake-mt", "--json"),
    )
    assert len(json.loads(r.stdout)["filled"]) == len(article["new"]) - kept
