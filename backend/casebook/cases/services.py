"""Everything that changes a case. Plain async functions with keyword-only arguments.

Each writes inside one transaction (with a history row per changed field) and dispatches its
event only after the commit.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from tortoise import connections
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.expressions import RawSQL
from tortoise.transactions import in_transaction

from casebook import db, events, visibility
from casebook.accounts.models import Account
from casebook.auth.actor import Actor
from casebook.cases import rules
from casebook.cases.models import (
    DESCRIPTION_MAX,
    INTERNAL_COMMENTS_MAX,
    SOLUTION_MAX,
    SUBJECT_MAX,
    Case,
    CaseFollower,
    CaseHistory,
)
from casebook.contacts.models import Contact
from casebook.enums import CaseStatus, CaseType, Origin, Priority, Role
from casebook.errors import Forbidden, InputError, NotFound
from casebook.sql import Sql, current_dialect
from casebook.teams.models import Team
from casebook.users.models import User

UNSET: Any = object()
T = TypeVar("T")


# --- reading ---------------------------------------------------------------------------------

# The case's contact ids, carried on a Case these services loaded or wrote: the visibility check and
# the event both need them, and reading them again would cost a statement each time. Whoever changes
# a case's contacts outside these services must not reuse that instance.
_CONTACT_IDS = "_casebook_contact_ids"


def _remember_contact_ids(case: Case, contact_ids: Iterable[int]) -> tuple[int, ...]:
    ids = tuple(sorted(contact_ids))
    setattr(case, _CONTACT_IDS, ids)
    return ids


async def contact_ids_of(case: Case) -> tuple[int, ...]:
    known: tuple[int, ...] | None = getattr(case, _CONTACT_IDS, None)
    if known is not None:
        return known
    sql = Sql()
    got = await sql.fetch(f"SELECT contact_id FROM case_contacts WHERE case_id = {sql.p(case.id)}")
    return _remember_contact_ids(case, (r["contact_id"] for r in got))


def _with_contact_ids() -> RawSQL:
    """The case's contact ids as one comma-separated column: the case and its contacts in one statement."""
    ids = "group_concat(contact_id)" if current_dialect() == "sqlite" else "string_agg(contact_id::text, ',')"
    return RawSQL(f'(SELECT {ids} FROM case_contacts WHERE case_contacts.case_id = "cases"."id")')


async def get_case(*, actor: Actor, case_id: int | None = None, number: int | None = None) -> Case:
    """The case if the actor may see it; NOT_FOUND otherwise, so existence does not leak."""
    if case_id is None and number is None:
        raise InputError("id", "Give the case id or number.")
    query = Case.filter(id=case_id) if case_id is not None else Case.filter(number=number)
    case = await query.annotate(contact_id_list=_with_contact_ids()).first()
    if case is None:
        raise NotFound("No such case.")
    listed = getattr(case, "contact_id_list", None)
    _remember_contact_ids(case, (int(i) for i in listed.split(",")) if listed else ())
    return await visible_case(actor=actor, case=case)


async def visible_case(*, actor: Actor, case: Case) -> Case:
    """`case` (already loaded, e.g. just created) if the actor may see it; NOT_FOUND otherwise."""
    if not visibility.can_see_case(
        actor,
        team_id=case.team_id,  # type: ignore[attr-defined]
        assignee_id=case.assignee_id,  # type: ignore[attr-defined]
        account_id=case.account_id,  # type: ignore[attr-defined]
        reported_by_id=case.reported_by_id,  # type: ignore[attr-defined]
        contact_ids=await contact_ids_of(case),
    ):
        raise NotFound("No such case.")
    return case


async def write(body: Callable[[], Awaitable[T]]) -> T:
    """`body()` as one transaction, run again (CONFLICT_ATTEMPTS in all) when PostgreSQL aborts it
    for a deadlock or a serialisation failure. Services dispatch their events after this returns,
    so an event goes out once, after the commit that succeeded.

    Inside a caller's transaction (e.g. inbound mail's batch) `body` runs once, in it: nested,
    Tortoise would open a SAVEPOINT (two round trips more for each service call), and an aborted
    transaction cannot be resumed anyway; the exception leaves the caller's block, which rolls
    back whole. `body` must be safe to run again: it recomputes whatever it writes.
    """
    if isinstance(connections.get("default"), TransactionalDBClient):
        return await body()

    async def attempt() -> T:
        async with in_transaction():
            return await body()

    return await db.retry_conflicts(attempt)


# --- numbers ---------------------------------------------------------------------------------


async def _next_number(conn: Any) -> int:
    # One atomic statement: PostgreSQL locks the row until commit; SQLite holds its write lock.
    # Two processes therefore never read the same value.
    rows = await conn.execute_query_dict(
        "UPDATE case_counters SET value = value + 1 WHERE name = 'case_number' RETURNING value"
    )
    return int(rows[0]["value"])


