"""Bad input and abuse get a clear error with extensions.code; nothing internal leaks."""

from __future__ import annotations

from typing import Any

from casebook.enums import Role
from support.config import error_codes


async def test_depth_alias_and_token_limits(api: Any, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    deep = "{ cases { edges { node { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { id } } } } } } } } } } } } } }"
    result = await api(deep, as_=agent)
    assert error_codes(result) == ["BAD_USER_INPUT"] and "depth" in result["errors"][0]["message"]
    aliases = "{ " + " ".join(f"a{i}: me {{ id }}" for i in range(40)) + " }"
    assert error_codes(await api(aliases, as_=agent)) == ["BAD_USER_INPUT"]
    tokens = "{ me { " + " ".join("id" for _ in range(3000)) + " } }"
    assert "BAD_USER_INPUT" in error_codes(await api(tokens, as_=agent))


async def test_syntax_errors_and_unknown_fields_are_bad_input(api: Any, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    assert error_codes(await api("{ cases { ", as_=agent)) == ["BAD_USER_INPUT"]
    assert error_codes(await api("{ nope }", as_=agent)) == ["BAD_USER_INPUT"]
    bad_enum = await api(
        'mutation { createCase(input: {subject: "x", priority: EXTREME}) { id } }', as_=agent
    )
    assert error_codes(bad_enum) == ["BAD_USER_INPUT"]


async def test_bad_ids_and_cursors_name_the_field(api: Any, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    result = await api('{ case(id: "abc") { id } }', as_=agent)
    assert result["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}
    result = await api('{ cases(after: "garbage!") { totalCount } }', as_=agent)
    assert result["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "after"}


async def test_unexpected_failures_are_masked(api: Any, people: Any, monkeypatch: Any) -> None:
    from casebook.cases import listing

    agent = await people.make(Role.AGENT, "Alice")

    async def broken(**kwargs: Any) -> Any:
        raise RuntimeError("SELECT * FROM secret_table WHERE password = 'hunter2'")

    monkeypatch.setattr(listing, "list_cases", broken)
    monkeypatch.setattr("casebook.cases.queries.list_cases", broken)
    result = await api("{ cases { totalCount } }", as_=agent)
    assert error_codes(result) == ["INTERNAL"]
    text = str(result)
    assert "secret_table" not in text and "hunter2" not in text and "Traceback" not in text


async def test_first_is_capped(api: Any, people: Any) -> None:
    from casebook.cases import services

    agent = await people.make(Role.AGENT, "Alice")
    for i in range(3):
        await services.create_case(actor=agent.actor, subject=f"c{i}")
    result = await api(
        "{ cases(first: 100000) { edges { node { id } } pageInfo { hasNextPage } } }", as_=agent
    )
    assert len(result["data"]["cases"]["edges"]) == 3
    negative = await api("{ cases(first: -1) { totalCount } }", as_=agent)
    assert negative["errors"][0]["extensions"]["field"] == "first"
