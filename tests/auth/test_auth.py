"""Sign-in, the login rate limit and integration tokens."""

from __future__ import annotations

from typing import Any

import pytest

from casebook import settings
from casebook.enums import Role
from support.config import PASSWORD, error_codes

LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token viewer { role } } }"


async def test_wrong_password_and_unknown_user_look_the_same(api: Any, people: Any) -> None:
    await people.make(Role.AGENT, "Alice")
    wrong = await api(LOGIN, {"e": "alice@example.test", "p": "nope-nope-nope"})
    unknown = await api(LOGIN, {"e": "nobody@example.test", "p": "nope-nope-nope"})
    assert error_codes(wrong) == error_codes(unknown) == ["UNAUTHENTICATED"]
    assert wrong["errors"][0]["message"] == unknown["errors"][0]["message"]
    ok = await api(LOGIN, {"e": "ALICE@example.test", "p": PASSWORD})
    assert ok["data"]["login"]["viewer"]["role"] == "AGENT"


async def test_login_is_rate_limited(api: Any, people: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "LOGIN_RATE_LIMIT", "3/minute")
    await people.make(Role.AGENT, "Alice")
    # The factory signed Alice in once already: two more attempts fit in the window of three.
    codes = [error_codes(await api(LOGIN, {"e": "alice@example.test", "p": "wrong-guess"})) for _ in range(3)]
    assert codes == [["UNAUTHENTICATED"], ["UNAUTHENTICATED"], ["RATE_LIMITED"]]
    # Even the right password waits now: the limit is on attempts, not failures.
    assert error_codes(await api(LOGIN, {"e": "alice@example.test", "p": PASSWORD})) == ["RATE_LIMITED"]


async def test_logout_ends_the_session(api: Any, people: Any) -> None:
    alice = await people.make(Role.AGENT, "Alice")
    assert (await api("{ me { name } }", as_=alice))["data"]["me"]["name"] == "Alice"
    assert (await api("mutation { logout }", as_=alice))["data"]["logout"] is True
    assert (await api("{ me { name } }", as_=alice))["data"]["me"] is None


async def test_integration_tokens_act_within_their_scopes(api: Any, people: Any) -> None:
    from casebook.cases import services

    admin = await people.make(Role.ADMIN, "Ada")
    agent = await people.make(Role.AGENT, "Alice")
    denied = await api('mutation { createApiToken(name: "x", scopes: ["cases:read"]) { token } }', as_=agent)
    assert error_codes(denied) == ["FORBIDDEN"]
    bad = await api('mutation { createApiToken(name: "x", scopes: ["root"]) { token } }', as_=admin)
    assert bad["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "scopes"}
    made = await api(
        'mutation { createApiToken(name: "CRM", scopes: ["cases:read"]) { token apiToken { id } } }',
        as_=admin,
    )
    token = made["data"]["createApiToken"]["token"]
    await services.create_case(actor=admin.actor, subject="Visible to the CRM")
    headers = {"authorization": f"Bearer {token}"}
    listed = await api("{ cases { totalCount } }", headers=headers)
    assert listed["data"]["cases"]["totalCount"] == 1
    write = await api('mutation { createCase(input: {subject: "from CRM"}) { id } }', headers=headers)
    assert error_codes(write) == ["FORBIDDEN"]
    token_id = made["data"]["createApiToken"]["apiToken"]["id"]
    await api("mutation($id: ID!) { revokeApiToken(id: $id) }", {"id": token_id}, as_=admin)
    assert error_codes(await api("{ cases { totalCount } }", headers=headers)) == ["UNAUTHENTICATED"]


async def test_writer_token_creates_api_cases(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    made = await api(
        'mutation { createApiToken(name: "Shop", scopes: ["cases:read", "cases:write"]) { token } }',
        as_=admin,
    )
    headers = {"authorization": f"Bearer {made['data']['createApiToken']['token']}"}
    created = await api(
        'mutation { createCase(input: {subject: "Order 42 late"}) { origin } }', headers=headers
    )
    assert created["data"]["createCase"]["origin"] == "API"
