"""Demo data: a realistic small helpdesk, built through the same services the API uses."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

from casebook.accounts.models import Account
from casebook.auth.actor import Actor
from casebook.background import consumers
from casebook.cases import services as cases
from casebook.contacts.models import Contact
from casebook.entitlements import services as entitlements
from casebook.entitlements.models import Decrement, Overdraft
from casebook.entitlements.models import Unit as EntitlementUnit
from casebook.entitlements.validation import Given as EntitlementGiven
from casebook.enums import CaseStatus, CaseType, Origin, Priority, Role, Visibility
from casebook.events import log as event_log
from casebook.rules import services as rules
from casebook.sla import services as sla
from casebook.stream import services as stream
from casebook.teams.models import Team
from casebook.users.models import User
from casebook.users.services import create_user

PASSWORD = "demo-lighthouse-otter"  # noqa: S105 - printed by make run; meets the password policy
STAFF = [
    ("admin@casebook.test", "Ada Admin", Role.ADMIN),
    ("alice@casebook.test", "Alice Agent", Role.AGENT),
    ("bob@casebook.test", "Bob Agent", Role.AGENT),
    ("nina@casebook.test", "Nina Network", Role.AGENT),
]
ACCOUNTS = {
    "Northwind Traders": ("northwind.test", ["Maria Anders", "Ana Trujillo", "Thomas Hardy"]),
    "Contoso Ltd": ("contoso.test", ["Christina Berglund", "Hanna Moos", "Frederique Citeaux"]),
    "Globex Corporation": ("globex.test", ["Hank Scorpio", "Laura Callahan", "Martin Sommer"]),
    "Initech": ("initech.test", ["Peter Gibbons", "Samir Nagheenanajar", "Joanna Fox"]),
}
PROBLEMS = [
    ("Cannot log in to the billing portal", "Since this morning the portal says my password is wrong."),
    ("Invoice shows the wrong VAT rate", "Invoice 2024-113 uses 19% but we are VAT exempt."),
    ("VPN connection drops every 10 minutes", "Our office VPN disconnects regularly since the update."),
    ("Printer queue stuck", "Nothing prints on the 2nd floor; the queue shows 40 jobs."),
    ("Request: export of all tickets to CSV", "We need a CSV export for our quarterly review."),
    ("Slow dashboard load", "The dashboard takes over 20 seconds to load in the morning."),
    ("E-mail notifications not arriving", "We stopped receiving notification e-mails on Friday."),
    ("Add two new users to our account", "Please add two colleagues who joined this week."),
    ("Connection refused on API endpoint", "Our integration gets connection refused on /v2/orders."),
    ("Feature request: dark mode", "Several of our agents would love a dark theme."),
    ("Password reset link expired", "The reset link says expired right after I receive it."),
    ("Data sync missing yesterday's orders", "Orders from yesterday afternoon did not sync."),
]
REPLIES = [
    "Thanks for reporting this, we are looking into it now.",
    "Could you send us a screenshot of the error message?",
    "We have deployed a fix; can you confirm it works on your side?",
    "I have escalated this to our network team.",
]
INTERNAL_NOTES = [
    "Looks like the same root cause as last week's incident. Checking logs.",
    "Customer is on the legacy plan; do not promise the new feature.",
    "Waiting for the vendor's answer before replying.",
]
# Czech public holidays (zákon č. 245/2000 Sb.): the fixed ones every year, Easter by year.
CZECH_HOLIDAYS = [
    ((1, 1), "Nový rok, Den obnovy samostatného českého státu"),
    ((5, 1), "Svátek práce"),
    ((5, 8), "Den vítězství"),
    ((7, 5), "Den slovanských věrozvěstů Cyrila a Metoděje"),
    ((7, 6), "Den upálení mistra Jana Husa"),
    ((9, 28), "Den české státnosti"),
    ((10, 28), "Den vzniku samostatného československého státu"),
    ((11, 17), "Den boje za svobodu a demokracii"),
    ((12, 24), "Štědrý den"),
    ((12, 25), "1. svátek vánoční"),
    ((12, 26), "2. svátek vánoční"),
]
CZECH_EASTER = [
    (date(2026, 4, 3), "Velký pátek"),
    (date(2026, 4, 6), "Velikonoční pondělí"),
    (date(2027, 3, 26), "Velký pátek"),
    (date(2027, 3, 29), "Velikonoční pondělí"),
    (date(2028, 4, 14), "Velký pátek"),
    (date(2028, 4, 17), "Velikonoční pondělí"),
]
# Business minutes per priority: (first response, next response, resolution).
STANDARD_TARGETS = {
    "URGENT": (60, 120, 480),
    "HIGH": (120, 240, 960),
    "NORMAL": (240, 480, 1920),
    "LOW": (480, 960, 4800),
}
PREMIUM_TARGETS = {
    "URGENT": (30, 60, 240),
    "HIGH": (60, 120, 480),
    "NORMAL": (120, 240, 960),
    "LOW": (240, 480, 1920),
}
CUSTOMER_REPLIES = [
    "Here is the screenshot you asked for.",
    "Yes, it works now. Thank you!",
    "Still broken here.",
]


async def seed(*, if_empty: bool = False) -> list[tuple[str, str, str]]:
    """Creates the demo data; returns the logins (role, e-mail, password)."""
    logins = [(r.value, e, PASSWORD) for e, _, r in STAFF] + [
        ("CUSTOMER", "maria@northwind.test", PASSWORD),
        ("CUSTOMER", "peter@initech.test", PASSWORD),
    ]
    if if_empty and await User.exists():
        return logins
    rng = random.Random(10001)
    root = Actor(user_id=None, role=Role.ADMIN, name="Demo")
    users = {}
    for email, name, role in STAFF:
        users[email] = await create_user(actor=root, email=email, password=PASSWORD, name=name, role=role)
    support = await Team.create(name="Support")
    network = await Team.create(name="Network")
    await support.members.add(users["alice@casebook.test"], users["bob@casebook.test"])
    await network.members.add(users["nina@casebook.test"])

    contacts: list[Contact] = []
    accounts: dict[str, Account] = {}
    for account_name, (domain, people) in ACCOUNTS.items():
        account = accounts[account_name] = await Account.create(
            name=account_name, domain=domain, phone="+1 555 0100"
        )
        for person in people:
            first = person.split()[0].lower()
            contacts.append(
                await Contact.create(
                    name=person, email=f"{first}@{domain}", account=account, phone="+1 555 0142"
                )
            )
    customers = [
        await create_user(
            actor=root,
            email="maria@northwind.test",
            password=PASSWORD,
            name="Maria Anders",
            role=Role.CUSTOMER,
        ),
        await create_user(
            actor=root,
            email="peter@initech.test",
            password=PASSWORD,
            name="Peter Gibbons",
            role=Role.CUSTOMER,
            portal_account_access=True,
        ),
    ]
    staff = {email: await Actor.for_user(u) for email, u in users.items()}
    # Agents work their own team's cases (the admin works all).
    team_staff = {
        support.id: [staff["alice@casebook.test"], staff["bob@casebook.test"], staff["admin@casebook.test"]],
        network.id: [staff["nina@casebook.test"], staff["admin@casebook.test"]],
    }
    customer_actors = {c.contact_id: await Actor.for_user(c) for c in customers}  # type: ignore[attr-defined]
    # Before the cases: the sla consumer gives them their clocks from the event log, and Initech's
    # new cases are charged to its allowance.
    await _slas(root, accounts)

    for i in range(60):
        subject, description = PROBLEMS[i % len(PROBLEMS)]
        contact = contacts[rng.randrange(len(contacts))]
        team = network if "VPN" in subject or "Connection" in subject else support
        agents = team_staff[team.id]
        agent = rng.choice(agents)
        case = await cases.create_case(
            actor=agent,
            subject=subject if i < len(PROBLEMS) else f"{subject} (#{i + 1})",
            description=description,
            origin=rng.choice([Origin.AGENT, Origin.PHONE, Origin.EMAIL, Origin.PORTAL]),
            priority=rng.choice(list(Priority)),
            type=rng.choice(list(CaseType)),
            contact_ids=[contact.id],
            team_id=team.id,
            internal_comments="VIP customer: answer within the hour." if i % 7 == 0 else None,
        )
        if i % 4 != 0:
            case = await cases.assign_case(
                actor=agent, case_id=case.id, assignee_id=rng.choice(agents).user_id
            )
        writer = customer_actors.get(contact.id)
        for j in range(rng.randint(1, 4)):
            if j % 3 == 1:
                await stream.add_post(
                    actor=agent, case=case.id, body=rng.choice(INTERNAL_NOTES), visibility=Visibility.INTERNAL
                )
            elif j % 3 == 2 and writer is not None:
                await stream.add_post(actor=writer, case=case.id, body=rng.choice(CUSTOMER_REPLIES))
            else:
                await stream.add_post(actor=agent, case=case.id, body=rng.choice(REPLIES))
        final = rng.choice([None, None, CaseStatus.PENDING, CaseStatus.RESOLVED, CaseStatus.CLOSED])
        if final is not None:
            await cases.set_status(actor=agent, case_id=case.id, status=final)
    await _automation(root, network=network, support=support, users=users)
    return logins


def _targets(table: dict[str, tuple[int, int, int]]) -> list[dict[str, object]]:
    return [
        {
            "priority": priority,
            "first_response_minutes": first,
            "next_response_minutes": following,
            "resolution_minutes": resolution,
        }
        for priority, (first, following, resolution) in table.items()
    ]


async def _slas(root: Actor, accounts: dict[str, Account]) -> None:
    """README, "SLAs and entitlements": the Prague office's hours (the default calendar), an
    around-the-clock calendar for Northwind's premium support, and Initech's blocking allowance."""
    weekdays = [
        {"weekday": day, "start": start, "end": end}
        for day in range(1, 6)
        for start, end in (("08:00", "12:00"), ("13:00", "17:00"))
    ]
    holidays = [
        {"date": date(2026, month, day), "yearly": True, "name": name}
        for (month, day), name in CZECH_HOLIDAYS
    ] + [{"date": day, "yearly": False, "name": name} for day, name in CZECH_EASTER]
    await sla.create_calendar(
        actor=root,
        given={
            "name": "Prague office",
            "time_zone": "Europe/Prague",
            "is_default": True,
            "hours": weekdays,
            "holidays": holidays,
        },
    )
    always = await sla.create_calendar(
        actor=root,
        given={
            "name": "Around the clock",
            "time_zone": "UTC",
            "hours": [{"weekday": day, "start": "00:00", "end": "24:00"} for day in range(1, 8)],
        },
    )
    northwind = accounts["Northwind Traders"]
    premium = await sla.create_policy(
        actor=root,
        given={
            "name": "Premium",
            "position": 10,
            "calendar_id": always.id,
            "conditions": {"account_ids": [northwind.id]},
            "targets": _targets(PREMIUM_TARGETS),
        },
    )
    await sla.create_policy(
        actor=root, given={"name": "Standard", "position": 20, "targets": _targets(STANDARD_TARGETS)}
    )
    year = datetime.now(UTC).year
    await entitlements.create_entitlement(
        actor=root,
        account_id=northwind.id,
        given=EntitlementGiven(
            name=f"Premium support {year}",
            unit=EntitlementUnit.CASES,
            allocation=100,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            decrement_on=Decrement.ON_RESOLVE,
            overdraft=Overdraft.WARN,
            policy_id=premium.id,
        ),
    )
    await entitlements.create_entitlement(
        actor=root,
        account_id=accounts["Initech"].id,
        given=EntitlementGiven(
            name=f"Support allowance {year}",
            unit=EntitlementUnit.CASES,
            allocation=20,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            decrement_on=Decrement.ON_CREATE,
            overdraft=Overdraft.BLOCK,
        ),
    )


async def _automation(root: Actor, *, network: Team, support: Team, users: dict[str, User]) -> None:
    """The routing of the seeds (README, "Rules"), for new cases: the automation consumers start
    after the demo's history, as a migration starts them after the past."""
    nina, ada = users["nina@casebook.test"], users["admin@casebook.test"]
    await rules.create_rule(
        actor=root,
        given={
            "name": "Route service requests to Network",
            "event": "CASE_CREATED",
            "conditions": {
                "any": [
                    {"field": "subject", "operator": "CONTAINS", "value": keyword}
                    for keyword in ("connection", "cable replacement", "tariff change")
                ],
                # What customers send (web form, portal, e-mail); an agent routes her own cases.
                "groups": [
                    {
                        "any": [
                            {"field": "origin", "operator": "EQUALS", "value": origin}
                            for origin in ("WEB", "PORTAL", "EMAIL")
                        ]
                    }
                ],
            },
            "actions": [
                {"type": "SET_FIELD", "field": "teamId", "value": str(network.id)},
                {"type": "ASSIGN", "value": str(nina.id)},
                {
                    "type": "CREATE_TASK",
                    "value": "Call the customer back about the service request",
                    "due_in_minutes": 240,
                },
                {"type": "NOTIFY", "field": f"user:{ada.id}", "subject": "New service request"},
            ],
        },
    )
    await rules.create_rule(
        actor=root,
        given={
            "name": "Initech cases go to Support",
            "event": "CASE_CREATED",
            "conditions": {"all": [{"field": "account.name", "operator": "EQUALS", "value": "Initech"}]},
            "actions": [{"type": "SET_FIELD", "field": "teamId", "value": str(support.id)}],
        },
    )
    end = await event_log.end()
    for name in ("rules", "assignment"):
        await consumers.save_checkpoint(name, end)
