"""Text no database may receive, refused once for the whole schema before any resolver runs.

PostgreSQL rejects a NUL character in text (the driver's error surfaced as INTERNAL, even from an
anonymous `login`) and SQLite stores it; an unpaired surrogate cannot be encoded as UTF-8 at all.
So every string a client sends — argument literals, input-object fields, list items, variable
values of any type (String, ID, DateTime, custom scalars), variable defaults — is checked here,
in two places that together see all of them:

- `TextRule`, a validation rule, checks the literals of a document. Validation results are cached
  per document (ValidationCache), so a known document costs nothing here.
- `refuse_variables` checks the raw variable values before they are coerced; the executor calls
  it for queries, mutations and subscriptions over HTTP and WebSocket, and compiled plans call it
  before running (casebook.fastpath.compiled).

The answer is BAD_USER_INPUT naming the field: the innermost input-object field or argument that
holds the string.
"""

from __future__ import annotations

import re
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLError,
    ListValueNode,
    Node,
    ObjectFieldNode,
    StringValueNode,
    VariableDefinitionNode,
    VariableNode,
    Visitor,
    visit,
)
from graphql.validation import ValidationRule

_SURROGATE = re.compile("[\ud800-\udfff]")


def is_bad_text(value: str) -> bool:
    """Whether a string holds a NUL or an unpaired surrogate (ASCII text skips the regex)."""
    return "\x00" in value or (not value.isascii() and _SURROGATE.search(value) is not None)


def refusal(field: str, nodes: Node | list[Node] | None = None) -> GraphQLError:
    return GraphQLError(
        f"{field} contains a character that cannot be stored (NUL or an unpaired surrogate).",
        nodes,
        extensions={"code": "BAD_USER_INPUT", "field": field},
    )


class TextRule(ValidationRule):
    """Refuses string literals (and variable defaults) with NUL or unpaired surrogates."""

    def enter_string_value(
        self, node: StringValueNode, _key: Any, parent: Any, _path: Any, ancestors: Any
    ) -> None:
        if is_bad_text(node.value):
            self.report_error(refusal(_holder([*ancestors, parent]), node))


def _holder(ancestors: list[Any]) -> str:
    """The name of the nearest argument, input field or variable holding a literal."""
    for ancestor in reversed(ancestors):
        if isinstance(ancestor, ArgumentNode | ObjectFieldNode):
            return ancestor.name.value
        if isinstance(ancestor, VariableDefinitionNode):
            return ancestor.variable.name.value
    return "query"


def _first_bad(value: Any, field: str | None) -> tuple[str | None] | None:
    """(the innermost object key above the first bad string,) or None when all text is fine."""
    if type(value) is str:
        return (field,) if is_bad_text(value) else None
    if type(value) is dict:
        for key, item in value.items():
            if type(key) is str and is_bad_text(key):
                return (key,)
            found = _first_bad(item, key)
            if found is not None:
                return found
    elif type(value) is list:
        for item in value:
            found = _first_bad(item, field)
            if found is not None:
                return found
    return None


def refuse_variables(document: DocumentNode, variables: dict[str, Any] | None) -> GraphQLError | None:
    """The error for the first bad string in the variables, or None (the usual, cheap case)."""
    if not variables:
        return None
    for name, value in variables.items():
        found = _first_bad(value, None)
        if found is None:
            continue
        field = found[0] or _argument_of(document, name) or name
        return refusal(field)
    return None


def _argument_of(document: DocumentNode, variable: str) -> str | None:
    """The argument or input field a variable is first passed to (on the error path only)."""
    found: list[str] = []

    class Finder(Visitor):
        def enter_variable(
            self, node: VariableNode, _key: Any, parent: Any, _path: Any, ancestors: Any
        ) -> Any:
            if node.name.value != variable:
                return None
            for holder in reversed([*ancestors, parent]):
                if isinstance(holder, ArgumentNode | ObjectFieldNode):
                    found.append(holder.name.value)
                    return Visitor.BREAK
                if isinstance(holder, Node) and not isinstance(holder, ListValueNode):
                    return None  # the variable's own definition, a directive: no field to name
            return None

    visit(document, Finder())
    return found[0] if found else None
