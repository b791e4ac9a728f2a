"""Product photos: the upload gate and the WebP width variants the shop serves."""

from __future__ import annotations

import functools
import hashlib
import io
import re
import struct
import warnings
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

from catalog.exceptions import CatalogError
from catalog.storage import InvalidKey, MediaStorage

VARIANT_WIDTHS: tuple[int, ...] = (320, 640, 1024)
WEBP_QUALITY = 80
# Method 4 (libwebp's default effort): measured on 12 MP uploads, 6 saved only 2-4 % of bytes on
# photos yet took up to three times as long on grainy ones.
WEBP_METHOD = 4
HASH_LENGTH = 32
_HASH_BAND_ROWS = 256

# Passed to Image.open so Pillow never even parses headers of other formats (smaller attack
# surface). Cameras' JPEGs with a multi-picture segment come back from the JPEG plugin as "MPO".
_OPEN_FORMATS = ("JPEG", "PNG", "WEBP")
_ACCEPTED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP"})
# What Pillow's decoders raise on damaged data: OSError ("image file is truncated"), SyntaxError
# from header parsers, zlib.error from PNG, struct.error and EOFError from short reads.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error)
_HASH_PATTERN = re.compile(r"[0-9a-f]{16,64}")

# Formats we recognise only to say "wrong format" instead of "not an image".
_OTHER_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"8BPS", "PSD"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "JPEG 2000"),
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", "JPEG XL"),
)
_HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"})
_BMP_HEADER_SIZES = frozenset({12, 40, 52, 56, 64, 108, 124})

Reason = Literal[
    "too_large",
    "not_an_image",
    "unsupported_format",
    "truncated",
    "too_many_pixels",
    "bad_dimensions",
]


class ImageRejected(CatalogError):
    """An upload the shop cannot take; `reason` is a code, `params` the numbers for a message."""

    def __init__(self, reason: Reason, message: str, **params: object) -> None:
        super().__init__(message)
        self.reason: Reason = reason
        self.message = message
        self.params = params


@dataclass(frozen=True)
class StoredImage:
    """A product photo as stored: its pixel hash, normalised size and the variant widths written."""

    content_hash: str
    width: int
    height: int
    variant_widths: tuple[int, ...]

    def variant_keys(self) -> tuple[str, ...]:
        """Return the storage keys of the variants, narrowest first."""
        return tuple(variant_key(self.content_hash, w) for w in self.variant_widths)


def variant_key(content_hash: str, width: int) -> str:
    """Return the storage key of one WebP variant, e.g. products/ab/abcd…-640.webp."""
    if not _HASH_PATTERN.fullmatch(content_hash) or width < 1:
        raise InvalidKey(f"Not an image hash and width: {content_hash!r}, {width!r}")
    return f"products/{content_hash[:2]}/{content_hash}-{width}.webp"


def variant_widths_for(width: int) -> tuple[int, ...]:
    """Return the variant widths for an image this wide: never wider than the image itself."""
    widths = tuple(w for w in VARIANT_WIDTHS if w <= width)
    return widths or (width,)


def store_variants(storage: MediaStorage, image: Image.Image) -> StoredImage:
    """Write one WebP per variant width (skipping any already stored) and describe the result."""
    flat = _flatten(image)
    content_hash = _pixel_hash(flat)
    widths = variant_widths_for(flat.width)
    missing = {w for w in widths if not storage.exists(variant_key(content_hash, w))}
    if missing:
        for width, variant in _resized(flat, widths):
            if width in missing:
                storage.save(variant_key(content_hash, width), _encode_webp(variant))
    return StoredImage(content_hash, flat.width, flat.height, widths)


def delete_variants(
    storage: MediaStorage, content_hash: str, variant_widths: Iterable[int]
) -> None:
    """Remove the stored variants of one image; ones already gone are ignored."""
    for width in variant_widths:
        storage.delete(variant_key(content_hash, width))


