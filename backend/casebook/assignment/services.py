"""Choosing and assigning a team's agent for a case.

Fairness under concurrency comes from one lock: `assign_automatically` first touches the team row
(`UPDATE teams ... RETURNING`), which on PostgreSQL holds the row lock until the commit and on
SQLite takes the database's write lock. Every automatic assignment for one team therefore reads the
round-robin cursor and the agents' open counts only after the previous one has committed, so two
assignments never pick the same "next" agent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise import connections

from casebook import work
from casebook.auth.actor import Actor
from casebook.cases import services as cases
from casebook.cases.models import Case
from casebook.enums import OPEN_STATUSES, Role
from casebook.sql import Sql
from casebook.teams.models import AssignmentStrategy, Team
from casebook.users.absences import absent_until, local_text
from casebook.work import Unit

ACTOR_NAME = "Automatic assignment"
# Cases one drain assigns at most; whatever is left waits for the next event or job.
DRAIN_BATCH = 100

AWAY = "away"
ABSENT = "absent until"
AT_CAP = "at cap"
INACTIVE = "inactive"


@dataclass(frozen=True, slots=True)
class TeamSettings:
    id: int
    strategy: AssignmentStrategy
    max_open_per_agent: int | None
    cursor: int  # the user id chosen last


@dataclass(frozen=True, slots=True)
class Candidate:
    id: int
    name: str
    open_cases: int


@dataclass(frozen=True, slots=True)
class Decision:
    strategy: AssignmentStrategy
    candidates: tuple[Candidate, ...]  # eligible, in round-robin order after the cursor
    skipped: tuple[tuple[str, str], ...]  # (name, why)
    chosen: Candidate | None

    def reason(self) -> str:
        """The history's account of it: strategy, candidates, who was skipped and why, who won."""
        parts = [self.strategy.value]
        parts.append(f"chose {self.chosen.name}" if self.chosen else "nobody eligible; the case waits")
        if self.candidates:
            parts.append(
                "candidates " + ", ".join(f"{c.name} ({c.open_cases} open)" for c in self.candidates)
            )
        if self.skipped:
            parts.append("skipped " + ", ".join(f"{name} ({why})" for name, why in self.skipped))
        return "; ".join(parts)


def _settings(row: dict[str, Any]) -> TeamSettings:
    return TeamSettings(
        id=int(row["id"]),
        strategy=AssignmentStrategy(row["assignment_strategy"]),
        max_open_per_agent=row["max_open_per_agent"],
        cursor=int(row["assignment_cursor"]),
    )


async def _lock_team(team_id: int) -> TeamSettings | None:
    """The team's settings under its row lock (see the module's docstring)."""
    sql = Sql()
    rows = await sql.fetch(
        "UPDATE teams SET assignment_cursor = assignment_cursor "
        f"WHERE id = {sql.p(team_id)} RETURNING id, assignment_strategy, max_open_per_agent, assignment_cursor"
    )
    return _settings(rows[0]) if rows else None


def _why_unavailable(user: dict[str, Any], absent: dict[int, datetime]) -> str | None:
    """Why this user cannot take a case now (inactive, away, absent until … on her own clock), or
    None. `user`: a users row with id, is_active, is_away and time_zone; `absent`: absent_until's
    answer for her."""
    if not user["is_active"]:
        return INACTIVE
    if user["is_away"]:
        return AWAY
    until = absent.get(int(user["id"]))
    if until is not None:
        return f"{ABSENT} {local_text(until, user['time_zone'])}"
    return None


async def unavailable(user_id: int) -> tuple[str, str] | None:
    """(name, why) when this user cannot take a case now, by the rule automatic assignment
    applies; None when she can. For a case given to one named agent (a rule's ASSIGN)."""
    sql = Sql()
    rows = await sql.fetch(
        f"SELECT id, name, is_active, is_away, time_zone FROM users WHERE id = {sql.p(user_id)}"
    )
    if not rows:
        return (f"user {user_id}", INACTIVE)
    why = _why_unavailable(rows[0], await absent_until([user_id]))
    return None if why is None else (rows[0]["name"], why)


async def _eligibility(team: TeamSettings) -> tuple[list[Candidate], list[tuple[str, str]]]:
    sql = Sql()
    members = await sql.fetch(
        "SELECT u.id, u.name, u.role, u.is_active, u.is_away, u.time_zone FROM users u "
        f"JOIN team_members m ON m.user_id = u.id WHERE m.team_id = {sql.p(team.id)} ORDER BY u.id"
    )
    staff = [m for m in members if m["role"] in (Role.AGENT, Role.ADMIN)]
    counts: dict[int, int] = {}
    if staff:
        sql = Sql()
        # Every open case of the agent counts, whichever team it is in: it is her workload.
        rows = await sql.fetch(
            "SELECT assignee_id, COUNT(*) AS n FROM cases "
            f"WHERE assignee_id {sql.in_([int(m['id']) for m in staff], 'int')} "
            f"AND status {sql.in_([s.value for s in OPEN_STATUSES], 'text')} GROUP BY assignee_id"
        )
        counts = {int(r["assignee_id"]): int(r["n"]) for r in rows}
    absent = await absent_until([int(m["id"]) for m in staff])
    eligible: list[Candidate] = []
    skipped: list[tuple[str, str]] = []
    for m in staff:
        open_cases = counts.get(int(m["id"]), 0)
        why = _why_unavailable(m, absent)
        if why is not None:
            skipped.append((m["name"], why))
        elif team.max_open_per_agent is not None and open_cases >= team.max_open_per_agent:
            skipped.append((m["name"], f"{AT_CAP} {team.max_open_per_agent}"))
        else:
            eligible.append(Candidate(id=int(m["id"]), name=m["name"], open_cases=open_cases))
    # Round-robin order: the members after the one chosen last, then from the start.
    after = [c for c in eligible if c.id > team.cursor]
    return after + [c for c in eligible if c.id <= team.cursor], skipped


