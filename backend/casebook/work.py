"""The unit of work: one transaction per write, with the events it causes recorded in it.

`run(body)` opens the transaction and calls `body(unit)`; the body writes and calls
`unit.record(...)` for what happened. Before the commit the unit's events go into `events` in one
multi-row INSERT, so a change and its events commit (or roll back) together. After the commit they
are published to the live hub. A `run` inside a running unit joins it: the outer unit writes and
publishes after its own commit, so a subscriber never hears of rows that are not there yet.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from contextvars import ContextVar
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

import orjson
from tortoise import connections
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.transactions import in_transaction

from casebook import db
from casebook.events import Change, Event
from casebook.events import log as event_log
from casebook.sql import Sql

if TYPE_CHECKING:
    from casebook.auth.actor import Actor

log = logging.getLogger(__name__)

T = TypeVar("T")


class Unit:
    """The events of one transaction, written just before its commit."""

    __slots__ = ("_at_end", "_pending", "events", "locked", "shared")

    def __init__(self) -> None:
        self._pending: list[Event] = []
        self._at_end: list[Callable[[], Awaitable[None]]] = []
        # What services of one unit gather for an at_end action (the rules it fired, to count).
        self.shared: dict[str, Any] = {}
        # Rows this transaction read under their lock, by (table, id): services of one unit share
        # them (casebook.cases.services.lock_case).
        self.locked: dict[tuple[str, int], Any] = {}
        self.events: list[Event] = []  # after the commit: as written, with their ids

    @property
    def recorded(self) -> int:
        """How many events this unit has recorded so far (has a step changed anything?)."""
        return len(self._pending)

    def record(
        self,
        kind: str,
        case: Any,
        contact_ids: Iterable[int],
        *,
        actor: Actor,
        changes: Iterable[Change] = (),
        post_id: int | None = None,
        post_visibility: str | None = None,
        caused_by: int | None = None,
        actor_name: str | None = None,
    ) -> None:
        """`case` as this transaction leaves it (the snapshot decides who may see the event).
        `caused_by` defaults to the actor's (a rule's trigger), and a rule's id goes with it."""
        self._pending.append(
            Event(
                id=0,
                kind=kind,
                case_id=case.id,
                team_id=case.team_id,
                assignee_id=case.assignee_id,
                account_id=case.account_id,
                reported_by_id=case.reported_by_id,
                contact_ids=tuple(sorted(contact_ids)),
                actor_user_id=actor.user_id,
                actor_name=(actor_name or actor.name)[:200],
                caused_by=caused_by if caused_by is not None else actor.caused_by,
                at=datetime.now(UTC).isoformat(),
                post_id=post_id,
                post_visibility=post_visibility,
                changes=tuple(changes),
                rule_id=actor.rule_id,
            )
        )

    def at_end(self, action: Callable[[], Awaitable[None]]) -> None:
        """`action` runs after the body, just before the events are written and the commit: for an
        update of a row that many units touch (a rule's fire count), whose lock is then held for
        the commit only, instead of for the rest of the unit."""
        self._at_end.append(action)

    async def _write(self) -> None:
        for action in self._at_end:
            await action()
        if not self._pending:
            return
        sql = Sql()
        data = "" if sql.sqlite else "::jsonb"
        rows = []
        for e in self._pending:
            at: Any = e.at if sql.sqlite else datetime.fromisoformat(e.at)
            rows.append(
                f"({sql.p(e.kind)}, {sql.p(e.case_id)}, {sql.p(e.actor_user_id)}, {sql.p(e.actor_name)}, "
                f"{sql.p(e.caused_by)}, {sql.p(at)}, {sql.p(orjson.dumps(e.row_data()).decode())}{data})"
            )
        conn = connections.get("default")
        got = await conn.execute_query_dict(
            "INSERT INTO events (kind, case_id, actor_id, actor_name, caused_by_id, at, data) "
            f"VALUES {', '.join(rows)} RETURNING id",
            sql.params,
        )
        # Ids are handed out in the order of the VALUES rows; RETURNING's order is not promised.
        ids = sorted(int(r["id"]) for r in got)
        self.events = [replace(e, id=i) for e, i in zip(self._pending, ids, strict=True)]


_current: ContextVar[Unit | None] = ContextVar("casebook_unit_of_work", default=None)


def current() -> Unit | None:
    return _current.get()


async def run(body: Callable[[Unit], Awaitable[T]]) -> T:
    """`body(unit)` in one transaction, run again (db.CONFLICT_ATTEMPTS in all) when PostgreSQL
    aborts it for a deadlock or a serialisation failure, so `body` must recompute whatever it
    writes. Its events are published once, after the commit that succeeded."""
    outer = _current.get()
    if outer is not None:
        # Joined: a SAVEPOINT would cost two round trips per service call, and an aborted
        # transaction cannot be resumed anyway; the exception leaves the outer unit whole.
        return await body(outer)
    if isinstance(connections.get("default"), TransactionalDBClient):
        raise RuntimeError("A write inside a bare transaction: open it with casebook.work.run instead.")

    async def attempt() -> tuple[T, Unit]:
        unit = Unit()
        token = _current.set(unit)
        try:
            async with in_transaction():
                result = await body(unit)
                await unit._write()
        finally:
            _current.reset(token)
        return result, unit

    result, unit = await db.retry_conflicts(attempt)
    if unit.events:
        await _publish(unit.events)
    return result


async def _publish(written: list[Event]) -> None:
    """Never raises: the change is committed, so a failing subscriber must not fail the request."""
    from casebook.realtime.hub import hub

    event_log.committed()
    for event in written:
        try:
            await hub.publish(event)
        except Exception:
            log.exception("publishing event %s failed", event.id)
