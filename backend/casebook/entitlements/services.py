"""Entitlements: which one a case uses, what a new case costs, what resolving, reopening, cancelling
and merging give back, and the admins' changes. Every write goes through casebook.ledger.post.

A case uses its account's entitlement whose period contains the case's creation date (UTC),
the earliest-ending first; with none, nothing is charged and nothing is refused.

A CASES entitlement charges a case once, by `decrement_on`: ON_CREATE inside create_case's unit of
work (a refused case leaves nothing), ON_RESOLVE when the `entitlements` consumer reads the case's
resolution (casebook.entitlements.consumer). What a case costs now is the sum of its own
case-reason entries (models.CASE_REASONS), so nothing is given back that was never charged, and
nothing twice:
- resolved (RESOLVED or CLOSED from an open status), ON_RESOLVE, not charged: CASE_RESOLVED -1;
- reopened after RESOLVED/CLOSED, charged by an ON_RESOLVE entitlement: CASE_REOPENED +1;
- REJECTED or DUPLICATE (cancelled, merged) while charged: CASE_CANCELLED / CASE_MERGED +1.
A cancelled case reopened is not charged again until (ON_RESOLVE) it is resolved.

Overdraft, when a case comes at a balance <= 0: BLOCK refuses a customer (portal, or the API as a
customer) with `blocked_sentence`; an agent or admin may still open it, logged as an OVERRIDE entry
of 0 naming her and a staff-only note on the case. Mail, rules and tokens act as WARN: a case is
never refused to them (a mail is never dropped). WARN opens it with the note; ALLOW says nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from casebook import work
from casebook.accounts.models import Account
from casebook.auth.actor import Actor
from casebook.cases.models import Case
from casebook.entitlements import ledger
from casebook.entitlements.models import (
    CASE_REASONS,
    Decrement,
    Entitlement,
    Overdraft,
    Reason,
    Unit,
)
from casebook.entitlements.validation import Given, adjustment_note, clean, shown, units
from casebook.enums import CaseStatus, Visibility
from casebook.errors import Forbidden, InputError, NotFound
from casebook.permissions import require_admin, require_staff
from casebook.sql import Sql

ACTOR = Actor.system("Entitlements")
DONE = frozenset({CaseStatus.RESOLVED, CaseStatus.CLOSED})
CANCELLED = {CaseStatus.REJECTED: Reason.CASE_CANCELLED, CaseStatus.DUPLICATE: Reason.CASE_MERGED}
ENTRIES_MAX = 200


def _day(at: datetime | date | str) -> date:
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    if isinstance(at, datetime):
        return (at if at.tzinfo is not None else at.replace(tzinfo=UTC)).astimezone(UTC).date()
    return at


async def entitlement_of_case(
    account_id: int | None, created_at: datetime | date | str
) -> Entitlement | None:
    """The account's entitlement whose period contains that day (UTC), earliest-ending first."""
    if account_id is None:
        return None
    day = _day(created_at)
    return (
        await Entitlement.filter(account_id=account_id, period_start__lte=day, period_end__gte=day)
        .order_by("period_end", "id")
        .first()
    )


async def policy_for_account(account_id: int | None, at: datetime) -> int | None:
    """The SLA policy the account's current entitlement names (casebook.sla asks at selection)."""
    current = await entitlement_of_case(account_id, at)
    return current.policy_id if current is not None else None  # type: ignore[attr-defined]


def blocked_sentence(entitlement: Entitlement) -> str:
    return (
        f"Your organisation's support allowance ({entitlement.name}) is used up until "
        f"{entitlement.period_end.isoformat()}. Please contact your account manager."
    )


def _refuses(entitlement: Entitlement | None) -> bool:
    return entitlement is not None and entitlement.overdraft is Overdraft.BLOCK and entitlement.balance <= 0


async def creation_blocked(*, actor: Actor) -> str | None:
    """Why the portal refuses her a new case now, or None; always None for staff."""
    if not actor.is_customer or actor.account_id is None:
        return None
    current = await entitlement_of_case(actor.account_id, datetime.now(UTC))
    return blocked_sentence(current) if current is not None and _refuses(current) else None


