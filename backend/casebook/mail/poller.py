"""Reading the group mailboxes: one pass over what waits, and the long-running IDLE/poll loop.

Order of operations per batch of messages, so that nothing is lost or doubled:
1. fetch the batch in one UID FETCH (BODY.PEEK: nothing is marked yet),
2. ingest: every case/post + Message-ID row (or set-aside row) of the batch committed in one
   transaction; if that fails, the batch is rolled back and its messages are ingested one by one,
   each in a transaction of its own,
3. flag \\Seen + $CasebookProcessed in the mailbox, then advance last_uid in the database.
A crash after 2 and before 3 re-fetches the messages next time; their stored Message-IDs (or their
set-aside rows) make the second ingest a no-op, and then they are flagged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

from casebook.background import leases as lease
from casebook.mail import config, secretbox
from casebook.mail.imap import ImapError, ImapSession, ImapTarget
from casebook.mail.inbound import Incoming, Outcome, ingest_batch, set_aside
from casebook.mail.models import Mailbox

log = logging.getLogger(__name__)
POLLER_LEASE = "imap-poller"


@dataclass
class PassResult:
    outcomes: list[Outcome] = field(default_factory=list)
    failed: int = 0  # messages left for the next pass (an error we could not attribute to the message)

    def count(self, kind: str) -> int:
        return sum(1 for o in self.outcomes if o.kind == kind)


def target_of(mailbox: Mailbox) -> ImapTarget:
    return ImapTarget(
        host=mailbox.imap_host,
        port=mailbox.imap_port,
        tls=mailbox.imap_tls,
        user=mailbox.imap_user,
        password=secretbox.unseal(mailbox.secret),
        folder=mailbox.folder,
    )


# A message whose processing raised (not a parse problem: e.g. a bug) is retried a few times,
# then set aside, so one poisonous message cannot stop a mailbox. Keyed by (mailbox, validity, uid).
_failures: dict[tuple[int, int, int], int] = {}
MAX_MESSAGE_FAILURES = 3


async def process_waiting(session: ImapSession, mailbox: Mailbox) -> PassResult:
    """Ingests every message waiting in the folder; returns when none is left."""
    result = PassResult()
    if mailbox.uidvalidity != session.uidvalidity:
        # A new UIDVALIDITY renumbers the folder: start over. The keyword flags and the stored
        # Message-IDs keep already processed messages from being ingested twice.
        mailbox.uidvalidity = session.uidvalidity
        mailbox.last_uid = 0
        await mailbox.save(update_fields=["uidvalidity", "last_uid"])
    while True:
        uids = await session.waiting_uids(after=mailbox.last_uid)
        if not uids:
            break
        progressed = False
        for start in range(0, len(uids), config.FETCH_BATCH):
            batch = uids[start : start + config.FETCH_BATCH]
            done = await _process_batch(session, mailbox, batch, result)
            if done:
                progressed = True
            if len(done) < len(batch):
                break  # keep order: never advance last_uid past a message still to retry
        if not progressed:
            break
    mailbox.last_checked_at = datetime.now(UTC)
    mailbox.last_error = None  # type: ignore[assignment]
    await mailbox.save(update_fields=["last_checked_at", "last_error"])
    return result


async def _process_batch(
    session: ImapSession, mailbox: Mailbox, batch: list[int], result: PassResult
) -> list[int]:
    sizes = await session.sizes(batch)
    wanted = [u for u in batch if sizes.get(u, 0) <= config.MAX_MESSAGE_BYTES]
    raws = await session.fetch(wanted)
    validity = session.uidvalidity
    items: list[Incoming] = []
    retry_later = False
    for uid in batch:
        key = (mailbox.id, validity, uid)
        if uid not in raws:
            size = sizes.get(uid, 0)
            reason = (
                f"message too large ({size} bytes, limit {config.MAX_MESSAGE_BYTES})"
                if size > config.MAX_MESSAGE_BYTES
                else "the server returned no content for this message"
            )
            items.append(Incoming(uid=uid, raw=b"", reason=reason))
            continue
        try:
            items.append(Incoming.parse(uid=uid, raw=raws[uid]))
        except Exception as exc:
            if not _failed(key, mailbox, exc):
                retry_later = True
                break  # keep order: never advance last_uid past a message still to retry
            items.append(Incoming(uid=uid, raw=raws[uid], reason=_give_up_reason(exc)))

    outcomes: list[Outcome] = []
    if len(items) > 1:
        try:
            outcomes = await ingest_batch(mailbox=mailbox, uidvalidity=validity, items=items)
        except Exception:
            log.warning(
                "mailbox %s: batch of %s messages failed; ingesting them one by one",
                mailbox.address,
                len(items),
                exc_info=True,
            )
    if not outcomes:
        for item in items:
            key = (mailbox.id, validity, item.uid)
            try:
                [outcome] = await ingest_batch(mailbox=mailbox, uidvalidity=validity, items=[item])
            except Exception as exc:
                if not _failed(key, mailbox, exc):
                    retry_later = True
                    break
                outcome = await set_aside(
                    mailbox=mailbox, uidvalidity=validity, item=item, reason=_give_up_reason(exc)
                )
            outcomes.append(outcome)
    done = [item.uid for item in items[: len(outcomes)]]
    for uid in done:
        _failures.pop((mailbox.id, validity, uid), None)
    result.outcomes.extend(outcomes)
    if retry_later:
        result.failed += 1
    if done:
        # Only now, with every result committed, does the mailbox learn they are processed.
        await session.mark_processed(done)
        mailbox.last_uid = max(mailbox.last_uid, max(done))
        await mailbox.save(update_fields=["last_uid"])
    return done


def _failed(key: tuple[int, int, int], mailbox: Mailbox, exc: Exception) -> bool:
    """Counts a failure of one message; True once it failed often enough to be set aside."""
    _failures[key] = _failures.get(key, 0) + 1
    if _failures[key] < MAX_MESSAGE_FAILURES:
        log.error(
            "mailbox %s uid %s failed (attempt %s)", mailbox.address, key[2], _failures[key], exc_info=exc
        )
        return False
    return True


def _give_up_reason(exc: Exception) -> str:
    return f"processing failed {MAX_MESSAGE_FAILURES} times: {type(exc).__name__}: {exc}"


async def fetch_once(mailbox: Mailbox) -> PassResult:
    session = ImapSession(target_of(mailbox))
    try:
        await session.connect()
        return await process_waiting(session, mailbox)
    finally:
        await session.close()


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError, asyncio.TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def watch_mailbox(mailbox_id: int, stop: asyncio.Event) -> None:
    """Runs until `stop`: process, wait for news (IDLE or poll), repeat; reconnect with back-off."""
    backoff = config.RETRY_MIN_SECONDS
    while not stop.is_set():
        mailbox = await Mailbox.get_or_none(id=mailbox_id, active=True)
        if mailbox is None:
            return
        session: ImapSession | None = None
        try:
            session = ImapSession(target_of(mailbox))
            await session.connect()
            while not stop.is_set():
                result = await process_waiting(session, mailbox)
                if result.failed:
                    raise ImapError("a message failed; retrying after a pause")
                backoff = config.RETRY_MIN_SECONDS
                wait = config.IDLE_SECONDS if session.supports_idle else config.POLL_SECONDS
                news = asyncio.ensure_future(session.wait_for_news(timeout=wait))
                stopped = asyncio.ensure_future(stop.wait())
                await asyncio.wait({news, stopped}, return_when=asyncio.FIRST_COMPLETED)
                if not news.done():
                    news.cancel()
                    with contextlib.suppress(BaseException):
                        await news
                    break
                stopped.cancel()
                news.result()
                if await Mailbox.filter(id=mailbox_id, active=True).count() == 0:
                    return
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("mailbox %s: %s; reconnecting in %.0f s", mailbox.address, exc, backoff)
            await Mailbox.filter(id=mailbox_id).update(last_error=str(exc)[:2000])
            await _sleep_or_stop(stop, backoff)
            backoff = min(backoff * 2, config.RETRY_MAX_SECONDS)
        finally:
            if session is not None:
                await session.close()


async def run_poller(stop: asyncio.Event, *, holder: str | None = None) -> None:
    """The leased poller: whichever process holds the lease watches every active mailbox."""
    holder = holder or lease.new_holder()
    try:
        while not stop.is_set():
            if not await lease.acquire(name=POLLER_LEASE, holder=holder, seconds=config.LEASE_SECONDS):
                await _sleep_or_stop(stop, config.LEASE_SECONDS / 3)
                continue
            await _run_while_leased(stop, holder)
    finally:
        with contextlib.suppress(Exception):
            await lease.release(name=POLLER_LEASE, holder=holder)


async def _run_while_leased(stop: asyncio.Event, holder: str) -> None:
    lost = asyncio.Event()
    inner_stop = asyncio.Event()
    tasks: dict[int, asyncio.Task[None]] = {}
    try:
        while not stop.is_set():
            active = {m.id for m in await Mailbox.filter(active=True).only("id")}
            for mailbox_id in active - tasks.keys():
                tasks[mailbox_id] = asyncio.create_task(watch_mailbox(mailbox_id, inner_stop))
            for mailbox_id in list(tasks):
                if tasks[mailbox_id].done():
                    del tasks[mailbox_id]
            await _sleep_or_stop(stop, config.LEASE_SECONDS / 3)
            if not await lease.acquire(name=POLLER_LEASE, holder=holder, seconds=config.LEASE_SECONDS):
                lost.set()
                log.warning("poller lease lost; stopping this process's pollers")
                return
    finally:
        inner_stop.set()
        for task in tasks.values():
            task.cancel()
        for task in tasks.values():
            with contextlib.suppress(BaseException):
                await task
