"""The per-request (per-socket for subscriptions) context handed to every resolver."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.types import Info as StrawberryInfo

from casebook.auth.actor import Actor
from casebook.errors import Unauthenticated
from casebook.graphql.loaders import Loaders


@dataclass
class Context:
    request: Request | WebSocket
    response: Response | None
    actor: Actor | None
    # The session token of the cookie or bearer used (logout, password change keep it).
    session_token: str | None = None
    connection_params: dict[str, Any] | None = None
    # The token (session or integration) the actor was authenticated with: a socket's context
    # lives for hours, and every operation on it authenticates this again (graphql/websocket.py).
    credential: str | None = None
    _loaders: Loaders | None = field(default=None, init=False, repr=False)

    @property
    def loaders(self) -> Loaders:
        # Made on first use: a subscriber served a shared event result never touches them.
        if self._loaders is None:
            self._loaders = Loaders(self.actor or Actor.system("anonymous"))
        return self._loaders

    def renew_loaders(self) -> None:
        """Forget cached rows (per live event: a socket's context lives for hours)."""
        self._loaders = None

    def require_actor(self) -> Actor:
        if self.actor is None:
            raise Unauthenticated("Sign in first.")
        return self.actor

    def set_actor(self, actor: Actor | None) -> None:
        self.actor = actor
        self._loaders = None

    @property
    def client_address(self) -> str:
        client = self.request.client
        return client.host if client else "unknown"


Info = StrawberryInfo[Context, None]
