"""Keyset pages: walking a list page by page gives every row once, in order, for every sort."""

from __future__ import annotations

from typing import Any

import pytest

from casebook.cases import services
from casebook.enums import Priority, Role, Visibility
from casebook.stream.services import add_post

PAGE = """
query($after: String, $field: CaseOrderField!, $dir: OrderDirection!) {
  cases(first: 3, after: $after, orderBy: {field: $field, direction: $dir}) {
    totalCount edges { node { number priority } } pageInfo { hasNextPage endCursor } } }
"""


async def _walk(api: Any, who: Any, field: str, direction: str) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    after = None
    for _ in range(10):
        result = await api(PAGE, {"after": after, "field": field, "dir": direction}, as_=who)
        assert "errors" not in result, result
        page = result["data"]["cases"]
        seen += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return seen
        after = page["pageInfo"]["endCursor"]
    raise AssertionError("did not reach the last page")


@pytest.mark.parametrize("field", ["NUMBER", "CREATED_AT", "UPDATED_AT", "PRIORITY"])
@pytest.mark.parametrize("direction", ["ASC", "DESC"])
async def test_pages_cover_every_case_once_in_order(
    api: Any, people: Any, field: str, direction: str
) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    priorities = [
        Priority.LOW,
        Priority.URGENT,
        Priority.NORMAL,
        Priority.HIGH,
        Priority.NORMAL,
        Priority.LOW,
        Priority.URGENT,
        Priority.NORMAL,
    ]
    for i, priority in enumerate(priorities):
        await services.create_case(actor=agent.actor, subject=f"case {i}", priority=priority)
    seen = await _walk(api, agent, field, direction)
    numbers = [n["number"] for n in seen]
    assert sorted(numbers) == list(range(10001, 10009))  # each once
    rank = {"LOW": 0, "NORMAL": 1, "HIGH": 2, "URGENT": 3}
    # Creation order is number order here, and ties break on id (= number order).
    key = (lambda n: (rank[n["priority"]], n["number"])) if field == "PRIORITY" else (lambda n: n["number"])
    assert seen == sorted(seen, key=key, reverse=direction == "DESC")


async def test_a_customer_pages_through_public_posts_only(api: Any, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    carol = await people.make(Role.CUSTOMER, "Carol")
    case = await services.create_case(actor=carol.actor, subject="Long thread")
    for i in range(5):
        await add_post(actor=agent.actor, case=case.id, body=f"public {i}")
        await add_post(actor=agent.actor, case=case.id, body=f"internal {i}", visibility=Visibility.INTERNAL)
    query = """query($id: ID!, $after: String) { case(id: $id) { posts(first: 2, after: $after) {
      totalCount edges { node { body } } pageInfo { hasNextPage endCursor } } } }"""
    bodies, after = [], None
    while True:
        posts = (await api(query, {"id": str(case.id), "after": after}, as_=carol))["data"]["case"]["posts"]
        assert posts["totalCount"] == 5
        bodies += [e["node"]["body"] for e in posts["edges"]]
        if not posts["pageInfo"]["hasNextPage"]:
            break
        after = posts["pageInfo"]["endCursor"]
    assert bodies == [f"public {i}" for i in range(5)]


def test_the_priority_order_is_the_expression_the_index_holds() -> None:
    # migrations/0004 indexes this expression; PostgreSQL and SQLite use the index only if the
    # list orders by the same one.
    from importlib import import_module

    from casebook.cases.listing import ORDER_EXPRESSIONS

    migration = import_module("casebook.migrations.0004_priority_order")
    assert ORDER_EXPRESSIONS["PRIORITY"].replace("c.priority", "priority") == migration.PRIORITY_RANK_SQL


async def test_counts_stop_at_the_limit_and_say_so(api: Any, people: Any, monkeypatch: Any) -> None:
    from casebook.cases import listing

    agent = await people.make(Role.AGENT, "Alice")
    carol = await people.make(Role.CUSTOMER, "Carol")
    for i in range(4):
        await services.create_case(actor=agent.actor, subject=f"agent case {i}")
    await services.create_case(actor=carol.actor, subject="Carol's case")
    query = "{ cases(first: 1) { totalCount totalCountCapped } }"
    exact = await api(query, as_=agent)
    assert exact["data"]["cases"] == {"totalCount": 5, "totalCountCapped": False}
    monkeypatch.setattr(listing, "COUNT_LIMIT", 3)
    capped = await api(query, as_=agent)
    assert capped["data"]["cases"] == {"totalCount": 3, "totalCountCapped": True}
    # A customer's count is of her own cases only, capped or not.
    own = await api(query, as_=carol)
    assert own["data"]["cases"] == {"totalCount": 1, "totalCountCapped": False}
    monkeypatch.setattr(listing, "COUNT_LIMIT", 1)
    at_limit = await api(query, as_=carol)
    assert at_limit["data"]["cases"] == {"totalCount": 1, "totalCountCapped": False}
