"""Order emails: rendered when the change that causes them commits, written to the outbox in
that same transaction, and sent over SMTP by the dispatch worker with retries.

Views and services call :func:`queue_order_email`; it records (kind, order id, shipment id) in
``session.info``. A ``before_commit`` hook renders each queued email, in its language, and adds
it to the transaction as an :class:`OutboxEmail` holding the whole message, so the email is
committed with the change or not at all: a rolled-back order never emails; a rollback (or a
rolled-back savepoint around the queuing) forgets the queued ones. Rendering at the commit, not
at the step, shows the transaction's final state (every line, every cancelled shipment).

Some emails follow a shipment's timeline instead of a view: an ``after_flush`` hook watches new
:class:`ShipmentEvent` rows that record a real step, whichever path took it (web checkout, API,
Stripe's webhook or success page, the shopper's cancel button, the expiry sweeper, the
console). A shipment becoming ``confirmed`` tells the cooperative's managers (``new_order``);
an order's shipments becoming ``cancelled`` tells the shopper once; a pickup shipment becoming
``ready`` tells the shopper to come. Each step is written once (the lifecycle's conditional
updates decide who wins), so each email is queued once.

No request talks to the mail server: the dispatch worker (``flask dispatch-worker``, see
``storefront/dispatch_cli.py``) claims due emails with the courier messages and sends each
through :func:`send_outbox_email`, over SMTP (``MAIL_BACKEND = "smtp"``, with ``MAIL_TIMEOUT``)
or, in development and tests, to the app log (``"log"``). A server that is down, slow or
answers 4xx is retried with the courier back-off (orders.dispatch.record) and the email gives up
into the dead letters after the last attempt; a permanent refusal (5xx for the recipient or the
message) gives up at once. An email that cannot be rendered is logged and skipped: the change
it follows is committed all the same.
"""

from __future__ import annotations

import email
import email.policy
import logging
import secrets
import smtplib
import ssl
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from flask import Flask, current_app, has_app_context, has_request_context
from flask_babel import force_locale, gettext
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import (
    Session,
    SessionTransaction,
    UOWTransaction,
    contains_eager,
    joinedload,
    scoped_session,
    selectinload,
)

from accounts import password_reset
from accounts.models import Role, User
from catalog.db import DbSession
from catalog.i18n import N_
from catalog.models import Cooperative
from config import ConfigError
from orders import actors
from orders.dispatch import FailureReason, Outcome, record
from orders.models import (
    DeliveryAttempt,
    DeliveryMethod,
    Order,
    OutboxEmail,
    OutboxStatus,
    Shipment,
    ShipmentEvent,
    ShipmentStatus,
)
from orders.payments import paid_by_card
from orders.refunds import shipment_share
from storefront.database import start_writing
from storefront.i18n import current_language
from storefront.urls import public_url

