"""Tags: at most 50 characters each and 50 per case, on every path that sets them."""

from __future__ import annotations

from typing import Any

import pytest

from casebook.cases import services
from casebook.cases.models import Case
from casebook.enums import Role
from casebook.errors import InputError
from casebook.validation import TAG_MAX, TAGS_MAX

CREATE = "mutation($i: CreateCaseInput!) { createCase(input: $i) { id tags } }"
UPDATE = "mutation($id: ID!, $t: [String!]) { updateCase(id: $id, input: {tags: $t}) { id tags } }"


def _bad_tags(result: dict[str, Any]) -> None:
    (error,) = result["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert error["extensions"]["field"] == "tags", error
    assert result["data"] is None


async def test_create_case_refuses_a_long_tag(api: Any, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    _bad_tags(await api(CREATE, {"i": {"subject": "Long", "tags": ["x" * (TAG_MAX + 1)]}}, as_=agent))
    assert await Case.all().count() == 0


async def test_create_and_update_refuse_too_many_tags(api: Any, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    many = [f"tag{i}" for i in range(TAGS_MAX + 1)]
    _bad_tags(await api(CREATE, {"i": {"subject": "Many", "tags": many}}, as_=agent))
    assert await Case.all().count() == 0

    made = await api(CREATE, {"i": {"subject": "Some", "tags": many[:TAGS_MAX]}}, as_=agent)
    case_id = made["data"]["createCase"]["id"]
    assert len(made["data"]["createCase"]["tags"]) == TAGS_MAX
    _bad_tags(await api(UPDATE, {"id": case_id, "t": many}, as_=agent))
    stored = await Case.get(id=int(case_id))
    assert sorted(stored.tags) == sorted(many[:TAGS_MAX])


async def test_tags_are_trimmed_deduplicated_and_sorted_on_create(people: Any) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    # Repeats and blanks do not count towards the limit.
    case = await services.create_case(
        actor=agent.actor, subject="Tidy", tags=[" b ", "a", "b", "  ", *["a"] * (TAGS_MAX * 2)]
    )
    assert case.tags == ["a", "b"]
    with pytest.raises(InputError) as refused:
        await services.update_case(actor=agent.actor, case_id=case.id, changes={"tags": ["y" * 51]})
    assert refused.value.field == "tags"
