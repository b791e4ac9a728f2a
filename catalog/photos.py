"""Product photos: add (through the safe upload gate), reorder, describe, remove.

Files are written before the row (a rolled-back row leaves an unused file, harmless), and
deleted only after the removal commits (a rolled-back removal must not lose the file).
"""

from __future__ import annotations

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, SessionTransaction

from catalog.db import DbSession
from catalog.exceptions import InvalidInput
from catalog.i18n import N_
from catalog.images import ImageRejected, delete_variants, load_upload, store_variants
from catalog.models import Product, ProductImage
from catalog.storage import MediaStorage

MAX_PHOTOS = 8
_PENDING = "gerai.media_to_delete"

# Why a photo is refused, for the manager's upload form and the spreadsheet import alike:
# untranslated templates keyed by ImageRejected.reason, taking the size limit as %(max_mb)s.
PHOTO_REJECTIONS = {
    "too_large": N_("The photo is larger than %(max_mb)s MB."),
    "not_an_image": N_("This file is not a photo. Use a JPEG, PNG or WebP picture."),
    "unsupported_format": N_("This picture format is not accepted. Use JPEG, PNG or WebP."),
    "truncated": N_("The photo is damaged or was not uploaded completely. Please try again."),
    "too_many_pixels": N_("The picture is too large in pixels. Use a photo under 40 megapixels."),
    "bad_dimensions": N_("The picture has impossible dimensions."),
}


def rejection_text(error: ImageRejected) -> str:
    """The untranslated reason for refusing a photo (translate it with ``max_mb``)."""
    return PHOTO_REJECTIONS.get(error.reason, PHOTO_REJECTIONS["not_an_image"])


def add_photo(
    session: DbSession,
    storage: MediaStorage,
    product: Product,
    data: bytes,
    *,
    alt: str = "",
    max_bytes: int = 10 * 1024 * 1024,
) -> ProductImage:
    """Check, clean and store an uploaded photo as the product's last one."""
    if len(product.images) >= MAX_PHOTOS:
        raise InvalidInput("photo", N_("A product has at most %(max)s photos."), max=MAX_PHOTOS)
    stored = store_variants(storage, load_upload(data, max_bytes=max_bytes))
    position = max((image.position for image in product.images), default=-1) + 1
    image = ProductImage(
        product=product,
        position=position,
        alt=(alt.strip() or product.name)[:255],
        content_hash=stored.content_hash,
        width=stored.width,
        height=stored.height,
        variant_widths=list(stored.variant_widths),
    )
    session.add(image)
    session.flush()
    return image


def set_alt(session: DbSession, image: ProductImage, alt: str) -> ProductImage:
    image.alt = (alt.strip() or image.product.name)[:255]
    session.flush()
    return image


def move_photo(session: DbSession, image: ProductImage, step: int) -> None:
    """Move a photo one place earlier (-1) or later (+1); the first is the cover."""
    images = sorted(image.product.images, key=lambda i: i.position)
    index = images.index(image)
    target = index + step
    if 0 <= target < len(images):
        images[index], images[target] = images[target], images[index]
    for position, each in enumerate(images):
        each.position = position
    session.flush()


def remove_photo(session: DbSession, storage: MediaStorage, image: ProductImage) -> None:
    """Delete the photo; its files go after commit unless another product shows them too."""
    product = image.product
    content_hash, widths = image.content_hash, list(image.variant_widths)
    product.images.remove(image)
    session.delete(image)
    session.flush()
    others = session.scalar(select(func.count()).where(ProductImage.content_hash == content_hash))
    if not others:
        session.info.setdefault(_PENDING, []).append((storage, content_hash, widths))
    for position, each in enumerate(sorted(product.images, key=lambda i: i.position)):
        each.position = position
    session.flush()


@event.listens_for(Session, "after_commit")
def _delete_files_after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # only a savepoint was released; the real commit is still to come
    for storage, content_hash, widths in session.info.pop(_PENDING, []):
        delete_variants(storage, content_hash, widths)


@event.listens_for(Session, "after_transaction_end")
def _keep_files_unless_committed(session: Session, transaction: SessionTransaction) -> None:
    # after_commit has taken what committed; a rollback or close() leaves the files alone
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
