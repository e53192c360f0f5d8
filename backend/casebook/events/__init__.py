"""What happened to a case, announced after the change is committed.

`dispatch` publishes to the realtime hub (every process's subscribers) and then awaits the
listeners other packages registered (the mail package queues notifications there). An event
carries a snapshot of who may see the case, so live filtering needs no database read.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

import orjson

log = logging.getLogger(__name__)

CASE_CREATED = "CASE_CREATED"
POST_ADDED = "POST_ADDED"
CASE_CHANGED = "CASE_CHANGED"


@dataclass(frozen=True, slots=True)
class Event:
    kind: str
    case_id: int
    team_id: int | None
    assignee_id: int | None
    account_id: int | None
    reported_by_id: int | None
    contact_ids: tuple[int, ...]
    actor_user_id: int | None = None
    post_id: int | None = None
    post_visibility: str | None = None
    changed_fields: tuple[str, ...] = ()
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def to_json(self) -> str:
        return orjson.dumps(asdict(self)).decode()

    @classmethod
    def from_json(cls, text: str | bytes) -> Event:
        data = orjson.loads(text)
        data["contact_ids"] = tuple(data["contact_ids"])
        data["changed_fields"] = tuple(data["changed_fields"])
        return cls(**data)

    @classmethod
    def for_case(cls, kind: str, case: object, contact_ids: tuple[int, ...], **extra: object) -> Event:
        return cls(
            kind=kind,
            case_id=case.id,  # type: ignore[attr-defined]
            team_id=case.team_id,  # type: ignore[attr-defined]
            assignee_id=case.assignee_id,  # type: ignore[attr-defined]
            account_id=case.account_id,  # type: ignore[attr-defined]
            reported_by_id=case.reported_by_id,  # type: ignore[attr-defined]
            contact_ids=contact_ids,
            **extra,  # type: ignore[arg-type]
        )


Listener = Callable[[Event], Awaitable[None]]
listeners: list[Listener] = []

# Set inside `deferred()`: the events of the block wait there until it has committed.
_held: ContextVar[list[Event] | None] = ContextVar("casebook_held_events", default=None)


@contextlib.asynccontextmanager
async def deferred() -> AsyncIterator[None]:
    """For a caller that wraps several services in its own transaction (e.g. inbound mail).

    The services dispatch when their own block ends, but inside an outer transaction that is
    before the real commit: a subscriber could read rows that are not there yet, or that a rollback
    removes. Inside this block events are held, and sent only if the block exits normally. Enter it
    outside the transaction, so that it exits after the commit.
    """
    outer = _held.get()
    held: list[Event] = []
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)
    # Only reached when the block did not raise: a rollback drops what it held.
    if outer is not None:
        outer.extend(held)
    else:
        for event in held:
            await dispatch(event)


async def dispatch(event: Event) -> None:
    """Never raises: the change is committed, so a failing listener must not fail the request."""
    from casebook.realtime.hub import hub

    held = _held.get()
    if held is not None:
        held.append(event)
        return

    try:
        await hub.publish(event)
    except Exception:
        log.exception("publishing event %s failed", event.id)
    for listener in list(listeners):
        try:
            await listener(event)
        except Exception:
            log.exception("event listener %r failed for %s", listener, event.id)
