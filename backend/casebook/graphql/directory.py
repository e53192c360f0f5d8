"""Name-ordered, searchable pages of the staff directories (accounts, contacts)."""

from __future__ import annotations

from typing import Any

import strawberry

from casebook.graphql.context import Info
from casebook.graphql.relay import ID, TEXT, decode_cursor, encode_cursor, page_size
from casebook.permissions import require_staff
from casebook.sql import Sql


async def directory_page(
    info: Info,
    table: str,
    columns: str,
    *,
    search_column: str,
    first: int | None,
    after: str | None,
    search: str | None,
    equals: tuple[str, Any] | None = None,
) -> dict[str, Any]:
    require_staff(info.context.require_actor())
    size = page_size(first)
    sql = Sql()
    where = ["1 = 1"]
    if search and search.strip():
        like = f"%{search.strip().lower()}%"
        where.append(
            f"(lower(name) LIKE {sql.p(like)} OR lower(coalesce({search_column}, '')) LIKE {sql.p(like)})"
        )
    if equals is not None:
        where.append(f"{equals[0]} = {sql.p(equals[1])}")
    if after:
        name, last_id = decode_cursor(after, table, (TEXT, ID))
        where.append(f"(name > {sql.p(name)} OR (name = {sql.p(name)} AND id > {sql.p(last_id)}))")
    rows = await sql.fetch(
        f"SELECT {columns} FROM {table} WHERE {' AND '.join(where)} ORDER BY name, id LIMIT {size + 1}"
    )
    edges = [{"cursor": encode_cursor(table, [r["name"], r["id"]]), "node": r} for r in rows[:size]]
    return {
        "edges": edges,
        "page_info": {
            "has_next_page": len(rows) > size,
            "end_cursor": edges[-1]["cursor"] if edges else None,
        },
    }


def given(input: Any) -> dict[str, Any]:
    """The fields of an input object that the client actually sent."""
    return {k: v for k, v in vars(input).items() if v is not strawberry.UNSET}
