from __future__ import annotations

import strawberry

from casebook.graphql.context import Info
from casebook.graphql.enums import AuthorKind, Channel, Visibility
from casebook.graphql.relay import PageInfo
from casebook.graphql.scalars import DateTime


@strawberry.type(description="Who wrote a post, as the viewer may know them.")
class PostAuthor:
    name: str
    kind: AuthorKind


@strawberry.type(description="A file attached to a case or post.")
class Attachment:
    id: strawberry.ID
    filename: str
    content_type: str
    size: int
    inline: bool

    @strawberry.field
    def url(self) -> str:
        return f"/files/{self['id']}"  # type: ignore[index]


@strawberry.type(description="One entry of a case's stream.")
class Post:
    id: strawberry.ID
    body: str
    body_html: str | None
    visibility: Visibility
    channel: Channel
    created_at: DateTime
    edited_at: DateTime | None

    @strawberry.field
    def author(self) -> PostAuthor:
        return {"name": self["author_name"], "kind": self["author_kind"]}  # type: ignore[index,return-value]

    @strawberry.field(description="Primed for a page of posts (Case.posts): no query per post.")
    def attachments(self, info: Info) -> list[Attachment]:
        return info.context.loaders.attachments_by_post.get(self["id"])  # type: ignore[index,no-any-return]


@strawberry.type
class PostEdge:
    cursor: str
    node: Post


@strawberry.type
class PostConnection:
    edges: list[PostEdge]
    page_info: PageInfo
    total_count: int