# --- helpers ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Changes:
    actor: Actor
    case: Case
    items: list[tuple[str, str | None, str | None]]

    def add(self, field: str, old: Any, new: Any) -> None:
        if old != new:
            self.items.append((field, _display(old), _display(new)))

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f for f, _, _ in self.items))

    async def save(self) -> None:
        await CaseHistory.bulk_create(
            [
                CaseHistory(
                    case_id=self.case.id,
                    actor_id=self.actor.user_id,
                    actor_name=self.actor.name,
                    field=f,
                    old_value=old,
                    new_value=new,
                )
                for f, old, new in self.items
            ]
        )


class _Columns:
    """The columns of a case a service changes, written alone: a whole-row save would write stale
    copies of the other columns over a concurrent change, and fire the search trigger for a
    subject it did not change."""

    __slots__ = ("case", "names")

    def __init__(self, case: Case) -> None:
        self.case = case
        self.names: list[str] = []

    def set(self, column: str, value: Any) -> None:
        if getattr(self.case, column) != value:
            setattr(self.case, column, value)
            self.names.append(column)

    async def save(self) -> None:
        # updated_at always (the change happened), which also makes the UPDATE of `cases` the
        # transaction's first lock, whatever else changed.
        await self.case.save(update_fields=[*dict.fromkeys(self.names), "updated_at"])

    def save_with(self, log: _Changes) -> Callable[[], Awaitable[None]]:
        async def save() -> None:
            await self.save()
            await log.save()

        return save


def _display(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "name") and not isinstance(value, str):
        return str(value.name)
    return str(value)


def _require_staff(actor: Actor, what: str) -> None:
    if actor.is_customer:
        raise Forbidden(f"Customers cannot {what}.")
    if actor.is_integration and not actor.has_scope("cases:write"):
        raise Forbidden("This token lacks the cases:write scope.")


async def _account(account_id: int | None) -> Account | None:
    if account_id is None:
        return None
    account = await Account.get_or_none(id=account_id)
    if account is None:
        raise InputError("accountId", "No such account.")
    return account


async def _contacts(contact_ids: list[int]) -> list[Contact]:
    ids = list(dict.fromkeys(contact_ids))
    found = await Contact.filter(id__in=ids) if ids else []
    if len(found) != len(ids):
        raise InputError("contactIds", "One of the contacts does not exist.")
    return sorted(found, key=lambda c: ids.index(c.id))


async def _team(team_id: int | None) -> Team | None:
    if team_id is None:
        return None
    team = await Team.get_or_none(id=team_id)
    if team is None:
        raise InputError("teamId", "No such team.")
    return team


async def _assignee(user_id: int | None) -> User | None:
    if user_id is None:
        return None
    user = await User.get_or_none(id=user_id, is_active=True)
    if user is None or user.role is Role.CUSTOMER:
        raise InputError("assigneeId", "Cases can only be assigned to an active agent or admin.")
    return user


async def _dispatch(kind: str, case: Case, actor: Actor, **extra: Any) -> None:
    await events.dispatch(
        events.Event.for_case(kind, case, await contact_ids_of(case), actor_user_id=actor.user_id, **extra)
    )


async def _add_followers(conn: Any, case: Case, actor: Actor) -> None:
    """The auto-followers (read in the same statement, so never a stale list), and a customer who
    opens a case: they follow it."""
    sql = Sql()  # placeholders are bound in the order they appear (SQLite's are positional)
    query = (
        "INSERT INTO case_followers (case_id, user_id, created_at) "
        f"SELECT {sql.p(case.id)}, id, {sql.p(datetime.now(UTC))} FROM users "
        f"WHERE (auto_follow = {sql.p(True)} AND is_active = {sql.p(True)})"
    )
    if actor.is_customer and actor.user_id is not None:
        query += f" OR id = {sql.p(actor.user_id)}"
    await conn.execute_query(query, sql.params)


# --- creating --------------------------------------------------------------------------------


