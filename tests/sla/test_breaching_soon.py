"""The "Breaching soon" view: CaseFilter.slaDue and the SLA_DUE order (casebook.cases.listing) over
cases.sla_due_at, with a keyset cursor, in both databases; bad windows are BAD_USER_INPUT and the
customer's list cannot filter or order by SLA."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from tortoise.transactions import in_transaction

from casebook import work
from casebook.cases.services import create_case
from casebook.enums import Role
from casebook.sla import clocks, timeline
from casebook.sla.models import TargetKind
from casebook.sql import Sql
from support.config import USE_POSTGRES

R = TargetKind.RESOLUTION
LIST = """
query($f: CaseFilter, $o: CaseOrder, $first: Int, $after: String) {
  cases(filter: $f, orderBy: $o, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { subject sla { badge nextDueAt } } } } }
"""
ASC = {"field": "SLA_DUE", "direction": "ASC"}


async def _case(actor: Any, subject: str, *views: timeline.ClockView) -> int:
    case = await create_case(actor=actor, subject=subject)

    async def write(_unit: work.Unit) -> None:
        for view in views:
            await clocks.insert(case.id, None, view)
        await clocks.refresh_due(case.id)

    await work.run(write)
    return case.id


async def _cases(agent: Any) -> datetime:
    """Due in 10 min, in 5 h, 5 min ago (breached), paused, no clocks, due in 10 min again."""
    now = datetime.now(UTC)
    await _case(agent.actor, "soon", timeline.start(R, 1, 60, None, now - timedelta(minutes=50)))
    await _case(agent.actor, "later", timeline.start(R, 1, 300, None, now))
    await _case(agent.actor, "breached", timeline.start(R, 1, 60, None, now - timedelta(minutes=65)))
    paused = timeline.pause(timeline.start(R, 1, 60, None, now), None, now)
    await _case(agent.actor, "paused", paused)
    await _case(agent.actor, "none")
    await _case(agent.actor, "soon too", timeline.start(R, 1, 60, None, now - timedelta(minutes=50)))
    return now


def subjects(result: dict[str, Any]) -> list[str]:
    assert "errors" not in result, result
    return [e["node"]["subject"] for e in result["data"]["cases"]["edges"]]


async def test_due_within_includes_the_breached_and_orders_by_due(api: Any, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Ann")
    await _cases(agent)
    soon = await api(LIST, {"f": {"slaDue": {"withinMinutes": 60}}, "o": ASC}, as_=agent)
    assert subjects(soon) == ["breached", "soon", "soon too"]  # ties by id
    assert soon["data"]["cases"]["totalCount"] == 3
    assert [e["node"]["sla"]["badge"] for e in soon["data"]["cases"]["edges"]] == [
        "BREACHED",
        "WARNING",
        "WARNING",
    ]
    now_only = await api(LIST, {"f": {"slaDue": {"withinMinutes": 0}}, "o": ASC}, as_=agent)
    assert subjects(now_only) == ["breached"]
    # With another order the filter is the same set.
    by_number = await api(
        LIST,
        {"f": {"slaDue": {"withinMinutes": 600}}, "o": {"field": "NUMBER", "direction": "ASC"}},
        as_=agent,
    )
    assert subjects(by_number) == ["soon", "later", "breached", "soon too"]


async def test_sla_due_order_puts_cases_without_a_due_last_and_pages_by_cursor(api: Any, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Ann")
    await _cases(agent)
    everything = ["breached", "soon", "soon too", "later", "paused", "none"]
    assert subjects(await api(LIST, {"o": ASC, "first": 10}, as_=agent)) == everything
    for size in (1, 2, 4):
        seen: list[str] = []
        after = None
        while True:
            page = await api(LIST, {"o": ASC, "first": size, "after": after}, as_=agent)
            seen += subjects(page)
            info = page["data"]["cases"]["pageInfo"]
            if not info["hasNextPage"]:
                break
            after = info["endCursor"]
        assert seen == everything, size
    descending = await api(LIST, {"o": {"field": "SLA_DUE", "direction": "DESC"}, "first": 10}, as_=agent)
    assert subjects(descending) == list(reversed(everything))  # the exact reverse
    # A cursor of another order is refused, not misread.
    other = (await api(LIST, {"o": {"field": "NUMBER", "direction": "ASC"}, "first": 1}, as_=agent))["data"]
    bad = await api(LIST, {"o": ASC, "after": other["cases"]["pageInfo"]["endCursor"]}, as_=agent)
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("minutes", [-1, 525_601, 2**31 - 1])
async def test_a_window_outside_zero_to_a_year_is_bad_input(api: Any, people: Any, minutes: int) -> None:
    agent = await people.make(Role.AGENT, "Ann")
    result = await api(LIST, {"f": {"slaDue": {"withinMinutes": minutes}}}, as_=agent)
    assert result["data"] is None
    error = result["errors"][0]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "slaDue.withinMinutes"}
    assert "Traceback" not in str(result)
    year = await api(LIST, {"f": {"slaDue": {"withinMinutes": 525_600}}}, as_=agent)
    assert "errors" not in year


async def test_a_customer_cannot_filter_or_order_by_sla(api: Any, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Ann")
    customer = await people.make(Role.CUSTOMER, "Cy")
    await create_case(actor=agent.actor, subject="hers", reported_by_id=customer.actor.contact_id)
    for variables in ({"f": {"slaDue": {"withinMinutes": 60}}}, {"o": ASC}):
        result = await api(LIST, variables, as_=customer)
        assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN", result
    plain = await api(LIST, {}, as_=customer)
    assert subjects(plain) == ["hers"] and plain["data"]["cases"]["edges"][0]["node"]["sla"] is None


def test_the_listing_orders_by_the_indexed_expression() -> None:
    import importlib

    from casebook.cases.listing import SLA_DUE_SQL

    migration = importlib.import_module("casebook.migrations.0012_case_sla_due_order")
    assert SLA_DUE_SQL["sqlite"].replace("c.sla_due_at", "sla_due_at") == migration.SQLITE_SQL
    assert SLA_DUE_SQL["postgres"].replace("c.sla_due_at", "sla_due_at") == migration.POSTGRES_SQL


@pytest.mark.skipif(not USE_POSTGRES, reason="PostgreSQL's plan")
async def test_postgres_walks_the_index_for_filter_and_order(
    api: Any, people: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    agent = await people.make(Role.AGENT, "Ann")
    await _cases(agent)
    seen: list[tuple[str, list[Any]]] = []
    fetch = Sql.fetch

    async def recording(self: Sql, query: str) -> list[dict[str, Any]]:
        seen.append((query, list(self.params)))
        return await fetch(self, query)

    monkeypatch.setattr(Sql, "fetch", recording)
    await api(
        LIST, {"f": {"slaDue": {"withinMinutes": 60}}, "o": ASC, "first": 2}, as_=agent, both_ways=False
    )
    page = next((q, p) for q, p in seen if "sort_key" in q)
    assert "COALESCE(c.sla_due_at" in page[0]
    async with in_transaction() as conn:
        # Six cases fit one page: without this PostgreSQL rightly reads the table instead.
        await conn.execute_script("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off")
        plan = "\n".join(
            r["QUERY PLAN"] for r in await conn.execute_query_dict(f"EXPLAIN {page[0]}", page[1])
        )
    assert "cases_sla_due_order_idx" in plan, plan
    assert "Sort" not in plan.split("Index")[0], plan  # the index gives the order: no sort above it
