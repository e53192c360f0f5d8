"""A contact as the read paths carry it: a plain row, selected with CONTACT_COLUMNS."""

from __future__ import annotations

from typing import TypedDict


class ContactRow(TypedDict):
    id: int
    name: str
    email: str | None
    phone: str | None
    account_id: int | None


CONTACT_COLUMNS = ", ".join(ContactRow.__annotations__)
