"""The app on a real port inside the test's event loop, and a small graphql-transport-ws client.

The `db` fixture has initialised Tortoise and the hub in this loop already, so uvicorn runs
without a lifespan: the test's own services and the server share the database and the hub.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import uvicorn
import websockets

from support.server import free_port


@contextlib.asynccontextmanager
async def serving() -> AsyncIterator[str]:
    """Yields the base URL (http://127.0.0.1:PORT) of the app served in this loop."""
    from casebook.app import create_app

    port = free_port()
    config = uvicorn.Config(
        create_app(),
        host="127.0.0.1",
        port=port,
        lifespan="off",
        log_level="warning",
        ws_per_message_deflate=False,  # as `casebook serve` runs it
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        await wait_until(lambda: server.started or task.done(), 10)
        if not server.started:
            task.result()  # its exception, if it had one
            raise RuntimeError("uvicorn did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)


async def wait_until(check: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.01)
    return True


class Socket:
    """One graphql-transport-ws connection: operations by id, and how it was closed."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.frames: dict[str, list[dict[str, Any]]] = {}
        self.close_code: int | None = None
        self._ids = itertools.count(1)
        self._changed = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    @classmethod
    async def open(
        cls, base_url: str, *, token: str | None = None, cookies: dict[str, str] | None = None
    ) -> Socket:
        headers = {}
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        ws = await websockets.connect(
            base_url.replace("http", "ws", 1) + "/graphql",
            subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
            additional_headers=headers,
        )
        payload = {"authorization": f"Bearer {token}"} if token else {}
        await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        ack = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert ack["type"] == "connection_ack", ack
        return cls(ws)

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                message = json.loads(raw)
                if message["type"] == "ping":
                    await self.ws.send(json.dumps({"type": "pong"}))
                elif "id" in message:
                    self.frames.setdefault(message["id"], []).append(message)
                self._changed.set()
        except websockets.ConnectionClosed:
            pass
        finally:
            self.close_code = self.ws.close_code
            self._changed.set()

    async def wait_for(self, check: Callable[[], bool], timeout: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout
        while not check():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)
        return True

    async def start(self, query: str, variables: dict[str, Any] | None = None) -> str:
        op = str(next(self._ids))
        self.frames[op] = []
        await self.ws.send(
            json.dumps(
                {"id": op, "type": "subscribe", "payload": {"query": query, "variables": variables or {}}}
            )
        )
        return op

    async def execute(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """A query or mutation over the socket: its one result (or the protocol error frame)."""
        op = await self.start(query, variables)
        assert await self.wait_for(lambda: self._final(op) is not None or self.closed), "no answer"
        final = self._final(op)
        assert final is not None, f"socket closed ({self.close_code}) before answering"
        return final

    def _final(self, op: str) -> dict[str, Any] | None:
        for frame in self.frames.get(op, []):
            if frame["type"] == "next":
                return frame["payload"]  # type: ignore[no-any-return]
            if frame["type"] == "error":
                return {"errors": frame["payload"]}
        return None

    def events(self, op: str) -> list[dict[str, Any]]:
        return [f["payload"] for f in self.frames.get(op, []) if f["type"] == "next"]

    @property
    def closed(self) -> bool:
        return self._reader.done()

    async def wait_closed(self, timeout: float = 5.0) -> int | None:
        await self.wait_for(lambda: self.closed, timeout)
        return self.close_code

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.ws.close()
        with contextlib.suppress(BaseException):
            await self._reader


async def http(
    base_url: str,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    cookies: dict[str, str] | None = None,
    **kwargs: Any,
) -> dict[str, Any]:
    from support.paths import compared

    async with httpx.AsyncClient(base_url=base_url, cookies=cookies) as client:

        async def send() -> dict[str, Any]:
            response = await client.post(
                "/graphql", json={"query": query, "variables": variables or {}}, **kwargs
            )
            return response.json()  # type: ignore[no-any-return]

        return await compared(query, None, send)
