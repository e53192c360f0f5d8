from __future__ import annotations

import strawberry

from casebook import visibility
from casebook.cases import services
from casebook.cases.listing import CaseQuery, list_cases
from casebook.cases.rows import CaseConnectionRow, CaseEdgeRow, CaseRow
from casebook.cases.types import Case, CaseConnection, CaseFilter, CaseOrder, CaseOrderField
from casebook.errors import Forbidden, NotFound
from casebook.graphql import selection
from casebook.graphql.context import Info
from casebook.graphql.ids import to_int
from casebook.graphql.relay import page_size
from casebook.sla.read import due_before


async def case_connection(
    info: Info,
    *,
    first: int | None,
    after: str | None,
    filter: CaseFilter | None = None,
    order_by: CaseOrder | None = None,
    account_id: int | None = None,
    contact_id: int | None = None,
) -> CaseConnectionRow:
    actor = info.context.require_actor()
    f = filter or CaseFilter()
    order = order_by or CaseOrder()
    if (f.sla_due is not None or order.field is CaseOrderField.SLA_DUE) and not visibility.sees_sla(actor):
        # A customer's list must not reveal SLA internals by what it filters or how it orders.
        raise Forbidden("Only staff filter or order cases by their SLA.")
    q = CaseQuery(
        status=[s.value for s in f.status] if f.status else None,
        priority=[p.value for p in f.priority] if f.priority else None,
        assignee_id=to_int(f.assignee_id, "assigneeId"),
        team_id=to_int(f.team_id, "teamId"),
        account_id=account_id if account_id is not None else to_int(f.account_id, "accountId"),
        contact_id=contact_id if contact_id is not None else to_int(f.contact_id, "contactId"),
        unassigned=f.unassigned,
        mine=f.mine,
        following=f.following,
        text=f.text,
        sla_due_before=due_before(f.sla_due.within_minutes) if f.sla_due is not None else None,
        order_field=order.field.value,
        descending=order.direction.value == "DESC",
    )
    listed, has_next, count = await list_cases(actor=actor, q=q, first=page_size(first), after=after)
    loaders = info.context.loaders
    rows = loaders.prime_cases(listed)
    await loaders.prefetch_case_relations(rows, selection.node_fields(info))
    edges: list[CaseEdgeRow] = [
        {"cursor": r["cursor"], "node": row} for r, row in zip(listed, rows, strict=True)
    ]
    return {
        "edges": edges,
        "page_info": {"has_next_page": has_next, "end_cursor": edges[-1]["cursor"] if edges else None},
        "count": count,
    }


@strawberry.type
class CaseQueries:
    @strawberry.field(
        description="One case by id or number; null when it does not exist for the viewer.",
        graphql_type=Case | None,
    )
    async def case(
        self, info: Info, id: strawberry.ID | None = None, number: int | None = None
    ) -> CaseRow | None:
        actor = info.context.require_actor()
        try:
            case = await services.get_case(actor=actor, case_id=to_int(id, "id"), number=number)
        except NotFound:
            return None
        return await info.context.loaders.cases.fetch(case.id, fresh=True)

    @strawberry.field(
        description="Cases the viewer may see, newest activity first by default.", graphql_type=CaseConnection
    )
    async def cases(
        self,
        info: Info,
        first: int | None = 25,
        after: str | None = None,
        filter: CaseFilter | None = None,
        order_by: CaseOrder | None = None,
    ) -> CaseConnectionRow:
        return await case_connection(info, first=first, after=after, filter=filter, order_by=order_by)
