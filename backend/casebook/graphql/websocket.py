"""The GraphQL WebSocket transport: how frames leave the server for live subscribers."""

from __future__ import annotations

import asyncio
import contextlib
import types
from collections.abc import Coroutine, Generator, Mapping
from typing import Any

from starlette.websockets import WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.exceptions import WebSocketDisconnected

from casebook import settings
from casebook.graphql.execution import shared_results


class TimedWebSocketAdapter(ASGIWebSocketAdapter):
    """Sends frames, encoding a shared event result once per visibility class.

    A client that stops reading must not hold a send (and its memory) forever: it is dropped.
    """

    async def send_json(self, message: Mapping[str, object]) -> None:
        send = self.ws.send_text(self.encode(message))
        try:
            # Almost every send completes at once (the socket is writable): run its first step here
            # and pay for a timer only when it has to wait. (Not asyncio.wait_for either: that runs
            # every send in a task of its own on Python 3.11.)
            try:
                blocked_on = send.send(None)
            except StopIteration:
                return
            async with asyncio.timeout(settings.WS_SEND_TIMEOUT):
                await _resume(send, blocked_on)
        except TimeoutError:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(code=1013, reason="too slow"), 1)
            raise WebSocketDisconnected from None
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc

    def encode(self, message: Mapping[str, Any]) -> str:
        payload = message.get("payload")
        if message.get("type") == "next" and type(payload) is dict and payload.keys() == {"data"}:
            # The `data` object is the shared result of this subscriber's class (or not registered,
            # then encoded here as usual): identity, not content, picks the cached JSON.
            data = shared_results.encoded_data(payload["data"], self._encode)
            if data is not None:
                return (
                    '{"id":' + self._encode(message["id"]) + ',"type":"next","payload":{"data":' + data + "}}"
                )
        return self._encode(message)

    def _encode(self, value: object) -> str:
        encoded = self.view.encode_json(value)
        return encoded.decode() if isinstance(encoded, bytes) else encoded


@types.coroutine
def _resume(coro: Coroutine[Any, Any, None], blocked_on: Any) -> Generator[Any, Any, None]:
    """Await the rest of a coroutine whose first step already ran and yielded `blocked_on`."""
    while True:
        try:
            sent = yield blocked_on
        except GeneratorExit:
            coro.close()
            raise
        except BaseException as exc:  # the task's cancellation (the timeout), passed on to the send
            try:
                blocked_on = coro.throw(exc)
            except StopIteration:
                return
        else:
            try:
                blocked_on = coro.send(sent)
            except StopIteration:
                return
