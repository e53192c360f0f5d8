"""The executor's two jobs: the graphql-core memo-leak fix and one execution per visibility class."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import orjson
from graphql import parse
from starlette.websockets import WebSocketState

from casebook.app import graphql_app
from casebook.cases import services
from casebook.enums import Role, Visibility
from casebook.fastpath.live import SharedExecutor, SharedResults, shared_results
from casebook.graphql.context import Context
from casebook.graphql.schema import schema
from casebook.graphql.websocket import TimedWebSocketAdapter
from casebook.stream.services import add_post

FEED = "subscription { caseFeed { __typename case { number internalComments } ... on PostAdded { post { body } } } }"


def test_each_event_gets_its_own_memo() -> None:
    executor = SharedExecutor.build(schema._schema, parse(FEED))
    assert not isinstance(executor, list)
    copy = executor.build_per_event_executor({"caseFeed": None})
    assert copy._relevant_sub_fields is not executor._relevant_sub_fields
    assert copy._relevant_sub_fields == {}


async def _subscribe(person: Any, query: str = FEED) -> tuple[Any, list[Any], asyncio.Task[None]]:
    context = Context(
        request=SimpleNamespace(client=None, headers={}, cookies={}),
        response=None,  # type: ignore[arg-type]
        actor=person.actor,
    )
    stream = await schema.subscribe(query, context_value=context)
    got: list[Any] = []

    async def pump() -> None:
        async for result in stream:  # type: ignore[union-attr]
            got.append(result)

    task = asyncio.create_task(pump())
    await asyncio.sleep(0.05)
    return stream, got, task


async def _close(subscribers: list[Any]) -> None:
    for _, _, task in subscribers:
        task.cancel()
    await asyncio.gather(*(task for _, _, task in subscribers), return_exceptions=True)


async def _until(got: list[Any], n: int) -> None:
    for _ in range(100):
        if len(got) >= n:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"expected {n} results, got {got}")


async def test_one_execution_per_class_and_correct_data_for_each(people: Any) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    carol = await people.make(Role.CUSTOMER, "Carol")
    case = await services.create_case(actor=carol.actor, subject="Shared")
    await services.update_case(
        actor=agent.actor, case_id=case.id, changes={"internalComments": "agents only"}
    )
    await asyncio.sleep(0.2)  # let the events above reach the hub before anyone subscribes
    subscribers = [await _subscribe(p) for p in (agent, agent, agent, carol, carol)]
    misses, hits = shared_results.misses, shared_results.hits
    await add_post(actor=agent.actor, case=case.id, body="hello all", visibility=Visibility.PUBLIC)
    for _, got, _ in subscribers:
        await _until(got, 1)
    results = [got[0] for _, got, _ in subscribers]
    assert all(r.errors is None for r in results), [r.errors for r in results]
    staff = [r.data["caseFeed"] for r in results[:3]]
    customers = [r.data["caseFeed"] for r in results[3:]]
    assert all(s["case"]["internalComments"] == "agents only" for s in staff)
    assert all(c["case"]["internalComments"] is None for c in customers)
    assert all(x["post"]["body"] == "hello all" for x in staff + customers)
    # Two classes (staff, customer): two executions, three shared.
    assert shared_results.misses - misses == 2
    assert shared_results.hits - hits == 3
    await _close(subscribers)


async def test_per_viewer_fields_are_not_shared(people: Any) -> None:
    alice = await people.make(Role.AGENT, "Alice")
    bob = await people.make(Role.AGENT, "Bob")
    case = await services.create_case(actor=alice.actor, subject="Follow me")
    await services.follow(actor=alice.actor, case_id=case.id, on=True)
    await asyncio.sleep(0.2)
    query = "subscription { caseFeed { case { isFollowing } } }"
    subs = [await _subscribe(p, query) for p in (alice, bob)]
    await add_post(actor=bob.actor, case=case.id, body="ping")
    for _, got, _ in subs:
        await _until(got, 1)
    assert [got[0].data["caseFeed"]["case"]["isFollowing"] for _, got, _ in subs] == [
        True,
        False,
    ]
    await _close(subs)


class _CapturingSocket:
    """Stands in for Starlette's WebSocket under the adapter: records the text frames sent."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.application_state = WebSocketState.CONNECTED

    async def send_text(self, text: str) -> None:
        self.sent.append(text)


