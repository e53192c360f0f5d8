from __future__ import annotations

from typing import Annotated, Any

import strawberry

from casebook.cases.rows import CaseRow
from casebook.graphql.context import Info
from casebook.graphql.scalars import DateTime


@strawberry.type(description="A message in the viewer's bell.")
class Notification:
    id: strawberry.ID
    title: str
    body: str | None
    created_at: DateTime
    read_at: DateTime | None

    @strawberry.field(
        description="Where it leads; null when the viewer may no longer open the case.",
        graphql_type=Annotated["Case", strawberry.lazy("casebook.cases.types")] | None,  # noqa: F821
    )
    async def case(self, root: dict[str, Any], info: Info) -> CaseRow | None:
        # The list resolver asked the policy for the whole page (`visible_case_ids`).
        if root["case_id"] is None or not root["case_visible"]:
            return None
        return await info.context.loaders.cases.fetch(root["case_id"])
