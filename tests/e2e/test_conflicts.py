"""Two agents on one case: a write based on a stale page is refused (CONFLICT), nothing typed is lost,
and after a review the same write goes through without undoing the other agent's change."""

from __future__ import annotations

import json
import re
import time
from typing import Any

from playwright.sync_api import WebSocketRoute, expect

from .conftest import AGENT_EMAIL, PASSWORD, Server, Tab, sign_in

CONFLICT_TEXT = "This case changed since you opened it. Review the change, then save again."
CASE = """query ($number: Int!) {
  case(number: $number) { subject status posts(first: 100) { edges { node { body visibility } } } }
}"""
# Runs in the page, with its session cookie and CSRF header, as the SPA's own requests do.
FETCH_GRAPHQL = """async ([query, variables]) => {
  const csrf = document.cookie.split('; ').find((c) => c.startsWith('casebook_csrf='))
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf?.split('=')[1] ?? '') },
    body: JSON.stringify({ query, variables }),
  })
  return response.json()
}"""


def _case(tab: Tab, number: int) -> dict[str, Any]:
    """The case as the server has it (not as the page shows it)."""
    answer = tab.page.evaluate(FETCH_GRAPHQL, [CASE, {"number": number}])
    assert "errors" not in answer, answer
    case: dict[str, Any] = answer["data"]["case"]
    return case


def _bodies(case: dict[str, Any]) -> list[str]:
    return [edge["node"]["body"] for edge in case["posts"]["edges"]]


def _second_agent(server: Server, stamp: str) -> str:
    email = f"second.agent.{stamp}@casebook.test"
    server.cli(
        "create-user", "--email", email, "--password", PASSWORD, "--name", "Sam Second", "--role", "AGENT"
    )
    return email


def _open_new_case(tab: Tab, subject: str) -> int:
    tab.page.goto("/cases/new")
    tab.page.get_by_label("Subject").fill(subject)
    tab.page.get_by_test_id("create-case").click()
    expect(tab.page.get_by_test_id("case-subject")).to_have_text(subject)
    match = re.search(r"/cases/(\d+)$", tab.page.url)
    assert match, tab.page.url
    return int(match.group(1))


