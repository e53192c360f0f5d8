"""The admin's SLA set-up in the browser: a calendar refused for overlapping Monday intervals shows
the server's refusal beside Monday's intervals, is fixed and saved; a policy is created on it; a
BLOCK entitlement of one case for a customer's account is set up on the account page, the customer
opens one case, and then the portal's new-case page shows the refusal sentence instead of the form."""

from __future__ import annotations

import re
import time
from typing import Any

from playwright.sync_api import expect

from casebook.demo import PASSWORD as DEMO_PASSWORD

from .conftest import PASSWORD, Server, Tab, sign_in
from .test_accessibility import serious_violations
from .test_conflicts import FETCH_GRAPHQL

ADMIN = "admin@casebook.test"
CREATE_ACCOUNT = "mutation ($input: AccountInput!) { createAccount(input: $input) { id name } }"
CREATE_CONTACT = "mutation ($input: ContactInput!) { createContact(input: $input) { id } }"
CALENDARS = "query { slaCalendars { id name hours { weekday start end } } }"
POLICIES = "query { slaPolicies { id name calendar { id } targets { priority firstResponseMinutes } } }"


def _graphql(tab: Tab, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    answer: dict[str, Any] = tab.page.evaluate(FETCH_GRAPHQL, [query, variables or {}])
    assert "errors" not in answer, answer
    data: dict[str, Any] = answer["data"]
    return data


def test_calendar_refused_beside_mondays_intervals_then_saved_and_a_policy_on_it(new_tab) -> None:
    stamp = str(int(time.time() * 1000))
    calendar_name = f"Prague office {stamp}"
    policy_name = f"Office hours {stamp}"

    admin: Tab = new_tab()
    sign_in(admin, ADMIN, DEMO_PASSWORD)
    page = admin.page
    page.get_by_role("link", name="Admin", exact=True).click()
    page.get_by_role("link", name="SLA calendars", exact=True).click()
    page.get_by_test_id("new-calendar").click()
    page.get_by_label("Name", exact=True).fill(calendar_name)
    page.get_by_label("Time zone").select_option("Europe/Prague")
    monday = page.get_by_test_id("weekday-1")
    monday.get_by_role("button", name="Add an interval on Monday").click()
    # 09:00-17:00 is there already; 12:00-18:00 overlaps it.
    page.get_by_label("Monday interval 2 from").fill("12:00")
    page.get_by_label("Monday interval 2 to").fill("18:00")
    page.get_by_test_id("save-calendar").click()

    error = monday.get_by_test_id("day-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text(re.compile("overlap", re.IGNORECASE))
    expect(page.get_by_label("Monday interval 2 from")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("weekday-2").get_by_test_id("day-error")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/admin/sla/calendars/new$"))
    admin.shot("sla-calendar-refused")
    assert serious_violations(admin.page) == []
    assert not [c for c in _graphql(admin, CALENDARS)["slaCalendars"] if c["name"] == calendar_name]

    # Fixed: the afternoon starts when the morning ends. The refusal goes as the admin edits.
    page.get_by_label("Monday interval 2 from").fill("17:00")
    expect(error).to_have_count(0)
    page.get_by_test_id("save-calendar").click()
    expect(page).to_have_url(re.compile(r"/admin/sla/calendars/\d+$"))
    expect(page.get_by_role("heading", name=calendar_name)).to_be_visible()
    saved = next(c for c in _graphql(admin, CALENDARS)["slaCalendars"] if c["name"] == calendar_name)
    assert [h for h in saved["hours"] if h["weekday"] == 1] == [
        {"weekday": 1, "start": "09:00", "end": "17:00"},
        {"weekday": 1, "start": "17:00", "end": "18:00"},
    ]
    expect(page.get_by_test_id("ics-import")).to_be_visible()

    page.get_by_role("link", name="SLA policies", exact=True).click()
    page.get_by_test_id("new-policy").click()
    page.get_by_label("Name", exact=True).fill(policy_name)
    page.get_by_label("Calendar").select_option(label=calendar_name)
    page.get_by_test_id("cond-priorities").get_by_label("Urgent").check()
    page.get_by_label("Urgent first response in minutes").fill("120")
    expect(page.get_by_test_id("targets-URGENT")).to_contain_text("= 2 h")
    page.get_by_label("Urgent resolution in minutes").fill("960")
    admin.shot("sla-policy-editor", full_page=True)
    assert serious_violations(admin.page) == []
    page.get_by_test_id("save-policy").click()
    expect(page).to_have_url(re.compile(r"/admin/sla/policies$"))
    expect(page.get_by_test_id("policy-row").filter(has_text=policy_name)).to_be_visible()
    policy = next(p for p in _graphql(admin, POLICIES)["slaPolicies"] if p["name"] == policy_name)
    assert policy["calendar"] == {"id": saved["id"]}
    assert policy["targets"] == [{"priority": "URGENT", "firstResponseMinutes": 120}]
    assert not admin.errors, admin.errors


def test_a_block_entitlement_at_zero_turns_the_portal_form_into_the_refusal(new_tab, server: Server) -> None:
    stamp = str(int(time.time() * 1000))
    domain = f"allowance{stamp}.test"
    customer_email = f"buyer@{domain}"

    admin: Tab = new_tab()
    sign_in(admin, ADMIN, DEMO_PASSWORD)
    account = _graphql(
        admin, CREATE_ACCOUNT, {"input": {"name": f"Allowance Ltd {stamp}", "domain": domain}}
    )["createAccount"]
    _graphql(
        admin,
        CREATE_CONTACT,
        {"input": {"name": "Bea Buyer", "email": customer_email, "accountId": account["id"]}},
    )
    server.cli(
        "create-user",
        "--email",
        customer_email,
        "--password",
        PASSWORD,
        "--name",
        "Bea Buyer",
        "--role",
        "CUSTOMER",
        "--contact-email",
        customer_email,
    )

    # On the account page: one case a year, blocked at zero.
    page = admin.page
    page.goto(f"/accounts/{account['id']}")
    box = page.get_by_test_id("entitlements")
    expect(box).to_contain_text("No entitlements")
    box.get_by_test_id("new-entitlement").click()
    box.get_by_label("Name", exact=True).fill("Starter allowance")
    box.get_by_label("Allocation (cases)").fill("1")
    box.get_by_test_id("overdraft-BLOCK").check()
    box.get_by_test_id("save-entitlement").click()
    entitlement = box.get_by_test_id("entitlement").filter(has_text="Starter allowance")
    expect(entitlement.get_by_test_id("entitlement-balance")).to_have_text("1 case left of 1 case")
    expect(entitlement.get_by_test_id("entitlement-overdraft")).to_contain_text("Block")

    customer: Tab = new_tab()
    sign_in(customer, customer_email)
    customer.page.get_by_test_id("portal-new-case").click()
    expect(customer.page.get_by_test_id("portal-case-blocked")).to_have_count(0)
    customer.page.get_by_label("Subject").fill(f"Our only question {stamp}")
    customer.page.get_by_test_id("portal-submit").click()
    expect(customer.page.get_by_test_id("case-subject")).to_have_text(f"Our only question {stamp}")

    # The allowance is used up: the form gives way to the sentence, with nothing to submit.
    customer.page.get_by_role("link", name=re.compile("my cases", re.IGNORECASE)).first.click()
    customer.page.get_by_test_id("portal-new-case").click()
    refusal = customer.page.get_by_role("alert")
    expect(refusal).to_contain_text("Starter allowance")
    expect(customer.page.get_by_test_id("portal-case-blocked")).to_be_visible()
    expect(customer.page.get_by_test_id("portal-submit")).to_have_count(0)
    expect(customer.page.get_by_label("Subject")).to_have_count(0)
    customer.shot("portal-allowance-used-up")
    assert serious_violations(customer.page) == []

    # The agent side shows the charge in the ledger.
    page.reload()
    entitlement = (
        page.get_by_test_id("entitlements").get_by_test_id("entitlement").filter(has_text="Starter allowance")
    )
    expect(entitlement.get_by_test_id("entitlement-balance")).to_contain_text("0 cases left of 1 case")
    entitlement.get_by_test_id("toggle-ledger").click()
    expect(entitlement.get_by_test_id("ledger-entry")).to_have_count(2)
    expect(entitlement.get_by_test_id("ledger")).to_contain_text("Case created")
    assert serious_violations(admin.page) == []
    assert not customer.errors, customer.errors
