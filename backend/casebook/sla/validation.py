"""SLA calendars and policies as admins send them, checked before anything is written: every
problem is BAD_USER_INPUT whose `field` extension (and message) names the input's part, e.g.
`hours[2].end: …` or `targets[0].resolutionMinutes: …`. The hours are checked by
casebook.sla.calendar.Calendar itself, one interval at a time, so the first interval it refuses
is the one named. Returns what the services store."""

from __future__ import annotations

import re
from typing import Any

from casebook.enums import CaseStatus, Priority
from casebook.errors import InputError
from casebook.graphql.ids import to_int
from casebook.sla.calendar import Calendar
from casebook.sla.config import parse_time
from casebook.sla.models import NAME_MAX, SlaCalendar
from casebook.sql import Sql

MAX_INTERVALS = 7 * 12
MAX_HOLIDAYS = 1000
MAX_TARGET_MINUTES = 366 * 24 * 60  # a year of minutes
MAX_PERCENTS = 10
MAX_IDS = 500
POSITION_MAX = 1_000_000
NOT_PAUSING = (CaseStatus.RESOLVED, CaseStatus.CLOSED, CaseStatus.REJECTED, CaseStatus.DUPLICATE)
_HH_MM = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$")
_TARGET_FIELDS = {
    "FIRST_RESPONSE": ("first_response_minutes", "firstResponseMinutes"),
    "NEXT_RESPONSE": ("next_response_minutes", "nextResponseMinutes"),
    "RESOLUTION": ("resolution_minutes", "resolutionMinutes"),
}


def _bad(path: str, message: str) -> InputError:
    return InputError(path, f"{path}: {message}")


def _name(path: str, value: str | None, *, required: bool) -> str:
    cleaned = (value or "").strip()
    if "\x00" in cleaned:
        raise _bad(path, "must not contain NUL characters")
    if required and not cleaned:
        raise _bad(path, "is required")
    if len(cleaned) > NAME_MAX:
        raise _bad(path, f"is too long ({len(cleaned)} characters, at most {NAME_MAX})")
    return cleaned


def _hh_mm(path: str, value: str) -> str:
    if not isinstance(value, str) or not _HH_MM.match(value):
        raise _bad(path, 'give a local time "HH:MM" (00:00 to 24:00)')
    return value


def week(time_zone: str, hours: list[dict[str, Any]]) -> dict[str, list[list[str]]]:
    """The stored week {"1": [["08:00", "12:00"]], …, "7": []} from BusinessHoursInputs."""
    if len(hours) > MAX_INTERVALS:
        raise _bad("hours", f"at most {MAX_INTERVALS} intervals")
    Calendar(time_zone, {})  # the zone: InputError("timeZone") when it is not an IANA one
    taken: dict[int, list[tuple[Any, Any]]] = {}
    stored: dict[str, list[list[str]]] = {str(day): [] for day in range(1, 8)}
    for i, interval in enumerate(hours):
        path = f"hours[{i}]"
        weekday = interval["weekday"]
        try:
            Calendar(time_zone, {weekday: []})
        except InputError as exc:
            raise _bad(f"{path}.weekday", exc.message) from None
        start = _hh_mm(f"{path}.start", interval["start"])
        end = _hh_mm(f"{path}.end", interval["end"])
        day = [*taken.get(weekday, []), (parse_time(start), parse_time(end))]
        try:
            Calendar(time_zone, {weekday: day})
        except InputError as exc:
            raise _bad(path, exc.message) from None
        taken[weekday] = day
        stored[str(weekday)].append([start, end])
    for spans in stored.values():
        spans.sort()
    return stored


def holidays(given: list[dict[str, Any]] | None, path: str = "holidays") -> list[dict[str, Any]] | None:
    """Holidays as rows to write (day, yearly, name); duplicates collapse. None: keep them."""
    if given is None:
        return None
    if len(given) > MAX_HOLIDAYS:
        raise _bad(path, f"at most {MAX_HOLIDAYS} holidays")
    out: dict[tuple[Any, bool], dict[str, Any]] = {}
    for i, holiday in enumerate(given):
        day, yearly = holiday["date"], bool(holiday.get("yearly"))
        name = _name(f"{path}[{i}].name", holiday.get("name"), required=False)
        key: tuple[Any, bool] = ((day.month, day.day) if yearly else day, yearly)
        out.setdefault(key, {"day": day, "yearly": yearly, "name": name})
    return list(out.values())


