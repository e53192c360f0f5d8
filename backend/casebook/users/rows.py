"""A user as other people see them: a plain row, selected with USER_COLUMNS."""

from __future__ import annotations

from typing import TypedDict


class UserRow(TypedDict):
    id: int
    email: str
    name: str
    role: str
    contact_id: int | None
    is_active: bool
    is_away: bool
    auto_follow: bool


USER_COLUMNS = ", ".join(UserRow.__annotations__)


class ViewerRow(TypedDict):
    """The signed-in user, made from her Actor (no query)."""

    id: int | None
    name: str
    email: str | None
    role: str | None
    auto_follow: bool
    can_create_cases: bool
    can_see_account_cases: bool
    contact_id: int | None
