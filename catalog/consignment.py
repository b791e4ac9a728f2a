"""Consignment notes: a member's goods come into a gallery by an intake note (titip) and leave
it by a return note (retur) or a write-off. Each line of a note is one StockMovement that
references the note, written in one transaction with the note; a return or write-off takes
stock with the ledger's conditional update, so stock never goes below zero.

A note's ``submission`` is the form's one-time key (unique): a form sent twice records once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from catalog import backoffice
from catalog.db import DbSession, is_valid_id, utcnow
from catalog.exceptions import InsufficientStock, InvalidInput, NotFound
from catalog.i18n import N_
from catalog.models import (
    ConsignmentLine,
    ConsignmentNote,
    Gallery,
    MovementKind,
    NoteKind,
    Product,
    ProductStatus,
    WriteOffReason,
)
from catalog.stock import MAX_STOCK, change_stock

MOVEMENT_OF = {
    NoteKind.INTAKE: MovementKind.INTAKE,
    NoteKind.RETURN: MovementKind.RETURNED_TO_MEMBER,
    NoteKind.WRITE_OFF: MovementKind.WRITTEN_OFF,
}


@dataclass(frozen=True)
class NoteInput:
    kind: NoteKind
    gallery_id: int
    member_id: int
    quantities: Mapping[int, int]  # product id → quantity; zeros are left out
    submission: str
    actor_id: int | None = None
    note: str = ""
    reason: WriteOffReason | None = None
    note_date: date | None = None


@dataclass
class NoteFilters:
    kind: NoteKind | None = None
    gallery_id: int | None = None
    member_id: int | None = None
    limit: int = 200


def products_for(
    session: DbSession, gallery_id: int, member_id: int, kind: NoteKind
) -> Sequence[Product]:
    """The member's products at the gallery a note of ``kind`` can list: any not archived for
    an intake, those with stock for a return or write-off."""
    stmt = select(Product).where(Product.gallery_id == gallery_id, Product.member_id == member_id)
    if kind is NoteKind.INTAKE:
        stmt = stmt.where(Product.status != ProductStatus.ARCHIVED)
    else:
        stmt = stmt.where(Product.stock > 0)
    return session.scalars(stmt.order_by(Product.name)).all()


def record_note(session: DbSession, cooperative_id: int, data: NoteInput) -> ConsignmentNote:
    """Write the note, its lines and one stock movement per line; flushes, never commits.

    Returns the note recorded before under the same ``submission`` (a form sent twice).
    Raises NotFound for a gallery or member not of the cooperative and InvalidInput (nothing
    written) for a rule broken: no lines, a product not the member's at the gallery, a
    quantity above the stock, a write-off without a reason.
    """
    earlier = by_submission(session, cooperative_id, data.submission)
    if earlier is not None:
        return earlier
    gallery = backoffice.gallery_of(session, cooperative_id, data.gallery_id)
    member = backoffice.member_of(session, cooperative_id, data.member_id)
    if not data.submission.strip():
        raise InvalidInput("submission", N_("The form is incomplete; open it again."))
    lines = _clean_lines(data.quantities)
    note_text = " ".join(data.note.split())[:255]
    if data.kind is NoteKind.WRITE_OFF:
        if data.reason is None:
            raise InvalidInput("reason", N_("Choose why the goods are written off."))
        if data.reason is WriteOffReason.OTHER and not note_text:
            raise InvalidInput("note", N_("Describe what happened to the goods."))
    products = session.scalars(
        select(Product)
        .where(
            Product.id.in_(lines),
            Product.gallery_id == gallery.id,
            Product.member_id == member.id,
        )
        .order_by(Product.id)
    ).all()
    if len(products) != len(lines):
        raise InvalidInput(
            "lines",
            N_("Only products of %(member)s at %(gallery)s can be on this note."),
            member=member.business_name,
            gallery=gallery.name,
        )
    note = ConsignmentNote(
        gallery_id=gallery.id,
        member_id=member.id,
        kind=data.kind,
        number=_next_number(session, gallery.id, data.kind),
        note_date=data.note_date or utcnow().date(),
        actor_id=data.actor_id,
        reason=data.reason if data.kind is NoteKind.WRITE_OFF else None,
        note=note_text,
        submission=data.submission[:64],
        lines=[ConsignmentLine(product_id=p.id, quantity=lines[p.id]) for p in products],
    )
    sign = 1 if data.kind is NoteKind.INTAKE else -1
    try:
        with session.begin_nested():
            session.add(note)
            session.flush()
            for product in products:  # in id order: two notes never wait on each other
                change_stock(
                    session,
                    product,
                    sign * lines[product.id],
                    MOVEMENT_OF[data.kind],
                    reason=f"{note.code} {note_text}".strip(),
                    actor_id=data.actor_id,
                    note_id=note.id,
                )
    except InsufficientStock as short:
        raise InvalidInput(
            "lines",
            N_("%(product)s: only %(available)s in stock, %(requested)s cannot be taken."),
            product=short.product_name,
            available=short.available,
            requested=short.requested,
        ) from None
    except IntegrityError:  # the same form, or another note of this number, saved meanwhile
        earlier = by_submission(session, cooperative_id, data.submission)
        if earlier is not None:
            return earlier
        raise InvalidInput(
            "lines", N_("Another note was saved at the same moment. Send the form again.")
        ) from None
    return note


def _clean_lines(quantities: Mapping[int, int]) -> dict[int, int]:
    lines: dict[int, int] = {}
    for product_id, quantity in quantities.items():
        if quantity < 0 or quantity > MAX_STOCK:
            raise InvalidInput(
                "lines", N_("A quantity must be between 0 and %(max)s."), max=MAX_STOCK
            )
        if not is_valid_id(product_id):
            raise InvalidInput("lines", N_("An unknown product is on the note."))
        if quantity:
            lines[product_id] = quantity
    if not lines:
        raise InvalidInput("lines", N_("Write a quantity for at least one product."))
    return lines


def _next_number(session: DbSession, gallery_id: int, kind: NoteKind) -> int:
    last = session.scalar(
        select(func.max(ConsignmentNote.number)).where(
            ConsignmentNote.gallery_id == gallery_id, ConsignmentNote.kind == kind
        )
    )
    return (last or 0) + 1


def by_submission(
    session: DbSession, cooperative_id: int, submission: str
) -> ConsignmentNote | None:
    if not submission:
        return None
    return session.scalar(
        select(ConsignmentNote)
        .join(ConsignmentNote.gallery)
        .where(
            ConsignmentNote.submission == submission[:64],
            Gallery.cooperative_id == cooperative_id,
        )
    )


def note_of(session: DbSession, cooperative_id: int, note_id: int) -> ConsignmentNote:
    """One of the cooperative's notes, with its lines and their products."""
    note = None
    if is_valid_id(note_id):
        note = session.scalar(
            select(ConsignmentNote)
            .join(ConsignmentNote.gallery)
            .where(ConsignmentNote.id == note_id, Gallery.cooperative_id == cooperative_id)
            .options(selectinload(ConsignmentNote.lines).joinedload(ConsignmentLine.product))
        )
    if note is None:
        raise NotFound("consignment note")
    return note


def notes_of(
    session: DbSession, cooperative_id: int, filters: NoteFilters
) -> Sequence[ConsignmentNote]:
    """The cooperative's notes, newest first, narrowed by ``filters``."""
    stmt = (
        select(ConsignmentNote)
        .join(ConsignmentNote.gallery)
        .where(Gallery.cooperative_id == cooperative_id)
        .options(
            selectinload(ConsignmentNote.lines),
            selectinload(ConsignmentNote.member),
            selectinload(ConsignmentNote.gallery),
        )
    )
    if filters.kind is not None:
        stmt = stmt.where(ConsignmentNote.kind == filters.kind)
    if filters.gallery_id:
        stmt = stmt.where(ConsignmentNote.gallery_id == filters.gallery_id)
    if filters.member_id:
        stmt = stmt.where(ConsignmentNote.member_id == filters.member_id)
    stmt = stmt.order_by(ConsignmentNote.created_at.desc(), ConsignmentNote.id.desc())
    return session.scalars(stmt.limit(filters.limit)).all()
