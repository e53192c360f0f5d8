"""A customer never sees how support distributes its work: not the assignment's reason (the history
is null for her, the event's fields she hears of leave it out, her mail does not carry it), nor the
team's strategy or cap."""

from __future__ import annotations

import email
import email.policy
from typing import Any

from casebook import events, settings, visibility
from casebook.assignment.consumer import CONSUMER
from casebook.background import consumers
from casebook.cases.services import update_case
from casebook.enums import Role
from casebook.mail.models import OutboxMail
from casebook.mail.notifications import CONSUMER as NOTIFICATIONS
from casebook.teams.models import AssignmentStrategy
from support.eventlog import read_settled

CASE = """
query ($id: ID!) {
  case(id: $id) {
    status
    history { field newValue }
    team { name assignmentStrategy maxOpenPerAgent }
  }
}
"""

CREATE = """mutation ($subject: String!) { createCase(input: {subject: $subject}) { id } }"""


async def test_a_customer_sees_none_of_the_assignment(
    db: str, api: Any, people: Any, staffed: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(settings, "MAIL_FROM", "casebook@example.test")
    team = await staffed(2, AssignmentStrategy.ROUND_ROBIN, max_open_per_agent=5)
    customer = await people.make(Role.CUSTOMER, "Kim")
    made = await api(CREATE, {"subject": "My router blinks"}, as_=customer)
    case_id = int(made["data"]["createCase"]["id"])
    # The portal case has no team; an agent moves it into the queue, the worker assigns it.
    await update_case(actor=team.agents[0].actor, case_id=case_id, changes={"teamId": team.team_id})
    await read_settled(count=2)
    await consumers.run_to_end(CONSUMER)

    staff_view = await api(CASE, {"id": str(case_id)}, as_=team.agents[0])
    assert "assignmentReason" in [e["field"] for e in staff_view["data"]["case"]["history"]]
    assert staff_view["data"]["case"]["team"]["assignmentStrategy"] == "ROUND_ROBIN"
    assert staff_view["data"]["case"]["team"]["maxOpenPerAgent"] == 5

    got = await api(CASE, {"id": str(case_id)}, as_=customer)
    assert "errors" not in got, got
    seen = got["data"]["case"]
    assert seen["status"] == "ASSIGNED" and seen["history"] is None
    assert seen["team"] == {"name": "Support", "assignmentStrategy": None, "maxOpenPerAgent": None}

    # The assignment's event: she hears that the status changed, nothing else.
    [assigned] = [
        e for _, e in await read_settled(count=3) if e.kind == events.CASE_CHANGED and e.caused_by is not None
    ]
    assert "assignmentReason" in assigned.changed_fields
    assert visibility.can_see_event(customer.actor, assigned)
    assert visibility.changes_for(customer.actor, assigned.changed_fields) == ["status"]

    # Nor does her notification mail of it carry the reason.
    await consumers.run_to_end(NOTIFICATIONS)
    mails = await OutboxMail.filter(recipient=customer.email).values_list("content", flat=True)
    assert mails, "the customer follows her case and hears of the status change"
    for content in mails:
        message = email.message_from_string(content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        text = f"{message['subject']}\n{body.get_content() if body else ''}"
        assert "Status: ASSIGNED" in text  # what she may read is there, decoded
        assert "ROUND_ROBIN" not in text and "candidates" not in text and "Support0" not in text
