"""The executor's two jobs: the graphql-core memo-leak fix and one execution per visibility class."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from graphql import parse

from casebook.cases import services
from casebook.enums import Role, Visibility
from casebook.graphql.context import Context
from casebook.graphql.execution import CasebookExecutor, shared_results
from casebook.graphql.schema import schema
from casebook.stream.services import add_post

FEED = "subscription { caseFeed { __typename case { number internalComments } ... on PostAdded { post { body } } } }"


def test_each_event_gets_its_own_memo() -> None:
    executor = CasebookExecutor.build(schema._schema, parse(FEED))
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
    assert [got[0].data["caseFeed"]["case"]["isFollowing"] for _, got, _ in subs] == [True, False]
    await _close(subs)
