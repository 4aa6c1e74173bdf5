"""Where an answer comes from, as a plain "Source: ..." line on channels that show only text.

Each factual answer carries its sources in the message's custom payload (`{"sources": [...]}`,
docs/sources.md). The website chat shows them under the answer and a REST client reads them as
data; but `rasa shell` (which reads the REST channel's stream) prints a custom payload as raw JSON,
and a channel that delivers replies as text messages (the callback channel, as messaging platforms
do) has no way to show one. On those two the payload is sent instead as one text message,
"Source: Infinium's Code of Practice, Resolution of Complaints; ...", built by the same
`bot.sources.source_line` as the sign-off sheet (outside compliance review: the shell showed the
raw payload). Any other custom payload goes out as Rasa sends it.
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.callback import CallbackOutput
from rasa.core.channels.rest import QueueOutputChannel

from bot.sources import source_line


def sources_text(payload: Any) -> str | None:
    """The "Source: ..." line for a payload that is only an answer's sources; None otherwise."""
    if not isinstance(payload, dict) or set(payload) != {"sources"}:
        return None
    sources = payload["sources"]
    if not isinstance(sources, list) or not sources:
        return None
    if not all(isinstance(s, dict) and s.get("document") for s in sources):
        return None
    return source_line(sources)


class PlainSources:
    """Mixin for an output channel that shows text only: sources become a "Source: ..." line."""

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        line = sources_text(json_message)
        if line is None:
            await super().send_custom_json(recipient_id, json_message, **kwargs)  # type: ignore[misc]
        else:
            await self.send_text_message(recipient_id, line)  # type: ignore[attr-defined]


class ShellOutputChannel(PlainSources, QueueOutputChannel):
    """The REST channel's streamed replies (what `rasa shell` reads), with a "Source:" line."""


class TextCallbackOutput(PlainSources, CallbackOutput):
    """The callback channel's replies (text messages POSTed on), with a "Source:" line."""
