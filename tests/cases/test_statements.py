"""What creating a case and posting cost in SQL statements, pinned so that it cannot silently grow.

Counted as the database sees them: every statement Tortoise sends (it logs each one), inside
transactions too, plus the transactions and savepoints opened.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from tortoise.backends.asyncpg.client import TransactionWrapper as PgTransaction
from tortoise.backends.sqlite.client import SqliteTransactionWrapper

from casebook import work
from casebook.auth.actor import Actor
from casebook.cases import services
from casebook.cases.models import Case, CaseFollower
from casebook.contacts.services import save_contact
from casebook.enums import CaseStatus, Channel, Role
from casebook.errors import InputError
from casebook.events.models import EventRecord
from casebook.stream.models import Post
from casebook.stream.services import add_post
from casebook.users.models import User


@dataclass
class Counts:
    statements: int = 0
    transactions: int = 0
    savepoints: int = 0


class _Statements(logging.Handler):
    def __init__(self, counts: Counts) -> None:
        super().__init__(logging.DEBUG)
        self.counts = counts

    def emit(self, record: logging.LogRecord) -> None:
        self.counts.statements += 1


@contextmanager
def counting() -> Iterator[Counts]:
    counts = Counts()
    logger = logging.getLogger("tortoise.db_client")
    handler = _Statements(counts)
    saved_level, saved_propagate = logger.level, logger.propagate
    sqlite_begin, sqlite_savepoint = SqliteTransactionWrapper.begin, SqliteTransactionWrapper.savepoint
    pg_begin = PgTransaction.begin

    async def sqlite_began(wrapper: Any) -> None:
        counts.transactions += 1
        await sqlite_begin(wrapper)

    async def sqlite_saved(wrapper: Any) -> None:
        counts.savepoints += 1
        await sqlite_savepoint(wrapper)

    async def pg_began(wrapper: Any) -> None:
        # asyncpg's savepoint() is begin() on a wrapper nested in another.
        if isinstance(wrapper._parent, PgTransaction):
            counts.savepoints += 1
        else:
            counts.transactions += 1
        await pg_begin(wrapper)

    SqliteTransactionWrapper.begin = sqlite_began  # type: ignore[method-assign]
    SqliteTransactionWrapper.savepoint = sqlite_saved  # type: ignore[method-assign]
    PgTransaction.begin = pg_began  # type: ignore[method-assign]
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        yield counts
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved_level)
        logger.propagate = saved_propagate
        SqliteTransactionWrapper.begin = sqlite_begin  # type: ignore[method-assign]
        SqliteTransactionWrapper.savepoint = sqlite_savepoint  # type: ignore[method-assign]
        PgTransaction.begin = pg_begin  # type: ignore[method-assign]


MAIL = Actor.system("E-mail")


async def test_creating_a_case_and_posting_cost_a_fixed_number_of_statements(people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    await people.make(Role.AGENT, "Alice", auto_follow=True)
    contact = await save_contact(actor=admin.actor, name="Carl", email="carl@x.test")

    with counting() as created:
        case = await services.create_case(actor=MAIL, subject="Printer", contact_ids=[contact.id])
    # contacts, case number, case, its contact link, followers, the event (it replaced the history row)
    assert created == Counts(statements=6, transactions=1), created

    with counting() as by_id:
        await add_post(actor=MAIL, case=case.id, body="More", author_contact=contact, channel=Channel.EMAIL)
    # the case under its lock with its contact ids in one statement, the post, the case's changed
    # columns, the event
    assert by_id == Counts(statements=4, transactions=1), by_id

    with counting() as handed:
        await add_post(actor=MAIL, case=case, body="Again", author_contact=contact, channel=Channel.EMAIL)
    # a Case handed in is read again under the lock: decided from the row as it is
    assert handed == Counts(statements=4, transactions=1), handed

    # Inside a caller's unit of work (inbound mail's batch) the services open no savepoints, a case
    # created in it is not read again, and the events go in one INSERT.
    async def batch_body(unit: work.Unit) -> None:
        other = await services.create_case(actor=MAIL, subject="Two", contact_ids=[contact.id])
        await add_post(actor=MAIL, case=other, body="Hi", author_contact=contact, channel=Channel.EMAIL)
        await add_post(actor=MAIL, case=case.id, body="Re", author_contact=contact, channel=Channel.EMAIL)

    with counting() as batch:
        await work.run(batch_body)
    assert batch == Counts(statements=5 + 2 + 3 + 1, transactions=1), batch


async def test_changes_cost_a_fixed_number_of_statements(people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    alice = await people.make(Role.AGENT, "Alice")
    case = await services.create_case(actor=admin.actor, subject="Printer")

    with counting() as updated:
        await services.update_case(actor=admin.actor, case_id=case.id, changes={"subject": "Printer jam"})
    # the case under its lock, its changed columns, the event
    assert updated == Counts(statements=3, transactions=1), updated

    with counting() as assigned:
        await services.assign_case(actor=admin.actor, case_id=case.id, assignee_id=alice.id)
    # the new assignee, the case under its lock, its changed columns, the event
    assert assigned == Counts(statements=4, transactions=1), assigned

    with counting() as reassigned:
        await services.assign_case(actor=admin.actor, case_id=case.id, assignee_id=admin.id)
    # ... and the old assignee's name for the history
    assert reassigned == Counts(statements=5, transactions=1), reassigned

    with counting() as status:
        await services.set_status(actor=admin.actor, case_id=case.id, status=CaseStatus.PENDING)
    assert status == Counts(statements=3, transactions=1), status


async def test_followers_are_the_active_auto_followers_and_the_customer_who_opened(people: Any) -> None:
    follows = await people.make(Role.AGENT, "Alice", auto_follow=True)
    await people.make(Role.AGENT, "Bob")
    gone = await people.make(Role.AGENT, "Gone", auto_follow=True)
    await User.filter(id=gone.id).update(is_active=False)
    customer = await people.make(Role.CUSTOMER, "Carol")
    agents_case = await services.create_case(actor=follows.actor, subject="By an agent")
    portal_case = await services.create_case(actor=customer.actor, subject="By a customer")
    followers = await CaseFollower.all().order_by("case_id", "user_id").values_list("case_id", "user_id")
    assert followers == [
        (agents_case.id, follows.id),
        (portal_case.id, follows.id),
        (portal_case.id, customer.id),
    ]
    assert all(f.created_at.tzinfo is not None for f in await CaseFollower.all())


async def test_a_failing_post_inside_the_callers_transaction_leaves_no_case(people: Any) -> None:
    agent = await people.make(Role.AGENT, "Alice", auto_follow=True)
    contact = await save_contact(actor=agent.actor, name="Carl", email="carl@x.test")

    async def half(unit: work.Unit) -> None:
        case = await services.create_case(actor=agent.actor, subject="Half", contact_ids=[contact.id])
        await add_post(actor=agent.actor, case=case, body="   ")

    with pytest.raises(InputError):
        await work.run(half)
    assert await Case.all().count() == 0
    assert await CaseFollower.all().count() == 0
    assert await EventRecord.all().count() == 0


async def test_a_failure_inside_create_case_writes_nothing(
    people: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    agent = await people.make(Role.AGENT, "Alice", auto_follow=True)
    contact = await save_contact(actor=agent.actor, name="Carl", email="carl@x.test")

    async def broken(unit: work.Unit) -> None:
        raise RuntimeError("disk full")

    # The last statement of the transaction, the event's INSERT, fails: nothing of it stays.
    monkeypatch.setattr(work.Unit, "_write", broken)
    with pytest.raises(RuntimeError):
        await services.create_case(actor=agent.actor, subject="Half", contact_ids=[contact.id])
    monkeypatch.undo()
    assert await Case.all().count() == 0
    assert await CaseFollower.all().count() == 0
    assert await EventRecord.all().count() == 0
    case = await services.create_case(actor=agent.actor, subject="Whole", contact_ids=[contact.id])
    assert [c.id for c in await case.contacts.all()] == [contact.id]


async def test_a_post_writes_only_what_it_changes(people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    agent = await people.make(Role.AGENT, "Alice")
    case = await services.create_case(actor=admin.actor, subject="Printer")
    loaded = await services.get_case(actor=admin.actor, case_id=case.id)
    # Changed by someone else after `loaded` was read: the post must not write the old values back.
    await services.assign_case(actor=admin.actor, case_id=case.id, assignee_id=agent.id)
    post = await add_post(actor=admin.actor, case=loaded, body="Looking", channel=Channel.AGENT)
    stored = await Case.get(id=case.id)
    assert stored.assignee_id == agent.id  # type: ignore[attr-defined]
    assert stored.last_post_id == stored.last_public_post_id == post.id
    assert stored.first_response_at is not None and stored.updated_at > case.updated_at
    assert await Post.filter(case_id=case.id).count() == 1
