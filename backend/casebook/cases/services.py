"""Everything that changes a case. Plain async functions with keyword-only arguments.

Each writes through a unit of work (casebook.work): one transaction that re-reads the case under its
row lock, decides from that row (old values, transitions, `if_unchanged_since`), updates only the
columns that change, and records the event (with each field's old and new value: the case's
history) in the same transaction. Live subscribers hear of it after the commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from tortoise import connections
from tortoise.expressions import RawSQL

from casebook import events, visibility, work
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
)
from casebook.contacts.models import Contact
from casebook.enums import CaseStatus, CaseType, Origin, Priority, Role
from casebook.errors import Conflict, Forbidden, InputError, NotFound
from casebook.permissions import require_staff
from casebook.sql import Sql, current_dialect
from casebook.teams.models import Team
from casebook.users.models import User
from casebook.validation import tags as clean_tags
from casebook.validation import text
from casebook.work import Unit

UNSET: Any = object()
WRITE_SCOPE = "cases:write"
ASSIGNMENT_REASON_MAX = 2000


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
    _remember_listed_contacts(case)
    return await visible_case(actor=actor, case=case)


def _remember_listed_contacts(case: Case) -> None:
    listed = getattr(case, "contact_id_list", None)
    _remember_contact_ids(case, (int(i) for i in listed.split(",")) if listed else ())


async def visible_case(*, actor: Actor, case: Case) -> Case:
    """`case` (already loaded, e.g. just created) if the actor may see it; NOT_FOUND otherwise."""
    if not visibility.can_see_loaded_case(actor, case, await contact_ids_of(case)):
        raise NotFound("No such case.")
    return case


async def lock_case(unit: Unit, *, actor: Actor, case_id: int) -> Case:
    """The case as this transaction sees it, under its row lock (PostgreSQL; SQLite has one writer),
    if the actor may see it; NOT_FOUND otherwise. Read once per unit: later services of the same
    unit (a bulk change, inbound mail) share the instance they update."""
    case: Case | None = unit.locked.get(("case", case_id))
    if case is None:
        case = (
            await Case.filter(id=case_id)
            .select_for_update()
            .annotate(contact_id_list=_with_contact_ids())
            .first()
        )
        if case is None:
            raise NotFound("No such case.")
        _remember_listed_contacts(case)
        unit.locked[("case", case_id)] = case
    return await visible_case(actor=actor, case=case)


def _unchanged_since(case: Case, since: datetime | None) -> None:
    if since is None:
        return
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    if case.updated_at > since:
        raise Conflict(
            f"Case {case.number} changed at {case.updated_at.isoformat()}, after {since.isoformat()}.",
            updatedAt=case.updated_at.isoformat(),
        )


def _record_change(
    unit: Unit, case: Case, actor: Actor, changes: list[events.Change], *, caused_by: int | None = None
) -> None:
    unit.record(
        events.CASE_CHANGED,
        case,
        getattr(case, _CONTACT_IDS),
        actor=actor,
        changes=changes,
        caused_by=caused_by,
    )


# --- numbers ---------------------------------------------------------------------------------


async def _next_number(conn: Any) -> int:
    # One atomic statement: PostgreSQL locks the row until commit; SQLite holds its write lock.
    # Two processes therefore never read the same value.
    rows = await conn.execute_query_dict(
        "UPDATE case_counters SET value = value + 1 WHERE name = 'case_number' RETURNING value"
    )
    return int(rows[0]["value"])


# --- helpers ---------------------------------------------------------------------------------


class _Changes:
    """The (field, old, new) of one write, as history shows them."""

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: list[events.Change] = []

    def add(self, field: str, old: Any, new: Any) -> None:
        if old != new:
            self.items.append((field, _display(old), _display(new)))


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
        # updated_at always: the change happened.
        await self.case.save(update_fields=[*dict.fromkeys(self.names), "updated_at"])


async def _change_reference(
    log: _Changes, columns: _Columns, field: str, model: type[Account | Team | User], new: Any
) -> None:
    """The case's account, team or assignee: its `<field>_id` column changes, history shows names."""
    column = f"{field}_id"
    old_id = getattr(columns.case, column)
    new_id = new.id if new is not None else None
    if new_id != old_id:
        log.add(field, await _name_of(model, old_id), new)
        columns.set(column, new_id)


def _display(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "name") and not isinstance(value, str):
        return str(value.name)
    return str(value)


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


async def _name_of(model: type[Account | Team | User], record_id: int | None) -> str | None:
    """The display name of what a case pointed at before (gone or deactivated is fine here)."""
    if record_id is None:
        return None
    names = await model.filter(id=record_id).values_list("name", flat=True)
    return str(names[0]) if names else None


