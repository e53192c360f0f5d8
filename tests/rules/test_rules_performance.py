"""Rules stay off the hot paths: an event no active rule listens to costs the consumer no
statement, the rules are read once however many events and rules there are, and the request that
made the change pays nothing for rules."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rules_support import action, condition, make_rule

from casebook.cases.services import create_case
from casebook.enums import Role
from casebook.events import log as event_log
from casebook.rules import active
from casebook.rules.engine import on_event
from casebook.stream.services import add_post


class _Statements(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.sql: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.sql.append(record.getMessage())


@contextmanager
def statements() -> Iterator[list[str]]:
    logger = logging.getLogger("tortoise.db_client")
    handler = _Statements()
    saved = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        yield handler.sql
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


async def hundred_rules() -> None:
    for n in range(100):
        await make_rule(
            f"Rule {n}",
            event="CASE_CREATED",
            all=[condition("subject", "CONTAINS", f"keyword {n}")],
            actions=[action("ADD_TAG", f"tag{n}")],
        )


async def test_the_consumer_reads_nothing_for_events_no_rule_listens_to(db: str, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Sam")
    await hundred_rules()
    case = await create_case(actor=agent.actor, subject="Hello")
    await add_post(actor=agent.actor, case=case.id, body="A reply")
    [(_, created), (_, posted)] = await event_log.read_after(event_log.START)
    await active.snapshot()  # as after the batch's first event
    with statements() as sql:
        await on_event(posted)
    assert sql == []

    with statements() as sql:
        for _ in range(20):
            await on_event(created)
    rules_reads = [s for s in sql if '"rules"' in s or " rules " in s]
    assert rules_reads == [], "the rules come from the cache"
    # Per event one statement, whatever the rule count: the facts, with the event's runs so far.
    assert len(sql) == 20, sql[:3]


async def test_the_request_path_is_unchanged_by_rules(db: str, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Sam")
    case = await create_case(actor=agent.actor, subject="Hello")
    with statements() as without:
        await add_post(actor=agent.actor, case=case.id, body="One")
    await hundred_rules()
    with statements() as with_rules:
        await add_post(actor=agent.actor, case=case.id, body="Two")
    assert len(with_rules) == len(without)
    assert not [s for s in with_rules if "rule" in s.lower()]
