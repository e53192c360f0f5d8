from __future__ import annotations

from typing import Any

import strawberry

from casebook.graphql.context import Info
from casebook.graphql.directory import given
from casebook.graphql.enums import Role
from casebook.graphql.ids import to_int
from casebook.permissions import require_staff
from casebook.sql import Sql
from casebook.users import absences, services
from casebook.users.types import Absence, User, Viewer, viewer_row

USER_FIELDS = "id, email, name, role, contact_id, is_active, is_away, auto_follow"


@strawberry.input
class CreateUserInput:
    email: str
    name: str
    role: Role
    password: str | None = None
    contact_email: str | None = None
    portal_account_access: bool | None = None
    portal_can_create: bool | None = None


@strawberry.input
class UpdateUserInput:
    name: str | None = strawberry.UNSET
    password: str | None = strawberry.UNSET
    current_password: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="Required to change your own password (not for an admin setting someone else's).",
    )
    role: Role | None = strawberry.UNSET
    is_active: bool | None = strawberry.UNSET
    is_away: bool | None = strawberry.UNSET
    auto_follow: bool | None = strawberry.UNSET
    email_notifications: bool | None = strawberry.UNSET
    time_zone: str | None = strawberry.field(
        default=strawberry.UNSET, description="IANA name, e.g. Europe/Prague: her absences are entered in it."
    )
    portal_account_access: bool | None = strawberry.UNSET
    portal_can_create: bool | None = strawberry.UNSET


@strawberry.input(
    description="Local date-times YYYY-MM-DDTHH:MM, or dates YYYY-MM-DD (the start day's start, "
    "the end day's end), in the user's time zone; at most 366 days."
)
class AbsenceInput:
    starts_at: str
    ends_at: str
    note: str | None = None


@strawberry.type
class UserQueries:
    @strawberry.field(description="The signed-in user; null when signed out.")
    def me(self, info: Info) -> Viewer | None:
        actor = info.context.actor
        if actor is None or actor.user_id is None:
            return None
        return viewer_row(actor)  # type: ignore[return-value]

    @strawberry.field(description="Staff only: users, e.g. to pick an assignee.")
    async def users(self, info: Info, role: Role | None = None, active: bool | None = True) -> list[User]:
        require_staff(info.context.require_actor())
        sql = Sql()
        where = ["1 = 1"]
        if role is not None:
            where.append(f"role = {sql.p(role.value)}")
        if active is not None:
            where.append(f"is_active = {sql.p(active)}")
        return await sql.fetch(f"SELECT {USER_FIELDS} FROM users WHERE {' AND '.join(where)} ORDER BY name")  # type: ignore[return-value]


@strawberry.type
class UserMutations:
    @strawberry.mutation(description="Admins only.")
    async def create_user(self, info: Info, input: CreateUserInput) -> User:
        fields: dict[str, Any] = vars(input).copy()
        user = await services.create_user(actor=info.context.require_actor(), **fields)
        return await info.context.loaders.users.fetch(user.id, fresh=True)  # type: ignore[no-any-return]

    @strawberry.mutation(
        description="Admins change anyone; users change their own name, password and preferences. "
        "A password change ends the user's other sessions."
    )
    async def update_user(self, info: Info, id: strawberry.ID, input: UpdateUserInput) -> User:
        user = await services.update_user(
            actor=info.context.require_actor(),
            user_id=to_int(id, "id"),
            session_token=info.context.session_token,
            **given(input),  # type: ignore[arg-type]
        )
        return await info.context.loaders.users.fetch(user.id, fresh=True)  # type: ignore[no-any-return]

    @strawberry.mutation(description="Your own absence; admins may give userId for someone else's.")
    async def create_absence(
        self, info: Info, input: AbsenceInput, user_id: strawberry.ID | None = None
    ) -> Absence:
        absence = await absences.create_absence(
            actor=info.context.require_actor(),
            user_id=to_int(user_id, "userId"),
            starts_at=input.starts_at,
            ends_at=input.ends_at,
            note=input.note,
        )
        return {  # type: ignore[return-value]
            "id": absence.id,
            "starts_at": absence.starts_at,
            "ends_at": absence.ends_at,
            "note": absence.note,
        }

    @strawberry.mutation(description="Your own absences; admins anyone's.")
    async def delete_absence(self, info: Info, id: strawberry.ID) -> bool:
        return await absences.delete_absence(actor=info.context.require_actor(), absence_id=to_int(id, "id"))  # type: ignore[arg-type]
