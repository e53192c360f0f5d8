"""An entitlement as admins send it, checked before anything is written: every problem is
BAD_USER_INPUT naming the input field (`name`, `allocation`, `periodEnd`, `policyId`, …).
Amounts arrive in the entitlement's unit (cases, or hours) and leave as integer units (cases, or
minutes)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from casebook.entitlements.models import NAME_MAX, NOTE_MAX, Decrement, Overdraft, Unit
from casebook.errors import InputError
from casebook.sla.models import SlaPolicy
from casebook.validation import text

ALLOCATION_MAX = 1_000_000  # cases, or hours
MINUTES_PER_HOUR = 60


@dataclass(frozen=True, slots=True)
class Given:
    """EntitlementInput's fields, as the resolver converted them."""

    name: str
    unit: Unit
    allocation: float
    period_start: date
    period_end: date
    decrement_on: Decrement = Decrement.ON_CREATE
    overdraft: Overdraft = Overdraft.ALLOW
    policy_id: int | None = None


def units(field: str, unit: Unit, value: float, *, signed: bool = False) -> int:
    """`value` cases (whole) or hours (to the minute) as integer units, at most ALLOCATION_MAX of
    the unit either way; positive unless `signed` (then not zero)."""
    if not math.isfinite(value):
        raise InputError(field, f"{field}: must be a number")
    if abs(value) > ALLOCATION_MAX:
        raise InputError(field, f"{field}: at most {ALLOCATION_MAX:,} {unit.value.lower()}")
    if unit is Unit.CASES:
        if value != int(value):
            raise InputError(field, f"{field}: cases are counted in whole numbers")
        amount = int(value)
    else:
        amount = round(value * MINUTES_PER_HOUR)
    if signed and amount == 0:
        raise InputError(field, f"{field}: must not be zero")
    if not signed and amount <= 0:
        raise InputError(field, f"{field}: must be more than zero")
    return amount


def shown(unit: Unit, amount: int) -> float:
    """Integer units as GraphQL shows them: cases, or hours."""
    return float(amount) if unit is Unit.CASES else amount / MINUTES_PER_HOUR


async def clean(given: Given) -> dict[str, Any]:
    """The entitlement's columns (allocation in units)."""
    name = text("name", given.name, NAME_MAX, required=True)
    allocation = units("allocation", given.unit, given.allocation)
    if given.period_end < given.period_start:
        raise InputError("periodEnd", "periodEnd: must not be before periodStart")
    if given.policy_id is not None and not await SlaPolicy.exists(id=given.policy_id):
        raise InputError("policyId", f"policyId: no SLA policy {given.policy_id}")
    return {
        "name": name,
        "unit": given.unit,
        "allocation": allocation,
        "period_start": given.period_start,
        "period_end": given.period_end,
        "decrement_on": given.decrement_on,
        "overdraft": given.overdraft,
        "policy_id": given.policy_id,
    }


def adjustment_note(note: str) -> str:
    cleaned = text("note", note, NOTE_MAX, required=True)
    assert cleaned is not None
    return cleaned
