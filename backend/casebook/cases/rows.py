"""A case as the read paths carry it: a plain row, selected with CASE_COLUMNS."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypedDict


class CaseRow(TypedDict):
    id: int
    number: int
    subject: str
    description: str | None
    status: str
    priority: str
    type: str
    origin: str
    account_id: int | None
    reported_by_id: int | None
    assignee_id: int | None
    team_id: int | None
    created_by_id: int | None
    email: str | None
    phone: str | None
    product: str | None
    reason: str | None
    topic: str | None
    tags: list[str]  # JSON text on SQLite until normalise_case decodes it
    internal_comments: str | None
    solution: str | None
    parent_id: int | None
    merged_into_id: int | None
    last_post_id: int | None
    last_public_post_id: int | None
    created_at: datetime | str  # SQLite returns text
    updated_at: datetime | str
    first_response_at: datetime | str | None
    resolved_at: datetime | str | None
    closed_at: datetime | str | None


# The SELECT list: the row's keys, so that the two cannot drift apart.
CASE_COLUMNS = ", ".join(CaseRow.__annotations__)


class CaseEdgeRow(TypedDict):
    cursor: str
    node: CaseRow


class PageInfoRow(TypedDict):
    has_next_page: bool
    end_cursor: str | None


class CaseConnectionRow(TypedDict):
    edges: list[CaseEdgeRow]
    page_info: PageInfoRow
    # Matching cases up to the count limit and whether more match; counted only when asked for.
    count: Callable[[], Awaitable[tuple[int, bool]]]
