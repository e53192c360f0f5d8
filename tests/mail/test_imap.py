from __future__ import annotations

import asyncio
import time

import pytest

from casebook.mail.imap import ImapError, ImapSession, parse_imap_url
from support.dovecot import DovecotServer

MSG = b"From: a@customer.test\r\nSubject: hi %d\r\nMessage-ID: <m%d@customer.test>\r\n\r\nbody\r\n"


def test_url_parsing_and_plain_imap_only_for_local_hosts() -> None:
    t = parse_imap_url("imaps://sup%40x.test:p%3Ass@mail.x.test/Support%20Inbox")
    assert (t.host, t.port, t.tls, t.user, t.password, t.folder) == (
        "mail.x.test",
        993,
        True,
        "sup@x.test",
        "p:ss",
        "Support Inbox",
    )
    assert parse_imap_url("imap://u:p@127.0.0.1:10143/").folder == "INBOX"
    with pytest.raises(ValueError, match="local"):
        parse_imap_url("imap://u:p@mail.x.test/INBOX")
    with pytest.raises(ValueError):
        parse_imap_url("pop3://u:p@127.0.0.1/")


@pytest.mark.asyncio
async def test_search_fetch_and_flag_against_dovecot(dovecot: DovecotServer) -> None:
    user = dovecot.add_user()
    for i in (1, 2, 3):
        user.append(MSG % (i, i))
    session = ImapSession(parse_imap_url(user.url))
    await session.connect()
    try:
        assert session.uidvalidity > 0 and session.supports_idle
        assert await session.waiting_uids(after=0) == [1, 2, 3]
        assert await session.waiting_uids(after=3) == []  # "UID 4:*" would match UID 3
        raws = await session.fetch([1, 3])
        assert set(raws) == {1, 3} and b"Subject: hi 3" in raws[3]
        assert set((await session.sizes([1, 2])).keys()) == {1, 2}
        await session.mark_processed([1, 3])
        assert await session.waiting_uids(after=0) == [2]
    finally:
        await session.close()
    flags = user.flags()
    assert "$CasebookProcessed" in flags[1] and "\\Seen" in flags[1]
    assert "\\Seen" not in flags[2]  # fetching used BODY.PEEK


@pytest.mark.asyncio
async def test_idle_wakes_on_new_mail(dovecot: DovecotServer) -> None:
    user = dovecot.add_user()
    session = ImapSession(parse_imap_url(user.url))
    await session.connect()
    try:
        started = time.monotonic()
        waiter = asyncio.create_task(session.wait_for_news(timeout=20))
        await asyncio.sleep(0.3)
        await asyncio.to_thread(user.append, MSG % (9, 9))
        await asyncio.wait_for(waiter, 10)
        assert time.monotonic() - started < 5
        assert await session.waiting_uids(after=0) == [1]  # the session is usable after IDLE
    finally:
        await session.close()


@pytest.mark.asyncio
async def test_wrong_password_and_dead_port_raise_imap_error(
    dovecot: DovecotServer,
) -> None:
    user = dovecot.add_user()
    bad = parse_imap_url(user.url.replace(user.password, "wrong"))
    with pytest.raises(ImapError, match="login"):
        await ImapSession(bad, timeout=5).connect()
    from support.dovecot import free_port

    dead = parse_imap_url(f"imap://u:p@127.0.0.1:{free_port()}/INBOX")
    with pytest.raises(ImapError, match="connect"):
        await ImapSession(dead, timeout=3).connect()


@pytest.mark.asyncio
async def test_silent_server_times_out_instead_of_hanging() -> None:
    import socket

    # Listening but never accepting: the kernel completes the handshake, nobody ever greets.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(ImapError, match="no answer"):
            url = f"imap://u:p@127.0.0.1:{port}/INBOX"
            await ImapSession(parse_imap_url(url), timeout=0.5).connect()
        assert time.monotonic() - started < 3


@pytest.mark.asyncio
async def test_implicit_tls_verifies_the_certificate(
    dovecot: DovecotServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = dovecot.add_user()
    user.append(MSG % (1, 1))
    target = parse_imap_url(user.tls_url)
    assert target.tls
    # Not trusted: the handshake must fail, never fall back to an unverified connection.
    with pytest.raises(ImapError, match="connect"):
        await ImapSession(target, timeout=5).connect()
    # Trusted the standard OpenSSL way (as an operator does for a private CA).
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot.cert_file))
    session = ImapSession(target, timeout=5)
    await session.connect()
    try:
        assert await session.waiting_uids(after=0) == [1]
    finally:
        await session.close()


@pytest.mark.asyncio
async def test_folder_without_keywords_falls_back_to_seen_and_uids(
    dovecot: DovecotServer,
) -> None:
    user = dovecot.add_user()
    for i in (1, 2):
        user.append(MSG % (i, i))
    session = ImapSession(parse_imap_url(user.url))
    await session.connect()
    try:
        assert session.keywords_allowed  # Dovecot announces \\* in PERMANENTFLAGS
        session.keywords_allowed = False  # as a server that keeps no custom keywords
        await session.mark_processed([1])
        assert await session.waiting_uids(after=1) == [2]
    finally:
        await session.close()
    flags = user.flags()
    assert flags[1] >= {"\\Seen"} and "$CasebookProcessed" not in flags[1]
