"""An account as the read paths carry it: a plain row, selected with ACCOUNT_COLUMNS."""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict


class AccountRow(TypedDict):
    id: int
    name: str
    domain: str | None
    phone: str | None
    notes: str | None
    created_at: datetime | str  # SQLite returns text


ACCOUNT_COLUMNS = ", ".join(AccountRow.__annotations__)
