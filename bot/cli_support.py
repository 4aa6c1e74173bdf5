"""What the staff command line's two halves (codes and quotes; the cases desk) share."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, TextIO

from bot import clock


def print_json(data: Any, out: TextIO) -> None:
    json.dump(data, out, indent=2, ensure_ascii=False, default=str)
    out.write("\n")


def now_or_error(error_type: type[Exception]) -> datetime:
    """The clock's moment, or `error_type` with a clear message when `COMPLAINTS_NOW` is unreadable."""
    try:
        return clock.now()
    except ValueError as error:
        raise error_type(f"{clock.NOW_VARIABLE}: {error}") from None