async def _add_followers(conn: Any, case: Case, actor: Actor, follower_ids: Iterable[int]) -> None:
    """The auto-followers (read in the same statement, so never a stale list), a customer who
    opens a case, and whom the caller names (a portal user mailing in): they follow it."""
    sql = Sql()  # placeholders are bound in the order they appear (SQLite's are positional)
    query = (
        "INSERT INTO case_followers (case_id, user_id, created_at) "
        f"SELECT {sql.p(case.id)}, id, {sql.p(datetime.now(UTC))} FROM users "
        f"WHERE (auto_follow = {sql.p(True)} AND is_active = {sql.p(True)})"
    )
    named = sorted(set(follower_ids))
    if actor.is_customer and actor.user_id is not None:
        named = sorted({*named, actor.user_id})
    if named:
        query += f" OR id {sql.in_(named, 'int')}"
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
    follower_ids: Iterable[int] = (),
) -> Case:
    """`follower_ids`: users who follow the case from the start, besides the auto-followers."""
    subject_ = text("subject", subject, SUBJECT_MAX, required=True)
    description_ = text("description", description, DESCRIPTION_MAX)
    internal_ = text("internalComments", internal_comments, INTERNAL_COMMENTS_MAX)
    tags_ = clean_tags(tags)
    email_ = text("email", email, 254)
    phone_ = text("phone", phone, 50)
    product_ = text("product", product, 200)
    reason_ = text("reason", reason, 200)
    topic_ = text("topic", topic, 200)

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
        require_staff(actor, WRITE_SCOPE)
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
    followers = tuple(follower_ids)

    async def create(unit: Unit) -> Case:
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
            email=email_,
            phone=phone_,
            tags=tags_,
            product=product_,
            reason=reason_,
            topic=topic_,
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
        ids = _remember_contact_ids(case, (c.id for c in contacts))
        await _add_followers(conn, case, actor, followers)
        unit.locked[("case", case.id)] = case  # the INSERT holds its lock
        unit.record(events.CASE_CREATED, case, ids, actor=actor)
        # The account's allowance: charged, or refused (FORBIDDEN rolls the case back), here.
        from casebook.entitlements.services import charge_new_case

        await charge_new_case(actor=actor, case=case)
        return case

    return await work.run(create)


# --- changing --------------------------------------------------------------------------------

