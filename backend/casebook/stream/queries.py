"""Reading a case's stream, always through the viewer's visibility."""

from __future__ import annotations

from typing import Any

from casebook import visibility
from casebook.auth.actor import Actor
from casebook.graphql.relay import ID, decode_cursor, encode_cursor, page_size
from casebook.sql import Sql
from casebook.stream.rows import POST_COLUMNS

POSTS = "posts"  # the cursor kind of a case's stream


async def post_page(*, actor: Actor, case_id: int, first: int | None, after: str | None) -> dict[str, Any]:
    """Oldest first, as a conversation reads; INTERNAL posts do not exist for a customer."""
    size = page_size(first, default=50)

    def visible_posts(sql: Sql) -> list[str]:
        # Built once per statement: placeholders belong to the Sql they were bound in.
        return [
            f"case_id = {sql.p(case_id)}",
            f"visibility {sql.in_(visibility.post_visibilities(actor), 'text')}",
        ]

    sql = Sql()
    where = visible_posts(sql)
    if after:
        (after_id,) = decode_cursor(after, POSTS, (ID,))
        where.append(f"id > {sql.p(after_id)}")
    rows = await sql.fetch(
        f"SELECT {POST_COLUMNS} FROM posts WHERE {' AND '.join(where)} ORDER BY id LIMIT {size + 1}"
    )
    count_sql = Sql(sql.dialect)
    counted = await count_sql.fetch(
        f"SELECT count(*) AS n FROM posts WHERE {' AND '.join(visible_posts(count_sql))}"
    )
    total = counted[0]["n"]
    page = rows[:size]
    edges = [{"cursor": encode_cursor(POSTS, [r["id"]]), "node": r} for r in page]
    return {
        "edges": edges,
        "page_info": {
            "has_next_page": len(rows) > size,
            "end_cursor": edges[-1]["cursor"] if edges else None,
        },
        "total_count": total,
    }
