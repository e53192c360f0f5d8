"""axe-core (from the SPA's dev dependencies) on the main screens: no serious or critical violations."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from .conftest import AGENT_EMAIL, CUSTOMER_EMAIL, REPO, Tab, sign_in

AXE = REPO / "frontend" / "node_modules" / "axe-core" / "axe.min.js"


def serious_violations(page: Page) -> list[str]:
    assert AXE.exists(), f"{AXE} is missing: run `npm ci` in frontend/"
    # Evaluated, not added as an inline <script>: the page's CSP (script-src 'self') refuses those.
    page.evaluate(Path(AXE).read_text())
    found = page.evaluate(
        """async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)"""
    )
    return list(found)


def test_agent_screens_have_no_serious_accessibility_violations(new_tab) -> None:
    tab: Tab = new_tab()
    tab.page.goto("/signin")
    expect(tab.page.get_by_label("E-mail")).to_be_visible()
    assert serious_violations(tab.page) == []
    sign_in(tab, AGENT_EMAIL)
    tab.page.goto("/cases?view=open")
    expect(tab.page.get_by_test_id("case-row").first).to_be_visible()
    assert serious_violations(tab.page) == []
    tab.page.get_by_test_id("case-row").first.get_by_role("link").click()
    expect(tab.page.get_by_test_id("composer")).to_be_visible()
    assert serious_violations(tab.page) == []
    tab.page.goto("/cases/new")
    expect(tab.page.get_by_label("Subject")).to_be_visible()
    assert serious_violations(tab.page) == []


def test_portal_screens_have_no_serious_accessibility_violations(new_tab) -> None:
    tab: Tab = new_tab()
    sign_in(tab, CUSTOMER_EMAIL)
    expect(tab.page.get_by_role("heading", name="Hello Carl")).to_be_visible()
    assert serious_violations(tab.page) == []
    tab.page.goto("/portal/cases/new")
    expect(tab.page.get_by_label("Subject")).to_be_visible()
    assert serious_violations(tab.page) == []
