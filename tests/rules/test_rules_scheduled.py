"""Scheduled rules: a due time per case that survives a restart and fires within the worker's poll,
under the rule's repeat policy (once, on entering the condition, every N hours)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from rules_support import action, condition, make_rule, run_rules

from casebook.background import worker
from casebook.background.models import Job
from casebook.cases.models import Case
from casebook.cases.services import create_case, set_status
from casebook.enums import CaseStatus, Role
from casebook.rules import timers
from casebook.rules.models import RuleRun, RuleTimer
from support.server import CASEBOOK


async def backdate(case_id: int, seconds: float) -> datetime:
    """The case as if created `seconds` ago (a column only: no event, nothing recomputed)."""
    created = datetime.now(UTC) - timedelta(seconds=seconds)
    await Case.filter(id=case_id).update(created_at=created, updated_at=created)
    return created


def stale_rule(repeat: str, **more: Any) -> dict[str, Any]:
    return dict(
        event="SCHEDULED",
        all=[condition("createdAt", "OLDER_THAN", "1m"), condition("status", "EQUALS", "NEW")],
        actions=[action("ADD_INTERNAL_NOTE", "Nobody has picked this up")],
        repeat=repeat,
        **more,
    )


async def eventually(check: Any, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not await check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


@pytest.mark.slow
async def test_a_due_rule_fires_on_time_after_the_worker_restarts(
    db: str, people: Any, tmp_path: Path
) -> None:
    agent = await people.make(Role.AGENT, "Sam")
    rule = await make_rule("Unpicked for a minute", **stale_rule("ONCE"))
    case = await create_case(actor=agent.actor, subject="Waiting")
    created = await backdate(case.id, 60 - 4)  # due in 4 s
    await run_rules()  # the consumer computes the case's timer from its event
    [timer] = await RuleTimer.filter(rule_id=rule.id, case_id=case.id)
    due = created + timedelta(minutes=1)
    assert timer.due_at == due
    assert await Job.filter(kind=timers.DUE, key__contains=f":{rule.id}:{case.id}:").count() == 1

    env = {
        **os.environ,
        "CASEBOOK_DATABASE_URL": db,
        "CASEBOOK_FILES_DIR": str(tmp_path / "files"),
        "CASEBOOK_MAIL_FROM": "casebook@example.test",
        "CASEBOOK_WORKER_POLL_SECONDS": "0.5",
        "CASEBOOK_WORKER_LEASE_SECONDS": "3",
    }
    command = [str(CASEBOOK), "worker"]
    first = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    second: subprocess.Popen[bytes] | None = None
    try:
        await asyncio.sleep(1.5)
        first.send_signal(signal.SIGKILL)  # before the rule is due: the timer must outlive it
        first.wait(5)
        assert not await RuleRun.filter(rule_id=rule.id).exists()
        second = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        async def fired() -> bool:
            return await RuleRun.filter(rule_id=rule.id, case_id=case.id).exists()

        await eventually(fired)
        [run] = await RuleRun.filter(rule_id=rule.id, case_id=case.id)
        assert run.trigger == "scheduled:once"
        assert due <= run.created_at < due + timedelta(seconds=60), run.created_at - due
        # Here, with a poll of 0.5 s, well within a second or two of the due time.
        assert run.created_at < due + timedelta(seconds=5), run.created_at - due
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(10)
    [note] = await case_notes(case.id)
    assert note == ("Nobody has picked this up", rule.name)


async def case_notes(case_id: int) -> list[tuple[str, str]]:
    from casebook.stream.models import Post

    return list(await Post.filter(case_id=case_id).values_list("body", "author_name"))  # type: ignore[arg-type]


async def fire_due() -> None:
    """What a worker does: the consumers, then the due jobs."""
    await worker.run_once()


async def make_due(case_id: int, rule_id: int) -> None:
    """The case's timer due now (as if its time had come), after the events so far are handled."""
    await run_rules()
    past = datetime.now(UTC) - timedelta(seconds=1)
    [timer] = await RuleTimer.filter(rule_id=rule_id, case_id=case_id)
    await RuleTimer.filter(id=timer.id).update(due_at=past)
    await Job.filter(kind=timers.DUE).delete()
    await timers._enqueue(rule_id, case_id, past)


