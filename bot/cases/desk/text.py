"""Customer text for a terminal, and the desk's small ways of writing moments and counts.

Customers' words are printed as they were given, but as plain text: control characters and the
Unicode controls that reorder text are shown as escapes, never sent to the terminal.
"""

from __future__ import annotations

import re
from datetime import datetime

from bot.cases.views import moment_text

# C0 and C1 controls (but newline and tab), DEL, and the bidirectional embeddings, overrides and
# isolates that can make a terminal show text in an order other than the stored one.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str | None, *, indent: str | None = None) -> str:
    """Customer text for a terminal: verbatim, with control characters shown as escapes.

    With `indent`, new lines are kept and every line after the first is indented; without it, the
    text is kept on one line (new lines shown as \\n).
    """
    if text is None:
        return ""
    if indent is None:
        return UNSAFE.sub(_escape, text.replace("\n", "\\n").replace("\t", " "))
    safe = UNSAFE.sub(_escape, text)
    return safe.replace("\n", "\n" + indent)


def moment_or_dash(moment: datetime | None) -> str:
    return "-" if moment is None else moment_text(moment)


def short_moment(moment: datetime | None) -> str:
    return "-" if moment is None else f"{moment:%Y-%m-%d %H:%M}"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"
