from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import strawberry

from casebook import visibility
from casebook.accounts.rows import AccountRow
from casebook.accounts.types import Account
from casebook.cases import rules
from casebook.cases.rows import CaseConnectionRow, CaseRow
from casebook.contacts.rows import ContactRow
from casebook.contacts.types import Contact
from casebook.enums import CaseStatus as CaseStatusEnum
from casebook.graphql import selection
from casebook.graphql.context import Info
from casebook.graphql.enums import CaseStatus, CaseType, Origin, Priority
from casebook.graphql.loaders import Loaded
from casebook.graphql.relay import PageInfo
from casebook.graphql.scalars import DateTime
from casebook.sla.case_types import CaseSla, SlaDueFilter
from casebook.sla.read import CaseSlaRow
from casebook.stream.rows import PostRow
from casebook.stream.types import Post, PostConnection
from casebook.teams.rows import TeamRow
from casebook.teams.types import Team
from casebook.users.rows import UserRow
from casebook.users.types import User

# Resolvers take the typed row as `root`; `graphql_type` gives the GraphQL shape where the Python
# value (a row, or a loader's pending row) differs from it.


@strawberry.type(description="One change to a case: who, when, which field, old and new value.")
class CaseHistoryEntry:
    id: strawberry.ID
    at: DateTime
    field: str
    old_value: str | None
    new_value: str | None
    actor_name: str
    rule_name: str | None = strawberry.field(description="The automation rule that made the change.")
    caused_by: strawberry.ID | None = strawberry.field(
        description="The event that led to the change (a rule's trigger, an assignment's cause)."
    )


