"""Open WebSockets by who they act for, and the notices that close them when access changes.

A socket authenticates once, at connection_init; its running subscriptions hold that snapshot of
the viewer's rights. When a credential ends or the rights change, the service that changed them
publishes an AccessNotice through the hub (after its commit); every process closes the matching
sockets it holds, and the client reconnects with its current rights (4403) or signs out (4401).
The index is only touched on connect, disconnect and notice: delivering an event costs nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import asdict, dataclass
from typing import Any, Protocol

log = logging.getLogger(__name__)

# The credential the socket was opened with ended: the client signs out.
CREDENTIAL_ENDED = 4401
# The viewer's rights changed: the client reconnects and gets the current ones.
RIGHTS_CHANGED = 4403
REASONS = {CREDENTIAL_ENDED: "signed out", RIGHTS_CHANGED: "access changed"}


@dataclass(frozen=True, slots=True)
class AccessNotice:
    """Which sockets to close, and with which code. Fields that are set must all match.

    `keep_session`: with `user_id`, spares the sockets of that session (a password change ends
    the user's other sessions only).
    """

    code: int
    user_id: int | None = None
    session: str | None = None  # the SHA-256 of a session token (auth.tokens.token_hash)
    token_id: int | None = None
    keep_session: str | None = None

    def to_json(self) -> str:
        return json.dumps({k: v for k, v in asdict(self).items() if v is not None}, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> AccessNotice:
        data = json.loads(text)
        return cls(
            code=int(data["code"]),
            user_id=data.get("user_id"),
            session=data.get("session"),
            token_id=data.get("token_id"),
            keep_session=data.get("keep_session"),
        )


class Closable(Protocol):
    async def close(self, code: int = ..., reason: str | None = ...) -> None: ...


class OpenSocket:
    """One open socket and the keys it is indexed by (hashable by identity, unlike a WebSocket)."""

    __slots__ = ("session", "token_id", "user_id", "ws")

    def __init__(
        self, ws: Closable, *, user_id: int | None, session: str | None, token_id: int | None
    ) -> None:
        self.ws = ws
        self.user_id = user_id
        self.session = session
        self.token_id = token_id

    def matches(self, notice: AccessNotice) -> bool:
        return (
            (notice.user_id is None or notice.user_id == self.user_id)
            and (notice.session is None or notice.session == self.session)
            and (notice.token_id is None or notice.token_id == self.token_id)
            and (notice.keep_session is None or notice.keep_session != self.session)
        )


class SocketIndex:
    def __init__(self) -> None:
        self._by_user: dict[int, set[OpenSocket]] = {}
        self._by_session: dict[str, set[OpenSocket]] = {}
        self._by_token: dict[int, set[OpenSocket]] = {}
        self._closing: set[asyncio.Task[None]] = set()

    def _indexes(self, sock: OpenSocket) -> list[tuple[dict[Any, set[OpenSocket]], Any]]:
        return [
            (index, key)
            for index, key in (
                (self._by_user, sock.user_id),
                (self._by_session, sock.session),
                (self._by_token, sock.token_id),
            )
            if key is not None
        ]

    def add(self, sock: OpenSocket) -> None:
        for index, key in self._indexes(sock):
            index.setdefault(key, set()).add(sock)

    def discard(self, sock: OpenSocket) -> None:
        for index, key in self._indexes(sock):
            found = index.get(key)
            if found is not None:
                found.discard(sock)
                if not found:
                    del index[key]

    def matching(self, notice: AccessNotice) -> list[OpenSocket]:
        # The narrowest index that the notice names; a notice naming nothing matches nothing.
        if notice.session is not None:
            candidates = self._by_session.get(notice.session, set())
        elif notice.token_id is not None:
            candidates = self._by_token.get(notice.token_id, set())
        elif notice.user_id is not None:
            candidates = self._by_user.get(notice.user_id, set())
        else:
            return []
        return [s for s in candidates if s.matches(notice)]

    def apply(self, notice: AccessNotice) -> int:
        """Closes the matching sockets of this process (in tasks: the hub's loop must not wait)."""
        found = self.matching(notice)
        for sock in found:
            self.discard(sock)
            task = asyncio.get_running_loop().create_task(self._close(sock, notice.code))
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)
        return len(found)

    async def _close(self, sock: OpenSocket, code: int) -> None:
        with contextlib.suppress(Exception):  # already gone: nothing to close
            await asyncio.wait_for(sock.ws.close(code=code, reason=REASONS.get(code, "")), 5)


sockets = SocketIndex()
