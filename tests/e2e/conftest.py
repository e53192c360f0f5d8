"""Browser tests: a real `casebook serve` on a fresh SQLite database, driven by Debian's Chromium.

The SPA must be built first (`make install` / `cd frontend && npm run build`): the server
serves frontend/dist at /.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright, sync_playwright

REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "frontend" / "dist" / "index.html"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = os.environ.get("CASEBOOK_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "e2e-password-123"
AGENT_EMAIL = "agent.e2e@casebook.test"
CUSTOMER_EMAIL = "customer.e2e@northwind.test"
DESKTOP = {"width": 1360, "height": 860}
PHONE = {"width": 390, "height": 844}


def _casebook() -> str:
    for candidate in (REPO / ".venv" / "bin" / "casebook", Path(sys.executable).parent / "casebook"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which("casebook")
    if not found:
        raise RuntimeError("casebook CLI not found: run `make install` first")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    base_url: str
    port: int
    env: dict[str, str]
    log_path: Path
    proc: subprocess.Popen[bytes] | None = None

    def cli(self, *args: str) -> str:
        result = subprocess.run(
            [_casebook(), *args], env=self.env, cwd=REPO, capture_output=True, text=True, timeout=120
        )
        if result.returncode != 0:
            raise RuntimeError(f"casebook {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def start(self) -> None:
        with self.log_path.open("a") as log:
            self.proc = subprocess.Popen(
                [_casebook(), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                env=self.env,
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start:\n{self.log_path.read_text()}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    if not DIST.exists():
        raise RuntimeError(f"{DIST} is missing: build the SPA first (cd frontend && npm run build)")
    tmp = Path(tempfile.mkdtemp(prefix="casebook-e2e-"))
    port = _free_port()
    env = {
        **os.environ,
        "CASEBOOK_DATABASE_URL": f"sqlite://{tmp}/e2e.sqlite3",
        "CASEBOOK_BROADCAST_URL": "memory://",
        "CASEBOOK_SECRET_KEY": "e2e-secret-key-not-for-production-0123456789",
        # Every browser signs in from 127.0.0.1: the default 10 sign-ins a minute per
        # address would throttle the suite itself.
        "CASEBOOK_LOGIN_RATE_LIMIT": "1000/minute",
    }
    env.pop("CASEBOOK_SMTP_URL", None)
    srv = Server(base_url=f"http://127.0.0.1:{port}", port=port, env=env, log_path=tmp / "server.log")
    try:
        srv.cli("migrate")
        srv.cli("seed-demo")
        srv.cli(
            "create-user",
            "--email",
            AGENT_EMAIL,
            "--password",
            PASSWORD,
            "--name",
            "Erin Agent",
            "--role",
            "AGENT",
        )
        srv.cli(
            "create-user",
            "--email",
            CUSTOMER_EMAIL,
            "--password",
            PASSWORD,
            "--name",
            "Carl Customer",
            "--role",
            "CUSTOMER",
            "--contact-email",
            CUSTOMER_EMAIL,
        )
        srv.start()
        yield srv
    finally:
        srv.stop()
        if os.environ.get("CASEBOOK_E2E_KEEP_LOG") and srv.log_path.exists():
            print(srv.log_path.read_text())
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    # launch() gives the browser a fresh temporary profile (user-data-dir) of its own.
    b = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
    yield b
    b.close()


@dataclass
class Tab:
    """A page plus everything it logged, so tests can assert 'no console errors'."""

    page: Page
    context: BrowserContext
    errors: list[str] = field(default_factory=list)

    def shot(self, name: str, full_page: bool = False) -> None:
        SCREENSHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


@pytest.fixture
def new_tab(browser: Browser, server: Server) -> Iterator:
    tabs: list[Tab] = []

    def make(viewport: dict[str, int] | None = None) -> Tab:
        context = browser.new_context(
            viewport=viewport or DESKTOP, base_url=server.base_url, reduced_motion="reduce"
        )
        context.set_default_timeout(10_000)
        page = context.new_page()
        tab = Tab(page=page, context=context)

        def on_console(msg: ConsoleMessage) -> None:
            if msg.type == "error":
                tab.errors.append(msg.text)

        page.on("console", on_console)
        page.on("pageerror", lambda exc: tab.errors.append(str(exc)))
        tabs.append(tab)
        return tab

    yield make
    for tab in tabs:
        tab.context.close()


def sign_in(tab: Tab, email: str, password: str = PASSWORD, path: str = "/") -> None:
    tab.page.goto(path)
    tab.page.get_by_label("E-mail").fill(email)
    tab.page.get_by_label("Password").fill(password)
    tab.page.get_by_role("button", name="Sign in").click()
    tab.page.wait_for_selector("#main")
