"""Errors a user can act on. Each message is one line that names the input and says what to do;
the CLI prints it as `mtaudit: error: …` and exits with code 2."""

from __future__ import annotations


class MtauditError(Exception):
    """Base of every error that is reported to the user as one line, never a traceback."""


class InputError(MtauditError):
    """An input that cannot be audited (missing, empty, binary, undecodable, too large…)."""


class OutputError(MtauditError):
    """An output that cannot be written."""


class ModelError(MtauditError):
    """A model or engine that cannot be loaded or run (not downloaded, not installed…)."""
