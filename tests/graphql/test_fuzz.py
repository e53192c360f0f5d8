"""Property: every mutation, and every list's `after`, for every role, answers a result or a GraphQL
error with a known `extensions.code` (never INTERNAL, never none), and an answered error has
written nothing.

Arguments are drawn from the schema's own types (tests/support/fuzz.py), so a new mutation or
argument is fuzzed without touching this file. The run is reproducible (`derandomize`); for a longer,
random search locally:

    CASEBOOK_FUZZ_EXAMPLES=500 CASEBOOK_FUZZ_RANDOM=1 .venv/bin/pytest tests/graphql/test_fuzz.py
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

import pytest
from graphql import GraphQLObjectType, get_named_type
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from tortoise import connections

from casebook.auth import ratelimit
from casebook.auth.actor import Actor
from casebook.auth.models import ApiToken
from casebook.auth.passwords import hash_password
from casebook.auth.services import create_api_token, login
from casebook.auth.tokens import token_hash
from casebook.enums import Role
from casebook.graphql.schema import schema
from casebook.users.models import User
from support import fuzz
from support.config import PASSWORD, USE_POSTGRES

GRAPHQL = schema._schema
MUTATIONS = fuzz.mutation_fields(GRAPHQL)
ROLES = ["ADMIN", "AGENT", "CUSTOMER", "INTEGRATION", "ANONYMOUS"]
# Every role, the admin about half the time: most mutations turn the others away at the door, and
# only the admin's examples reach every service and its writes.
ROLE = st.one_of(st.just("ADMIN"), st.sampled_from(ROLES))
# Mutations after which a role's credential or rights may have changed: check and mend them.
CHANGE_CREDENTIALS = {"logout", "signOutEverywhere", "updateUser", "revokeApiToken"}
# Columns that reading alone may change (an integration token records its last use).
VOLATILE = {("api_tokens", "last_used_at")}

FUZZ = settings(
    max_examples=int(os.environ.get("CASEBOOK_FUZZ_EXAMPLES", "50")),
    derandomize=not os.environ.get("CASEBOOK_FUZZ_RANDOM"),
    deadline=None,
    database=None,
    # One world per test, reused by its examples: the fixtures are function-scoped on purpose.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
    print_blob=True,
)


@dataclass
class Credential:
    role: str
    token: str | None
    user_id: int | None = None
    email: str | None = None


class World:
    """The test's users, credentials and records; one per test, shared by its examples."""

    def __init__(self, *, api: Any, credentials: dict[str, Credential], ids: list[int]) -> None:
        self.api = api
        self.credentials = credentials
        self.ids = ids
        self.cursors: list[str] = []
        self.parents: dict[str, list[int]] = {}

    def __repr__(self) -> str:  # hypothesis prints the arguments of a failing example
        return "World(...)"

    async def call(self, role: str, query: str, variables: dict[str, Any]) -> tuple[int, Any]:
        """POSTs the document as an attacker's client would: ASCII JSON, lone surrogates escaped."""
        headers = {"content-type": "application/json"}
        token = self.credentials[role].token
        if token:
            headers["authorization"] = f"Bearer {token}"
        body = json.dumps({"query": query, "variables": variables}, ensure_ascii=True)
        response = await self.api.client.post("/graphql", content=body, headers=headers)
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, response.text

    async def as_admin(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        status, answer = await self.call("ADMIN", query, variables or {})
        assert status == 200 and "errors" not in answer, answer
        return answer["data"]

    async def mend(self, role: str) -> None:
        """Gives a role its original user, rights and a live credential again, if a mutation took them."""
        credential = self.credentials[role]
        if role == "ANONYMOUS":
            return
        if role == "INTEGRATION":
            token = await ApiToken.get(token_hash=_digest(credential.token))
            if token.revoked_at is None:
                return
            _, credential.token = await create_api_token(
                actor=_root(), name="fuzz", scopes=["cases:read", "cases:write", "webform:submit"]
            )
            return
        _, answer = await self.call(role, "{ me { id role } }", {})
        me = (answer.get("data") or {}).get("me") if isinstance(answer, dict) else None
        if me and me["role"] == role:
            return
        await User.filter(id=credential.user_id).update(
            role=Role(role), is_active=True, password_hash=hash_password(PASSWORD)
        )
        ratelimit.reset()
        assert credential.email is not None
        signed_in = await login(email=credential.email, password=PASSWORD, client="fuzz-mend")
        credential.token = signed_in.token


def _root() -> Actor:
    return Actor(user_id=None, role=Role.ADMIN, name="tests")


def _digest(token: str | None) -> str:
    assert token is not None
    return token_hash(token)


@pytest.fixture
async def world(api: Any, people: Any) -> World:
    admin = await people.make(Role.ADMIN, "Admin")
    agent = await people.make(Role.AGENT, "Agent")
    carol = await people.make(Role.CUSTOMER, "Carol", portal_account_access=True)
    _, integration = await create_api_token(
        actor=admin.actor, name="fuzz", scopes=["cases:read", "cases:write", "webform:submit"]
    )
    credentials = {
        "ADMIN": Credential("ADMIN", admin.token, admin.id, admin.email),
        "AGENT": Credential("AGENT", agent.token, agent.id, agent.email),
        "CUSTOMER": Credential("CUSTOMER", carol.token, carol.id, carol.email),
        "INTEGRATION": Credential("INTEGRATION", integration),
        "ANONYMOUS": Credential("ANONYMOUS", None),
    }
    w = World(api=api, credentials=credentials, ids=[admin.id, agent.id, carol.id])
    accounts = []
    for name in ("Acme", "Globex"):
        data = await w.as_admin(
            "mutation($i: AccountInput!) { createAccount(input: $i) { id } }",
            {"i": {"name": name, "domain": f"{name.lower()}.test"}},
        )
        accounts.append(int(data["createAccount"]["id"]))
    contacts = []
    for name in ("Con One", "Con Two"):
        data = await w.as_admin(
            "mutation($i: ContactInput!) { createContact(input: $i) { id } }",
            {"i": {"name": name, "email": f"{name[-3:].lower()}@acme.test", "accountId": str(accounts[0])}},
        )
        contacts.append(int(data["createContact"]["id"]))
    data = await w.as_admin(
        "mutation($i: TeamInput!) { createTeam(input: $i) { id } }",
        {"i": {"name": "Support", "memberIds": [str(agent.id)]}},
    )
    team = int(data["createTeam"]["id"])
    cases = []
    for subject in ("Printer on fire", "VPN down", "Refund"):
        data = await w.as_admin(
            "mutation($i: CreateCaseInput!) { createCase(input: $i) { id } }",
            {
                "i": {
                    "subject": subject,
                    "accountId": str(accounts[0]),
                    "contactIds": [str(c) for c in contacts],
                    "teamId": str(team),
                    "email": "stranger@elsewhere.test",
                    "tags": ["vip"],
                }
            },
        )
        cases.append(int(data["createCase"]["id"]))
    status, answer = await w.call("CUSTOMER", 'mutation { createCase(input: {subject: "Mine"}) { id } }', {})
    assert status == 200 and "errors" not in answer, answer
    cases.append(int(answer["data"]["createCase"]["id"]))
    posts = []
    for visibility in ("PUBLIC", "INTERNAL", "PUBLIC"):
        data = await w.as_admin(
            'mutation($c: ID!, $v: Visibility) { addPost(caseId: $c, body: "hi", visibility: $v) { id } }',
            {"c": str(cases[0]), "v": visibility},
        )
        posts.append(int(data["addPost"]["id"]))
    data = await w.as_admin(
        'mutation { createMailbox(address: "help@example.test", imapUrl: "imap://u:p@127.0.0.1:1/INBOX") { id } }'
    )
    mailbox = int(data["createMailbox"]["id"])
    w.ids = sorted({*w.ids, *accounts, *contacts, team, *cases, *posts, mailbox})
    w.parents = {"Case": cases, "Account": accounts, "Contact": contacts}
    w.cursors = await _real_cursors(w)
    return w


def _connections() -> list[tuple[str, str | None, str]]:
    """(root field, parent type or None, list field) for every field that takes `after`."""
    found: list[tuple[str, str | None, str]] = []
    assert GRAPHQL.query_type is not None
    roots = GRAPHQL.query_type.fields
    for name, root in roots.items():
        if "after" in root.args:
            found.append((name, None, name))
    for type_name, type_ in GRAPHQL.type_map.items():
        if (
            type_name.startswith("__")
            or not isinstance(type_, GraphQLObjectType)
            or type_ is GRAPHQL.query_type
        ):
            continue
        for list_name, list_field in type_.fields.items():
            if "after" not in list_field.args:
                continue
            # Reached through the root field that fetches one `type_` by id.
            for root_name, root in roots.items():
                if get_named_type(root.type) is type_ and "id" in root.args:
                    found.append((root_name, type_name, list_name))
    return sorted(found, key=lambda c: (c[0], c[1] or "", c[2]))


CONNECTIONS = _connections()


def _list_query(root: str, parent: str | None, list_name: str) -> str:
    page = "{ edges { cursor node { __typename } } pageInfo { hasNextPage endCursor } }"
    if parent is None:
        return f"query($after: String, $first: Int) {{ {root}(first: $first, after: $after) {page} }}"
    return (
        f"query($id: ID!, $after: String, $first: Int) "
        f"{{ {root}(id: $id) {{ {list_name}(first: $first, after: $after) {page} }} }}"
    )


async def _real_cursors(w: World) -> list[str]:
    """A cursor from every list, so each list is also fed the valid cursors of the others."""
    found = []
    for root, parent, list_name in CONNECTIONS:
        variables: dict[str, Any] = {"first": 1}
        if parent is not None:
            variables["id"] = str(w.parents[parent][0])
        data = await w.as_admin(_list_query(root, parent, list_name), variables)
        page = data[root] if parent is None else data[root][list_name]
        found += [edge["cursor"] for edge in page["edges"]]
    assert found
    return found


async def _tables() -> list[str]:
    conn = connections.get("default")
    if USE_POSTGRES:
        rows = await conn.execute_query_dict(
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
        )
    else:
        rows = await conn.execute_query_dict(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    return sorted(r["name"] for r in rows if r["name"] != "tortoise_migrations")


async def snapshot() -> dict[str, list[str]]:
    """Every row of every table, so that any write an error left behind shows."""
    conn = connections.get("default")
    tables = await _tables()
    if USE_POSTGRES:
        # One round trip for all tables: per-table queries made PostgreSQL runs twice as slow.
        union = " UNION ALL ".join(
            f"SELECT '{t}' AS name, (SELECT json_agg(r)::text FROM \"{t}\" r) AS rows" for t in tables
        )
        found = {r["name"]: json.loads(r["rows"] or "[]") for r in await conn.execute_query_dict(union)}
    else:
        found = {t: await conn.execute_query_dict(f'SELECT * FROM "{t}"') for t in tables}
    return {
        table: sorted(
            repr(sorted((k, v) for k, v in row.items() if (table, k) not in VOLATILE)) for row in rows
        )
        for table, rows in found.items()
    }


def _changes(before: dict[str, list[str]], after: dict[str, list[str]]) -> dict[str, str]:
    changed = {}
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table, []), after.get(table, [])
        if old != new:
            gone = [r for r in old if r not in new][:2]
            added = [r for r in new if r not in old][:2]
            changed[table] = f"{len(old)} -> {len(new)} rows; gone {gone}; new {added}"[:600]
    return changed


def check_answer(status: int, answer: Any) -> list[dict[str, Any]]:
    """The property's first half: a result, or errors that each carry a known code."""
    assert 200 <= status < 500, f"HTTP {status}: {str(answer)[:300]}"
    assert isinstance(answer, dict), f"HTTP {status}, not a GraphQL body: {str(answer)[:300]}"
    assert "data" in answer or "errors" in answer, str(answer)[:300]
    errors = answer.get("errors") or []
    for error in errors:
        code = (error.get("extensions") or {}).get("code")
        assert code in fuzz.KNOWN_CODES, f"{code!r}: {str(error)[:300]}"
    if status != 200:
        assert errors, f"HTTP {status} without errors: {str(answer)[:300]}"
    return errors


@pytest.mark.parametrize("name", sorted(MUTATIONS))
@FUZZ
@given(data=st.data())
async def test_every_mutation_answers_a_known_code_and_an_error_writes_nothing(
    world: World, name: str, data: st.DataObject
) -> None:
    field = MUTATIONS[name]
    role = data.draw(ROLE, label="role")
    args = data.draw(fuzz.arguments(field, valid_ids=world.ids), label="arguments")
    ratelimit.reset()  # otherwise most `login` examples stop at RATE_LIMITED
    await world.mend(role)
    query, variables = fuzz.operation("mutation", name, field, args)
    note(f"{role}: {query} {json.dumps(variables, ensure_ascii=True)[:2000]}")
    before = await snapshot()
    status, answer = await world.call(role, query, variables)
    note(f"answer: {str(answer)[:2000]}")
    errors = check_answer(status, answer)
    if errors and (answer.get("data") or {}).get(name) is None:
        assert _changes(before, await snapshot()) == {}, "an error left a write behind"
    if name in CHANGE_CREDENTIALS:
        for other in ROLES:
            await world.mend(other)


@pytest.mark.parametrize("connection", CONNECTIONS, ids=lambda c: ".".join(p for p in c if p))
@FUZZ
@given(data=st.data())
async def test_every_cursor_answers_a_known_code(
    world: World, connection: tuple[str, str | None, str], data: st.DataObject
) -> None:
    root, parent, list_name = connection
    query = _list_query(root, parent, list_name)
    role = data.draw(ROLE, label="role")
    variables: dict[str, Any] = {
        "after": data.draw(fuzz.cursors(world.cursors), label="after"),
        "first": data.draw(st.one_of(st.none(), st.sampled_from([0, 1, 2, 100]), fuzz.INTS), label="first"),
    }
    if parent is not None:
        variables["id"] = data.draw(
            st.one_of(st.sampled_from([str(i) for i in world.parents[parent]]), fuzz.ids(world.ids)),
            label="id",
        )
    note(f"{role}: {query} {json.dumps(variables, ensure_ascii=True)[:2000]}")
    status, answer = await world.call(role, query, variables)
    note(f"answer: {str(answer)[:2000]}")
    check_answer(status, answer)


def test_every_mutation_and_list_is_covered() -> None:
    """The schema walk finds what the API offers; a rename does not quietly drop a target."""
    assert {"login", "createCase", "addPost", "updateUser", "bulkUpdateCases"} <= set(MUTATIONS)
    assert ("cases", None, "cases") in CONNECTIONS and ("case", "Case", "posts") in CONNECTIONS


async def test_the_snapshot_sees_any_write(world: World) -> None:
    """The second half of the property is only as good as the snapshot: it must see a write."""
    before = await snapshot()
    await world.as_admin('mutation { createAccount(input: {name: "Initech"}) { id } }')
    assert set(_changes(before, await snapshot())) == {"accounts"}
    before = await snapshot()
    await world.as_admin(
        f'mutation {{ updateCase(id: "{world.parents["Case"][0]}", input: {{product: "p"}}) {{ id }} }}'
    )
    assert "cases" in _changes(before, await snapshot())
