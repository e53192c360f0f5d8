"""The demo data (`casebook seed-demo`, run by `make run`): its SLA set-up works as the README
says — the Prague calendar is the default with the Czech holidays, Northwind's cases run on the
Premium policy around the clock, the others on Standard, Initech's allowance is charged per case —
and a portal customer sees none of it."""

from __future__ import annotations

from typing import Any

from casebook.background import consumers
from casebook.cases.models import Case
from casebook.demo import PASSWORD, seed
from casebook.entitlements.models import Entitlement
from casebook.sla.engine import CONSUMER as SLA
from casebook.sla.models import SlaCalendar, SlaClock, SlaHoliday, SlaPolicy

LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }"
CASES = "{ cases(first: 100) { edges { node { number account { name } sla { policy { name } badge } } } } }"


async def _token(api: Any, email: str) -> str:
    got = await api(LOGIN, {"e": email, "p": PASSWORD}, both_ways=False)
    return str(got["data"]["login"]["token"])


async def test_demo_slas_and_allowances(db: str, api: Any) -> None:
    await seed()
    prague = await SlaCalendar.get(is_default=True)
    assert (prague.name, prague.time_zone) == ("Prague office", "Europe/Prague")
    days = {(h.day.month, h.day.day) for h in await SlaHoliday.filter(calendar_id=prague.id, yearly=True)}
    assert {(12, 24), (10, 28), (11, 17)} <= days
    assert [p.name for p in await SlaPolicy.all().order_by("position")] == ["Premium", "Standard"]

    await consumers.run_to_end(SLA)  # the worker's sla consumer over the demo's history
    premium = await SlaPolicy.get(name="Premium")
    cases = await Case.all().prefetch_related("account")
    assert await SlaClock.filter(policy_id=premium.id).exists()
    for case in cases:
        policies = {c.policy_id for c in await SlaClock.filter(case_id=case.id)}  # type: ignore[attr-defined]
        if case.account is not None and case.account.name == "Northwind Traders":  # type: ignore[attr-defined]
            assert policies <= {premium.id}, case.number

    initech = await Entitlement.get(name__startswith="Support allowance")
    charged = sum(1 for c in cases if c.account is not None and c.account.name == "Initech")  # type: ignore[attr-defined]
    assert charged > 0 and initech.balance == 20 - charged

    headers = {"authorization": f"Bearer {await _token(api, 'alice@casebook.test')}"}
    agent = await api(CASES, headers=headers)
    assert any(e["node"]["sla"] is not None for e in agent["data"]["cases"]["edges"])
    headers = {"authorization": f"Bearer {await _token(api, 'peter@initech.test')}"}
    customer = await api(CASES, headers=headers)
    edges = customer["data"]["cases"]["edges"]
    assert edges and all(e["node"]["sla"] is None for e in edges)
