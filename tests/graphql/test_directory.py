"""Accounts, contacts, users and teams through the API: admins manage, agents read, customers don't."""

from __future__ import annotations

from typing import Any

from casebook.enums import Role
from support.config import error_codes


async def test_admin_builds_the_directory_and_agents_read_it(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    agent = await people.make(Role.AGENT, "Alice")
    customer = await people.make(Role.CUSTOMER, "Carol")
    account = await api(
        'mutation { createAccount(input: {name: "Initech", domain: "initech.test"}) { id name } }', as_=admin
    )
    account_id = account["data"]["createAccount"]["id"]
    contact = await api(
        'mutation($a: ID) { createContact(input: {name: "Peter", email: "Peter@Initech.test", accountId: $a}) '
        "{ id email account { name } } }",
        {"a": account_id},
        as_=agent,
    )
    assert contact["data"]["createContact"] == {
        "id": contact["data"]["createContact"]["id"],
        "email": "peter@initech.test",
        "account": {"name": "Initech"},
    }
    duplicate = await api(
        'mutation { createContact(input: {name: "P2", email: "peter@initech.test"}) { id } }', as_=agent
    )
    assert duplicate["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "email"}
    team = await api(
        'mutation($m: [ID!]) { createTeam(input: {name: "Support", memberIds: $m}) '
        "{ name members { name } } }",
        {"m": [str(agent.id)]},
        as_=admin,
    )
    assert team["data"]["createTeam"] == {"name": "Support", "members": [{"name": "Alice"}]}
    # A taken name is the admin's mistake, not ours: BAD_USER_INPUT, and nothing is written.
    twin = await api('mutation { createTeam(input: {name: "Support"}) { name } }', as_=admin)
    assert twin["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "name"}
    other = await api('mutation { createTeam(input: {name: "Network"}) { id } }', as_=admin)
    renamed = await api(
        'mutation($id: ID!) { updateTeam(id: $id, input: {name: "Support"}) { name } }',
        {"id": other["data"]["createTeam"]["id"]},
        as_=admin,
    )
    assert renamed["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "name"}
    teams = await api("{ teams { name } }", as_=admin)
    assert sorted(t["name"] for t in teams["data"]["teams"]) == ["Network", "Support"]
    user = await api(
        'mutation { createUser(input: {email: "bob@example.test", name: "Bob", role: AGENT, '
        'password: "long-enough-pw"}) { name role } }',
        as_=admin,
    )
    assert user["data"]["createUser"] == {"name": "Bob", "role": "AGENT"}
    short = await api(
        'mutation { createUser(input: {email: "x@example.test", name: "X", role: AGENT, '
        'password: "short"}) { name } }',
        as_=admin,
    )
    assert short["errors"][0]["extensions"]["field"] == "password"

    listed = await api(
        'query($a: ID) { accounts(search: "init") { edges { node { name contacts { email } } } } '
        "contacts(accountId: $a) { edges { node { name } } } teams { name } "
        "users(role: AGENT) { name } }",
        {"a": account_id},
        as_=agent,
    )
    assert listed["data"]["accounts"]["edges"][0]["node"] == {
        "name": "Initech",
        "contacts": [{"email": "peter@initech.test"}],
    }
    assert [e["node"]["name"] for e in listed["data"]["contacts"]["edges"]] == ["Peter"]
    assert [u["name"] for u in listed["data"]["users"]] == ["Alice", "Bob"]

    for query in (
        'mutation { createTeam(input: {name: "X"}) { name } }',
        'mutation { createUser(input: {email: "y@example.test", name: "Y", role: ADMIN}) { name } }',
    ):
        assert error_codes(await api(query, as_=agent)) == ["FORBIDDEN"]
    for query in ("{ users { name } }", "{ teams { name } }", "{ contacts { edges { node { name } } } }"):
        assert error_codes(await api(query, as_=customer)) == ["FORBIDDEN"]
    # Staff addresses are not handed to customers through a case's assignee.
    case = await api('mutation { createCase(input: {subject: "hi"}) { id } }', as_=customer)
    case_id = case["data"]["createCase"]["id"]
    await api(
        "mutation($id: ID!, $a: ID) { assignCase(id: $id, assigneeId: $a) { id } }",
        {"id": case_id, "a": str(agent.id)},
        as_=admin,
    )
    seen = await api(
        "query($id: ID!) { case(id: $id) { assignee { name email } } }", {"id": case_id}, as_=customer
    )
    assert seen["data"]["case"]["assignee"] == {"name": "Alice", "email": None}


async def test_follow_and_unfollow(api: Any, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    created = await api('mutation { createCase(input: {subject: "Watch me"}) { id isFollowing } }', as_=agent)
    case_id = created["data"]["createCase"]["id"]
    assert created["data"]["createCase"]["isFollowing"] is False
    followed = await api(
        "mutation($id: ID!) { followCase(id: $id) { isFollowing followers { name } } }",
        {"id": case_id},
        as_=agent,
    )
    assert followed["data"]["followCase"] == {"isFollowing": True, "followers": [{"name": "Alice"}]}
    mine = await api("{ cases(filter: {following: true}) { totalCount } }", as_=agent)
    assert mine["data"]["cases"]["totalCount"] == 1
    unfollowed = await api(
        "mutation($id: ID!) { unfollowCase(id: $id) { isFollowing } }", {"id": case_id}, as_=agent
    )
    assert unfollowed["data"]["unfollowCase"]["isFollowing"] is False
