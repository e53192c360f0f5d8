"""The agent's SLA countdown: a portal case under a 1-minute first-response target shows a running
badge on the list, turns "breached" by itself without a reload, is listed in "Breaching soon", and
its page shows the SLA panel; the customer's portal page of the same case says nothing of the SLA
and never asks for it."""

from __future__ import annotations

import re
import time
from typing import Any

from playwright.sync_api import Request, WebSocket, expect

from casebook.demo import PASSWORD as DEMO_PASSWORD

from .conftest import CUSTOMER_EMAIL, Tab, sign_in
from .test_conflicts import FETCH_GRAPHQL

ADMIN = "admin@casebook.test"
CREATE_POLICY = """mutation ($input: SlaPolicyInput!) {
  createSlaPolicy(input: $input) { id name calendar { id } targets { priority firstResponseMinutes } }
}"""
CALENDARS = "query { slaCalendars { id name } }"
CASE_SLA = """query ($number: Int!) { case(number: $number) { id sla { badge nextDueAt } } }"""
# What the customer's page may never show: the badge's words, the panel's, the view's.
SLA_WORDS = re.compile(r"\bSLA\b|breach|First response|\d+ m left|Paused|Policy:", re.IGNORECASE)


def _graphql(tab: Tab, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    answer: dict[str, Any] = tab.page.evaluate(FETCH_GRAPHQL, [query, variables])
    assert "errors" not in answer, answer
    data: dict[str, Any] = answer["data"]
    return data


def _wait_for_clock(tab: Tab, number: int, timeout: float = 20) -> dict[str, Any]:
    """The worker starts the case's clocks from the event log, a moment after the case is created."""
    deadline = time.monotonic() + timeout
    while True:
        sla = _graphql(tab, CASE_SLA, {"number": number})["case"]["sla"]
        if sla is not None:
            return dict(sla)
        assert time.monotonic() < deadline, f"case #{number} got no SLA clock"
        time.sleep(0.5)


def test_the_list_badge_turns_breached_live_and_the_customer_sees_no_sla(new_tab) -> None:
    stamp = str(int(time.time() * 1000))
    subject = f"Production is down {stamp}"

    admin: Tab = new_tab()
    sign_in(admin, ADMIN, DEMO_PASSWORD)
    # Around the clock (the demo's 24/7 calendar: the default one has office hours), first in
    # position, 1 minute to the first answer of an URGENT case.
    calendars = _graphql(admin, CALENDARS, {})["slaCalendars"]
    always = next(c["id"] for c in calendars if c["name"] == "Around the clock")
    policy = _graphql(
        admin,
        CREATE_POLICY,
        {
            "input": {
                "name": f"E2E urgent {stamp}",
                "position": 1,
                "calendarId": always,
                "conditions": {"priorities": ["URGENT"]},
                "targets": [{"priority": "URGENT", "firstResponseMinutes": 1}],
            }
        },
    )["createSlaPolicy"]
    assert policy["targets"] == [{"priority": "URGENT", "firstResponseMinutes": 1}]

    # The customer files it in the portal; everything the portal sends is recorded.
    customer: Tab = new_tab()
    sent: list[str] = []

    def on_request(request: Request) -> None:
        if request.url.endswith("/graphql") and request.post_data:
            sent.append(request.post_data)

    def on_ws(ws: WebSocket) -> None:
        ws.on(
            "framesent",
            lambda payload: sent.append(payload if isinstance(payload, str) else payload.decode()),
        )

    customer.page.on("request", on_request)
    customer.page.on("websocket", on_ws)
    sign_in(customer, CUSTOMER_EMAIL)
    customer.page.get_by_test_id("portal-new-case").click()
    customer.page.get_by_label("Subject").fill(subject)
    customer.page.get_by_label("Describe the problem").fill("Nothing works since the update.")
    customer.page.get_by_label("How urgent is it?").select_option("URGENT")
    customer.page.get_by_test_id("portal-submit").click()
    expect(customer.page.get_by_test_id("case-subject")).to_have_text(subject)
    match = re.search(r"/(\d+)$", customer.page.url)
    assert match, customer.page.url
    number = int(match.group(1))

    sla = _wait_for_clock(admin, number)
    assert sla["badge"] in ("RUNNING", "WARNING"), sla
    assert sla["nextDueAt"]

    # The agent's list: the row's countdown runs.
    admin.page.goto("/cases?view=open&sort=sla")
    expect(admin.page.get_by_text("Live", exact=True)).to_be_visible()
    row = admin.page.get_by_test_id("case-row").filter(has_text=subject)
    badge = row.get_by_test_id("sla-badge")
    expect(badge).to_have_attribute("data-state", re.compile("^(RUNNING|WARNING)$"))
    expect(badge).to_contain_text("left")
    admin.shot("sla-list-running")

    # No reload from here on: a page-local marker would not survive one.
    admin.page.evaluate("window.__slaNoReload = true")
    expect(badge).to_have_attribute("data-state", "BREACHED", timeout=100_000)
    expect(badge).to_contain_text(re.compile("Breached"))
    assert admin.page.evaluate("window.__slaNoReload === true"), "the page reloaded"
    admin.shot("sla-list-breached")

    # "Breaching soon" lists it (breached included), by due time.
    admin.page.get_by_role("navigation", name="Case views").get_by_role(
        "link", name=re.compile("Breaching soon")
    ).click()
    expect(admin.page.get_by_test_id("list-title")).to_have_text("Breaching soon")
    expect(admin.page).to_have_url(re.compile(r"view=breaching"))
    soon = admin.page.get_by_test_id("case-row").filter(has_text=subject)
    expect(soon).to_have_count(1)
    expect(soon.get_by_test_id("sla-badge")).to_have_attribute("data-state", "BREACHED")

    # The case page: the badge in the header, the panel with the first-response target.
    soon.get_by_role("link").first.click()
    expect(admin.page.get_by_test_id("case-subject")).to_have_text(subject)
    panel = admin.page.get_by_test_id("sla-panel")
    expect(panel).to_be_visible()
    expect(panel.get_by_test_id("sla-policy")).to_contain_text(policy["name"])
    target = panel.locator('[data-testid="sla-target"][data-kind="FIRST_RESPONSE"]')
    expect(target).to_have_count(1)
    expect(target).to_contain_text("First response")
    expect(target).to_contain_text("breached")
    expect(admin.page.locator("header.case-head").get_by_test_id("sla-badge")).to_have_attribute(
        "data-state", "BREACHED"
    )
    expect(panel.get_by_test_id("sla-timeline")).to_be_visible()
    admin.shot("sla-case-page")

    # The customer's page of that case, read again: no SLA anywhere, and the portal never asked.
    customer.page.reload()
    expect(customer.page.get_by_test_id("case-subject")).to_have_text(subject)
    customer.page.wait_for_load_state("networkidle")
    text = customer.page.locator("body").inner_text()
    assert not SLA_WORDS.search(text), SLA_WORDS.search(text)
    expect(customer.page.locator('[data-testid^="sla-"]')).to_have_count(0)
    assert sent, "the portal's requests were not recorded"
    asked = [body for body in sent if re.search(r"\bsla(Due)?\b", body)]
    assert not asked, asked[:1]

    for tab in (admin, customer):
        assert not tab.errors, tab.errors
