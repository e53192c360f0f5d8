"""A customer never receives internal data, by any path (SPEC.md §1, API.md)."""

from __future__ import annotations

from typing import Any

import pytest

from casebook.cases import services
from casebook.enums import Role, Visibility
from casebook.stream.services import add_post
from support.config import error_codes

SECRET = "zanzibar-internal-note"
PUBLIC = "public-answer-text"


@pytest.fixture
async def world(people: Any) -> dict[str, Any]:
    agent = await people.make(Role.AGENT, "Alice")
    carol = await people.make(Role.CUSTOMER, "Carol")
    dave = await people.make(Role.CUSTOMER, "Dave")
    case = await services.create_case(actor=carol.actor, subject="Printer on fire")
    await services.update_case(actor=agent.actor, case_id=case.id, changes={"internalComments": SECRET})
    await add_post(
        actor=agent.actor, case=case.id, body=f"{SECRET} do not tell", visibility=Visibility.INTERNAL
    )
    await add_post(actor=agent.actor, case=case.id, body=PUBLIC)
    other = await services.create_case(actor=dave.actor, subject="Dave's own problem")
    return {"agent": agent, "carol": carol, "dave": dave, "case": case, "other": other}


CASE_QUERY = """
query($id: ID!) {
  case(id: $id) {
    number internalComments history { field } followers { name }
    posts { totalCount edges { node { body visibility } } }
    lastPost { body }
    a1: posts(first: 10) { edges { node { body } } }
    ...F
  }
}
fragment F on Case { p2: posts { edges { node { ... on Post { body visibility } } } } }
"""


async def test_customer_sees_public_posts_only_through_every_path(api: Any, world: dict[str, Any]) -> None:
    result = await api(CASE_QUERY, {"id": str(world["case"].id)}, as_=world["carol"])
    assert "errors" not in result, result
    text = str(result)
    assert SECRET not in text
    case = result["data"]["case"]
    assert case["internalComments"] is None
    assert case["history"] is None and case["followers"] is None
    assert case["posts"]["totalCount"] == 1
    assert [e["node"]["body"] for e in case["posts"]["edges"]] == [PUBLIC]
    assert case["lastPost"]["body"] == PUBLIC


async def test_agent_sees_everything(api: Any, world: dict[str, Any]) -> None:
    result = await api(CASE_QUERY, {"id": str(world["case"].id)}, as_=world["agent"])
    case = result["data"]["case"]
    assert case["internalComments"] == SECRET
    assert case["posts"]["totalCount"] == 2
    assert {e["node"]["visibility"] for e in case["posts"]["edges"]} == {"PUBLIC", "INTERNAL"}
    assert case["lastPost"]["body"] == PUBLIC
    assert any(h["field"] == "internalComments" for h in case["history"])


async def test_search_and_lists_do_not_leak_internal_text(api: Any, world: dict[str, Any]) -> None:
    query = """query($t: String) { cases(filter: {text: $t}) { totalCount edges { node { number lastPost { body } } } } }"""
    carol_hits = await api(query, {"t": "zanzibar"}, as_=world["carol"])
    assert carol_hits["data"]["cases"]["totalCount"] == 0
    assert carol_hits["data"]["cases"]["edges"] == []
    agent_hits = await api(query, {"t": "zanzibar"}, as_=world["agent"])
    assert agent_hits["data"]["cases"]["totalCount"] == 1
    public_hits = await api(query, {"t": "answer"}, as_=world["carol"])
    assert public_hits["data"]["cases"]["totalCount"] == 1
    everything = await api(query, {"t": None}, as_=world["carol"])
    assert [e["node"]["number"] for e in everything["data"]["cases"]["edges"]] == [world["case"].number]
    assert SECRET not in str(everything)


async def test_other_customers_case_is_not_found(api: Any, world: dict[str, Any]) -> None:
    query = "query($id: ID!) { case(id: $id) { subject } }"
    assert (await api(query, {"id": str(world["other"].id)}, as_=world["carol"]))["data"]["case"] is None
    mutation = 'mutation($id: ID!) { addPost(caseId: $id, body: "hi") { id } }'
    result = await api(mutation, {"id": str(world["other"].id)}, as_=world["carol"])
    assert error_codes(result) == ["NOT_FOUND"]
    assert "Dave" not in str(result)


