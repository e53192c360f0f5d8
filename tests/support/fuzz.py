"""Hypothesis strategies made from the GraphQL schema's own types, for tests/graphql/test_fuzz.py.

Values are drawn from each argument's declared type, with hostile edges mixed in (NUL, lone
surrogates, megabyte strings, integers past int4/int8, ids of other kinds, long and empty lists,
unknown input fields), and with plausible values for fields whose name says what they hold, so
that enough examples get past validation to reach the services and the database.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    get_named_type,
    is_leaf_type,
)
from hypothesis import strategies as st

from support.config import PASSWORD

KNOWN_CODES = frozenset(
    {"UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "BAD_USER_INPUT", "CONFLICT", "RATE_LIMITED"}
)

INT_EDGES = [
    0,
    1,
    -1,
    2**31 - 1,
    2**31,
    -(2**31),
    -(2**31) - 1,
    2**53 + 1,
    2**63 - 1,
    2**63,
    -(2**63) - 1,
    2**64,
    10**30,
]
ID_EDGES = [
    "0",
    "-1",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "99999999999999999999999999999999",
    "1e3",
    "1.5",
    " 1",
    "1 ",
    "0x1",
    "+1",
    "1_0",
    "\uff11",  # FULLWIDTH DIGIT ONE: int() accepts it
    "\u0661",  # ARABIC-INDIC DIGIT ONE
    "",
    "abc",
    "1\x00",
    "\ud800",
]
NASTY_TEXT = [
    "",
    " ",
    "        ",
    "\x00",
    "a\x00b",
    "\ud800",
    "x\udfffy",
    "\u202eevil",
    "\u3000",
    "\ufeff",
    "\U0001d518\U0001d52b\U0001d526",
    "\uff46\uff55\uff4c\uff4c",
    "e\u0301" * 50,
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "${subject}",
    "%s%n",
    "x" * 51,
    "x" * 201,
    "x" * 10_000,
    "\u00e9" * 300_000,
    "x" * 1_000_000,
]
PLAIN_TEXT = ["x", "Printer on fire", "Hello", "Ada", "billing", "VPN", "a" * 50]
# Names the test's world already uses (tests/graphql/test_fuzz.py), so that duplicates get tried.
WORLD_NAMES = ["Support", "Acme", "Globex", "Con One", "Admin"]
EMAILS = [
    "admin@example.test",
    "agent@example.test",
    "carol@example.test",
    " admin@example.test",
    "ADMIN@EXAMPLE.TEST\u3000",
    "new@example.test",
    "n\x00@example.test",
    "not-an-email",
    "a@b",
    "x" * 300 + "@example.test",
]
PASSWORDS = [
    PASSWORD,
    "password",
    "        ",
    "admin@example.test",
    "short",
    "Tr0ub4dor&3-zebra-quilt-lamp",
    "x" * 1_000_000,
    "\x00" * 12,
]
IMAP_URLS = [
    "imap://user:secret@127.0.0.1:1/INBOX",
    "imaps://user:secret@mail.example.test:993/INBOX",
    "imaps://mail.example.test",
    "http://example.test/",
    "imap://user:secret@127.0.0.1:99999999999/INBOX",
    "imap://user:secret@[::1/INBOX",
]
SCOPES = ["cases:read", "cases:write", "webform:submit", "root"]
TEMPLATE_KEYS = ["reply", "case_created", "post_added", "case_changed", "nope"]
TAGS = ["vip", "billing", "x" * 50, "x" * 51, "", " ", "a\x00"]

# Mostly ordinary characters: a lone surrogate or NUL in every string would stop nearly every example
# at the transport or the first field check, and the services behind them would go untested.
_chars = st.one_of(
    st.characters(),
    st.characters(),
    st.characters(),
    st.characters(),
    st.sampled_from(["\x00", "\ud800", "\udfff", "\u3000", "\u200b", "\ufeff", "\n", "\r"]),
)
TEXT = st.one_of(st.sampled_from(PLAIN_TEXT), st.sampled_from(NASTY_TEXT), st.text(_chars, max_size=80))
INTS = st.one_of(st.sampled_from(INT_EDGES), st.integers(-1000, 1000), st.integers())


def _hinted_text(name: str) -> st.SearchStrategy[str]:
    """Text with the values a field of this name expects mixed in."""
    lowered = name.lower()
    if "email" in lowered or lowered == "address":
        return st.one_of(st.sampled_from(EMAILS), TEXT)
    if "password" in lowered:
        return st.one_of(st.sampled_from(PASSWORDS), TEXT)
    if lowered == "imapurl":
        return st.one_of(st.sampled_from(IMAP_URLS), TEXT)
    if lowered == "scopes":
        return st.one_of(st.sampled_from(SCOPES), TEXT)
    if lowered == "key":
        return st.one_of(st.sampled_from(TEMPLATE_KEYS), TEXT)
    if lowered in ("name", "subject"):
        return st.one_of(st.sampled_from(WORLD_NAMES), TEXT)
    if lowered == "tags":
        return st.one_of(st.sampled_from(TAGS), TEXT)
    return TEXT


def ids(valid: Sequence[int]) -> st.SearchStrategy[Any]:
    """Ids as a client could send them: existing ones (of any kind), edges, garbage, bare numbers."""
    return st.one_of(
        st.sampled_from([str(i) for i in valid]),
        st.sampled_from([str(i) for i in valid]),
        st.sampled_from(ID_EDGES),
        st.sampled_from([2**31, 2**63, -1, 7]),
        TEXT,
    )


def _repeated(item: Any, count: int) -> list[Any]:
    size = len(json.dumps(item)) + 1
    return [item] * max(1, min(count, 2_000_000 // size))


def _lists(item: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
    return st.one_of(
        st.just([]),
        st.lists(item, min_size=1, max_size=5),
        # Long lists repeat one drawn item (generating thousands of distinct values is slow), and stop
        # at about 2 MB of JSON: 20,000 copies of a megabyte string would exhaust the test's memory.
        st.builds(_repeated, item, st.sampled_from([100, 1_000, 20_000])),
        st.builds(lambda n: [str(i) for i in range(n)], st.sampled_from([60, 500])),
    )


def value_of(
    type_: GraphQLInputType, *, name: str, valid_ids: Sequence[int], nullable_ok: bool = True
) -> st.SearchStrategy[Any]:
    """A strategy for one value of `type_` (the argument or input field is called `name`)."""
    if isinstance(type_, GraphQLNonNull):
        return value_of(type_.of_type, name=name, valid_ids=valid_ids, nullable_ok=False)
    inner: st.SearchStrategy[Any]
    if isinstance(type_, GraphQLList):
        inner = _lists(value_of(type_.of_type, name=name, valid_ids=valid_ids))
    elif isinstance(type_, GraphQLEnumType):
        inner = st.one_of(st.sampled_from(sorted(type_.values)), st.sampled_from(sorted(type_.values)))
    elif isinstance(type_, GraphQLInputObjectType):
        inner = input_object(type_, valid_ids=valid_ids)
    elif isinstance(type_, GraphQLScalarType):
        inner = _scalar(type_.name, name=name, valid_ids=valid_ids)
    else:  # pragma: no cover - the schema has no other input kinds
        raise TypeError(type_)
    return st.one_of(inner, st.none()) if nullable_ok else inner


def _scalar(scalar: str, *, name: str, valid_ids: Sequence[int]) -> st.SearchStrategy[Any]:
    if scalar == "ID":
        return ids(valid_ids)
    if scalar == "Int":
        return INTS
    if scalar == "Float":
        return st.one_of(st.floats(allow_nan=False), INTS)
    if scalar == "Boolean":
        return st.booleans()
    if scalar == "String":
        return _hinted_text(name)
    return st.one_of(TEXT, INTS)  # DateTime and anything new: the server must refuse bad input


# How deep an input object that contains itself (a rule's condition groups) is generated: one level
# past the server's limit of three, so refusing the fourth is fuzzed too.
RECURSION_LIMIT = 4
_building: dict[str, int] = {}


def input_object(type_: GraphQLInputObjectType, *, valid_ids: Sequence[int]) -> st.SearchStrategy[Any]:
    depth = _building.get(type_.name, 0)
    if depth >= RECURSION_LIMIT:
        return st.nothing()  # a list of them is then empty, an optional one absent or null
    _building[type_.name] = depth + 1
    try:
        return _input_object(type_, valid_ids=valid_ids)
    finally:
        _building[type_.name] = depth


def _input_object(type_: GraphQLInputObjectType, *, valid_ids: Sequence[int]) -> st.SearchStrategy[Any]:
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for field_name, field in type_.fields.items():
        strategy = value_of(field.type, name=field_name, valid_ids=valid_ids)
        if isinstance(field.type, GraphQLNonNull) and field.default_value is None:
            required[field_name] = strategy
        else:
            optional[field_name] = strategy
    fields = st.fixed_dictionaries(required, optional=optional)
    unknown = st.fixed_dictionaries({**required, "bogus": TEXT}, optional=optional)
    return st.one_of(fields, fields, fields, unknown)


def arguments(field: GraphQLField, *, valid_ids: Sequence[int]) -> st.SearchStrategy[dict[str, Any]]:
    """The arguments of a field: every required one, any subset of the others."""
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for name, arg in field.args.items():
        strategy = value_of(arg.type, name=name, valid_ids=valid_ids)
        if isinstance(arg.type, GraphQLNonNull):
            required[name] = strategy
        else:
            optional[name] = strategy
    return st.fixed_dictionaries(required, optional=optional)


def selection(type_: GraphQLOutputType, depth: int = 2) -> str:
    """Every argument-free field of the answer's type, objects `depth` levels deep."""
    named = get_named_type(type_)
    if is_leaf_type(named):
        return ""
    assert isinstance(named, GraphQLObjectType), named
    parts = ["__typename"]
    for name, field in named.fields.items():
        if any(isinstance(a.type, GraphQLNonNull) and a.default_value is None for a in field.args.values()):
            continue
        if is_leaf_type(get_named_type(field.type)):
            parts.append(name)
        elif depth > 1:
            parts.append(f"{name} {selection(field.type, depth - 1)}")
    return "{ " + " ".join(parts) + " }"


