"""A small IMAP session over aioimaplib that never hangs and says clearly when it failed.

aioimaplib does not raise on NO/BAD (we check `result`), and can hang on `idle_start` or `fetch`
when a server drops the connection: every call here is bounded by asyncio.wait_for, and any failure
raises ImapError so the poller can drop the session and reconnect with back-off.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import ssl
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

import aioimaplib  # type: ignore[import-untyped]

from casebook.mail import config

T = TypeVar("T")
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}

_UIDVALIDITY = re.compile(rb"\[UIDVALIDITY (\d+)\]")
_PERMANENTFLAGS = re.compile(rb"\[PERMANENTFLAGS \(([^)]*)\)\]")
_FETCH_HEAD = re.compile(rb"^\d+ FETCH \(")
_UID = re.compile(rb"UID (\d+)")
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


class ImapError(Exception):
    """The server refused, timed out or went away; the session is unusable."""


@dataclass(frozen=True)
class ImapTarget:
    host: str
    port: int
    tls: bool
    user: str
    password: str
    folder: str = "INBOX"


def parse_imap_url(url: str) -> ImapTarget:
    """imap://USER:PASS@HOST:PORT/FOLDER (plain, local hosts only) or imaps:// (implicit TLS, 993)."""
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps"):
        raise ValueError("the IMAP URL must start with imap:// or imaps://")
    if not parts.hostname or parts.username is None or parts.password is None:
        raise ValueError("the IMAP URL needs a user, a password and a host")
    tls = parts.scheme == "imaps"
    if not tls and parts.hostname not in LOCAL_HOSTS:
        # aioimaplib has no STARTTLS: plain imap:// would send the password in clear over the network.
        raise ValueError("plain imap:// is only allowed for a local server; use imaps:// (port 993)")
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    return ImapTarget(
        host=parts.hostname,
        port=parts.port or (993 if tls else 143),
        tls=tls,
        user=unquote(parts.username),
        password=unquote(parts.password),
        folder=folder,
    )


