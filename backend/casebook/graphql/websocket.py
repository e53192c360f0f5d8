"""The GraphQL WebSocket transport: how frames leave the server for live subscribers."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping

from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.exceptions import WebSocketDisconnected

from casebook import settings


class TimedWebSocketAdapter(ASGIWebSocketAdapter):
    """A client that stops reading must not hold a send (and its memory) forever: drop it."""

    async def send_json(self, message: Mapping[str, object]) -> None:
        try:
            await asyncio.wait_for(super().send_json(message), settings.WS_SEND_TIMEOUT)
        except TimeoutError:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(code=1013, reason="too slow"), 1)
            raise WebSocketDisconnected from None