def load_upload(
    data: bytes,
    *,
    max_bytes: int = 10 * 1024 * 1024,
    max_pixels: int = 40_000_000,
    max_side: int = 12_000,
) -> Image.Image:
    """Open an uploaded photo safely: judged by content, EXIF orientation applied, metadata gone."""
    if len(data) > max_bytes:
        raise ImageRejected(
            "too_large",
            f"The photo is {len(data) / 2**20:.1f} MB; the limit is {max_bytes / 2**20:g} MB.",
            size_bytes=len(data),
            max_bytes=max_bytes,
        )
    with _open(data) as im:
        _check_declared_size(im.size, max_pixels=max_pixels, max_side=max_side)
        _decode(im)
        return _clean_copy(_to_srgb(_upright(im)))


def _open(data: bytes) -> ImageFile.ImageFile:
    """Identify the image by its content without decoding pixels; refuse bombs and other formats."""
    try:
        # Between MAX_IMAGE_PIXELS and twice that Pillow only warns; make that an error here so
        # a bomb is refused however the process's warning filters are set. (Before Python 3.14
        # catch_warnings is process-wide: a racing thread can at worst keep this stricter filter.)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data), formats=_OPEN_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels() from exc
    except UnidentifiedImageError as exc:
        raise _unidentified(data) from exc
    except _DECODE_ERRORS as exc:
        # The plugin accepted the signature but could not read the header: a broken file.
        raise _truncated() from exc
    if im.format not in _ACCEPTED_FORMATS:
        im.close()
        raise _unsupported(im.format or "This")
    return im


def _check_declared_size(size: tuple[int, int], *, max_pixels: int, max_side: int) -> None:
    """Refuse on the header's size alone, before any pixel memory is allocated."""
    width, height = size
    if width * height > max_pixels:
        raise _too_many_pixels(width=width, height=height, max_pixels=max_pixels)
    if width < 1 or height < 1 or max(width, height) > max_side:
        raise ImageRejected(
            "bad_dimensions",
            f"The photo is {width}×{height} pixels; each side must be 1 to {max_side} pixels.",
            width=width,
            height=height,
            max_side=max_side,
        )


def _decode(im: ImageFile.ImageFile) -> None:
    """Decode every pixel now: unlike verify(), load() reads all the data and so finds cut files."""
    # Relies on ImageFile.LOAD_TRUNCATED_IMAGES being False (Pillow's default): if some code
    # switches it on, Pillow pads cut files with grey instead of raising.
    try:
        im.load()
    except _DECODE_ERRORS as exc:
        raise _truncated() from exc


def _upright(im: Image.Image) -> Image.Image:
    """Turn the pixels the way the EXIF Orientation tag says, as phones expect viewers to."""
    try:
        ImageOps.exif_transpose(im, in_place=True)
    except (*_DECODE_ERRORS, KeyError, TypeError):
        return im  # unreadable EXIF should not cost the seller the photo: keep it as shot
    return im


