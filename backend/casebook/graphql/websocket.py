"""The GraphQL WebSocket transport: who a socket acts for, and how frames leave the server."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import types
from collections.abc import AsyncGenerator, Coroutine, Generator, Mapping
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.exceptions import WebSocketDisconnected

from casebook import settings
from casebook.auth.services import authenticate
from casebook.auth.tokens import token_hash
from casebook.fastpath.live import shared_results
from casebook.graphql.context import Context
from casebook.realtime.sockets import OpenSocket, sockets

log = logging.getLogger(__name__)

# Strawberry makes one context per socket and gives the adapter none: the scope carries it.
_CONTEXT = "casebook.context"
_OPEN_SOCKET = "casebook.open_socket"


def remember_context(context: Context) -> None:
    if isinstance(context.request, WebSocket):
        context.request.scope[_CONTEXT] = context


def index_socket(context: Context) -> None:
    """Makes the socket closable by access notices (realtime/sockets.py) once it is signed in."""
    ws, actor, token = context.request, context.actor, context.credential
    if not isinstance(ws, WebSocket) or actor is None or _OPEN_SOCKET in ws.scope:
        return
    session = token_hash(token) if token and actor.token_id is None else None
    sock = OpenSocket(ws, user_id=actor.user_id, session=session, token_id=actor.token_id)
    sockets.add(sock)
    ws.scope[_OPEN_SOCKET] = sock


class TimedWebSocketAdapter(ASGIWebSocketAdapter):
    """Authenticates every operation again, and sends frames, encoding a shared event result once
    per visibility class.

    A client that stops reading must not hold a send (and its memory) forever: it is dropped.
    """

    async def iter_json(self, *, ignore_parsing_errors: bool = False) -> AsyncGenerator[object, None]:
        try:
            async for message in super().iter_json(ignore_parsing_errors=ignore_parsing_errors):
                if type(message) is dict and message.get("type") == "subscribe":
                    await self._reauthenticate()
                yield message
        finally:
            sock = self.ws.scope.pop(_OPEN_SOCKET, None)
            if sock is not None:
                sockets.discard(sock)

    async def _reauthenticate(self) -> None:
        """One read per operation (query, mutation or subscribe), none per delivered event.

        The socket's credential may have ended or its rights changed since connection_init; the
        access notice that closes the socket may still be on its way. Subscriptions already
        running are ended by that close.
        """
        context: Context | None = self.ws.scope.get(_CONTEXT)
        if context is None or context.credential is None or context.actor is None:
            return
        try:
            auth = await authenticate(context.credential)
        except Exception:
            log.exception("re-authenticating a socket failed")
            with contextlib.suppress(Exception):
                await self.ws.close(code=1013, reason="try again later")
            raise WebSocketDisconnected from None
        if auth is None:
            # Signed out for good: every later operation answers UNAUTHENTICATED.
            context.credential = None
            context.session_token = None
        context.set_actor(auth.actor if auth else None)

    async def send_json(self, message: Mapping[str, object]) -> None:
        if self.ws.application_state is WebSocketState.DISCONNECTED:
            # Closed by an access notice while an operation was still running: nothing more leaves.
            raise WebSocketDisconnected
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
