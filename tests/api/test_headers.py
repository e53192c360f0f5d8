"""Every response carries the security headers; /files and the GraphiQL page keep their own policy."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from casebook import settings
from casebook.enums import Role

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
}


def policy(response: httpx.Response) -> dict[str, str]:
    value = response.headers["content-security-policy"]
    return {d.split()[0]: " ".join(d.split()[1:]) for d in (p.strip() for p in value.split(";")) if d}


def assert_strict(response: httpx.Response) -> None:
    directives = policy(response)
    for name, value in REQUIRED.items():
        assert directives.get(name) == value, (response.url, name, directives)
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "DENY"


@pytest_asyncio.fixture
async def client(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[httpx.AsyncClient]:
    """The app with a small built SPA of its own (the real build may not exist)."""
    static = tmp_path / "dist"
    (static / "assets").mkdir(parents=True)
    (static / "index.html").write_text('<!doctype html><script type="module" src="/assets/app.js"></script>')
    (static / "assets" / "app.js").write_text("console.log('hi')")
    monkeypatch.setattr(settings, "STATIC_DIR", static)
    from casebook.app import create_app

    transport = httpx.ASGITransport(app=create_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/", 200),
        ("GET", "/cases/12", 200),  # a client-side route: index.html
        ("GET", "/assets/app.js", 200),
        ("GET", "/assets/missing.js", 404),
        ("GET", "/healthz", 200),
        ("POST", "/graphql", 200),
        ("GET", "/graphql?query=%7B__typename%7D", 405),
        ("PUT", "/graphql", 405),
        ("GET", "/files/1", 401),
    ],
)
async def test_every_response_carries_the_headers(
    client: httpx.AsyncClient, method: str, path: str, status: int
) -> None:
    response = await client.request(
        method, path, json={"query": "{ __typename }"} if method == "POST" else None
    )
    assert response.status_code == status, response.text[:200]
    assert_strict(response)


async def test_an_unexpected_error_carries_them_too(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import casebook.app

    async def broken(request: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(casebook.app, "healthz", broken)
    transport = httpx.ASGITransport(app=casebook.app.create_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.get("/healthz")
    assert response.status_code == 500
    assert_strict(response)


async def test_files_keep_their_sandbox(client: httpx.AsyncClient, people: Any) -> None:
    from casebook.cases.models import Case
    from casebook.stream.models import Attachment

    agent = await people.make(Role.AGENT, "Alice")
    headers = {"authorization": f"Bearer {agent.token}"}
    made = await client.post(
        "/graphql", json={"query": 'mutation { createCase(input: {subject: "s"}) { id } }'}, headers=headers
    )
    case = await Case.get(id=int(made.json()["data"]["createCase"]["id"]))
    settings.FILES_DIR.mkdir(parents=True, exist_ok=True)
    (settings.FILES_DIR / "page.html").write_text("<script>alert(1)</script>")
    attachment = await Attachment.create(
        case_id=case.id, filename="page.html", content_type="text/html", size=25, storage_key="page.html"
    )
    served = await client.get(f"/files/{attachment.id}", headers=headers)
    assert served.status_code == 200 and served.text.startswith("<script>")
    directives = policy(served)
    assert "sandbox" in directives and directives["default-src"] == "'none'", directives
    assert directives["frame-ancestors"] == "'none'"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.headers["referrer-policy"] == "no-referrer"
    missing = await client.get("/files/2147483648", headers=headers)
    assert missing.status_code == 404
    assert_strict(missing)


async def test_graphiql_runs_only_its_own_pinned_scripts_and_calls_no_other_host(
    client: httpx.AsyncClient,
) -> None:
    page = await client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    directives = policy(page)
    assert directives["connect-src"] == "'self'"
    assert directives["default-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    sources = directives["script-src"].split()
    assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
    # Every outside script of the page is pinned by Subresource Integrity, and each inline one by hash.
    outside = re.findall(r"<script[^>]*src=\"(https://[^\"]+)\"[^>]*>", page.text, flags=re.DOTALL)
    tags = re.findall(r"<script\s[^>]*>", page.text, flags=re.DOTALL)
    assert outside and all("integrity=" in tag for tag in tags if "src=" in tag)
    inline = re.findall(r"<script>(.*?)</script>", page.text, flags=re.DOTALL)
    assert len([s for s in sources if s.startswith("'sha256-")]) == len(inline) >= 1
    assert page.headers["x-content-type-options"] == "nosniff"


def test_the_built_spa_has_no_inline_script() -> None:
    index = ROOT / "frontend" / "dist" / "index.html"
    if not index.exists():
        pytest.skip("the frontend is not built (make install)")
    html = index.read_text()
    for tag, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.DOTALL):
        assert "src=" in tag and not body.strip(), tag
    assert "<style" not in html and " style=" not in html


async def test_the_middleware_is_cheap() -> None:
    """Its cost per response, against the same app without it (pure ASGI: no extra task or stream)."""
    from casebook.security_headers import SecurityHeaders

    async def bare(scope: Any, receive: Any, send: Any) -> None:
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]}
        )
        await send({"type": "http.response.body", "body": b"ok"})

    async def sink(message: Any) -> None:
        return None

    async def receive() -> Any:
        return {"type": "http.request", "body": b""}

    scope = {"type": "http", "method": "GET", "path": "/", "headers": []}
    wrapped = SecurityHeaders(bare)

    async def per_call(app: Any, n: int = 20_000) -> float:
        start = time.perf_counter()
        for _ in range(n):
            await app(scope, receive, sink)
        return (time.perf_counter() - start) / n

    await per_call(wrapped, 1000)
    extra = min([await per_call(wrapped) - await per_call(bare) for _ in range(3)])
    # Measured here: ~1 µs. A whole GraphQL request costs milliseconds.
    assert extra < 20e-6, f"{extra * 1e6:.1f} µs per response"
    await asyncio.sleep(0)
