"""A rule as admins send it, checked before anything is written: every problem is BAD_USER_INPUT
whose message (and `field` extension) names the part, e.g. `conditions.all[1].field: unknown field
"subjct"` or `actions[0].value: no team 999`. Returns the rule in its stored shape."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from casebook.enums import CaseStatus, CaseType, Priority, Role
from casebook.errors import InputError
from casebook.rules import catalog
from casebook.rules.catalog import FIELDS, ActionType, FieldKind, Match, Operator
from casebook.rules.conditions import PATTERN_MAX, parse_age, parse_time
from casebook.rules.models import NAME_MAX, RuleEvent, RuleRepeat
from casebook.sql import Sql
from casebook.stream.models import BODY_MAX
from casebook.validation import TAG_MAX, tags

MAX_DEPTH = 3
MAX_CONDITIONS = 50
MAX_ACTIONS = 20
VALUE_MAX = 2000
SUBJECT_MAX = 255
DUE_MINUTES_MAX = 366 * 24 * 60
REPEAT_HOURS_MAX = 366 * 24
DEFAULT_TASK_MINUTES = 1440
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TARGET = re.compile(r"^(user|team):(\d{1,10})$")
SETTABLE = tuple(name for name, f in FIELDS.items() if f.settable)


def _bad(path: str, message: str) -> InputError:
    return InputError(path, f"{path}: {message}")


def _text(path: str, value: str | None, limit: int, *, required: bool = False) -> str | None:
    cleaned = (value or "").strip()
    if "\x00" in cleaned:
        raise _bad(path, "must not contain NUL characters")
    if required and not cleaned:
        raise _bad(path, "is required")
    if len(cleaned) > limit:
        raise _bad(path, f"is too long ({len(cleaned)} characters, at most {limit})")
    return cleaned or None


@dataclass
class _Count:
    conditions: int = 0


def _condition(path: str, c: dict[str, Any], event: RuleEvent) -> dict[str, Any]:
    name = (c.get("field") or "").strip()
    spec = FIELDS.get(name)
    if spec is None:
        raise _bad(f"{path}.field", f'unknown field "{name[:60]}"')
    op = Operator(c["operator"])
    if op not in spec.operators:
        raise _bad(f"{path}.operator", f"{op.value} does not apply to {name}")
    if op in catalog.EVENT_ONLY and event is RuleEvent.SCHEDULED:
        raise _bad(f"{path}.operator", f"{op.value} needs an event; a SCHEDULED rule has none")
    if op is Operator.OLDER_THAN and event is not RuleEvent.SCHEDULED:
        raise _bad(f"{path}.operator", "OLDER_THAN is only for SCHEDULED rules")
    if name.startswith("post.") and event is not RuleEvent.POST_ADDED:
        raise _bad(f"{path}.field", f"{name} is the triggering post's: only for POST_ADDED rules")
    value = _text(f"{path}.value", c.get("value"), VALUE_MAX)
    if op in catalog.VALUELESS:
        return {"field": name, "operator": op.value, "value": None}
    if value is None:
        raise _bad(f"{path}.value", f"{op.value} needs a value")
    vpath = f"{path}.value"
    if op is Operator.MATCHES:
        if len(value) > PATTERN_MAX:
            raise _bad(vpath, f"a pattern is at most {PATTERN_MAX} characters")
        try:
            re.compile(value, re.IGNORECASE)
        except re.error as exc:
            raise _bad(vpath, f"not a valid regular expression ({exc})") from None
    elif op is Operator.OLDER_THAN:
        if parse_age(value) is None:
            raise _bad(vpath, 'give an age such as "30m", "4h" or "2d"')
    elif spec.kind is FieldKind.TIME:
        if parse_time(value) is None:
            raise _bad(vpath, "give an ISO 8601 date-time")
    elif spec.kind is FieldKind.ENUM:
        value = value.upper()
        if value not in spec.options:
            raise _bad(vpath, f'"{value[:40]}" is not one of {", ".join(spec.options)}')
    elif spec.kind in (FieldKind.NUMBER, FieldKind.ID):
        if not value.isdigit() or len(value) > 12:
            raise _bad(vpath, "give a whole number")
    return {"field": name, "operator": op.value, "value": value}


def _group(path: str, g: dict[str, Any], event: RuleEvent, depth: int, count: _Count) -> dict[str, Any]:
    if depth > MAX_DEPTH:
        raise _bad(path, f"at most {MAX_DEPTH} levels of groups")
    out: dict[str, Any] = {"all": [], "any": [], "groups": [], "groups_match": Match.ALL.value}
    prefix = f"{path}." if path else ""
    for part in ("all", "any"):
        for i, c in enumerate(g.get(part) or []):
            count.conditions += 1
            if count.conditions > MAX_CONDITIONS:
                raise _bad(f"{prefix}{part}[{i}]", f"a rule has at most {MAX_CONDITIONS} conditions")
            out[part].append(_condition(f"{prefix}{part}[{i}]", c, event))
    for i, sub in enumerate(g.get("groups") or []):
        out["groups"].append(_group(f"{prefix}groups[{i}]", sub, event, depth + 1, count))
    out["groups_match"] = Match(g.get("groups_match") or Match.ALL).value
    return out


async def _exists(table: str, record_id: int, where: str = "") -> bool:
    sql = Sql()
    rows = await sql.fetch(f"SELECT 1 AS one FROM {table} WHERE id = {sql.p(record_id)}{where} LIMIT 1")
    return bool(rows)


async def _team(path: str, value: str | None) -> int:
    if value is None or not value.isdigit() or len(value) > 10:
        raise _bad(path, "give a team id")
    if not await _exists("teams", int(value)):
        raise _bad(path, f"no team {value}")
    return int(value)


async def _agent(path: str, value: str) -> int:
    if not value.isdigit() or len(value) > 10:
        raise _bad(path, "give a user id")
    staff = f" AND is_active = TRUE AND role IN ('{Role.AGENT.value}', '{Role.ADMIN.value}')"
    if not await _exists("users", int(value), staff):
        raise _bad(path, f"no active agent {value}")
    return int(value)


async def _target(path: str, value: str | None, *, teams: bool) -> str:
    """ "assignee", "team" (NOTIFY only), "user:<id>" or "team:<id>" (NOTIFY only)."""
    target = (value or catalog.ASSIGNEE).strip().lower()
    if target == catalog.ASSIGNEE or (teams and target == catalog.TEAM):
        return target
    found = _TARGET.match(target)
    if found is None or (found.group(1) == "team" and not teams):
        allowed = '"assignee", "team", "user:<id>" or "team:<id>"' if teams else '"assignee" or "user:<id>"'
        raise _bad(path, f"give {allowed}")
    if found.group(1) == "user":
        await _agent(path, found.group(2))
    else:
        await _team(path, found.group(2))
    return target


async def _set_field(path: str, a: dict[str, Any]) -> tuple[str, str]:
    name = (a.get("field") or "").strip()
    if name not in SETTABLE:
        raise _bad(f"{path}.field", f"SET_FIELD sets one of {', '.join(SETTABLE)}")
    vpath = f"{path}.value"
    value = _text(vpath, a.get("value"), VALUE_MAX)
    if name == "teamId":
        return name, str(await _team(vpath, value))
    if name in ("priority", "type", "status"):
        enum: type[StrEnum] = {
            "priority": Priority,
            "type": CaseType,
            "status": CaseStatus,
        }[name]
        options = [e.value for e in enum]
        if (value or "").upper() not in options:
            raise _bad(vpath, f"{name} is one of {', '.join(options)}")
        return name, (value or "").upper()
    if name == "tags":
        try:
            return name, ", ".join(tags((value or "").split(",")))
        except InputError as exc:
            raise _bad(vpath, exc.message) from None
    return name, _text(vpath, value, 200, required=True) or ""


async def _action(path: str, a: dict[str, Any]) -> dict[str, Any]:
    kind = ActionType(a["type"])
    field: str | None = None
    value = _text(f"{path}.value", a.get("value"), BODY_MAX)
    subject = _text(f"{path}.subject", a.get("subject"), SUBJECT_MAX)
    due: int | None = None
    vpath = f"{path}.value"
    if kind is ActionType.SET_FIELD:
        field, value = await _set_field(path, a)
    elif kind is ActionType.ASSIGN:
        value = str(await _agent(vpath, value)) if value else None
    elif kind is ActionType.ADD_TAG:
        if value is None or len(value) > TAG_MAX or "," in value:
            raise _bad(vpath, f"give one tag of at most {TAG_MAX} characters")
    elif kind is ActionType.ADD_INTERNAL_NOTE:
        value = _text(vpath, value, BODY_MAX, required=True)
    elif kind is ActionType.NOTIFY:
        field = await _target(f"{path}.field", a.get("field"), teams=True)
        value = _text(vpath, value, VALUE_MAX)
    elif kind is ActionType.SEND_EMAIL:
        field = (a.get("field") or "").strip().lower()
        if field != catalog.CUSTOMER and not _EMAIL.match(field):
            raise _bad(f"{path}.field", 'give "customer" or an e-mail address')
        value = _text(vpath, value, BODY_MAX, required=True)
        subject = _text(f"{path}.subject", subject, SUBJECT_MAX, required=True)
    elif kind is ActionType.CREATE_TASK:
        value = _text(vpath, value, SUBJECT_MAX, required=True)
        field = await _target(f"{path}.field", a.get("field"), teams=False)
        due = a.get("due_in_minutes")
        if due is None:
            due = DEFAULT_TASK_MINUTES
        elif not 1 <= due <= DUE_MINUTES_MAX:
            raise _bad(f"{path}.dueInMinutes", f"give 1 to {DUE_MINUTES_MAX} minutes")
    elif kind is ActionType.CREATE_CHILD_CASE:
        value = _text(vpath, value, SUBJECT_MAX, required=True)
        raw = (a.get("field") or "").strip()
        field = str(await _team(f"{path}.field", raw)) if raw else None
    return {"type": kind.value, "field": field, "value": value, "subject": subject, "due_in_minutes": due}


def _older_than_on_top(conditions: dict[str, Any]) -> bool:
    return any(c["operator"] == Operator.OLDER_THAN for c in conditions["all"])


async def clean(given: dict[str, Any]) -> dict[str, Any]:
    """`given`: name, position, event, active, conditions, actions, stop_processing, repeat,
    repeat_every_hours (GraphQL's RuleInput in snake case). The rule as stored, or InputError."""
    name = _text("name", given.get("name"), NAME_MAX, required=True)
    event = RuleEvent(given["event"])
    position = given.get("position")
    if position is not None and not 0 <= position <= 1_000_000:
        raise _bad("position", "give 0 to 1000000")
    conditions = _group("conditions", given.get("conditions") or {}, event, 1, _Count())
    # The paths of the top-level group read "conditions.all[0]", not "conditions.conditions…".
    actions_in = given.get("actions") or []
    if not actions_in:
        raise _bad("actions", "a rule needs at least one action")
    if len(actions_in) > MAX_ACTIONS:
        raise _bad("actions", f"a rule has at most {MAX_ACTIONS} actions")
    actions = [await _action(f"actions[{i}]", a) for i, a in enumerate(actions_in)]
    repeat = RuleRepeat(given["repeat"]) if given.get("repeat") else None
    every = given.get("repeat_every_hours")
    if event is RuleEvent.SCHEDULED:
        if not _older_than_on_top(conditions):
            raise _bad("conditions.all", "a SCHEDULED rule needs an OLDER_THAN condition here")
        if repeat is None:
            raise _bad("repeat", "a SCHEDULED rule says how often it may fire: ONCE, ON_ENTER or EVERY")
        if repeat is RuleRepeat.EVERY:
            if every is None or not 1 <= every <= REPEAT_HOURS_MAX:
                raise _bad("repeatEveryHours", f"EVERY needs 1 to {REPEAT_HOURS_MAX} hours")
        else:
            every = None
    elif repeat is not None or every is not None:
        raise _bad("repeat" if repeat is not None else "repeatEveryHours", "only for SCHEDULED rules")
    return {
        "name": name,
        "position": position,
        "event": event,
        "active": None if given.get("active") is None else bool(given["active"]),  # None: as it is
        "conditions": conditions,
        "actions": actions,
        "stop_processing": bool(given.get("stop_processing")),
        "repeat": repeat,
        "repeat_every_hours": every,
    }
