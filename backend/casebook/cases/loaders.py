"""Batch reads of cases and their contact links, for the per-request loaders (graphql/loaders.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson

from casebook.cases.rows import CASE_COLUMNS, CaseRow
from casebook.graphql.rows import by_id
from casebook.sql import Sql


def normalise_case(row: dict[str, Any]) -> CaseRow:
    if isinstance(row.get("tags"), str):
        row["tags"] = orjson.loads(row["tags"])  # SQLite keeps JSON as text
    return row  # type: ignore[return-value]


async def cases_by_id(ids: Sequence[int]) -> list[CaseRow | None]:
    return [normalise_case(r) if r else None for r in await by_id("cases", CASE_COLUMNS, ids)]


async def contact_ids_by_case(case_ids: Sequence[int]) -> list[list[int]]:
    sql = Sql()
    rows = await sql.fetch(
        "SELECT case_id, contact_id FROM case_contacts "
        f"WHERE case_id {sql.in_(list(case_ids), 'int')} ORDER BY contact_id"
    )
    by_case: dict[int, list[int]] = {}
    for r in rows:
        by_case.setdefault(r["case_id"], []).append(r["contact_id"])
    return [by_case.get(i, []) for i in case_ids]
