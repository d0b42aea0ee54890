"""The domain errors core modules raise; the CLI turns each into one line on stderr and exit 1."""


class TranslateCliError(Exception):
    """Base class: the message is a complete sentence telling the user what happened and what to do."""

    exit_code = 1


class InputError(TranslateCliError):
    """The user gave an argument, option or file the tool cannot use."""


class NotFoundError(TranslateCliError):
    """An article, segment or file the user named does not exist."""


class FetchError(TranslateCliError):
    """Downloading a page failed (network, HTTP status, size, content type)."""


class ExtractionError(TranslateCliError):
    """A page was downloaded or read but holds no article text."""


class StoreError(TranslateCliError):
    """The database cannot be opened, read or written."""


class GlossaryError(TranslateCliError):
    """The glossary file is missing or malformed."""


class FormatError(TranslateCliError):
    """An exchange file (XLIFF, TMX, TBX, CSV) is malformed, hostile or does not fit."""


class CheckFailed(TranslateCliError):
    """Quality checks or the approval gate refuse an operation."""
