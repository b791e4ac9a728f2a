"""Plain words for the managers' logs: who did what, and how a delivery request went.

Timelines and dispatch logs keep compact tags and codes (``manager:12``, ``http_status``);
managers read names and sentences in their language instead. Exception texts and answer bodies
never reach a page: the dispatch worker writes the technical detail to its log.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _

from accounts.services import names_of
from catalog.db import DbSession
from orders import actors
from orders.actors import ActorKind
from orders.dispatch import FailureReason


def actor_labels(session: DbSession, tags: Iterable[str]) -> dict[str, str]:
    """Each timeline tag as the people reading the log say it, names looked up in one query."""
    parsed = {tag: actors.parse(tag) for tag in set(tags)}
    names = names_of(session, {a.user_id for a in parsed.values() if a.user_id is not None})
    return {tag: _actor_label(actor, names) for tag, actor in parsed.items()}


def _actor_label(actor: actors.Actor, names: dict[int, str]) -> str:
    name = names.get(actor.user_id) if actor.user_id is not None else None
    if actor.kind is ActorKind.MANAGER:
        return name or _("a manager")
    if actor.kind is ActorKind.COURIER:
        return _("courier %(name)s", name=name) if name else _("courier")
    return {
        ActorKind.DISPATCHER: _("courier (dispatcher)"),
        ActorKind.SHOPPER: _("shopper"),
        ActorKind.PAYMENT: _("system (card payment)"),
    }.get(actor.kind, _("system"))


def attempt_reason(status_code: int | None, error: str) -> str:
    """Why a delivery request failed, in a short sentence; '' when it was delivered."""
    if status_code is not None and 200 <= status_code < 300:
        return _("Received by the dispatcher (HTTP %(code)s).", code=status_code)
    if status_code is not None:
        return _("The dispatcher refused it (HTTP %(code)s).", code=status_code)
    reasons = {
        FailureReason.TIMEOUT: _("The dispatcher did not answer in time."),
        FailureReason.CONNECTION: _("Could not connect to the dispatcher."),
        FailureReason.NO_ENDPOINT: _("The gallery has no dispatcher endpoint any more."),
        FailureReason.NO_SECRET: _("The gallery has no signing secret any more."),
        FailureReason.BAD_SECRET: _("The gallery's signing secret is not valid."),
        FailureReason.BLOCKED_ADDRESS: _(
            "Not sent: the dispatcher's address points into a private network."
        ),
    }
    if error in FailureReason._value2member_map_ and FailureReason(error) in reasons:
        return reasons[FailureReason(error)]
    return _("Sending failed.") if error else ""


def dispatch_words() -> dict[str, dict[str, str]]:
    """Names of outbox states, message kinds, courier reports and their outcomes."""
    return {
        "outbox_status_names": {
            "pending": _("waiting to be sent"),
            "sent": _("received by the dispatcher"),
            "dead": _("gave up"),
        },
        "message_kind_names": {"delivery.requested": _("Delivery request")},
        "report_names": {
            "courier_assigned": _("courier assigned"),
            "picked_up": _("picked up"),
            "delivered": _("delivered"),
            "failed": _("delivery failed"),
            "cancelled": _("booking cancelled"),
            "no_driver": _("no driver found"),
            "returned": _("returned to the gallery"),
        },
        "report_outcome_names": {
            "applied": _("applied"),
            "duplicate": _("already received"),
            "stale": _("ignored: out of date"),
            "impossible": _("ignored: not possible now"),
        },
    }
