"""Event classes found by their type name in a table.

Replaces `rasa.shared.core.events.Event.resolve_by_type` (Rasa 3.6.21):

    @staticmethod
    def resolve_by_type(type_name, default=None):
        for cls in rasa.shared.utils.common.all_subclasses(Event):
            if cls.type_name == type_name:
                return cls
        if type_name == "topic":
            return None  # backwards compatibility to support old TopicSet evts
        elif default is not None:
            return default
        else:
            raise ValueError(f"Unknown event name '{type_name}'.")

Written for Rasa 3.6.21. No upstream issue found.

Why: Rasa walks every subclass of `Event` (asking `inspect` whether each is abstract) for every
event it reads back, about 130 per finished complaint, on every turn: about 10% of the Rasa
server's CPU. Here the name is looked up in a table built from the same walk, in the same order,
so the same class is found; a name that is in no table gets Rasa's own answer (None for "topic",
the default, or Rasa's error), and a class imported after the table was built is found by building
it again.
"""

from __future__ import annotations

from typing import Any

NAME = "event_types"


def is_installed() -> bool:
    from rasa.shared.core.events import Event

    return getattr(Event.resolve_by_type, "_table", None) is not None


def install() -> None:
    """Make Rasa's `Event.resolve_by_type` look type names up in a table."""
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    if is_installed():
        return
    original = Event.resolve_by_type
    table: dict[str, Any] = {}

    def build() -> None:
        # Rasa's own walk and order: the first class with a type name is the one Rasa returns.
        table.clear()
        for cls in all_subclasses(Event):
            table.setdefault(cls.type_name, cls)

    def resolve_by_type(type_name: str, default: Any = None) -> Any:
        found = table.get(type_name)
        if found is None:
            build()  # first use, or a class imported since the table was built
            found = table.get(type_name)
        # Not an event class: Rasa's own answer (None for "topic", the default, or its error).
        return found if found is not None else original(type_name, default)

    resolve_by_type._table = table  # type: ignore[attr-defined]
    resolve_by_type.rasa_original = original  # type: ignore[attr-defined]
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign,assignment]


def uninstall() -> None:
    from rasa.shared.core.events import Event

    if is_installed():
        Event.resolve_by_type = staticmethod(Event.resolve_by_type.rasa_original)  # type: ignore[method-assign,assignment,attr-defined]