def calendar(given: dict[str, Any]) -> dict[str, Any]:
    """`given`: SlaCalendarInput in snake case (casebook.sla.types.calendar_given)."""
    name = _name("name", given.get("name"), required=True)
    time_zone = (given.get("time_zone") or "").strip()
    return {
        "name": name,
        "time_zone": time_zone,
        "is_default": bool(given.get("is_default")),
        "week": week(time_zone, list(given.get("hours") or [])),
        "holidays": holidays(given.get("holidays")),
    }


async def _exists(table: str, record_id: int) -> bool:
    sql = Sql()
    return bool(await sql.fetch(f"SELECT 1 AS one FROM {table} WHERE id = {sql.p(record_id)} LIMIT 1"))


async def _known_id(path: str, value: Any, table: str, what: str) -> int:
    """A malformed or impossible id is the house's answer for any id (casebook.graphql.ids:
    BAD_USER_INPUT or NOT_FOUND, naming the field); a well-formed one naming nothing is bad input
    at its path."""
    number = to_int(value, path.rsplit(".", 1)[-1].split("[", 1)[0])
    if number is None or not await _exists(table, number):
        raise _bad(path, f"no {what} {number}")
    return number


async def _ids(path: str, values: list[Any] | None, table: str, what: str) -> list[int]:
    if len(values or []) > MAX_IDS:
        raise _bad(path, f"at most {MAX_IDS}")
    out: list[int] = []
    for i, value in enumerate(values or []):
        number = await _known_id(f"{path}[{i}]", value, table, what)
        if number not in out:
            out.append(number)
    return out


def _unique(values: list[str] | None) -> list[str]:
    return list(dict.fromkeys(values or []))


def _targets(given: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for i, target in enumerate(given):
        priority = Priority(target["priority"]).value
        if priority in out:
            raise _bad(f"targets[{i}].priority", f"{priority} has a target already")
        minutes: dict[str, int] = {}
        for kind, (key, label) in _TARGET_FIELDS.items():
            value = target.get(key)
            if value is None:
                continue
            if not 1 <= value <= MAX_TARGET_MINUTES:
                raise _bad(f"targets[{i}].{label}", f"give 1 to {MAX_TARGET_MINUTES} business minutes")
            minutes[kind] = int(value)
        out[priority] = minutes
    if not any(out.values()):
        raise _bad("targets", "a policy needs at least one target")
    return {p: m for p, m in out.items() if m}


def _pause(given: list[str] | None) -> list[str]:
    if given is None:
        return [CaseStatus.PENDING.value, CaseStatus.ON_HOLD.value]
    for i, status in enumerate(given):
        if CaseStatus(status) in NOT_PAUSING:
            raise _bad(f"pauseStatuses[{i}]", f"{status} ends the clocks; it cannot pause them")
    return _unique([CaseStatus(s).value for s in given])


def _percents(given: list[int] | None) -> list[int]:
    if given is None:
        return [75, 90]
    if len(given) > MAX_PERCENTS:
        raise _bad("warnPercents", f"at most {MAX_PERCENTS}")
    seen: set[int] = set()
    for i, percent in enumerate(given):
        if not 1 <= percent <= 99:
            raise _bad(f"warnPercents[{i}]", "give 1 to 99 (100 is the breach)")
        if percent in seen:
            raise _bad(f"warnPercents[{i}]", f"{percent} is named twice")
        seen.add(percent)
    return sorted(seen)


async def policy(given: dict[str, Any]) -> dict[str, Any]:
    """`given`: SlaPolicyInput in snake case (casebook.sla.types.policy_given)."""
    name = _name("name", given.get("name"), required=True)
    position = given.get("position")
    if position is not None and not 0 <= position <= POSITION_MAX:
        raise _bad("position", f"give 0 to {POSITION_MAX}")
    calendar_id = given.get("calendar_id")
    if calendar_id is not None:
        calendar_id = await _known_id("calendarId", calendar_id, SlaCalendar._meta.db_table, "calendar")
    c = given.get("conditions") or {}
    conditions = {
        "priorities": _unique(c.get("priorities")),
        "types": _unique(c.get("types")),
        "team_ids": await _ids("conditions.teamIds", c.get("team_ids"), "teams", "team"),
        "account_ids": await _ids("conditions.accountIds", c.get("account_ids"), "accounts", "account"),
        "origins": _unique(c.get("origins")),
    }
    return {
        "name": name,
        "position": position,
        "active": True if given.get("active") is None else bool(given["active"]),
        "calendar_id": calendar_id,
        "conditions": {k: v for k, v in conditions.items() if v},
        "targets": _targets(list(given.get("targets") or [])),
        "pause_statuses": _pause(given.get("pause_statuses")),
        "warn_percents": _percents(given.get("warn_percents")),
    }