async def create_case(
    *,
    actor: Actor,
    subject: str,
    description: str | None = None,
    origin: Origin | None = None,
    priority: Priority | None = None,
    type: CaseType | None = None,
    account_id: int | None = None,
    contact_ids: list[int] | tuple[int, ...] = (),
    reported_by_id: int | None = None,
    team_id: int | None = None,
    assignee_id: int | None = None,
    email: str | None = None,
    phone: str | None = None,
    tags: list[str] | None = None,
    product: str | None = None,
    reason: str | None = None,
    topic: str | None = None,
    internal_comments: str | None = None,
    parent_id: int | None = None,
) -> Case:
    subject_ = rules.text("subject", subject, SUBJECT_MAX, required=True)
    description_ = rules.text("description", description, DESCRIPTION_MAX)
    internal_ = rules.text("internalComments", internal_comments, INTERNAL_COMMENTS_MAX)
    tags_ = rules.tags(tags)

    if actor.is_customer:
        if not actor.can_create or actor.contact_id is None:
            raise Forbidden("Your portal role does not allow opening cases.")
        if any(v is not None for v in (team_id, assignee_id, internal_, parent_id)) or contact_ids:
            raise Forbidden("Customers cannot set agent-only fields.")
        # A portal case belongs to the customer's contact and account; nobody is assigned.
        origin = Origin.PORTAL
        contact_ids = [actor.contact_id]
        reported_by_id = actor.contact_id
        account_id = actor.account_id
    else:
        _require_staff(actor, "create cases")
        if origin is None:
            origin = Origin.API if actor.is_integration else Origin.AGENT

    account = await _account(account_id)
    contacts = await _contacts(list(contact_ids))
    if reported_by_id is None and contacts:
        reported_by_id = contacts[0].id
    if account is None and contacts and contacts[0].account_id is not None:  # type: ignore[attr-defined]
        account_id = contacts[0].account_id  # type: ignore[attr-defined]
    await _team(team_id)
    assignee = await _assignee(assignee_id)
    parent = await get_case(actor=actor, case_id=parent_id) if parent_id is not None else None

    async def create() -> Case:
        conn = connections.get("default")
        number = await _next_number(conn)
        case = await Case.create(
            number=number,
            subject=subject_,
            description=description_,
            status=CaseStatus.ASSIGNED if assignee else CaseStatus.NEW,
            priority=priority or Priority.NORMAL,
            type=type or CaseType.QUESTION,
            origin=origin,
            account_id=account_id,
            reported_by_id=reported_by_id,
            team_id=team_id,
            assignee_id=assignee_id,
            created_by_id=actor.user_id,
            email=rules.text("email", email, 254),
            phone=rules.text("phone", phone, 50),
            tags=tags_,
            product=rules.text("product", product, 200),
            reason=rules.text("reason", reason, 200),
            topic=rules.text("topic", topic, 200),
            internal_comments=internal_,
            parent_id=parent.id if parent else None,
        )
        if contacts:
            # A new case links nothing yet: insert the links without Tortoise's check for existing ones.
            sql = Sql()
            values = ", ".join(f"({sql.p(case.id)}, {sql.p(c.id)})" for c in contacts)
            await conn.execute_query(
                f"INSERT INTO case_contacts (case_id, contact_id) VALUES {values}", sql.params
            )
        _remember_contact_ids(case, (c.id for c in contacts))
        await _add_followers(conn, case, actor)
        await CaseHistory.create(
            case_id=case.id,
            actor_id=actor.user_id,
            actor_name=actor.name,
            field="created",
            new_value=str(number),
        )
        return case

    case = await write(create)
    await _dispatch(events.CASE_CREATED, case, actor)
    return case


# --- changing --------------------------------------------------------------------------------


async def update_case(*, actor: Actor, case_id: int, changes: dict[str, Any]) -> Case:
    """`changes` maps GraphQL field names to new values; absent keys stay as they are."""
    _require_staff(actor, "edit cases")
    case = await get_case(actor=actor, case_id=case_id)
    limits = {
        "subject": ("subject", SUBJECT_MAX, True),
        "description": ("description", DESCRIPTION_MAX, False),
        "internalComments": ("internal_comments", INTERNAL_COMMENTS_MAX, False),
        "solution": ("solution", SOLUTION_MAX, False),
        "email": ("email", 254, False),
        "phone": ("phone", 50, False),
        "product": ("product", 200, False),
        "reason": ("reason", 200, False),
        "topic": ("topic", 200, False),
    }
    log = _Changes(actor, case, [])
    columns = _Columns(case)
    for name, (attr, limit, required) in limits.items():
        if name in changes:
            new = rules.text(name, changes[name], limit, required=required)
            log.add(name, getattr(case, attr), new)
            columns.set(attr, new)
    for name, attr in (("priority", "priority"), ("type", "type")):
        if changes.get(name) is not None:
            log.add(name, getattr(case, attr), changes[name])
            columns.set(attr, changes[name])
    if "tags" in changes:
        tags = rules.tags(changes["tags"])
        log.add("tags", case.tags, tags)
        columns.set("tags", tags)
    if "accountId" in changes:
        account = await _account(changes["accountId"])
        old = await _account(case.account_id)  # type: ignore[attr-defined]
        log.add("account", old, account)
        columns.set("account_id", account.id if account else None)
    if "teamId" in changes:
        team = await _team(changes["teamId"])
        old_team = await _team(case.team_id)  # type: ignore[attr-defined]
        log.add("team", old_team, team)
        columns.set("team_id", team.id if team else None)
    new_contacts: list[Contact] | None = None
    if "contactIds" in changes:
        new_contacts = await _contacts(list(changes["contactIds"] or []))
        old_contacts = await case.contacts.all()
        log.add("contacts", sorted(c.name for c in old_contacts), sorted(c.name for c in new_contacts))
    if not log.items:
        return case

    async def save() -> None:
        await columns.save()  # first: the `cases` row's lock before anything else (0006)
        if new_contacts is not None:
            await case.contacts.clear()
            if new_contacts:
                await case.contacts.add(*new_contacts)
        await log.save()

    await write(save)
    if new_contacts is not None:
        _remember_contact_ids(case, (c.id for c in new_contacts))
    await _dispatch(events.CASE_CHANGED, case, actor, changed_fields=log.fields)
    return case