async def charge_new_case(*, actor: Actor, case: Any) -> None:
    """Inside create_case's unit of work, after the case row: charges it (CASES, ON_CREATE) and
    applies the overdraft rule. Raises FORBIDDEN for a customer at zero with BLOCK: the unit rolls
    back, and neither the case nor its event is written."""
    found = await entitlement_of_case(case.account_id, case.created_at)
    if found is None:
        return
    entitlement = await ledger.lock(found.id)
    overdrawn = entitlement.balance <= 0
    if overdrawn and entitlement.overdraft is Overdraft.BLOCK and actor.is_customer:
        raise Forbidden(blocked_sentence(entitlement))
    if entitlement.unit is Unit.CASES and entitlement.decrement_on is Decrement.ON_CREATE:
        await ledger.post(entitlement.id, -1, Reason.CASE_CREATED, case_id=case.id, actor=actor)
    if not overdrawn or entitlement.overdraft is Overdraft.ALLOW:
        return
    left = shown(entitlement.unit, entitlement.balance)
    note = (
        f"Support allowance overdrawn: {entitlement.name} had {left:g} "
        f"{entitlement.unit.value.lower()} left when this case was opened"
    )
    if entitlement.overdraft is Overdraft.BLOCK and actor.user_id is not None:
        await ledger.post(
            entitlement.id,
            0,
            Reason.OVERRIDE,
            case_id=case.id,
            actor=actor,
            note=f"Opened at zero by {actor.name}",
        )
        note += f"; {actor.name} opened it over the BLOCK rule."
    else:
        note += "."
    from casebook.stream.services import add_post

    await add_post(actor=ACTOR, case=case, body=note, visibility=Visibility.INTERNAL)


async def _charged(case_id: int, before_event: int) -> dict[int, int]:
    """What the case cost just before that event, per entitlement that charged it (cases, > 0):
    its charge at creation (no event id) and what its earlier events posted. As of the event, not
    as of now, so that an event read again decides as it did the first time."""
    sql = Sql()
    rows = await sql.fetch(
        "SELECT entitlement_id, SUM(amount) AS total FROM entitlement_entries "
        f"WHERE case_id = {sql.p(case_id)} AND reason {sql.in_(sorted(CASE_REASONS), 'text')} "
        f"AND (event_id IS NULL OR event_id < {sql.p(before_event)}) GROUP BY entitlement_id"
    )
    return {int(r["entitlement_id"]): -int(r["total"]) for r in rows if int(r["total"]) < 0}


async def status_changed(
    *, case_id: int, account_id: int | None, old: CaseStatus | None, new: CaseStatus, event_id: int
) -> None:
    """The case's status moved from `old` to `new` (the consumer, inside its unit of work)."""
    was_open = old is not None and old not in DONE and old not in CANCELLED
    charged = await _charged(case_id, event_id)
    if new in CANCELLED and old not in CANCELLED:
        for entitlement_id, count in sorted(charged.items()):
            await ledger.post(entitlement_id, count, CANCELLED[new], case_id=case_id, event_id=event_id)
    elif new in DONE and was_open and not charged:
        created = await Case.filter(id=case_id).values_list("created_at", flat=True)
        if not created:
            return
        found = await entitlement_of_case(account_id, created[0])  # type: ignore[arg-type]
        if found is not None and found.unit is Unit.CASES and found.decrement_on is Decrement.ON_RESOLVE:
            await ledger.post(found.id, -1, Reason.CASE_RESOLVED, case_id=case_id, event_id=event_id)
    elif old in DONE and new not in DONE and new not in CANCELLED and charged:
        on_resolve = await Entitlement.filter(id__in=list(charged), decrement_on=Decrement.ON_RESOLVE)
        for found in sorted(on_resolve, key=lambda e: e.id):
            await ledger.post(
                found.id,
                charged[found.id],
                Reason.CASE_REOPENED,
                case_id=case_id,
                event_id=event_id,
            )


# --- reading (staff) -------------------------------------------------------------------------


