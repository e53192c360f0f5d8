"""Shared live results never cross scopes (issue 11, defect 1), over real sockets.

A live event is executed once per share key and the result sent to every subscriber with that
key. Related cases (parent, children, mergedInto) depend on which cases the viewer may open, and a
customer's nested lists on her contact and account access: the keys must tell those viewers apart,
in whichever order they subscribed, and still let viewers the policy answers alike share one
execution.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from casebook.accounts.services import save_account
from casebook.cases import services as cases
from casebook.cases.models import Case
from casebook.contacts.models import Contact
from casebook.enums import Role
from casebook.fastpath.live import shared_results
from casebook.realtime.hub import hub
from casebook.stream.services import add_post
from casebook.teams.services import save_team
from support.sockets import Socket, serving, wait_until

RELATED = """subscription { caseFeed { __typename
  case { subject children { subject } parent { subject } mergedInto { subject } } } }"""
# The same, written as the SPA writes its documents: the related cases in a named fragment.
RELATED_FRAGMENT = """subscription { caseFeed { __typename case { ...Related } } }
fragment Related on Case { subject children { subject } parent { subject } mergedInto { subject } }"""
ROW = "subscription { caseFeed { __typename case { subject priority team { name } } } }"
ACCOUNT = """subscription($id: ID!) { caseEvents(caseId: $id) { ... on PostAdded {
  case { account { name cases { totalCount edges { node { subject } } } contacts { name } } } } } }"""


@pytest_asyncio.fixture
async def base_url(db: str) -> AsyncIterator[str]:
    async with serving() as url:
        yield url


@pytest.fixture
async def teams(people: Any) -> dict[str, Any]:
    admin = await people.make(Role.ADMIN, "Ada")
    alice = await people.make(Role.AGENT, "Alice")
    bea = await people.make(Role.AGENT, "Bea")
    nina = await people.make(Role.AGENT, "Nina")
    network = await save_team(actor=admin.actor, name="Network", member_ids=[nina.id])
    support = await save_team(actor=admin.actor, name="Support", member_ids=[alice.id, bea.id])
    root = admin.actor
    parent = await cases.create_case(actor=root, subject="Outage (network)", team_id=network.id)
    target = await cases.create_case(actor=root, subject="Network target", team_id=network.id)
    case = await cases.create_case(actor=root, subject="Printer (everyone)", parent_id=parent.id)
    await cases.create_case(actor=root, subject="Network child", team_id=network.id, parent_id=case.id)
    await cases.create_case(actor=root, subject="Support child", team_id=support.id, parent_id=case.id)
    await Case.filter(id=case.id).update(merged_into_id=target.id)
    return {
        "admin": admin,
        # Their sockets authenticate after the teams exist: the actors there have the team sets.
        "alice": alice,
        "bea": bea,
        "nina": nina,
        "case": case,
    }


EXPECTED = {
    "admin": {
        "children": [{"subject": "Network child"}, {"subject": "Support child"}],
        "parent": {"subject": "Outage (network)"},
        "mergedInto": {"subject": "Network target"},
    },
    "nina": {
        "children": [{"subject": "Network child"}],
        "parent": {"subject": "Outage (network)"},
        "mergedInto": {"subject": "Network target"},
    },
    "alice": {"children": [{"subject": "Support child"}], "parent": None, "mergedInto": None},
}


async def _change(teams: dict[str, Any]) -> None:
    # The case was merged (no posts any more); a change is an event all the same.
    await cases.update_case(
        actor=teams["admin"].actor, case_id=teams["case"].id, changes={"priority": "HIGH"}
    )


async def _subscribe(base_url: str, person: Any, query: str, variables: Any = None) -> tuple[Socket, str]:
    socket = await Socket.open(base_url, token=person.token)
    before = hub.subscriber_count
    op = await socket.start(query, variables)
    assert await wait_until(lambda: hub.subscriber_count > before), "the subscription did not start"
    return socket, op


async def _received(socket: Socket, op: str, n: int = 1) -> list[Any]:
    assert await socket.wait_for(lambda: len(socket.events(op)) >= n), socket.frames
    return [e["data"] for e in socket.events(op)]


@pytest.mark.parametrize("order", list(itertools.permutations(["admin", "nina", "alice"])))
async def test_related_cases_reach_only_who_may_open_them(
    base_url: str, teams: dict[str, Any], order: tuple[str, ...]
) -> None:
    subscribed = [(who, *await _subscribe(base_url, teams[who], RELATED)) for who in order]
    await _change(teams)
    for who, socket, op in subscribed:
        (data,) = await _received(socket, op)
        case = data["caseFeed"]["case"]
        assert case == {"subject": "Printer (everyone)", **EXPECTED[who]}, who
        await socket.close()


@pytest.mark.parametrize("order", [("admin", "alice"), ("alice", "admin")])
async def test_fields_in_named_fragments_are_scoped_too(
    base_url: str, teams: dict[str, Any], order: tuple[str, ...]
) -> None:
    """graphql-core keeps a document's fragments with their variable signatures: the share key
    must still find the scoped fields inside them (and the subscription must not fail on them)."""
    subscribed = [(who, *await _subscribe(base_url, teams[who], RELATED_FRAGMENT)) for who in order]
    await _change(teams)
    for who, socket, op in subscribed:
        (data,) = await _received(socket, op)
        assert data["caseFeed"]["case"] == {"subject": "Printer (everyone)", **EXPECTED[who]}, who
        await socket.close()


async def test_agents_of_one_team_set_share_one_execution(base_url: str, teams: dict[str, Any]) -> None:
    subscribed = [await _subscribe(base_url, teams[who], ROW) for who in ("alice", "bea", "admin")]
    misses, hits = shared_results.misses, shared_results.hits
    await _change(teams)
    results = [await _received(socket, op) for socket, op in subscribed]
    assert results[0] == results[1] == results[2]
    # Nothing selected depends on the scope: all three are alike, one execution.
    assert (shared_results.misses - misses, shared_results.hits - hits) == (1, 2)
    for socket, _ in subscribed:
        await socket.close()


async def test_related_cases_are_shared_only_among_viewers_of_one_scope(
    base_url: str, teams: dict[str, Any], people: Any
) -> None:
    unlimited = await people.make(Role.AGENT, "Umar")  # in no team: works every case
    order = ("alice", "admin", "bea", "unlimited")
    who = {**teams, "unlimited": unlimited}
    subscribed = [await _subscribe(base_url, who[w], RELATED) for w in order]
    misses, hits = shared_results.misses, shared_results.hits
    await _change(teams)
    results = [(await _received(socket, op))[0]["caseFeed"]["case"] for socket, op in subscribed]
    assert results[0] == results[2] == {"subject": "Printer (everyone)", **EXPECTED["alice"]}
    assert results[1] == results[3] == {"subject": "Printer (everyone)", **EXPECTED["admin"]}
    # Alice and Bea each see the cases assigned to them too: one execution each; the admin and
    # the agent in no team open every case: one execution for both.
    assert (shared_results.misses - misses, shared_results.hits - hits) == (3, 1)
    for socket, _ in subscribed:
        await socket.close()


async def test_customers_with_and_without_account_access_get_their_own_lists(
    base_url: str, people: Any
) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    account = await save_account(actor=admin.actor, name="Initech")
    carol = await people.make(Role.CUSTOMER, "Carol")
    peter = await people.make(Role.CUSTOMER, "Peter", portal_account_access=True)
    dave = await people.make(Role.CUSTOMER, "Dave")
    await Contact.filter(
        id__in=[carol.actor.contact_id, peter.actor.contact_id, dave.actor.contact_id]
    ).update(account_id=account.id)
    mine = await cases.create_case(actor=carol.actor, subject="Carol's printer")
    theirs = await cases.create_case(actor=dave.actor, subject="Dave's fax")
    for case in (mine, theirs):
        await cases.update_case(actor=admin.actor, case_id=case.id, changes={"accountId": account.id})
    variables = {"id": str(mine.id)}
    for order in ((carol, peter), (peter, carol)):
        subscribed = [await _subscribe(base_url, p, ACCOUNT, variables) for p in order]
        await add_post(actor=admin.actor, case=mine.id, body="for the account")
        seen = {}
        for person, (socket, op) in zip(order, subscribed, strict=True):
            data = (await _received(socket, op))[0]
            seen[person.email] = data["caseEvents"]["case"]["account"]
            await socket.close()
        assert seen[carol.email]["cases"]["totalCount"] == 1
        assert [e["node"]["subject"] for e in seen[carol.email]["cases"]["edges"]] == ["Carol's printer"]
        assert seen[carol.email]["contacts"] == [{"name": "Carol"}]
        assert seen[peter.email]["cases"]["totalCount"] == 2
        assert {e["node"]["subject"] for e in seen[peter.email]["cases"]["edges"]} == {
            "Carol's printer",
            "Dave's fax",
        }
        assert seen[peter.email]["contacts"] == [{"name": "Peter"}]