async def assign_case(*, actor: Actor, case_id: int, assignee_id: int | None) -> Case:
    _require_staff(actor, "assign cases")
    case = await get_case(actor=actor, case_id=case_id)
    assignee = await _assignee(assignee_id)
    old = await _assignee(case.assignee_id) if case.assignee_id else None  # type: ignore[attr-defined]
    log = _Changes(actor, case, [])
    columns = _Columns(case)
    log.add("assignee", old, assignee)
    columns.set("assignee_id", assignee.id if assignee else None)
    if assignee and case.status is CaseStatus.NEW:
        log.add("status", case.status, CaseStatus.ASSIGNED)
        columns.set("status", CaseStatus.ASSIGNED)
    elif assignee is None and case.status is CaseStatus.ASSIGNED:
        log.add("status", case.status, CaseStatus.NEW)
        columns.set("status", CaseStatus.NEW)
    if not log.items:
        return case
    await write(columns.save_with(log))
    await _dispatch(events.CASE_CHANGED, case, actor, changed_fields=log.fields)
    return case


async def set_status(*, actor: Actor, case_id: int, status: CaseStatus) -> Case:
    if actor.is_integration and not actor.has_scope("cases:write"):
        raise Forbidden("This token lacks the cases:write scope.")
    case = await get_case(actor=actor, case_id=case_id)
    if status == case.status:
        return case
    if status not in rules.allowed_statuses(actor, case.status):
        if actor.is_customer:
            raise Forbidden("You can only mark an open case as solved.")
        raise InputError("status", f"A {case.status.value} case cannot become {status.value}.")
    log = _Changes(actor, case, [])
    log.add("status", case.status, status)
    columns = _Columns(case)
    _apply_status(columns, status)
    await write(columns.save_with(log))
    await _dispatch(events.CASE_CHANGED, case, actor, changed_fields=log.fields)
    return case


def _apply_status(columns: _Columns, status: CaseStatus) -> None:
    now = datetime.now(UTC)
    columns.set("status", status)
    if status is CaseStatus.RESOLVED:
        columns.set("resolved_at", now)
    elif status is CaseStatus.CLOSED:
        columns.set("closed_at", now)
        columns.set("resolved_at", columns.case.resolved_at or now)
    elif status in (CaseStatus.NEW, CaseStatus.ASSIGNED):
        columns.set("resolved_at", None)
        columns.set("closed_at", None)


async def bulk_update(
    *, actor: Actor, case_ids: list[int], assignee_id: Any = UNSET, status: CaseStatus | None = None
) -> list[Case]:
    """Applies the same change to many cases; validates all first so that none is half-done."""
    _require_staff(actor, "change cases in bulk")
    if len(case_ids) > 100:
        raise InputError("ids", "At most 100 cases at once.")
    cases = [await get_case(actor=actor, case_id=i) for i in dict.fromkeys(case_ids)]
    if assignee_id is not UNSET:
        await _assignee(assignee_id)
    if status is not None:
        for case in cases:
            if status != case.status and status not in rules.allowed_statuses(actor, case.status):
                raise InputError(
                    "status", f"Case {case.number} ({case.status.value}) cannot become {status}."
                )
    done = []
    for case in cases:
        if assignee_id is not UNSET:
            case = await assign_case(actor=actor, case_id=case.id, assignee_id=assignee_id)
        if status is not None:
            case = await set_status(actor=actor, case_id=case.id, status=status)
        done.append(case)
    return done


async def follow(*, actor: Actor, case_id: int, on: bool) -> Case:
    if actor.user_id is None:
        raise Forbidden("Only users follow cases.")
    case = await get_case(actor=actor, case_id=case_id)
    if on:
        await CaseFollower.get_or_create(case_id=case.id, user_id=actor.user_id)
    else:
        await CaseFollower.filter(case_id=case.id, user_id=actor.user_id).delete()
    return case
