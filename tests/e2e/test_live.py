"""An agent and a customer, side by side: cases and answers travel live, internal notes never leak."""

from __future__ import annotations

import re
import time

from playwright.sync_api import WebSocket, expect

from .conftest import AGENT_EMAIL, CUSTOMER_EMAIL, Tab, sign_in


def test_case_and_answers_travel_live_and_internal_notes_never_reach_the_customer(new_tab) -> None:
    stamp = str(int(time.time() * 1000))
    subject = f"Scanner shows error E42 {stamp}"
    public_answer = f"Please restart the scanner, then tell us what you see. {stamp}"
    internal_note = f"SECRET-INTERNAL-{stamp}: customer is on the legacy contract"
    follow_up = f"Second public answer {stamp}"

    agent: Tab = new_tab()
    customer: Tab = new_tab()

    # The customer's WebSocket frames and GraphQL HTTP answers are recorded from the very start.
    frames: list[str] = []

    def on_ws(ws: WebSocket) -> None:
        ws.on(
            "framereceived",
            lambda payload: frames.append(
                payload if isinstance(payload, str) else payload.decode("utf-8", "replace")
            ),
        )

    customer.page.on("websocket", on_ws)
    http_bodies: list[str] = []
    customer.page.on(
        "response",
        lambda r: (
            http_bodies.append(r.text())
            if r.url.endswith("/graphql") and r.request.method == "POST"
            else None
        ),
    )

    sign_in(agent, AGENT_EMAIL)
    agent.page.goto("/cases?view=unassigned")
    expect(agent.page.get_by_test_id("list-title")).to_have_text("Unassigned")
    expect(agent.page.get_by_text("Live", exact=True)).to_be_visible()
    unassigned_count = agent.page.get_by_test_id("count-unassigned")
    expect(unassigned_count).to_have_text(re.compile(r"^\d+$"))
    unassigned_before = int(unassigned_count.inner_text())
    agent.shot("agent-case-list")

    sign_in(customer, CUSTOMER_EMAIL)
    expect(customer.page).to_have_url(re.compile(r"/portal$"))
    customer.page.get_by_test_id("portal-new-case").click()
    customer.page.get_by_label("Subject").fill(subject)
    customer.page.get_by_label("Describe the problem").fill("Since this morning the scanner shows E42.")
    customer.shot("portal-new-case")
    customer.page.get_by_test_id("portal-submit").click()
    expect(customer.page.get_by_test_id("case-subject")).to_have_text(subject)
    expect(customer.page.get_by_text("Live", exact=True)).to_be_visible()

    # 1. The new case shows up in the agent's list without a reload.
    row = agent.page.get_by_test_id("case-row").filter(has_text=subject)
    expect(row).to_be_visible(timeout=10_000)
    agent.shot("agent-case-list-live")
    # The view's count and the bell follow.
    expect(unassigned_count).to_have_text(str(unassigned_before + 1))
    expect(agent.page.get_by_test_id("bell-count")).to_be_visible()
    agent.page.get_by_test_id("bell").click()
    expect(agent.page.get_by_role("region", name="Notifications")).to_contain_text(subject)
    agent.shot("agent-bell")
    agent.page.keyboard.press("Escape")
    row.get_by_role("link").click()
    expect(agent.page.get_by_test_id("case-subject")).to_have_text(subject)

    # 2. The agent answers publicly; the answer appears on the customer's page without a reload.
    composer = agent.page.get_by_test_id("composer")
    composer.get_by_role("textbox").fill(public_answer)
    composer.get_by_role("textbox").press("Control+Enter")
    expect(agent.page.get_by_test_id("post").filter(has_text=public_answer)).to_be_visible()
    expect(customer.page.get_by_test_id("post").filter(has_text=public_answer)).to_be_visible(timeout=10_000)

    # 3. The agent writes an internal note (padlock), then a second public answer.
    agent.page.get_by_test_id("visibility-toggle").click()
    expect(agent.page.get_by_test_id("visibility-toggle")).to_have_attribute("aria-pressed", "true")
    composer.get_by_role("textbox").fill(internal_note)
    agent.shot("agent-composer-internal")
    composer.get_by_test_id("send").click()
    note = agent.page.get_by_test_id("post").filter(has_text=internal_note)
    expect(note).to_be_visible()
    expect(note).to_have_attribute("data-visibility", "INTERNAL")
    expect(note.get_by_test_id("internal-label")).to_have_text("Internal")
    agent.page.get_by_test_id("visibility-toggle").click()
    composer.get_by_role("textbox").fill(follow_up)
    composer.get_by_role("textbox").press("Control+Enter")
    expect(agent.page.get_by_test_id("post").filter(has_text=follow_up)).to_be_visible()
    agent.shot("agent-case", full_page=True)

    # The follow-up arrives live, so the events after the note have been delivered...
    expect(customer.page.get_by_test_id("post").filter(has_text=follow_up)).to_be_visible(timeout=10_000)
    customer.shot("portal-case")
    # ...and the note is nowhere: not on the page, not in one WebSocket frame, not after a reload.
    assert internal_note not in customer.page.content()
    assert any(public_answer in f for f in frames), "the public answer should have come over the WebSocket"
    assert not [f for f in frames if "SECRET-INTERNAL" in f or '"INTERNAL"' in f]
    # 4. The customer answers: the agent sees it live. The agent changes the status: the customer sees it.
    reply = f"Restarted, now it shows E43. {stamp}"
    customer.page.get_by_test_id("composer").get_by_role("textbox").fill(reply)
    customer.page.get_by_test_id("send").click()
    expect(agent.page.get_by_test_id("post").filter(has_text=reply)).to_be_visible(timeout=10_000)
    agent.page.get_by_label("Status").select_option("PENDING")
    expect(customer.page.get_by_test_id("status-badge")).to_have_text("Waiting on customer", timeout=10_000)

    customer.page.reload()
    expect(customer.page.get_by_test_id("post").filter(has_text=follow_up)).to_be_visible()
    assert internal_note not in customer.page.content()
    assert not [b for b in http_bodies if "SECRET-INTERNAL" in b]
    expect(customer.page.get_by_test_id("visibility-toggle")).to_have_count(0)

    assert agent.errors == [], agent.errors
    assert customer.errors == [], customer.errors


