"""Holidays from iCalendar files (casebook.sla.ics) and importSlaHolidays: all-day events day by
day with DTEND exclusive, yearly recurrences, timed events skipped, limits, replace and duplicates."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sla_support import CALENDAR_FIELDS, CREATE_CALENDAR, office

from casebook.enums import Role
from casebook.errors import InputError
from casebook.sla import ics
from casebook.sla.models import SlaHoliday

CZECH_2027 = (Path(__file__).parent / "czech-holidays-2027.ics").read_text(encoding="utf-8")
IMPORT = (
    "mutation ($id: ID!, $ics: String!, $replace: Boolean) "
    f"{{ importSlaHolidays(calendarId: $id, ics: $ics, replace: $replace) {{ {CALENDAR_FIELDS} }} }}"
)


def _vcalendar(*events: str) -> str:
    body = "".join(f"BEGIN:VEVENT\r\n{e}END:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n{body}END:VCALENDAR\r\n"


def test_the_czech_public_holidays_of_2027() -> None:
    parsed = ics.parse(CZECH_2027)
    days = {(h["day"], h["yearly"]) for h in parsed.holidays}
    assert len(parsed.holidays) == 13 and parsed.skipped == 1  # the meeting at 09:00 is no holiday
    assert (date(2027, 3, 26), False) in days and (date(2027, 3, 29), False) in days  # Easter moves
    assert {(date(2027, 7, 5), True), (date(2027, 7, 6), True)} <= days  # two days, DTEND exclusive
    christmas = [h["day"] for h in parsed.holidays if h["name"] == "Vánoce"]
    assert christmas == [date(2027, 12, 24), date(2027, 12, 25), date(2027, 12, 26)]
    assert (
        parsed.holidays[0]["name"] == "Nový rok; Den obnovy samostatného českého státu"
    )  # unescaped, unfolded


def test_durations_single_days_and_other_recurrences() -> None:
    parsed = ics.parse(
        _vcalendar(
            "DTSTART;VALUE=DATE:20270801\r\nDURATION:P3D\r\nSUMMARY:Summer\r\n",
            "DTSTART;VALUE=DATE:20270901\r\nSUMMARY:One day\r\n",
            "DTSTART;VALUE=DATE:20271001\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:Every week\r\n",
            "DTSTART;VALUE=DATE:20270901\r\nSUMMARY:Again\r\n",
        )
    )
    assert [(h["day"], h["name"]) for h in parsed.holidays] == [
        (date(2027, 8, 1), "Summer"),
        (date(2027, 8, 2), "Summer"),
        (date(2027, 8, 3), "Summer"),
        (date(2027, 9, 1), "One day"),  # the duplicate collapses into the first
    ]
    assert parsed.skipped == 1


@pytest.mark.parametrize(
    "text",
    ["", "hello", "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\nEND:VEVENT\r\n", "BEGIN:VCALENDAR\r\n"],
)
def test_what_is_not_an_icalendar_file(text: str) -> None:
    with pytest.raises(InputError) as raised:
        ics.parse(text)
    assert raised.value.field == "ics" and "not an iCalendar file" in raised.value.message


def test_limits() -> None:
    with pytest.raises(InputError, match="larger than 1 MB"):
        ics.parse(_vcalendar("DTSTART;VALUE=DATE:20270101\r\n" + "X-PAD:" + "a" * 1_000_000 + "\r\n"))
    with pytest.raises(InputError, match="at most 1000 days"):
        ics.parse(_vcalendar("DTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20300101\r\n"))
    many = [f"DTSTART;VALUE=DATE:{date.fromordinal(738000 + i):%Y%m%d}\r\n" for i in range(1001)]
    with pytest.raises(InputError, match="at most 1000 days"):
        ics.parse(_vcalendar(*many))


async def test_import_adds_replaces_and_keeps_manual_holidays(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    manual = [{"date": "2027-12-24", "yearly": True, "name": "Štědrý den"}, {"date": "2027-06-01"}]
    calendar = (await api(CREATE_CALENDAR, {"input": office(holidays=manual)}, as_=admin))["data"][
        "createSlaCalendar"
    ]
    got = await api(IMPORT, {"id": calendar["id"], "ics": CZECH_2027}, as_=admin)
    assert "errors" not in got, got
    holidays = got["data"]["importSlaHolidays"]["holidays"]
    # 13 days, of which 24 December was there already (by hand): it is not added twice.
    assert len(holidays) == 2 + 12
    assert [h["source"] for h in holidays if h["date"].endswith("12-24")] == ["MANUAL"]
    assert [h["source"] for h in holidays if h["date"].endswith("07-06")] == ["ICS"]

    again = await api(IMPORT, {"id": calendar["id"], "ics": CZECH_2027}, as_=admin)
    assert len(again["data"]["importSlaHolidays"]["holidays"]) == 14  # the same file again adds nothing

    one = _vcalendar("DTSTART;VALUE=DATE:20270915\r\nSUMMARY:Company day\r\n")
    replaced = await api(IMPORT, {"id": calendar["id"], "ics": one, "replace": True}, as_=admin)
    rows = replaced["data"]["importSlaHolidays"]["holidays"]
    assert [(h["date"], h["source"]) for h in rows] == [
        ("2027-06-01", "MANUAL"),
        ("2027-09-15", "ICS"),
        ("2027-12-24", "MANUAL"),
    ]


async def test_a_refused_import_writes_nothing(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    agent = await people.make(Role.AGENT, "Ann")
    manual = [{"date": "2020-01-01"}]
    calendar = (await api(CREATE_CALENDAR, {"input": office(holidays=manual)}, as_=admin))["data"][
        "createSlaCalendar"
    ]
    await api(IMPORT, {"id": calendar["id"], "ics": CZECH_2027}, as_=admin)
    before = await SlaHoliday.all().count()

    bad = await api(IMPORT, {"id": calendar["id"], "ics": "not a calendar", "replace": True}, as_=admin)
    assert bad["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "ics"}
    assert bad["errors"][0]["message"] == "ics: not an iCalendar file"
    # Too many for the calendar: found after the old ICS holidays were dropped, so all rolls back.
    days = [f"DTSTART;VALUE=DATE:{date.fromordinal(738000 + i * 2):%Y%m%d}\r\n" for i in range(1000)]
    full = await api(IMPORT, {"id": calendar["id"], "ics": _vcalendar(*days), "replace": True}, as_=admin)
    assert full["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert await SlaHoliday.all().count() == before
    refused = await api(IMPORT, {"id": calendar["id"], "ics": CZECH_2027, "replace": True}, as_=agent)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    missing = await api(IMPORT, {"id": "999", "ics": CZECH_2027}, as_=admin)
    assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert await SlaHoliday.all().count() == before
