"""The mail admin API and createContactFromCase, through the real schema."""

from __future__ import annotations

import json
from typing import Any

import pytest

from casebook.auth.actor import Actor
from casebook.cases.models import Case
from casebook.cases.services import create_case
from casebook.contacts.models import Contact
from casebook.enums import Origin, Role
from casebook.graphql.context import Context
from casebook.graphql.schema import schema
from casebook.mail.mailboxes import create_mailbox
from casebook.mail.models import Mailbox, SetAsideMessage
from casebook.users.models import User


async def run(document: str, role: Role, **variables: Any) -> dict[str, Any]:
    user = await User.create(
        email=f"{role.value.lower()}{await User.all().count()}@example.test",
        name=role.value,
        role=role,
    )
    context = Context(request=None, response=None, actor=await Actor.for_user(user))  # type: ignore[arg-type]
    result = await schema.execute(document, variable_values=variables, context_value=context)
    return {"data": result.data, "errors": [e.formatted for e in result.errors or []]}


MAILBOXES = "{ mailboxes { id address imapHost imapPort imapTls imapUser folder active lastUid } }"


@pytest.mark.asyncio
async def test_admin_lists_mailboxes_without_secrets(db: str) -> None:
    await create_mailbox(
        actor=Actor.system(),
        address="help@example.test",
        imap_url="imap://help:Sup3rS3cret@127.0.0.1:1143/Cases",
    )
    result = await run(MAILBOXES, Role.ADMIN)
    assert result["errors"] == []
    [box] = result["data"]["mailboxes"]
    assert (box["address"], box["imapPort"], box["folder"], box["imapTls"]) == (
        "help@example.test",
        1143,
        "Cases",
        False,
    )
    assert "Sup3rS3cret" not in json.dumps(result)
    stored = await Mailbox.get(address="help@example.test")
    assert "Sup3rS3cret" not in stored.secret  # encrypted at rest


@pytest.mark.asyncio
async def test_agents_cannot_see_mailboxes(db: str) -> None:
    result = await run(MAILBOXES, Role.AGENT)
    assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.asyncio
async def test_create_update_deactivate_and_plain_imap_refused_for_remote_hosts(
    db: str,
) -> None:
    create = "mutation($a: String!, $u: String!) { createMailbox(address: $a, imapUrl: $u) { id active } }"
    bad = await run(create, Role.ADMIN, a="x@example.test", u="imap://u:p@mail.example.test/INBOX")
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    ok = await run(create, Role.ADMIN, a="x@example.test", u="imaps://u:p@mail.example.test/INBOX")
    box_id = ok["data"]["createMailbox"]["id"]
    update = 'mutation($id: ID!) { updateMailbox(id: $id, input: {folder: "Support", password: "new"}) { folder } }'
    assert (await run(update, Role.ADMIN, id=box_id))["data"]["updateMailbox"]["folder"] == "Support"
    off = await run(
        "mutation($id: ID!) { deactivateMailbox(id: $id) { active } }",
        Role.ADMIN,
        id=box_id,
    )
    assert off["data"]["deactivateMailbox"]["active"] is False


@pytest.mark.asyncio
async def test_set_aside_messages_show_their_reasons(db: str) -> None:
    box = await create_mailbox(
        actor=Actor.system(),
        address="a@example.test",
        imap_url="imap://a:b@127.0.0.1/INBOX",
    )
    await SetAsideMessage.create(
        mailbox_id=box.id,
        uidvalidity=1,
        uid=7,
        sender="bot@x.test",
        reason="bounce (from mailer-daemon)",
    )
    result = await run("{ setAsideMessages { uid sender reason } }", Role.ADMIN)
    assert result["data"]["setAsideMessages"] == [
        {"uid": 7, "sender": "bot@x.test", "reason": "bounce (from mailer-daemon)"}
    ]


@pytest.mark.asyncio
async def test_create_contact_from_case_in_one_action(db: str) -> None:
    case = await create_case(
        actor=Actor.system(),
        subject="From a stranger",
        origin=Origin.EMAIL,
        email="New.Person@customer.test",
    )
    doc = 'mutation($id: ID!) { createContactFromCase(caseId: $id, name: "New Person") { id name email } }'
    result = await run(doc, Role.AGENT, id=str(case.id))
    assert result["errors"] == []
    contact = await Contact.get(email="new.person@customer.test")
    assert result["data"]["createContactFromCase"]["name"] == "New Person"
    case = await Case.get(id=case.id)
    assert case.email is None and case.reported_by_id == contact.id  # type: ignore[attr-defined]
    assert [c.id for c in await case.contacts.all()] == [contact.id]
    again = await run(doc, Role.AGENT, id=str(case.id))
    assert again["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    customer = await run(doc, Role.CUSTOMER, id=str(case.id))
    assert customer["errors"][0]["extensions"]["code"] in {"FORBIDDEN", "NOT_FOUND"}
