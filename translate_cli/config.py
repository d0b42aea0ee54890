"""User settings in ``config.toml`` in the data folder: defaults the translator would otherwise type.

Read with ``tomllib``; written by ``translate-cli config set`` as plain ``key = value`` lines.
Unknown keys and bad values are one clear error naming the file and the key, never ignored.
Environment variables and command-line options win over the file; the file wins over built-ins.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate_cli.errors import InputError

ENV_VAR = "TRANSLATE_CLI_CONFIG"


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in value):
        raise ValueError("must be one line without control characters")
    return value


def _choice(*allowed: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}")
        return str(value)

    return check


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "yes", "on", "1"):
        return True
    if isinstance(value, str) and value.lower() in ("false", "no", "off", "0"):
        return False
    raise ValueError("must be true or false")


def _http_url(value: Any) -> str:
    from translate_cli.urls import http_url

    text = _text(value)
    if not text.startswith(("http://", "https://")):
        raise ValueError("must be an http:// or https:// URL")
    if http_url(text) is None:  # a..b, an unclosed [::1, a label too long for DNS
        raise ValueError("must be a well-formed URL (check the host name, brackets and port)")
    return text


def _megabytes(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError("must be a number of MB") from None
    if isinstance(value, bool) or not 0 < number <= 65536:
        raise ValueError("must be a number of MB above 0 and at most 65536")
    return number


@dataclass(frozen=True)
class Setting:
    """One key of config.toml: how to check a value, and what it is for (shown by `config list`)."""

    check: Callable[[Any], Any]
    help: str
    env: str | None = None


SETTINGS: dict[str, Setting] = {
    "byline": Setting(_text, "Default English byline for exports (meta --byline wins)."),
    "date_format": Setting(
        _text, "strftime format of the date line in exports, e.g. '%B %-d, %Y'."
    ),
    "display": Setting(
        _choice("logical", "visual"),
        "How Arabic is printed: logical (terminals with bidi) or visual (tmux, kitty, ...).",
        env="TRANSLATE_CLI_VISUAL",
    ),
    "engine": Setting(
        _text, "Machine-translation engine for pretranslate.", "TRANSLATE_CLI_ENGINE"
    ),
    "model": Setting(_text, "Model name for the engine.", "TRANSLATE_CLI_MODEL"),
    "base_url": Setting(_http_url, "Base URL of the engine's server (OpenAI-compatible, DeepL)."),
    "reviewer": Setting(_text, "Your name, recorded in history with every change you make."),
    "pager": Setting(_bool, "Page long output when stdout is a terminal (true/false)."),
    "max_file_mb": Setting(
        _megabytes,
        "Largest TMX, XLIFF, TBX or CSV file to import, in MB (default 50).",
        "TRANSLATE_CLI_MAX_FILE_MB",
    ),
}


def config_path() -> Path:
    """``TRANSLATE_CLI_CONFIG`` if set, else ``config.toml`` in the user data folder."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    from translate_cli.paths import user_dir

    return user_dir() / "config.toml"


def check_value(key: str, value: Any, where: str = "config") -> Any:
    """The checked value of ``key``, or a one-line :class:`InputError` naming ``where``."""
    setting = SETTINGS.get(key)
    if setting is None:
        raise InputError(
            f"{where}: unknown key {key!r}: use one of {', '.join(SETTINGS)} "
            "('translate-cli config list' explains each)."
        )
    try:
        return setting.check(value)
    except ValueError as exc:
        raise InputError(f"{where}: {key} {exc} (got {value!r}).") from None


def load(path: Path | None = None) -> dict[str, Any]:
    """Every setting in the config file, checked. A missing file is an empty config."""
    path = path or config_path()
    checked = {}
    for key, value in _load_raw(path).items():
        if key not in SETTINGS:
            raise InputError(
                f"{path}: unknown key {key!r}: remove it with 'translate-cli config unset "
                f"{key}' (the keys: {', '.join(SETTINGS)})."
            )
        try:
            checked[key] = SETTINGS[key].check(value)
        except ValueError as exc:
            raise InputError(
                f"{path}: {key} {exc} (got {value!r}): fix it with 'translate-cli config set "
                f"{key} VALUE' or remove it with 'translate-cli config unset {key}'."
            ) from None
    return checked


def file_keys(path: Path | None = None) -> list[str]:
    """The keys written in the config file, valid or not."""
    return list(_load_raw(path or config_path()))


def _load_raw(path: Path) -> dict[str, Any]:
    """The file's keys and values as written, unchecked (so a bad key can still be removed)."""
    import tomllib

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise InputError(f"Cannot read the config file {path}: {exc.strerror}.") from None
    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(
            f"{path} is not valid TOML ({exc}): fix it, or run 'translate-cli config path' "
            "and remove the file."
        ) from None
    return parsed


_cache: dict[Path, tuple[float, dict[str, Any]]] = {}


def get(key: str, default: Any = None) -> Any:
    """The value of ``key``: its environment variable, else the config file, else ``default``."""
    setting = SETTINGS[key]
    if setting.env and os.environ.get(setting.env):
        value: Any = os.environ[setting.env]
        if key == "display" and value in ("1", "true", "yes", "on"):
            value = "visual"
        elif key == "display" and value in ("0", "false", "no", "off"):
            value = "logical"
        return check_value(key, value, setting.env)
    path = config_path()
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return default
    cached = _cache.get(path)
    if cached is None or cached[0] != stamp:
        cached = (stamp, load(path))
        _cache[path] = cached
    return cached[1].get(key, default)


def _toml_value(path: Path, key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float) and math.isfinite(value):
        return json.dumps(value)
    if not isinstance(value, str):
        raise InputError(
            f"{path}: {key} holds a {type(value).__name__}, which config.toml does not use: "
            "edit the file by hand, or remove it with 'translate-cli config unset "
            f"{key}'."
        )
    # A JSON string is a valid TOML basic string for the one-line values we allow.
    return json.dumps(value, ensure_ascii=False)


def max_file_bytes() -> int:
    """The size cap for imported files: ``max_file_mb`` (or its variable), else 50 MB."""
    return max(int(float(get("max_file_mb", 50.0)) * 1024 * 1024), 1)


def set_value(key: str, value: str | None) -> Path:
    """Set ``key`` (None removes it) in the config file, keeping the other keys; atomic."""
    from translate_cli.files import write_atomic

    path = config_path()
    # As written, not checked: a bad key or value elsewhere in the file is kept for the
    # translator to fix, and must not stop them from removing or fixing this one.
    current = _load_raw(path)
    if value is None:
        current.pop(key, None)
    else:
        current[key] = check_value(key, value, str(path))
    lines = [f"{k} = {_toml_value(path, k, v)}\n" for k, v in current.items()]
    write_atomic(path, "".join(lines).encode("utf-8"))
    _cache.pop(path, None)
    return path