def _to_srgb(im: Image.Image) -> Image.Image:
    """Convert to sRGB with the embedded ICC profile, because the profile itself is dropped."""
    icc = im.info.get("icc_profile")
    if not icc or im.mode not in ("RGB", "RGBA", "CMYK"):
        return im
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if ImageCms.getProfileDescription(source).lstrip().startswith("sRGB"):
            return im  # already sRGB: a transform would only cost time
        mode = "RGBA" if im.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(im, source, _srgb_profile(), outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return im  # a broken profile: keep the pixels as they are
    return converted if converted is not None else im


@functools.cache
def _srgb_profile() -> ImageCms.ImageCmsProfile:
    """Return the built-in sRGB profile, made once."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _clean_copy(im: Image.Image) -> Image.Image:
    """Return a fresh RGB or RGBA image holding only the pixels: no EXIF, GPS, ICC or XMP."""
    mode = "RGBA" if im.has_transparency_data else "RGB"
    pixels = _as_mode(im, mode)
    clean = Image.new(mode, pixels.size)
    clean.paste(pixels)
    return clean


def _as_mode(im: Image.Image, mode: str) -> Image.Image:
    """Convert to mode, scaling 16-bit greyscale down first (a plain convert clips it to white)."""
    if im.mode == mode:
        return im
    if im.mode.startswith("I"):
        im = im.convert("I").point(lambda v: v / 256).convert("L")
    return im.convert(mode)


def _flatten(image: Image.Image) -> Image.Image:
    """Return the image as RGB, laying any transparency onto white like the shop's page."""
    if not image.has_transparency_data:
        return _as_mode(image, "RGB")
    rgba = _as_mode(image, "RGBA")
    flat = Image.new("RGB", rgba.size, "white")
    flat.paste(rgba, mask=rgba)
    return flat


def _pixel_hash(flat: Image.Image) -> str:
    """Hash size and pixels, so the same picture uploaded twice gets the same name."""
    digest = hashlib.sha256(f"{flat.mode} {flat.width}x{flat.height}\n".encode())
    # Band by band: tobytes() of a whole 12 MP photo would be another 36 MB at the peak.
    for top in range(0, flat.height, _HASH_BAND_ROWS):
        band = flat.crop((0, top, flat.width, min(flat.height, top + _HASH_BAND_ROWS)))
        digest.update(band.tobytes())
    return digest.hexdigest()[:HASH_LENGTH]


def _resized(flat: Image.Image, widths: tuple[int, ...]) -> Iterator[tuple[int, Image.Image]]:
    """Yield (width, image) from widest to narrowest, each made from the previous (faster)."""
    current = flat
    for width in sorted(widths, reverse=True):
        if width != current.width:
            height = max(1, round(flat.height * width / flat.width))
            # reducing_gap: a quick box reduce first, then Lanczos (as Image.thumbnail does).
            current = current.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=2.0)
        yield width, current


def _encode_webp(im: Image.Image) -> bytes:
    """Encode one variant; no exif/icc_profile/xmp arguments, so the file carries no metadata."""
    buffer = io.BytesIO()
    im.save(buffer, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    return buffer.getvalue()


def _sniff_format(data: bytes) -> str | None:
    """Name the image format from its first bytes, only to word the refusal well."""
    head = data[:32]
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis"):
        return "AVIF"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "HEIC"
    if head[:2] == b"BM" and int.from_bytes(head[14:18], "little") in _BMP_HEADER_SIZES:
        return "BMP"
    return next((name for magic, name in _OTHER_SIGNATURES if head.startswith(magic)), None)


def _unidentified(data: bytes) -> ImageRejected:
    """Word the refusal of bytes Pillow could not open as JPEG, PNG or WebP."""
    sniffed = _sniff_format(data)
    if sniffed in _ACCEPTED_FORMATS:
        return _truncated()
    if sniffed is not None:
        return _unsupported(sniffed)
    return ImageRejected(
        "not_an_image", "The file is not a photo. Upload a JPEG, PNG or WebP image."
    )


def _unsupported(format_name: str) -> ImageRejected:
    """Refuse a real image in a format the shop does not take."""
    return ImageRejected(
        "unsupported_format",
        f"{format_name} images are not accepted. Upload a JPEG, PNG or WebP image.",
        format=format_name,
    )


def _truncated() -> ImageRejected:
    """Refuse a photo whose data is cut short or damaged."""
    return ImageRejected(
        "truncated", "The photo file is damaged or incomplete. Please upload it again."
    )


def _too_many_pixels(**params: int) -> ImageRejected:
    """Refuse a photo with more pixels than the limit (or than Pillow's bomb guard allows)."""
    if "width" in params:
        message = (
            f"The photo is {params['width']}×{params['height']} pixels; the limit is "
            f"{params['max_pixels'] / 1e6:g} megapixels."
        )
    else:
        message = "The photo has far too many pixels to be processed."
    return ImageRejected("too_many_pixels", message, **params)