ORDER_ENDPOINT = "orders.detail"
SHIPMENT_ENDPOINT = "manage.shipment"
BACKENDS = ("smtp", "log")
SUBJECTS = {
    "placed": N_("We received your order %(code)s"),
    "confirmed": N_("Payment received: order %(code)s is confirmed"),
    "handed_to_courier": N_("Order %(code)s from %(gallery)s is on its way"),
    "delivered": N_("Order %(code)s from %(gallery)s has been delivered"),
    "cancelled": N_("Order %(code)s is cancelled"),
    "ready_for_pickup": N_("Order %(code)s is ready to pick up at %(gallery)s"),
    "delivery_rearranged": N_("News about the delivery of order %(code)s from %(gallery)s"),
    "shipment_cancelled": N_("Your items from %(gallery)s in order %(code)s are cancelled"),
}
SHIPMENT_KINDS = frozenset(
    {
        "handed_to_courier",
        "delivered",
        "ready_for_pickup",
        "delivery_rearranged",
        "shipment_cancelled",  # a manager cancelled one gallery's part (orders.cancellation)
    }
)
# To the managers of each cooperative whose gallery has a shipment in the order.
NEW_ORDER = "new_order"
ORDER_WITHDRAWN = "order_withdrawn"  # a confirmed order cancelled: do not pack it
MANAGER_SUBJECTS = {
    NEW_ORDER: N_("New order %(code)s for %(gallery)s"),
    ORDER_WITHDRAWN: N_("Order %(code)s for %(gallery)s is cancelled: do not pack it"),
}
# To the owner of an account: a new shopper's welcome, or someone registering with a taken
# address (the stranger is told only "check your email", the owner is told here).
ACCOUNT_WELCOME = "account_welcome"
ACCOUNT_EXISTS = "account_exists"
# "Forgot your password?": the link (its token made as the email is rendered), then the notice
# that the password was changed.
ACCOUNT_PASSWORD_RESET = "account_password_reset"  # noqa: S105 - an email kind
ACCOUNT_PASSWORD_CHANGED = "account_password_changed"  # noqa: S105 - an email kind
ACCOUNT_SUBJECTS = {
    ACCOUNT_WELCOME: N_("Your Gerai account is ready"),
    ACCOUNT_EXISTS: N_("Someone tried to register on Gerai with your email address"),
    ACCOUNT_PASSWORD_RESET: N_("Choose a new password for Gerai"),
    ACCOUNT_PASSWORD_CHANGED: N_("Your Gerai password was changed"),
}
LOGIN_ENDPOINT = "accounts.login"
RESET_ENDPOINT = "password_reset.new_password"
FORGOT_ENDPOINT = "password_reset.forgot"
_PENDING = "gerai.mail_pending"
_APP_CONTEXT = "gerai.mail_app_context"
REFUSED = "smtp_refused"  # the server answered 4xx/5xx; its reply is the attempt's excerpt
LOGGED = "MAIL_BACKEND=log: written to the log, not sent"


@dataclass(frozen=True)
class QueuedEmail:
    """One email waiting for its transaction to commit."""

    kind: str
    order_id: int
    shipment_id: int | None
    language: str
    app: Flask = field(compare=False, repr=False)
    savepoint: SessionTransaction | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class QueuedAccountEmail:
    """One email about an account (not an order) waiting for its transaction to commit."""

    kind: str
    user_id: int
    language: str
    app: Flask = field(compare=False, repr=False)
    savepoint: SessionTransaction | None = field(default=None, compare=False, repr=False)


Queued = QueuedEmail | QueuedAccountEmail


def queue_account_email(
    session: DbSession, kind: str, user: User, *, language: str | None = None
) -> None:
    """Email the owner of ``user`` (flushed) about their account once the transaction commits."""
    if kind not in ACCOUNT_SUBJECTS:
        raise ValueError(f"Unknown account email {kind!r}; one of {', '.join(ACCOUNT_SUBJECTS)}.")
    real = _transaction_of(session)
    queued = QueuedAccountEmail(
        kind,
        user.id,
        _language(language),
        current_app._get_current_object(),  # type: ignore[attr-defined]  # see _enqueue
        real.get_nested_transaction(),
    )
    _remember(real, queued)


def queue_order_email(
    session: DbSession,
    kind: str,
    order: Order,
    *,
    shipment: Shipment | None = None,
    language: str | None = None,
) -> None:
    """Email the shopper about ``order`` once the transaction commits; skip if no address."""
    if kind not in SUBJECTS:
        raise ValueError(f"Unknown order email {kind!r}; one of {', '.join(SUBJECTS)}.")
    if (kind in SHIPMENT_KINDS) != (shipment is not None):
        raise ValueError(f"The {kind!r} email needs shipment= exactly when it is per shipment.")
    if shipment is not None and shipment.order_id != order.id:
        raise ValueError("That shipment belongs to another order.")
    if not order.email:
        return
    _enqueue(session, kind, order.id, shipment.id if shipment is not None else None, language)


def _enqueue(
    session: DbSession,
    kind: str,
    order_id: int,
    shipment_id: int | None,
    language: str | None,
) -> None:
    """Remember one email for the commit; the same email twice is queued once."""
    real = _transaction_of(session)
    queued = QueuedEmail(
        kind,
        order_id,
        shipment_id,
        _language(language),
        # Flask types the proxy as the Flask object itself, so its unwrapping method is unknown.
        current_app._get_current_object(),  # type: ignore[attr-defined]
        real.get_nested_transaction(),
    )
    _remember(real, queued)


def _transaction_of(session: DbSession) -> Session:
    """The real session, in a transaction (begun if need be) that a rollback can forget."""
    real = session() if isinstance(session, scoped_session) else session
    if not real.in_transaction():
        real.begin()  # no SQL yet; gives a rollback or close() a transaction to forget it with
    return real


