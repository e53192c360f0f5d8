"""Open WebSockets follow the viewer's current credential and rights (real sockets, one process).

When a credential ends the server closes the viewer's sockets with 4401; when their rights
change, with 4403 (the client reconnects). Until that close arrives, every operation on the
socket authenticates again: the tests that withhold the notice show that part alone.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
import pytest_asyncio

from casebook import settings
from casebook.accounts.models import Account
from casebook.auth.actor import Actor
from casebook.cases import services as cases
from casebook.contacts.models import Contact
from casebook.enums import Role, Visibility
from casebook.realtime.hub import hub
from casebook.realtime.sockets import AccessNotice, sockets
from casebook.stream.services import add_post
from casebook.teams.services import save_team
from support.config import PASSWORD, error_codes
from support.sockets import Socket, http, serving, wait_until

FEED = "subscription { caseFeed { __typename ... on PostAdded { post { body visibility } } } }"
POSTS = "query($id: ID!) { case(id: $id) { posts { edges { node { body visibility } } } } }"
CASES = "{ cases { totalCount } }"
UPDATE_USER = "mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id } }"

pytestmark = pytest.mark.usefixtures("db")


@pytest_asyncio.fixture
async def base_url(db: str) -> AsyncIterator[str]:
    async with serving() as url:
        yield url


def posted(socket: Socket, op: str) -> list[str]:
    return [
        e["data"]["caseFeed"]["post"]["body"] for e in socket.events(op) if "post" in e["data"]["caseFeed"]
    ]


async def feed(socket: Socket) -> str:
    before = hub.subscriber_count
    op = await socket.start(FEED)
    assert await wait_until(lambda: hub.subscriber_count > before), "the feed did not start"
    return op


async def post(actor: Actor, case_id: int, visibility: Visibility = Visibility.PUBLIC) -> str:
    body = f"{visibility.value.lower()} {uuid.uuid4().hex[:8]}"
    await add_post(actor=actor, case=case_id, body=body, visibility=visibility)
    return body


@pytest.fixture
def withhold_notices(monkeypatch: pytest.MonkeyPatch) -> None:
    """No access notice leaves: what the socket does before the close reaches it."""

    async def nothing(notice: Any) -> None:
        return None

    monkeypatch.setattr(hub, "publish_access", nothing)


# --- credentials that end -------------------------------------------------------------------


async def _cookies_of(base_url: str, email: str) -> dict[str, str]:
    import httpx

    async with httpx.AsyncClient(base_url=base_url) as client:
        response = await client.post(
            "/graphql",
            json={"query": f'mutation {{ login(email: "{email}", password: "{PASSWORD}") {{ token }} }}'},
        )
        return dict(response.cookies)


Ender = Callable[[str, Any, Any], Awaitable[None]]


async def _bearer_logout(base_url: str, person: Any, admin: Any) -> None:
    result = await http(base_url, "mutation { logout }", headers={"authorization": f"Bearer {person.token}"})
    assert result["data"]["logout"] is True


async def _deactivate(base_url: str, person: Any, admin: Any) -> None:
    result = await http(
        base_url,
        UPDATE_USER,
        {"id": str(person.id), "i": {"isActive": False}},
        headers={"authorization": f"Bearer {admin.token}"},
    )
    assert "errors" not in result, result


@pytest.mark.parametrize("end", [_bearer_logout, _deactivate], ids=["logout", "deactivation"])
async def test_a_session_that_ends_closes_its_sockets_with_4401(
    base_url: str, people: Any, end: Ender
) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    alice = await people.make(Role.AGENT, "Alice")
    case = await cases.create_case(actor=admin.actor, subject="Printer on fire")
    socket = await Socket.open(base_url, token=alice.token)
    op = await feed(socket)
    before = await post(admin.actor, case.id, Visibility.INTERNAL)
    assert await socket.wait_for(lambda: before in posted(socket, op))

    await end(base_url, alice, admin)

    assert await socket.wait_closed() == 4401
    assert sockets.matching(AccessNotice(code=4401, user_id=alice.id)) == []
    await socket.close()


@pytest.mark.parametrize("end", [_bearer_logout, _deactivate], ids=["logout", "deactivation"])
@pytest.mark.usefixtures("withhold_notices")
async def test_an_ended_session_can_do_nothing_on_a_socket_still_open(
    base_url: str, people: Any, end: Ender
) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    alice = await people.make(Role.AGENT, "Alice")
    await cases.create_case(actor=admin.actor, subject="Printer on fire")
    socket = await Socket.open(base_url, token=alice.token)
    assert (await socket.execute(CASES))["data"]["cases"]["totalCount"] == 1

    await end(base_url, alice, admin)

    assert error_codes(await socket.execute(CASES)) == ["UNAUTHENTICATED"]
    assert error_codes(await socket.execute(FEED)) == ["UNAUTHENTICATED"]
    assert (await socket.execute("{ me { name } }"))["data"]["me"] is None
    await socket.close()


async def test_a_cookie_logout_closes_the_cookie_socket(base_url: str, people: Any) -> None:
    await people.make(Role.AGENT, "Alice")
    cookies = await _cookies_of(base_url, "alice@example.test")
    socket = await Socket.open(base_url, cookies=cookies)
    await feed(socket)
    result = await http(
        base_url,
        "mutation { logout }",
        cookies=cookies,
        headers={settings.CSRF_HEADER: cookies[settings.CSRF_COOKIE]},
    )
    assert result["data"]["logout"] is True
    assert await socket.wait_closed() == 4401
    await socket.close()


@pytest.mark.usefixtures("withhold_notices")
async def test_a_cookie_socket_is_signed_out_by_a_cookie_logout(base_url: str, people: Any) -> None:
    await people.make(Role.AGENT, "Alice")
    cookies = await _cookies_of(base_url, "alice@example.test")
    socket = await Socket.open(base_url, cookies=cookies)
    assert (await socket.execute("{ me { name } }"))["data"]["me"]["name"] == "Alice"
    await http(
        base_url,
        "mutation { logout }",
        cookies=cookies,
        headers={settings.CSRF_HEADER: cookies[settings.CSRF_COOKIE]},
    )
    assert error_codes(await socket.execute(CASES)) == ["UNAUTHENTICATED"]
    await socket.close()


@pytest.mark.parametrize("notices", [True, False], ids=["closed", "before-the-close"])
async def test_a_revoked_integration_token_loses_its_socket(
    base_url: str, people: Any, notices: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    made = await http(
        base_url,
        'mutation { createApiToken(name: "CRM", scopes: ["cases:read"]) { token apiToken { id } } }',
        headers={"authorization": f"Bearer {admin.token}"},
    )
    token, token_id = (
        made["data"]["createApiToken"]["token"],
        made["data"]["createApiToken"]["apiToken"]["id"],
    )
    socket = await Socket.open(base_url, token=token)
    assert (await socket.execute(CASES))["data"]["cases"]["totalCount"] == 0
    if not notices:

        async def nothing(notice: Any) -> None:
            return None

        monkeypatch.setattr(hub, "publish_access", nothing)
    revoked = await http(
        base_url,
        "mutation($id: ID!) { revokeApiToken(id: $id) }",
        {"id": token_id},
        headers={"authorization": f"Bearer {admin.token}"},
    )
    assert revoked["data"]["revokeApiToken"] is True
    if notices:
        assert await socket.wait_closed() == 4401
    else:
        assert error_codes(await socket.execute(CASES)) == ["UNAUTHENTICATED"]
    await socket.close()


async def test_other_viewers_keep_their_sockets(base_url: str, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    alice = await people.make(Role.AGENT, "Alice")
    bob = await people.make(Role.AGENT, "Bob")
    case = await cases.create_case(actor=admin.actor, subject="Printer on fire")
    alice_socket = await Socket.open(base_url, token=alice.token)
    bob_socket = await Socket.open(base_url, token=bob.token)
    op = await feed(bob_socket)
    await _bearer_logout(base_url, alice, admin)
    assert await alice_socket.wait_closed() == 4401
    body = await post(admin.actor, case.id)
    assert await bob_socket.wait_for(lambda: body in posted(bob_socket, op))
    assert not bob_socket.closed
    await alice_socket.close()
    await bob_socket.close()


# --- rights that change ---------------------------------------------------------------------


async def test_an_agent_made_customer_loses_internal_posts(base_url: str, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    alice = await people.make(Role.AGENT, "Alice")
    # The contact she becomes as a customer is on the case: she keeps its public part.
    contact = await Contact.create(name="Alice", email=alice.email)
    case = await cases.create_case(actor=admin.actor, subject="Printer on fire", contact_ids=[contact.id])
    socket = await Socket.open(base_url, token=alice.token)
    op = await feed(socket)
    internal = await post(admin.actor, case.id, Visibility.INTERNAL)
    assert await socket.wait_for(lambda: internal in posted(socket, op))

    await _update(base_url, admin, alice.id, {"role": "CUSTOMER"})

    assert await socket.wait_closed() == 4403
    # The SPA reconnects with the same session: the new socket has customer rights.
    again = await Socket.open(base_url, token=alice.token)
    assert (await again.execute("{ me { role } }"))["data"]["me"]["role"] == "CUSTOMER"
    op = await feed(again)
    hidden = await post(admin.actor, case.id, Visibility.INTERNAL)
    public = await post(admin.actor, case.id)
    assert await again.wait_for(lambda: public in posted(again, op))
    assert hidden not in posted(again, op)
    bodies = [
        e["node"]["body"]
        for e in (await again.execute(POSTS, {"id": str(case.id)}))["data"]["case"]["posts"]["edges"]
    ]
    assert public in bodies and internal not in bodies and hidden not in bodies
    await socket.close()
    await again.close()


@pytest.mark.usefixtures("withhold_notices")
async def test_socket_queries_of_an_agent_made_customer_have_customer_rights(
    base_url: str, people: Any
) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    alice = await people.make(Role.AGENT, "Alice")
    contact = await Contact.create(name="Alice", email=alice.email)
    case = await cases.create_case(actor=admin.actor, subject="Printer on fire", contact_ids=[contact.id])
    internal = await post(admin.actor, case.id, Visibility.INTERNAL)
    public = await post(admin.actor, case.id)
    socket = await Socket.open(base_url, token=alice.token)

    def bodies(result: dict[str, Any]) -> list[str]:
        return [e["node"]["body"] for e in result["data"]["case"]["posts"]["edges"]]

    assert set(bodies(await socket.execute(POSTS, {"id": str(case.id)}))) == {internal, public}
    await _update(base_url, admin, alice.id, {"role": "CUSTOMER"})
    assert bodies(await socket.execute(POSTS, {"id": str(case.id)})) == [public]
    internal_comments = await socket.execute(
        "query($id: ID!) { case(id: $id) { internalComments } }", {"id": str(case.id)}
    )
    assert internal_comments["data"]["case"]["internalComments"] is None
    await socket.close()


async def _customer_with_account_access(people: Any, admin: Any) -> tuple[Any, int, int]:
    """Carol sees the cases of her account; returns her, and the account's case of someone else."""
    account = await Account.create(name="Northwind")
    carol_contact = await Contact.create(name="Carol", email="carol@example.test", account=account)
    dave = await Contact.create(name="Dave", email="dave@example.test", account=account)
    carol = await people.make(Role.CUSTOMER, "Carol", portal_account_access=True)
    assert carol.actor.contact_id == carol_contact.id and carol.actor.account_access
    case = await cases.create_case(
        actor=admin.actor, subject="Dave's invoice", contact_ids=[dave.id], account_id=account.id
    )
    own = await cases.create_case(actor=admin.actor, subject="Carol's own", contact_ids=[carol_contact.id])
    return carol, case.id, own.id


