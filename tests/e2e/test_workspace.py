"""The agent workspace against the real API: fields, history, bulk actions, filters, pagination."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import AGENT_EMAIL, Tab, sign_in


def test_edit_fields_follow_and_read_history(new_tab) -> None:
    tab: Tab = new_tab()
    sign_in(tab, AGENT_EMAIL)
    tab.page.goto("/cases/new")
    tab.page.get_by_label("Subject").fill("Laptop will not boot")
    tab.page.get_by_label("Description").fill("Black screen after the update.")
    tab.page.get_by_label("Priority").select_option("HIGH")
    tab.page.get_by_test_id("create-case").click()
    expect(tab.page.get_by_test_id("case-subject")).to_have_text("Laptop will not boot")
    expect(tab.page).to_have_url(re.compile(r"/cases/\d+$"))

    tab.page.get_by_label("Assignee").select_option(label="Erin Agent")
    expect(tab.page.get_by_label("Assignee")).to_have_value(re.compile(r"\d+"))
    tab.page.get_by_label("Status").select_option("PENDING")
    expect(tab.page.get_by_test_id("status-badge")).to_have_text("Waiting on customer")
    tab.page.get_by_label("Type").select_option("INCIDENT")
    expect(tab.page.get_by_text(re.compile(r"^Incident · via Agent"))).to_be_visible()

    tab.page.get_by_role("button", name="Edit subject").click()
    tab.page.get_by_label("Subject").fill("Laptop will not boot after update")
    tab.page.get_by_label("Subject").press("Enter")
    expect(tab.page.get_by_test_id("case-subject")).to_have_text("Laptop will not boot after update")

    follow = tab.page.get_by_test_id("follow")
    initially = follow.get_attribute("aria-pressed")
    follow.click()
    expect(follow).not_to_have_attribute("aria-pressed", initially or "")

    tab.page.get_by_test_id("history-tab").click()
    history = tab.page.get_by_test_id("history")
    expect(history).to_contain_text("Waiting on customer")
    expect(history).to_contain_text("Erin Agent")
    tab.page.reload()
    expect(tab.page.get_by_test_id("status-badge")).to_have_text("Waiting on customer")
    assert tab.errors == [], tab.errors


def test_bulk_assign_and_status_change(new_tab) -> None:
    tab: Tab = new_tab()
    sign_in(tab, AGENT_EMAIL)
    tab.page.goto("/cases?view=unassigned")
    rows = tab.page.get_by_test_id("case-row")
    expect(rows.first).to_be_visible()
    numbers = [rows.nth(i).locator(".num").inner_text() for i in range(2)]
    rows.nth(0).get_by_role("checkbox").check()
    rows.nth(1).get_by_role("checkbox").check()
    expect(tab.page.get_by_text("2 selected")).to_be_visible()
    tab.page.get_by_label("Assign selected cases").select_option(label="Me (Erin Agent)")
    expect(tab.page.get_by_text("Updated 2 cases.")).to_be_visible()
    for number in numbers:
        row = tab.page.get_by_test_id("case-row").filter(has_text=number)
        expect(row).to_contain_text("Erin Agent")

    tab.page.goto("/cases?view=mine")
    mine = tab.page.get_by_test_id("case-row")
    for number in numbers:
        expect(mine.filter(has_text=number)).to_be_visible()
    mine.filter(has_text=numbers[0]).get_by_role("checkbox").check()
    tab.page.get_by_label("Set status of selected cases").select_option("RESOLVED")
    expect(tab.page.get_by_text("Updated 1 case.")).to_be_visible()
    expect(mine.filter(has_text=numbers[0]).get_by_test_id("status-badge")).to_have_text("Resolved")
    assert tab.errors == [], tab.errors


def test_filters_search_and_load_more(new_tab) -> None:
    tab: Tab = new_tab()
    sign_in(tab, AGENT_EMAIL)
    tab.page.goto("/cases?view=all")
    rows = tab.page.get_by_test_id("case-row")
    expect(rows.first).to_be_visible()
    before = rows.count()
    more = tab.page.get_by_test_id("load-more")
    expect(more).to_be_visible()
    more.click()
    expect(rows).not_to_have_count(before)
    assert rows.count() > before

    tab.page.get_by_label("Priority").select_option("URGENT")
    expect(tab.page).to_have_url(re.compile(r"priority=URGENT"))
    expect(rows.first).to_be_visible()
    for i in range(rows.count()):
        expect(rows.nth(i)).to_contain_text("Urgent")

    tab.page.get_by_label("Search cases").fill("zzzz-no-such-words")
    tab.page.get_by_label("Search cases").press("Enter")
    expect(tab.page.get_by_test_id("empty-state")).to_contain_text("No case matches this search")
    assert tab.errors == [], tab.errors


def test_accounts_and_contacts_with_their_cases(new_tab) -> None:
    tab: Tab = new_tab()
    sign_in(tab, AGENT_EMAIL)
    tab.page.goto("/accounts")
    tab.page.get_by_role("button", name="New account").click()
    tab.page.get_by_label("Name").fill("Umbrella Logistics")
    tab.page.get_by_label("Domain").fill("umbrella.test")
    tab.page.get_by_role("button", name="Add account").click()
    expect(tab.page.get_by_role("heading", name="Umbrella Logistics")).to_be_visible()
    expect(tab.page.get_by_test_id("empty-state")).to_be_visible()

    tab.page.goto("/contacts")
    tab.page.get_by_role("button", name="New contact").click()
    tab.page.get_by_label("Name").fill("Wendy Umbrella")
    tab.page.get_by_label("E-mail").fill("wendy@umbrella.test")
    tab.page.get_by_label("Account").select_option(label="Umbrella Logistics")
    tab.page.get_by_role("button", name="Add contact").click()
    expect(tab.page.get_by_role("heading", name="Wendy Umbrella")).to_be_visible()
    contact_url = tab.page.url

    tab.page.goto("/cases/new")
    tab.page.get_by_label("Subject").fill("Umbrella cannot print labels")
    tab.page.get_by_label("Account").select_option(label="Umbrella Logistics")
    tab.page.get_by_label("Contacts").select_option(label="Wendy Umbrella (wendy@umbrella.test)")
    tab.page.get_by_test_id("create-case").click()
    expect(tab.page.get_by_test_id("case-subject")).to_have_text("Umbrella cannot print labels")

    tab.page.goto(contact_url)
    expect(
        tab.page.get_by_test_id("case-row").filter(has_text="Umbrella cannot print labels")
    ).to_be_visible()
    tab.page.get_by_role("link", name="Umbrella Logistics", exact=True).click()
    expect(
        tab.page.get_by_test_id("case-row").filter(has_text="Umbrella cannot print labels")
    ).to_be_visible()
    expect(tab.page.get_by_role("complementary", name="Contacts")).to_contain_text("Wendy Umbrella")
    assert tab.errors == [], tab.errors