async def choose_assignee(team: TeamSettings) -> Decision:
    """Whom the team's strategy gives its next case; MANUAL chooses nobody. Call it with the team
    row locked (assign_automatically does) for an answer that stays true until the commit."""
    if team.strategy is AssignmentStrategy.MANUAL:
        return Decision(team.strategy, (), (), None)
    candidates, skipped = await _eligibility(team)
    chosen: Candidate | None = None
    if candidates:
        if team.strategy is AssignmentStrategy.LEAST_BUSY:
            # min() keeps the first of equals: ties go in round-robin order.
            chosen = min(candidates, key=lambda c: c.open_cases)
        else:
            chosen = candidates[0]
    return Decision(team.strategy, tuple(candidates), tuple(skipped), chosen)


async def assign_automatically(
    *, case_id: int, caused_by: int | None = None, by: Actor | None = None
) -> Decision | None:
    """Assigns an open, unassigned case of a team with a strategy to the agent its strategy
    chooses, recording the decision in the case's history. None when there was nothing to decide
    (no such case, no team, a MANUAL team, already assigned, closed, or this event's assignment
    already done); a Decision whose `chosen` is None when nobody is eligible (the case waits).
    `by`: who asked, when not the assignment itself (a rule's ASSIGN: the history names the rule)."""

    async def assign(unit: Unit) -> Decision | None:
        found = await Case.filter(id=case_id).values("team_id", "assignee_id")
        if not found or found[0]["team_id"] is None or found[0]["assignee_id"] is not None:
            return None
        team = await _lock_team(int(found[0]["team_id"]))
        if team is None or team.strategy is AssignmentStrategy.MANUAL:
            return None
        actor = by or Actor.system(ACTOR_NAME)
        # Re-read under the case's lock: a person may have assigned it or moved it meanwhile.
        case = await cases.lock_case(unit, actor=actor, case_id=case_id)
        if case.assignee_id is not None or case.team_id != team.id or case.status not in OPEN_STATUSES:  # type: ignore[attr-defined]
            return None
        if caused_by is not None and await _already_handled(case_id, caused_by):
            return None
        decision = await choose_assignee(team)
        if decision.chosen is None:
            return decision
        sql = Sql()
        await connections.get("default").execute_query(
            f"UPDATE teams SET assignment_cursor = {sql.p(decision.chosen.id)} WHERE id = {sql.p(team.id)}",
            sql.params,
        )
        await cases.assign_case(
            actor=actor,
            case_id=case_id,
            assignee_id=decision.chosen.id,
            reason=decision.reason(),
            caused_by=caused_by,
        )
        return decision

    return await work.run(assign)


async def waiting_cases(team_id: int, *, limit: int) -> list[int]:
    """The team's queue: its open, unassigned cases, oldest first."""
    sql = Sql()
    rows = await sql.fetch(
        f"SELECT id FROM cases WHERE team_id = {sql.p(team_id)} AND assignee_id IS NULL "
        f"AND status {sql.in_([s.value for s in OPEN_STATUSES], 'text')} ORDER BY id LIMIT {sql.p(limit)}"
    )
    return [int(r["id"]) for r in rows]


async def teams_with_a_strategy() -> list[int]:
    rows = await Team.exclude(assignment_strategy=AssignmentStrategy.MANUAL).values("id")
    return sorted(int(r["id"]) for r in rows)


async def teams_with_waiting_cases() -> list[int]:
    """Teams with a strategy whose queue is not empty (the sweep's work), in one statement."""
    sql = Sql()
    rows = await sql.fetch(
        "SELECT DISTINCT c.team_id FROM cases c JOIN teams t ON t.id = c.team_id "
        f"WHERE t.assignment_strategy <> {sql.p(AssignmentStrategy.MANUAL.value)} AND c.assignee_id IS NULL "
        f"AND c.status {sql.in_([s.value for s in OPEN_STATUSES], 'text')} ORDER BY c.team_id"
    )
    return [int(r["team_id"]) for r in rows]


async def drain(*, team_id: int, caused_by: int | None = None, limit: int = DRAIN_BATCH) -> int:
    """Assigns the team's waiting cases, oldest first, while its strategy finds someone: a new case
    never jumps the queue, and capacity that frees up goes to the case that waited longest.
    Returns how many were assigned."""
    found = await Team.filter(id=team_id).values_list("assignment_strategy", flat=True)
    if not found or found[0] == AssignmentStrategy.MANUAL:
        return 0
    assigned = 0
    for case_id in await waiting_cases(team_id, limit=limit):
        decision = await assign_automatically(case_id=case_id, caused_by=caused_by)
        if decision is None:
            continue  # taken or moved meanwhile
        if decision.chosen is None:
            break  # eligibility is the team's: the next case would find nobody either
        assigned += 1
    return assigned


async def _already_handled(case_id: int, caused_by: int) -> bool:
    """Whether this event already led to an automatic assignment of the case (an event log re-read).
    Only the assignment's own events count: a rule acting on the same event (a tag) is no answer."""
    sql = Sql()
    rows = await sql.fetch(
        f"SELECT 1 AS one FROM events WHERE case_id = {sql.p(case_id)} AND caused_by_id = {sql.p(caused_by)} "
        f"AND actor_name = {sql.p(ACTOR_NAME)} LIMIT 1"
    )
    return bool(rows)
