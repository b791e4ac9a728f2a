"""Who moved a shipment: the tag written on each timeline row (``ShipmentEvent.actor``).

A person is tagged with their user id (``manager:12``, ``courier:31``) so the log can name
them later; a process is tagged with a fixed word. The web layer turns tags into words.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class ActorKind(enum.StrEnum):
    MANAGER = "manager"
    COURIER = "courier"
    DISPATCHER = "dispatcher"  # a gallery's courier app, reporting through the signed API
    SHOPPER = "shopper"
    PAYMENT = "stripe"  # the card payment's webhook or return page
    SWEEPER = "sweeper"  # the expiry of unpaid orders
    SYSTEM = "system"  # anything else, including rows written before tags were kept


DISPATCHER = ActorKind.DISPATCHER.value
SHOPPER = ActorKind.SHOPPER.value
PAYMENT = ActorKind.PAYMENT.value
SWEEPER = ActorKind.SWEEPER.value

_PEOPLE = (ActorKind.MANAGER, ActorKind.COURIER)


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    user_id: int | None = None


def manager(user_id: int) -> str:
    """The tag of a cooperative manager's action: the person, not their cooperative."""
    return f"{ActorKind.MANAGER}:{user_id}"


def courier(user_id: int) -> str:
    """The tag of an action on Gerai's own courier page."""
    return f"{ActorKind.COURIER}:{user_id}"


def parse(tag: str) -> Actor:
    """The actor a tag names; unknown or malformed tags are the system."""
    kind, _, rest = tag.partition(":")
    if kind in ActorKind._value2member_map_:
        actor_kind = ActorKind(kind)
        if actor_kind in _PEOPLE:
            return Actor(actor_kind, int(rest)) if rest.isdigit() else Actor(actor_kind)
        return Actor(actor_kind)
    return Actor(ActorKind.SYSTEM)