def _hold_back_live_events(tab: Tab) -> None:
    """The page's socket connects and stays Live, but no event reaches it: as if the other agent's
    change were still on its way when this agent acted (on a fast network the two merely race)."""

    def route(ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()

        def to_page(message: str | bytes) -> None:
            text = message if isinstance(message, str) else message.decode()
            if json.loads(text).get("type") != "next":
                ws.send(message)

        server.on_message(to_page)

    tab.page.route_web_socket(re.compile(r"/graphql$"), route)


def test_a_stale_status_change_is_refused_then_saved_after_a_review(new_tab, server: Server) -> None:
    stamp = str(int(time.time() * 1000))
    first: Tab = new_tab()
    second: Tab = new_tab()
    sign_in(first, AGENT_EMAIL)
    number = _open_new_case(first, f"Projector flickers {stamp}")
    renamed = f"Projector flickers in room 4 {stamp}"

    _hold_back_live_events(second)
    sign_in(second, _second_agent(server, stamp))
    second.page.goto(f"/cases/{number}")
    expect(second.page.get_by_test_id("case-subject")).to_have_text(f"Projector flickers {stamp}")
    expect(second.page.get_by_text("Live", exact=True)).to_be_visible()

    # A renames the case; B's page, which has not heard of it, changes the status.
    first.page.get_by_role("button", name="Edit subject").click()
    first.page.get_by_label("Subject").fill(renamed)
    first.page.get_by_label("Subject").press("Enter")
    expect(first.page.get_by_test_id("case-subject")).to_have_text(renamed)
    status_before = _case(second, number)["status"]
    assert status_before != "PENDING"

    second.page.get_by_label("Status").select_option("PENDING")
    notice = second.page.get_by_role("alert").filter(has_text=CONFLICT_TEXT)
    expect(notice).to_be_visible()
    second.shot("conflict-status")
    # Nothing was written, and the select shows the status the case really has.
    assert _case(second, number) | {"posts": None} == {
        "subject": renamed,
        "status": status_before,
        "posts": None,
    }
    expect(second.page.get_by_label("Status")).to_have_value(status_before)

    notice.get_by_role("button", name="Refresh case").click()
    expect(notice).to_have_count(0)
    expect(second.page.get_by_test_id("case-subject")).to_have_text(renamed)
    second.page.get_by_label("Status").select_option("PENDING")
    expect(second.page.get_by_test_id("status-badge")).to_have_text("Waiting on customer")
    expect(second.page.get_by_role("alert")).to_have_count(0)

    case = _case(first, number)
    assert (case["subject"], case["status"]) == (renamed, "PENDING")
    assert first.errors == [], first.errors
    assert second.errors == [], second.errors


def test_a_reply_written_while_a_new_message_came_in_waits_for_a_review(new_tab, server: Server) -> None:
    stamp = str(int(time.time() * 1000))
    first: Tab = new_tab()
    second: Tab = new_tab()
    sign_in(first, AGENT_EMAIL)
    number = _open_new_case(first, f"Badge reader offline {stamp}")
    # The stream has a post to expect: a reply to an empty stream is sent unconditioned
    # (expectedLastPostId null means no condition; the API has no value for "no post yet").
    opening = f"Which door is it? {stamp}"
    first.page.get_by_test_id("composer").get_by_role("textbox").fill(opening)
    first.page.get_by_test_id("composer").get_by_test_id("send").click()
    expect(first.page.get_by_test_id("post").filter(has_text=opening)).to_be_visible()
    sign_in(second, _second_agent(server, stamp))
    second.page.goto(f"/cases/{number}")
    expect(second.page.get_by_test_id("case-subject")).to_have_text(f"Badge reader offline {stamp}")
    expect(second.page.get_by_text("Live", exact=True)).to_be_visible()

    reply = f"Please unplug the reader for ten seconds. {stamp}"
    other = f"I have sent a technician already. {stamp}"
    composer = second.page.get_by_test_id("composer")
    composer.get_by_role("textbox").fill(reply)

    # While B writes, A answers. B's page shows it live, but B's reply was written without it.
    first.page.get_by_test_id("composer").get_by_role("textbox").fill(other)
    first.page.get_by_test_id("composer").get_by_test_id("send").click()
    expect(first.page.get_by_test_id("post").filter(has_text=other)).to_be_visible()
    expect(second.page.get_by_test_id("post").filter(has_text=other)).to_be_visible()

    composer.get_by_test_id("send").click()
    notice = second.page.get_by_role("alert").filter(has_text=CONFLICT_TEXT)
    expect(notice).to_be_visible()
    expect(composer.get_by_role("textbox")).to_have_value(reply)
    second.shot("conflict-reply")
    assert reply not in _bodies(_case(second, number))

    notice.get_by_role("button", name="Refresh case").click()
    expect(notice).to_have_count(0)
    expect(composer.get_by_role("textbox")).to_have_value(reply)
    composer.get_by_test_id("send").click()
    expect(second.page.get_by_test_id("post").filter(has_text=reply)).to_be_visible()
    expect(composer.get_by_role("textbox")).to_have_value("")
    assert _bodies(_case(first, number)) == [opening, other, reply]

    # An internal note reaches no customer: it goes out whatever came in meanwhile.
    note = f"Technician booked for 3 pm. {stamp}"
    second.page.get_by_test_id("visibility-toggle").click()
    composer.get_by_role("textbox").fill(note)
    later = f"The technician is on the way. {stamp}"
    first.page.get_by_test_id("composer").get_by_role("textbox").fill(later)
    first.page.get_by_test_id("composer").get_by_test_id("send").click()
    expect(second.page.get_by_test_id("post").filter(has_text=later)).to_be_visible()
    composer.get_by_test_id("send").click()
    expect(second.page.get_by_test_id("post").filter(has_text=note)).to_be_visible()
    expect(second.page.get_by_role("alert")).to_have_count(0)
    assert _bodies(_case(first, number)) == [opening, other, reply, later, note]
    assert first.errors == [], first.errors
    assert second.errors == [], second.errors