@strawberry.type(description="A customer problem, tracked from arrival until solved.")
class Case:
    id: strawberry.ID
    number: int
    subject: str
    description: str | None
    status: CaseStatus
    priority: Priority
    type: CaseType
    origin: Origin
    email: str | None
    phone: str | None
    product: str | None
    reason: str | None
    topic: str | None
    tags: list[str]
    internal_comments: str | None = strawberry.field(description="Agents only: null for customers.")
    solution: str | None
    created_at: DateTime
    updated_at: DateTime
    first_response_at: DateTime | None
    resolved_at: DateTime | None
    closed_at: DateTime | None

    @strawberry.field(graphql_type=Account | None)
    def account(self, root: CaseRow, info: Info) -> Loaded[AccountRow | None]:
        return info.context.loaders.accounts.get(root["account_id"])

    @strawberry.field(graphql_type=User | None)
    def assignee(self, root: CaseRow, info: Info) -> Loaded[UserRow | None]:
        return info.context.loaders.users.get(root["assignee_id"])

    @strawberry.field(graphql_type=Team | None)
    def team(self, root: CaseRow, info: Info) -> Loaded[TeamRow | None]:
        return info.context.loaders.teams.get(root["team_id"])

    @strawberry.field(graphql_type=Contact | None)
    def reported_by(self, root: CaseRow, info: Info) -> Loaded[ContactRow | None]:
        return info.context.loaders.contacts.get(root["reported_by_id"])

    @strawberry.field(graphql_type=list[Contact])
    def contacts(self, root: CaseRow, info: Info) -> Loaded[list[ContactRow]]:
        loaders = info.context.loaders
        ids = loaders.case_contact_ids.rows.get(root["id"])
        if ids is not None:
            rows = loaders.contacts.rows
            if all(i in rows for i in ids):  # primed by the list's prefetch
                return [contact for i in ids if (contact := rows[i]) is not None]
        return _load_contacts(info, root["id"])

    @strawberry.field(description="The last post this viewer may see.", graphql_type=Post | None)
    def last_post(self, root: CaseRow, info: Info) -> Loaded[PostRow | None]:
        return info.context.loaders.posts.get(root["last_post_id"])

    @strawberry.field(
        metadata=visibility.depends_on(visibility.SCOPE),
        graphql_type=Annotated["Case", strawberry.lazy("casebook.cases.types")] | None,
    )
    async def parent(self, root: CaseRow, info: Info) -> CaseRow | None:
        return await _related_case(info, root["parent_id"])

    @strawberry.field(
        metadata=visibility.depends_on(visibility.SCOPE),
        graphql_type=Annotated["Case", strawberry.lazy("casebook.cases.types")] | None,
    )
    async def merged_into(self, root: CaseRow, info: Info) -> CaseRow | None:
        return await _related_case(info, root["merged_into_id"])

    @strawberry.field(
        metadata=visibility.depends_on(visibility.SCOPE),
        graphql_type=list[Annotated["Case", strawberry.lazy("casebook.cases.types")]],
    )
    async def children(self, root: CaseRow, info: Info) -> list[CaseRow]:
        from casebook.cases.listing import children_of

        return await children_of(info.context.require_actor(), root["id"], info.context.loaders)

    @strawberry.field(graphql_type=PostConnection)
    async def posts(
        self, root: CaseRow, info: Info, first: int | None = 50, after: str | None = None
    ) -> dict[str, Any]:
        from casebook.stream.queries import post_page

        actor = info.context.require_actor()
        page = await post_page(actor=actor, case_id=root["id"], first=first, after=after)
        if "attachments" in selection.node_fields(info):
            await info.context.loaders.attachments_by_post.load_many(e["node"]["id"] for e in page["edges"])
        return page

    @strawberry.field(
        description="Agents only: every change, oldest first. Null for customers.",
        graphql_type=list[CaseHistoryEntry] | None,
    )
    async def history(self, root: CaseRow, info: Info) -> list[dict[str, Any]] | None:
        from casebook.cases.history import history_of

        actor = info.context.require_actor()
        if not visibility.sees_history(actor):
            return None
        return await history_of(root["id"], viewer=actor)

    @strawberry.field(
        description="Staff only: the case's tasks, oldest first. Customers get [].",
        graphql_type=list[Annotated["Task", strawberry.lazy("casebook.activities.types")]],  # type: ignore[name-defined]  # noqa: F821
    )
    async def tasks(self, root: CaseRow, info: Info) -> list[Any]:
        from casebook.activities.services import tasks_of_case

        return await tasks_of_case(actor=info.context.require_actor(), case_id=root["id"])

    @strawberry.field(
        description="Agents only: who follows this case. Null for customers.", graphql_type=list[User] | None
    )
    async def followers(self, root: CaseRow, info: Info) -> list[UserRow] | None:
        from casebook.cases.listing import follower_rows

        if not visibility.sees_followers(info.context.require_actor()):
            return None
        return await follower_rows(root["id"])

    @strawberry.field(
        description="Whether the viewer follows this case.",
        metadata=visibility.depends_on(visibility.PERSON),
    )
    async def is_following(self, root: CaseRow, info: Info) -> bool:
        from casebook.cases.listing import is_following

        return await is_following(root["id"], info.context.require_actor().user_id)

    @strawberry.field(
        description="Staff only: the case's SLA targets and timeline. Null for customers and for a "
        "case that has no SLA clocks.",
        graphql_type=CaseSla | None,
    )
    def sla(self, root: CaseRow, info: Info) -> Loaded[CaseSlaRow | None]:
        if not visibility.sees_sla(info.context.require_actor()):
            return None
        return info.context.loaders.sla.get(root["id"])

    @strawberry.field(
        description="The statuses this viewer may move the case to.", graphql_type=list[CaseStatus]
    )
    def allowed_statuses(self, root: CaseRow, info: Info) -> list[CaseStatusEnum]:
        return rules.allowed_statuses(info.context.require_actor(), CaseStatusEnum(root["status"]))


async def _related_case(info: Info, case_id: int | None) -> CaseRow | None:
    """Another case reached from this one, as the policy lets the viewer see it."""
    if case_id is None:
        return None
    row = await info.context.loaders.cases.fetch(case_id)
    return visibility.related_case(info.context.require_actor(), row)


async def _load_contacts(info: Info, case_id: int) -> list[ContactRow]:
    loaders = info.context.loaders
    ids = loaders.case_contact_ids.rows.get(case_id)
    if ids is None:
        ids = await loaders.case_contact_ids.fetch(case_id) or []
    await loaders.contacts.load_many(ids)
    return [contact for i in ids if (contact := loaders.contacts.rows.get(i)) is not None]


@strawberry.type
class CaseEdge:
    cursor: str
    node: Case


