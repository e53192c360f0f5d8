"""Scheduled absences: entered as local times in the user's own time zone, stored in UTC.

A local "2026-10-25T08:00" in Europe/Prague is 07:00 UTC (CET, after that night's change), while
"2026-10-24T08:00" is 06:00 UTC (CEST): each end is converted with the offset of its own date, so
an absence across a DST change lasts what the wall clock says. A local time that does not exist
(the hour skipped in spring) is read as the moment after the gap; one that happens twice (the
repeated hour in autumn) as its first occurrence.

Stored times carry whole seconds only: SQLite compares the stored text, and Tortoise writes a
time with microseconds in a longer format than one without (casebook.background.jobs has the
same concern).

Automatic assignment asks `absent_until` (casebook.assignment.services); an absence that ends, or
is deleted while it runs, queues a drain of the user's teams (casebook.assignment.queue).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from casebook import work
from casebook.assignment.queue import absence_ends_later, drain_user_later
from casebook.auth.actor import Actor
from casebook.errors import Forbidden, InputError, NotFound
from casebook.permissions import require_admin, require_staff
from casebook.sql import Sql, utc
from casebook.users.models import User, UserAbsence
from casebook.validation import text
from casebook.work import Unit

MAX_DAYS = 366
NOTE_MAX = 200
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LOCAL = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?")


def zone(field: str, name: str | None) -> ZoneInfo:
    """The IANA zone of that name; BAD_USER_INPUT naming `field` otherwise."""
    cleaned = (name or "").strip()
    # available_timezones() refuses names ZoneInfo would accept from odd paths ("../etc").
    if cleaned not in _zone_names():
        raise InputError(
            field, f'Unknown time zone "{cleaned[:64]}": give an IANA name such as Europe/Prague.'
        )
    try:
        return ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(field, f'Unknown time zone "{cleaned[:64]}".') from None


_ZONES: frozenset[str] | None = None


def _zone_names() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones()) | {"UTC"}
    return _ZONES


def _wall_to_utc(local: datetime, tz: ZoneInfo) -> datetime:
    """A wall-clock time in `tz` as UTC: fold=0 (the first of a repeated hour); a time inside a
    gap moves forward by the gap (what a clock set to it would show after the change)."""
    aware = local.replace(tzinfo=tz, fold=0)
    utc = aware.astimezone(UTC)
    if utc.astimezone(tz).replace(tzinfo=None) != local:  # in the gap: fold=1 gives the later offset
        utc = local.replace(tzinfo=tz, fold=1).astimezone(UTC)
    return utc.replace(microsecond=0)


def parse_local(field: str, value: str, tz: ZoneInfo, *, end: bool) -> datetime:
    """ "YYYY-MM-DDTHH:MM" (seconds optional) in `tz`, or a date "YYYY-MM-DD": the day's start, or
    for an end the end of that day (the next day's start). Returns UTC."""
    raw = (value or "").strip()
    try:
        if _DATE.fullmatch(raw):
            day = date.fromisoformat(raw)
            if end:
                day += timedelta(days=1)
            return _wall_to_utc(datetime.combine(day, time()), tz)
        if _LOCAL.fullmatch(raw):
            return _wall_to_utc(datetime.fromisoformat(raw), tz)
    except ValueError:
        pass
    raise InputError(field, f"{field}: give a local date-time YYYY-MM-DDTHH:MM or a date YYYY-MM-DD.")


def _target(actor: Actor, user_id: int | None) -> int:
    require_staff(actor)
    if actor.user_id is None and user_id is None:
        raise Forbidden("Say whose absence this is (userId).")
    target = user_id if user_id is not None else actor.user_id
    if target != actor.user_id:
        require_admin(actor)
    return target  # type: ignore[return-value]


async def create_absence(
    *, actor: Actor, starts_at: str, ends_at: str, note: str | None = None, user_id: int | None = None
) -> UserAbsence:
    """The actor's own absence, or (admins) someone else's. When it ends, her teams' queues are
    drained (a job at its end)."""
    target = _target(actor, user_id)
    user = await User.get_or_none(id=target)
    if user is None:
        raise NotFound("No such user.")
    tz = zone("timeZone", user.time_zone)
    start = parse_local("startsAt", starts_at, tz, end=False)
    end = parse_local("endsAt", ends_at, tz, end=True)
    if end <= start:
        raise InputError("endsAt", "endsAt must be after startsAt.")
    if end - start > timedelta(days=MAX_DAYS):
        raise InputError("endsAt", f"An absence lasts at most {MAX_DAYS} days.")
    note_ = text("note", note, NOTE_MAX)

    async def write(unit: Unit) -> UserAbsence:
        absence = await UserAbsence.create(user_id=user.id, starts_at=start, ends_at=end, note=note_)
        if end > datetime.now(UTC):
            await absence_ends_later(user_id=user.id, absence_id=absence.id, at=end)
        return absence

    return await work.run(write)


async def delete_absence(*, actor: Actor, absence_id: int) -> bool:
    """Own absences, or anyone's for admins. One that is running drains her teams at once."""
    require_staff(actor)
    absence = await UserAbsence.get_or_none(id=absence_id)
    if absence is None:
        raise NotFound("No such absence.")
    if absence.user_id != actor.user_id:  # type: ignore[attr-defined]
        require_admin(actor)

    async def write(unit: Unit) -> bool:
        deleted = await UserAbsence.filter(id=absence.id).delete()
        now = datetime.now(UTC)
        if deleted and absence.starts_at <= now < absence.ends_at:
            await drain_user_later(absence.user_id)  # type: ignore[attr-defined]
        return bool(deleted)

    return await work.run(write)


async def absences_of(user_id: int, *, include_past: bool = False) -> list[dict[str, object]]:
    """Her absences that have not ended (all with include_past), by start."""
    sql = Sql()
    where = f"user_id = {sql.p(user_id)}"
    if not include_past:
        where += f" AND ends_at > {sql.p(datetime.now(UTC))}"
    return await sql.fetch(
        f"SELECT id, starts_at, ends_at, note FROM user_absences WHERE {where} ORDER BY starts_at, id"
    )


async def absent_until(user_ids: Sequence[int], *, now: datetime | None = None) -> dict[int, datetime]:
    """For each of these users with an absence covering `now`: when it ends (the latest end of the
    ones that do). One statement for any number of users."""
    if not user_ids:
        return {}
    moment = now or datetime.now(UTC)
    sql = Sql()
    rows = await sql.fetch(
        "SELECT user_id, MAX(ends_at) AS ends_at FROM user_absences "
        f"WHERE user_id {sql.in_(sorted(set(user_ids)), 'int')} AND starts_at <= {sql.p(moment)} "
        f"AND ends_at > {sql.p(moment)} GROUP BY user_id"
    )
    found: dict[int, datetime] = {}
    for r in rows:
        found[int(r["user_id"])] = utc(r["ends_at"])  # type: ignore[assignment]
    return found


def local_text(moment: datetime, time_zone: str) -> str:
    """`moment` on the user's wall clock, for the assignment's reason: "2026-10-26 09:00 CET"."""
    try:
        tz = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        tz = ZoneInfo("UTC")
    local = moment.astimezone(tz)
    return f"{local.strftime('%Y-%m-%d %H:%M')} {local.tzname()}"