def _adapter() -> tuple[TimedWebSocketAdapter, _CapturingSocket]:
    socket = _CapturingSocket()
    return TimedWebSocketAdapter(graphql_app, socket, socket), socket  # type: ignore[arg-type]


async def _send_next(result: Any, operation_id: str) -> str:
    # What Strawberry's graphql-transport-ws handler sends for a result without errors.
    adapter, socket = _adapter()
    await adapter.send_json({"id": operation_id, "type": "next", "payload": {"data": result.data}})
    return socket.sent[0]


async def test_shared_frames_are_encoded_once_per_class_and_never_cross_classes(
    people: Any,
) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    carol = await people.make(Role.CUSTOMER, "Carol")
    case = await services.create_case(actor=carol.actor, subject="Frames")
    await services.update_case(
        actor=agent.actor, case_id=case.id, changes={"internalComments": "agents only"}
    )
    await asyncio.sleep(0.2)
    subscribers = [await _subscribe(p) for p in (agent, agent, carol, carol)]
    await add_post(
        actor=agent.actor,
        case=case.id,
        body="staff note",
        visibility=Visibility.INTERNAL,
    )
    await add_post(
        actor=agent.actor,
        case=case.id,
        body="for everyone",
        visibility=Visibility.PUBLIC,
    )
    for i, (_, got, _) in enumerate(subscribers):
        await _until(got, 2 if i < 2 else 1)
    staff = [got for _, got, _ in subscribers[:2]]
    customers = [got for _, got, _ in subscribers[2:]]
    # Both classes' results of the public post are registered as shared: one JSON each.
    public_staff, public_customer = staff[0][1], customers[0][0]
    assert public_staff.data is staff[1][1].data
    assert public_customer.data is customers[1][0].data
    assert public_staff.data is not public_customer.data

    frames = {}
    for name, result in (
        ("s1", public_staff),
        ("s2", staff[1][1]),
        ("c1", public_customer),
    ):
        frames[name] = await _send_next(result, f'op-"{name}"')
        # Byte for byte what encoding the whole message gives.
        expected = {
            "id": f'op-"{name}"',
            "type": "next",
            "payload": {"data": result.data},
        }
        assert frames[name] == orjson.dumps(expected).decode()
    frames["c2"] = await _send_next(customers[1][0], "2")
    assert shared_results.encoded_data(public_staff.data, str) == orjson.dumps(public_staff.data).decode()
    assert frames["s1"].replace('op-\\"s1\\"', "X") == frames["s2"].replace('op-\\"s2\\"', "X")
    for name in ("c1", "c2"):
        assert "agents only" not in frames[name]
        assert "staff note" not in frames[name]
        assert "for everyone" in frames[name]
    assert "agents only" in frames["s1"]
    # Customers never received the internal post at all.
    assert all(len(got) == 1 for got in customers)
    await _close(subscribers)


async def test_results_that_are_not_shared_are_encoded_as_they_are() -> None:
    adapter, socket = _adapter()
    data = {"caseFeed": {"case": {"isFollowing": True}}}
    assert shared_results.encoded_data(data, str) is None
    await adapter.send_json({"id": "1", "type": "next", "payload": {"data": data}})
    error = {
        "id": "1",
        "type": "next",
        "payload": {"data": None, "errors": [{"message": "no"}]},
    }
    await adapter.send_json(error)
    assert socket.sent == [
        orjson.dumps(m).decode() for m in ({"id": "1", "type": "next", "payload": {"data": data}}, error)
    ]


async def test_shared_frames_go_with_their_results() -> None:
    results = SharedResults(maxsize=2, ttl=60)
    loop = asyncio.get_running_loop()
    kept = []
    for n in range(3):
        future = loop.create_future()
        results.put((n,), object(), future)
        data = {"n": n}
        kept.append(data)
        results.share_data(data)
        future.set_result(SimpleNamespace(data=data, errors=None))
    results.put((3,), object(), loop.create_future())  # two entries at most: 0 and 1 are gone
    assert [entry[0] for entry in results.frames.values()] == kept[2:]
    assert results.encoded_data(kept[1], str) is None
    assert results.encoded_data(kept[2], str) == str(kept[2])


