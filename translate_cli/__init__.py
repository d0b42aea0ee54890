"""translate-cli: a terminal workbench for translating Arabic news articles into English."""

__version__ = "0.1.0"
