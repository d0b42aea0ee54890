"""Shared fixtures: an isolated data folder per test, pinned Rich output, databases, a real
loopback HTTP server. Helpers that are not fixtures live in ``tests/helpers``."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import FIXTURES, REPO, SHARED
from helpers.review_article import make_article

from translate_cli.store import Store

__all__ = ["FIXTURES", "REPO", "SHARED"]
# glossary, article and chat: the machine-translation tests' fixtures.
pytest_plugins = ["helpers.mt_fixtures"]


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("TRANSLATE_CLI_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    for name in (
        "TRANSLATE_CLI_DB",
        "TRANSLATE_CLI_GLOSSARY",
        "TRANSLATE_CLI_VISUAL",
        "TRANSLATE_CLI_ENGINE",
        "TRANSLATE_CLI_MODEL",
        "OPENAI_API_KEY",
        "DEEPL_AUTH_KEY",
        "EDITOR",
        "VISUAL",
    ):
        monkeypatch.delenv(name, raising=False)
    # Stable Rich output: fixed width, no colour, no terminal.
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    # Tests run from a temp dir so a ./glossary.csv in the repo does not leak in.
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database file that does not exist yet."""
    return tmp_path / "work.db"


@pytest.fixture
def db(db_path: Path) -> Path:
    """A database holding the review article (helpers.review_article) as article 1."""
    make_article(db_path)
    return db_path


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """An open Store on ``db_path`` (empty unless the test also asks for ``db``)."""
    with Store(db_path) as opened:
        yield opened


@dataclass
class Route:
    body: bytes
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    # Serve these statuses first, one per request, then the real reply (for retry tests).
    failures: list[int] = field(default_factory=list)
    # Seconds between bytes of the body: a server that trickles (for deadline tests).
    trickle: float = 0.0


class LocalServer:
    """A real HTTP server on 127.0.0.1 serving registered routes."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[dict[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.hits[self.path] += 1
                server.requests.append({k.lower(): v for k, v in self.headers.items()})
                route = server.routes.get(self.path)
                if route is None:
                    self._reply(404, {"Content-Type": "text/html"}, b"<h1>not found</h1>")
                    return
                if route.failures:
                    self._reply(
                        route.failures.pop(0),
                        {"Content-Type": "text/html", "Retry-After": "0"},
                        b"busy",
                    )
                    return
                if route.delay:
                    time.sleep(route.delay)
                self._reply(route.status, route.headers, route.body, route.trickle)

            def _reply(
                self, status: int, headers: dict[str, str], body: bytes, trickle: float = 0.0
            ) -> None:
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    if "Content-Length" not in headers:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if not trickle:
                        self.wfile.write(body)
                    for i in range(len(body) if trickle else 0):
                        self.wfile.write(body[i : i + 1])
                        self.wfile.flush()
                        time.sleep(trickle)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        # shutdown() waits for the serving loop to notice; the default 0.5 s poll made every
        # test using the server pay up to half a second at teardown.
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(
        self,
        path: str,
        body: bytes | str,
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        **kwargs: object,
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        headers = dict(kwargs.pop("headers", {}) or {})  # type: ignore[call-overload]
        if content_type:
            headers.setdefault("Content-Type", content_type)
        self.routes[path] = Route(data, status, headers, **kwargs)  # type: ignore[arg-type]
        return self.url(path)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    srv = LocalServer()
    yield srv
    srv.close()