async def entitlements_of_account(*, actor: Actor, account_id: int) -> list[Entitlement] | None:
    """The account's entitlements, current first (earliest-ending), then the others by newest
    period; None for customers (balances are internal), whatever account they may see."""
    if actor.is_customer:
        return None
    require_staff(actor, "cases:read")
    today = datetime.now(UTC).date()
    rows = await Entitlement.filter(account_id=account_id).order_by("-period_start", "id")
    current = sorted((e for e in rows if is_active(e, today)), key=lambda e: (e.period_end, e.id))
    return current + [e for e in rows if not is_active(e, today)]


def is_active(entitlement: Entitlement, today: date | None = None) -> bool:
    day = today or datetime.now(UTC).date()
    return entitlement.period_start <= day <= entitlement.period_end


async def entries(*, actor: Actor, entitlement_id: int, first: int) -> list[dict[str, Any]]:
    """Newest first, each with its case's number only where the viewer may open the case."""
    from casebook import visibility

    require_staff(actor, "cases:read")
    if not 0 <= first <= ENTRIES_MAX:
        raise InputError("first", f"first: from 0 to {ENTRIES_MAX}")
    sql = Sql()
    rows = await sql.fetch(
        "SELECT e.id, e.at, e.amount, e.reason, e.note, e.actor_name, e.case_id, c.number, c.team_id, "
        "c.assignee_id, c.account_id, c.reported_by_id FROM entitlement_entries e "
        "LEFT JOIN cases c ON c.id = e.case_id "
        f"WHERE e.entitlement_id = {sql.p(entitlement_id)} ORDER BY e.id DESC LIMIT {sql.p(first)}"
    )
    for row in rows:
        seen = row["case_id"] is not None and visibility.staff_can_open(actor, row)
        row["case_number"] = row["number"] if seen else None
    return rows


# --- admins ----------------------------------------------------------------------------------


async def _entitlement(entitlement_id: int) -> Entitlement:
    found = await Entitlement.get_or_none(id=entitlement_id)
    if found is None:
        raise NotFound("No such entitlement.")
    return found


async def create_entitlement(*, actor: Actor, account_id: int, given: Given) -> Entitlement:
    """Posts the allocation as its first entry (ALLOCATED)."""
    require_admin(actor)
    if not await Account.exists(id=account_id):
        raise NotFound("No such account.", field="accountId")
    data = await clean(given)

    async def write(_unit: work.Unit) -> Entitlement:
        created = await Entitlement.create(account_id=account_id, balance=0, **data)
        await ledger.post(created.id, created.allocation, Reason.ALLOCATED, actor=actor, note="Allocation")
        return created

    made = await work.run(write)
    return await _entitlement(made.id)


async def update_entitlement(*, actor: Actor, entitlement_id: int, given: Given) -> Entitlement:
    """A changed allocation posts the difference as an ALLOCATED entry; the unit never changes."""
    require_admin(actor)
    await _entitlement(entitlement_id)
    data = await clean(given)

    async def write(_unit: work.Unit) -> None:
        entitlement = await ledger.lock(entitlement_id)
        if data["unit"] is not entitlement.unit:
            raise InputError("unit", "unit: an entitlement's unit cannot change; create another one")
        delta = int(data["allocation"]) - entitlement.allocation
        columns = {k: v for k, v in data.items() if k != "unit"}
        await Entitlement.filter(id=entitlement_id).update(**columns, updated_at=datetime.now(UTC))
        if delta:
            await ledger.post(
                entitlement_id,
                delta,
                Reason.ALLOCATED,
                actor=actor,
                note=f"Allocation {shown(entitlement.unit, entitlement.allocation):g} → "
                f"{shown(entitlement.unit, int(data['allocation'])):g}",
            )

    await work.run(write)
    return await _entitlement(entitlement_id)


async def adjust_entitlement(*, actor: Actor, entitlement_id: int, amount: float, note: str) -> Entitlement:
    """An ADJUSTMENT entry of `amount` (cases, or hours; either sign)."""
    require_admin(actor)
    found = await _entitlement(entitlement_id)
    amount_ = units("amount", found.unit, amount, signed=True)
    note_ = adjustment_note(note)
    await ledger.post(entitlement_id, amount_, Reason.ADJUSTMENT, actor=actor, note=note_)
    return await _entitlement(entitlement_id)
