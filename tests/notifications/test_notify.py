"""notify: a row for each active recipient who may see the case (no one else), and with email=True
one message per (event, user) through the outbox to a real SMTP server."""

from __future__ import annotations

from typing import Any

import pytest

from casebook import settings
from casebook.auth.actor import Actor
from casebook.cases.services import create_case
from casebook.enums import Role
from casebook.mail.models import OutboxMail
from casebook.mail.outbox import deliver_due
from casebook.notifications.models import Notification
from casebook.notifications.services import notify
from casebook.teams.services import save_team
from casebook.users.services import update_user

ROOT = Actor(user_id=None, role=Role.ADMIN, name="tests")


async def _two_teams(people: Any) -> tuple[Any, Any, int]:
    ours = await people.make(Role.AGENT, "Olga")
    theirs = await people.make(Role.AGENT, "Theo")
    team = await save_team(actor=ROOT, name="Ours", member_ids=[ours.id])
    await save_team(actor=ROOT, name="Theirs", member_ids=[theirs.id])
    case = await create_case(actor=ROOT, subject="Router down", team_id=team.id)
    return ours, theirs, case.id


async def test_only_recipients_who_may_see_the_case_get_a_row(db: str, people: Any) -> None:
    ours, theirs, case_id = await _two_teams(people)
    gone = await people.make(Role.AGENT, "Gone")
    await save_team(actor=ROOT, name="Ours", team_id=1, member_ids=[ours.id, gone.id])
    await update_user(actor=ROOT, user_id=gone.id, is_active=False)
    customer = await people.make(Role.CUSTOMER, "Kim")

    got = await notify(
        user_ids=[ours.id, theirs.id, gone.id, customer.id], case_id=case_id, title="Look at this"
    )
    assert got == 1
    rows = await Notification.all().values("user_id", "case_id", "title", "body", "read_at")
    assert rows == [
        {"user_id": ours.id, "case_id": case_id, "title": "Look at this", "body": None, "read_at": None}
    ]
    assert await OutboxMail.all().count() == 0  # no e-mail unless asked


async def test_a_missing_case_notifies_nobody(db: str, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Ann")
    assert await notify(user_ids=[agent.id], case_id=999, title="Ghost") == 0
    assert await Notification.all().count() == 0


async def test_email_goes_once_per_event_and_user_to_the_smtp_server(
    db: str, people: Any, smtp_sink: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "SMTP_URL", smtp_sink.url)
    monkeypatch.setattr(settings, "MAIL_FROM", "casebook@example.test")
    ours, _, case_id = await _two_teams(people)
    quiet = await people.make(Role.AGENT, "Quiet", email_notifications=False)
    await save_team(actor=ROOT, team_id=1, member_ids=[ours.id, quiet.id])

    for _ in range(2):  # the same event handled twice (a re-read log, two rules)
        await notify(
            user_ids=[ours.id, quiet.id],
            case_id=case_id,
            title="Urgent case",
            body="The customer called twice.",
            email=True,
            event_id=41,
        )
    await notify(user_ids=[ours.id], case_id=case_id, title="Another event", email=True, event_id=42)

    assert await Notification.filter(user_id=quiet.id).count() == 2  # in-app rows, no mail
    keys = sorted(await OutboxMail.all().values_list("dedupe_key", flat=True))
    assert keys == [f"notification:41:{ours.id}", f"notification:42:{ours.id}"]
    await deliver_due()
    received = smtp_sink.to(ours.email)
    assert sorted(m.message["subject"] for m in received) == [
        "Another event [#10001]",
        "Urgent case [#10001]",
    ]
    urgent = next(m for m in received if m.message["subject"].startswith("Urgent"))
    assert "The customer called twice." in urgent.text() and "/cases/10001" in urgent.text()
    assert smtp_sink.to(quiet.email) == []
