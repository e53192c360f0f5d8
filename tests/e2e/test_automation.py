"""An admin builds a routing rule in the editor; a portal case with its keyword lands in the rule's
team and arrives live on that team's agent's list, and never on another team's."""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect

from casebook.demo import PASSWORD as DEMO_PASSWORD

from .conftest import CUSTOMER_EMAIL, Tab, sign_in

ADMIN = "admin@casebook.test"
NETWORK_AGENT = "nina@casebook.test"
SUPPORT_AGENT = "bob@casebook.test"


def test_a_routing_rule_built_in_the_editor_routes_a_portal_case_live(new_tab) -> None:
    stamp = str(int(time.time() * 1000))
    keyword = f"fibre{stamp}"
    rule_name = f"Route fibre requests {stamp}"
    subject = f"No signal on the {keyword} line"

    admin: Tab = new_tab()
    sign_in(admin, ADMIN, DEMO_PASSWORD)
    admin.page.get_by_role("link", name="Admin", exact=True).click()
    admin.page.get_by_role("link", name="Rules", exact=True).click()
    admin.page.get_by_test_id("new-rule").click()
    admin.page.get_by_label("Name").fill(rule_name)
    admin.page.get_by_label("Event").select_option("CASE_CREATED")
    admin.page.get_by_test_id("add-condition-all").first.click()
    condition = admin.page.get_by_test_id("condition").first
    condition.get_by_label("Field").select_option("subject")
    condition.get_by_label("Operator").select_option("CONTAINS")
    condition.get_by_label("Value").fill(keyword)
    admin.page.get_by_test_id("add-action").click()
    action = admin.page.get_by_test_id("action").first
    action.get_by_label("Action type").select_option("SET_FIELD")
    action.get_by_label("Field to set").select_option("teamId")
    action.get_by_label("Team").select_option(label="Network")
    admin.shot("rule-editor")
    admin.page.get_by_test_id("save-rule").click()
    expect(admin.page).to_have_url(re.compile(r"/admin/rules$"))
    expect(
        admin.page.get_by_test_id("rules-list").get_by_test_id("rule-row").filter(has_text=rule_name)
    ).to_be_visible()
    admin.shot("rules-list")

    # The Network specialist watches her team's open cases.
    agent: Tab = new_tab()
    sign_in(agent, NETWORK_AGENT, DEMO_PASSWORD)
    agent.page.goto("/cases?view=open")
    agent.page.get_by_label("Team").select_option(label="Network")
    expect(agent.page).to_have_url(re.compile(r"team=\d+"))
    expect(agent.page.get_by_text("Live", exact=True)).to_be_visible()
    rows = agent.page.get_by_test_id("case-row")
    expect(rows.filter(has_text=subject)).to_have_count(0)

    customer: Tab = new_tab()
    sign_in(customer, CUSTOMER_EMAIL)
    customer.page.get_by_test_id("portal-new-case").click()
    customer.page.get_by_label("Subject").fill(subject)
    customer.page.get_by_label("Describe the problem").fill("The line has been dead since this morning.")
    customer.page.get_by_test_id("portal-submit").click()
    expect(customer.page.get_by_test_id("case-subject")).to_have_text(subject)

    # The worker routes it; the list hears the change and adds the row, without a reload.
    expect(rows.filter(has_text=subject)).to_have_count(1, timeout=15_000)
    agent.shot("routed-case-live")

    # On the case: the history names the rule that moved it.
    rows.filter(has_text=subject).first.click()
    agent.page.get_by_test_id("history-tab").click()
    expect(agent.page.get_by_test_id("history-rule").filter(has_text=rule_name).first).to_be_visible()

    # An agent of another team cannot see the routed case.
    other: Tab = new_tab()
    sign_in(other, SUPPORT_AGENT, DEMO_PASSWORD)
    other.page.goto("/cases?view=all")
    expect(other.page.get_by_test_id("list-title")).to_have_text("All cases")
    expect(other.page.get_by_test_id("case-row").first).to_be_visible()
    expect(other.page.get_by_test_id("case-row").filter(has_text=subject)).to_have_count(0)

    # The customer's page says nothing of rules.
    expect(customer.page.get_by_text(rule_name)).to_have_count(0)
    for tab in (admin, agent, customer, other):
        assert not tab.errors, tab.errors
