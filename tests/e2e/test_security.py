"""The SPA runs under a strict Content-Security-Policy, and no other site can frame it."""

from __future__ import annotations

import re
import threading
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from playwright.sync_api import ConsoleMessage, expect

from .conftest import AGENT_EMAIL, CUSTOMER_EMAIL, Server, Tab, sign_in

# The most each directive may allow; the server may send less (e.g. connect-src 'self' alone,
# which covers the same-origin WebSocket in CSP Level 3), but never more and never none.
DIRECTIVES = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:", "blob:"},
    "connect-src": {"'self'", "ws:", "wss:"},
    "frame-ancestors": {"'none'"},
}
# Reported to the page by the browser for every blocked script, style, frame or connection.
REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`)
})
"""


def _get(server: Server, path: str) -> tuple[dict[str, str], str]:
    with urllib.request.urlopen(f"{server.base_url}{path}", timeout=10) as response:
        headers = {k.lower(): v for k, v in response.headers.items()}
        return headers, response.read().decode()


def _policy(header: str) -> dict[str, set[str]]:
    parts = (p.split() for p in header.split(";") if p.strip())
    return {p[0].lower(): set(p[1:]) for p in parts}


def test_the_spa_is_sent_with_a_strict_policy_and_no_inline_code(server: Server) -> None:
    for path in ("/", "/signin", "/cases/10001", "/portal/profile"):
        headers, html = _get(server, path)
        assert "content-security-policy" in headers, f"{path} is sent without a CSP"
        policy = _policy(headers["content-security-policy"])
        for directive, allowed in DIRECTIVES.items():
            sent = policy.get(directive)
            assert sent and sent <= allowed, (path, directive, policy)
        assert policy["frame-ancestors"] == {"'none'"}
        assert "'unsafe-" not in headers["content-security-policy"]
        assert headers.get("x-content-type-options") == "nosniff"
        assert headers.get("referrer-policy")
        # Nothing the policy would refuse: every script is a file, no <style>, no style="".
        assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", html) == [], html
        assert "<style" not in html
        assert not re.search(r"\sstyle\s*=", html)


def test_the_spa_signs_in_and_works_with_zero_violations(new_tab: Callable[..., Tab]) -> None:
    messages: list[str] = []

    def watch(tab: Tab) -> Tab:
        tab.page.add_init_script(REPORT_VIOLATIONS)

        def on_console(msg: ConsoleMessage) -> None:
            messages.append(msg.text)

        tab.page.on("console", on_console)
        return tab

    agent = watch(new_tab())
    response = agent.page.goto("/signin")
    assert response is not None and "frame-ancestors" in (
        response.headers.get("content-security-policy") or ""
    )
    sign_in(agent, AGENT_EMAIL)
    expect(agent.page.get_by_test_id("list-title")).to_be_visible()
    expect(agent.page.get_by_text("Live", exact=True)).to_be_visible()
    agent.page.goto("/cases?view=open")
    agent.page.get_by_test_id("case-row").first.get_by_role("link").click()
    expect(agent.page.get_by_test_id("case-subject")).to_be_visible()
    agent.page.get_by_test_id("profile-link").click()
    expect(agent.page.get_by_role("heading", name="Your profile")).to_be_visible()

    customer = watch(new_tab())
    sign_in(customer, CUSTOMER_EMAIL)
    expect(customer.page).to_have_url(re.compile(r"/portal$"))
    customer.page.get_by_test_id("portal-new-case").click()
    expect(customer.page.get_by_label("Subject")).to_be_visible()

    violations = [m for m in messages if "CSP violation" in m or "Content Security Policy" in m]
    assert violations == []
    assert not agent.errors and not customer.errors, agent.errors + customer.errors


@contextmanager
def framing_site(target: str) -> Iterator[str]:
    """Another origin on this machine (a routed fake host would be refused by Chrome's local
    network checks before the policy is even read) whose page frames `target`."""
    page = f'<!doctype html><title>framer</title><iframe src="{target}"></iframe>'.encode()

    class Framer(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Framer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_another_site_cannot_frame_the_spa(new_tab: Callable[..., Tab], server: Server) -> None:
    tab = new_tab()
    with framing_site(f"{server.base_url}/signin") as framer:
        with tab.page.expect_event("framenavigated", predicate=lambda f: f.parent_frame is not None):
            tab.page.goto(framer)
        child = next(f for f in tab.page.frames if f.parent_frame is not None)
        child.wait_for_load_state("load")
        # Blocked: the frame holds the browser's error page, never the app or its sign-in form.
        assert child.url.startswith("chrome-error://"), child.url
        expect(child.locator("#signin-email")).to_have_count(0)
