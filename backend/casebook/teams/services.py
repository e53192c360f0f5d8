from __future__ import annotations

from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from casebook.auth.actor import Actor
from casebook.enums import Role
from casebook.errors import InputError, NotFound
from casebook.permissions import require_admin
from casebook.realtime import access
from casebook.sql import Sql
from casebook.teams.models import Team
from casebook.users.models import User
from casebook.validation import text


async def save_team(
    *, actor: Actor, team_id: int | None = None, name: str | None = None, member_ids: list[int] | None = None
) -> Team:
    require_admin(actor)
    try:
        return await _save_team(actor=actor, team_id=team_id, name=name, member_ids=member_ids)
    except IntegrityError:
        # The unique name index decides, so two admins racing for one name cannot both win.
        raise InputError("name", "A team with this name exists.") from None


async def _save_team(
    *, actor: Actor, team_id: int | None, name: str | None, member_ids: list[int] | None
) -> Team:
    moved: set[int] = set()
    async with in_transaction():
        if team_id is None:
            team = await Team.create(name=text("name", name, 100, required=True))
        else:
            found = await Team.get_or_none(id=team_id)
            if found is None:
                raise NotFound("No such team.")
            team = found
            if name is not None:
                team.name = text("name", name, 100, required=True)  # type: ignore[assignment]
                await team.save()
        if member_ids is not None:
            members = await User.filter(id__in=member_ids, role__in=[Role.AGENT, Role.ADMIN])
            if len(members) != len(set(member_ids)):
                raise InputError("memberIds", "Team members must be agents or admins.")
            before = {int(m.id) for m in await team.members.all()}
            await team.members.clear()
            if members:
                await team.members.add(*members)
            # Who joined or left: their team set decides what they see (an agent's open sockets).
            moved = before ^ {m.id for m in members}
    await access.rights_changed(moved)
    return team


async def member_rows(*, team_id: int) -> list[dict[str, Any]]:
    sql = Sql()
    return await sql.fetch(
        "SELECT u.id, u.email, u.name, u.role, u.is_away FROM users u JOIN team_members m ON m.user_id = u.id "
        f"WHERE m.team_id = {sql.p(team_id)} ORDER BY u.name"
    )
