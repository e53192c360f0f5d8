from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, NewType

import strawberry


def _serialize(value: Any) -> str:
    # SQLite hands back text, PostgreSQL datetime objects: one output format for both.
    if value.__class__ is datetime and value.tzinfo is UTC:
        return value.isoformat().replace("+00:00", "Z")  # the usual case: asyncpg's UTC values
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


DateTime = NewType("DateTime", datetime)

SCALAR_MAP: dict[object, Any] = {
    DateTime: strawberry.scalar(
        name="DateTime",
        description="An ISO 8601 date-time in UTC.",
        serialize=_serialize,
        parse_value=lambda v: datetime.fromisoformat(v),
    )
}
