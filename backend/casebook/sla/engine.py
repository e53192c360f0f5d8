"""The `sla` consumer of the event log: keeps each case's clocks and status timeline in step with
what happened to it, at the events' own times (a lagging consumer shifts nothing).

- CASE_CREATED: the policy is selected; FIRST_RESPONSE and RESOLUTION cycle 1 start (paused when
  the case opens in a pausing status), and the timeline's first segment.
- POST_ADDED, PUBLIC only: an agent's own post (author kind AGENT, not a rule's: event.rule_id
  unset) meets the running first or next response; a customer's post starts a NEXT_RESPONSE
  cycle once the first response was met and none is running.
- CASE_CHANGED (or a post's own changes) status: into a pausing status pauses every open clock, out of it resumes;
  RESOLVED/CLOSED meets RESOLUTION and stops the response clocks; REJECTED/DUPLICATE stops all;
  reopening starts the next RESOLUTION cycle with the full target.
- CASE_CHANGED priority, type, team, account or origin: the policy is selected again and each
  open clock gets the new target keeping its used minutes; an SLA_CHANGED history row says so.

An event read again is recognised by the segment it began (sla_segments.event_id), by a clock
moved at a later instant (a case's events come in log order), and by the clocks' own states (a
met clock is not met again, a next-response cycle begun at that instant is not begun again).

The policy is selected from the cached configuration (casebook.sla.config.select); an
entitlement's policy comes first when casebook.entitlements offers it. A case that got no clocks
because no policy matched at creation gets them when a later change makes one match.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from casebook import events
from casebook.auth.actor import Actor
from casebook.background import consumers
from casebook.cases.services import contact_ids_of, lock_case
from casebook.enums import AuthorKind, CaseStatus, Visibility
from casebook.sla import clocks, config, timeline
from casebook.sla.calendar import Calendar
from casebook.sla.config import PolicySpec
from casebook.sla.models import TargetKind
from casebook.sla.timers import policy_rules
from casebook.sql import utc
from casebook.stream.models import Post
from casebook.work import Unit, current

NAME = "sla"
ACTOR = Actor.system("SLA")
DONE = {CaseStatus.RESOLVED, CaseStatus.CLOSED}
CANCELLED = {CaseStatus.REJECTED, CaseStatus.DUPLICATE}
RESELECT = {"priority", "type", "team", "account", "origin"}
DEFAULT_PAUSE = ("PENDING", "ON_HOLD")


async def select_policy(case: Any, at: datetime) -> PolicySpec | None:
    """The entitlement's policy for the case's account, else the first active match by position."""
    named: int | None = None
    try:
        from casebook.entitlements.services import policy_for_account
    except ImportError:  # helper B's entitlements not landed yet
        pass
    else:
        if case.account_id is not None:
            named = await policy_for_account(case.account_id, at)
    return await config.select(
        case.priority.value,
        case.type.value,
        case.team_id,
        case.account_id,
        case.origin.value if case.origin is not None else None,
        entitlement_policy_id=named,
    )


def _target(policy: PolicySpec, priority: str, kind: TargetKind) -> int | None:
    return policy.target(priority, kind)


def _pausing(policy: PolicySpec | None, status: str) -> bool:
    return status in (policy.pause_statuses if policy is not None else DEFAULT_PAUSE)


def _state_of(policy: PolicySpec | None, status: CaseStatus) -> str:
    if status in DONE or status in CANCELLED:
        return f"stopped:{status.value}"
    return f"paused:{status.value}" if _pausing(policy, status.value) else "running"


async def _policy(policy_id: int | None) -> PolicySpec | None:
    return await config.by_id(policy_id)


async def _start(
    case: Any,
    policy: PolicySpec,
    calendar: Calendar | None,
    percents: tuple[int, ...],
    kind: TargetKind,
    cycle: int,
    at: datetime,
) -> None:
    target = _target(policy, case.priority.value, kind)
    if target is None:
        return
    view = timeline.start(kind, cycle, target, calendar, at, paused=_pausing(policy, case.status.value))
    await clocks.schedule(await clocks.insert(case.id, policy.id, view), calendar, percents)


async def _created(case: Any, event: events.Event, at: datetime) -> None:
    policy = await select_policy(case, at)
    if policy is None:
        return
    calendar, percents = await policy_rules(policy.id)
    for kind in (TargetKind.FIRST_RESPONSE, TargetKind.RESOLUTION):
        await _start(case, policy, calendar, percents, kind, 1, at)
    await clocks.begin_segment(case.id, _state_of(policy, case.status), at, event.id)


async def _posted(case: Any, event: events.Event, at: datetime) -> None:
    if event.post_visibility != Visibility.PUBLIC.value or event.post_id is None:
        return
    post = await Post.get_or_none(id=event.post_id)
    if post is None:
        return
    found = await clocks.current(case.id)
    if not found:
        return
    policy_id = next(iter(found.values())).policy_id
    calendar, percents = await policy_rules(policy_id)
    if post.author_kind is AuthorKind.AGENT and event.rule_id is None and event.actor_user_id is not None:
        for kind in (TargetKind.FIRST_RESPONSE, TargetKind.NEXT_RESPONSE):
            clock = found.get(kind)
            if clock is not None and clock.view.open:
                saved = await clocks.save(clock, timeline.meet(clock.view, calendar, at))
                await clocks.schedule(saved, calendar, percents)
        return
    if post.author_kind in (AuthorKind.CUSTOMER, AuthorKind.EMAIL):
        first, following = found.get(TargetKind.FIRST_RESPONSE), found.get(TargetKind.NEXT_RESPONSE)
        policy = await _policy(policy_id)
        if (
            policy is not None
            and case.status not in DONE | CANCELLED
            and (first is None or not first.view.open)
            and (following is None or (not following.view.open and following.view.started_at < at))
        ):
            cycle = following.view.cycle + 1 if following is not None else 1
            await _start(case, policy, calendar, percents, TargetKind.NEXT_RESPONSE, cycle, at)


async def _status(case: Any, event: events.Event, at: datetime, old: str | None, new: str) -> None:
    found = await clocks.current(case.id)
    if not found:
        return
    policy = await _policy(next(iter(found.values())).policy_id)
    calendar, percents = await policy_rules(policy.id if policy is not None else None)
    status = CaseStatus(new)
    reopened = old in {s.value for s in DONE | CANCELLED} and status not in DONE | CANCELLED
    for kind, clock in found.items():
        view = clock.view
        if status in CANCELLED or (status in DONE and kind is not TargetKind.RESOLUTION):
            view = timeline.stop(view, calendar, at)
        elif status in DONE:
            view = timeline.meet(view, calendar, at)
        elif _pausing(policy, new):
            view = timeline.pause(view, calendar, at)
        else:
            view = timeline.resume(view, calendar, at)
        if view != clock.view:
            await clocks.schedule(await clocks.save(clock, view), calendar, percents)
    if reopened and policy is not None:
        last = found.get(TargetKind.RESOLUTION)
        await _start(
            case, policy, calendar, percents, TargetKind.RESOLUTION, (last.view.cycle if last else 0) + 1, at
        )
    await clocks.begin_segment(case.id, _state_of(policy, status), at, event.id)


def _describe(policy: PolicySpec | None, priority: str) -> str | None:
    if policy is None:
        return None
    target = _target(policy, priority, TargetKind.RESOLUTION)
    return f"{policy.name} · resolution {target} min" if target else policy.name


async def _reselect(case: Any, event: events.Event, at: datetime, old_priority: str) -> None:
    found = await clocks.current(case.id)
    if not found:
        await _late_start(case, event, at)
        return
    open_ = {kind: clock for kind, clock in found.items() if clock.view.open}
    if not open_:
        return
    old_policy = await _policy(next(iter(open_.values())).policy_id)
    policy = await select_policy(case, at)
    before, after = _describe(old_policy, old_priority), _describe(policy, case.priority.value)
    old_calendar, _ = await policy_rules(old_policy.id if old_policy is not None else None)
    calendar, percents = await policy_rules(policy.id if policy is not None else None)
    changed = False
    for kind, clock in open_.items():
        target = _target(policy, case.priority.value, kind) if policy is not None else None
        if target is None:
            view = timeline.stop(clock.view, old_calendar, at)
        else:
            view = timeline.retarget(clock.view, old_calendar, at, target, new_calendar=calendar)
        if view != clock.view or (policy is not None and policy.id != clock.policy_id):
            changed = True
            saved = await clocks.save(clock, view, policy_id=policy.id if policy is not None else None)
            await clocks.schedule(saved, calendar, percents)
    if changed and before != after:
        await _record_change(case.id, event, before, after)


async def _record_change(case_id: int, event: events.Event, before: str | None, after: str | None) -> None:
    unit = current()
    assert unit is not None
    locked = await lock_case(unit, actor=ACTOR, case_id=case_id)
    await _record(unit, events.SLA_CHANGED, locked, ("sla", before, after), event)


async def _late_start(case: Any, event: events.Event, at: datetime) -> None:
    """A case no policy matched at creation has no clocks; a change that makes one match starts
    them there, with nothing used: the first response unless an agent has answered publicly."""
    if case.status in DONE | CANCELLED:
        return
    policy = await select_policy(case, at)
    if policy is None:
        return
    calendar, percents = await policy_rules(policy.id)
    answered = await Post.filter(
        case_id=case.id,
        visibility=Visibility.PUBLIC,
        author_kind=AuthorKind.AGENT,
        author_user_id__isnull=False,
        created_at__lte=at,
    ).exists()
    kinds = (TargetKind.RESOLUTION,) if answered else (TargetKind.FIRST_RESPONSE, TargetKind.RESOLUTION)
    for kind in kinds:
        await _start(case, policy, calendar, percents, kind, 1, at)
    if not await clocks.current(case.id, lock=False):
        return  # the policy has no target for this priority
    await clocks.begin_segment(case.id, _state_of(policy, case.status), at, event.id)
    await _record_change(case.id, event, None, _describe(policy, case.priority.value))


async def _record(unit: Unit, kind: str, case: Any, change: events.Change, cause: events.Event) -> None:
    unit.record(kind, case, await contact_ids_of(case), actor=ACTOR, changes=[change], caused_by=cause.id)


async def on_event(event: events.Event) -> None:
    if event.case_id is None or event.kind not in (
        events.CASE_CREATED,
        events.POST_ADDED,
        events.CASE_CHANGED,
    ):
        return
    if await clocks.segment_of(event.id):
        return  # read again: its segment, and what it did with it, are there
    unit = current()
    assert unit is not None  # the consumer runs each event in a unit of work
    case = await lock_case(unit, actor=ACTOR, case_id=event.case_id)
    at = utc(event.at)
    assert at is not None
    before = {kind: clock.view for kind, clock in (await clocks.current(case.id)).items()}
    if any(view.since > at for view in before.values()):
        return  # read again: a later event of the case has already moved its clocks
    recorded = unit.recorded
    if event.kind == events.CASE_CREATED:
        await _created(case, event, at)
    else:
        # A post may change the case too (a customer's post reopens it): the status first.
        changes = {field: (old, new) for field, old, new in event.changes}
        if "status" in changes and changes["status"][1]:
            await _status(case, event, at, changes["status"][0], str(changes["status"][1]))
        if RESELECT & changes.keys():
            old_priority = changes["priority"][0] if "priority" in changes else case.priority.value
            await _reselect(case, event, at, str(old_priority))
        if event.kind == events.POST_ADDED:
            await _posted(case, event, at)
    await clocks.refresh_due(case.id)
    after = {kind: clock.view for kind, clock in (await clocks.current(case.id, lock=False)).items()}
    if after != before and unit.recorded == recorded:
        # Paused, resumed, met, stopped or started: the staff's screens re-read Case.sla live.
        await _record(unit, events.SLA_UPDATED, case, ("sla", None, None), event)


CONSUMER = consumers.register(NAME, on_event, cases_at_once=8)