def _remember(real: Session, queued: Queued) -> None:
    pending: list[Queued] = real.info.setdefault(_PENDING, [])
    if queued not in pending:
        pending.append(queued)


def _language(language: str | None) -> str:
    if language is not None and language in current_app.config["LANGUAGES"]:
        return language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


@event.listens_for(Session, "after_flush")
def _queue_timeline_emails(session: Session, _context: UOWTransaction) -> None:
    """Queue the emails that follow a shipment's step (see the module's docstring)."""
    if not has_app_context():
        return  # a domain script or test without the app: nobody to send through
    for item in session.new:
        if isinstance(item, ShipmentEvent) and _is_a_step(session, item):
            _queue_for_step(session, item)


def _is_a_step(session: DbSession, step: ShipmentEvent) -> bool:
    """True if the event records a move (a new shipment or a changed status), not a note.

    The step functions (orders.states, orders.lifecycle, the checkout) set the status and add
    its event together, so both are in the same flush.
    """
    shipment = step.shipment
    if shipment is None:
        return False
    return shipment in session.new or inspect(shipment).attrs.status.history.has_changes()


def _queue_for_step(session: DbSession, step: ShipmentEvent) -> None:
    shipment = step.shipment
    if step.status == ShipmentStatus.CONFIRMED:
        _enqueue(session, NEW_ORDER, shipment.order_id, None, None)  # managers: default language
    elif step.status == ShipmentStatus.CANCELLED and _by_a_manager(step):
        _enqueue(session, "shipment_cancelled", shipment.order_id, shipment.id, None)
    elif step.status == ShipmentStatus.CANCELLED:
        _enqueue(session, "cancelled", shipment.order_id, None, _shoppers_language(step))
        if ShipmentStatus.CONFIRMED in inspect(shipment).attrs.status.history.deleted:
            # The managers were told of this order when it was confirmed: untell them.
            _enqueue(session, ORDER_WITHDRAWN, shipment.order_id, None, None)
    elif step.status == ShipmentStatus.READY and shipment.delivery_method == DeliveryMethod.PICKUP:
        _enqueue(session, "ready_for_pickup", shipment.order_id, shipment.id, None)


def _by_a_manager(step: ShipmentEvent) -> bool:
    """A manager's cancellation: the shopper is told which part and why, per shipment."""
    return actors.parse(step.actor).kind == actors.ActorKind.MANAGER


def _shoppers_language(step: ShipmentEvent) -> str | None:
    """The page's language when the shopper took the step; else unknown (the default)."""
    if step.actor == actors.SHOPPER and has_request_context():
        return current_language()
    return None


@event.listens_for(Session, "before_commit")
def _write_queued_to_outbox(session: Session) -> None:
    """Render the queued emails into the outbox, inside the transaction that is committing."""
    if session.in_nested_transaction() or not session.info.get(_PENDING):
        return  # only a savepoint is released; the real commit is still to come
    session.flush()  # a step not yet flushed queues its email now, not after the commit
    queued: list[Queued] = session.info.pop(_PENDING, [])
    if has_app_context():
        write_to_outbox(session, queued)
        return
    context = queued[0].app.app_context()
    context.push()
    try:
        write_to_outbox(session, queued)
    finally:
        session.info[_APP_CONTEXT] = context  # popped once the commit ends (it closes sessions)


@event.listens_for(Session, "after_transaction_end")
def _pop_borrowed_app_context(session: DbSession, transaction: SessionTransaction) -> None:
    context = session.info.pop(_APP_CONTEXT, None) if transaction.parent is None else None
    if context is not None:
        context.pop()


@event.listens_for(Session, "after_transaction_end")
def _forget_uncommitted(session: DbSession, transaction: SessionTransaction) -> None:
    # before_commit has already taken what commits; rollback and close() leave the rest here
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back_savepoint(session: DbSession, previous: SessionTransaction) -> None:
    queued = session.info.get(_PENDING)
    if queued and previous.nested:
        session.info[_PENDING] = [q for q in queued if not _within(q.savepoint, previous)]


def _within(savepoint: SessionTransaction | None, rolled_back: SessionTransaction) -> bool:
    """Whether an email queued under ``savepoint`` was inside the rolled-back one."""
    while savepoint is not None:
        if savepoint is rolled_back:
            return True
        savepoint = savepoint.parent
    return False


