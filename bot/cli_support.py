"""What the staff command line's two halves (codes and quotes; the cases desk) share."""

from __future__ import annotations

import json
import os
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


def use_colour(out: TextIO, environ: dict[str, str] | None = None) -> bool:
    """Colour only for a person at a terminal: not when `out` is a file or a pipe, nor when
    NO_COLOR is set to anything (https://no-color.org), nor on a dumb terminal."""
    environ = dict(os.environ) if environ is None else environ
    if environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    isatty = getattr(out, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def red(text: str, colour: bool) -> str:
    """`text` in red (ANSI) when `colour`, else as it is."""
    return f"\x1b[31m{text}\x1b[0m" if colour else text
