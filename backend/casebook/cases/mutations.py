from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.utils.str_converters import to_camel_case

from casebook.cases import services
from casebook.cases.types import BulkCaseInput, Case, CreateCaseInput, UpdateCaseInput
from casebook.enums import Visibility as VisibilityEnum
from casebook.graphql.context import Info
from casebook.graphql.enums import CaseStatus, Visibility
from casebook.graphql.ids import to_int
from casebook.graphql.scalars import DateTime
from casebook.stream import services as stream_services
from casebook.stream.services import NO_POST_YET
from casebook.stream.types import Post

# GraphQL input name -> service key, for fields that are ids.
_ID_FIELDS = {"account_id": "accountId", "team_id": "teamId"}


async def _fresh(info: Info, case_id: int) -> Any:
    return await info.context.loaders.cases.fetch(case_id, fresh=True)


@strawberry.type
class CaseMutations:
    @strawberry.mutation
    async def create_case(self, info: Info, input: CreateCaseInput) -> Case:
        actor = info.context.require_actor()
        case = await services.create_case(
            actor=actor,
            subject=input.subject,
            description=input.description,
            priority=input.priority,
            type=input.type,
            origin=input.origin,
            account_id=to_int(input.account_id, "accountId"),
            contact_ids=[to_int(c, "contactIds") for c in input.contact_ids or []],  # type: ignore[misc]
            team_id=to_int(input.team_id, "teamId"),
            assignee_id=to_int(input.assignee_id, "assigneeId"),
            email=input.email,
            phone=input.phone,
            tags=input.tags,
            product=input.product,
            reason=input.reason,
            topic=input.topic,
            internal_comments=input.internal_comments,
            parent_id=to_int(input.parent_id, "parentId"),
        )
        return await _fresh(info, case.id)  # type: ignore[no-any-return]

    @strawberry.mutation
    async def update_case(
        self,
        info: Info,
        id: strawberry.ID,
        input: UpdateCaseInput,
        if_unchanged_since: DateTime | None = None,
    ) -> Case:
        actor = info.context.require_actor()
        changes: dict[str, Any] = {}
        for name, value in vars(input).items():
            if value is strawberry.UNSET:
                continue
            key = to_camel_case(name)
            if name in _ID_FIELDS:
                value = to_int(value, key)
            elif name == "contact_ids":
                value = [to_int(v, key) for v in value or []]
            changes[key] = value
        case = await services.update_case(
            actor=actor,
            case_id=to_int(id, "id"),  # type: ignore[arg-type]
            changes=changes,
            if_unchanged_since=if_unchanged_since,
        )
        return await _fresh(info, case.id)  # type: ignore[no-any-return]

    @strawberry.mutation
    async def assign_case(
        self,
        info: Info,
        id: strawberry.ID,
        assignee_id: strawberry.ID | None = None,
        if_unchanged_since: DateTime | None = None,
    ) -> Case:
        case = await services.assign_case(
            actor=info.context.require_actor(),
            case_id=to_int(id, "id"),  # type: ignore[arg-type]
            assignee_id=to_int(assignee_id, "assigneeId"),
            if_unchanged_since=if_unchanged_since,
        )
        return await _fresh(info, case.id)  # type: ignore[no-any-return]

    @strawberry.mutation
    async def set_case_status(
        self, info: Info, id: strawberry.ID, status: CaseStatus, if_unchanged_since: DateTime | None = None
    ) -> Case:
        case = await services.set_status(
            actor=info.context.require_actor(),
            case_id=to_int(id, "id"),  # type: ignore[arg-type]
            status=status,
            if_unchanged_since=if_unchanged_since,
        )
        return await _fresh(info, case.id)  # type: ignore[no-any-return]

    @strawberry.mutation
    async def bulk_update_cases(
        self, info: Info, ids: list[strawberry.ID], input: BulkCaseInput
    ) -> list[Case]:
        assignee: Any = (
            services.UNSET
            if input.assignee_id is strawberry.UNSET
            else to_int(input.assignee_id, "assigneeId")
        )
        cases = await services.bulk_update(
            actor=info.context.require_actor(),
            case_ids=[to_int(i, "ids") for i in ids],  # type: ignore[misc]
            assignee_id=assignee,
            status=input.status,
        )
        return [await _fresh(info, c.id) for c in cases]

    @strawberry.mutation
    async def follow_case(self, info: Info, id: strawberry.ID) -> Case:
        case = await services.follow(actor=info.context.require_actor(), case_id=to_int(id, "id"), on=True)  # type: ignore[arg-type]
        return await _fresh(info, case.id)  # type: ignore[no-any-return]

    @strawberry.mutation
    async def unfollow_case(self, info: Info, id: strawberry.ID) -> Case:
        case = await services.follow(actor=info.context.require_actor(), case_id=to_int(id, "id"), on=False)  # type: ignore[arg-type]
        return await _fresh(info, case.id)  # type: ignore[no-any-return]

    @strawberry.mutation
    async def add_post(
        self,
        info: Info,
        case_id: strawberry.ID,
        body: str,
        visibility: Visibility | None = VisibilityEnum.PUBLIC,
        expected_last_post_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description='The newest post the writer has seen ("0": the case had none). When a newer '
                "one exists the answer is CONFLICT and nothing is written."
            ),
        ] = None,
    ) -> Post:
        post = await stream_services.add_post(
            actor=info.context.require_actor(),
            case=to_int(case_id, "caseId"),  # type: ignore[arg-type]
            body=body,
            visibility=visibility or VisibilityEnum.PUBLIC,
            expected_last_post_id=NO_POST_YET
            if expected_last_post_id == "0"
            else to_int(expected_last_post_id, "expectedLastPostId"),
        )
        return await info.context.loaders.posts.fetch(post.id)  # type: ignore[no-any-return]
