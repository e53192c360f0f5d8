"""Attachment files on disk, below settings.FILES_DIR, handed out only to who may see the post."""

from __future__ import annotations

from pathlib import Path

from casebook import settings, visibility
from casebook.auth.actor import Actor
from casebook.cases.services import get_case
from casebook.errors import NotFound
from casebook.graphql.ids import is_id
from casebook.stream.models import Attachment, Post


async def open_attachment(*, actor: Actor, attachment_id: int) -> tuple[Path, str, str, bool] | None:
    if not is_id(attachment_id):  # /files/<any digits>: past int4 the driver raised (a bare 500)
        return None
    attachment = await Attachment.get_or_none(id=attachment_id)
    if attachment is None:
        return None
    try:
        await get_case(actor=actor, case_id=attachment.case_id)  # type: ignore[attr-defined]
    except NotFound:
        return None
    if attachment.post_id is not None:  # type: ignore[attr-defined]
        post = await Post.get_or_none(id=attachment.post_id)  # type: ignore[attr-defined]
        if post is None or not visibility.can_see_post(actor, post.visibility):
            return None
    root = settings.FILES_DIR.resolve()
    path = (root / attachment.storage_key).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path, attachment.filename, attachment.content_type, attachment.inline
