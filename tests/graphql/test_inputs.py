"""Hostile inputs are answered, never passed on: text no database may store, ids out of range,
cursors the server did not give out.

The positions tested are read from the schema (every String and every ID an operation takes, in
arguments, input objects and lists), so a new argument is covered without touching this file.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    Undefined,
    get_named_type,
)
from tortoise import connections

from casebook.enums import Role
from casebook.graphql.schema import schema
from support import fuzz
from support.sockets import Socket, serving

GRAPHQL = schema._schema
assert GRAPHQL.query_type is not None and GRAPHQL.mutation_type is not None
QUERIES = dict(GRAPHQL.query_type.fields)
MUTATIONS = dict(GRAPHQL.mutation_type.fields)
SAMPLE = {
    "ID": "1",
    "String": "x",
    "Int": 1,
    "Float": 1.0,
    "Boolean": True,
    "DateTime": "2026-01-01T00:00:00Z",
    "Date": "2026-01-01",
}
TABLES = ("cases", "posts", "accounts", "contacts", "users", "teams")


# --- walking the schema --------------------------------------------------------------------------


def positions(type_: GraphQLInputType, scalar: str, depth: int = 0) -> Iterator[tuple[str, ...]]:
    """Paths (input field names) below `type_` that hold the scalar `scalar`; () for `type_` itself."""
    named = get_named_type(type_)
    if isinstance(named, GraphQLScalarType) and named.name == scalar:
        yield ()
    elif isinstance(named, GraphQLInputObjectType) and depth < 3:
        for name, field in named.fields.items():
            for rest in positions(field.type, scalar, depth + 1):
                yield (name, *rest)


def sample(type_: GraphQLInputType) -> Any:
    """A value of `type_` that coerces: every required field filled, nothing else."""
    if isinstance(type_, GraphQLNonNull):
        return sample(type_.of_type)
    if isinstance(type_, GraphQLList):
        return [sample(type_.of_type)]
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, GraphQLInputObjectType):
        return {
            name: sample(f.type)
            for name, f in type_.fields.items()
            if isinstance(f.type, GraphQLNonNull) and f.default_value is Undefined
        }
    assert isinstance(type_, GraphQLScalarType)
    return SAMPLE[type_.name]


def with_value(type_: GraphQLInputType, path: tuple[str, ...], value: Any) -> Any:
    """A sample of `type_` with `value` at `path` (inside a list: as its one item)."""
    if isinstance(type_, GraphQLNonNull):
        return with_value(type_.of_type, path, value)
    if isinstance(type_, GraphQLList):
        return [with_value(type_.of_type, path, value)]
    if not path:
        return value
    assert isinstance(type_, GraphQLInputObjectType)
    built = sample(type_)
    built[path[0]] = with_value(type_.fields[path[0]].type, path[1:], value)
    return built


def cases_for(fields: dict[str, GraphQLField], scalar: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(root field, argument, path inside it) for every position of `scalar` the fields take."""
    return [
        (field_name, arg_name, path)
        for field_name, field in fields.items()
        for arg_name, arg in field.args.items()
        for path in positions(arg.type, scalar)
    ]


def operation(
    kind: str, field_name: str, arg: str, path: tuple[str, ...], value: Any
) -> tuple[str, dict[str, Any]]:
    field = (QUERIES if kind == "query" else MUTATIONS)[field_name]
    args = {
        name: sample(a.type)
        for name, a in field.args.items()
        if isinstance(a.type, GraphQLNonNull) and a.default_value is Undefined
    }
    args[arg] = with_value(field.args[arg].type, path, value)
    return fuzz.operation(kind, field_name, field, args)


STRING_CASES = [("mutation", *c) for c in cases_for(MUTATIONS, "String")] + [
    ("query", *c) for c in cases_for(QUERIES, "String")
]
ID_CASES = [("mutation", *c) for c in cases_for(MUTATIONS, "ID")] + [
    ("query", *c) for c in cases_for(QUERIES, "ID")
]


def _name(case: tuple[str, str, str, tuple[str, ...]]) -> str:
    return ".".join((case[1], case[2], *case[3]))


def test_the_tables_cover_the_schema() -> None:
    names = {c[1] for c in STRING_CASES}
    assert {"login", "createCase", "addPost", "updateContact", "createMailbox"} <= names
    assert {"case", "account", "updateCase", "bulkUpdateCases", "revokeApiToken"} <= {c[1] for c in ID_CASES}
    assert len(ID_CASES) >= 30, len(ID_CASES)


async def row_counts() -> dict[str, int]:
    conn = connections.get("default")
    counts = {}
    for table in TABLES:
        rows = await conn.execute_query_dict(f"SELECT count(*) AS n FROM {table}")
        counts[table] = int(rows[0]["n"])
    return counts


def only_error(result: dict[str, Any]) -> dict[str, Any]:
    assert result.get("errors"), result
    return result["errors"][0]["extensions"]  # type: ignore[no-any-return]


# --- item 9: NUL and unpaired surrogates ----------------------------------------------------------


