"""``llm``: any model Simon Willison's ``llm`` library reaches through its plugins (Anthropic,
Gemini, Mistral, Ollama, llama.cpp, MLX...), keys from llm's own key store.

``llm`` is imported only when this engine runs. Which plugins load stays the user's choice:
llm reads ``LLM_LOAD_PLUGINS`` itself, and nothing here changes it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from translate_cli.engines import chat
from translate_cli.engines.base import (
    BadReply,
    Batch,
    Capabilities,
    Engine,
    EngineError,
    RetryableError,
)


class LlmEngine(Engine):
    name = "llm"
    # Plugins differ; local models are often single-threaded, so fewer requests in flight.
    capabilities: ClassVar[Capabilities] = Capabilities(
        batch_size=20, batch_chars=6000, concurrency=2, structured_output=True
    )
    version = chat.PROMPT_VERSION

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self._model: Any = None

    @property
    def model(self) -> str | None:
        if self._model is not None:
            return str(self._model.model_id)
        if self.settings.model:
            return str(self.settings.model)
        try:  # llm's default model (llm models default), for the cache key and the origin
            import llm
        except ImportError:
            return None
        return str(llm.get_default_model())

    def start(self) -> None:
        if self._model is not None:
            return
        try:
            import llm
        except ImportError:
            raise EngineError(
                "The llm engine needs the 'llm' package: install it with 'pip install llm'."
            ) from None
        try:
            model = llm.get_model(self.settings.model or None)
        except llm.UnknownModelError:
            raise EngineError(
                f"llm knows no model {self.settings.model!r}: run 'llm models' to list the "
                "models its plugins provide, and pass one with --model."
            ) from None
        if getattr(model, "needs_key", None):
            try:
                model.get_key()
            except llm.NeedsKeyException as exc:
                raise _no_key(model, exc) from None
        self._model = model

    def translate(self, batch: Batch) -> dict[str, str]:
        self.start()
        import llm

        model = self._model
        kwargs: dict[str, Any] = {"system": chat.system_message(batch), "stream": False}
        if getattr(model, "supports_schema", False):
            kwargs["schema"] = chat.REPLY_SCHEMA
        self.count_request()
        try:
            text = model.prompt(chat.user_message(batch), **kwargs).text()
        except llm.NeedsKeyException as exc:
            raise _no_key(model, exc) from None
        except llm.ModelError as exc:
            raise RetryableError(f"the llm model {model.model_id!r} failed: {exc}") from None
        except Exception as exc:  # plugins raise their own client errors; retried, then reported
            raise RetryableError(
                f"the llm model {model.model_id!r} failed: {type(exc).__name__}: {exc}"
            ) from None
        if not text or not text.strip():
            raise BadReply("the model's answer is empty")
        return chat.parse_reply(text)


def _no_key(model: Any, exc: Exception) -> EngineError:
    return EngineError(f"The llm model {model.model_id!r} has no key: {exc}.")