def operation(
    kind: str, field_name: str, field: GraphQLField, args: Mapping[str, Any]
) -> tuple[str, dict[str, Any]]:
    """A document calling `field_name` with `args` passed as variables, and those variables."""
    declared = ", ".join(f"${name}: {field.args[name].type}" for name in args)
    passed = ", ".join(f"{name}: ${name}" for name in args)
    head = f"{kind} Fuzz({declared})" if args else kind
    call = f"{field_name}({passed})" if args else field_name
    return f"{head} {{ {call} {selection(field.type)} }}", dict(args)


def mutation_fields(schema: GraphQLSchema) -> dict[str, GraphQLField]:
    assert schema.mutation_type is not None
    return dict(schema.mutation_type.fields)


def json_values() -> st.SearchStrategy[Any]:
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        INTS,
        st.floats(allow_nan=False, allow_infinity=False),
        TEXT,
        st.sampled_from(["2026-01-01T00:00:00+00:00", "9999-99-99", "NaN"]),
    )
    return st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=3),
        max_leaves=8,
    )


def encode_cursor_like(value: Any) -> str:
    """Base64 of JSON, the way this server's cursors look, but of any value."""
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


def cursors(real: Sequence[str]) -> st.SearchStrategy[Any]:
    """Cursors: real ones (of this list or another), altered real ones, look-alikes, garbage."""

    def altered(cursor: str, index: int, replacement: Any) -> str:
        try:
            values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        except ValueError:
            return cursor
        if isinstance(values, list) and values:
            values[index % len(values)] = replacement
        return encode_cursor_like(values)

    real_ = st.sampled_from(list(real))
    return st.one_of(
        real_,
        st.builds(altered, real_, st.integers(0, 5), json_values()),
        st.builds(lambda c, n: c[:n], real_, st.integers(0, 40)),
        st.builds(lambda c: c + "=", real_),
        st.builds(encode_cursor_like, json_values()),
        st.builds(lambda xs: encode_cursor_like(xs), st.lists(json_values(), max_size=4)),
        st.sampled_from(["", "=", "====", "!!!", "bnVsbA==", "W10=", "e30=", "\x00", "\ud800"]),
        TEXT,
        INTS,
        st.none(),
    )
