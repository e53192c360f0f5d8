from __future__ import annotations

from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from casebook.assignment.queue import drain_later
from casebook.auth.actor import Actor
from casebook.enums import Role
from casebook.errors import InputError, NotFound
from casebook.permissions import require_admin
from casebook.realtime import access
from casebook.sql import Sql
from casebook.teams.models import AssignmentStrategy, Team
from casebook.users.models import User
from casebook.validation import text

# An int4 column; a cap this high is no cap, and a larger number is a typo.
MAX_OPEN_LIMIT = 100_000
_NOT_GIVEN: Any = object()


def _cap(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_OPEN_LIMIT:
        raise InputError(
            "maxOpenPerAgent", f"Give a whole number from 1 to {MAX_OPEN_LIMIT}, or null for no cap."
        )
    return value


async def save_team(
    *,
    actor: Actor,
    team_id: int | None = None,
    name: str | None = None,
    member_ids: list[int] | None = None,
    assignment_strategy: AssignmentStrategy | None = None,
    max_open_per_agent: Any = _NOT_GIVEN,
) -> Team:
    """`max_open_per_agent`: None removes the cap; leave it out to keep the team's."""
    require_admin(actor)
    settings: dict[str, Any] = {}
    if assignment_strategy is not None:
        if not isinstance(assignment_strategy, AssignmentStrategy):
            raise InputError("assignmentStrategy", "No such assignment strategy.")
        settings["assignment_strategy"] = assignment_strategy
    if max_open_per_agent is not _NOT_GIVEN:
        settings["max_open_per_agent"] = _cap(max_open_per_agent)
    try:
        return await _save_team(
            actor=actor, team_id=team_id, name=name, member_ids=member_ids, settings=settings
        )
    except IntegrityError:
        # The unique name index decides, so two admins racing for one name cannot both win.
        raise InputError("name", "A team with this name exists.") from None


async def _save_team(
    *,
    actor: Actor,
    team_id: int | None,
    name: str | None,
    member_ids: list[int] | None,
    settings: dict[str, Any],
) -> Team:
    moved: set[int] = set()
    async with in_transaction():
        if team_id is None:
            team = await Team.create(name=text("name", name, 100, required=True), **settings)
        else:
            found = await Team.get_or_none(id=team_id)
            if found is None:
                raise NotFound("No such team.")
            team = found
            changed = list(settings)
            for column, value in settings.items():
                setattr(team, column, value)
            if name is not None:
                team.name = text("name", name, 100, required=True)  # type: ignore[assignment]
                changed.append("name")
            if changed:
                # Named columns only: a whole-row save would write back a stale assignment_cursor.
                await team.save(update_fields=changed)
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
        if settings or moved:
            # A strategy, a higher cap or a new member may let waiting cases be assigned now.
            await drain_later([team.id])
    await access.rights_changed(moved)
    return team


async def member_rows(*, team_id: int) -> list[dict[str, Any]]:
    sql = Sql()
    return await sql.fetch(
        "SELECT u.id, u.email, u.name, u.role, u.is_away FROM users u JOIN team_members m ON m.user_id = u.id "
        f"WHERE m.team_id = {sql.p(team_id)} ORDER BY u.name"
    )
