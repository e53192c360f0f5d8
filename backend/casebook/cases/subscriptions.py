"""Live case events, filtered per viewer before they leave the server."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from graphql import FieldNode, InlineFragmentNode, SelectionSetNode

from casebook import events, visibility
from casebook.auth.actor import Actor
from casebook.cases import services
from casebook.cases.queries import to_int
from casebook.cases.types import CaseChanged, CaseCreated, CaseEvent, PostAdded
from casebook.graphql.context import Info
from casebook.realtime.hub import hub

# Fields whose value differs between viewers of one visibility class: a document selecting one
# is executed per viewer instead of once per class.
PER_VIEWER_FIELDS = frozenset({"isFollowing"})


def accepts(actor: Actor, event: events.Event) -> bool:
    if not visibility.can_see_case(
        actor,
        team_id=event.team_id,
        assignee_id=event.assignee_id,
        account_id=event.account_id,
        reported_by_id=event.reported_by_id,
        contact_ids=event.contact_ids,
    ):
        return False
    if event.kind == events.POST_ADDED:
        return visibility.can_see_post(actor, event.post_visibility or "INTERNAL")
    if event.kind == events.CASE_CHANGED:
        return bool(visibility.changes_for(actor, event.changed_fields))
    return True


def _reads_per_viewer(info: Info) -> bool:
    def walk(node: SelectionSetNode | None) -> bool:
        if node is None:
            return False
        for sel in node.selections:
            if isinstance(sel, FieldNode):
                if sel.name.value in PER_VIEWER_FIELDS or walk(sel.selection_set):
                    return True
            elif isinstance(sel, InlineFragmentNode) and walk(sel.selection_set):
                return True
        return False

    raw = info._raw_info  # graphql-core's info: the operation and its fragments
    return walk(raw.operation.selection_set) or any(walk(f.selection_set) for f in raw.fragments.values())


def _to_graphql(actor: Actor, event: events.Event, viewer: tuple[str, int | None]) -> list[CaseEvent]:
    base = (event.id, *viewer)
    out: list[CaseEvent] = []
    if event.kind == events.CASE_CREATED:
        out.append(CaseCreated(at=event.at, case_id=event.case_id, share_key=(*base, "c")))  # type: ignore[arg-type]
    elif event.kind == events.POST_ADDED:
        assert event.post_id is not None
        out.append(
            PostAdded(at=event.at, case_id=event.case_id, post_id=event.post_id, share_key=(*base, "p"))
        )  # type: ignore[arg-type]
    if event.changed_fields:
        changed = visibility.changes_for(actor, event.changed_fields)
        if changed:
            out.append(
                CaseChanged(
                    at=event.at, case_id=event.case_id, changed_fields=changed, share_key=(*base, "x")
                )  # type: ignore[arg-type]
            )
    return out


async def _stream(info: Info, actor: Actor, case_id: int | None) -> AsyncGenerator[CaseEvent, None]:
    context = info.context
    # The share key's viewer part: the visibility class, and the viewer too when the document reads
    # per-viewer fields. Decided once per subscription (the actor of a socket does not change).
    viewer = (visibility.visibility_class(actor), actor.user_id if _reads_per_viewer(info) else None)
    sub = hub.subscribe(lambda e: accepts(actor, e), case_id=case_id)
    try:
        while True:
            event = await sub.get()
            for item in _to_graphql(actor, event, viewer):
                context.renew_loaders()
                yield item
    finally:
        hub.unsubscribe(sub)


@strawberry.type
class CaseSubscriptions:
    # Both return the stream rather than re-yield it: one generator less for every event and viewer.
    @strawberry.subscription(description="Everything that happens on one case that the viewer may see.")
    async def case_events(self, info: Info, case_id: strawberry.ID) -> AsyncGenerator[CaseEvent, None]:
        actor = info.context.require_actor()
        case = await services.get_case(actor=actor, case_id=to_int(case_id, "caseId"))
        return _stream(info, actor, case.id)

    @strawberry.subscription(description="Events of every case the viewer may see (lists, the bell).")
    async def case_feed(self, info: Info) -> AsyncGenerator[CaseEvent, None]:
        actor = info.context.require_actor()
        return _stream(info, actor, None)
