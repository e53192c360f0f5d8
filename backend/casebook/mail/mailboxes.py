"""Admin services for group mailboxes and for turning an e-mail sender into a contact."""

from __future__ import annotations

import re
from typing import Any

from tortoise.exceptions import IntegrityError

from casebook import work
from casebook.auth.actor import Actor
from casebook.cases.models import Case
from casebook.cases.services import add_contact, get_case
from casebook.contacts.models import Contact
from casebook.contacts.services import save_contact
from casebook.errors import Forbidden, InputError, NotFound
from casebook.mail import secretbox
from casebook.mail.imap import LOCAL_HOSTS, parse_imap_url
from casebook.mail.models import Mailbox
from casebook.stream.models import Post
from casebook.teams.models import Team
from casebook.work import Unit

_ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$|^[^@\s<>]+@localhost$")


def _require_admin(actor: Actor) -> None:
    if not (actor.is_admin or (actor.role is None and not actor.is_integration)):
        raise Forbidden("Only admins manage mailboxes.")


def _address(address: str) -> str:
    address = address.strip().lower()
    if not _ADDRESS.match(address) or len(address) > 254:
        raise InputError("address", "Give a valid e-mail address.")
    return address


async def create_mailbox(
    *, actor: Actor, address: str, imap_url: str, team_id: int | None = None, active: bool = True
) -> Mailbox:
    _require_admin(actor)
    address_ = _address(address)
    try:
        target = parse_imap_url(imap_url)
    except ValueError as exc:
        raise InputError("imapUrl", str(exc)) from exc
    if team_id is not None and not await Team.exists(id=team_id):
        raise InputError("teamId", "No such team.")
    try:
        return await Mailbox.create(
            address=address_,
            imap_host=target.host,
            imap_port=target.port,
            imap_tls=target.tls,
            imap_user=target.user,
            secret=secretbox.seal(target.password),
            folder=target.folder,
            team_id=team_id,
            active=active,
        )
    except IntegrityError as exc:
        raise InputError("address", "A mailbox with this address exists already.") from exc


async def update_mailbox(*, actor: Actor, mailbox_id: int, changes: dict[str, Any]) -> Mailbox:
    """`changes` may hold address, imapUrl (replaces host, port, TLS, user, password, folder),
    password (alone), folder, teamId, active."""
    _require_admin(actor)
    mailbox = await Mailbox.get_or_none(id=mailbox_id)
    if mailbox is None:
        raise NotFound("No such mailbox.")
    if changes.get("address") is not None:
        mailbox.address = _address(changes["address"])
    if changes.get("imapUrl") is not None:
        try:
            target = parse_imap_url(changes["imapUrl"])
        except ValueError as exc:
            raise InputError("imapUrl", str(exc)) from exc
        moved = (target.host, target.port, target.folder) != (
            mailbox.imap_host,
            mailbox.imap_port,
            mailbox.folder,
        )
        mailbox.imap_host, mailbox.imap_port, mailbox.imap_tls = target.host, target.port, target.tls
        mailbox.imap_user, mailbox.folder = target.user, target.folder
        mailbox.secret = secretbox.seal(target.password)
        if moved:
            mailbox.uidvalidity, mailbox.last_uid = None, 0
    if changes.get("password") is not None:
        mailbox.secret = secretbox.seal(changes["password"])
    if changes.get("folder") is not None and changes["folder"] != mailbox.folder:
        mailbox.folder = changes["folder"]
        mailbox.uidvalidity, mailbox.last_uid = None, 0
    if not mailbox.imap_tls and mailbox.imap_host not in LOCAL_HOSTS:
        raise InputError("imapUrl", "plain imap:// is only allowed for a local server")
    if "teamId" in changes:
        team_id = changes["teamId"]
        if team_id is not None and not await Team.exists(id=team_id):
            raise InputError("teamId", "No such team.")
        mailbox.team_id = team_id  # type: ignore[attr-defined]
    if changes.get("active") is not None:
        mailbox.active = bool(changes["active"])
    try:
        await mailbox.save()
    except IntegrityError as exc:
        raise InputError("address", "A mailbox with this address exists already.") from exc
    return mailbox


async def create_contact_from_case(*, actor: Actor, case_id: int, name: str | None = None) -> Contact:
    """The one action that turns a case's unknown sender address into a Contact linked to the case."""
    if actor.is_customer:
        raise Forbidden("Only agents create contacts.")
    case: Case = await get_case(actor=actor, case_id=case_id)
    if not case.email:
        raise InputError("caseId", "This case has no sender address to turn into a contact.")
    email = case.email.lower()
    if not name:
        # The display name the sender's mail client used ("Ana Müller <ana@...>") is the best guess.
        first = await Post.filter(case_id=case.id, author_email__iexact=email).order_by("id").first()
        if first is not None and first.author_name.lower() != email:
            name = first.author_name

    async def link(unit: Unit) -> Contact:
        contact = await Contact.filter(email__iexact=email).first()
        if contact is None:
            contact = await save_contact(
                actor=actor, name=(name or email.split("@", 1)[0])[:200], email=email
            )
        await add_contact(actor=actor, case_id=case.id, contact=contact)
        return contact

    return await work.run(link)