def test_pages_reconnect_after_a_server_restart_and_stay_live(new_tab, server) -> None:
    stamp = str(int(time.time() * 1000))
    agent: Tab = new_tab()
    customer: Tab = new_tab()
    sign_in(customer, CUSTOMER_EMAIL)
    customer.page.get_by_test_id("portal-new-case").click()
    customer.page.get_by_label("Subject").fill(f"Restart test {stamp}")
    customer.page.get_by_test_id("portal-submit").click()
    expect(customer.page.get_by_test_id("case-subject")).to_have_text(f"Restart test {stamp}")
    case_path = customer.page.url.replace("/portal", "")
    sign_in(agent, AGENT_EMAIL)
    agent.page.goto(case_path.replace(server.base_url, ""))
    expect(agent.page.get_by_test_id("case-subject")).to_have_text(f"Restart test {stamp}")
    expect(customer.page.get_by_text("Live", exact=True)).to_be_visible()

    server.stop()
    expect(customer.page.get_by_text("Reconnecting…", exact=True)).to_be_visible(timeout=10_000)
    server.start()
    expect(customer.page.get_by_text("Live", exact=True)).to_be_visible(timeout=15_000)
    expect(agent.page.get_by_text("Live", exact=True)).to_be_visible(timeout=15_000)

    answer = f"Answer after the restart {stamp}"
    composer = agent.page.get_by_test_id("composer")
    composer.get_by_role("textbox").fill(answer)
    composer.get_by_test_id("send").click()
    expect(customer.page.get_by_test_id("post").filter(has_text=answer)).to_be_visible(timeout=10_000)
