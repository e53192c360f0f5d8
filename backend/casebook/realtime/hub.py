"""The broadcast adapter: one subscription per process, routed in memory to local subscribers.

Only this package imports broadcaster. Every process subscribes once to one channel; each event
is decoded once and handed to the local subscribers allowed to see it (an index by case for
`caseEvents`, a cheap snapshot check for `caseFeed`), each through a bounded queue. The same
channel carries access notices (realtime/sockets.py): they close the sockets of a viewer whose
credential ended or whose rights changed, in every process.

broadcaster 0.3.1 never notices a dead Redis (its listener task just stops), so the hub sends
itself a heartbeat through the backend and rebuilds the connection when heartbeats stop arriving.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Callable

from broadcaster import Broadcast

from casebook import settings
from casebook.errors import RateLimited
from casebook.events import Event
from casebook.realtime.sockets import AccessNotice, sockets

log = logging.getLogger(__name__)

CHANNEL = "casebook.events"
HEARTBEAT_PREFIX = "hb:"
ACCESS_PREFIX = "ax:"


class SubscriberOverflow(RateLimited):
    """The subscriber fell too far behind and was dropped; the client reconnects and refetches."""


class Subscriber:
    """One live subscription's filter and its bounded backlog of events.

    Not an asyncio.Queue: an idle subscriber keeps only these slots (no deques, no Event), and an
    event costs an append and at most one wake-up.
    """

    __slots__ = ("_waiter", "accepts", "backlog", "case_id", "closed")

    def __init__(self, accepts: Callable[[Event], bool], case_id: int | None) -> None:
        self.accepts = accepts
        self.case_id = case_id
        self.backlog: list[Event | None] = []
        self.closed = False
        self._waiter: asyncio.Future[None] | None = None

    def put(self, event: Event) -> bool:
        """False when the backlog is full (the caller drops the subscriber)."""
        if len(self.backlog) >= settings.SUBSCRIBER_QUEUE_SIZE:
            return False
        self.backlog.append(event)
        self._wake()
        return True

    def overflow(self) -> None:
        # What it had not read yet goes too: it reconnects and refetches anyway.
        self.backlog = [None]
        self._wake()

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def get(self) -> Event:
        while not self.backlog:
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        event = self.backlog.pop(0)
        if event is None:
            raise SubscriberOverflow("This live feed fell behind and was closed; reconnect to resume.")
        return event


class Hub:
    def __init__(self) -> None:
        self.url = settings.BROADCAST_URL
        self.heartbeat_interval = 2.0
        self._broadcast: Broadcast | None = None
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()
        self._last_seen = 0.0
        self._by_case: dict[int, set[Subscriber]] = {}
        self._feed: set[Subscriber] = set()
        self.reconnects = 0

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self, url: str | None = None, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        if self._task is not None:
            return
        self.url = url or settings.BROADCAST_URL
        self._ready = asyncio.Event()
        self._task = asyncio.create_task(self._run(), name="casebook-realtime-hub")
        await asyncio.wait_for(self._ready.wait(), timeout)

    async def stop(self) -> None:
        if self._task is not None:
            # Cancel until it ends: a cancellation racing a message that just arrived can be
            # absorbed by the awaited call (Python 3.11), so one cancel() is not always enough.
            for _ in range(50):
                self._task.cancel()
                done, _ = await asyncio.wait({self._task}, timeout=0.1)
                if done:
                    break
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        self._task = None
        self._ready = asyncio.Event()

    @property
    def healthy(self) -> bool:
        return self._ready.is_set() and time.monotonic() - self._last_seen < self.heartbeat_interval * 3

    async def _run(self) -> None:
        delay = 0.2
        while True:
            broadcast = Broadcast(self.url)
            try:
                await broadcast.connect()
                async with broadcast.subscribe(CHANNEL) as subscription:
                    self._broadcast = broadcast
                    beat = asyncio.create_task(self._heartbeat(broadcast))
                    try:
                        while True:
                            async with asyncio.timeout(self.heartbeat_interval * 3):
                                message = await subscription.get()
                            self._last_seen = time.monotonic()
                            if message.message.startswith(HEARTBEAT_PREFIX):
                                if not self._ready.is_set():
                                    log.info("realtime hub connected to %s", _redact(self.url))
                                self._ready.set()
                                delay = 0.2
                                continue
                            if message.message.startswith(ACCESS_PREFIX):
                                sockets.apply(AccessNotice.from_json(message.message[len(ACCESS_PREFIX) :]))
                                continue
                            self._route(Event.from_json(message.message))
                    finally:
                        beat.cancel()
            except asyncio.CancelledError:
                with contextlib.suppress(Exception):
                    await broadcast.disconnect()
                raise
            except Exception as exc:  # TimeoutError when heartbeats stop, connection errors
                log.warning("realtime hub lost %s (%r); reconnecting", _redact(self.url), exc)
            self._ready.clear()
            self._broadcast = None
            self.reconnects += 1
            with contextlib.suppress(Exception):
                await asyncio.wait_for(broadcast.disconnect(), 2)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)

    async def _heartbeat(self, broadcast: Broadcast) -> None:
        # Fast until the first beat comes back (it proves the subscription is live), then steady.
        while True:
            with contextlib.suppress(Exception):
                await broadcast.publish(CHANNEL, HEARTBEAT_PREFIX + uuid.uuid4().hex)
            await asyncio.sleep(0.05 if not self._ready.is_set() else self.heartbeat_interval)

    # --- publishing ------------------------------------------------------------------------

    async def publish(self, event: Event) -> None:
        await self._publish(event.to_json())

    async def publish_access(self, notice: AccessNotice) -> None:
        """Closes the sockets the notice names, in every process (this one included)."""
        await self._publish(ACCESS_PREFIX + notice.to_json())

    async def _publish(self, message: str) -> None:
        if self._task is None:
            # No hub in this process (a CLI command): deliver to nobody locally, but still reach
            # the other processes when a shared backend is configured.
            if not self.url.startswith("memory"):
                async with Broadcast(self.url) as broadcast:
                    await broadcast.publish(CHANNEL, message)
            return
        if not self._ready.is_set():
            await asyncio.wait_for(self._ready.wait(), 5)
        assert self._broadcast is not None
        await self._broadcast.publish(CHANNEL, message)

    # --- local delivery --------------------------------------------------------------------

    def subscribe(self, accepts: Callable[[Event], bool], case_id: int | None = None) -> Subscriber:
        sub = Subscriber(accepts, case_id)
        if case_id is None:
            self._feed.add(sub)
        else:
            self._by_case.setdefault(case_id, set()).add(sub)
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        sub.closed = True
        if sub.case_id is None:
            self._feed.discard(sub)
        else:
            subs = self._by_case.get(sub.case_id)
            if subs is not None:
                subs.discard(sub)
                if not subs:
                    del self._by_case[sub.case_id]

    @property
    def subscriber_count(self) -> int:
        return len(self._feed) + sum(len(s) for s in self._by_case.values())

    def _route(self, event: Event) -> None:
        by_case = self._by_case.get(event.case_id, ()) if event.case_id is not None else ()
        for sub in list(by_case) + list(self._feed):
            if sub.closed or not sub.accepts(event):
                continue
            if not sub.put(event):
                # Bounded memory: a subscriber that stops reading is dropped, not buffered forever.
                self.unsubscribe(sub)
                sub.overflow()


def _redact(url: str) -> str:
    return url.split("@")[-1]


hub = Hub()
