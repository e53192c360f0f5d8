"""Batch reads of posts and their attachments, for the per-request loaders (graphql/loaders.py)."""

from __future__ import annotations

from collections.abc import Sequence

from casebook.graphql.rows import by_id
from casebook.sql import Sql
from casebook.stream.rows import ATTACHMENT_COLUMNS, POST_COLUMNS, AttachmentRow, PostRow


async def posts_by_id(ids: Sequence[int]) -> list[PostRow | None]:
    return await by_id("posts", POST_COLUMNS, ids)


async def attachments_by_post(post_ids: Sequence[int]) -> list[list[AttachmentRow]]:
    sql = Sql()
    rows = await sql.fetch(
        f"SELECT post_id, {ATTACHMENT_COLUMNS} FROM attachments "
        f"WHERE post_id {sql.in_(list(post_ids), 'int')} ORDER BY id"
    )
    by_post: dict[int, list[AttachmentRow]] = {}
    for r in rows:
        by_post.setdefault(r.pop("post_id"), []).append(r)  # type: ignore[arg-type]
    return [by_post.get(i, []) for i in post_ids]
