"""Expected failures of the services, each with the code the API reports (API.md)."""

from __future__ import annotations


class CasebookError(Exception):
    code = "INTERNAL"

    def __init__(self, message: str, **extensions: object) -> None:
        super().__init__(message)
        self.message = message
        # graphql-core copies an original error's `extensions` dict into the reported error.
        self.extensions = {"code": self.code, **extensions}


class Unauthenticated(CasebookError):
    code = "UNAUTHENTICATED"


class Forbidden(CasebookError):
    code = "FORBIDDEN"


class NotFound(CasebookError):
    code = "NOT_FOUND"


class RateLimited(CasebookError):
    code = "RATE_LIMITED"


class InputError(CasebookError):
    """Bad input: names the offending field so a form can show the message beside it."""

    code = "BAD_USER_INPUT"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field=field)
        self.field = field


class Conflict(CasebookError):
    """The record changed since the caller read it (`ifUnchangedSince`); nothing was written."""

    code = "CONFLICT"
