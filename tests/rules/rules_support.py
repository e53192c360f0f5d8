"""Helpers for the rules tests: rules made through the service (as seeds and the benchmark make
them) and the consumer driven to the end of the log, as the worker does."""

from __future__ import annotations

from typing import Any

from casebook.auth.actor import Actor
from casebook.background import consumers
from casebook.enums import Role
from casebook.rules import services
from casebook.rules.engine import CONSUMER
from casebook.rules.models import Rule

ROOT = Actor(user_id=None, role=Role.ADMIN, name="tests")


def condition(field: str, operator: str, value: str | None = None) -> dict[str, Any]:
    return {"field": field, "operator": operator, "value": value}


def action(type: str, value: str | None = None, **more: Any) -> dict[str, Any]:
    return {"type": type, "value": value, **more}


async def make_rule(
    name: str,
    *,
    event: str = "CASE_CREATED",
    all: list[dict[str, Any]] | None = None,
    any: list[dict[str, Any]] | None = None,
    groups: list[dict[str, Any]] | None = None,
    actions: list[dict[str, Any]],
    **more: Any,
) -> Rule:
    """A rule through the service, as an admin would save it."""
    return await services.create_rule(
        actor=ROOT,
        given={
            "name": name,
            "event": event,
            "conditions": {"all": all or [], "any": any or [], "groups": groups or []},
            "actions": actions,
            **more,
        },
    )


async def run_rules() -> int:
    """The rules consumer to the end of the log (what the worker does), then the events its actions
    made, until nothing is left."""
    total = 0
    while read := await consumers.run_to_end(CONSUMER):
        total += read
    return total
