"""Managing SLA calendars and policies: staff read them, admins change them. Every save is one unit
of work (casebook.work) with the `sla.policy_changed` job it queues (casebook.sla.recompute: open
cases are re-timed), and drops this process's cached configuration (casebook.sla.config).

Once any calendar exists exactly one is the default: the first one is; setting `is_default`
moves it; unsetting it on the default changes nothing (set another one instead); deleting the
default makes the oldest remaining calendar the default. A policy whose calendar is deleted runs
on the default calendar (the foreign key is SET NULL)."""

from __future__ import annotations

from typing import Any

from casebook import work
from casebook.auth.actor import Actor
from casebook.errors import InputError, NotFound
from casebook.permissions import require_admin, require_staff
from casebook.sla import config, ics, recompute, validation
from casebook.sla.config import CalendarSpec, PolicySpec
from casebook.sla.models import HolidaySource, SlaCalendar, SlaHoliday, SlaPolicy
from casebook.work import Unit

POSITION_STEP = 10


async def list_calendars(*, actor: Actor) -> list[CalendarSpec]:
    require_staff(actor)
    return list((await config.load()).calendars.values())


async def list_policies(*, actor: Actor) -> list[PolicySpec]:
    """By (position, id): the order they are tried in."""
    require_staff(actor)
    return list((await config.load()).policies)


async def _calendar_row(calendar_id: int) -> SlaCalendar:
    row = await SlaCalendar.filter(id=calendar_id).select_for_update().first()
    if row is None:
        raise NotFound("No such calendar.")
    return row


async def _policy_row(policy_id: int) -> SlaPolicy:
    row = await SlaPolicy.filter(id=policy_id).select_for_update().first()
    if row is None:
        raise NotFound("No such SLA policy.")
    return row


async def _calendar(calendar_id: int) -> CalendarSpec:
    found = (await config.load()).calendars.get(calendar_id)
    if found is None:
        raise NotFound("No such calendar.")
    return found


async def _write_holidays(calendar_id: int, holidays: list[dict[str, Any]], source: HolidaySource) -> None:
    await SlaHoliday.bulk_create(
        [SlaHoliday(calendar_id=calendar_id, source=source, **holiday) for holiday in holidays]
    )


async def _make_default(calendar_id: int) -> None:
    await SlaCalendar.filter(is_default=True).exclude(id=calendar_id).update(is_default=False)
    await SlaCalendar.filter(id=calendar_id).update(is_default=True)


async def create_calendar(*, actor: Actor, given: dict[str, Any]) -> CalendarSpec:
    """`given`: SlaCalendarInput in snake case (casebook.sla.validation.calendar)."""
    require_admin(actor)
    data = validation.calendar(given)

    async def write(unit: Unit) -> int:
        before = await config.load()
        row = await SlaCalendar.create(
            name=data["name"], time_zone=data["time_zone"], week=data["week"], is_default=False
        )
        await _write_holidays(row.id, data["holidays"] or [], HolidaySource.MANUAL)
        if data["is_default"] or before.default is None:
            await _make_default(row.id)
            await recompute.default_changed(config.describe(before.default))
        await recompute.calendar_changed(row.id, None, default=False)
        return int(row.id)

    calendar_id = await work.run(write)
    config.invalidate()
    return await _calendar(calendar_id)


async def update_calendar(*, actor: Actor, calendar_id: int, given: dict[str, Any]) -> CalendarSpec:
    """A null `holidays` keeps them; a list replaces the MANUAL ones (imported ones stay)."""
    require_admin(actor)
    data = validation.calendar(given)

    async def write(unit: Unit) -> None:
        row = await _calendar_row(calendar_id)
        before = await config.load()
        was = before.calendars[calendar_id]
        row.update_from_dict({"name": data["name"], "time_zone": data["time_zone"], "week": data["week"]})
        await row.save()
        if data["holidays"] is not None:
            await SlaHoliday.filter(calendar_id=calendar_id, source=HolidaySource.MANUAL).delete()
            await _write_holidays(calendar_id, data["holidays"], HolidaySource.MANUAL)
        if data["is_default"] and not was.is_default:
            await _make_default(calendar_id)
            await recompute.default_changed(config.describe(before.default))
        await recompute.calendar_changed(calendar_id, config.describe(was), default=was.is_default)

    await work.run(write)
    config.invalidate()
    return await _calendar(calendar_id)