async def test_customer_cannot_post_internal_or_edit(api: Any, world: dict[str, Any]) -> None:
    post = 'mutation($id: ID!) { addPost(caseId: $id, body: "x", visibility: INTERNAL) { id } }'
    assert error_codes(await api(post, {"id": str(world["case"].id)}, as_=world["carol"])) == ["FORBIDDEN"]
    edit = 'mutation($id: ID!) { updateCase(id: $id, input: {internalComments: "x"}) { id } }'
    assert error_codes(await api(edit, {"id": str(world["case"].id)}, as_=world["carol"])) == ["FORBIDDEN"]
    staff_lists = "{ accounts { edges { node { name } } } }"
    assert error_codes(await api(staff_lists, as_=world["carol"])) == ["FORBIDDEN"]


async def test_customer_with_account_access_sees_account_cases(
    api: Any, people: Any, world: dict[str, Any]
) -> None:
    from casebook.accounts.services import save_account
    from casebook.contacts.models import Contact

    agent = world["agent"]
    account = await save_account(actor=agent.actor, name="Initech")
    boss = await people.make(Role.CUSTOMER, "Peter", portal_account_access=True)
    await Contact.filter(id__in=[boss.actor.contact_id, world["carol"].actor.contact_id]).update(
        account_id=account.id
    )
    await services.update_case(actor=agent.actor, case_id=world["case"].id, changes={"accountId": account.id})
    boss = await people.make(
        Role.CUSTOMER, "Peter2", portal_account_access=True, contact_email="peter@example.test"
    )
    query = "{ cases { totalCount edges { node { subject } } } }"
    # Peter2's contact is Peter's; the actor is built at login, after the account link.
    result = await api(query, as_=boss)
    assert [e["node"]["subject"] for e in result["data"]["cases"]["edges"]] == ["Printer on fire"]
    assert SECRET not in str(result)


async def test_customer_sees_the_team_name_but_not_its_members(
    api: Any, people: Any, world: dict[str, Any]
) -> None:
    from casebook.teams.services import save_team

    admin = await people.make(Role.ADMIN, "Ada")
    team = await save_team(actor=admin.actor, name="Support", member_ids=[world["agent"].id])
    await services.update_case(actor=admin.actor, case_id=world["case"].id, changes={"teamId": team.id})
    query = "query($id: ID!) { case(id: $id) { team { name members { name } } } }"
    seen = await api(query, {"id": str(world["case"].id)}, as_=world["carol"])
    assert seen["data"]["case"]["team"] == {"name": "Support", "members": []}
    staff = await api(query, {"id": str(world["case"].id)}, as_=world["agent"])
    assert staff["data"]["case"]["team"]["members"] == [{"name": "Alice"}]


async def test_related_cases_respect_the_team_limit(api: Any, people: Any) -> None:
    from casebook.teams.services import save_team

    admin = await people.make(Role.ADMIN, "Ada")
    alice = await people.make(Role.AGENT, "Alice")
    nina = await people.make(Role.AGENT, "Nina")
    network = await save_team(actor=admin.actor, name="Network", member_ids=[nina.id])
    await save_team(actor=admin.actor, name="Support", member_ids=[alice.id])
    parent = await services.create_case(
        actor=admin.actor, subject="Outage (network only)", team_id=network.id
    )
    # Unrouted, so every agent works it; its parent belongs to the network team alone.
    child = await services.create_case(actor=admin.actor, subject="Printer follow-up", parent_id=parent.id)
    query = "query($id: ID!) { case(id: $id) { subject parent { subject } } }"
    for who, expected in ((admin, "Outage (network only)"), (nina, "Outage (network only)"), (alice, None)):
        result = await api(query, {"id": str(child.id)}, as_=who)
        assert result["data"]["case"]["subject"] == "Printer follow-up"
        parent_seen = result["data"]["case"]["parent"]
        assert (parent_seen["subject"] if parent_seen else None) == expected, who.email