def write_to_outbox(session: DbSession, queued: list[Queued]) -> list[OutboxEmail]:
    """Render each queued email and add it to the session as a pending :class:`OutboxEmail`.

    A rendering failure is logged and skips that email only: a template or data bug must not
    turn a saved order into a 500.
    """
    written: list[OutboxEmail] = []
    for item in queued:
        try:
            messages = build_emails(session, item)
        except Exception:
            current_app.logger.exception("Could not prepare the %s email", item)
            continue
        written.extend(outbox_email(item.kind, message) for message in messages)
    session.add_all(written)
    return written


def outbox_email(kind: str, message: EmailMessage) -> OutboxEmail:
    """The outbox row of a rendered email: the whole message, plus who and what for humans."""
    return OutboxEmail(
        message_id=str(message["Message-ID"]).strip("<>").partition("@")[0],
        event_type=f"email.{kind}",
        payload={
            "kind": kind,
            "to": str(message["To"]),
            "subject": str(message["Subject"]),
            "mime": message.as_string(),  # 7-bit: the bodies are base64, headers encoded
        },
        status=OutboxStatus.PENDING,
    )


def build_emails(session: DbSession, item: Queued) -> list[EmailMessage]:
    """Every message ``item`` stands for: one to the shopper, or one to each manager."""
    if isinstance(item, QueuedAccountEmail):
        account_message = build_account_email(session, item)
        return [account_message] if account_message is not None else []
    if item.kind in MANAGER_SUBJECTS:
        return build_manager_emails(session, item)
    message = build_order_email(session, item)
    return [message] if message is not None else []


def build_order_email(session: DbSession, item: QueuedEmail) -> EmailMessage | None:
    """The email ``item`` describes, rendered in its language; None if there is no one to tell."""
    order = _load_order(session, item.order_id)
    if order is None or not order.email:
        return None
    shipment = next((s for s in order.shipments if s.id == item.shipment_id), None)
    if item.kind in SHIPMENT_KINDS and shipment is None:
        return None
    with force_locale(item.language):
        context = {
            "order": order,
            "shipment": shipment,
            "shipments": [shipment] if shipment else order.shipments,
            "link": order_link(order),
            "language": item.language,
            "share": shipment_share(shipment) if shipment else 0,
            "paid_by_card": (
                paid_by_card(order) if item.kind in ("cancelled", "shipment_cancelled") else 0
            ),
        }
        gallery = shipment.gallery.name if shipment else ""
        subject = gettext(SUBJECTS[item.kind], code=order.code, gallery=gallery)
        text = render_email(f"email/{item.kind}.txt", **context, subject=subject)
        html = render_email(f"email/{item.kind}.html", **context, subject=subject)
    to = Address(display_name=order.customer_name, addr_spec=order.email)
    return compose(to, subject, text, html, language=item.language)


def build_manager_emails(session: DbSession, item: QueuedEmail) -> list[EmailMessage]:
    """One email to each active manager of each cooperative with a shipment in the order that
    the email is about (confirmed ones for a new order, cancelled ones for a withdrawn one),
    listing only that cooperative's shipments."""
    order = _load_order(session, item.order_id)
    if order is None:
        return []
    by_cooperative: dict[int, list[Shipment]] = {}
    for shipment in order.shipments:
        if _concerns(item.kind, shipment):
            by_cooperative.setdefault(shipment.gallery.cooperative_id, []).append(shipment)
    messages = []
    for manager in managers_of(session, by_cooperative):
        assert manager.cooperative_id is not None  # managers_of picks these cooperatives' own
        shipments = by_cooperative[manager.cooperative_id]
        messages.append(_manager_email(item.kind, order, shipments, manager, item.language))
    return messages


def _concerns(kind: str, shipment: Shipment) -> bool:
    if kind == ORDER_WITHDRAWN:
        return shipment.status == ShipmentStatus.CANCELLED
    return shipment.status not in (ShipmentStatus.PENDING, ShipmentStatus.CANCELLED)


