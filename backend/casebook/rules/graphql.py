"""Rules over GraphQL: admins only (every query and mutation; others get FORBIDDEN)."""

from __future__ import annotations

import strawberry

from casebook.graphql.context import Info
from casebook.graphql.ids import to_int
from casebook.rules import services
from casebook.rules.types import (
    Rule,
    RuleActionPreview,
    RuleField,
    RuleGroupCheck,
    RuleInput,
    RuleTest,
    given,
)


def _id(value: strawberry.ID, field: str) -> int:
    number = to_int(value, field)
    assert number is not None
    return number


@strawberry.type
class RuleQueries:
    @strawberry.field(description="Admins only: every rule, in the order they run.")
    async def rules(self, info: Info) -> list[Rule]:
        return [Rule.of(r) for r in await services.list_rules(actor=info.context.require_actor())]

    @strawberry.field(description="Admins only: what conditions and SET_FIELD can name.")
    def rule_fields(self, info: Info) -> list[RuleField]:
        return [RuleField.of(f) for f in services.rule_fields(actor=info.context.require_actor())]


@strawberry.type
class RuleMutations:
    @strawberry.mutation(description="Admins only.")
    async def create_rule(self, info: Info, input: RuleInput) -> Rule:
        rule = await services.create_rule(actor=info.context.require_actor(), given=given(input))
        return Rule.of(rule)

    @strawberry.mutation(description="Admins only.")
    async def update_rule(self, info: Info, id: strawberry.ID, input: RuleInput) -> Rule:
        rule = await services.update_rule(
            actor=info.context.require_actor(), rule_id=_id(id, "id"), given=given(input)
        )
        return Rule.of(rule)

    @strawberry.mutation(description="Admins only.")
    async def delete_rule(self, info: Info, id: strawberry.ID) -> bool:
        return await services.delete_rule(actor=info.context.require_actor(), rule_id=_id(id, "id"))

    @strawberry.mutation(description="Admins only: positions become 10, 20, 30 … in this order.")
    async def reorder_rules(self, info: Info, ids: list[strawberry.ID]) -> list[Rule]:
        rules = await services.reorder_rules(
            actor=info.context.require_actor(), rule_ids=[_id(i, "ids") for i in ids]
        )
        return [Rule.of(r) for r in rules]

    @strawberry.mutation(description="Admins only: a dry run of the rule on the case; nothing is done.")
    async def test_rule(self, info: Info, id: strawberry.ID, case_id: strawberry.ID) -> RuleTest:
        result = await services.test_rule(
            actor=info.context.require_actor(), rule_id=_id(id, "id"), case_id=_id(case_id, "caseId")
        )
        return RuleTest(
            matched=result.matched,
            conditions=RuleGroupCheck.of(result.conditions),
            actions=[
                RuleActionPreview(type=a.type, field=a.field, value=a.value, description=a.description)
                for a in result.actions
            ],
        )
