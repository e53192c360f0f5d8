"""Asking the worker to drain teams' queues, for changes the event log does not carry: written in
the caller's transaction, run by the worker (the consumer module registers the handlers).

- `assignment.drain` (per team): an agent back from away or reactivated, a team's settings;
- `assignment.drain_user` (per user, her teams): an absence that ended, at its end, or that was
  deleted while it ran;
- `assignment.sweep`: the safety net, a job that queues itself again every SWEEP_SECONDS while
  some team has a strategy, and drains every such team that has waiting cases (whatever woke
  nothing else: a lost wake-up, a clock change, a crash between a change and its drain).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from casebook.background import jobs

DRAIN = "assignment.drain"
DRAIN_USER = "assignment.drain_user"
SWEEP = "assignment.sweep"
SWEEP_SECONDS = 60.0


async def drain_later(team_ids: Iterable[int]) -> None:
    # No key: two drains of one team are harmless (each assigns only what still waits).
    for team_id in sorted(set(team_ids)):
        await jobs.enqueue(DRAIN, {"team_id": team_id})
    await sweep_later()


async def drain_user_later(user_id: int) -> None:
    await jobs.enqueue(DRAIN_USER, {"user_id": user_id})
    await sweep_later()


async def absence_ends_later(*, user_id: int, absence_id: int, at: datetime) -> None:
    """Drains her teams when the absence ends (it may be deleted before: the drain is harmless)."""
    await jobs.enqueue(DRAIN_USER, {"user_id": user_id}, key=f"{DRAIN_USER}:absence:{absence_id}", run_at=at)
    await sweep_later()


async def sweep_later(*, after: float = SWEEP_SECONDS) -> None:
    """The next sweep, unless one is queued (one key: at most one pending sweep at any time)."""
    await jobs.enqueue(SWEEP, key=SWEEP, run_at=datetime.now(UTC) + timedelta(seconds=after))
