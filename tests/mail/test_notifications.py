"""Who gets which mail after a committed change, read back from the real SMTP sink."""

from __future__ import annotations

import pytest

from casebook import settings
from casebook.auth.actor import Actor
from casebook.background import worker
from casebook.cases.services import create_case, set_status, update_case
from casebook.contacts.models import Contact
from casebook.enums import CaseStatus, Origin, Role, Visibility
from casebook.mail.models import OutboxKind, OutboxMail
from casebook.stream.services import add_post
from casebook.users.models import User
from support.smtp import SmtpSink


@pytest.fixture
def wired(db: str, smtp_sink: SmtpSink, monkeypatch: pytest.MonkeyPatch) -> SmtpSink:
    monkeypatch.setattr(settings, "SMTP_URL", smtp_sink.url)
    return smtp_sink


async def deliver_due() -> None:
    """What a worker does after a commit: the notifications consumer, then the mail jobs."""
    await worker.run_once()


async def people() -> tuple[User, User, User]:
    contact = await Contact.create(name="Carla Customer", email="carla@customer.test")
    customer = await User.create(
        email="carla@customer.test", name="Carla", role=Role.CUSTOMER, contact=contact
    )
    agent = await User.create(email="agent@example.test", name="Alex Agent", role=Role.AGENT)
    watcher = await User.create(email="watcher@example.test", name="Wanda", role=Role.AGENT, auto_follow=True)
    return customer, agent, watcher


@pytest.mark.asyncio
async def test_internal_posts_never_reach_the_customer(wired: SmtpSink) -> None:
    customer, agent, _ = await people()
    case = await create_case(actor=await Actor.for_user(customer), subject="Portal question")
    agent_actor = await Actor.for_user(agent)
    await add_post(
        actor=agent_actor,
        case=case,
        body="SECRET internal remark",
        visibility=Visibility.INTERNAL,
    )
    await add_post(
        actor=agent_actor,
        case=case,
        body="Public answer for you",
        visibility=Visibility.PUBLIC,
    )
    await deliver_due()

    to_customer = wired.to("carla@customer.test")
    assert len(to_customer) == 1  # the reply; no second notification of the same post
    assert "Public answer for you" in to_customer[0].text()
    for message in to_customer:
        assert "SECRET" not in message.raw.decode()
    to_watcher = [m.message["Subject"] for m in wired.to("watcher@example.test")]
    assert any("New case" in s for s in to_watcher)
    assert any("Internal note" in s for s in to_watcher)
    assert any("SECRET internal remark" in m.text() for m in wired.to("watcher@example.test"))
    assert wired.to("agent@example.test") == []  # the author is not told about their own posts


@pytest.mark.asyncio
async def test_changes_are_filtered_per_follower(wired: SmtpSink) -> None:
    customer, agent, _ = await people()
    case = await create_case(actor=await Actor.for_user(customer), subject="Changes")
    await deliver_due()
    wired.clear()
    agent_actor = await Actor.for_user(agent)
    await update_case(
        actor=agent_actor,
        case_id=case.id,
        changes={"internalComments": "VIP, handle with care"},
    )
    await deliver_due()
    assert wired.to("carla@customer.test") == []
    assert len(wired.to("watcher@example.test")) == 1

    await set_status(actor=agent_actor, case_id=case.id, status=CaseStatus.PENDING)
    await deliver_due()
    [changed] = wired.to("carla@customer.test")
    assert "status" in changed.text() and "VIP" not in changed.raw.decode()
    assert f"/portal/cases/{case.number}" in changed.text()
    [agent_copy] = [m for m in wired.to("watcher@example.test") if "status" in m.text()]
    assert f"8000/cases/{case.number}" in agent_copy.text()
    assert changed.message["Auto-Submitted"] == "auto-generated"


@pytest.mark.asyncio
async def test_followers_who_turned_mail_off_get_none(wired: SmtpSink) -> None:
    customer, agent, watcher = await people()
    watcher.email_notifications = False
    await watcher.save()
    case = await create_case(actor=await Actor.for_user(customer), subject="Quiet")
    await add_post(actor=await Actor.for_user(agent), case=case, body="hi", visibility=Visibility.PUBLIC)
    await deliver_due()
    assert wired.to("watcher@example.test") == []
    # A portal case: the customer hears of the answer as a follower, not as an e-mail conversation.
    assert await OutboxMail.filter(kind=OutboxKind.REPLY).count() == 0
    assert await OutboxMail.filter(kind=OutboxKind.NOTIFICATION, recipient="carla@customer.test").count() == 1


@pytest.mark.asyncio
async def test_contacts_without_a_portal_login_get_nothing_on_non_mail_cases(wired: SmtpSink) -> None:
    _, agent, _ = await people()
    offline = await Contact.create(name="Otto Offline", email="otto@customer.test")
    actor = await Actor.for_user(agent)
    case = await create_case(actor=actor, subject="Phoned in", origin=Origin.PHONE, contact_ids=[offline.id])
    await add_post(actor=actor, case=case, body="we called back", visibility=Visibility.PUBLIC)
    await deliver_due()
    assert wired.to("otto@customer.test") == []


@pytest.mark.asyncio
async def test_edited_template_is_used(wired: SmtpSink) -> None:
    from casebook.mail import templates

    _, agent, _ = await people()
    actor = await Actor.for_user(agent)
    await templates.save(key="reply", subject="Re: ${tagged_subject} (edited)", body="EDITED ${body}")
    case = await create_case(actor=actor, subject="Templates", origin=Origin.EMAIL, email="kim@customer.test")
    await add_post(actor=actor, case=case, body="the answer", visibility=Visibility.PUBLIC)
    await deliver_due()
    [reply] = wired.to("kim@customer.test")
    assert reply.message["Subject"] == f"Re: [#{case.number}] Templates (edited)"
    assert "EDITED the answer" in reply.text()
