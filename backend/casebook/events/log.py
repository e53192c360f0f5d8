"""Reading the event log: consumers from a position, history by case.

A position is (tx, id). On PostgreSQL ids are handed out before commit, so two transactions can
commit in the opposite order of their ids: a reader going by id alone could pass an id whose
transaction commits a moment later and never see it. Each row therefore records its transaction
(`tx`, xid8), and a reader only takes rows of transactions older than every transaction still
running (`tx < pg_snapshot_xmin(pg_current_snapshot())`), in (tx, id) order: every transaction that
could still add a row has a larger tx than any position handed out. On SQLite one writer at a time
makes id order the commit order; tx is 0.
"""

from __future__ import annotations

import asyncio
from typing import Any

import orjson

from casebook.events import Event
from casebook.sql import Sql, utc

Position = tuple[int, int]  # (tx, id)
START: Position = (0, 0)

_COLUMNS = "id, kind, case_id, actor_id, actor_name, caused_by_id, at, data"


def _iso(value: Any) -> str:
    return utc(value).isoformat()  # type: ignore[union-attr]


def event_of(row: dict[str, Any]) -> Event:
    """The Event of one `events` row (the columns of `_COLUMNS`)."""
    data = row["data"]
    return Event.from_row(
        id=int(row["id"]),
        kind=row["kind"],
        case_id=row["case_id"],
        actor_id=row["actor_id"],
        actor_name=row["actor_name"],
        caused_by_id=row["caused_by_id"],
        at=_iso(row["at"]),
        data=orjson.loads(data) if isinstance(data, str | bytes) else data,
    )


async def read_after(position: Position, *, limit: int = 100) -> list[tuple[Position, Event]]:
    """Committed events after `position`, oldest first; pass the last position back for more."""
    sql = Sql()
    tx, last_id = position
    if sql.sqlite:
        rows = await sql.fetch(
            f"SELECT 0 AS tx, {_COLUMNS} FROM events WHERE id > {sql.p(last_id)} "
            f"ORDER BY id LIMIT {sql.p(limit)}"
        )
    else:
        rows = await sql.fetch(
            f"SELECT tx::text::bigint AS tx, {_COLUMNS} FROM events "
            f"WHERE (tx, id) > ({sql.p(str(tx))}::text::xid8, {sql.p(last_id)}::bigint) "
            "AND tx < pg_snapshot_xmin(pg_current_snapshot()) "
            f"ORDER BY tx, id LIMIT {sql.p(limit)}"
        )
    return [((int(r["tx"]), int(r["id"])), event_of(r)) for r in rows]


async def end() -> Position:
    """The position after every event committed so far: where a new consumer that must not replay
    the past (e.g. the history backfilled by migration 0007) starts. On PostgreSQL it stops before
    transactions still running, so it never passes one that commits later."""
    sql = Sql()
    if sql.sqlite:
        rows = await sql.fetch("SELECT 0 AS tx, COALESCE(MAX(id), 0) AS id FROM events")
    else:
        rows = await sql.fetch(
            "SELECT tx::text::bigint AS tx, id FROM events "
            "WHERE tx < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY tx DESC, id DESC LIMIT 1"
        )
    return (int(rows[0]["tx"]), int(rows[0]["id"])) if rows else START


async def events_of_case(case_id: int) -> list[Event]:
    """The case's events, oldest first (its writes are serialised by the case's row lock)."""
    sql = Sql()
    rows = await sql.fetch(f"SELECT {_COLUMNS} FROM events WHERE case_id = {sql.p(case_id)} ORDER BY id")
    return [event_of(r) for r in rows]


# --- this process's commits ---------------------------------------------------------------------

# A future per event loop (tests run several loops), resolved and replaced at each commit.
_signal: tuple[asyncio.AbstractEventLoop, asyncio.Future[None]] | None = None


def _current() -> asyncio.Future[None]:
    global _signal
    loop = asyncio.get_running_loop()
    if _signal is None or _signal[0] is not loop or _signal[1].done():
        _signal = (loop, loop.create_future())
    return _signal[1]


def committed() -> None:
    """Called by the unit of work after each commit that wrote events."""
    global _signal
    if _signal is not None:
        loop, future = _signal
        _signal = None
        # A future of another loop (a finished test's) has no waiter left to wake.
        if not future.done() and loop is asyncio.get_running_loop():
            future.set_result(None)


async def wait(timeout: float) -> None:  # noqa: ASYNC109 (the poll interval is the contract)
    """Returns when this process commits events, or after `timeout`. Other processes' commits are
    not signalled: consumers poll read_after too."""
    future = _current()
    try:
        await asyncio.wait_for(asyncio.shield(future), timeout)
    except TimeoutError:
        pass
