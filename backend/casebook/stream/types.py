from __future__ import annotations

import strawberry

from casebook.graphql.context import Info
from casebook.graphql.enums import AuthorKind, Channel, Visibility
from casebook.graphql.loaders import Loaded
from casebook.graphql.relay import PageInfo
from casebook.graphql.scalars import DateTime
from casebook.stream.rows import AttachmentRow, PostRow

# Resolvers take the typed row as `root`; `graphql_type` gives the GraphQL shape where the Python
# value (a row, or a loader's pending row) differs from it.


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
    def url(self, root: AttachmentRow) -> str:
        return f"/files/{root['id']}"


@strawberry.type(description="One entry of a case's stream.")
class Post:
    id: strawberry.ID
    body: str
    body_html: str | None
    visibility: Visibility
    channel: Channel
    created_at: DateTime
    edited_at: DateTime | None

    @strawberry.field(graphql_type=PostAuthor)
    def author(self, root: PostRow) -> dict[str, str]:
        return {"name": root["author_name"], "kind": root["author_kind"]}

    @strawberry.field(
        description="Primed for a page of posts (Case.posts): no query per post.",
        graphql_type=list[Attachment],
    )
    def attachments(self, root: PostRow, info: Info) -> Loaded[list[AttachmentRow] | None]:
        return info.context.loaders.attachments_by_post.get(root["id"])


@strawberry.type
class PostEdge:
    cursor: str
    node: Post


@strawberry.type
class PostConnection:
    edges: list[PostEdge]
    page_info: PageInfo
    total_count: int
