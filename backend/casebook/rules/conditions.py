"""Evaluating a rule's conditions against a case's facts: the one code path of live runs and of
testRule's dry run. The answer is the whole check tree (each condition with the actual value it
saw and whether it matched); live runs use its `matched`.

Conditions are stored as {"all": [...], "any": [...], "groups": [...], "groups_match": "ALL"|"ANY"}
with each condition {"field", "operator", "value"} (casebook.rules.validation checked them).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from casebook.enums import PRIORITY_RANK, Priority
from casebook.rules.catalog import FIELDS, FieldKind, Match, Operator
from casebook.rules.facts import Facts

PATTERN_MAX = 500
# MATCHES looks at this much of a text: a regular expression's time grows with its input.
MATCH_INPUT_MAX = 100_000
_AGE = re.compile(r"^\s*(\d{1,6})\s*([mhd])\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


@dataclass(frozen=True, slots=True)
class ConditionCheck:
    field: str
    operator: Operator
    value: str | None
    actual: str | None
    matched: bool


@dataclass(frozen=True, slots=True)
class GroupCheck:
    matched: bool
    all: tuple[ConditionCheck, ...]
    any: tuple[ConditionCheck, ...]
    groups: tuple[GroupCheck, ...]
    groups_match: Match


def parse_age(value: str | None) -> timedelta | None:
    """ "30m", "4h", "2d" as a duration; None when it is not one."""
    found = _AGE.match(value or "")
    if found is None:
        return None
    return timedelta(**{_UNITS[found.group(2).lower()]: int(found.group(1))})


@functools.lru_cache(maxsize=1024)
def pattern(value: str) -> re.Pattern[str]:
    return re.compile(value, re.IGNORECASE)


def parse_time(value: str | None) -> datetime | None:
    try:
        moment = datetime.fromisoformat((value or "").strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def shown(value: Any) -> str | None:
    """A fact as the dry run shows it."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return str(value)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _ordered(name: str, actual: Any, value: str) -> tuple[Any, Any] | None:
    """(actual, wanted) as comparable values for GREATER_THAN / LESS_THAN, or None."""
    if actual is None:
        return None
    kind = FIELDS[name].kind
    if name == "priority":
        try:
            return PRIORITY_RANK[Priority(actual)], PRIORITY_RANK[Priority(value)]
        except ValueError:
            return None
    if kind is FieldKind.TIME:
        wanted = parse_time(value)
        return (actual, wanted) if wanted is not None else None
    a, w = _number(actual), _number(value)
    return (a, w) if a is not None and w is not None else None


def _equal(kind: FieldKind, actual: Any, value: str) -> bool:
    if actual is None:
        return False
    if kind is FieldKind.TEXT:
        return str(actual).casefold() == _fold(value)
    if kind in (FieldKind.ID, FieldKind.NUMBER):
        a, w = _number(actual), _number(value)
        return a is not None and a == w
    return str(actual) == value


# Lookups, not Enum calls: a consumer evaluates every active rule's conditions for each event.
_OPERATORS: dict[str, Operator] = {o.value: o for o in Operator}
_MATCHES: dict[str, Match] = {m.value: m for m in Match}


@functools.lru_cache(maxsize=4096)
def _fold(value: str) -> str:
    return value.casefold()


def _shown(facts: Facts, name: str) -> tuple[str | None, str]:
    """(shown, casefolded) of a fact, once per facts however many conditions read it."""
    known = facts.shown.get(name)
    if known is None:
        text = shown(facts.values.get(name))
        known = facts.shown[name] = (text, (text or "").casefold())
    return known


def _check(condition: dict[str, Any], facts: Facts, now: datetime) -> tuple[str | None, bool]:
    """(the actual value shown, matched) of one condition."""
    name = condition["field"]
    op = _OPERATORS[condition["operator"]]
    value: str = condition.get("value") or ""
    spec = FIELDS[name]
    actual = facts.values.get(name)
    if op in (Operator.CHANGED, Operator.CHANGED_TO):
        change = facts.changes.get(spec.change or "")
        if change is None:
            return "unchanged", False
        old, new = change
        shown_change = f"{old or '∅'} → {new or '∅'}"
        if op is Operator.CHANGED:
            return shown_change, True
        # Teams, assignees and accounts are names in the log: compare the case's id now.
        if spec.kind is FieldKind.ID:
            return shown_change, _equal(spec.kind, actual, value)
        return shown_change, (new or "").casefold() == _fold(value)
    text, folded = _shown(facts, name)
    if op is Operator.IS_EMPTY:
        return text, _empty(actual)
    if op is Operator.IS_NOT_EMPTY:
        return text, not _empty(actual)
    if op is Operator.EQUALS:
        return text, _equal(spec.kind, actual, value)
    if op is Operator.NOT_EQUALS:
        return text, not _equal(spec.kind, actual, value)
    if op in (Operator.CONTAINS, Operator.NOT_CONTAINS):
        if spec.kind is FieldKind.LIST:
            found = _fold(value) in (str(v).casefold() for v in actual or ())
        else:
            found = _fold(value) in folded
        return text, found if op is Operator.CONTAINS else not found
    if op is Operator.MATCHES:
        return text, pattern(value).search((text or "")[:MATCH_INPUT_MAX]) is not None
    if op is Operator.OLDER_THAN:
        age = parse_age(value)
        return text, isinstance(actual, datetime) and age is not None and actual <= now - age
    pair = _ordered(name, actual, value)
    if pair is None:
        return text, False
    a, w = pair
    return text, a > w if op is Operator.GREATER_THAN else a < w


def _conditions(items: list[dict[str, Any]], facts: Facts, now: datetime) -> tuple[ConditionCheck, ...]:
    checks = []
    for c in items:
        actual, matched = _check(c, facts, now)
        checks.append(ConditionCheck(c["field"], _OPERATORS[c["operator"]], c.get("value"), actual, matched))
    return tuple(checks)


def evaluate_group(group: dict[str, Any], facts: Facts, now: datetime | None = None) -> GroupCheck:
    """Every `all` condition, at least one `any` (when there are any), and the nested groups (all
    of them, or one with groups_match ANY). An empty group matches."""
    moment = now or datetime.now(UTC)
    all_ = _conditions(group.get("all") or [], facts, moment)
    any_ = _conditions(group.get("any") or [], facts, moment)
    groups = tuple(evaluate_group(g, facts, moment) for g in group.get("groups") or [])
    groups_match = _MATCHES[group.get("groups_match") or Match.ALL]
    matched = all(c.matched for c in all_) and (not any_ or any(c.matched for c in any_))
    if groups:
        combine = all if groups_match is Match.ALL else any
        matched = matched and combine(g.matched for g in groups)
    return GroupCheck(matched, all_, any_, groups, groups_match)


def evaluate(rule: Any, facts: Facts, now: datetime | None = None) -> GroupCheck:
    """`rule`: anything with the stored `conditions` (a Rule, or the engine's cached copy)."""
    return evaluate_group(rule.conditions or {}, facts, now)
