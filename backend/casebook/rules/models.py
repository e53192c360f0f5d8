"""The tables of automation: the rules, the record of each run (the once-only key), and the due
times of scheduled rules per case."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

NAME_MAX = 200
TRIGGER_MAX = 100


class RuleEvent(StrEnum):
    CASE_CREATED = "CASE_CREATED"
    CASE_UPDATED = "CASE_UPDATED"
    POST_ADDED = "POST_ADDED"
    SCHEDULED = "SCHEDULED"
    SLA_WARNING = "SLA_WARNING"
    SLA_BREACHED = "SLA_BREACHED"


class RuleRepeat(StrEnum):
    ONCE = "ONCE"  # once per case
    ON_ENTER = "ON_ENTER"  # once each time the case enters the condition
    EVERY = "EVERY"  # every N hours while the condition holds


class RunOutcome(StrEnum):
    FIRED = "FIRED"
    HALTED = "HALTED"  # not run: a loop or the chain limit


class Rule(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=NAME_MAX)
    position = fields.IntField()
    active = fields.BooleanField(default=True)
    event = fields.CharEnumField(RuleEvent, max_length=20)
    # {"all": [{"field", "operator", "value"}], "any": [...], "groups": [...], "groups_match": "ALL"}
    conditions: Any = fields.JSONField(default=dict)
    # [{"type", "field", "value", "subject", "due_in_minutes"}], run in order.
    actions: Any = fields.JSONField(default=list)
    stop_processing = fields.BooleanField(default=False)
    repeat = fields.CharEnumField(RuleRepeat, max_length=16, null=True)
    repeat_every_hours = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    last_fired_at = fields.DatetimeField(null=True)
    fire_count = fields.IntField(default=0)

    class Meta:
        table = "rules"


class RuleRun(Model):
    """One (rule, case, trigger) that ran or was halted: the UNIQUE key makes it once only.

    `trigger` is "event:<id>" or a scheduled key ("scheduled:once", "scheduled:<due>", …); `chain`
    the rule ids that led here, ending with this rule (the loop and depth check of what it causes).
    """

    id = fields.BigIntField(primary_key=True)
    rule: fields.ForeignKeyRelation[Rule] = fields.ForeignKeyField(
        "rules.Rule", related_name="runs", on_delete=fields.CASCADE
    )
    case: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.Case", related_name="rule_runs", on_delete=fields.CASCADE
    )
    trigger = fields.CharField(max_length=TRIGGER_MAX)
    chain: Any = fields.JSONField(default=list)
    outcome = fields.CharEnumField(RunOutcome, max_length=16)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "rule_runs"
        # Case first: the engine asks which rules an event already ran for one case.
        unique_together = (("case", "trigger", "rule"),)
        # The chain of an event a rule caused: the run of (its rule, the event that made it act).
        indexes = (("rule_id", "trigger"),)


class RuleTimer(Model):
    """When a scheduled rule is next due for an open case (null: not due, e.g. disarmed)."""

    id = fields.BigIntField(primary_key=True)
    rule: fields.ForeignKeyRelation[Rule] = fields.ForeignKeyField(
        "rules.Rule", related_name="timers", on_delete=fields.CASCADE
    )
    case: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.Case", related_name="rule_timers", on_delete=fields.CASCADE
    )
    due_at = fields.DatetimeField(null=True, db_index=True)
    # ON_ENTER: fires only while armed; disarmed by firing, armed again when the condition fails.
    armed = fields.BooleanField(default=True)
    last_fired_at = fields.DatetimeField(null=True)
    fire_count = fields.IntField(default=0)

    class Meta:
        table = "rule_timers"
        unique_together = (("rule", "case"),)
