"""Every error leaves with an `extensions.code` (API.md); nothing unexpected leaves with detail.

Service errors (casebook.errors) carry their code already. Parse and validation errors become
BAD_USER_INPUT. Anything else is logged with its traceback and reported as INTERNAL with a fixed
message, so no stack trace, SQL or internal name reaches a client.
"""

from __future__ import annotations

import logging

from graphql import GraphQLError

from casebook.errors import CasebookError

log = logging.getLogger("casebook.graphql")

INTERNAL_MESSAGE = "Something went wrong on our side. It has been logged."


def mask(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if isinstance(original, CasebookError):
        return error
    if original is None:
        if error.extensions and "code" in error.extensions:
            return error
        return GraphQLError(
            error.message, nodes=error.nodes, path=error.path, extensions={"code": "BAD_USER_INPUT"}
        )
    if isinstance(original, GraphQLError) and original.extensions and "code" in original.extensions:
        return error
    # A variable that does not coerce, an unknown enum value: the client's input (no path: it
    # failed before any field ran; graphql-core 3.3 reports a bad variable as a GraphQLError).
    if isinstance(original, ValueError | TypeError | GraphQLError) and error.path is None:
        return GraphQLError(error.message, nodes=error.nodes, extensions={"code": "BAD_USER_INPUT"})
    log.error("unexpected error at %s", error.path, exc_info=original)
    return GraphQLError(INTERNAL_MESSAGE, nodes=error.nodes, path=error.path, extensions={"code": "INTERNAL"})