@strawberry.type
class CaseConnection:
    edges: list[CaseEdge]
    page_info: PageInfo

    @strawberry.field(
        description="Cases matching the filter that the viewer may see, counted up to 10,000 "
        "(see totalCountCapped)."
    )
    async def total_count(self, root: CaseConnectionRow) -> int:
        shown, _ = await root["count"]()
        return shown

    @strawberry.field(description="True when more cases match than totalCount says (over 10,000).")
    async def total_count_capped(self, root: CaseConnectionRow) -> bool:
        _, capped = await root["count"]()
        return capped


@strawberry.input
class CaseFilter:
    status: list[CaseStatus] | None = None
    priority: list[Priority] | None = None
    assignee_id: strawberry.ID | None = None
    team_id: strawberry.ID | None = None
    account_id: strawberry.ID | None = None
    contact_id: strawberry.ID | None = None
    unassigned: bool | None = None
    mine: bool | None = strawberry.field(default=None, description="Assigned to the viewer.")
    following: bool | None = strawberry.field(default=None, description="Followed by the viewer.")
    text: str | None = strawberry.field(
        default=None, description="Full-text over subject, description and the posts the viewer may see."
    )
    sla_due: SlaDueFilter | None = strawberry.field(
        default=None,
        description="Cases whose SLA is due within N minutes from now (0..525600), breached ones included.",
    )


@strawberry.enum
class CaseOrderField(StrEnum):
    NUMBER = "NUMBER"
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"
    PRIORITY = "PRIORITY"
    SLA_DUE = "SLA_DUE"  # the next SLA due time, ascending: cases without one after the others


@strawberry.enum
class OrderDirection(StrEnum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input
class CaseOrder:
    field: CaseOrderField = CaseOrderField.UPDATED_AT
    direction: OrderDirection = OrderDirection.DESC


@strawberry.input
class CreateCaseInput:
    subject: str
    description: str | None = None
    priority: Priority | None = None
    type: CaseType | None = None
    origin: Origin | None = strawberry.field(default=None, description="Staff only; e.g. PHONE.")
    account_id: strawberry.ID | None = None
    contact_ids: list[strawberry.ID] | None = None
    team_id: strawberry.ID | None = None
    assignee_id: strawberry.ID | None = None
    email: str | None = None
    phone: str | None = None
    tags: list[str] | None = None
    product: str | None = None
    reason: str | None = None
    topic: str | None = None
    internal_comments: str | None = None
    parent_id: strawberry.ID | None = None


@strawberry.input
class UpdateCaseInput:
    subject: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    priority: Priority | None = strawberry.UNSET
    type: CaseType | None = strawberry.UNSET
    account_id: strawberry.ID | None = strawberry.UNSET
    contact_ids: list[strawberry.ID] | None = strawberry.UNSET
    team_id: strawberry.ID | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    tags: list[str] | None = strawberry.UNSET
    product: str | None = strawberry.UNSET
    reason: str | None = strawberry.UNSET
    topic: str | None = strawberry.UNSET
    internal_comments: str | None = strawberry.UNSET
    solution: str | None = strawberry.UNSET


@strawberry.input
class BulkCaseInput:
    assignee_id: strawberry.ID | None = strawberry.UNSET
    status: CaseStatus | None = None


# --- live events -----------------------------------------------------------------------------


@strawberry.interface(description="Something that happened to a case.")
class CaseEvent:
    at: DateTime
    case_id: strawberry.Private[int]
    # The event-log id this live item stands for (one event may yield two items).
    event_id: strawberry.Private[int]

    @strawberry.field(graphql_type=Case)
    def case(self, info: Info) -> Loaded[CaseRow | None]:
        return info.context.loaders.cases.get(self.case_id)


@strawberry.type(description="A case was opened.")
class CaseCreated(CaseEvent):
    pass


@strawberry.type(description="A post was added to the case's stream.")
class PostAdded(CaseEvent):
    post_id: strawberry.Private[int]

    @strawberry.field(graphql_type=Post)
    def post(self, info: Info) -> Loaded[PostRow | None]:
        return info.context.loaders.posts.get(self.post_id)


@strawberry.type(description="Fields of the case changed.")
class CaseChanged(CaseEvent):
    changed_fields: list[str]
