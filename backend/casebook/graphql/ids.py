"""Ids sent by clients: one parser, bounded to what our tables can hold."""

from __future__ import annotations

from typing import Any

from casebook.errors import InputError, NotFound

# Every id is a serial int4 on PostgreSQL; a larger number (or one past int8 on SQLite) made the
# driver raise, answered INTERNAL. A number outside this range names nothing that can exist.
MAX_ID = 2**31 - 1


def is_id(value: int) -> bool:
    return type(value) is int and 0 < value <= MAX_ID


def to_int(value: Any, field: str) -> int | None:
    """The one parser of client-sent ids (ID arguments and input fields; cursors and /files too).

    Digits only (no sign, spaces, `1_0` or non-ASCII digits, which int() would take): anything else
    is BAD_USER_INPUT. A well-formed number that cannot be one of our ids (0, negative, past int4)
    is NOT_FOUND, as an unused id in range is.
    """
    if value is None:
        return None
    if type(value) is int:
        number = value
    elif (
        type(value) is str
        and value.isascii()
        and (value.isdigit() or (value[:1] == "-" and value[1:].isdigit()))
    ):
        # Long digit strings are out of range anyway: do not convert megabytes of digits.
        number = int(value) if len(value) <= 12 else MAX_ID + 1
    else:
        raise InputError(field, f"{field} is not a valid id.")
    if not is_id(number):
        raise NotFound(f"Nothing has this {field}.", field=field)
    return number
