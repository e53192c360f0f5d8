"""The cached SLA configuration (casebook.sla.config): which policy a case gets, which calendar a
policy runs on, and the cache's lifetime."""

from __future__ import annotations

from typing import Any

from casebook.sla import config
from casebook.sla.models import SlaCalendar, SlaPolicy

TARGETS = {"NORMAL": {"RESOLUTION": 60}}


async def test_the_first_active_match_by_position_wins(db: str) -> None:
    config.invalidate()
    inactive = await SlaPolicy.create(name="Off", position=1, active=False, targets=TARGETS)
    portal = await SlaPolicy.create(
        name="Portal", position=5, targets=TARGETS, conditions={"origins": ["PORTAL"], "team_ids": [7]}
    )
    catch_all = await SlaPolicy.create(name="Any", position=5, targets=TARGETS, conditions={"types": []})
    later = await SlaPolicy.create(
        name="Later", position=3, targets=TARGETS, conditions={"priorities": ["HIGH"]}
    )

    async def pick(**case: Any) -> str | None:
        values = {
            "priority": "NORMAL",
            "type": "QUESTION",
            "team_id": 7,
            "account_id": None,
            "origin": "PORTAL",
        }
        found = await config.select(**(values | case))
        return found.name if found else None

    assert await pick() == "Portal"  # position 5, the lower id of the two
    assert await pick(team_id=8) == "Any"  # an empty list matches anything
    assert await pick(priority="HIGH") == "Later"
    assert await pick(entitlement_policy_id=later.id) == "Later"  # the entitlement's comes first
    assert await pick(entitlement_policy_id=inactive.id) == "Portal"  # unless it is inactive
    assert (await config.by_id(portal.id)) is not None and (await config.by_id(None)) is None
    assert catch_all.id > portal.id


async def test_calendars_fall_back_to_the_default_then_around_the_clock(db: str) -> None:
    config.invalidate()
    policy = await SlaPolicy.create(name="P", position=1, targets=TARGETS, warn_percents=[90, 50])
    assert await config.calendar_for(policy=config.PolicySpec.of(policy)) is None  # around the clock
    assert config.percents_for(None) == (75, 90) and config.percents_for(config.PolicySpec.of(policy)) == (
        50,
        90,
    )
    default = await SlaCalendar.create(name="D", time_zone="Europe/Prague", week={"1": [["08:00", "17:00"]]})
    own = await SlaCalendar.create(name="Own", time_zone="America/New_York", week={})
    await SlaCalendar.filter(id=default.id).update(is_default=True)
    # Cached: a row written behind the cache's back is seen after invalidate() (or RELOAD_SECONDS).
    assert await config.calendar_for(None) is None
    config.invalidate()
    spec = config.PolicySpec.of(policy)
    found = await config.calendar_for(spec)
    assert found is not None and found.time_zone == "Europe/Prague"
    await SlaPolicy.filter(id=policy.id).update(calendar_id=own.id)
    config.invalidate()
    found = await config.calendar_for(await config.by_id(policy.id))
    assert found is not None and found.time_zone == "America/New_York"