# GraphQL name -> (column, limit, required) of the text fields updateCase takes.
_TEXT_FIELDS = {
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


async def update_case(
    *, actor: Actor, case_id: int, changes: dict[str, Any], if_unchanged_since: datetime | None = None
) -> Case:
    """`changes` maps GraphQL field names to new values; absent keys stay as they are."""
    require_staff(actor, WRITE_SCOPE)
    # Input first, outside the transaction: none of it depends on the case.
    texts = {
        name: text(name, changes[name], limit, required=required)
        for name, (_, limit, required) in _TEXT_FIELDS.items()
        if name in changes
    }
    tags = clean_tags(changes["tags"]) if "tags" in changes else None
    account = await _account(changes["accountId"]) if "accountId" in changes else None
    team = await _team(changes["teamId"]) if "teamId" in changes else None
    new_contacts = await _contacts(list(changes["contactIds"] or [])) if "contactIds" in changes else None

    async def update(unit: Unit) -> Case:
        case = await lock_case(unit, actor=actor, case_id=case_id)
        _unchanged_since(case, if_unchanged_since)
        log = _Changes()
        columns = _Columns(case)
        for name, new in texts.items():
            column = _TEXT_FIELDS[name][0]
            log.add(name, getattr(case, column), new)
            columns.set(column, new)
        for name in ("priority", "type"):
            if changes.get(name) is not None:
                log.add(name, getattr(case, name), changes[name])
                columns.set(name, changes[name])
        if tags is not None:
            log.add("tags", case.tags, tags)
            columns.set("tags", tags)
        if "accountId" in changes:
            await _change_reference(log, columns, "account", Account, account)
        if "teamId" in changes:
            await _change_reference(log, columns, "team", Team, team)
        contacts_changed = False
        if new_contacts is not None and tuple(sorted(c.id for c in new_contacts)) != getattr(
            case, _CONTACT_IDS
        ):
            old_contacts = await case.contacts.all()
            log.add("contacts", sorted(c.name for c in old_contacts), sorted(c.name for c in new_contacts))
            contacts_changed = True
        if not log.items and not contacts_changed:
            return case
        await columns.save()  # first: the `cases` row's lock before anything else (0006)
        if contacts_changed and new_contacts is not None:
            await case.contacts.clear()
            if new_contacts:
                await case.contacts.add(*new_contacts)
            _remember_contact_ids(case, (c.id for c in new_contacts))
        _record_change(unit, case, actor, log.items)
        return case

    return await work.run(update)


async def add_contact(*, actor: Actor, case_id: int, contact: Contact) -> Case:
    """Links `contact` to the case (a sender that became a contact). A case without a reporter or an
    account takes the contact's; the loose sender address goes once a contact has it."""
    require_staff(actor, WRITE_SCOPE)

    async def link(unit: Unit) -> Case:
        case = await lock_case(unit, actor=actor, case_id=case_id)
        ids: tuple[int, ...] = getattr(case, _CONTACT_IDS)
        log = _Changes()
        columns = _Columns(case)
        if contact.id not in ids:
            old = sorted(c.name for c in await case.contacts.all())
            log.add("contacts", old, sorted([*old, contact.name]))
        if case.reported_by_id is None:  # type: ignore[attr-defined]
            columns.set("reported_by_id", contact.id)
        if case.account_id is None and contact.account_id is not None:  # type: ignore[attr-defined]
            log.add("account", None, await _name_of(Account, contact.account_id))  # type: ignore[attr-defined]
            columns.set("account_id", contact.account_id)  # type: ignore[attr-defined]
        if case.email and contact.email and case.email.lower() == contact.email.lower():
            log.add("email", case.email, None)
            columns.set("email", None)
        if not log.items and not columns.names:
            return case
        await columns.save()
        if contact.id not in ids:
            await case.contacts.add(contact)
            _remember_contact_ids(case, (*ids, contact.id))
        _record_change(unit, case, actor, log.items)
        return case

    return await work.run(link)


async def assign_case(
    *,
    actor: Actor,
    case_id: int,
    assignee_id: int | None,
    if_unchanged_since: datetime | None = None,
    reason: str | None = None,
    caused_by: int | None = None,
) -> Case:
    """`reason`: why (automatic assignment's decision), a history row `assignmentReason` beside the
    assignee; `caused_by`: the event that led to this assignment."""
    require_staff(actor, WRITE_SCOPE)
    assignee = await _assignee(assignee_id)

    async def assign(unit: Unit) -> Case:
        case = await lock_case(unit, actor=actor, case_id=case_id)
        _unchanged_since(case, if_unchanged_since)
        log = _Changes()
        columns = _Columns(case)
        await _change_reference(log, columns, "assignee", User, assignee)
        if assignee and case.status is CaseStatus.NEW:
            log.add("status", case.status, CaseStatus.ASSIGNED)
            columns.set("status", CaseStatus.ASSIGNED)
        elif assignee is None and case.status is CaseStatus.ASSIGNED:
            log.add("status", case.status, CaseStatus.NEW)
            columns.set("status", CaseStatus.NEW)
        if not log.items:
            return case
        if reason:
            log.add("assignmentReason", None, reason[:ASSIGNMENT_REASON_MAX])
        await columns.save()
        _record_change(unit, case, actor, log.items, caused_by=caused_by)
        return case

    return await work.run(assign)


async def set_status(
    *,
    actor: Actor,
    case_id: int,
    status: CaseStatus,
    if_unchanged_since: datetime | None = None,
) -> Case:
    if actor.is_integration:  # customers may too, within CUSTOMER_TRANSITIONS
        require_staff(actor, WRITE_SCOPE)

    async def change(unit: Unit) -> Case:
        case = await lock_case(unit, actor=actor, case_id=case_id)
        _unchanged_since(case, if_unchanged_since)
        if status == case.status:
            return case
        if status not in rules.allowed_statuses(actor, case.status):
            if actor.is_customer:
                raise Forbidden("You can only mark an open case as solved.")
            raise InputError("status", f"A {case.status.value} case cannot become {status.value}.")
        log = _Changes()
        log.add("status", case.status, status)
        columns = _Columns(case)
        _apply_status(columns, status)
        await columns.save()
        _record_change(unit, case, actor, log.items)
        return case

    return await work.run(change)


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
    """Applies the same change to many cases in one transaction: all of them or none."""
    require_staff(actor, WRITE_SCOPE)
    if len(case_ids) > 100:
        raise InputError("ids", "At most 100 cases at once.")
    ids = list(dict.fromkeys(case_ids))
    if assignee_id is not UNSET:
        await _assignee(assignee_id)

    async def apply(unit: Unit) -> list[Case]:
        # Locked in id order, so two bulk changes of overlapping cases cannot deadlock.
        cases = {i: await lock_case(unit, actor=actor, case_id=i) for i in sorted(ids)}
        for i in ids:
            if assignee_id is not UNSET:
                await assign_case(actor=actor, case_id=i, assignee_id=assignee_id)
            if status is not None:
                case = cases[i]
                if status != case.status and status not in rules.allowed_statuses(actor, case.status):
                    raise InputError(
                        "status", f"Case {case.number} ({case.status.value}) cannot become {status}."
                    )
                await set_status(actor=actor, case_id=i, status=status)
        return [cases[i] for i in ids]

    return await work.run(apply)


async def follow(*, actor: Actor, case_id: int, on: bool) -> Case:
    if actor.user_id is None:
        raise Forbidden("Only users follow cases.")
    case = await get_case(actor=actor, case_id=case_id)
    if on:
        await CaseFollower.get_or_create(case_id=case.id, user_id=actor.user_id)
    else:
        await CaseFollower.filter(case_id=case.id, user_id=actor.user_id).delete()
    return case
