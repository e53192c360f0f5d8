"""Batch reads of contacts by id, for the per-request loaders (graphql/loaders.py)."""

from __future__ import annotations

from collections.abc import Sequence

from casebook.contacts.rows import CONTACT_COLUMNS, ContactRow
from casebook.graphql.rows import by_id


async def contacts_by_id(ids: Sequence[int]) -> list[ContactRow | None]:
    return await by_id("contacts", CONTACT_COLUMNS, ids)
