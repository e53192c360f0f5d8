"""Relay connection plumbing: cursors and page info."""

from __future__ import annotations

import base64
from typing import Any

import orjson
import strawberry

from casebook import settings
from casebook.errors import InputError


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


def encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(values, default=str)).decode()


def decode_cursor(cursor: str) -> list[Any]:
    try:
        values = orjson.loads(base64.urlsafe_b64decode(cursor.encode()))
    except Exception as exc:
        raise InputError("after", "The cursor is not one this server gave out.") from exc
    if not isinstance(values, list):
        raise InputError("after", "The cursor is not one this server gave out.")
    return values


def page_size(first: int | None, default: int = 25) -> int:
    if first is None:
        return default
    if first < 0:
        raise InputError("first", "first must not be negative.")
    return min(first, settings.MAX_PAGE_SIZE)
