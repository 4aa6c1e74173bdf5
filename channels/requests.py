"""What a channel accepts before Rasa sees a request: its shape and its sizes.

Rasa's `rest` and `callback` channels take any body: a body that is not a JSON object was a 500, a
missing `message` a `200 []` with nothing said, a missing `sender` a turn in one conversation called
`default` shared by every such client, and only the text's length was limited (channels/limits.py),
so a 100 KB sender id was stored as a conversation's key and 5 MB of `metadata` became 20 MB of
tracker rows sent to the action server on every later turn. Here every request is checked first and
one that does not fit is refused plainly (REST and callback: an HTTP status and a short JSON reason;
the website chat: a reply on its socket), and it never reaches the assistant:

- the body: at most `max_body_bytes` (enough for a message at the text limit written entirely in
  JSON escapes, plus the largest metadata and sender id), else 413;
- a JSON object, with `sender` (1 to 128 letters, digits and `-_.:+`: what messaging platforms use
  for their ids, and no room for an email address or a paragraph) and `message` (a string), else
  400; the message's *length* stays the assistant's to answer (channels/limits.py), in words;
- not the shape of a website chat session id (64 hex characters), else 400: on REST it would join a
  website conversation without its socket;
- `metadata`, if given: a JSON object of at most 4 KB (the chat sends `{"provider": ...}`), else 400;
- no key written twice in one object (Python's parser keeps the last of `{"sender": "a", "sender":
  "b"}`, while a proxy or a log that reads the first would see another conversation), else 400;
- sent as `application/json` (else 415): a web page on any other site can make a browser POST a
  `text/plain` or form body with no CORS preflight, and Rasa's own channel parsed it as JSON all the
  same, so any site a customer visited could talk to the assistant in their browser's name.

The reasons name the field, never its value, and the log holds the reason and the channel only.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 128
SENDER_ID = re.compile(rf"[A-Za-z0-9_.:+-]{{1,{MAX_SENDER_CHARS}}}")
# The website chat's session ids (channels/webchat.py, `SessionIds`: 64 hex characters) are its
# conversations' sender ids: on REST or the callback channel such an id would write into, and read
# the replies of, a website conversation without its socket (outside attacker, 27 Nov).
WEB_CHAT_SESSION_SHAPE = re.compile(r"[0-9a-f]{64}")
MAX_METADATA_BYTES = 4096
# The longest JSON escape of one character is a surrogate pair, "\ud83d\ude21": 12 bytes.
JSON_BYTES_PER_CHAR = 12
ENVELOPE_BYTES = 1024


def max_body_bytes(max_message_chars: int) -> int:
    """The largest request body a channel reads: a message at the text limit, however it is
    encoded, with the largest metadata and sender id."""
    return (
        JSON_BYTES_PER_CHAR * max_message_chars
        + MAX_METADATA_BYTES
        + MAX_SENDER_CHARS
        + ENVELOPE_BYTES
    )


class RequestRefused(ValueError):
    """A request the channel will not pass on; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class ChannelRequest:
    sender: str
    message: str
    metadata: dict[str, Any] | None


def json_size(value: Any) -> int:
    """Bytes of `value` as compact UTF-8 JSON."""
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


# Metadata is a few settings (the provider, a page's locale): nothing needs deep nesting, and
# serialising deeply nested values again recurses once per level.
MAX_METADATA_DEPTH = 16


def nesting_depth(value: Any) -> int:
    """How deeply lists and objects nest in `value` (a scalar: 0), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = list(item.values())
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def check_metadata(metadata: Any) -> dict[str, Any] | None:
    if metadata is None:
        return None
    if not isinstance(metadata, dict):
        raise RequestRefused(400, "metadata must be a JSON object")
    if nesting_depth(metadata) > MAX_METADATA_DEPTH:
        raise RequestRefused(400, f"metadata must nest at most {MAX_METADATA_DEPTH} levels deep")
    if json_size(metadata) > MAX_METADATA_BYTES:
        raise RequestRefused(400, f"metadata must be at most {MAX_METADATA_BYTES} bytes")
    return metadata


def check_sender(sender: Any, field: str = "sender") -> str:
    if sender is None:
        raise RequestRefused(400, f"{field} is missing")
    if not isinstance(sender, str) or not SENDER_ID.fullmatch(sender):
        raise RequestRefused(
            400,
            f"{field} must be 1 to {MAX_SENDER_CHARS} letters, digits or any of - _ . : +",
        )
    return sender


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise RequestRefused(400, "the body must not give a key twice")
    return dict(pairs)


JSON_MEDIA_TYPE = "application/json"


def check_content_type(content_type: str | None) -> None:
    """RequestRefused (415) unless the body is declared as JSON (parameters such as charset aside)."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type != JSON_MEDIA_TYPE:
        raise RequestRefused(415, f"the body must be sent as {JSON_MEDIA_TYPE}")


def check_request(body: bytes, content_length: int | None, max_body: int) -> ChannelRequest:
    """The request's sender, message and metadata, or RequestRefused saying what is wrong."""
    if (content_length or 0) > max_body or len(body) > max_body:
        raise RequestRefused(413, f"the request body must be at most {max_body} bytes")
    try:
        parsed = json.loads(body, object_pairs_hook=_no_repeated_keys)
    except RequestRefused:
        raise
    except (ValueError, UnicodeDecodeError):
        raise RequestRefused(400, "the body must be a JSON object") from None
    except RecursionError:  # a small body nested about a thousand levels deep (outside testing)
        raise RequestRefused(400, "the body is nested too deeply") from None
    if not isinstance(parsed, dict):
        raise RequestRefused(400, "the body must be a JSON object")
    sender = check_sender(parsed.get("sender"))
    if WEB_CHAT_SESSION_SHAPE.fullmatch(sender):
        raise RequestRefused(400, "sender must not be a website chat session id")
    message = parsed.get("message")
    if message is None:
        raise RequestRefused(400, "message is missing")
    if not isinstance(message, str):
        raise RequestRefused(400, "message must be a string")
    return ChannelRequest(sender, message, check_metadata(parsed.get("metadata")))


def log_refusal(channel: str, refused: RequestRefused) -> None:
    # The reason names a field, never a value the client sent.
    logger.info("%s: a request refused (%d: %s)", channel, refused.status, refused.reason)
