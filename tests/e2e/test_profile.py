"""The profile page, and sessions that follow the credential and the rights while they are open.

Each test makes its own users through the API (as an admin of this module): changing a password or a
role must not disturb the shared users of the other browser tests.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import WebSocket, expect

from .conftest import CUSTOMER_EMAIL, Server, Tab, sign_in
from .test_accessibility import serious_violations

ADMIN_EMAIL = "admin.profile-e2e@casebook.test"
ADMIN_PASSWORD = "granite-Heron-19-folds-maps"

# Strong enough for the password policy (length and a strength estimate).
FIRST_PASSWORD = "amber-Walrus-7-quietly-sails"
NEW_PASSWORD = "violet-Tractor-42-orbits-home"

# Records the close code of every WebSocket the page opens (Playwright only says "closed").
RECORD_CLOSE_CODES = """
(() => {
  const Base = window.WebSocket
  window.__closeCodes = []
  window.WebSocket = class extends Base {
    constructor(...args) {
      super(...args)
      this.addEventListener('close', (event) => window.__closeCodes.push(event.code))
    }
  }
})()
"""


class Api:
    """The GraphQL API as an admin, with a bearer token (no cookie, so no CSRF header)."""

    def __init__(self, server: Server) -> None:
        self.url = f"{server.base_url}/graphql"
        self.token = ""
        login = self(
            "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }",
            e=ADMIN_EMAIL,
            p=ADMIN_PASSWORD,
        )
        self.token = login["login"]["token"]

    def __call__(self, query: str, **variables: Any) -> dict[str, Any]:
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        body = json.dumps({"query": query, "variables": variables}).encode()
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            answer = json.loads(response.read())
        assert not answer.get("errors"), answer
        return answer["data"]  # type: ignore[no-any-return]

    def create_agent(self, label: str) -> tuple[str, str]:
        email = f"{label}.{time.time_ns()}@casebook.test"
        user = self(
            "mutation($i: CreateUserInput!) { createUser(input: $i) { id } }",
            i={"email": email, "name": f"{label.title()} Agent", "role": "AGENT", "password": FIRST_PASSWORD},
        )
        return user["createUser"]["id"], email


@pytest.fixture(scope="module")
def api(server: Server) -> Api:
    server.cli(
        "create-user",
        "--email",
        ADMIN_EMAIL,
        "--password",
        ADMIN_PASSWORD,
        "--name",
        "Pat Admin",
        "--role",
        "ADMIN",
    )
    return Api(server)


def recording_close_codes(tab: Tab) -> Tab:
    tab.page.add_init_script(RECORD_CLOSE_CODES)
    return tab


def close_codes(tab: Tab) -> list[int]:
    return tab.page.evaluate("window.__closeCodes")  # type: ignore[no-any-return]


def live_on_cases(tab: Tab, email: str, password: str = FIRST_PASSWORD) -> None:
    """Signed in on the case list with its live socket open."""
    sign_in(tab, email, password)
    expect(tab.page).to_have_url(re.compile(r"/cases"))
    expect(tab.page.get_by_text("Live", exact=True)).to_be_visible()


def expect_signed_out_live(tab: Tab) -> None:
    expect(tab.page).to_have_url(re.compile(r"/signin"))
    expect(tab.page.get_by_test_id("signin-notice")).to_have_text("You were signed out.")
    assert 4401 in close_codes(tab)


def open_profile(tab: Tab) -> None:
    tab.page.get_by_test_id("profile-link").click()
    expect(tab.page.get_by_role("heading", name="Your profile")).to_be_visible()


def test_a_password_change_needs_the_current_password_and_signs_out_the_other_sessions(
    new_tab: Callable[..., Tab], api: Api
) -> None:
    _, email = api.create_agent("pwchange")
    here = new_tab()
    elsewhere = recording_close_codes(new_tab())
    live_on_cases(here, email)
    live_on_cases(elsewhere, email)
    open_profile(here)
    form = here.page.get_by_test_id("password-form")

    # A wrong current password is refused, and the error sits beside that field.
    form.get_by_label("Current password", exact=True).fill("not-my-password-at-all")
    form.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    form.get_by_label("Confirm new password", exact=True).fill(NEW_PASSWORD)
    form.get_by_test_id("change-password").click()
    expect(form.get_by_test_id("current-password-error")).to_be_visible()
    expect(form.get_by_label("Current password", exact=True)).to_have_attribute("aria-invalid", "true")
    here.shot("profile-wrong-current-password")

    # A weak new password is refused with the policy's reason beside the new password.
    form.get_by_label("Current password", exact=True).fill(FIRST_PASSWORD)
    form.get_by_label("New password", exact=True).fill("password")
    form.get_by_label("Confirm new password", exact=True).fill("password")
    form.get_by_test_id("change-password").click()
    expect(form.get_by_test_id("new-password-error")).not_to_be_empty()
    expect(form.get_by_test_id("current-password-error")).to_have_count(0)
    # Nothing was changed: the other session is still signed in.
    expect(elsewhere.page).to_have_url(re.compile(r"/cases"))

    form.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    form.get_by_label("Confirm new password", exact=True).fill(NEW_PASSWORD)
    form.get_by_test_id("change-password").click()
    expect(form.get_by_test_id("password-changed")).to_be_visible()

    # The other browser is signed out live: its socket closed 4401 and it shows the sign-in page.
    expect_signed_out_live(elsewhere)
    elsewhere.shot("signed-out-elsewhere")
    # This session goes on.
    here.page.goto("/cases")
    expect(here.page.get_by_test_id("list-title")).to_be_visible()
    # The new password is the one that works now.
    live_on_cases(elsewhere, email, NEW_PASSWORD)
    assert not here.errors, here.errors


def test_sign_out_everywhere_signs_out_every_session(new_tab: Callable[..., Tab], api: Api) -> None:
    _, email = api.create_agent("everywhere")
    here = new_tab()
    elsewhere = recording_close_codes(new_tab())
    live_on_cases(here, email)
    live_on_cases(elsewhere, email)
    open_profile(here)
    assert serious_violations(here.page) == []

    here.page.get_by_test_id("sign-out-everywhere").click()
    expect(here.page).to_have_url(re.compile(r"/signin"))
    expect(here.page.get_by_test_id("signin-notice")).to_have_text("You were signed out on every device.")
    expect_signed_out_live(elsewhere)
    # Neither cookie opens the workspace any more.
    for tab in (here, elsewhere):
        tab.page.goto("/cases")
        expect(tab.page).to_have_url(re.compile(r"/signin"))


def test_a_customer_reaches_the_profile_from_the_portal(new_tab: Callable[..., Tab]) -> None:
    tab = new_tab()
    sign_in(tab, CUSTOMER_EMAIL)
    expect(tab.page).to_have_url(re.compile(r"/portal$"))
    open_profile(tab)
    expect(tab.page).to_have_url(re.compile(r"/portal/profile$"))
    expect(tab.page.get_by_test_id("password-form")).to_be_visible()
    expect(tab.page.get_by_test_id("sign-out-everywhere")).to_be_visible()
    assert serious_violations(tab.page) == []
    assert not tab.errors, tab.errors


def test_an_agent_demoted_to_customer_moves_to_the_portal_live_and_sees_no_internal_posts(
    new_tab: Callable[..., Tab], api: Api
) -> None:
    user_id, email = api.create_agent("demoted")
    stamp = time.time_ns()
    case = api(
        "mutation($i: CreateCaseInput!) { createCase(input: $i) { id number } }",
        i={"subject": f"Printer on fire {stamp}"},
    )["createCase"]
    add_post = "mutation($c: ID!, $b: String!) { addPost(caseId: $c, body: $b, visibility: INTERNAL) { id } }"
    before = f"INTERNAL-BEFORE-{stamp}"
    after = f"INTERNAL-AFTER-{stamp}"
    api(add_post, c=case["id"], b=before)

    tab = recording_close_codes(new_tab())
    frames: list[str] = []

    def on_ws(ws: WebSocket) -> None:
        ws.on(
            "framereceived",
            lambda p: frames.append(p if isinstance(p, str) else p.decode("utf-8", "replace")),
        )

    tab.page.on("websocket", on_ws)
    live_on_cases(tab, email)
    tab.page.goto(f"/cases/{case['number']}")
    expect(tab.page.get_by_text(before)).to_be_visible()
    expect(tab.page.get_by_text("Live", exact=True)).to_be_visible()

    api(
        "mutation($id: ID!) { updateUser(id: $id, input: { role: CUSTOMER }) { id } }",
        id=user_id,
    )
    # Moved live, without a reload, because her socket was closed 4403 (rights changed).
    expect(tab.page).to_have_url(re.compile(r"/portal$"))
    assert 4403 in close_codes(tab)
    expect(tab.page.get_by_text(before)).to_have_count(0)
    tab.shot("demoted-to-portal")

    # Internal posts written after the change never reach her, live or on the case page.
    seen = len(frames)
    api(add_post, c=case["id"], b=after)
    tab.page.goto(f"/portal/cases/{case['number']}")
    expect(tab.page.locator("#main")).to_be_visible()
    for secret in (before, after):
        expect(tab.page.get_by_text(secret)).to_have_count(0)
    assert not [f for f in frames[seen:] if after in f or before in f]
