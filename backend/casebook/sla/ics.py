"""Holidays from an uploaded iCalendar (.ics) text, parsed by the `icalendar` library (folded
lines, escapes, parameters are its business).

Each VEVENT with all-day dates is a holiday on each of its days: DTSTART to DTEND, DTEND
exclusive as RFC 5545 says (or DTSTART plus a DURATION of whole days; neither: the one day). A
yearly recurrence (RRULE FREQ=YEARLY) makes those days `yearly`. SUMMARY is the name. Timed
events (a DTSTART with a time) and other recurrences cannot be a whole local day off: they are
skipped and counted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import icalendar

from casebook.errors import InputError
from casebook.sla.models import NAME_MAX

MAX_BYTES = 1_000_000
MAX_DAYS = 1000
PATH = "ics"


@dataclass(frozen=True, slots=True)
class Parsed:
    holidays: list[dict[str, Any]]  # {"day", "yearly", "name"}, duplicates collapsed
    skipped: int  # timed events and recurrences other than yearly


def _bad(message: str) -> InputError:
    return InputError(PATH, f"{PATH}: {message}")


def _whole_date(value: Any) -> date | None:
    moment = getattr(value, "dt", None)
    return moment if isinstance(moment, date) and not isinstance(moment, datetime) else None


def parse(text: str) -> Parsed:
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise _bad(f"the file is larger than {MAX_BYTES // 1_000_000} MB")
    try:
        found = icalendar.Calendar.from_ical(text)
        if found.name != "VCALENDAR":
            raise ValueError(found.name)
        events = list(found.walk("VEVENT"))
    except Exception:  # the library raises ValueError, but also others on odd input
        raise _bad("not an iCalendar file") from None
    out: dict[tuple[Any, bool], dict[str, Any]] = {}
    skipped = 0
    for event in events:
        start = _whole_date(event.get("DTSTART"))
        rule = event.get("RRULE")
        frequencies = [str(f).upper() for f in (rule.get("FREQ") or [])] if rule else []
        if start is None or (rule and frequencies != ["YEARLY"]):
            skipped += 1
            continue
        end = _whole_date(event.get("DTEND"))
        duration = getattr(event.get("DURATION"), "dt", None)
        if end is None and isinstance(duration, timedelta) and duration.days > 0:
            end = start + timedelta(days=duration.days)
        if end is None or end <= start:
            end = start + timedelta(days=1)
        if (end - start).days > MAX_DAYS:
            raise _bad(f"an import has at most {MAX_DAYS} days")
        name = str(event.get("SUMMARY") or "").replace("\x00", "").strip()[:NAME_MAX]
        yearly = bool(rule)
        day = start
        while day < end:
            key: tuple[Any, bool] = ((day.month, day.day) if yearly else day, yearly)
            out.setdefault(key, {"day": day, "yearly": yearly, "name": name})
            if len(out) > MAX_DAYS:
                raise _bad(f"an import has at most {MAX_DAYS} days")
            day += timedelta(days=1)
    return Parsed(sorted(out.values(), key=lambda h: (h["day"], h["yearly"])), skipped)