async def _lose_account_access(base_url: str, admin: Any, carol: Any) -> None:
    await _update(base_url, admin, carol.id, {"portalAccountAccess": False})


async def _move_contact(base_url: str, admin: Any, carol: Any) -> None:
    elsewhere = await Account.create(name="Initech")
    moved = await http(
        base_url,
        "mutation($id: ID!, $a: ID!) { updateContact(id: $id, input: {accountId: $a}) { id } }",
        {"id": str(carol.actor.contact_id), "a": str(elsewhere.id)},
        headers={"authorization": f"Bearer {admin.token}"},
    )
    assert "errors" not in moved, moved


@pytest.mark.parametrize("change", [_lose_account_access, _move_contact], ids=["access", "contact-moved"])
async def test_a_customer_who_loses_the_account_stops_receiving_its_cases(
    base_url: str, people: Any, change: Callable[[str, Any, Any], Awaitable[None]]
) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    carol, account_case, own_case = await _customer_with_account_access(people, admin)
    socket = await Socket.open(base_url, token=carol.token)
    op = await feed(socket)
    seen = await post(admin.actor, account_case)
    assert await socket.wait_for(lambda: seen in posted(socket, op))

    await change(base_url, admin, carol)

    assert await socket.wait_closed() == 4403
    again = await Socket.open(base_url, token=carol.token)
    op = await feed(again)
    unseen = await post(admin.actor, account_case)
    own = await post(admin.actor, own_case)
    # Routed in order: had the account case's post been let through, it would be here already.
    assert await again.wait_for(lambda: own in posted(again, op))
    assert unseen not in posted(again, op)
    gone = await again.execute("query($id: ID!) { case(id: $id) { id } }", {"id": str(account_case)})
    assert gone["data"]["case"] is None
    await socket.close()
    await again.close()


