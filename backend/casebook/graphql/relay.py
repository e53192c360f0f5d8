"""Relay connection plumbing: cursors and page info."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

import orjson
import strawberry

from casebook import settings
from casebook.errors import InputError
from casebook.graphql.ids import is_id
from casebook.graphql.inputs import is_bad_text


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


# What each position of a cursor holds. A decoded cursor is checked against its list's shape
# before any value reaches SQL: a string compared with an integer column, a number past int8 or a
# NUL had made the driver raise (INTERNAL).
ID = "id"  # one of our ids (casebook.graphql.ids)
INT = "int"  # an int4 value (a case number, a priority rank)
TEXT = "text"  # storable text (casebook.graphql.inputs)
DATETIME = "datetime"  # an ISO 8601 date-time, as the list's sort key wrote it
_CURSOR_MAX = 512  # characters; the longest real cursor (a 200-character name) is well below
_INVALID = "The cursor is not one this list gave out."


def encode_cursor(kind: str, values: list[Any]) -> str:
    """A cursor of the list `kind` (its name and order: another list's cursor is refused)."""
    return base64.urlsafe_b64encode(orjson.dumps([kind, *values], default=str)).decode()


def decode_cursor(cursor: str, kind: str, shape: tuple[str, ...]) -> list[Any]:
    """The values of a cursor of the list `kind`, each checked against `shape`; else BAD_USER_INPUT."""
    try:
        if len(cursor) > _CURSOR_MAX:
            raise ValueError("too long")
        raw = base64.urlsafe_b64decode(cursor.encode("ascii"))
        # Only the exact text we encode: the decoder skips stray characters and data after padding.
        if base64.urlsafe_b64encode(raw).decode() != cursor:
            raise ValueError("not canonical")
        decoded = orjson.loads(raw)
    except Exception:
        raise InputError("after", _INVALID) from None
    if type(decoded) is not list or len(decoded) != len(shape) + 1 or decoded[0] != kind:
        raise InputError("after", _INVALID)
    values = decoded[1:]
    if not all(_fits(value, expected) for value, expected in zip(values, shape, strict=True)):
        raise InputError("after", _INVALID)
    return values


def _fits(value: Any, expected: str) -> bool:
    if expected == ID:
        return is_id(value)
    if expected == INT:
        return type(value) is int and -(2**31) <= value < 2**31
    if type(value) is not str or is_bad_text(value):
        return False
    if expected == DATETIME:
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return False
    return True


def page_size(first: int | None, default: int = 25) -> int:
    if first is None:
        return default
    if first < 0:
        raise InputError("first", "first must not be negative.")
    return min(first, settings.MAX_PAGE_SIZE)