async def test_once_fires_once_and_a_closed_case_has_no_timer(db: str, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Sam")
    rule = await make_rule("Once", **stale_rule("ONCE"))
    case = await create_case(actor=agent.actor, subject="Old")
    await backdate(case.id, 120)
    done = await create_case(actor=agent.actor, subject="Done")
    await set_status(actor=agent.actor, case_id=done.id, status=CaseStatus.RESOLVED)
    await fire_due()
    assert len(await case_notes(case.id)) == 1
    # Its own note changed the case; the timer is recomputed and ONCE does not fire again.
    await fire_due()
    [timer] = await RuleTimer.filter(rule_id=rule.id, case_id=case.id)
    assert timer.due_at is None and timer.fire_count == 1
    assert not await RuleTimer.filter(case_id=done.id).exists()
    assert len(await case_notes(case.id)) == 1


async def test_a_stale_job_does_nothing(db: str, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Sam")
    rule = await make_rule("Once", **stale_rule("ONCE"))
    case = await create_case(actor=agent.actor, subject="Old")
    await run_rules()
    [timer] = await RuleTimer.filter(rule_id=rule.id, case_id=case.id)
    # A job for a due time the timer no longer has (it moved since): nothing happens.
    await timers._enqueue(rule.id, case.id, datetime.now(UTC) - timedelta(seconds=5))
    await fire_due()
    assert not await RuleRun.filter(rule_id=rule.id).exists()
    assert (await RuleTimer.get(id=timer.id)).due_at == timer.due_at


async def test_on_enter_fires_again_only_after_leaving_the_condition(db: str, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Sam")
    rule = await make_rule("On enter", **stale_rule("ON_ENTER"))
    case = await create_case(actor=agent.actor, subject="Old")
    await backdate(case.id, 120)
    await run_rules()
    await make_due(case.id, rule.id)
    await fire_due()
    assert len(await case_notes(case.id)) == 1
    [timer] = await RuleTimer.filter(rule_id=rule.id)
    assert not timer.armed and timer.due_at is None
    # Still in the condition: nothing. Out of it (assigned), and back in (NEW again): once more.
    await set_status(actor=agent.actor, case_id=case.id, status=CaseStatus.ASSIGNED)
    await fire_due()
    assert (await RuleTimer.get(id=timer.id)).armed
    await set_status(actor=agent.actor, case_id=case.id, status=CaseStatus.NEW)
    await fire_due()
    await make_due(case.id, rule.id)
    await fire_due()
    assert len(await case_notes(case.id)) == 2


async def test_every_n_hours(db: str, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Sam")
    rule = await make_rule("Every 4 h", **stale_rule("EVERY", repeat_every_hours=4))
    case = await create_case(actor=agent.actor, subject="Old")
    await backdate(case.id, 120)
    await fire_due()
    assert len(await case_notes(case.id)) == 1
    [timer] = await RuleTimer.filter(rule_id=rule.id)
    assert timer.due_at is not None
    assert timedelta(hours=3, minutes=59) < timer.due_at - datetime.now(UTC) <= timedelta(hours=4)
    await make_due(case.id, rule.id)
    await fire_due()
    assert len(await case_notes(case.id)) == 2
    triggers = await RuleRun.filter(rule_id=rule.id).values_list("trigger", flat=True)
    assert len(set(triggers)) == 2 and all(str(t).startswith("scheduled:") for t in triggers)


async def test_saving_a_scheduled_rule_computes_timers_for_open_cases(db: str, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Sam")
    old = await create_case(actor=agent.actor, subject="Old")
    await backdate(old.id, 120)
    fresh = await create_case(actor=agent.actor, subject="Fresh")
    closed = await create_case(actor=agent.actor, subject="Closed")
    await set_status(actor=agent.actor, case_id=closed.id, status=CaseStatus.CLOSED)
    await run_rules()
    rule = await make_rule("Later", **stale_rule("ONCE"))
    await fire_due()
    assert {t.case_id for t in await RuleTimer.filter(rule_id=rule.id)} == {old.id, fresh.id}  # type: ignore[attr-defined]
    assert len(await case_notes(old.id)) == 1 and await case_notes(fresh.id) == []
