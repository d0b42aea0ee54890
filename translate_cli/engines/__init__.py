"""Machine-translation engines behind one small interface (see :mod:`translate_cli.engines.base`)."""

from translate_cli.engines.base import (
    BUILTIN,
    CONFIGURE_HINT,
    ENTRY_POINT_GROUP,
    BadReply,
    Batch,
    Capabilities,
    Engine,
    EngineError,
    EngineSettings,
    Item,
    RetryableError,
    TermPair,
    engine_class,
    engine_names,
    make_engine,
)

__all__ = [
    "BUILTIN",
    "CONFIGURE_HINT",
    "ENTRY_POINT_GROUP",
    "BadReply",
    "Batch",
    "Capabilities",
    "Engine",
    "EngineError",
    "EngineSettings",
    "Item",
    "RetryableError",
    "TermPair",
    "engine_class",
    "engine_names",
    "make_engine",
]
