"""Durations staff type ('90d', '12w', '6m', '6y') and the retention periods read from an option, an
environment variable or a default.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from bot.cases.desk.running import DeskError
from bot.cases.retention import (
    configured,
)

_DURATION = re.compile(
    r"^\s*(?P<amount>[0-9]+)\s*(?P<unit>d|days?|w|weeks?|m|months?|y|years?)\s*$", re.IGNORECASE
)


def parse_duration(text: str, now: datetime, option: str = "--older-than") -> timedelta:
    """'90d', '12w', '6m', '6y' (or '6 years'): the time back from `now` (months and years are
    calendar months and years). `option` names where the text came from, for the message."""
    match = _DURATION.match(text)
    if match is None:
        raise DeskError(
            f"{option}: {text!r} is not a duration: expected a number and a unit, such as "
            "90d, 12w, 6m or 6y"
        )
    amount, unit = int(match["amount"]), match["unit"][0].lower()
    if unit == "d":
        return timedelta(days=amount)
    if unit == "w":
        return timedelta(weeks=amount)
    back = relativedelta(months=amount) if unit == "m" else relativedelta(years=amount)
    return now - (now - back)


def retention_period(
    given: str | None, option: str, variable: str, now: datetime, default: str | None = None
) -> timedelta:
    """A retention period: the option, else the environment variable, else the default."""
    if given:
        return parse_duration(given, now, option)
    from_environment = configured(None, variable)
    if from_environment:
        return parse_duration(from_environment, now, variable)
    if default is None:
        raise DeskError(
            f"{option}: give how long closed cases are kept (such as 6y), or set {variable}"
        )
    return parse_duration(default, now, option)
