"""What the assistant may offer a customer, and where each offer comes from.

A way of being contacted comes from the provider's code (`reply_routes`: the ways it commits to
reply); text relay and accessible formats come from today's rules (Ofcom General Condition C5),
which every provider must give. Nothing is offered that neither says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.provider_codes import ProviderCode
from bot.regulation import Rules

# The ways of being contacted the form can record, in the order they are offered.
CONTACT_ROUTES: tuple[str, ...] = ("email", "phone", "letter")
ROUTE_WORDS = {
    "email": "email",
    "phone": "phone",
    "letter": "letter",
    "text_relay": "text relay",
    "video_relay": "video relay",
}


@dataclass(frozen=True)
class ContactChoice:
    value: str  # the form's contact_preference value
    source: str  # "code", "rules", or "preference" (the code commits to no route)
    quote: str  # the code's words, or the rule's source


def contact_choices(code: ProviderCode, rules: Rules) -> tuple[ContactChoice, ...]:
    """The ways the customer may choose to be contacted: those the code commits to (or, when it
    commits to none, the ways it can be reached), and text relay for calls under GC C5."""
    choices: list[ContactChoice] = []
    if code.reply_routes is not None:
        for route in CONTACT_ROUTES:
            if route in code.reply_routes.channels:
                choices.append(ContactChoice(route, "code", code.reply_routes.quote))
    else:
        # The code commits to no route: the customer states a preference, promised nothing.
        choices.extend(ContactChoice(route, "preference", "") for route in CONTACT_ROUTES)
    relay = rules.disabled_customers.get("text_relay")
    if relay is not None and any(c.value == "phone" for c in choices):
        choices.append(ContactChoice("text_relay", "rules", relay["source"]))
    return tuple(choices)


def routes_text(channels: tuple[str, ...]) -> str:
    """ "email or phone": the routes a code commits to, in words."""
    words = [ROUTE_WORDS.get(c, c) for c in channels if c in ROUTE_WORDS]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} or {words[-1]}"


def accessible_formats_text(rules: Rules) -> str:
    """ "large print, braille, audio or e-mail", from GC C5's row."""
    row = rules.disabled_customers.get("accessible_formats") or {}
    return _joined(row.get("formats", ()))


def _joined(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} or {items[-1]}"
