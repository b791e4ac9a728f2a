"""Time and peak memory of the photo pipeline on a 12-megapixel JPEG (a script, not a test).

Usage: .venv/bin/python bench/bench_images.py [--runs 5]
Each run: load_upload (checks, EXIF orientation, metadata stripped) then store_variants
(WebP at every width, content-hash names) into a temporary folder.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import platform
import resource
import statistics
import tempfile
import time

from PIL import Image, ImageDraw, ImageFilter

from catalog.images import load_upload, store_variants
from catalog.storage import LocalStorage


def phone_photo(width: int = 4000, height: int = 3000, rotated: bool = False) -> bytes:
    """A 12 MP JPEG with texture and an EXIF orientation, like a phone's."""
    image = Image.effect_noise((width // 4, height // 4), 40).convert("RGB")
    image = image.resize((width, height)).filter(ImageFilter.GaussianBlur(2))
    draw = ImageDraw.Draw(image)
    for i in range(0, width, 250):
        draw.ellipse((i, i % height, i + 400, i % height + 300), fill=(150, 80 + i % 100, 40))
    exif = Image.Exif()
    exif[0x0112] = 6 if rotated else 1
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88, exif=exif)
    return out.getvalue()


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(data: bytes) -> tuple[float, float, float]:
    """Seconds for load_upload and store_variants, and the peak RSS growth in MB.

    Runs in a fresh child process, so the growth of its high-water mark is the pipeline's
    (Pillow allocates in C, where tracemalloc cannot see).
    """
    with tempfile.TemporaryDirectory() as folder:
        storage = LocalStorage(folder)
        before = _peak_rss_mb()
        start = time.perf_counter()
        image = load_upload(data, max_bytes=20 * 1024 * 1024)
        loaded = time.perf_counter()
        store_variants(storage, image)
        done = time.perf_counter()
    return loaded - start, done - loaded, _peak_rss_mb() - before


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, Pillow {Image.__version__}, {platform.machine()}")
    print("| photo | bytes | load_upload ms | store_variants ms | total ms | peak memory MB |")
    print("|---|--:|--:|--:|--:|--:|")
    for label, rotated in (("12 MP JPEG", False), ("12 MP JPEG, EXIF rotated", True)):
        data = phone_photo(rotated=rotated)
        with multiprocessing.get_context("fork").Pool(1, maxtasksperchild=1) as pool:
            runs = [pool.apply(measure, (data,)) for _ in range(args.runs)]
        load = statistics.median(r[0] for r in runs) * 1000
        store = statistics.median(r[1] for r in runs) * 1000
        peak = max(r[2] for r in runs)
        print(
            f"| {label} | {len(data):,} | {load:.0f} | {store:.0f} | {load + store:.0f} | "
            f"{peak:.0f} |"
        )


if __name__ == "__main__":
    main()
