"""``openai``: any OpenAI-compatible chat-completions server (OpenAI, Ollama, llama.cpp, vLLM,
LM Studio), spoken with httpx.

``--base-url`` picks the server (default OpenAI's), ``--model`` the model; the key comes from
``OPENAI_API_KEY`` when set (local servers need none). Structured output is asked for with a
JSON schema, then plain JSON mode, then nothing, as far as the server accepts.
"""

from __future__ import annotations

import json
import threading
from typing import Any, ClassVar

from translate_cli.engines import chat
from translate_cli.engines.base import (
    BadReply,
    Batch,
    Capabilities,
    Engine,
    EngineError,
    RetryableError,
    env_key,
    parse_retry_after,
)

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_MODEL = "gpt-4o-mini"
KEY_ENV = "OPENAI_API_KEY"
# Ways of asking for JSON, most to least specific; a server that refuses one gets the next.
_FORMATS = ("json_schema", "json_object", None)


class OpenAIEngine(Engine):
    name = "openai"
    capabilities: ClassVar[Capabilities] = Capabilities(
        batch_size=20, batch_chars=6000, concurrency=4, structured_output=True
    )
    version = chat.PROMPT_VERSION

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.base_url = (settings.base_url or DEFAULT_BASE_URL).rstrip("/")
        self._client: Any = None
        self._format = 0  # index into _FORMATS
        self._lock = threading.Lock()

    @property
    def model(self) -> str | None:
        if self.settings.model:
            return str(self.settings.model)
        return DEFAULT_MODEL if self.base_url == DEFAULT_BASE_URL else None

    def cache_settings(self) -> dict[str, Any]:
        return {"base_url": self.base_url}

    def start(self) -> None:
        if self._client is not None:
            return
        key = env_key(KEY_ENV)
        if not key and self.base_url == DEFAULT_BASE_URL:
            raise EngineError(
                f"The openai engine needs an API key for {DEFAULT_BASE_URL}: set {KEY_ENV}, or "
                "point --base-url at a local server (e.g. Ollama's http://localhost:11434/v1)."
            )
        if not self.model:
            raise EngineError(
                f"Name the model the server at {self.base_url} should use: pass --model, set "
                "TRANSLATE_CLI_MODEL, or run 'translate-cli config set model NAME'."
            )
        import httpx

        headers = {"Content-Type": "application/json"}
        if key:
            headers["Authorization"] = f"Bearer {key}"
        timeout = httpx.Timeout(self.settings.timeout, connect=min(10.0, self.settings.timeout))
        self._client = httpx.Client(headers=headers, timeout=timeout)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def translate(self, batch: Batch) -> dict[str, str]:
        self.start()
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [
                {"role": "system", "content": chat.system_message(batch)},
                {"role": "user", "content": chat.user_message(batch)},
            ],
        }
        while True:
            fmt = _FORMATS[self._format]
            if fmt == "json_schema":
                body["response_format"] = {
                    "type": "json_schema",
                    "json_schema": {
                        "name": "translations",
                        "schema": chat.REPLY_SCHEMA,
                        "strict": True,
                    },
                }
            elif fmt == "json_object":
                body["response_format"] = {"type": "json_object"}
            else:
                body.pop("response_format", None)
            reply = self._post(body)
            if reply is not None:
                return chat.parse_reply(reply)
            with self._lock:  # the server refused this format: the next one, for every batch
                if _FORMATS[self._format] == fmt:
                    self._format += 1

    def _post(self, body: dict[str, Any]) -> str | None:
        """The model's answer text; None when the server refuses the response format."""
        import httpx

        url = f"{self.base_url}/chat/completions"
        self.count_request()
        try:
            response = self._client.post(url, content=json.dumps(body, ensure_ascii=False))
        except httpx.TimeoutException:
            raise RetryableError(
                f"no answer from {self.base_url} within {self.settings.timeout:g} s", timeout=True
            ) from None
        except httpx.ConnectError as exc:
            raise EngineError(
                f"Cannot reach {self.base_url} ({exc}): is the server running? Check --base-url."
            ) from None
        except httpx.TransportError as exc:
            raise RetryableError(f"the connection to {self.base_url} failed ({exc})") from None
        status = response.status_code
        if status == 429 or status >= 500:
            raise RetryableError(
                f"{self.base_url} answered HTTP {status}",
                parse_retry_after(response.headers.get("Retry-After")),
            )
        if status >= 400:
            message = _error_message(response)
            if status == 400 and "response_format" in body:
                # Servers word an unsupported response_format in many ways: try a simpler one.
                return None
            raise EngineError(self._describe(status, message))
        try:
            data = response.json()
            content = data["choices"][0]["message"].get("content")
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            raise EngineError(
                f"The server at {self.base_url} answered something that is not an OpenAI chat "
                "completion: check --base-url (it usually ends in /v1)."
            ) from None
        if not isinstance(content, str) or not content.strip():
            raise BadReply("the model's answer is empty")
        if data["choices"][0].get("finish_reason") == "length":
            raise BadReply("the model's answer was cut off (too long)")
        return content

    def _describe(self, status: int, message: str) -> str:
        said = f" ({message})" if message else ""
        if status in (401, 403):
            return f"The server at {self.base_url} refused the API key{said}: check {KEY_ENV}."
        if status == 404:
            return (
                f"The server at {self.base_url} has no model {self.model!r} or no chat "
                f"completions{said}: check --model and --base-url."
            )
        return f"The server at {self.base_url} refused the request with HTTP {status}{said}."


def _error_message(response: Any) -> str:
    try:
        data = response.json()
    except ValueError:
        return " ".join(response.text.split())[:200]
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict):
        return str(error.get("message") or "")[:300]
    if isinstance(error, str):
        return error[:300]
    return ""
