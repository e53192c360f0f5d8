"""Asking the worker to drain teams' queues: a job per team (kind `assignment.drain`), written in
the caller's transaction, for changes the event log does not carry (an agent back from away, a
team's settings). The consumer module registers its handler."""

from __future__ import annotations

from collections.abc import Iterable

from casebook.background import jobs

DRAIN = "assignment.drain"


async def drain_later(team_ids: Iterable[int]) -> None:
    # No key: two drains of one team are harmless (each assigns only what still waits).
    for team_id in sorted(set(team_ids)):
        await jobs.enqueue(DRAIN, {"team_id": team_id})
