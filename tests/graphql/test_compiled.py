"""Known query documents run a compiled plan: the same answers as graphql-core, for every viewer.

casebook.fastpath.compiled: a document executed once without errors is compiled; later requests
with the same text skip graphql-core's per-field execution. These tests run each document both
ways and require identical responses, including what a customer may not see, and that anything a
plan cannot reproduce (errors, directives, mutations) goes the ordinary way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from casebook.app import plans
from casebook.cases import services
from casebook.contacts.services import save_contact
from casebook.enums import Role, Visibility
from casebook.stream.services import add_post
from support.config import error_codes

SECRET = "kumquat-internal-note"

LIST = """
query List($first: Int, $after: String, $filter: CaseFilter) {
  cases(first: $first, after: $after, filter: $filter, orderBy: {field: NUMBER, direction: ASC}) {
    __typename
    edges { cursor node { ...Row } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}
fragment Row on Case {
  id number subject status priority type tags internalComments createdAt updatedAt resolvedAt
  account { id name }
  people: contacts { id name email }
  assignee { id name email }
  lastPost { id body visibility createdAt author { name } }
  ... on Case { allowedStatuses }
}
"""

CASE = """
query($id: ID!) {
  case(id: $id) {
    number subject internalComments history { field newValue } followers { name } isFollowing
    posts(first: 10) { totalCount edges { node { body visibility author { name } attachments { id } } } }
    lastPost { body }
  }
  me { name role teams { name } }
}
"""


@pytest.fixture(autouse=True)
def fresh_plans() -> Iterator[None]:
    plans.entries.clear()
    plans.enabled = True
    yield
    plans.entries.clear()
    plans.enabled = True


@pytest.fixture
async def world(people: Any) -> dict[str, Any]:
    admin = await people.make(Role.ADMIN, "Ada")
    agent = await people.make(Role.AGENT, "Alice")
    carol = await people.make(Role.CUSTOMER, "Carol")
    other = await save_contact(actor=admin.actor, name="Oscar", email="oscar@example.test")
    numbers = []
    for i in range(4):
        case = await services.create_case(
            actor=carol.actor, subject=f"Printer {i}", tags=["printer", f"t{i}"]
        )
        await services.update_case(
            actor=agent.actor,
            case_id=case.id,
            changes={"internalComments": f"{SECRET} {i}", "contactIds": [other.id]},
        )
        await services.assign_case(actor=admin.actor, case_id=case.id, assignee_id=agent.id)
        await add_post(actor=agent.actor, case=case.id, body=f"public answer {i}")
        # The newest post is internal: the customer's lastPost must be the public one.
        await add_post(
            actor=agent.actor, case=case.id, body=f"{SECRET} post {i}", visibility=Visibility.INTERNAL
        )
        numbers.append(case.number)
    return {"agent": agent, "carol": carol, "admin": admin, "case": case, "numbers": numbers}


async def both_ways(api: Any, query: str, variables: dict[str, Any], person: Any) -> dict[str, Any]:
    """The ordinary answer, then the compiled one; they must be identical."""
    plans.enabled = False
    ordinary = await api(query, variables, as_=person)
    assert "errors" not in ordinary, ordinary
    plans.enabled = True
    learned = await api(query, variables, as_=person)  # teaches the plan if not known yet
    plan = plans.get(query, None)
    assert plan is not None, "the document was not compiled"
    before = plan.executions
    compiled = await api(query, variables, as_=person)
    assert plan.executions == before + 1, "the compiled plan did not answer"
    assert compiled == ordinary == learned
    return compiled


@pytest.mark.parametrize("who", ["agent", "carol", "admin"])
async def test_case_list_is_identical_both_ways(api: Any, world: dict[str, Any], who: str) -> None:
    person = world[who]
    first = await both_ways(api, LIST, {"first": 3}, person)
    page = first["data"]["cases"]
    assert [e["node"]["number"] for e in page["edges"]] == world["numbers"][:3]
    assert page["pageInfo"]["hasNextPage"] is True
    # Variables change between requests of the same plan: the next page.
    second = await both_ways(api, LIST, {"first": 3, "after": page["pageInfo"]["endCursor"]}, person)
    assert [e["node"]["number"] for e in second["data"]["cases"]["edges"]] == world["numbers"][3:]
    filtered = await both_ways(api, LIST, {"first": 10, "filter": {"status": ["NEW"]}}, person)
    assert filtered["data"]["cases"]["totalCount"] == 0  # assigned cases are OPEN


async def test_customer_gets_no_internal_data_from_a_compiled_plan(api: Any, world: dict[str, Any]) -> None:
    # The agent teaches the plan; the customer then runs the same plan with her own context.
    await both_ways(api, LIST, {"first": 10}, world["agent"])
    result = await api(LIST, {"first": 10}, as_=world["carol"])
    assert plans.get(LIST, None) is not None
    assert SECRET not in str(result)
    for edge in result["data"]["cases"]["edges"]:
        node = edge["node"]
        assert node["internalComments"] is None
        assert node["lastPost"]["visibility"] == "PUBLIC"
        assert node["lastPost"]["body"].startswith("public answer")
        assert node["assignee"]["email"] is None  # staff addresses stay hidden from customers
    case = await both_ways(api, CASE, {"id": str(world["case"].id)}, world["carol"])
    assert SECRET not in str(case)
    assert case["data"]["case"]["history"] is None
    assert case["data"]["case"]["posts"]["totalCount"] == 1
    agent_case = await both_ways(api, CASE, {"id": str(world["case"].id)}, world["agent"])
    assert agent_case["data"]["case"]["posts"]["totalCount"] == 2
    assert SECRET in str(agent_case)


async def test_errors_go_the_ordinary_way(api: Any, world: dict[str, Any]) -> None:
    await both_ways(api, LIST, {"first": 2}, world["agent"])
    plan = plans.get(LIST, None)
    assert plan is not None
    before = plan.executions
    bad_cursor = await api(LIST, {"first": 2, "after": "not-a-cursor"}, as_=world["agent"])
    assert error_codes(bad_cursor) == ["BAD_USER_INPUT"]
    assert bad_cursor["data"] is None
    bad_variable = await api(LIST, {"first": "many"}, as_=world["agent"])
    assert error_codes(bad_variable) == ["BAD_USER_INPUT"]
    signed_out = await api(LIST, {"first": 2})
    assert error_codes(signed_out) == ["UNAUTHENTICATED"]
    assert plan.executions == before
    # Another customer's case: null with no error, both ways.
    dave_case = await both_ways(api, CASE, {"id": str(world["case"].id + 1000)}, world["carol"])
    assert dave_case["data"]["case"] is None


async def test_what_a_plan_cannot_reproduce_is_never_compiled(api: Any, world: dict[str, Any]) -> None:
    directive = "query($all: Boolean!) { cases { edges { node { number subject @include(if: $all) } } } }"
    result = await api(directive, {"all": False}, as_=world["agent"])
    assert "errors" not in result and "subject" not in result["data"]["cases"]["edges"][0]["node"]
    assert plans.known(directive, None) and plans.get(directive, None) is None
    introspection = "{ __schema { queryType { name } } }"
    assert "errors" not in await api(introspection, as_=world["agent"])
    assert plans.get(introspection, None) is None
    mutation = "mutation($id: ID!) { followCase(id: $id) { isFollowing } }"
    assert "errors" not in await api(mutation, {"id": str(world["case"].id)}, as_=world["agent"])
    assert plans.get(mutation, None) is None
    failing = '{ cases(after: "nope") { edges { cursor } } }'
    assert error_codes(await api(failing, as_=world["agent"])) == ["BAD_USER_INPUT"]
    assert not plans.known(failing, None)


async def test_a_read_only_request_shares_one_connection_and_gives_it_back(db: str) -> None:
    import asyncio

    import asyncpg
    from tortoise import connections

    from casebook import sql as sql_module
    from casebook.sql import Sql, read_only_connection

    client = connections.get("default")
    postgres = client.capabilities.dialect == "postgres"
    async with read_only_connection():
        reads = sql_module._reads.get()
        assert (reads is not None) == postgres  # SQLite reads on its one connection as ever
        # Siblings at once take turns on the one connection (never a second one from the pool
        # while holding it: issue 10), which goes back as soon as no statement runs or waits.
        a, b = await asyncio.gather(Sql().fetch("SELECT 1 AS x"), Sql().fetch("SELECT 2 AS x"))
        assert (a, b) == ([{"x": 1}], [{"x": 2}])
        if postgres:
            assert reads is not None and reads.connection is None
            with pytest.raises(asyncpg.exceptions.UndefinedColumnError):
                await Sql().fetch("SELECT no_such_column FROM cases")
    assert sql_module._reads.get() is None
    if postgres:
        assert reads is not None and reads.connection is None  # released, even after an error
        pool = client._pool
        assert pool.get_size() - pool.get_idle_size() == 0  # nothing left checked out