async def delete_calendar(*, actor: Actor, calendar_id: int) -> bool:
    require_admin(actor)

    async def write(unit: Unit) -> bool:
        row = await _calendar_row(calendar_id)
        was = (await config.load()).calendars[calendar_id]
        users = await SlaPolicy.filter(calendar_id=calendar_id).values_list("id", flat=True)
        await row.delete()  # its holidays go with it; its policies' calendar becomes null
        for policy_id in users:
            await recompute.policy_changed(int(policy_id), config.describe(was))  # type: ignore[call-overload]
        if was.is_default:
            oldest = await SlaCalendar.all().order_by("created_at", "id").first()
            if oldest is not None:
                await _make_default(oldest.id)
            await recompute.default_changed(config.describe(was))
        return True

    done = await work.run(write)
    config.invalidate()
    return done


async def import_holidays(*, actor: Actor, calendar_id: int, text: str, replace: bool) -> CalendarSpec:
    """The all-day events of an iCalendar file as ICS holidays (casebook.sla.ics); `replace` drops
    the calendar's earlier ICS holidays first. A day the calendar already has is not added twice."""
    require_admin(actor)
    parsed = ics.parse(text)

    async def write(unit: Unit) -> None:
        await _calendar_row(calendar_id)
        was = (await config.load()).calendars[calendar_id]
        if replace:
            await SlaHoliday.filter(calendar_id=calendar_id, source=HolidaySource.ICS).delete()
        have = {
            ((h.day.month, h.day.day) if h.yearly else h.day, h.yearly)
            for h in await SlaHoliday.filter(calendar_id=calendar_id)
        }
        new = [
            h
            for h in parsed.holidays
            if (((h["day"].month, h["day"].day) if h["yearly"] else h["day"]), h["yearly"]) not in have
        ]
        if len(have) + len(new) > validation.MAX_HOLIDAYS:
            raise InputError("ics", f"ics: a calendar has at most {validation.MAX_HOLIDAYS} holidays")
        await _write_holidays(calendar_id, new, HolidaySource.ICS)
        await recompute.calendar_changed(calendar_id, config.describe(was), default=was.is_default)

    await work.run(write)
    config.invalidate()
    return await _calendar(calendar_id)


async def create_policy(*, actor: Actor, given: dict[str, Any]) -> PolicySpec:
    """`given`: SlaPolicyInput in snake case (casebook.sla.validation.policy). Without a position
    it goes last."""
    require_admin(actor)
    data = await validation.policy(given)

    async def write(unit: Unit) -> SlaPolicy:
        if data["position"] is None:
            last = await SlaPolicy.all().order_by("-position").first().values_list("position", flat=True)
            data["position"] = (int(last) if last is not None else 0) + POSITION_STEP  # type: ignore[call-overload]
        row = await SlaPolicy.create(**data)
        await recompute.policy_changed(int(row.id), None)
        return row

    row = await work.run(write)
    config.invalidate()
    return PolicySpec.of(row)


async def update_policy(*, actor: Actor, policy_id: int, given: dict[str, Any]) -> PolicySpec:
    """Left out, the position stays."""
    require_admin(actor)
    data = await validation.policy(given)

    async def write(unit: Unit) -> SlaPolicy:
        row = await _policy_row(policy_id)
        before = await config.load()
        was = config.effective(before, before.by_id.get(policy_id))
        if data["position"] is None:
            data["position"] = row.position
        row.update_from_dict(data)
        await row.save()
        await recompute.policy_changed(policy_id, config.describe(was))
        return row

    row = await work.run(write)
    config.invalidate()
    return PolicySpec.of(row)


async def delete_policy(*, actor: Actor, policy_id: int) -> bool:
    """Its clocks keep their targets (their policy becomes null)."""
    require_admin(actor)

    async def write(unit: Unit) -> bool:
        row = await _policy_row(policy_id)
        await row.delete()
        await recompute.policy_changed(policy_id, None)
        return True

    done = await work.run(write)
    config.invalidate()
    return done


async def reorder_policies(*, actor: Actor, policy_ids: list[int]) -> list[PolicySpec]:
    """Positions become 10, 20, 30 … in the given order; policies not named keep theirs. Open
    clocks keep their policy: the order decides only which policy a case gets."""
    require_admin(actor)
    if len(set(policy_ids)) != len(policy_ids):
        raise InputError("ids", "ids: a policy is named twice")

    async def write(unit: Unit) -> None:
        found = set(await SlaPolicy.filter(id__in=policy_ids).values_list("id", flat=True))
        missing = [i for i in policy_ids if i not in found]
        if missing:
            raise NotFound(f"No SLA policy {missing[0]}.")
        for n, policy_id in enumerate(policy_ids, start=1):
            await SlaPolicy.filter(id=policy_id).update(position=n * POSITION_STEP)

    await work.run(write)
    config.invalidate()
    return list((await config.load()).policies)