async def test_a_team_change_reconnects_the_members_who_moved(base_url: str, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    alice = await people.make(Role.AGENT, "Alice")
    bob = await people.make(Role.AGENT, "Bob")
    team = await save_team(actor=admin.actor, name="Support", member_ids=[alice.id, bob.id])
    alice_socket = await Socket.open(base_url, token=alice.token)
    bob_socket = await Socket.open(base_url, token=bob.token)
    await save_team(actor=admin.actor, team_id=team.id, member_ids=[bob.id])
    assert await alice_socket.wait_closed() == 4403
    # Bob's team set did not change: his socket stays (a ping round trip proves it is open).
    assert (await bob_socket.execute("{ me { name } }"))["data"]["me"]["name"] == "Bob"
    assert not bob_socket.closed
    await alice_socket.close()
    await bob_socket.close()


async def test_a_change_that_is_no_change_keeps_the_socket(base_url: str, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    alice = await people.make(Role.AGENT, "Alice")
    socket = await Socket.open(base_url, token=alice.token)
    await _update(base_url, admin, alice.id, {"role": "AGENT", "isAway": True})
    assert (await socket.execute("{ me { name } }"))["data"]["me"]["name"] == "Alice"
    assert not socket.closed
    await socket.close()


async def _update(base_url: str, admin: Any, user_id: int, fields: dict[str, Any]) -> None:
    result = await http(
        base_url,
        UPDATE_USER,
        {"id": str(user_id), "i": fields},
        headers={"authorization": f"Bearer {admin.token}"},
    )
    assert "errors" not in result, result
