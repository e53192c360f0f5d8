"""Our graphql-core executor: the subscription memo-leak fix and shared event execution.

Both lean on graphql-core 3.3.2 / Strawberry 0.341.2 internals; the versions are pinned and
tests/graphql/test_execution.py guards the behaviour.

- graphql-core 3.3.2 shares the `_relevant_sub_fields` memo between a subscription's executor
  and every per-event copy, keyed by id() of per-event lists: it grows with every delivered event.
  Each per-event copy gets its own memo.
- An event is executed once per (event, visibility class, document, variables): the subscription
  generator marks the yielded object with a `share_key`; the first subscriber of a class runs the
  execution and the others receive the same result. Resolvers under an event may therefore only
  read what the class decides (see casebook.visibility and PER_VIEWER_FIELDS).
- A subscriber whose class already has the result skips the per-event executor copy, and once the
  result is finished receives it without another await. The encoded `data` of a shared result is
  kept beside it (`encoded_data`), so the WebSocket adapter encodes it once for the whole class.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import orjson
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from casebook.graphql.inputs import refuse_variables

SHARED_RESULTS_MAX = 1024
# How long a finished execution stays shareable. Subscribers of one class run the same event within
# milliseconds of each other; one that lags further (a backlog in its queue) executes it again, which
# is correct, just not shared. Without a time bound the LRU kept up to SHARED_RESULTS_MAX results
# alive long after everyone had them (tests/scaleout: +69 MB for 2,000 events with 30 KB posts).
SHARED_RESULTS_TTL = 2.0
# Encoded frames are needed only while one event's subscribers are being sent to (milliseconds), and
# may be large (a 30 KB post): keep the most recent few, not one per live result.
SHARED_FRAMES_MAX = 64


class SharedResults:
    """A small, short-lived map of in-flight and just-finished event executions."""

    def __init__(self, maxsize: int = SHARED_RESULTS_MAX, ttl: float = SHARED_RESULTS_TTL) -> None:
        self.maxsize = maxsize
        self.ttl = ttl
        # Insertion order is age order: expiry pops from the front.
        self.entries: OrderedDict[tuple[Any, ...], tuple[Any, asyncio.Future[Any], float]] = OrderedDict()
        # id(result.data) -> [data, its JSON or None]: the list keeps `data` alive, so its id() cannot
        # be reused while it is here. Only results that are shared are registered.
        self.frames: OrderedDict[int, list[Any]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple[Any, ...]) -> asyncio.Future[Any] | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        if time.monotonic() - entry[2] > self.ttl and entry[1].done():
            del self.entries[key]
            return None
        return entry[1]

    def put(self, key: tuple[Any, ...], operation: Any, future: asyncio.Future[Any]) -> None:
        # The operation node is kept alive with its entry so that its id() cannot be reused.
        now = time.monotonic()
        self.entries[key] = (operation, future, now)
        self._expire(now)

    def _expire(self, now: float) -> None:
        entries = self.entries
        while entries:
            key, (_, future, created) = next(iter(entries.items()))
            if len(entries) > self.maxsize or (now - created > self.ttl and future.done()):
                del entries[key]
                if future.done() and not future.cancelled() and future.exception() is None:
                    data = future.result().data
                    frame = self.frames.get(id(data))
                    if frame is not None and frame[0] is data:
                        del self.frames[id(data)]
            else:
                break

    def share_data(self, data: Any) -> None:
        if data is not None:
            self.frames[id(data)] = [data, None]
            while len(self.frames) > SHARED_FRAMES_MAX:
                self.frames.popitem(last=False)

    def encoded_data(self, data: Any, encode: Callable[[Any], str]) -> str | None:
        """The JSON of a shared result's `data`, made once; None for a result that is not shared."""
        entry = self.frames.get(id(data))
        if entry is None or entry[0] is not data:
            return None
        if entry[1] is None:
            entry[1] = encode(data)
        return entry[1]  # type: ignore[no-any-return]


shared_results = SharedResults()


def _freeze(variables: Any) -> bytes:
    coerced = getattr(variables, "coerced", variables)  # graphql-core's VariableValues
    return orjson.dumps(coerced or {}, option=orjson.OPT_SORT_KEYS, default=str)


class _SharedHit:
    """Stands in for the per-event executor of a subscriber whose class already has the result."""

    __slots__ = ("future",)

    def __init__(self, future: asyncio.Future[Any]) -> None:
        self.future = future

    def execute_operation(self, serially: bool | None = None) -> Any:
        future = self.future
        if future.done():
            return future.result()  # raises the execution's error, as awaiting it would
        return asyncio.shield(future)


class CasebookExecutor(StrawberryGraphQLCoreExecutionContext):
    # The subscription's (document, variables) part of the share key, made on its first event.
    _share_base: tuple[int, bytes] | None = None

    @classmethod
    def build(
        cls,
        schema: Any,
        document: Any,
        root_value: Any = None,
        context_value: Any = None,
        raw_variable_values: Any = None,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        # Every execution and subscription, over HTTP and WebSocket, starts here: refuse text no
        # database may receive before the variables are even coerced (casebook.graphql.inputs).
        refused = refuse_variables(document, raw_variable_values)
        if refused is not None:
            return [refused]
        return super().build(
            schema, document, root_value, context_value, raw_variable_values, *args, **kwargs
        )

    def _share_key(self, share_key: tuple[Any, ...]) -> tuple[Any, ...]:
        base = self._share_base
        if base is None:
            base = self._share_base = (id(self.operation), _freeze(self.variable_values))
        return (share_key, *base)

    def build_per_event_executor(self, payload: Any) -> Any:
        share_key = getattr(payload, "share_key", None)
        if share_key is not None:
            future = shared_results.get(self._share_key(share_key))
            if future is not None:
                shared_results.hits += 1
                return _SharedHit(future)
        executor = super().build_per_event_executor(payload)
        executor._relevant_sub_fields = {}
        return executor

    def execute_operation(self, serially: bool | None = None) -> Any:
        share_key = getattr(self.root_value, "share_key", None)
        if share_key is None:
            return super().execute_operation(serially)
        key = self._share_key(share_key)
        future = shared_results.get(key)
        if future is not None:
            shared_results.hits += 1
            return _SharedHit(future).execute_operation(serially)
        shared_results.misses += 1
        future = asyncio.get_running_loop().create_future()
        shared_results.put(key, self.operation, future)
        return self._run_shared(future, serially)

    async def _run_shared(self, future: asyncio.Future[Any], serially: bool | None) -> Any:
        try:
            result: Any = super().execute_operation(serially)
            if self.is_awaitable(result):
                result = await result
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # mark retrieved
            raise
        if not result.errors:
            shared_results.share_data(result.data)
        future.set_result(result)
        return result
