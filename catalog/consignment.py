"""Consignment notes: a member's goods come into a gallery by an intake note (titip) and leave
it by a return note (retur) or a write-off. Each line of a note is one StockMovement that
references the note, written in one transaction with the note; a return or write-off takes
stock with the ledger's conditional update, so stock never goes below zero.

A note's ``submission`` is the form's one-time key (unique): a form sent twice records once.

Consignment term (masa titip): goods stay at the gallery for the cooperative's term after their
intake; then the member has the grace days to collect them (:func:`past_term`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import RowMapping, Select, case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from catalog import backoffice
from catalog.cooperatives import get_cooperative
from catalog.db import DbSession, is_valid_id, saved, utcnow
from catalog.exceptions import InsufficientStock, InvalidInput, NotFound
from catalog.i18n import N_
from catalog.models import (
    ConsignmentLine,
    ConsignmentNote,
    Cooperative,
    Gallery,
    Member,
    MovementKind,
    NoteKind,
    Product,
    ProductStatus,
    WriteOffReason,
)
from catalog.money import thousands
from catalog.stock import MAX_STOCK, change_stock

MAX_TERM_DAYS = 3650
MAX_GRACE_DAYS = 365
MAX_MIN_PAYOUT = 100_000_000  # Rp 100.000.000

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


def year_before(day: date) -> date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def check_note_date(note_date: date, today: date) -> None:
    """A note is dated today or up to a year back: a paper note written up late, never ahead
    (a future date would push its goods' consignment term out)."""
    if note_date > today:
        raise InvalidInput("note_date", N_("A note cannot be dated in the future."))
    earliest = year_before(today)
    if note_date < earliest:
        raise InvalidInput(
            "note_date",
            N_("A note can be dated at most a year back, from %(earliest)s."),
            earliest=f"{earliest:%d-%m-%Y}",
        )


def record_note(
    session: DbSession, cooperative_id: int, data: NoteInput, *, today: date | None = None
) -> ConsignmentNote:
    """Write the note, its lines and one stock movement per line; flushes, never commits.

    Returns the note recorded before under the same ``submission`` (a form sent twice).
    Raises NotFound for a gallery or member not of the cooperative and InvalidInput (nothing
    written) for a rule broken: no lines, a product not the member's at the gallery, a
    quantity above the stock, a write-off without a reason, a date ahead of ``today`` (the
    gallery's day; UTC's when not given) or more than a year back.
    """
    earlier = by_submission(session, cooperative_id, data.submission)
    if earlier is not None:
        return earlier
    gallery = backoffice.gallery_of(session, cooperative_id, data.gallery_id)
    member = backoffice.member_of(session, cooperative_id, data.member_id)
    if not data.submission.strip():
        raise InvalidInput("submission", N_("The form is incomplete; open it again."))
    today = today or utcnow().date()
    note_date = data.note_date or today
    check_note_date(note_date, today)
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
        note_date=note_date,
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


@dataclass(frozen=True)
class Consigned:
    """What a member has in the galleries now: units, and their value at today's prices."""

    units: int
    value: int


def consigned(products: Sequence[Product]) -> Consigned:
    return Consigned(
        units=sum(p.stock for p in products), value=sum(p.stock * p.price for p in products)
    )


# Consignment terms


@dataclass(frozen=True)
class ConsignmentTerms:
    """A cooperative's consignment term and grace period (days), and minimum payout (rupiah)."""

    days: int
    grace_days: int
    min_payout: int


def terms_of(session: DbSession, cooperative_id: int) -> ConsignmentTerms:
    coop = get_cooperative(session, cooperative_id)
    return ConsignmentTerms(coop.consignment_days, coop.consignment_grace_days, coop.min_payout)


def set_terms(session: DbSession, cooperative_id: int, terms: ConsignmentTerms) -> Cooperative:
    """Set the cooperative's consignment term, grace days and minimum payout; flushes.

    Raises InvalidInput, naming the form's field, for a value out of its range.
    """
    if not 1 <= terms.days <= MAX_TERM_DAYS:
        raise InvalidInput(
            "consignment_days",
            N_("The consignment term is between 1 and %(max)s days."),
            max=thousands(MAX_TERM_DAYS),
        )
    if not 0 <= terms.grace_days <= MAX_GRACE_DAYS:
        raise InvalidInput(
            "consignment_grace_days",
            N_("The grace period is between 0 and %(max)s days."),
            max=MAX_GRACE_DAYS,
        )
    if not 0 <= terms.min_payout <= MAX_MIN_PAYOUT:
        raise InvalidInput(
            "min_payout",
            N_("The minimum payout is between Rp 0 and Rp %(max)s."),
            max=thousands(MAX_MIN_PAYOUT),
        )
    coop = get_cooperative(session, cooperative_id)
    coop.consignment_days = terms.days
    coop.consignment_grace_days = terms.grace_days
    coop.min_payout = terms.min_payout
    return saved(session, coop)


@dataclass(frozen=True)
class PastTermItem:
    """A product with units past the consignment term: ``units`` of its stock came in on intake
    notes older than the term, the oldest on ``oldest_intake``; ``overdue_units`` of them are
    past the collect-by date too."""

    product_id: int
    product_name: str
    unit: str
    member_id: int
    member_name: str
    gallery_id: int
    gallery_name: str
    units: int
    overdue_units: int
    oldest_intake: date
    term_ends: date
    collect_by: date

    @property
    def overdue(self) -> bool:
        """The member did not collect the oldest of them within the grace period."""
        return self.overdue_units > 0


def past_term(
    session: DbSession,
    cooperative_id: int,
    today: date,
    *,
    gallery_id: int | None = None,
    member_id: int | None = None,
) -> list[PastTermItem]:
    """The cooperative's products (of its active galleries) holding units past the term on
    ``today``, the oldest intake first.

    First in, first out: the oldest goods are taken to have sold (or gone back) first, so a
    product's stock is attributed to its most recent intake notes. Units of an intake dated
    ``d`` are past term once ``d + term < today`` and overdue for collection once
    ``d + term + grace < today``. Stock beyond all intakes (restocks, imports) is never past
    term, and a product without an intake note is not listed.
    """
    terms = terms_of(session, cooperative_id)
    term_cutoff = today - timedelta(days=terms.days)  # an intake before this is past term
    overdue_cutoff = term_cutoff - timedelta(days=terms.grace_days)
    held = _held_lots(cooperative_id).subquery()
    past = (
        select(
            held.c.product_id,
            func.sum(held.c.units).label("units"),
            func.sum(case((held.c.note_date < overdue_cutoff, held.c.units), else_=0)).label(
                "overdue"
            ),
            func.min(held.c.note_date).label("oldest"),
        )
        .where(held.c.note_date < term_cutoff, held.c.units > 0)
        .group_by(held.c.product_id)
        .subquery()
    )
    stmt = (
        select(
            Product.id,
            Product.name,
            Product.unit,
            Product.member_id,
            Member.business_name,
            Product.gallery_id,
            Gallery.name.label("gallery_name"),
            past.c.units,
            past.c.overdue,
            past.c.oldest,
        )
        .join(past, past.c.product_id == Product.id)
        .join(Product.member)
        .join(Product.gallery)
        .where(Gallery.is_active.is_(True))
        .order_by(past.c.oldest, Member.business_name, Product.name, Product.id)
    )
    if gallery_id:
        stmt = stmt.where(Product.gallery_id == gallery_id)
    if member_id:
        stmt = stmt.where(Product.member_id == member_id)
    return [_past_item(row, terms) for row in session.execute(stmt).mappings()]


def _past_item(row: RowMapping, terms: ConsignmentTerms) -> PastTermItem:
    term_ends: date = row["oldest"] + timedelta(days=terms.days)
    return PastTermItem(
        product_id=row["id"],
        product_name=row["name"],
        unit=row["unit"],
        member_id=row["member_id"],
        member_name=row["business_name"],
        gallery_id=row["gallery_id"],
        gallery_name=row["gallery_name"],
        units=int(row["units"]),
        overdue_units=int(row["overdue"]),
        oldest_intake=row["oldest"],
        term_ends=term_ends,
        collect_by=term_ends + timedelta(days=terms.grace_days),
    )


def _held_lots(cooperative_id: int) -> Select[tuple[int, date, int]]:
    """Each intake line of the cooperative with how many of its units are still in stock.

    Lines are taken newest first per product (``newer``: the quantity of the intakes after
    it); the product's stock fills the newest lines, and what is left over reaches the older.
    """
    line_qty = ConsignmentLine.quantity
    through = func.sum(line_qty).over(
        partition_by=ConsignmentLine.product_id,
        order_by=(ConsignmentNote.note_date.desc(), ConsignmentNote.id.desc()),
        rows=(None, 0),
    )
    lots = (
        select(
            ConsignmentLine.product_id,
            ConsignmentNote.note_date,
            line_qty.label("quantity"),
            (through - line_qty).label("newer"),
        )
        .join(ConsignmentLine.note)
        .join(ConsignmentNote.gallery)
        .where(ConsignmentNote.kind == NoteKind.INTAKE, Gallery.cooperative_id == cooperative_id)
        .subquery()
    )
    left = Product.stock - lots.c.newer  # stock left for this line and older ones
    units = case((left >= lots.c.quantity, lots.c.quantity), (left > 0, left), else_=0).label(
        "units"
    )
    return select(lots.c.product_id, lots.c.note_date, units).join(
        Product, Product.id == lots.c.product_id
    )


@dataclass(frozen=True)
class PastTermCounts:
    """The dashboard's figures: products and units past term, and of them overdue."""

    products: int
    units: int
    overdue_products: int
    overdue_units: int


def past_term_counts(items: Sequence[PastTermItem]) -> PastTermCounts:
    return PastTermCounts(
        products=len(items),
        units=sum(i.units for i in items),
        overdue_products=sum(1 for i in items if i.overdue),
        overdue_units=sum(i.overdue_units for i in items),
    )
