"""The review screen (Textual): app.py draws it, session.py holds what it does, display.py
shows Arabic in logical or visual order. Imported only by `translate-cli review`."""