def managers_of(session: DbSession, cooperative_ids: Iterable[int]) -> list[User]:
    """The active manager accounts of these (active) cooperatives."""
    ids = list(cooperative_ids)
    if not ids:
        return []
    return list(
        session.scalars(
            select(User)
            .join(User.cooperative)
            .options(contains_eager(User.cooperative))
            .where(
                User.role == Role.MANAGER,
                User.cooperative_id.in_(ids),
                User.is_active_account.is_(True),
                Cooperative.is_active.is_(True),
            )
            .order_by(User.id)
        )
    )


def _manager_email(
    kind: str, order: Order, shipments: list[Shipment], manager: User, language: str
) -> EmailMessage:
    with force_locale(language):
        galleries = ", ".join(s.gallery.name for s in shipments)
        context = {
            "order": order,
            "shipments": shipments,
            "manager": manager,
            "links": {s.id: shipment_link(s) for s in shipments},
            "language": language,
            "paid_by_card": paid_by_card(order),
            "subject": gettext(MANAGER_SUBJECTS[kind], code=order.code, gallery=galleries),
        }
        text = render_email(f"email/{kind}.txt", **context)
        html = render_email(f"email/{kind}.html", **context)
    to = Address(display_name=manager.name, addr_spec=manager.email)
    return compose(to, context["subject"], text, html, language=language)


def build_account_email(session: DbSession, item: QueuedAccountEmail) -> EmailMessage | None:
    """The email to an account's owner, in ``item``'s language; None if the account is gone."""
    user = session.get(User, item.user_id)
    if user is None:
        return None
    with force_locale(item.language):
        subject = gettext(ACCOUNT_SUBJECTS[item.kind])
        context = {
            "user": user,
            "order": None,  # the base templates' order parts stay empty
            "login_link": public_url(LOGIN_ENDPOINT),
            "language": item.language,
            "subject": subject,
            **password_reset_links(item.kind, user),
        }
        text = render_email(f"email/{item.kind}.txt", **context)
        html = render_email(f"email/{item.kind}.html", **context)
    to = Address(display_name=user.name, addr_spec=user.email)
    return compose(to, subject, text, html, language=item.language)


def password_reset_links(kind: str, user: User) -> dict[str, object]:
    """The links of the password emails: the page that sends a reset link and, in the reset
    email, the link itself (its token made now, from the account as this transaction commits
    it). The notice of a changed password carries no live link."""
    if kind not in (ACCOUNT_PASSWORD_RESET, ACCOUNT_PASSWORD_CHANGED):
        return {}
    links: dict[str, object] = {"forgot_link": public_url(FORGOT_ENDPOINT)}
    if kind == ACCOUNT_PASSWORD_RESET:
        token = password_reset.make_token(user, current_app.config["SECRET_KEY"])
        links["reset_link"] = public_url(RESET_ENDPOINT, token=token)
        links["valid_minutes"] = current_app.config["PASSWORD_RESET_MAX_AGE_S"] // 60
    return links


def shipment_link(shipment: Shipment) -> str:
    """The absolute link to the shipment's page in the manager console (log-in needed)."""
    return public_url(SHIPMENT_ENDPOINT, shipment_id=shipment.id)


def render_email(name: str, **context: object) -> str:
    """An email template with its own context only.

    Not ``render_template``: that would add the context processors of whatever request made
    the commit (the console's query for its menu, say), and run their queries in the middle of
    a commit; an email should not depend on the page that sent it either.
    """
    return current_app.jinja_env.get_template(name).render(context)


def _load_order(session: DbSession, order_id: int) -> Order | None:
    return session.scalar(
        select(Order)
        .where(Order.id == order_id)
        .options(
            joinedload(Order.kelurahan),
            selectinload(Order.shipments).selectinload(Shipment.lines),
            selectinload(Order.shipments).joinedload(Shipment.gallery),
        )
    )


def order_link(order: Order) -> str:
    """The absolute, unguessable link to the order's page (the token is the key)."""
    return public_url(ORDER_ENDPOINT, code=order.code, token=order.access_token)


