"""The notifications consumer reading the event log: nothing happens in the request, a re-read
from a checkpoint that was not saved sends nothing twice, and the checkpoint advances."""

from __future__ import annotations

import asyncio

import pytest

from casebook import settings
from casebook.auth.actor import Actor
from casebook.background import consumers, worker
from casebook.background.models import ConsumerCheckpoint, Job
from casebook.cases.services import create_case
from casebook.enums import Origin, Role, Visibility
from casebook.events import Event
from casebook.events import log as event_log
from casebook.mail.models import OutboxMail
from casebook.mail.notifications import CONSUMER
from casebook.sql import Sql
from casebook.stream.services import add_post
from casebook.users.models import User
from support.eventlog import read_settled
from support.smtp import SmtpSink


async def email_case_with_reply() -> None:
    agent = await User.create(email="agent@example.test", name="Alex", role=Role.AGENT)
    actor = await Actor.for_user(agent)
    case = await create_case(
        actor=actor, subject="Printer on fire", origin=Origin.EMAIL, email="kim@customer.test"
    )
    await add_post(actor=actor, case=case, body="Unplug it, please.", visibility=Visibility.PUBLIC)


async def test_a_re_read_from_an_unsaved_checkpoint_sends_no_second_mail(
    db: str, smtp_sink: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "SMTP_URL", smtp_sink.url)
    await email_case_with_reply()
    # The request only wrote its events: no mail is queued until a consumer reads them.
    assert await OutboxMail.all().count() == 0
    written = await read_settled(count=2)

    assert await consumers.run_to_end(CONSUMER) == len(written)
    assert await consumers.checkpoint("notifications") == written[-1][0]
    [row] = await OutboxMail.all()
    assert row.recipient == "kim@customer.test" and await Job.all().count() == 1

    # A worker that died after handling those events but before saving the checkpoint: the next
    # one reads them all again.
    await ConsumerCheckpoint.filter(name="notifications").update(tx=0, event_id=0)
    assert await consumers.run_to_end(CONSUMER) == len(written)
    assert await OutboxMail.all().count() == 1 and await Job.all().count() == 1

    await worker.run_once()
    await worker.run_once()
    [mail] = smtp_sink.to("kim@customer.test")
    assert "Unplug it, please." in mail.text()


async def test_an_event_that_keeps_failing_is_skipped_not_blocking(db: str) -> None:
    handled: list[str] = []

    async def handle(event: Event) -> None:
        if event.kind == "CASE_CREATED":
            raise RuntimeError("poison")
        handled.append(event.kind)

    consumer = consumers.register("test-poison", handle)
    try:
        await email_case_with_reply()
        written = await read_settled(count=2)
        for _ in range(consumers.MAX_EVENT_FAILURES - 1):
            with pytest.raises(RuntimeError):
                await consumers.run_batch(consumer)
        assert await consumers.checkpoint("test-poison") == event_log.START
        await consumers.run_to_end(consumer)  # the last failure skips it (with an error logged)
        assert await consumers.checkpoint("test-poison") == written[-1][0]
        assert handled == ["POST_ADDED"]
    finally:
        consumers._consumers.pop("test-poison", None)


async def test_several_cases_at_once_keep_each_cases_order_and_save_only_what_is_done(db: str) -> None:
    """A consumer with cases_at_once overlaps different cases (on PostgreSQL; SQLite has one
    writer), keeps each case's events in log order, and after a failure saves the checkpoint
    just before the first event not handled, so nothing is skipped."""
    seen: list[tuple[int, int]] = []
    running = {"now": 0, "most": 0}
    failing = {"case": 0}

    async def handle(event: Event) -> None:
        running["now"] += 1
        running["most"] = max(running["most"], running["now"])
        try:
            await asyncio.sleep(0.01)  # a round trip's wait: others may run meanwhile
            if event.case_id == failing["case"]:
                raise RuntimeError("down")
            seen.append((event.case_id or 0, event.id))
        finally:
            running["now"] -= 1

    consumer = consumers.register("test-cases-at-once", handle, cases_at_once=4)
    try:
        agent = await User.create(email="agent@example.test", name="Alex", role=Role.AGENT)
        actor = await Actor.for_user(agent)
        cases = [await create_case(actor=actor, subject=f"Case {n}") for n in range(6)]
        for case in cases:
            for n in range(3):
                await add_post(actor=actor, case=case, body=f"Post {n}", visibility=Visibility.INTERNAL)
        written = await read_settled(count=6 * 4)

        failing["case"] = cases[2].id
        with pytest.raises(RuntimeError):
            await consumers.run_batch(consumer)
        first_of_failing = next(n for n, (_, e) in enumerate(written) if e.case_id == cases[2].id)
        saved = await consumers.checkpoint("test-cases-at-once")
        assert saved == (written[first_of_failing - 1][0] if first_of_failing else event_log.START)

        failing["case"] = 0
        seen.clear()
        await consumers.run_to_end(consumer)
        assert await consumers.checkpoint("test-cases-at-once") == written[-1][0]
        handled = {e for _, e in seen}
        assert {e.id for _, e in written[first_of_failing:]} <= handled
        for case in cases:  # each case's events in log order
            ids = [e for c, e in seen if c == case.id]
            assert ids == sorted(ids)
        assert running["most"] == 1 if Sql().sqlite else running["most"] > 1
    finally:
        consumers._consumers.pop("test-cases-at-once", None)
