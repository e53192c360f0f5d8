"""The security headers every HTTP response carries, added by one pure-ASGI middleware.

Pure ASGI, not Starlette's BaseHTTPMiddleware: that one runs each response through a memory stream
and a task group (streamed bodies and file responses buffered, CPU on every request). This one
only appends to the header list of the `http.response.start` message.

A response that sets a header itself keeps it: /files sends its own sandboxing policy, and the
GraphiQL page (the only page with inline and CDN scripts) its own relaxed one (casebook.app).
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The SPA's index.html loads only its own module scripts and stylesheet (no inline script or style
# element; Vue sets styles through the CSSOM, which CSP does not govern). connect-src 'self' covers
# the same-origin WebSocket (CSP Level 3); a blanket `ws: wss:` would let a script talk to any host.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; media-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    # For browsers that predate frame-ancestors.
    (b"x-frame-options", b"DENY"),
)
_NAMES = frozenset(name for name, _ in HEADERS)


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {n for n in (name.lower() for name, _ in headers) if n in _NAMES}
                if present:
                    headers.extend(h for h in HEADERS if h[0] not in present)
                else:
                    headers.extend(HEADERS)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def graphiql_policy(html: str) -> str:
    """The policy of the GraphiQL page alone (GET /graphql in a browser, API.md).

    Strawberry's page loads React and GraphiQL from unpkg.com, pinned by Subresource Integrity
    hashes, and runs one inline script: the page may run exactly those (the inline script by its
    hash, not 'unsafe-inline'), and like the SPA it may connect only to its own origin, so neither
    it nor a tampered library can send a query, a token or a header to another host.
    """
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.DOTALL)
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts
    )
    return (
        f"default-src 'none'; script-src {_GRAPHIQL_CDN} {hashes}; "
        # GraphiQL's own stylesheet and inline <style>; style cannot reach other hosts here.
        f"style-src {_GRAPHIQL_CDN} 'unsafe-inline'; font-src {_GRAPHIQL_CDN} data:; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


_GRAPHIQL_CDN = "https://unpkg.com"