def _quote(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


class ImapSession:
    def __init__(self, target: ImapTarget, *, timeout: float | None = None) -> None:
        self.target = target
        self.timeout = timeout or config.IMAP_TIMEOUT
        self.uidvalidity: int = 0
        # Whether the folder keeps our keyword. Without it, \Seen and last_uid alone mark progress.
        self.keywords_allowed: bool = True
        self._client: aioimaplib.IMAP4 | None = None

    async def _call(self, what: str, awaitable: Awaitable[T]) -> T:
        try:
            return await asyncio.wait_for(awaitable, self.timeout)
        except TimeoutError as exc:
            raise ImapError(f"{what}: no answer within {self.timeout:g} s") from exc
        except ImapError:
            raise
        except (OSError, aioimaplib.AioImapException, ssl.SSLError) as exc:
            raise ImapError(f"{what}: {exc or type(exc).__name__}") from exc

    @staticmethod
    def _ok(what: str, response: Any) -> Any:
        if response.result != "OK":
            detail = b" ".join(line for line in response.lines if isinstance(line, bytes)).decode(
                errors="replace"
            )
            raise ImapError(f"{what} refused: {response.result} {detail}".strip())
        return response

    @property
    def client(self) -> aioimaplib.IMAP4:
        if self._client is None:
            raise ImapError("not connected")
        return self._client

    async def connect(self) -> None:
        try:
            await self._connect()
        except BaseException:
            await self.close()  # a half-open connection must not outlive the failed attempt
            raise

    async def _connect(self) -> None:
        t = self.target
        # Built inside the running loop (aioimaplib schedules its connection on creation).
        if t.tls:
            self._client = aioimaplib.IMAP4_SSL(host=t.host, port=t.port, timeout=self.timeout)
        else:
            self._client = aioimaplib.IMAP4(host=t.host, port=t.port, timeout=self.timeout)
        await self._call("connect", self.client.wait_hello_from_server())
        self._ok("login", await self._call("login", self.client.login(t.user, t.password)))
        response = self._ok("select", await self._call("select", self.client.select(_quote(t.folder))))
        for line in response.lines:
            if not isinstance(line, bytes | bytearray):
                continue
            found = _UIDVALIDITY.search(bytes(line))
            if found:
                self.uidvalidity = int(found.group(1))
            permanent = _PERMANENTFLAGS.search(bytes(line))
            if permanent:
                flags = permanent.group(1).split()
                self.keywords_allowed = b"\\*" in flags or config.PROCESSED_KEYWORD.encode() in flags
        if not self.uidvalidity:
            raise ImapError("select: the server sent no UIDVALIDITY")

    @property
    def supports_idle(self) -> bool:
        return self._client is not None and self._client.has_capability("IDLE")

    async def waiting_uids(self, *, after: int) -> list[int]:
        """UIDs above `after` not yet flagged processed, in order."""
        criteria = f"UID {after + 1}:*"
        if self.keywords_allowed:
            criteria += f" UNKEYWORD {config.PROCESSED_KEYWORD}"
        response = self._ok(
            "search", await self._call("search", self.client.uid_search(criteria, charset=None))
        )
        uids: set[int] = set()
        for line in response.lines[:-1]:
            for token in bytes(line).split():
                if token.isdigit():
                    uids.add(int(token))
        # "UID n:*" always matches the last message, even when its UID is below n.
        return sorted(uid for uid in uids if uid > after)

    async def sizes(self, uids: list[int]) -> dict[int, int]:
        if not uids:
            return {}
        uid_set = ",".join(str(u) for u in uids)
        response = self._ok(
            "fetch sizes", await self._call("fetch", self.client.uid("fetch", uid_set, "(UID RFC822.SIZE)"))
        )
        found: dict[int, int] = {}
        for line in response.lines:
            if isinstance(line, bytes | bytearray):
                uid, size = _UID.search(line), _SIZE.search(line)
                if uid and size:
                    found[int(uid.group(1))] = int(size.group(1))
        return found

    async def fetch(self, uids: list[int]) -> dict[int, bytes]:
        """The raw bytes of each message (BODY.PEEK, so fetching alone marks nothing as seen)."""
        if not uids:
            return {}
        uid_set = ",".join(str(u) for u in uids)
        response = self._ok(
            "fetch", await self._call("fetch", self.client.uid("fetch", uid_set, "(UID BODY.PEEK[])"))
        )
        found: dict[int, bytes] = {}
        lines = response.lines
        for i, line in enumerate(lines):
            if isinstance(line, bytes) and _FETCH_HEAD.match(line) and i + 1 < len(lines):
                literal = lines[i + 1]
                if not isinstance(literal, bytearray):
                    continue
                uid = _UID.search(line)
                if uid is None and i + 2 < len(lines) and isinstance(lines[i + 2], bytes):
                    uid = _UID.search(lines[i + 2])  # some servers put UID after the literal
                if uid:
                    found[int(uid.group(1))] = bytes(literal)
        return found

    async def mark_processed(self, uids: list[int]) -> None:
        if not uids:
            return
        uid_set = ",".join(str(u) for u in uids)
        keyword = f" {config.PROCESSED_KEYWORD}" if self.keywords_allowed else ""
        flags = f"+FLAGS.SILENT (\\Seen{keyword})"
        self._ok("store", await self._call("store", self.client.uid("store", uid_set, flags)))

    async def wait_for_news(self, *, timeout: float) -> None:  # noqa: ASYNC109 - IDLE length, not a cancel
        """Returns when the server announces a change (IDLE) or after `timeout` (polling)."""
        if not self.supports_idle:
            await self._call("noop", self.client.noop())
            await asyncio.sleep(timeout)
            return
        client = self.client
        idle = await self._call("idle", client.idle_start(timeout=timeout))
        try:
            # A push (EXISTS/RECENT) or the timeout's STOP_WAIT_SERVER_PUSH ends the wait.
            await asyncio.wait_for(
                client.wait_server_push(timeout=timeout + self.timeout), timeout + self.timeout
            )
        except TimeoutError as exc:
            idle.cancel()
            raise ImapError("idle: the server stopped answering") from exc
        finally:
            if client.has_pending_idle():
                client.idle_done()
        await self._call("idle done", asyncio.shield(idle))

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is None:
            return
        with contextlib.suppress(Exception):
            # A polite LOGOUT; some aioimaplib versions never see the tagged OK after BYE, so keep it short.
            await asyncio.wait_for(client.logout(), 1)
        with contextlib.suppress(Exception):
            transport = client.protocol.transport
            if transport is not None:
                transport.close()