def compose(
    to: Address, subject: str, text: str, html: str, *, language: str = "id"
) -> EmailMessage:
    """A UTF-8 text email with an HTML alternative, from ``MAIL_DEFAULT_SENDER``."""
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    domain = parseaddr(sender)[1].rpartition("@")[2] or "gerai.example"
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = to
    message["Date"] = format_datetime(datetime.now(UTC))
    # Also the outbox row's message_id: retries send the same Message-ID.
    message["Message-ID"] = f"<{new_email_id()}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"  # no out-of-office replies, please
    message.set_content(text, charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    message["Content-Language"] = language  # after the bodies: setting content clears it
    return message


def new_email_id() -> str:
    """A unique id for an email: its outbox row's ``message_id`` and its Message-ID's left part."""
    return "email_" + secrets.token_urlsafe(18)


def send_outbox_email(session: DbSession, entry: OutboxEmail, now: datetime) -> DeliveryAttempt:
    """Send a claimed email, then record the attempt (back-off, dead letters); flushes.

    Called by the dispatch worker, as it calls ``orders.dispatch.transmit`` and ``record`` for
    a courier message.
    """
    message = email.message_from_string(entry.payload["mime"], policy=email.policy.default)
    outcome, final = transmit(message)
    start_writing(session)  # SQLite: take the write lock only now, not over the SMTP exchange
    return record(session, entry, outcome, now, final=final)


def transmit(message: EmailMessage) -> tuple[Outcome, bool]:
    """Hand one email to the configured backend: what came back, and whether it is final (a
    permanent refusal, not worth retrying). Errors become the outcome, never exceptions."""
    if current_app.config["MAIL_BACKEND"] == "log":
        _log_message(message)
        return Outcome(250, "", LOGGED, 0), False
    started = time.monotonic()
    try:
        with _connect() as smtp:
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as error:
        code, reply = next(iter(error.recipients.values()))
        return _refused(message, code, reply, started), code >= 500
    except smtplib.SMTPResponseException as error:  # sender, data, log-in, greeting refused
        refused = _refused(message, error.smtp_code, error.smtp_error, started)
        return refused, isinstance(error, smtplib.SMTPDataError) and error.smtp_code >= 500
    except (OSError, smtplib.SMTPException) as error:
        _log_unreachable(error)
        reason = (
            FailureReason.TIMEOUT if isinstance(error, TimeoutError) else FailureReason.CONNECTION
        )
        return Outcome(None, reason, "", _ms_since(started)), False
    return Outcome(250, "", "", _ms_since(started)), False


def _refused(message: EmailMessage, code: int, reply: bytes | str, started: float) -> Outcome:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    current_app.logger.error("Email to %s was refused: %s %s", message["To"], code, text)
    return Outcome(code, REFUSED, f"{code} {text}", _ms_since(started))


def _log_unreachable(error: BaseException) -> None:
    config = current_app.config
    current_app.logger.error(
        "Could not send 1 email(s) through %s:%s: %s (will retry)",
        config["MAIL_SERVER"],
        config["MAIL_PORT"],
        error,
    )


def _ms_since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)


def _log_message(message: EmailMessage) -> None:
    body = message.get_body(("plain",))
    text = body.get_content() if body is not None else ""
    current_app.logger.info(
        "Email (MAIL_BACKEND=log, not sent)\nTo: %s\nSubject: %s\n\n%s",
        message["To"],
        message["Subject"],
        text,
    )


def _connect() -> smtplib.SMTP:
    """An SMTP connection as configured: implicit TLS, STARTTLS or plain; logged in if set."""
    config = current_app.config
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    if config["MAIL_USE_SSL"]:
        context = ssl.create_default_context()
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    try:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    except BaseException:
        smtp.close()
        raise
    return smtp


def init_mail(app: Flask) -> None:
    """Check the mail settings at start-up; make logged emails visible in development."""
    config = app.config
    backend = config.get("MAIL_BACKEND")
    if backend not in BACKENDS:
        raise ConfigError(f"MAIL_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}.")
    if backend == "smtp" and not config.get("MAIL_SERVER"):
        raise ConfigError("MAIL_BACKEND=smtp needs MAIL_SERVER (the SMTP host).")
    if config.get("MAIL_USE_TLS") and config.get("MAIL_USE_SSL"):
        raise ConfigError("Set MAIL_USE_TLS (STARTTLS, port 587) or MAIL_USE_SSL (465), not both.")
    if backend == "log" and config.get("ENV_NAME") == "production":
        app.logger.warning("MAIL_BACKEND=log: order emails are written to the log, not sent.")
    if backend == "log" and not app.testing and app.logger.level == logging.NOTSET:
        app.logger.setLevel(logging.INFO)  # the log is the development mailbox
