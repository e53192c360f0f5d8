"""The password policy: length bounds and a strength estimate (zxcvbn), said back in the error."""

from __future__ import annotations

from typing import Any

import pytest

from casebook import demo
from casebook.auth import passwords
from casebook.auth.actor import Actor
from casebook.enums import Role
from casebook.errors import InputError
from casebook.users.services import create_user
from support.config import PASSWORD

CREATE = (
    "mutation($e: String!, $n: String!, $p: String) "
    "{ createUser(input: {email: $e, name: $n, role: AGENT, password: $p}) { id } }"
)
UPDATE = "mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id } }"


class Recorder:
    """The real hasher, noting every password it is given."""

    def __init__(self, hasher: Any, seen: list[str]) -> None:
        self.hasher, self.seen = hasher, seen

    def hash(self, password: str) -> str:
        self.seen.append(password)
        return self.hasher.hash(password)  # type: ignore[no-any-return]

    def verify(self, password_hash: str, password: str) -> bool:
        self.seen.append(password)
        return self.hasher.verify(password_hash, password)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "weak",
    ["password", " " * 8, "bea.baker@example.test", "Bea Baker", "12345678", "qwertyuiop"],
    ids=["common", "spaces", "own-email", "own-name", "digits", "keyboard"],
)
async def test_weak_passwords_are_refused_saying_why(api: Any, people: Any, weak: str) -> None:
    ada = await people.make(Role.ADMIN, "Ada")
    result = await api(CREATE, {"e": "bea.baker@example.test", "n": "Bea Baker", "p": weak}, as_=ada)
    error = result["errors"][0]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "password"}
    assert len(error["message"]) > 20, error  # zxcvbn's warning and suggestions, not a bare "no"
    assert result["data"] is None


def test_the_message_is_zxcvbns_feedback() -> None:
    with pytest.raises(InputError) as refused:
        passwords.check_password("password")
    assert "common password" in refused.value.message


async def test_a_huge_password_is_refused_before_it_is_hashed_or_estimated(
    api: Any, people: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ada = await people.make(Role.ADMIN, "Ada")
    work: list[str] = []
    monkeypatch.setattr(passwords, "_hasher", Recorder(passwords._hasher, work))
    monkeypatch.setattr(passwords, "zxcvbn", lambda *a, **k: work.append("estimate"))
    huge = "Zq7!" * 262_144  # 1 MiB
    result = await api(CREATE, {"e": "bea@example.test", "n": "Bea", "p": huge}, as_=ada)
    assert result["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "password"}
    assert str(passwords.MAX_LENGTH) in result["errors"][0]["message"]
    assert work == []


@pytest.mark.parametrize("length", [passwords.MAX_LENGTH, passwords.MAX_LENGTH + 1])
def test_the_maximum_length_is_inclusive(length: int) -> None:
    password = ("violet-kestrel-harbour-" * 10)[:length]
    if length <= passwords.MAX_LENGTH:
        passwords.check_password(password)
    else:
        with pytest.raises(InputError):
            passwords.check_password(password)


def test_too_short_says_the_minimum() -> None:
    with pytest.raises(InputError) as refused:
        passwords.check_password("Zq7!x")
    assert str(passwords.MIN_LENGTH) in refused.value.message


async def test_a_strong_password_is_taken(api: Any, people: Any) -> None:
    ada = await people.make(Role.ADMIN, "Ada")
    result = await api(
        CREATE, {"e": "bea@example.test", "n": "Bea", "p": "violet-kestrel-harbour-42"}, as_=ada
    )
    assert "errors" not in result, result


async def test_a_password_change_meets_the_policy_too(api: Any, people: Any) -> None:
    alice = await people.make(Role.AGENT, "Alice")
    for weak in ("password", "alice@example.test"):
        result = await api(
            UPDATE, {"id": str(alice.id), "i": {"password": weak, "currentPassword": PASSWORD}}, as_=alice
        )
        assert result["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "password"}


async def test_a_huge_password_does_not_cost_a_hash_at_login(
    api: Any, people: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    await people.make(Role.AGENT, "Alice")
    verified: list[str] = []
    monkeypatch.setattr(passwords, "_hasher", Recorder(passwords._hasher, verified))
    result = await api(
        'mutation($p: String!) { login(email: "alice@example.test", password: $p) { token } }',
        {"p": "x" * 1_000_000},
    )
    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert verified and max(len(p) for p in verified) <= passwords.MAX_LENGTH


async def test_the_cli_and_the_services_apply_the_policy(db: str) -> None:
    root = Actor(user_id=None, role=Role.ADMIN, name="tests")
    with pytest.raises(InputError) as refused:
        await create_user(
            actor=root, email="bea@example.test", password="password", name="Bea", role=Role.AGENT
        )
    assert refused.value.field == "password"


def test_the_passwords_the_suite_and_the_demo_use_pass_the_policy() -> None:
    passwords.check_password(PASSWORD, user_inputs=("alice@example.test", "Alice"))
    for email, name, _ in demo.STAFF:
        passwords.check_password(demo.PASSWORD, user_inputs=(email, name))
    for email, name in (("maria@northwind.test", "Maria Anders"), ("peter@initech.test", "Peter Gibbons")):
        passwords.check_password(demo.PASSWORD, user_inputs=(email, name))
