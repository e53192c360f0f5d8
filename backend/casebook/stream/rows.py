"""Posts and attachments as the read paths carry them: plain rows with their column lists."""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict


class PostRow(TypedDict):
    id: int
    case_id: int
    body: str
    body_html: str | None
    visibility: str
    channel: str
    author_kind: str
    author_user_id: int | None
    author_contact_id: int | None
    author_name: str
    author_email: str | None
    created_at: datetime | str  # SQLite returns text
    edited_at: datetime | str | None


class AttachmentRow(TypedDict):
    id: int
    filename: str
    content_type: str
    size: int
    inline: bool


POST_COLUMNS = ", ".join(PostRow.__annotations__)
ATTACHMENT_COLUMNS = ", ".join(AttachmentRow.__annotations__)