@pytest.mark.parametrize("case", STRING_CASES, ids=_name)
async def test_nul_in_any_string_is_refused_naming_the_field(api: Any, people: Any, case: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    before = await row_counts()
    kind, field_name, arg, path = case
    query, variables = operation(kind, field_name, arg, path, "a\x00b")
    for who in (admin, None):
        result = await api(query, variables, as_=who)
        assert only_error(result) == {"code": "BAD_USER_INPUT", "field": (path or (arg,))[-1]}, (who, result)
        assert result.get("data") is None
    assert await row_counts() == before


async def test_anonymous_login_with_nul_as_literal_and_variable(api: Any) -> None:
    literal = await api('mutation { login(email: "a\\u0000@example.test", password: "x") { viewer { id } } }')
    assert only_error(literal) == {"code": "BAD_USER_INPUT", "field": "email"}
    variable = await api(
        'mutation($p: String!) { login(email: "a@example.test", password: $p) { viewer { id } } }',
        {"p": "\x00" * 12},
    )
    assert only_error(variable) == {"code": "BAD_USER_INPUT", "field": "password"}


async def test_the_field_is_named_when_the_variable_is_not(api: Any, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    result = await api(
        "mutation($c: ID!, $text: String!) { addPost(caseId: $c, body: $text) { id } }",
        {"c": "1", "text": "hello\x00"},
        as_=agent,
    )
    assert only_error(result) == {"code": "BAD_USER_INPUT", "field": "body"}
    in_list = await api(
        'mutation { createCase(input: {subject: "s", tags: ["ok", "b\\u0000d"]}) { id } }', as_=agent
    )
    assert only_error(in_list) == {"code": "BAD_USER_INPUT", "field": "tags"}
    default = await api(
        'query($t: String = "\\u0000") { cases(filter: {text: $t}) { totalCount } }', as_=agent
    )
    assert only_error(default)["code"] == "BAD_USER_INPUT"
    counts = await row_counts()
    assert (counts["cases"], counts["posts"]) == (0, 0)


@pytest.mark.parametrize("text", ["\ud800", "x\udfffy", "\x00"])
async def test_unpaired_surrogates_are_refused_in_process_too(db: str, text: str) -> None:
    # JSON and GraphQL parsers refuse unpaired surrogates at the transport; a Python caller of the
    # schema (the WebSocket adapter, tests, scripts) is refused the same way.
    result = await schema.execute(
        'mutation($e: String!) { login(email: $e, password: "x") { viewer { id } } }',
        variable_values={"e": text},
    )
    assert result.errors and result.errors[0].extensions == {"code": "BAD_USER_INPUT", "field": "email"}


async def test_a_compiled_query_refuses_nul_too(api: Any, people: Any) -> None:
    from casebook.app import plans

    agent = await people.make(Role.AGENT, "Alice")
    query = "query Search($t: String) { cases(filter: {text: $t}) { totalCount } }"
    for _ in range(2):  # learnt, then run by its plan
        assert "errors" not in await api(query, {"t": "printer"}, as_=agent)
    assert plans.get(query, None) is not None and plans.get(query, None).executions >= 1  # type: ignore[union-attr]
    assert only_error(await api(query, {"t": "print\x00er"}, as_=agent)) == {
        "code": "BAD_USER_INPUT",
        "field": "text",
    }


async def test_websocket_operations_refuse_nul_and_huge_ids(people: Any) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    async with serving() as url:
        socket = await Socket.open(url, token=agent.token)
        try:
            post = await socket.execute(
                "mutation($c: ID!, $b: String!) { addPost(caseId: $c, body: $b) { id } }",
                {"c": "1", "b": "\x00"},
            )
            assert only_error(post) == {"code": "BAD_USER_INPUT", "field": "body"}
            for value, code in (
                (str(2**31), "NOT_FOUND"),
                (str(2**64), "NOT_FOUND"),
                ("abc", "BAD_USER_INPUT"),
            ):
                events = await socket.execute(
                    "subscription($id: ID!) { caseEvents(caseId: $id) { __typename } }", {"id": value}
                )
                assert only_error(events)["code"] == code, (value, events)
        finally:
            await socket.close()
    assert (await row_counts())["posts"] == 0


# --- item 10: ids out of range --------------------------------------------------------------------

OUT_OF_RANGE = [str(2**31), str(2**63), str(2**64), "-1", "0", "9" * 5000, 2**31]


@pytest.mark.parametrize("case", ID_CASES, ids=_name)
async def test_ids_out_of_range_are_not_found_and_garbage_is_bad_input(
    api: Any, people: Any, case: Any
) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    kind, field_name, arg, path = case
    name = (path or (arg,))[-1]
    for value in OUT_OF_RANGE:
        if value == "0" and name == "expectedLastPostId":
            continue  # "0" is the writer who saw no post yet (tests/cases/test_writes.py)
        query, variables = operation(kind, field_name, arg, path, value)
        result = await api(query, variables, as_=admin)
        if field_name == "case" and not result.get("errors"):
            assert result["data"]["case"] is None  # the one lookup that answers a missing id with null
            continue
        assert only_error(result) == {"code": "NOT_FOUND", "field": name}, (value, result)
    for garbage in ("abc", "1.5", " 1", "+1", "1_0", "\uff11", ""):
        query, variables = operation(kind, field_name, arg, path, garbage)
        result = await api(query, variables, as_=admin)
        assert only_error(result) == {"code": "BAD_USER_INPUT", "field": name}, (garbage, result)


async def test_files_with_a_huge_id_are_not_found(api: Any, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    for value in (str(2**31), str(2**63), str(2**64), "9" * 5000, "0"):
        response = await api.client.get(f"/files/{value}", headers={"authorization": f"Bearer {agent.token}"})
        assert response.status_code == 404, (value, response.status_code, response.text[:200])


# --- item 11: cursors -----------------------------------------------------------------------------


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()


def like(value: Any) -> str:
    return b64(json.dumps(value).encode())


def altered(cursor: str, index: int, value: Any) -> str:
    decoded = json.loads(base64.urlsafe_b64decode(cursor))
    decoded[index] = value
    return like(decoded)


LISTS = {
    "cases": "query($a: String) { cases(first: 1, after: $a) { edges { node { id } } pageInfo { endCursor } } }",
    "numbered": (
        "query($a: String) { cases(first: 1, after: $a, orderBy: {field: NUMBER, direction: ASC}) "
        "{ edges { node { id } } pageInfo { endCursor } } }"
    ),
    "created": (
        "query($a: String) { cases(first: 1, after: $a, orderBy: {field: CREATED_AT, direction: DESC}) "
        "{ edges { node { id } } pageInfo { endCursor } } }"
    ),
    "posts": (
        "query($id: ID, $a: String) { case(id: $id) { posts(first: 1, after: $a) "
        "{ edges { node { id } } pageInfo { endCursor } } } }"
    ),
    "accounts": "query($a: String) { accounts(first: 1, after: $a) { edges { node { id } } pageInfo { endCursor } } }",
    "contacts": "query($a: String) { contacts(first: 1, after: $a) { edges { node { id } } pageInfo { endCursor } } }",
}


def connection(name: str, result: dict[str, Any]) -> dict[str, Any]:
    data = result["data"]
    if name == "posts":
        return data["case"]["posts"]  # type: ignore[no-any-return]
    return data["cases" if name in ("cases", "numbered", "created") else name]  # type: ignore[no-any-return]


async def test_cursors_page_and_malformed_ones_are_bad_input_on_after(api: Any, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    case_ids = []
    for subject in ("one", "two", "three"):
        made = await api(f'mutation {{ createCase(input: {{subject: "{subject}"}}) {{ id }} }}', as_=agent)
        case_ids.append(made["data"]["createCase"]["id"])
    for body in ("first", "second"):
        await api(f'mutation {{ addPost(caseId: "{case_ids[0]}", body: "{body}") {{ id }} }}', as_=agent)
    for name in ("Acme", "Beta"):
        await api(f'mutation {{ createAccount(input: {{name: "{name}"}}) {{ id }} }}', as_=agent)
        await api(f'mutation {{ createContact(input: {{name: "{name}"}}) {{ id }} }}', as_=agent)

    cursors: dict[str, str] = {}
    for name, query in LISTS.items():
        first = connection(name, await api(query, {"id": case_ids[0]}, as_=agent))
        cursors[name] = first["pageInfo"]["endCursor"]
        second = connection(name, await api(query, {"id": case_ids[0], "a": cursors[name]}, as_=agent))
        assert second["edges"] and second["edges"][0]["node"]["id"] != first["edges"][0]["node"]["id"], name

    for name, query in LISTS.items():
        real = cursors[name]
        others = [c for other, c in cursors.items() if other != name]
        malformed = [  # ("" is no cursor, as null is: the first page)
            "!!!",
            "====",
            b64(b"random bytes \xff\xfe"),
            b64(b"null"),
            like([]),
            like({"a": 1}),
            like("x"),
            like([1, 2, 3, 4]),
            real[:-3],
            real[:5],
            real + "AAAA",
            b64(b'["cases:UPDATED_AT:DESC", 1e400, 1]'),
            altered(real, -1, 2**64),
            altered(real, -1, 2**31),
            altered(real, -1, -1),
            altered(real, -1, True),
            altered(real, -1, "1"),
            altered(real, -1, None),
            altered(real, -1, 1.5),
            altered(real, 0, "posts" if name != "posts" else "accounts"),
            altered(real, 1, "a\u0000b"),
            altered(real, 1, {"x": 1}),
            altered(real, 1, [1]),
            *([] if name in ("accounts", "contacts", "posts") else [altered(real, 1, "9999-99-99")]),
            altered(real, 1, 10**30),
            "A" * 100_000,
            *others,
        ]
        for cursor in malformed:
            result = await api(query, {"id": case_ids[0], "a": cursor}, as_=agent)
            assert only_error(result) == {"code": "BAD_USER_INPUT", "field": "after"}, (
                name,
                cursor[:80],
                result,
            )
