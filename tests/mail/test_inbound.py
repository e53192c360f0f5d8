"""E-mail to case through the real path: Dovecot -> poller -> inbound -> core services -> database."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook import settings
from casebook.auth.actor import Actor
from casebook.cases.models import Case
from casebook.cases.services import set_status
from casebook.contacts.models import Contact
from casebook.enums import CaseStatus, Channel, Origin
from casebook.mail import config, files
from casebook.mail.mailboxes import create_mailbox
from casebook.mail.models import Mailbox, MessageRef, SetAsideMessage
from casebook.mail.poller import fetch_once
from casebook.stream.models import Attachment, Post
from support.dovecot import DovecotServer, ImapUser

CORPUS = Path(__file__).parent / "corpus"


async def make_mailbox(user: ImapUser) -> Mailbox:
    return await create_mailbox(actor=Actor.system(), address=user.address, imap_url=user.url)


def mail(sender: str, subject: str, body: str, *, mid: str, extra: str = "") -> bytes:
    return (
        f"From: {sender}\r\nTo: support@example.test\r\nSubject: {subject}\r\nMessage-ID: <{mid}>\r\n"
        f"{extra}Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    ).encode()


@pytest.mark.asyncio
async def test_new_mail_becomes_a_case_and_is_flagged_after(db: str, dovecot: DovecotServer) -> None:
    user = dovecot.add_user()
    mailbox = await make_mailbox(user)
    user.append(
        mail(
            "Stranger <new@customer.test>",
            "VPN down",
            "It is down.",
            mid="n1@customer.test",
        )
    )

    result = await fetch_once(mailbox)

    assert [o.kind for o in result.outcomes] == ["case"]
    case = await Case.get(id=result.outcomes[0].case_id)
    assert (case.subject, case.origin, case.email, case.description) == (
        "VPN down",
        Origin.EMAIL,
        "new@customer.test",
        "It is down.",
    )
    post = await Post.get(case_id=case.id)
    assert (
        post.channel is Channel.EMAIL
        and post.author_email == "new@customer.test"
        and post.body == "It is down."
    )
    ref = await MessageRef.get(message_id="<n1@customer.test>")
    assert ref.case_id == case.id  # type: ignore[attr-defined]
    assert files.read_bytes(ref.raw_key or "").startswith(b"From: Stranger")
    assert "$CasebookProcessed" in user.flags()[1]
    await mailbox.refresh_from_db()
    assert mailbox.last_uid == 1 and mailbox.uidvalidity


@pytest.mark.asyncio
async def test_reply_by_references_and_by_tag_land_on_the_same_case(db: str, dovecot: DovecotServer) -> None:
    user = dovecot.add_user()
    mailbox = await make_mailbox(user)
    contact = await Contact.create(name="Ana", email="Ana@Customer.test")
    user.append(mail("ana@customer.test", "Printer", "jammed", mid="p1@customer.test"))
    first = await fetch_once(mailbox)
    case = await Case.get(id=first.outcomes[0].case_id)
    assert case.email is None and [c.id for c in await case.contacts.all()] == [contact.id]

    user.append(
        mail(
            "ana@customer.test",
            "Re: Printer",
            "still",
            mid="p2@customer.test",
            extra="In-Reply-To: <p1@customer.test>\r\n",
        )
    )
    user.append(
        mail(
            "ana@customer.test",
            f"Other words [#{case.number}]",
            "by tag",
            mid="p3@customer.test",
        )
    )
    # A stranger cannot post into somebody else's case by typing its tag.
    user.append(mail("eve@evil.test", f"[#{case.number}] hijack", "let me in", mid="p4@evil.test"))
    result = await fetch_once(mailbox)

    assert [o.kind for o in result.outcomes] == ["post", "post", "case"]
    assert result.outcomes[0].case_id == case.id and result.outcomes[1].case_id == case.id
    assert result.outcomes[2].case_id != case.id
    bodies = [p.body for p in await Post.filter(case_id=case.id).order_by("id")]
    assert bodies == ["jammed", "still", "by tag"]


@pytest.mark.asyncio
async def test_customer_reply_reopens_a_resolved_case(db: str, dovecot: DovecotServer) -> None:
    user = dovecot.add_user()
    mailbox = await make_mailbox(user)
    user.append(mail("c@customer.test", "Broken", "help", mid="r1@customer.test"))
    case_id = (await fetch_once(mailbox)).outcomes[0].case_id
    assert case_id is not None
    await set_status(actor=Actor.system(), case_id=case_id, status=CaseStatus.RESOLVED)
    user.append(
        mail(
            "c@customer.test",
            "Re: Broken",
            "again",
            mid="r2@customer.test",
            extra="References: <r1@customer.test>\r\n",
        )
    )

    await fetch_once(mailbox)

    case = await Case.get(id=case_id)
    assert case.status is not CaseStatus.RESOLVED and case.resolved_at is None


@pytest.mark.asyncio
async def test_the_same_message_id_is_stored_once(db: str, dovecot: DovecotServer) -> None:
    user = dovecot.add_user()
    mailbox = await make_mailbox(user)
    raw = mail("d@customer.test", "Twice", "same", mid="dup@customer.test")
    user.append(raw)
    user.append(raw)  # e.g. delivered to two aliases of the group mailbox
    result = await fetch_once(mailbox)
    assert [o.kind for o in result.outcomes] == ["case", "duplicate"]
    assert await Case.filter(subject="Twice").count() == 1
    assert all("$CasebookProcessed" in f for f in user.flags().values())


@pytest.mark.asyncio
async def test_own_addresses_and_rate_limit_are_set_aside(
    db: str, dovecot: DovecotServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = dovecot.add_user()
    mailbox = await make_mailbox(user)
    monkeypatch.setattr(config, "SENDER_RATE_LIMIT", "2/hour")
    user.append(mail(settings.MAIL_FROM, "Notification", "loop", mid="own1@example.test"))
    user.append(mail(user.address, "From the group itself", "loop", mid="own2@example.test"))
    for i in range(3):
        user.append(mail("flood@customer.test", f"flood {i}", "x", mid=f"flood{i}@customer.test"))

    result = await fetch_once(mailbox)

    assert [o.kind for o in result.outcomes] == [
        "set_aside",
        "set_aside",
        "case",
        "case",
        "set_aside",
    ]
    reasons = [s.reason for s in await SetAsideMessage.filter(mailbox_id=mailbox.id).order_by("uid")]
    assert "own address" in reasons[0] and "own address" in reasons[1] and "rate limit" in reasons[2]


@pytest.mark.asyncio
async def test_corpus_of_awkward_messages(
    db: str, dovecot: DovecotServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "MAX_ATTACHMENT_BYTES", 64 * 1024)
    user = dovecot.add_user()
    mailbox = await make_mailbox(user)
    names = sorted(p.name for p in CORPUS.glob("*.eml"))
    for name in names:
        user.append((CORPUS / name).read_bytes())

    result = await fetch_once(mailbox)

    kinds = dict(zip(names, [o.kind for o in result.outcomes], strict=True))
    automatic = {
        "auto_reply_vacation.eml",
        "bounce_mailer_daemon.eml",
        "outlook_oof.eml",
        "precedence_bulk.eml",
        "x_autoreply.eml",
        "no_from.eml",
    }
    assert {n for n, k in kinds.items() if k == "set_aside"} == automatic
    assert result.failed == 0
    # Every message is accounted for and flagged; a second pass finds nothing.
    assert len(user.flags()) == len(names) and all("$CasebookProcessed" in f for f in user.flags().values())
    assert (await fetch_once(mailbox)).outcomes == []

    jp = await Case.get(subject="請求書について")
    assert "請求書が届いていません" in (jp.description or "")
    nested = await Case.get(subject="Screenshot and invoice attached")
    atts = {a.filename: a for a in await Attachment.filter(case_id=nested.id)}
    assert set(atts) == {"screenshot.png", "invoice 2026-11.pdf", "attachment-3.eml"}
    assert files.read_bytes(atts["invoice 2026-11.pdf"].storage_key).startswith(b"%PDF")
    post = await Post.get(case_id=nested.id)
    assert f'src="/files/{atts["screenshot.png"].id}"' in (post.body_html or "")
    evil = await Post.get(author_email="eve@customer.test")
    assert "<script" not in (evil.body_html or "") and "javascript:" not in (evil.body_html or "")
    huge = await Post.get(author_email="big@customer.test")
    assert "logs.tar (150000 bytes) was not kept" in huge.body
    assert [a.filename for a in await Attachment.filter(post_id=huge.id)] == ["small.txt"]
    gmail = await Post.get(author_email="ana@customer.test", body__startswith="Still broken")
    assert gmail.body == "Still broken this morning."
    assert "<details>" in (gmail.body_html or "")
    no_id = await Case.get(subject="Nightly export failed")
    assert await MessageRef.filter(case_id=no_id.id, message_id__endswith="@casebook.invalid>").count() == 1


@pytest.mark.asyncio
async def test_message_over_the_size_limit_is_set_aside_unfetched(
    db: str, dovecot: DovecotServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "MAX_MESSAGE_BYTES", 10_000)
    user = dovecot.add_user()
    mailbox = await make_mailbox(user)
    user.append((CORPUS / "huge_attachment.eml").read_bytes())
    result = await fetch_once(mailbox)
    assert [o.kind for o in result.outcomes] == ["set_aside"]
    aside = await SetAsideMessage.get(mailbox_id=mailbox.id)
    assert "too large" in aside.reason and aside.uid == 1


@pytest.mark.asyncio
async def test_new_uidvalidity_starts_over_without_duplicates(db: str, dovecot: DovecotServer) -> None:
    user = dovecot.add_user()
    mailbox = await make_mailbox(user)
    user.append(mail("u@customer.test", "one", "1", mid="uv1@customer.test"))
    user.append(mail("u@customer.test", "two", "2", mid="uv2@customer.test"))
    await fetch_once(mailbox)
    # As if the server had rebuilt the folder: our stored position no longer applies.
    await Mailbox.filter(id=mailbox.id).update(uidvalidity=1, last_uid=99)
    user.append(mail("u@customer.test", "three", "3", mid="uv3@customer.test"))
    mailbox = await Mailbox.get(id=mailbox.id)

    result = await fetch_once(mailbox)

    assert [o.kind for o in result.outcomes] == ["case"]
    assert sorted(await Case.all().values_list("subject", flat=True)) == [
        "one",
        "three",
        "two",
    ]
    await mailbox.refresh_from_db()
    assert mailbox.last_uid == 3 and mailbox.uidvalidity != 1


@pytest.mark.asyncio
async def test_customer_with_portal_login_follows_the_case_they_mailed(
    db: str, dovecot: DovecotServer
) -> None:
    from casebook.cases.models import CaseFollower
    from casebook.enums import Role
    from casebook.users.models import User

    contact = await Contact.create(name="Pat", email="pat@customer.test")
    pat = await User.create(email="pat@customer.test", name="Pat", role=Role.CUSTOMER, contact=contact)
    user = dovecot.add_user()
    mailbox = await make_mailbox(user)
    user.append(mail("pat@customer.test", "follow me", "x", mid="f1@customer.test"))
    [outcome] = (await fetch_once(mailbox)).outcomes
    assert await CaseFollower.filter(case_id=outcome.case_id, user_id=pat.id).exists()


@pytest.mark.asyncio
async def test_agent_answering_by_mail_posts_as_the_agent(db: str, dovecot: DovecotServer) -> None:
    from casebook.enums import AuthorKind, Role
    from casebook.users.models import User

    agent = await User.create(email="alex@example.test", name="Alex Agent", role=Role.AGENT)
    user = dovecot.add_user()
    mailbox = await make_mailbox(user)
    user.append(mail("q@customer.test", "Question", "how?", mid="q1@customer.test"))
    [first] = (await fetch_once(mailbox)).outcomes
    user.append(
        mail(
            "Alex Agent <ALEX@example.test>",
            "Re: Question",
            "like this",
            mid="a1@example.test",
            extra="In-Reply-To: <q1@customer.test>\r\n",
        )
    )
    [answer] = (await fetch_once(mailbox)).outcomes
    assert (answer.kind, answer.case_id) == ("post", first.case_id)
    post = await Post.filter(case_id=first.case_id).order_by("-id").first()
    assert post is not None
    assert post.author_kind is AuthorKind.AGENT and post.author_user_id == agent.id  # type: ignore[attr-defined]


@pytest.mark.asyncio
async def test_reply_to_names_the_customer_behind_a_relay(db: str, dovecot: DovecotServer) -> None:
    user = dovecot.add_user()
    mailbox = await make_mailbox(user)
    user.append(
        mail(
            "Web shop <noreply@shop.test>",
            "Order 77 question",
            "Where is it?",
            mid="relay1@shop.test",
            extra="Reply-To: Buyer <buyer@customer.test>\r\n",
        )
    )
    [outcome] = (await fetch_once(mailbox)).outcomes
    case = await Case.get(id=outcome.case_id)
    assert case.email == "buyer@customer.test"
    post = await Post.get(case_id=case.id)
    assert post.author_email == "buyer@customer.test"


@pytest.mark.asyncio
async def test_contact_made_from_a_mailed_case_takes_the_display_name(
    db: str, dovecot: DovecotServer
) -> None:
    from casebook.mail.mailboxes import create_contact_from_case

    user = dovecot.add_user()
    mailbox = await make_mailbox(user)
    user.append(mail("Dana Díaz <dana@customer.test>", "Hi", "x", mid="dana1@customer.test"))
    [outcome] = (await fetch_once(mailbox)).outcomes
    assert outcome.case_id is not None
    contact = await create_contact_from_case(actor=Actor.system(), case_id=outcome.case_id)
    assert (contact.name, contact.email) == ("Dana Díaz", "dana@customer.test")


@pytest.mark.asyncio
async def test_a_set_aside_message_can_be_accepted_anyway(db: str, dovecot: DovecotServer) -> None:
    from casebook.mail.inbound import accept_set_aside

    user = dovecot.add_user()
    mailbox = await make_mailbox(user)
    user.append(
        mail(
            "boss@customer.test",
            "Urgent",
            "please help",
            mid="bulk-real@customer.test",
            extra="Precedence: bulk\r\n",
        )
    )
    [outcome] = (await fetch_once(mailbox)).outcomes
    assert outcome.kind == "set_aside"
    row = await SetAsideMessage.get(mailbox_id=mailbox.id)

    accepted = await accept_set_aside(set_aside_id=row.id)

    case = await Case.get(id=accepted.case_id)
    assert (case.subject, case.email) == ("Urgent", "boss@customer.test")
    assert not await SetAsideMessage.filter(id=row.id).exists()


@pytest.mark.asyncio
async def test_a_refused_message_in_a_batch_is_set_aside_and_the_others_go_in(
    db: str, dovecot: DovecotServer
) -> None:
    user = dovecot.add_user()
    mailbox = await make_mailbox(user)
    # Parses fine, but the case service refuses it (an e-mail address over 254 characters): the
    # batch's transaction rolls back and its messages go in one by one.
    long_sender = "x" * 250 + "@customer.test"
    user.append(mail("one@customer.test", "first", "1", mid="b1@customer.test"))
    user.append(mail("two@customer.test", "second", "2", mid="b2@customer.test"))
    user.append(mail(long_sender, "refused", "3", mid="b3@customer.test"))
    user.append(mail("four@customer.test", "fourth", "4", mid="b4@customer.test"))
    user.append(
        mail(
            "one@customer.test",
            "Re: first",
            "5",
            mid="b5@customer.test",
            extra="In-Reply-To: <b1@customer.test>\r\n",
        )
    )

    result = await fetch_once(mailbox)

    assert [o.kind for o in result.outcomes] == ["case", "case", "set_aside", "case", "post"]
    assert result.outcomes[4].case_id == result.outcomes[0].case_id and result.failed == 0
    assert sorted(await Case.all().values_list("subject", flat=True)) == ["first", "fourth", "second"]
    aside = await SetAsideMessage.get(mailbox_id=mailbox.id)
    assert aside.uid == 3 and aside.reason.startswith("refused:") and aside.message_id == "<b3@customer.test>"
    # Nothing of the refused message was half-written, and every message is stored exactly once.
    assert not await MessageRef.filter(message_id="<b3@customer.test>").exists()
    assert await MessageRef.all().count() == 4 and await Post.all().count() == 4
    assert all("$CasebookProcessed" in f for f in user.flags().values())
    assert (await fetch_once(mailbox)).outcomes == []


@pytest.mark.asyncio
async def test_a_batch_threads_replies_to_messages_of_the_same_batch_and_keeps_its_position(
    db: str, dovecot: DovecotServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "FETCH_BATCH", 4)
    user = dovecot.add_user()
    mailbox = await make_mailbox(user)
    contact = await Contact.create(name="Kim", email="KIM@customer.test")
    for i in range(10):
        extra = f"In-Reply-To: <t{i - 1}@customer.test>\r\n" if i % 2 else ""
        user.append(
            mail("kim@customer.test", f"thread {i // 2}", f"m{i}", mid=f"t{i}@customer.test", extra=extra)
        )
    user.append(mail("kim@customer.test", "again", "dup", mid="t0@customer.test"))  # a later duplicate

    result = await fetch_once(mailbox)

    assert [o.kind for o in result.outcomes] == ["case", "post"] * 5 + ["duplicate"]
    for i in range(0, 10, 2):
        assert result.outcomes[i + 1].case_id == result.outcomes[i].case_id
    cases = await Case.all()
    assert len(cases) == 5
    for case in cases:
        assert [c.id for c in await case.contacts.all()] == [contact.id]  # matched case-insensitively
    await mailbox.refresh_from_db()
    assert mailbox.last_uid == 11
