"""The whole loop with real servers: customer mail -> case -> agent answer over SMTP -> customer
replies to that very message -> the reply lands on the same case."""

from __future__ import annotations

import pytest

from casebook import settings
from casebook.auth.actor import Actor
from casebook.background import consumers
from casebook.cases.models import Case
from casebook.enums import Role, Visibility
from casebook.mail.mailboxes import create_mailbox
from casebook.mail.notifications import CONSUMER
from casebook.mail.outbox import deliver_due
from casebook.mail.poller import fetch_once
from casebook.stream.models import Post
from casebook.stream.services import add_post
from casebook.users.models import User
from support.dovecot import DovecotServer
from support.smtp import SmtpSink


@pytest.mark.asyncio
async def test_full_round_trip(
    db: str,
    dovecot: DovecotServer,
    smtp_sink: SmtpSink,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "SMTP_URL", smtp_sink.url)
    group = dovecot.add_user()
    mailbox = await create_mailbox(actor=Actor.system(), address=group.address, imap_url=group.url)
    agent = await User.create(email="agent@example.test", name="Alex Agent", role=Role.AGENT)

    group.append(
        b"From: Kim <kim@customer.test>\r\nTo: " + group.address.encode() + b"\r\nSubject: Cannot log in\r\n"
        b"Message-ID: <first@customer.test>\r\nContent-Type: text/plain\r\n\r\nMy password is rejected.\r\n"
    )
    [created] = (await fetch_once(mailbox)).outcomes
    case = await Case.get(id=created.case_id)
    assert case.email == "kim@customer.test"

    actor = await Actor.for_user(agent)
    await add_post(
        actor=actor,
        case=case,
        body="Internal: check the LDAP sync",
        visibility=Visibility.INTERNAL,
    )
    await add_post(
        actor=actor,
        case=case,
        body="Please reset it via the link.",
        visibility=Visibility.PUBLIC,
    )
    await consumers.run_to_end(CONSUMER)  # what the worker does after the commit
    assert (await deliver_due()).sent == 1

    [answer] = smtp_sink.to("kim@customer.test")
    msg = answer.message
    assert answer.mail_from == group.address
    assert group.address in msg["From"] and msg["Reply-To"] == group.address
    assert msg["Subject"] == f"[#{case.number}] Cannot log in"
    assert msg["In-Reply-To"] == "<first@customer.test>"
    assert "<first@customer.test>" in msg["References"]
    assert "Please reset it via the link." in answer.text()
    assert "LDAP" not in answer.raw.decode()

    # The customer answers that message; the subject carries no tag, so only the headers can thread it.
    group.append(
        b"From: kim@customer.test\r\nTo: " + group.address.encode() + b"\r\nSubject: Re: login\r\n"
        b"Message-ID: <second@customer.test>\r\nIn-Reply-To: " + msg["Message-ID"].encode() + b"\r\n"
        b"References: <first@customer.test> " + msg["Message-ID"].encode() + b"\r\n"
        b"Content-Type: text/plain\r\n\r\nWorked, thanks!\r\n\r\nOn Monday Support wrote:\r\n> Please reset it\r\n"
    )
    [reply] = (await fetch_once(mailbox)).outcomes
    assert (reply.kind, reply.case_id) == ("post", case.id)
    bodies = [p.body for p in await Post.filter(case_id=case.id).order_by("id")]
    assert bodies[-1] == "Worked, thanks!"
    assert await Case.all().count() == 1
