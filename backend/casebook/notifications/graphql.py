from __future__ import annotations

import strawberry

from casebook.graphql.context import Info
from casebook.graphql.ids import to_int
from casebook.notifications import services
from casebook.notifications.types import Notification


@strawberry.type
class NotificationQueries:
    @strawberry.field(description="The viewer's own notifications, newest first (at most 100).")
    async def notifications(
        self, info: Info, first: int | None = 30, unread_only: bool | None = False
    ) -> list[Notification]:
        actor = info.context.require_actor()
        rows = await services.list_notifications(
            actor=actor, first=30 if first is None else first, unread_only=bool(unread_only)
        )
        visible = await services.visible_case_ids(
            actor=actor, case_ids=[r["case_id"] for r in rows if r["case_id"] is not None]
        )
        for row in rows:
            row["case_visible"] = row["case_id"] in visible
        await info.context.loaders.cases.load_many(visible)
        return rows  # type: ignore[return-value]


@strawberry.type
class NotificationMutations:
    @strawberry.mutation(
        description="Marks the viewer's notifications read (these ids, or all); how many changed."
    )
    async def mark_notifications_read(self, info: Info, ids: list[strawberry.ID] | None = None) -> int:
        parsed = None if ids is None else [i for i in (to_int(x, "ids") for x in ids) if i is not None]
        return await services.mark_read(actor=info.context.require_actor(), ids=parsed)
