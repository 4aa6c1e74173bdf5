"""The one place the real clock is read. Everything below it takes `now` as an argument.

`COMPLAINTS_NOW` (ISO 8601; Europe/London when it has no offset) fixes the clock for a whole
process, so staff and tests can say "today is 22 December 2026".
"""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
NOW_VARIABLE = "COMPLAINTS_NOW"


def parse_moment(text: str, zone: ZoneInfo = LONDON) -> datetime:
    """An ISO 8601 date or date-time; local to `zone` when it carries no offset."""
    text = text.strip()
    if text.endswith(("Z", "z")):  # UTC designator, which Python 3.10's fromisoformat refuses
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{text!r} is not an ISO 8601 date-time (expected e.g. 2026-12-22T10:00 or "
            "2026-12-22T10:00:00+00:00)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def now(environ: dict[str, str] | None = None) -> datetime:
    """The current moment in Europe/London, or the one `COMPLAINTS_NOW` fixes."""
    environ = os.environ if environ is None else environ
    fixed = environ.get(NOW_VARIABLE)
    if fixed:
        return parse_moment(fixed)
    return datetime.now(LONDON)
