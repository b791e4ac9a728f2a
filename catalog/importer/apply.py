"""Step 3, applying: carry out a plan without errors through the catalog's own services.

Each row goes through the same services the manager's console uses: ``create_product`` and
``update_product`` for the product, ``change_stock`` for the ledger (a new stock level enters
as a restock when it is more, an adjustment when it is less), ``add_photo`` for the photo.
Nothing is applied unless the whole file was valid. :func:`apply_import` flushes but never
commits: the caller commits (or rolls back) once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from catalog.db import DbSession
from catalog.importer import limits
from catalog.importer.plan import Action, ImportReport, RowPlan
from catalog.importer.read import ImageSource
from catalog.models import Category, Gallery, Member, MovementKind, Product
from catalog.photos import MAX_PHOTOS, add_photo
from catalog.products import create_product, update_product
from catalog.stock import change_stock
from catalog.storage import MediaStorage

DEFAULT_REASON = "Impor produk"


@dataclass
class ImportResult:
    """What an applied import did, counted."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    photos: int = 0
    stock_movements: int = 0


def apply_import(
    session: DbSession,
    storage: MediaStorage,
    report: ImportReport,
    *,
    actor_id: int | None = None,
    reason: str = DEFAULT_REASON,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Carry out a report without errors: products, stock through the ledger, photos. Flushes."""
    if not report.ok:
        raise ValueError("an import with errors cannot be applied")
    gallery = session.get(Gallery, report.gallery_id)
    if gallery is None:
        raise ValueError("the report's gallery is gone")
    applier = _Applier(session, storage, gallery, report.images, actor_id, reason)
    # The session's identity map holds rows weakly: keep the members and categories the rows
    # name alive, so the product services' checks find them there instead of one query each.
    applier.keep = [
        *session.scalars(select(Member).where(Member.cooperative_id == gallery.cooperative_id)),
        *session.scalars(select(Category)),
    ]
    for plan in report.plans:
        applier.apply(plan)
        if progress:
            progress(1)
    return applier.result


@dataclass
class _Applier:
    session: DbSession
    storage: MediaStorage
    gallery: Gallery
    images: ImageSource | None
    actor_id: int | None
    reason: str
    result: ImportResult = field(default_factory=ImportResult)
    keep: list[object] = field(default_factory=list)

    def apply(self, plan: RowPlan) -> None:
        if plan.action is Action.UNCHANGED:
            self.result.unchanged += 1
            return
        if plan.action is Action.CREATE:
            product = self.create(plan)
            self.result.created += 1
        else:
            product = self.update(plan)
            self.result.updated += 1
        self.result.stock_movements += 1 if plan.stock_change else 0
        if plan.image and self.images is not None and len(product.images) < MAX_PHOTOS:
            self.add_photo(product, self.images.read(plan.image))
            self.result.photos += 1

    def create(self, plan: RowPlan) -> Product:
        return create_product(
            self.session,
            self.gallery,
            plan.data,
            initial_stock=plan.stock_after,
            actor_id=self.actor_id,
        )

    def update(self, plan: RowPlan) -> Product:
        product = self.session.get(Product, plan.product_id)
        if product is None:
            raise ValueError(f"product {plan.product_id} is gone")
        update_product(self.session, product, plan.data)
        if plan.stock_change:
            kind = MovementKind.RESTOCK if plan.stock_change > 0 else MovementKind.ADJUST
            # expected: a sale between checking and applying refuses the change (StockChanged)
            change_stock(
                self.session,
                product,
                plan.stock_change,
                kind,
                reason=self.reason,
                actor_id=self.actor_id,
                expected=plan.stock_before,
            )
        return product

    def add_photo(self, product: Product, data: bytes) -> None:
        add_photo(
            self.session,
            self.storage,
            product,
            data,
            alt=product.name,
            max_bytes=limits.MAX_PHOTO_BYTES,
        )
