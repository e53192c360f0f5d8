"""The SLA admin tests' GraphQL documents and inputs."""

from __future__ import annotations

from typing import Any

CALENDAR_FIELDS = (
    "id name timeZone isDefault hours { weekday start end } holidays { date yearly name source }"
)
POLICY_FIELDS = """id name position active calendar { id name }
  conditions { priorities types teamIds accountIds origins }
  targets { priority firstResponseMinutes nextResponseMinutes resolutionMinutes }
  pauseStatuses warnPercents"""
CREATE_CALENDAR = (
    f"mutation ($input: SlaCalendarInput!) {{ createSlaCalendar(input: $input) {{ {CALENDAR_FIELDS} }} }}"
)
UPDATE_CALENDAR = (
    "mutation ($id: ID!, $input: SlaCalendarInput!) "
    f"{{ updateSlaCalendar(id: $id, input: $input) {{ {CALENDAR_FIELDS} }} }}"
)
CREATE_POLICY = (
    f"mutation ($input: SlaPolicyInput!) {{ createSlaPolicy(input: $input) {{ {POLICY_FIELDS} }} }}"
)
UPDATE_POLICY = f"mutation ($id: ID!, $input: SlaPolicyInput!) {{ updateSlaPolicy(id: $id, input: $input) {{ {POLICY_FIELDS} }} }}"
CALENDARS = f"{{ slaCalendars {{ {CALENDAR_FIELDS} }} }}"
POLICIES = f"{{ slaPolicies {{ {POLICY_FIELDS} }} }}"


def office(name: str = "Prague office", **more: Any) -> dict[str, Any]:
    return {
        "name": name,
        "timeZone": "Europe/Prague",
        "hours": [
            {"weekday": 1, "start": "13:00", "end": "17:00"},
            {"weekday": 1, "start": "08:00", "end": "12:00"},
            {"weekday": 5, "start": "08:00", "end": "24:00"},
        ],
        **more,
    }


def standard(name: str = "Standard", **more: Any) -> dict[str, Any]:
    return {
        "name": name,
        "targets": [
            {"priority": "URGENT", "firstResponseMinutes": 15, "resolutionMinutes": 120},
            {"priority": "LOW", "resolutionMinutes": 2400},
        ],
        **more,
    }
