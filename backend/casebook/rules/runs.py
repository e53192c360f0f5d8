"""The once-only record of rule runs (`rule_runs`): inserting the row IS the decision to run.

The row goes in with the actions, in the same unit of work, by INSERT … ON CONFLICT DO NOTHING on
the UNIQUE (case, trigger, rule) key: no row inserted means another handling of the same trigger
(a re-read log, a second worker) did it, and the caller does nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson

from casebook import work
from casebook.rules.models import RunOutcome
from casebook.sql import Sql

CHAIN_MAX = 5


def event_trigger(event_id: int) -> str:
    return f"event:{event_id}"


async def insert(
    *, rule_id: int, case_id: int, trigger: str, chain: list[int], outcome: RunOutcome
) -> int | None:
    """The new run's id; None when this (rule, case, trigger) has run (or halted) before."""
    sql = Sql()
    json = "" if sql.sqlite else "::jsonb"
    now: Any = datetime.now(UTC)
    rows = await sql.fetch(
        "INSERT INTO rule_runs (rule_id, case_id, trigger, chain, outcome, created_at) VALUES ("
        f"{sql.p(rule_id)}, {sql.p(case_id)}, {sql.p(trigger)}, {sql.p(orjson.dumps(chain).decode())}{json}, "
        f"{sql.p(outcome.value)}, {sql.p(now)}) "
        "ON CONFLICT (case_id, trigger, rule_id) DO NOTHING RETURNING id"
    )
    if not rows:
        return None
    if outcome is RunOutcome.FIRED:
        _count_fired(rule_id, now)
    return int(rows[0]["id"])


def _count_fired(rule_id: int, now: datetime) -> None:
    """Adds to the rule's fire count at the end of the unit of work: every case that fires the
    rule updates its row, and a lock held from here to the commit made the consumer's cases,
    handled at once, wait for each other (bench/README.md, automation)."""
    unit = work.current()
    assert unit is not None, "a rule runs inside the unit of work of its event"
    fired: dict[int, datetime] = unit.shared.setdefault("rules.fired", {})
    if not fired:

        async def count() -> None:
            for fired_id, at in sorted(fired.items()):  # in id order: two units never lock crosswise
                sql = Sql()
                await sql.fetch(
                    f"UPDATE rules SET fire_count = fire_count + 1, last_fired_at = {sql.p(at)} "
                    f"WHERE id = {sql.p(fired_id)} RETURNING id"
                )

        unit.at_end(count)
    fired[rule_id] = now


async def chain_of(*, rule_id: int | None, caused_by: int | None) -> list[int]:
    """The rules that led to an event: [] for a person's (or the system's) change; for a rule's,
    the chain of the run that made it (a scheduled run starts a chain of its own)."""
    if rule_id is None:
        return []
    if caused_by is None:
        return [rule_id]
    sql = Sql()
    rows = await sql.fetch(
        f"SELECT chain FROM rule_runs WHERE rule_id = {sql.p(rule_id)} "
        f"AND trigger = {sql.p(event_trigger(caused_by))} LIMIT 1"
    )
    if not rows:
        return [rule_id]
    chain = rows[0]["chain"]
    return [int(i) for i in (orjson.loads(chain) if isinstance(chain, str | bytes) else chain)]
