"""Sessions end when they should: password change, sign out everywhere, deactivation; the login
limit holds for every spelling of an address."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from casebook import settings
from casebook.auth.services import login
from casebook.enums import Role
from casebook.users.emails import normalize_email
from support.config import PASSWORD, error_codes
from support.sockets import Socket, serving

NEW_PASSWORD = "violet-kestrel-harbour-42"
UPDATE = "mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id } }"
LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }"
ME = "{ me { name } }"


async def second_session(person: Any) -> str:
    return (await login(email=person.email, password=PASSWORD, client="second-device")).token


async def me(api: Any, token: str) -> Any:
    return (await api(ME, headers={"authorization": f"Bearer {token}"}))["data"]["me"]


# --- password change ------------------------------------------------------------------------


async def test_changing_your_own_password_needs_the_current_one(api: Any, people: Any) -> None:
    alice = await people.make(Role.AGENT, "Alice")
    for given in ({}, {"currentPassword": "not-the-password"}):
        result = await api(UPDATE, {"id": str(alice.id), "i": {"password": NEW_PASSWORD, **given}}, as_=alice)
        assert result["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "currentPassword"}
    # Nothing changed: the old password still signs in.
    assert "errors" not in await api(LOGIN, {"e": alice.email, "p": PASSWORD})
    changed = await api(
        UPDATE, {"id": str(alice.id), "i": {"password": NEW_PASSWORD, "currentPassword": PASSWORD}}, as_=alice
    )
    assert "errors" not in changed, changed
    assert error_codes(await api(LOGIN, {"e": alice.email, "p": PASSWORD})) == ["UNAUTHENTICATED"]
    assert "errors" not in await api(LOGIN, {"e": alice.email, "p": NEW_PASSWORD})


async def test_an_admin_changing_her_own_password_needs_the_current_one_too(api: Any, people: Any) -> None:
    ada = await people.make(Role.ADMIN, "Ada")
    result = await api(UPDATE, {"id": str(ada.id), "i": {"password": NEW_PASSWORD}}, as_=ada)
    assert result["errors"][0]["extensions"]["field"] == "currentPassword"


async def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(api: Any, people: Any) -> None:
    alice = await people.make(Role.AGENT, "Alice")
    other = await second_session(alice)
    changed = await api(
        UPDATE, {"id": str(alice.id), "i": {"password": NEW_PASSWORD, "currentPassword": PASSWORD}}, as_=alice
    )
    assert "errors" not in changed, changed
    assert await me(api, alice.token) == {"name": "Alice"}
    assert await me(api, other) is None


async def test_an_admin_sets_someone_elses_password_without_theirs_and_ends_all_their_sessions(
    api: Any, people: Any
) -> None:
    ada = await people.make(Role.ADMIN, "Ada")
    alice = await people.make(Role.AGENT, "Alice")
    other = await second_session(alice)
    changed = await api(UPDATE, {"id": str(alice.id), "i": {"password": NEW_PASSWORD}}, as_=ada)
    assert "errors" not in changed, changed
    assert await me(api, alice.token) is None
    assert await me(api, other) is None
    assert await me(api, ada.token) == {"name": "Ada"}


async def test_a_user_cannot_set_someone_elses_password(api: Any, people: Any) -> None:
    alice = await people.make(Role.AGENT, "Alice")
    bob = await people.make(Role.AGENT, "Bob")
    result = await api(
        UPDATE, {"id": str(bob.id), "i": {"password": NEW_PASSWORD, "currentPassword": PASSWORD}}, as_=alice
    )
    assert error_codes(result) == ["FORBIDDEN"]


# --- sign out everywhere --------------------------------------------------------------------


async def test_sign_out_everywhere_ends_every_session_and_clears_the_cookie(api: Any, people: Any) -> None:
    alice = await people.make(Role.AGENT, "Alice")
    bob = await people.make(Role.AGENT, "Bob")
    other = await second_session(alice)
    response = await api.client.post(
        "/graphql",
        json={"query": "mutation { signOutEverywhere }"},
        headers={"authorization": f"Bearer {alice.token}"},
    )
    assert response.json() == {"data": {"signOutEverywhere": True}}
    cleared = [
        h for h in response.headers.get_list("set-cookie") if h.startswith(settings.SESSION_COOKIE + "=")
    ]
    assert cleared and all("Max-Age=0" in h or "expires=Thu, 01 Jan 1970" in h for h in cleared), cleared
    assert await me(api, alice.token) is None
    assert await me(api, other) is None
    assert await me(api, bob.token) == {"name": "Bob"}


async def test_sign_out_everywhere_needs_a_signed_in_user(api: Any) -> None:
    assert error_codes(await api("mutation { signOutEverywhere }")) == ["UNAUTHENTICATED"]


@pytest_asyncio.fixture
async def base_url(db: str) -> AsyncIterator[str]:
    async with serving() as url:
        yield url


async def test_sign_out_everywhere_closes_every_socket_of_the_user(base_url: str, people: Any) -> None:
    alice = await people.make(Role.AGENT, "Alice")
    here = await Socket.open(base_url, token=alice.token)
    there = await Socket.open(base_url, token=await second_session(alice))
    result = await here.execute("mutation { signOutEverywhere }")
    assert result == {"data": {"signOutEverywhere": True}}
    assert await here.wait_closed() == 4401
    assert await there.wait_closed() == 4401
    await here.close()
    await there.close()


async def test_a_password_change_closes_the_other_sessions_sockets_only(base_url: str, people: Any) -> None:
    alice = await people.make(Role.AGENT, "Alice")
    here = await Socket.open(base_url, token=alice.token)
    there = await Socket.open(base_url, token=await second_session(alice))
    result = await here.execute(
        UPDATE, {"id": str(alice.id), "i": {"password": NEW_PASSWORD, "currentPassword": PASSWORD}}
    )
    assert "errors" not in result, result
    assert await there.wait_closed() == 4401
    assert (await here.execute(ME))["data"]["me"] == {"name": "Alice"}
    assert not here.closed
    await here.close()
    await there.close()


# --- deactivation ---------------------------------------------------------------------------


async def test_reactivating_a_user_revives_none_of_their_sessions(api: Any, people: Any) -> None:
    ada = await people.make(Role.ADMIN, "Ada")
    alice = await people.make(Role.AGENT, "Alice")
    other = await second_session(alice)
    for active in (False, True):
        result = await api(UPDATE, {"id": str(alice.id), "i": {"isActive": active}}, as_=ada)
        assert "errors" not in result, result
    assert await me(api, alice.token) is None
    assert await me(api, other) is None
    # She signs in afresh.
    assert "errors" not in await api(LOGIN, {"e": alice.email, "p": PASSWORD})


# --- e-mail addresses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    [
        " alice@example.test",
        "alice@example.test\u3000",
        "\uff41lice@\uff45xample.test",
        "ALICE@example.test\u200b",
    ],
)
def test_every_spelling_of_an_address_has_one_normal_form(spelling: str) -> None:
    assert normalize_email(spelling) == "alice@example.test"


async def test_spellings_of_one_address_share_one_login_limit(
    api: Any, people: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "LOGIN_RATE_LIMIT", "4/minute")
    await people.make(Role.AGENT, "Alice")  # one attempt: the factory signed her in
    spellings = [" alice@example.test", "alice@example.test\u3000", "\uff41lice@example.test"]
    codes = [error_codes(await api(LOGIN, {"e": e, "p": "wrong-guess-123"})) for e in spellings]
    assert codes == [["UNAUTHENTICATED"]] * 3
    assert error_codes(await api(LOGIN, {"e": "alice@example.test", "p": PASSWORD})) == ["RATE_LIMITED"]


async def test_any_spelling_signs_in(api: Any, people: Any) -> None:
    await people.make(Role.AGENT, "Alice")
    assert "errors" not in await api(LOGIN, {"e": "\u3000ALICE@example.test ", "p": PASSWORD})


async def test_an_address_longer_than_any_stored_is_a_wrong_login_not_internal(api: Any) -> None:
    # Found by the fuzz test: the lookup failed the column's length validation (INTERNAL).
    answer = await api(LOGIN, {"e": "a" * 300 + "@example.test", "p": "wrong-guess-123"})
    assert error_codes(answer) == ["UNAUTHENTICATED"]


async def test_users_are_created_under_the_normal_form(api: Any, people: Any) -> None:
    ada = await people.make(Role.ADMIN, "Ada")
    made = await api(
        'mutation($e: String!) { createUser(input: {email: $e, name: "Bea", role: AGENT}) { id } }',
        {"e": "\uff42ea@example.test\u3000"},
        as_=ada,
    )
    assert "errors" not in made, made
    twin = await api(
        'mutation { createUser(input: {email: " BEA@example.test", name: "Bea", role: AGENT}) { id } }',
        as_=ada,
    )
    assert twin["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "email"}


async def test_an_address_is_measured_in_its_normal_form(api: Any, people: Any) -> None:
    ada = await people.make(Role.ADMIN, "Ada")
    # U+FDFA is one character that NFKC turns into eighteen: 20 of them pass 254 only when normal.
    result = await api(
        'mutation($e: String!) { createUser(input: {email: $e, name: "Bea", role: AGENT}) { id } }',
        {"e": "\ufdfa" * 20 + "@example.test"},
        as_=ada,
    )
    assert result["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "email"}


async def test_guesses_at_the_current_password_are_rate_limited(
    api: Any, people: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "LOGIN_RATE_LIMIT", "2/minute")
    alice = await people.make(Role.AGENT, "Alice")
    guesses = [{"password": NEW_PASSWORD, "currentPassword": f"guess-{i}"} for i in range(2)]
    codes = [error_codes(await api(UPDATE, {"id": str(alice.id), "i": g}, as_=alice)) for g in guesses]
    assert codes == [["BAD_USER_INPUT"]] * 2
    right = {"password": NEW_PASSWORD, "currentPassword": PASSWORD}
    assert error_codes(await api(UPDATE, {"id": str(alice.id), "i": right}, as_=alice)) == ["RATE_LIMITED"]
