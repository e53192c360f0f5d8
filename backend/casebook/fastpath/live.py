"""Shared live execution: an event is executed once per (event, document, variables, viewer key).

A live payload that may be shared says which event it stands for (`event_id`, with its class);
the first subscriber of a key runs the execution and the others receive the same result. The
viewer key is casebook.visibility.share_key for the viewer and for what the selected fields
declare they depend on (`visibility.depends_on` in their metadata): a document selecting related
cases is shared only among viewers who may open the same cases, one selecting `isFollowing`
among nobody. Undeclared fields may depend on the viewer's class only.

- A subscriber whose key already has the result skips the per-event executor copy, and once the
  result is finished receives it without another await. The encoded `data` of a shared result is
  kept beside it (`encoded_data`), so the WebSocket adapter encodes it once for the whole key.
- `shared_results.verify` (the tests turn it on): every subscriber still executes the event the
  plain way and a result that differs from the shared one is recorded in `mismatches`. A server
  process refuses it (`serving`, from the app's lifespan): it would execute every subscriber twice
  and keep every mismatch.

Relies on graphql-core 3.3.2 / Strawberry 0.341.2 internals; tests/graphql/test_execution.py
guards the behaviour. Skips per-field extensions and `info.context` on a hit: never mutate a
shared result.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import orjson
from graphql import FieldNode, GraphQLSchema, TypeInfo, TypeInfoVisitor, Visitor, visit

from casebook import fastpath, visibility
from casebook.graphql.execution import CasebookExecutor

SHARED_RESULTS_MAX = 1024
# How long a finished execution stays shareable. Subscribers of one key run the same event within
# milliseconds of each other; one that lags further (a backlog in its queue) executes it again, which
# is correct, just not shared. Without a time bound the LRU kept up to SHARED_RESULTS_MAX results
# alive long after everyone had them (tests/scaleout: +69 MB for 2,000 events with 30 KB posts).
SHARED_RESULTS_TTL = 2.0
# Encoded frames are needed only while one event's subscribers are being sent to (milliseconds), and
# may be large (a 30 KB post): keep the most recent few, not one per live result.
SHARED_FRAMES_MAX = 64
_DEPENDENCIES_MAX = 512


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
        self._verify = False
        self._serving = False
        self.mismatches: list[tuple[tuple[Any, ...], Any, Any]] = []

    @property
    def verify(self) -> bool:
        return self._verify

    @verify.setter
    def verify(self, on: bool) -> None:
        if on and self._serving:
            raise RuntimeError("shared_results.verify is for tests; this process is a server")
        self._verify = on

    def serving(self) -> None:
        """Called by the server's lifespan: verification stays off in this process for good."""
        self._serving = True
        self._verify = False
        self.mismatches.clear()

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
        return entry[1]


shared_results = SharedResults()


def _freeze(variables: Any) -> bytes:
    coerced = getattr(variables, "coerced", variables)  # graphql-core's VariableValues
    return orjson.dumps(coerced or {}, option=orjson.OPT_SORT_KEYS, default=str)


class _DependencyFinder(Visitor):
    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.found: set[str] = set()

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        field = self.type_info.get_field_def()
        definition = field.extensions.get("strawberry-definition") if field is not None else None
        if definition is not None:
            self.found |= visibility.dependencies(definition.metadata)


# id(operation) -> (the operation, kept alive so that its id is not reused; its dependencies)
_dependencies: OrderedDict[int, tuple[Any, frozenset[str]]] = OrderedDict()


def dependencies(schema: GraphQLSchema, operation: Any, fragments: dict[str, Any]) -> frozenset[str]:
    """What the fields of an operation (and of every fragment it may spread) depend on."""
    hit = _dependencies.get(id(operation))
    if hit is not None and hit[0] is operation:
        return hit[1]
    found: set[str] = set()
    for node in (operation, *fragments.values()):
        type_info = TypeInfo(schema)
        finder = _DependencyFinder(type_info)
        visit(node, TypeInfoVisitor(type_info, finder))
        found |= finder.found
    result = frozenset(found)
    _dependencies[id(operation)] = (operation, result)
    while len(_dependencies) > _DEPENDENCIES_MAX:
        _dependencies.popitem(last=False)
    return result


def _identity(payload: Any) -> tuple[Any, ...] | None:
    event_id = getattr(payload, "event_id", None)
    return None if event_id is None else (payload.__class__.__name__, event_id)


class _SharedHit:
    """Stands in for the per-event executor of a subscriber whose key already has the result."""

    __slots__ = ("future",)

    def __init__(self, future: asyncio.Future[Any]) -> None:
        self.future = future

    def execute_operation(self, serially: bool | None = None) -> Any:
        future = self.future
        if future.done():
            return future.result()  # raises the execution's error, as awaiting it would
        return asyncio.shield(future)


class SharedExecutor(CasebookExecutor):
    # The subscription's (document, variables, viewer key) part of the share key, made once.
    _share_base: tuple[Any, ...] | None = None

    def _share_key(self, identity: tuple[Any, ...]) -> tuple[Any, ...]:
        base = self._share_base
        if base is None:
            actor = getattr(self.context_value, "actor", None)
            if actor is None:
                base = ("unshared", id(self))
            else:
                depends = dependencies(self.schema, self.operation, self.fragment_definitions)
                viewer = visibility.share_key(actor, depends)
                base = (id(self.operation), _freeze(self.variable_values), viewer)
            self._share_base = base
        return (identity, *base)

    def build_per_event_executor(self, payload: Any) -> Any:
        identity = _identity(payload) if fastpath.enabled() else None
        if identity is not None and not shared_results.verify:
            future = shared_results.get(self._share_key(identity))
            if future is not None:
                shared_results.hits += 1
                return _SharedHit(future)
        executor = super().build_per_event_executor(payload)
        executor._share_base = self._share_base
        return executor

    def execute_operation(self, serially: bool | None = None) -> Any:
        identity = _identity(self.root_value) if fastpath.enabled() else None
        if identity is None:
            return super().execute_operation(serially)
        key = self._share_key(identity)
        future = shared_results.get(key)
        if future is not None:
            shared_results.hits += 1
            if shared_results.verify:
                return self._run_verified(key, future, serially)
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

    async def _run_verified(
        self, key: tuple[Any, ...], future: asyncio.Future[Any], serially: bool | None
    ) -> Any:
        own: Any = super().execute_operation(serially)
        if self.is_awaitable(own):
            own = await own
        shared = await asyncio.shield(future)
        mine = (own.data, [e.message for e in own.errors or ()])
        theirs = (shared.data, [e.message for e in shared.errors or ()])
        if mine != theirs:
            shared_results.mismatches.append((key, theirs, mine))
        return shared
