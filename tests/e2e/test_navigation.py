"""Sign-in errors, deep links and phone widths."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import AGENT_EMAIL, CUSTOMER_EMAIL, PHONE, Tab, sign_in


def test_wrong_password_shows_a_plain_error(new_tab) -> None:
    tab: Tab = new_tab()
    tab.page.goto("/")
    expect(tab.page).to_have_url(re.compile(r"/signin"))
    tab.shot("signin")
    tab.page.get_by_label("E-mail").fill(AGENT_EMAIL)
    tab.page.get_by_label("Password").fill("not-the-password")
    tab.page.get_by_role("button", name="Sign in").click()
    expect(tab.page.get_by_test_id("signin-error")).to_have_text(
        "That e-mail and password do not match an account."
    )
    expect(tab.page).to_have_url(re.compile(r"/signin"))
    tab.shot("signin-error")


def test_deep_link_survives_sign_in_and_reload(new_tab) -> None:
    tab: Tab = new_tab()
    # A signed-out visit to a case goes through sign-in and lands on the case.
    tab.page.goto("/cases?view=open")
    expect(tab.page).to_have_url(re.compile(r"/signin\?redirect="))
    sign_in(tab, AGENT_EMAIL, path=tab.page.url)
    first = tab.page.get_by_test_id("case-row").first.get_by_role("link")
    number = (first.get_attribute("href") or "").rsplit("/", 1)[-1]
    assert number.isdigit()
    tab.page.goto(f"/cases/{number}")
    expect(tab.page.get_by_test_id("case-subject")).to_be_visible()
    subject = tab.page.get_by_test_id("case-subject").inner_text()
    tab.page.reload()
    expect(tab.page).to_have_url(re.compile(rf"/cases/{number}$"))
    expect(tab.page.get_by_test_id("case-subject")).to_have_text(subject)
    tab.page.get_by_test_id("history-tab").click()
    expect(
        tab.page.get_by_test_id("history").or_(tab.page.get_by_text("No changes recorded yet."))
    ).to_be_visible()
    # An unknown case says so in plain words.
    tab.page.goto("/cases/99999999")
    expect(tab.page.get_by_text("Case not found")).to_be_visible()
    assert tab.errors == [], tab.errors


def test_customer_cannot_open_agent_screens(new_tab) -> None:
    tab: Tab = new_tab()
    sign_in(tab, CUSTOMER_EMAIL)
    tab.page.goto("/cases?view=open")
    expect(tab.page).to_have_url(re.compile(r"/portal$"))
    expect(tab.page.get_by_role("link", name="Accounts")).to_have_count(0)
    expect(tab.page.get_by_test_id("bell")).to_have_count(0)


def _no_horizontal_scroll(tab: Tab) -> None:
    overflow = tab.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the phone screen"


def test_phone_width_renders(new_tab) -> None:
    agent: Tab = new_tab(PHONE)
    sign_in(agent, AGENT_EMAIL)
    agent.page.goto("/cases?view=open")
    expect(agent.page.get_by_test_id("case-row").first).to_be_visible()
    _no_horizontal_scroll(agent)
    agent.shot("phone-agent-list")
    agent.page.get_by_role("button", name="Menu").click()
    expect(agent.page.get_by_role("link", name="Unassigned")).to_be_visible()
    agent.shot("phone-agent-menu")
    agent.page.keyboard.press("Escape")
    expect(agent.page.get_by_role("link", name="Unassigned")).not_to_be_in_viewport()
    agent.page.get_by_role("button", name="Filters").click()
    expect(agent.page.get_by_label("Priority")).to_be_visible()
    agent.page.goto("/cases?view=open")
    agent.page.get_by_test_id("case-row").first.get_by_role("link").click()
    expect(agent.page.get_by_test_id("composer")).to_be_visible()
    _no_horizontal_scroll(agent)
    agent.shot("phone-agent-case", full_page=True)

    customer: Tab = new_tab(PHONE)
    sign_in(customer, CUSTOMER_EMAIL)
    expect(customer.page.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()
    _no_horizontal_scroll(customer)
    customer.shot("phone-portal")
    assert agent.errors == [] and customer.errors == [], agent.errors + customer.errors


def test_keyboard_shortcuts(new_tab) -> None:
    tab: Tab = new_tab()
    sign_in(tab, AGENT_EMAIL)
    expect(tab.page.get_by_test_id("list-title")).to_be_visible()
    tab.page.keyboard.press("/")
    expect(tab.page.get_by_label("Search cases")).to_be_focused()
    tab.page.keyboard.type("printer")
    tab.page.keyboard.press("Enter")
    expect(tab.page).to_have_url(re.compile(r"q=printer"))
    tab.page.get_by_test_id("list-title").click()
    tab.page.keyboard.press("c")
    expect(tab.page).to_have_url(re.compile(r"/cases/new$"))
    expect(tab.page.get_by_label("Subject")).to_be_focused()
    tab.shot("agent-new-case")


def test_sign_out_ends_the_session(new_tab) -> None:
    tab: Tab = new_tab()
    sign_in(tab, AGENT_EMAIL)
    expect(tab.page.get_by_test_id("list-title")).to_be_visible()
    tab.page.get_by_role("button", name="Sign out").click()
    expect(tab.page).to_have_url(re.compile(r"/signin$"))
    tab.page.goto("/cases")
    expect(tab.page).to_have_url(re.compile(r"/signin\?redirect="))
    # Signing in as somebody else in the same tab starts clean: the portal, not the old workspace.
    sign_in(tab, CUSTOMER_EMAIL, path=tab.page.url)
    expect(tab.page).to_have_url(re.compile(r"/portal$"))
    expect(tab.page.get_by_text("Live", exact=True)).to_be_visible()
    assert tab.errors == [], tab.errors