async def test_an_unexpected_failure_in_a_live_event_is_masked(people: Any, monkeypatch: Any) -> None:
    from casebook.graphql import loaders
    from casebook.graphql.errors import INTERNAL_MESSAGE

    agent = await people.make(Role.AGENT, "Alice")
    case = await services.create_case(actor=agent.actor, subject="Masked")
    await asyncio.sleep(0.2)
    subscriber = await _subscribe(agent)

    async def fail(ids: Any) -> Any:
        raise RuntimeError("relation secret_table does not exist")

    monkeypatch.setattr(loaders, "posts_by_id", fail)
    await add_post(actor=agent.actor, case=case.id, body="will not resolve", visibility=Visibility.PUBLIC)
    _, got, _ = subscriber
    await _until(got, 1)
    errors = got[0].errors
    assert errors and all(e.extensions == {"code": "INTERNAL"} for e in errors), errors
    assert all(e.message == INTERNAL_MESSAGE for e in errors)
    assert "secret_table" not in str(got[0].errors) and "secret_table" not in str(got[0].data)
    await _close([subscriber])


async def test_the_fast_path_switched_off_shares_nothing_and_answers_the_same(
    people: Any, api: Any, monkeypatch: Any
) -> None:
    from casebook import settings
    from casebook.app import plans

    alice = await people.make(Role.AGENT, "Alice")
    bob = await people.make(Role.AGENT, "Bob")
    case = await services.create_case(actor=alice.actor, subject="Plain")
    query = "query($id: ID!) { case(id: $id) { subject posts { totalCount } } }"
    on = await api(query, {"id": str(case.id)}, as_=alice)
    assert plans.get(query, None) is not None  # learned: the fast path is on by default
    monkeypatch.setattr(settings, "FAST_PATH", False, raising=False)
    plans.entries.clear()
    plan_free = [await api(query, {"id": str(case.id)}, as_=alice) for _ in range(2)]
    assert plan_free == [on, on]
    assert not plans.known(query, None)
    await asyncio.sleep(0.2)
    subscribers = [await _subscribe(p) for p in (alice, bob)]
    misses, hits = shared_results.misses, shared_results.hits
    await add_post(actor=alice.actor, case=case.id, body="each her own")
    for _, got, _ in subscribers:
        await _until(got, 1)
    assert [got[0].data["caseFeed"]["post"]["body"] for _, got, _ in subscribers] == ["each her own"] * 2
    assert (shared_results.misses, shared_results.hits) == (misses, hits)
    await _close(subscribers)


async def test_a_subscriber_with_a_shared_result_skips_its_own_execution(people: Any) -> None:
    # The comparison the tests run elsewhere (support.paths) executes every subscriber; here the
    # production path: the second subscriber's per-event executor is the shared hit.
    shared_results.verify = False
    alice = await people.make(Role.AGENT, "Alice")
    bob = await people.make(Role.AGENT, "Bob")
    case = await services.create_case(actor=alice.actor, subject="Hit")
    await asyncio.sleep(0.2)
    subscribers = [await _subscribe(p) for p in (alice, bob)]
    misses, hits = shared_results.misses, shared_results.hits
    await add_post(actor=alice.actor, case=case.id, body="once")
    for _, got, _ in subscribers:
        await _until(got, 1)
    first, second = (got[0] for _, got, _ in subscribers)
    assert first.data is second.data
    assert (shared_results.misses - misses, shared_results.hits - hits) == (1, 1)
    await _close(subscribers)


def test_what_a_document_depends_on_is_read_through_fragments() -> None:
    from graphql import FragmentDefinitionNode, OperationDefinitionNode

    from casebook import visibility
    from casebook.fastpath.live import dependencies

    def of(text: str) -> frozenset[str]:
        document = parse(text)
        operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        return dependencies(schema._schema, operation, fragments)

    assert of(FEED) == frozenset()
    assert of(
        "subscription { caseFeed { ... on PostAdded { case { ...Row } } } }"
        " fragment Row on Case { subject parent { subject } }"
    ) == {visibility.SCOPE}
    assert of("subscription { caseFeed { case { isFollowing account { cases { totalCount } } } } }") == {
        visibility.SCOPE,
        visibility.PERSON,
    }
