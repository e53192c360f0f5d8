"""The ledger: the one writer of `entitlement_entries` and of `entitlements.balance`.

`post` takes the entitlement's row lock (SELECT … FOR UPDATE on PostgreSQL; SQLite has one writer),
appends the entry and adds its amount to the cached balance in the same unit of work, so the balance
is the ledger's sum at every commit. Entries are never updated or deleted: a correction is a new
entry, and one that takes another back names it (`reverses_id`, unique: nothing is taken back
twice). An entry answering an event of the log carries the event's id: (entitlement, event, reason)
is unique, and posting it again posts nothing.

Time (HOURS entitlements, in minutes): `post_time` logs minutes on a case, `edit_time` takes the
logged entry back and logs the new minutes, `remove_time` takes it back. Issue 15's time entries
call these; each returns the ledger entry that now stands for the time (None: nothing to charge).
"""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.expressions import F

from casebook import work
from casebook.auth.actor import Actor
from casebook.entitlements.models import NOTE_MAX, Entitlement, EntitlementEntry, Reason, Unit
from casebook.errors import InputError, NotFound
from casebook.permissions import require_staff
from casebook.validation import text

TIME_MINUTES_MAX = 100_000  # one entry: ten weeks around the clock


async def lock(entitlement_id: int) -> Entitlement:
    """The entitlement under its row lock, read once per unit of work (later posts of the same unit
    share the instance, whose balance `post` keeps current)."""
    unit = work.current()
    assert unit is not None, "lock the entitlement inside a unit of work (casebook.work.run)"
    key = ("entitlement", entitlement_id)
    found: Entitlement | None = unit.locked.get(key)
    if found is None:
        found = await Entitlement.filter(id=entitlement_id).select_for_update().first()
        if found is None:
            raise NotFound("No such entitlement.")
        unit.locked[key] = found
    return found


async def post(
    entitlement_id: int,
    amount: int,
    reason: Reason,
    *,
    case_id: int | None = None,
    event_id: int | None = None,
    actor: Actor | None = None,
    note: str = "",
    reverses_id: int | None = None,
) -> EntitlementEntry | None:
    """Appends one entry and moves the balance by `amount`; None if this event's entry of this
    reason is there already (a replay)."""

    async def body(_unit: work.Unit) -> EntitlementEntry | None:
        entitlement = await lock(entitlement_id)
        if (
            event_id is not None
            and await EntitlementEntry.filter(
                entitlement_id=entitlement_id, event_id=event_id, reason=reason
            ).exists()
        ):
            return None
        entry = await EntitlementEntry.create(
            entitlement_id=entitlement_id,
            at=datetime.now(UTC),
            amount=amount,
            reason=reason,
            case_id=case_id,
            event_id=event_id,
            actor_id=actor.user_id if actor is not None else None,
            actor_name=actor.name[:200] if actor is not None and actor.user_id is not None else None,
            note=note[:NOTE_MAX],
            reverses_id=reverses_id,
        )
        if amount:
            await Entitlement.filter(id=entitlement_id).update(
                balance=F("balance") + amount, updated_at=datetime.now(UTC)
            )
            entitlement.balance += amount
        return entry

    return await work.run(body)


# --- time on HOURS entitlements --------------------------------------------------------------


def _minutes(value: int) -> int:
    if type(value) is not int or not 0 < value <= TIME_MINUTES_MAX:
        raise InputError("minutes", f"minutes: a whole number from 1 to {TIME_MINUTES_MAX}")
    return value


def _note(note: str | None) -> str:
    return text("note", note, NOTE_MAX) or ""


async def post_time(
    *, actor: Actor, case_id: int, minutes: int, note: str | None = None
) -> EntitlementEntry | None:
    """`minutes` spent on the case, charged to its HOURS entitlement (None: it has none)."""
    from casebook.cases.services import get_case
    from casebook.entitlements.services import entitlement_of_case

    require_staff(actor)
    spent, note_ = _minutes(minutes), _note(note)
    case = await get_case(actor=actor, case_id=case_id)

    async def body(_unit: work.Unit) -> EntitlementEntry | None:
        entitlement = await entitlement_of_case(case.account_id, case.created_at)  # type: ignore[attr-defined]
        if entitlement is None or entitlement.unit is not Unit.HOURS:
            return None
        return await post(
            entitlement.id, -spent, Reason.TIME_LOGGED, case_id=case.id, actor=actor, note=note_
        )

    return await work.run(body)


async def _standing_time(actor: Actor, entry_id: int) -> EntitlementEntry:
    """A TIME_LOGGED entry nothing has taken back yet, of a case the actor may see."""
    from casebook.cases.services import get_case

    require_staff(actor)
    entry = await EntitlementEntry.get_or_none(id=entry_id, reason=Reason.TIME_LOGGED)
    if entry is None or entry.case_id is None:  # type: ignore[attr-defined]
        raise NotFound("No such time entry.")
    await get_case(actor=actor, case_id=entry.case_id)  # type: ignore[attr-defined]
    return entry


async def _take_back(entry: EntitlementEntry, reason: Reason, actor: Actor, note: str) -> None:
    # Under the entitlement's lock: a second edit or removal of the same entry waits here, then
    # finds it taken back (reverses_id is unique as well).
    await lock(entry.entitlement_id)  # type: ignore[attr-defined]
    if await EntitlementEntry.filter(reverses_id=entry.id).exists():
        raise InputError("id", "This time entry was changed or removed already.")
    await post(
        entry.entitlement_id,  # type: ignore[attr-defined]
        -entry.amount,
        reason,
        case_id=entry.case_id,  # type: ignore[attr-defined]
        actor=actor,
        note=note,
        reverses_id=entry.id,
    )


async def edit_time(
    *, actor: Actor, entry_id: int, minutes: int, note: str | None = None
) -> EntitlementEntry:
    """Takes the logged minutes back (TIME_EDITED) and logs the new ones: the entry returned is the
    one to edit or remove next."""
    spent, note_ = _minutes(minutes), _note(note)
    entry = await _standing_time(actor, entry_id)

    async def body(_unit: work.Unit) -> EntitlementEntry:
        await _take_back(entry, Reason.TIME_EDITED, actor, note_)
        new = await post(
            entry.entitlement_id,  # type: ignore[attr-defined]
            -spent,
            Reason.TIME_LOGGED,
            case_id=entry.case_id,  # type: ignore[attr-defined]
            actor=actor,
            note=note_ or entry.note,
        )
        assert new is not None
        return new

    return await work.run(body)


async def remove_time(*, actor: Actor, entry_id: int, note: str | None = None) -> None:
    note_ = _note(note)
    entry = await _standing_time(actor, entry_id)
    await work.run(lambda _unit: _take_back(entry, Reason.TIME_REMOVED, actor, note_))
