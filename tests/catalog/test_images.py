"""Product images: the upload gate, WebP variants and generated demo photos."""

import contextlib
import io
import struct
import time
import warnings
import zlib

import pytest
from PIL import ExifTags, Image, ImageCms, ImageFile

from catalog.images import (
    VARIANT_WIDTHS,
    ImageRejected,
    StoredImage,
    delete_variants,
    load_upload,
    store_variants,
    variant_key,
)
from catalog.storage import InvalidKey, LocalStorage
from demo.photos import product_photo

# --- helpers: every test image is made in memory -------------------------------------------


def _picture(width: int, height: int, mode: str = "RGB") -> Image.Image:
    """A deterministic picture with detail in both directions (flat colours hide bugs)."""
    red = Image.linear_gradient("L").resize((width, height))
    green = Image.radial_gradient("L").resize((width, height))
    blue = red.transpose(Image.Transpose.ROTATE_180)
    return Image.merge("RGB", (red, green, blue)).convert(mode)


def _encode(im: Image.Image, fmt: str, **params) -> bytes:
    buffer = io.BytesIO()
    im.save(buffer, fmt, **params)
    return buffer.getvalue()


def _png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height, with valid CRCs and a scrap of data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    idat = zlib.compress(b"\x00" * 16)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "GeraiTestCam"
    exif[ExifTags.Base.Orientation] = 1
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (6.0, 17.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (106.0, 42.0, 10.0)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">GeraiSecretXmp</x:xmpmeta>'
    return _encode(_picture(1200, 900), "JPEG", exif=exif, icc_profile=srgb, xmp=xmp)


def _rejected(data: bytes, **limits) -> str:
    with pytest.raises(ImageRejected) as caught:
        load_upload(data, **limits)
    assert str(caught.value)  # a human message for the lead to translate
    return caught.value.reason


# --- store_variants / delete_variants ------------------------------------------------------


def test_store_variants_writes_one_webp_per_width(tmp_path):
    storage = LocalStorage(tmp_path)
    stored = store_variants(storage, _picture(1600, 1200))

    assert stored.width == 1600 and stored.height == 1200
    assert stored.variant_widths == VARIANT_WIDTHS == (320, 640, 1024)
    assert len(stored.content_hash) == 32
    for width in stored.variant_widths:
        data = storage.open(variant_key(stored.content_hash, width))
        assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
        with Image.open(io.BytesIO(data)) as variant:
            assert variant.format == "WEBP"
            assert variant.size == (width, round(1200 * width / 1600))


def test_variant_key_layout():
    digest = "abcdef0123456789abcdef0123456789"
    assert variant_key(digest, 640) == f"products/ab/{digest}-640.webp"
    with pytest.raises(InvalidKey):
        variant_key("../../etc/passwd", 640)


def test_small_images_are_never_upscaled(tmp_path):
    storage = LocalStorage(tmp_path)
    small = store_variants(storage, _picture(200, 100))
    assert small.variant_widths == (200,)
    with Image.open(io.BytesIO(storage.open(variant_key(small.content_hash, 200)))) as variant:
        assert variant.size == (200, 100)

    medium = store_variants(storage, _picture(700, 700))
    assert medium.variant_widths == (320, 640)
    assert not storage.exists(variant_key(medium.content_hash, 1024))


class CountingStorage(LocalStorage):
    def __init__(self, root):
        super().__init__(root)
        self.saved: list[str] = []

    def save(self, key: str, data: bytes) -> None:
        self.saved.append(key)
        super().save(key, data)


def test_same_picture_stores_once(tmp_path):
    storage = CountingStorage(tmp_path)
    first = store_variants(storage, _picture(1100, 800))
    # The same pixels arriving as a different object (and mode) name the same files.
    second = store_variants(storage, _picture(1100, 800).convert("RGBA"))

    assert first == second
    assert len(storage.saved) == 3
    assert len(list(tmp_path.rglob("*.webp"))) == 3
    other = store_variants(storage, _picture(1100, 801))
    assert other.content_hash != first.content_hash


def test_transparency_is_flattened_onto_white(tmp_path):
    storage = LocalStorage(tmp_path)
    clear = Image.new("RGBA", (400, 400), (200, 0, 0, 0))
    clear.paste((30, 90, 40, 255), (0, 0, 200, 400))
    stored = store_variants(storage, clear)
    with Image.open(io.BytesIO(storage.open(stored.variant_keys()[0]))) as variant:
        assert variant.mode == "RGB"
        assert min(variant.getpixel((300, 150))) > 240  # transparent half is white
        assert variant.getpixel((20, 150))[1] > 60  # opaque half keeps its green


def test_delete_variants_removes_the_files(tmp_path):
    storage = LocalStorage(tmp_path)
    stored = store_variants(storage, _picture(1300, 1000))
    delete_variants(storage, stored.content_hash, stored.variant_widths)
    assert not any(storage.exists(key) for key in stored.variant_keys())
    assert list(tmp_path.rglob("*.webp")) == []
    delete_variants(storage, stored.content_hash, stored.variant_widths)  # already gone: fine


# --- load_upload: what it refuses ----------------------------------------------------------


def test_refuses_bytes_over_the_limit_before_decoding():
    jpeg = _encode(_picture(64, 64), "JPEG")
    assert _rejected(jpeg, max_bytes=len(jpeg) - 1) == "too_large"
    assert _rejected(b"\xff\xd8\xff" + b"\x00" * 2000, max_bytes=1000) == "too_large"


@pytest.mark.parametrize(
    "data",
    [
        b"harga gula aren Rp 25.000 per kg\n" * 20,
        b"<svg xmlns='http://www.w3.org/2000/svg'></svg>",
        b"%PDF-1.7\n",
        b"",
    ],
)
def test_refuses_files_that_are_not_images(data):
    assert _rejected(data) == "not_an_image"


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_refuses_real_images_in_other_formats(fmt):
    assert _rejected(_encode(_picture(50, 40), fmt)) == "unsupported_format"


def test_refuses_heic_by_its_signature():
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    with pytest.raises(ImageRejected) as caught:
        load_upload(heic)
    assert caught.value.reason == "unsupported_format"
    assert "HEIC" in str(caught.value)


def test_refuses_a_jpeg_cut_in_half():
    jpeg = _encode(_picture(800, 600), "JPEG", quality=90)
    assert _rejected(jpeg[: len(jpeg) // 2]) == "truncated"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_refuses_other_cut_files(fmt):
    data = _encode(_picture(300, 300), fmt)
    assert _rejected(data[: len(data) // 2]) == "truncated"


def test_refuses_a_png_declaring_100000_square_without_decoding():
    bomb = _png_declaring(100_000, 100_000)
    assert len(bomb) < 100
    started = time.perf_counter()
    assert _rejected(bomb) == "too_many_pixels"
    assert time.perf_counter() - started < 0.5


def test_pillow_bomb_warning_becomes_a_refusal_not_a_warning():
    # 10^8 pixels: above Pillow's MAX_IMAGE_PIXELS (warning) but below twice it (error).
    limit_before = Image.MAX_IMAGE_PIXELS
    assert limit_before is not None and limit_before < 10**8 < 2 * limit_before
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        reason = _rejected(_png_declaring(10_000, 10_000), max_pixels=10**9, max_side=10**6)
    assert reason == "too_many_pixels"
    assert caught == []
    assert limit_before == Image.MAX_IMAGE_PIXELS


def test_refuses_images_over_max_pixels():
    png = _encode(_picture(100, 100), "PNG")
    assert _rejected(png, max_pixels=5_000) == "too_many_pixels"
    assert load_upload(png, max_pixels=10_000).size == (100, 100)


def test_refuses_sides_over_max_side():
    assert _rejected(_png_declaring(13_000, 10)) == "bad_dimensions"
    assert _rejected(_encode(_picture(300, 20), "PNG"), max_side=299) == "bad_dimensions"


# --- load_upload: what it accepts and how --------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_accepts_jpeg_png_and_webp_whatever_they_are_called(fmt):
    loaded = load_upload(_encode(_picture(120, 80), fmt))
    assert loaded.size == (120, 80)
    assert loaded.mode == "RGB"


def test_accepts_camera_multi_picture_jpeg():
    mpo = _encode(_picture(160, 120), "MPO", save_all=True, append_images=[_picture(80, 60)])
    with Image.open(io.BytesIO(mpo)) as check:
        assert check.format == "MPO"
    assert load_upload(mpo).size == (160, 120)


def test_keeps_transparency_as_rgba():
    palette = _picture(64, 64).convert("P")
    palette.info["transparency"] = 0
    assert load_upload(_encode(palette, "PNG")).mode == "RGBA"
    assert load_upload(_encode(_picture(64, 64, "RGBA"), "PNG")).mode == "RGBA"


def test_sixteen_bit_greyscale_is_scaled_not_clipped():
    grey = Image.new("I;16", (32, 32), 0x8000)
    loaded = load_upload(_encode(grey, "PNG"))
    assert loaded.mode == "RGB"
    assert 120 <= loaded.getpixel((5, 5))[0] <= 136


def _swapped_red_blue_profile() -> bytes:
    """An ICC profile that is sRGB with its red and blue primaries exchanged."""
    raw = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    count = struct.unpack(">I", raw[128:132])[0]
    entries = {bytes(raw[132 + 12 * i : 136 + 12 * i]): 136 + 12 * i for i in range(count)}
    red, blue = entries[b"rXYZ"], entries[b"bXYZ"]  # swap the tags' offset and size
    raw[red : red + 8], raw[blue : blue + 8] = raw[blue : blue + 8], raw[red : red + 8]
    name = "sRGB built-in".encode("utf-16-be")
    at = raw.index(name)
    raw[at : at + len(name)] = "Swapped R/B  ".encode("utf-16-be")
    return bytes(raw)


def test_colours_are_converted_to_srgb_before_the_profile_is_dropped():
    tagged = _encode(
        Image.new("RGB", (32, 32), (230, 20, 20)), "PNG", icc_profile=_swapped_red_blue_profile()
    )
    loaded = load_upload(tagged)
    assert "icc_profile" not in loaded.info
    red, _, blue = loaded.getpixel((5, 5))
    assert blue > 200 and red < 60  # "red" in that profile is sRGB blue


def test_cmyk_jpeg_becomes_rgb():
    cmyk = _encode(Image.new("CMYK", (40, 40), (0, 255, 255, 0)), "JPEG")
    loaded = load_upload(cmyk)
    assert loaded.mode == "RGB"
    red, green, blue = loaded.getpixel((5, 5))
    assert red > 200 and green < 60 and blue < 60


def test_applies_exif_orientation():
    shot = _picture(300, 200)
    shot.paste((255, 0, 0), (0, 0, 60, 200))  # the sensor's left edge is red
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # "rotate 90° clockwise to view"
    loaded = load_upload(_encode(shot, "JPEG", exif=exif, quality=95))

    assert loaded.size == (200, 300)
    red, green, blue = loaded.getpixel((100, 20))  # the left edge is now the top
    assert red > 200 and green < 60 and blue < 60
    assert ExifTags.Base.Orientation not in loaded.getexif()


def test_strips_gps_exif_icc_and_xmp_from_stored_variants(tmp_path):
    jpeg = _jpeg_with_gps()
    with Image.open(io.BytesIO(jpeg)) as original:  # the fixture really carries GPS
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "icc_profile" in original.info and "xmp" in original.info

    loaded = load_upload(jpeg)
    assert loaded.info == {}
    assert len(loaded.getexif()) == 0

    storage = LocalStorage(tmp_path)
    stored = store_variants(storage, loaded)
    assert stored.variant_widths == (320, 640, 1024)
    for key in stored.variant_keys():
        data = storage.open(key)
        for chunk in (b"EXIF", b"XMP ", b"ICCP", b"GeraiTestCam", b"GeraiSecretXmp"):
            assert chunk not in data
        with Image.open(io.BytesIO(data)) as variant:
            assert "exif" not in variant.info
            assert "icc_profile" not in variant.info
            assert "xmp" not in variant.info
            exif = variant.getexif()
            assert len(exif) == 0
            assert not exif.get_ifd(ExifTags.IFD.GPSInfo)


def test_stored_image_describes_the_normalised_picture(tmp_path):
    stored = store_variants(LocalStorage(tmp_path), load_upload(_jpeg_with_gps()))
    assert isinstance(stored, StoredImage)
    assert (stored.width, stored.height) == (1200, 900)
    assert stored.variant_keys()[0].startswith(f"products/{stored.content_hash[:2]}/")


def test_global_pillow_settings_are_left_alone():
    limit = Image.MAX_IMAGE_PIXELS
    for data in (_png_declaring(100_000, 100_000), _encode(_picture(40, 40), "PNG")):
        with contextlib.suppress(ImageRejected):
            load_upload(data)
    assert limit == Image.MAX_IMAGE_PIXELS
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


# --- demo photos ---------------------------------------------------------------------------

CATEGORIES = ("kuliner", "gula-pemanis", "minuman", "kerajinan", "fesyen")


def test_demo_photo_is_deterministic_and_square():
    first = product_photo("Keripik Singkong Balado Pedas", "kuliner", seed=7, size=400)
    again = product_photo("Keripik Singkong Balado Pedas", "kuliner", seed=7, size=400)
    assert first.size == (400, 400)
    assert first.mode == "RGB"
    assert first.tobytes() == again.tobytes()
    assert product_photo(
        "Keripik Singkong Balado Pedas", "kuliner", seed=8, size=400
    ).tobytes() != (first.tobytes())


def test_demo_photos_differ_between_categories():
    photos = {
        category: product_photo("Produk UMKM Pamulang", category, seed=3, size=256).tobytes()
        for category in CATEGORIES
    }
    assert len(set(photos.values())) == len(CATEGORIES)


def test_demo_photo_default_size_and_storable(tmp_path):
    photo = product_photo("Gula Aren Cetak Asli Ciputat", "gula-pemanis", seed=1)
    assert photo.size == (1024, 1024)
    stored = store_variants(LocalStorage(tmp_path), photo)
    assert stored.variant_widths == (320, 640, 1024)
