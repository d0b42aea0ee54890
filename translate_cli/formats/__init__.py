"""Interchange file formats: pure bytes <-> dataclasses, never the store."""
