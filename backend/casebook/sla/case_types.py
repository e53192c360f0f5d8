"""The GraphQL shape of a case's SLA (`Case.sla`, staff only) and of the "Breaching soon" filter.

The sources are casebook.sla.read's rows; resolvers are plain reads except `policy` (the cached
configuration) and `timeline` (a per-request loader, so a page's timelines are one query, and
none unless selected)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

import strawberry

from casebook.graphql.context import Info
from casebook.graphql.enums import CaseStatus
from casebook.graphql.loaders import Loaded
from casebook.graphql.scalars import DateTime
from casebook.sla import config, read
from casebook.sla.read import CaseSlaRow, SlaSegmentRow
from casebook.sla.types import SlaClockState, SlaPolicy, SlaTargetKind

SlaBadge = strawberry.enum(read.Badge, name="SlaBadge")
SlaSegmentKind = strawberry.enum(read.SegmentKind, name="SlaSegmentKind")


@strawberry.type(description="One target of the case in its latest cycle.")
class SlaTarget:
    kind: SlaTargetKind  # type: ignore[valid-type]
    cycle: int
    target_minutes: int
    state: SlaClockState  # type: ignore[valid-type]
    started_at: DateTime
    due_at: DateTime | None
    breached_at: DateTime | None
    paused_since: DateTime | None
    met_at: DateTime | None
    business_minutes_left: int = strawberry.field(
        description="As of the read, rounded down; negative once breached."
    )
    warnings_at: list[DateTime] = strawberry.field(
        description="The instants of the policy's warning thresholds while RUNNING, else []."
    )


@strawberry.type(description="One stretch of the case's SLA timeline, in UTC.")
class SlaSegment:
    kind: SlaSegmentKind  # type: ignore[valid-type]
    status: CaseStatus | None = strawberry.field(
        description="PAUSED: the pausing status; STOPPED: the status that stopped the clock (RESOLVED …)."
    )
    starts_at: DateTime
    ends_at: DateTime | None


@strawberry.type(description="The case's SLA: staff only.")
class CaseSla:
    badge: SlaBadge = strawberry.field(  # type: ignore[valid-type]
        description="The worst open target's: BREACHED > WARNING > RUNNING; PAUSED if all open "
        "are paused; MET if none is open."
    )
    next_due_at: DateTime | None = strawberry.field(description="The earliest dueAt of the RUNNING targets.")
    warning_at: DateTime | None = strawberry.field(
        description="That target's first warning instant not yet passed (all passed: the latest)."
    )
    targets: list[SlaTarget] = strawberry.field(description="The latest cycle of each kind.")

    @strawberry.field(graphql_type=SlaPolicy | None)
    async def policy(self, root: CaseSlaRow) -> SlaPolicy | None:
        spec = await config.by_id(root["policy_id"])
        return SlaPolicy.of(spec) if spec is not None else None

    @strawberry.field(description="Oldest first, at most 200.", graphql_type=list[SlaSegment])
    def timeline(self, root: CaseSlaRow, info: Info) -> Loaded[list[SlaSegmentRow]]:
        stored = info.context.loaders.sla_segments.get(root["case_id"])
        if isinstance(stored, Awaitable):
            return _timeline_later(root, stored)
        return read.timeline_of(root, stored or [])


async def _timeline_later(
    root: CaseSlaRow, stored: Awaitable[list[dict[str, Any]] | None]
) -> list[SlaSegmentRow]:
    return read.timeline_of(root, await stored or [])


@strawberry.input(description="Running clocks due within N minutes from now; breached ones included.")
class SlaDueFilter:
    within_minutes: int
