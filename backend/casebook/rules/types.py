"""The GraphQL shapes of rules, their checks (testRule) and the field catalog (admins only)."""

from __future__ import annotations

from typing import Any

import strawberry

from casebook.graphql.scalars import DateTime
from casebook.rules import catalog, models
from casebook.rules.conditions import ConditionCheck, GroupCheck

RuleEvent = strawberry.enum(models.RuleEvent, name="RuleEvent")
RuleRepeat = strawberry.enum(models.RuleRepeat, name="RuleRepeat")
RuleOperator = strawberry.enum(catalog.Operator, name="RuleOperator")
RuleActionType = strawberry.enum(catalog.ActionType, name="RuleActionType")
RuleMatch = strawberry.enum(catalog.Match, name="RuleMatch")
RuleFieldKind = strawberry.enum(catalog.FieldKind, name="RuleFieldKind")


@strawberry.input
class RuleConditionInput:
    field: str
    operator: RuleOperator  # type: ignore[valid-type]
    value: str | None = None


@strawberry.input
class RuleConditionsInput:
    all: list[RuleConditionInput] | None = None
    any: list[RuleConditionInput] | None = None
    groups: list[RuleConditionsInput] | None = None
    groups_match: RuleMatch | None = catalog.Match.ALL  # type: ignore[valid-type]


@strawberry.input
class RuleActionInput:
    type: RuleActionType  # type: ignore[valid-type]
    field: str | None = None
    value: str | None = None
    subject: str | None = None
    due_in_minutes: int | None = None


@strawberry.input
class RuleInput:
    name: str
    position: int | None = None
    event: RuleEvent  # type: ignore[valid-type]
    active: bool | None = None
    conditions: RuleConditionsInput | None = None
    actions: list[RuleActionInput]
    stop_processing: bool | None = None
    repeat: RuleRepeat | None = None  # type: ignore[valid-type]
    repeat_every_hours: int | None = None


def _conditions_in(given: RuleConditionsInput | None) -> dict[str, Any]:
    if given is None:
        return {}
    return {
        "all": [{"field": c.field, "operator": c.operator, "value": c.value} for c in given.all or []],
        "any": [{"field": c.field, "operator": c.operator, "value": c.value} for c in given.any or []],
        "groups": [_conditions_in(g) for g in given.groups or []],
        "groups_match": given.groups_match or catalog.Match.ALL,
    }


def given(input: RuleInput) -> dict[str, Any]:
    """RuleInput as the services take it (snake case, plain values)."""
    return {
        "name": input.name,
        "position": input.position,
        "event": input.event,
        "active": input.active,
        "conditions": _conditions_in(input.conditions),
        "actions": [
            {
                "type": a.type,
                "field": a.field,
                "value": a.value,
                "subject": a.subject,
                "due_in_minutes": a.due_in_minutes,
            }
            for a in input.actions
        ],
        "stop_processing": input.stop_processing,
        "repeat": input.repeat,
        "repeat_every_hours": input.repeat_every_hours,
    }


@strawberry.type
class RuleCondition:
    field: str
    operator: RuleOperator  # type: ignore[valid-type]
    value: str | None


@strawberry.type
class RuleConditions:
    all: list[RuleCondition]
    any: list[RuleCondition]
    groups: list[RuleConditions]
    groups_match: RuleMatch  # type: ignore[valid-type]

    @classmethod
    def of(cls, stored: dict[str, Any]) -> RuleConditions:
        def conditions(items: list[dict[str, Any]]) -> list[RuleCondition]:
            return [
                RuleCondition(
                    field=c["field"], operator=catalog.Operator(c["operator"]), value=c.get("value")
                )
                for c in items
            ]

        return cls(
            all=conditions(stored.get("all") or []),
            any=conditions(stored.get("any") or []),
            groups=[cls.of(g) for g in stored.get("groups") or []],
            groups_match=catalog.Match(stored.get("groups_match") or catalog.Match.ALL),
        )


@strawberry.type
class RuleAction:
    type: RuleActionType  # type: ignore[valid-type]
    field: str | None
    value: str | None
    subject: str | None
    due_in_minutes: int | None


@strawberry.type
class Rule:
    id: strawberry.ID
    name: str
    position: int
    active: bool
    event: RuleEvent  # type: ignore[valid-type]
    conditions: RuleConditions
    actions: list[RuleAction]
    stop_processing: bool
    repeat: RuleRepeat | None  # type: ignore[valid-type]
    repeat_every_hours: int | None
    created_at: DateTime
    updated_at: DateTime
    last_fired_at: DateTime | None
    fire_count: int

    @classmethod
    def of(cls, rule: models.Rule) -> Rule:
        return cls(
            id=strawberry.ID(str(rule.id)),
            name=rule.name,
            position=rule.position,
            active=rule.active,
            event=models.RuleEvent(rule.event),
            conditions=RuleConditions.of(rule.conditions or {}),
            actions=[
                RuleAction(
                    type=catalog.ActionType(a["type"]),
                    field=a.get("field"),
                    value=a.get("value"),
                    subject=a.get("subject"),
                    due_in_minutes=a.get("due_in_minutes"),
                )
                for a in rule.actions or []
            ],
            stop_processing=rule.stop_processing,
            repeat=models.RuleRepeat(rule.repeat) if rule.repeat else None,
            repeat_every_hours=rule.repeat_every_hours,
            created_at=rule.created_at,  # type: ignore[arg-type]
            updated_at=rule.updated_at,  # type: ignore[arg-type]
            last_fired_at=rule.last_fired_at,  # type: ignore[arg-type]
            fire_count=rule.fire_count,
        )


@strawberry.type
class RuleConditionCheck:
    field: str
    operator: RuleOperator  # type: ignore[valid-type]
    value: str | None
    actual: str | None
    matched: bool

    @classmethod
    def of(cls, check: ConditionCheck) -> RuleConditionCheck:
        return cls(
            field=check.field,
            operator=check.operator,
            value=check.value,
            actual=check.actual,
            matched=check.matched,
        )


@strawberry.type
class RuleGroupCheck:
    matched: bool
    all: list[RuleConditionCheck]
    any: list[RuleConditionCheck]
    groups: list[RuleGroupCheck]
    groups_match: RuleMatch  # type: ignore[valid-type]

    @classmethod
    def of(cls, check: GroupCheck) -> RuleGroupCheck:
        return cls(
            matched=check.matched,
            all=[RuleConditionCheck.of(c) for c in check.all],
            any=[RuleConditionCheck.of(c) for c in check.any],
            groups=[cls.of(g) for g in check.groups],
            groups_match=check.groups_match,
        )


@strawberry.type
class RuleActionPreview:
    type: RuleActionType  # type: ignore[valid-type]
    field: str | None
    value: str | None
    description: str


@strawberry.type
class RuleTest:
    matched: bool
    conditions: RuleGroupCheck
    actions: list[RuleActionPreview]


@strawberry.type
class RuleField:
    name: str
    label: str
    kind: RuleFieldKind  # type: ignore[valid-type]
    options: list[str]
    operators: list[RuleOperator]  # type: ignore[valid-type]
    settable: bool = strawberry.field(description="SET_FIELD may set it.")

    @classmethod
    def of(cls, field: catalog.Field) -> RuleField:
        return cls(
            name=field.name,
            label=field.label,
            kind=field.kind,
            options=list(field.options),
            operators=list(field.operators),
            settable=field.settable,
        )
