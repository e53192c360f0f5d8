"""The index of open sockets: which a notice closes, and that a socket leaves it when it ends."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest_asyncio

from casebook.enums import Role
from casebook.realtime.sockets import (
    CREDENTIAL_ENDED,
    RIGHTS_CHANGED,
    AccessNotice,
    OpenSocket,
    SocketIndex,
    sockets,
)
from support.sockets import Socket, serving, wait_until


class FakeWs:
    def __init__(self) -> None:
        self.closed: list[int] = []

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        self.closed.append(code)


def test_a_notice_matches_by_every_key_it_names() -> None:
    index = SocketIndex()
    a1 = OpenSocket(FakeWs(), user_id=1, session="s1", token_id=None)
    a2 = OpenSocket(FakeWs(), user_id=1, session="s2", token_id=None)
    b = OpenSocket(FakeWs(), user_id=2, session="s3", token_id=None)
    api = OpenSocket(FakeWs(), user_id=None, session=None, token_id=7)
    for sock in (a1, a2, b, api):
        index.add(sock)
    assert index.matching(AccessNotice(CREDENTIAL_ENDED, session="s1")) == [a1]
    assert set(index.matching(AccessNotice(RIGHTS_CHANGED, user_id=1))) == {a1, a2}
    assert index.matching(AccessNotice(CREDENTIAL_ENDED, user_id=1, keep_session="s1")) == [a2]
    assert index.matching(AccessNotice(CREDENTIAL_ENDED, token_id=7)) == [api]
    assert index.matching(AccessNotice(CREDENTIAL_ENDED)) == []
    # A session digest of someone else's does not reach across users.
    assert index.matching(AccessNotice(CREDENTIAL_ENDED, user_id=2, session="s1")) == []


def test_notices_survive_the_wire() -> None:
    notice = AccessNotice(CREDENTIAL_ENDED, user_id=3, keep_session="abc")
    assert AccessNotice.from_json(notice.to_json()) == notice


async def test_applying_a_notice_closes_and_forgets_the_sockets() -> None:
    index = SocketIndex()
    ws = FakeWs()
    sock = OpenSocket(ws, user_id=1, session="s1", token_id=None)
    index.add(sock)
    assert index.apply(AccessNotice(RIGHTS_CHANGED, user_id=1)) == 1
    assert await wait_until(lambda: ws.closed == [RIGHTS_CHANGED])
    assert index.matching(AccessNotice(RIGHTS_CHANGED, user_id=1)) == []
    assert index.matching(AccessNotice(CREDENTIAL_ENDED, session="s1")) == []


@pytest_asyncio.fixture
async def base_url(db: str) -> AsyncIterator[str]:
    async with serving() as url:
        yield url


async def test_a_socket_the_client_closes_leaves_the_index(base_url: str, people: Any) -> None:
    alice = await people.make(Role.AGENT, "Alice")
    socket = await Socket.open(base_url, token=alice.token)
    notice = AccessNotice(RIGHTS_CHANGED, user_id=alice.id)
    assert len(sockets.matching(notice)) == 1
    await socket.close()
    assert await wait_until(lambda: sockets.matching(notice) == [])
