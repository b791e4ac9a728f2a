"""Generated product 'photos' for the demo seed: drawn with Pillow, nothing downloaded."""

from __future__ import annotations

import functools
import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

Colour = tuple[int, int, int]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 as fractions of the picture's side
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

# Debian's DejaVu fonts when installed (condensed first: long names fit in larger type).
FONT_PATHS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
)
# Shapes are drawn at twice the size and shrunk, because ImageDraw does not antialias edges.
_SUPERSAMPLE = 2

# A warm local palette, by family: palm sugar and kraft paper, pandan leaf, batik indigo and soga,
# the spices (turmeric, terracotta, chilli), and paper and ink.
GULA_AREN, GULA_LIGHT, KRAFT = (92, 52, 24), (150, 92, 44), (196, 154, 104)
PANDAN, PANDAN_LIGHT = (63, 125, 58), (167, 201, 87)
INDIGO, SOGA = (31, 47, 90), (123, 74, 38)
KUNYIT, TERRACOTTA, CABAI = (227, 168, 27), (196, 96, 58), (170, 38, 30)
CREAM, INK, WHITE = (250, 242, 224), (52, 30, 14), (255, 255, 255)

_BACKDROPS: dict[str, tuple[tuple[Colour, Colour], ...]] = {
    "kuliner": (((252, 226, 170), (226, 150, 84)), ((250, 236, 204), (214, 122, 72))),
    "gula-pemanis": (((245, 228, 196), (190, 138, 84)), ((238, 236, 200), (150, 160, 96))),
    "minuman": (((236, 244, 214), (136, 176, 110)), ((252, 234, 196), (218, 160, 80))),
    "kerajinan": (((246, 222, 196), (200, 112, 76)), ((240, 230, 206), (170, 140, 96))),
    "fesyen": (((238, 226, 210), (176, 128, 92)), ((226, 228, 236), (112, 122, 160))),
}
# Keep a number and its unit on one line of the label: "500 g", not "500" / "g".
_UNIT = re.compile(r"(\d)\s+(g|gr|kg|ml|l|liter|pcs|cm|m)\b", re.IGNORECASE)


@dataclass
class _Scene:
    """The picture being drawn: canvas, its side in pixels, the seeded randomness, the name."""

    img: Image.Image
    s: int
    rng: random.Random
    name: str

    @property
    def draw(self) -> ImageDraw.ImageDraw:
        """A drawing context on the current canvas."""
        return ImageDraw.Draw(self.img)

    def px(self, *coords: float) -> list[float]:
        """Scale unit coordinates to canvas pixels."""
        return [c * self.s for c in coords]

    def pts(self, *points: tuple[float, float]) -> list[tuple[float, float]]:
        """Scale unit points to canvas pixels, for polygons and lines."""
        return [(x * self.s, y * self.s) for x, y in points]

    def has(self, *words: str) -> bool:
        """Tell whether the product name mentions any of the words."""
        lowered = self.name.lower()
        return any(word in lowered for word in words)


def product_photo(name: str, category_slug: str, seed: int, size: int = 1024) -> Image.Image:
    """Draw a warm, pleasant square 'photo' for a demo product."""
    # A string seed is stable across runs (random hashes it with SHA-512, not hash()); these
    # are demo pictures, so a non-cryptographic generator is the right tool.
    rng = random.Random(f"{category_slug}|{name}|{seed}")  # noqa: S311
    scene = _Scene(Image.new("RGB", (1, 1)), size * _SUPERSAMPLE, rng, name)
    _backdrop(scene, rng.choice(_BACKDROPS.get(category_slug, _BACKDROPS["kuliner"])))
    _surface(scene)
    label, accent = _MOTIFS.get(category_slug, _pouch)(scene)
    _sticker(scene, label, accent)
    photo = scene.img.reduce(_SUPERSAMPLE)
    _write_name(photo, name, label)
    return photo


# --- backdrop and table ----------------------------------------------------------------------


def _backdrop(scene: _Scene, colours: tuple[Colour, Colour]) -> None:
    """Fill with a soft gradient and faint pattern; direction, glow and pattern follow the seed."""
    rng, final = scene.rng, scene.s // _SUPERSAMPLE
    ramp = Image.linear_gradient("L")
    if rng.random() < 0.5:
        ramp = ramp.transpose(Image.Transpose.ROTATE_90)
    x, y = rng.randint(0, 96), rng.randint(0, 60)
    glow = Image.radial_gradient("L").crop((x, y, x + 160, y + 160)).resize((256, 256))
    # Colourised at 256 px and scaled up: smooth gradients survive it and it costs little.
    small = ImageOps.colorize(Image.blend(ramp, glow, 0.6), colours[0], colours[1])
    scene.img = small.resize((final, final), Image.Resampling.BICUBIC)
    # A faint pattern needs no antialiasing, so it is laid at final size before doubling.
    pattern = rng.choice((_dots, _stripes, _kawung_faint))
    _overlay(scene.img, _mix(colours[0], WHITE, 0.5), pattern)
    scene.img = scene.img.resize((scene.s, scene.s), Image.Resampling.NEAREST)


def _overlay(
    img: Image.Image, colour: Colour, paint: Callable[[ImageDraw.ImageDraw, int], None]
) -> None:
    """Paint a pattern as a grey mask, then lay the colour through it so it blends softly."""
    mask = Image.new("L", img.size, 0)
    paint(ImageDraw.Draw(mask), img.width)
    img.paste(colour, (0, 0), mask)


def _dots(d: ImageDraw.ImageDraw, s: int) -> None:
    """A faint polka-dot pattern."""
    step, r = s / 14, s / 90
    for i in range(15):
        for j in range(15):
            x, y = i * step + (step / 2 if j % 2 else 0), j * step
            d.ellipse((x - r, y - r, x + r, y + r), fill=70)


def _stripes(d: ImageDraw.ImageDraw, s: int) -> None:
    """Faint diagonal stripes."""
    step = s / 16
    for i in range(-16, 17):
        d.line((i * step, 0, i * step + s, s), fill=55, width=int(step / 3))


def _kawung_faint(d: ImageDraw.ImageDraw, s: int) -> None:
    """A faint kawung repeat, like gallery wrapping paper."""
    step = s / 7
    for i in range(8):
        for j in range(8):
            _kawung_flower(d, i * step, j * step, step, 55, 0)


def _surface(scene: _Scene) -> None:
    """Draw the table the product stands on: wood, a pandan mat or a lurik striped cloth."""
    top = 0.76
    scene.rng.choice((_wood, _tikar, _lurik))(scene, top)
    scene.draw.rectangle(scene.px(0, top, 1, top + 0.008), fill=(58, 34, 18))  # table edge
    # A soft band of shade where the wall meets the table, for depth.
    _soft_shape(scene, (0, top - 0.05, 1, top + 0.02), 40, blur=10)


def _wood(scene: _Scene, top: float) -> None:
    """A warm wooden table top with grain lines."""
    rng, d = scene.rng, scene.draw
    base = rng.choice(((160, 104, 62), (132, 84, 50), (184, 130, 84)))
    d.rectangle(scene.px(0, top, 1, 1), fill=base)
    for _ in range(26):
        y, x0 = rng.uniform(top + 0.01, 1), rng.uniform(-0.2, 0.6)
        colour = _shade(base, rng.uniform(0.8, 1.12))
        points = [(x0 + k * 0.08, y + 0.004 * math.sin(k + y * 40)) for k in range(12)]
        d.line(scene.pts(*points), fill=colour, width=scene.s // 300)
    for x in (rng.uniform(0.2, 0.4), rng.uniform(0.65, 0.9)):
        d.line(scene.px(x, top, x - 0.05, 1), fill=_shade(base, 0.7), width=scene.s // 250)


def _tikar(scene: _Scene, top: float) -> None:
    """A woven pandan mat: offset checks in two straw tones."""
    d, light = scene.draw, (214, 184, 120)
    dark = scene.rng.choice(((170, 128, 70), (150, 120, 60), (184, 96, 64)))
    d.rectangle(scene.px(0, top, 1, 1), fill=light)
    cell = 0.03
    for row in range(int((1 - top) / cell) + 1):
        y = top + row * cell
        for col in range(int(1 / cell) + 2):
            if (col + row) % 2:
                x = col * cell - (cell / 2 if row % 2 else 0)
                d.rectangle(scene.px(x, y, x + cell * 0.92, y + cell * 0.86), fill=dark)


def _lurik(scene: _Scene, top: float) -> None:
    """A lurik cloth: Javanese woven stripes of varied width."""
    rng, d = scene.rng, scene.draw
    d.rectangle(scene.px(0, top, 1, 1), fill=rng.choice(((226, 206, 170), TERRACOTTA, INDIGO)))
    x = 0.0
    while x < 1:
        width = rng.choice((0.006, 0.006, 0.012, 0.03))
        d.rectangle(
            scene.px(x, top, x + width, 1), fill=rng.choice((SOGA, CREAM, GULA_AREN, KUNYIT))
        )
        x += width + rng.uniform(0.01, 0.06)


def _soft_shape(scene: _Scene, box: Box, strength: int, blur: float = 7) -> None:
    """Darken softly inside an ellipse-ish box; blurred small and scaled, only over its region."""
    margin = 0.04
    x0, y0 = max(0.0, box[0] - margin), max(0.0, box[1] - margin)
    x1, y1 = min(1.0, box[2] + margin), min(1.0, box[3] + margin)
    region = [round(c * scene.s) for c in (x0, y0, x1, y1)]
    w, h = region[2] - region[0], region[3] - region[1]
    small = Image.new("L", (max(1, w // 8), max(1, h // 8)), 0)
    inner = [(box[0] - x0) / (x1 - x0), (box[1] - y0) / (y1 - y0)]
    inner += [(box[2] - x0) / (x1 - x0), (box[3] - y0) / (y1 - y0)]
    ImageDraw.Draw(small).ellipse(
        [c * small.width if i % 2 == 0 else c * small.height for i, c in enumerate(inner)],
        fill=strength,
    )
    mask = small.filter(ImageFilter.GaussianBlur(blur)).resize((w, h), Image.Resampling.BILINEAR)
    scene.img.paste((40, 22, 10), (region[0], region[1]), mask)


def _shadow(scene: _Scene, box: Box, strength: int = 130) -> None:
    """Cast a soft contact shadow under a product."""
    _soft_shape(scene, box, strength)


def _sticker(scene: _Scene, box: Box, accent: Colour) -> None:
    """A cream label with a coloured band and border, ready for the product name."""
    d, s = scene.draw, scene.s
    x0, y0, x1, y1 = box
    d.rounded_rectangle(
        scene.px(x0 + 0.006, y0 + 0.008, x1 + 0.006, y1 + 0.008),
        radius=s * 0.02,
        fill=_shade(accent, 0.6),
    )  # its edge and shadow
    d.rounded_rectangle(scene.px(*box), radius=s * 0.02, fill=CREAM, outline=accent, width=s // 150)
    d.rounded_rectangle(scene.px(x0, y0, x1, y0 + 0.04), radius=s * 0.02, fill=accent)
    d.rectangle(scene.px(x0, y0 + 0.02, x1, y0 + 0.04), fill=accent)


def _gleam(scene: _Scene, box: Box, colour: Colour) -> None:
    """A light streak and a shaded right side, so flat shapes read as round things."""
    x0, y0, x1, y1 = box
    width = x1 - x0
    scene.draw.rectangle(
        scene.px(x1 - width * 0.12, y0, x1 - width * 0.04, y1), fill=_shade(colour, 0.82)
    )
    scene.draw.rectangle(
        scene.px(x0 + width * 0.06, y0, x0 + width * 0.1, y1), fill=_mix(colour, WHITE, 0.35)
    )


# --- motifs: each draws a product and returns its label box and accent colour ----------------


def _pouch(scene: _Scene) -> tuple[Box, Colour]:
    """A stand-up pouch (the UMKM snack standard) with a sticker label and a window of chips."""
    rng, px, s = scene.rng, scene.px, scene.s
    body = rng.choice((KRAFT, KRAFT, TERRACOTTA, PANDAN, (44, 40, 38), KUNYIT))
    _shadow(scene, (0.2, 0.8, 0.8, 0.9))
    d = scene.draw
    d.polygon(scene.pts((0.26, 0.12), (0.74, 0.12), (0.77, 0.86), (0.23, 0.86)), fill=body)
    d.pieslice(px(0.23, 0.83, 0.77, 0.89), 0, 180, fill=body)
    _gleam(scene, (0.26, 0.2, 0.76, 0.84), body)
    d.rectangle(px(0.26, 0.1, 0.74, 0.16), fill=_shade(body, 0.85))
    for i in range(44):  # heat-seal ribbing
        x = 0.27 + i * 0.0107
        d.line(px(x, 0.105, x, 0.155), fill=_shade(body, 0.7), width=s // 500)
    d.line(px(0.26, 0.19, 0.74, 0.19), fill=_shade(body, 0.7), width=s // 220)  # the zip
    _chip_window(scene, (0.35, 0.62, 0.65, 0.84))
    return (0.28, 0.23, 0.72, 0.57), rng.choice((CABAI, PANDAN, INDIGO, TERRACOTTA, SOGA))


def _chip_window(scene: _Scene, box: Box) -> None:
    """A clear window showing the snack inside, clipped to a rounded shape."""
    rng = scene.rng
    w, h = round((box[2] - box[0]) * scene.s), round((box[3] - box[1]) * scene.s)
    window = Image.new("RGB", (w, h), (250, 244, 228))
    d = ImageDraw.Draw(window)
    chip, spicy = _chip_colour(scene), scene.has("balado", "pedas")
    for _ in range(45):
        cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.09, 0.16) * w
        outline = _ellipse_points(cx, cy, r, r * rng.uniform(0.55, 0.9), rng.uniform(0, math.pi))
        d.polygon(outline, fill=_shade(chip, rng.uniform(0.85, 1.1)), outline=_shade(chip, 0.7))
        for _ in range(3 if spicy else 0):  # flecks of chilli
            x, y, dot = cx + rng.uniform(-r, r) * 0.5, cy + rng.uniform(-r, r) * 0.3, w * 0.01
            d.ellipse((x - dot, y - dot, x + dot, y + dot), fill=CABAI)
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, w - 1, h - 1), radius=w * 0.18, fill=255)
    x0, y0 = round(box[0] * scene.s), round(box[1] * scene.s)
    scene.img.paste(window, (x0, y0), mask)
    scene.draw.rounded_rectangle(
        (x0, y0, x0 + w, y0 + h), radius=w * 0.18, outline=WHITE, width=scene.s // 200
    )


def _chip_colour(scene: _Scene) -> Colour:
    """Pick the snack's colour from its name: cassava pale, balado red, banana golden."""
    if scene.has("balado", "pedas"):
        return (224, 120, 40)
    if scene.has("pisang"):
        return (232, 190, 84)
    if scene.has("kacang", "emping", "kopi"):
        return (200, 150, 90)
    if scene.has("kerupuk", "krupuk", "rengginang", "rempeyek"):
        return (246, 226, 196)
    return (240, 204, 110)


def _gula(scene: _Scene) -> tuple[Box, Colour]:
    """Palm sugar: cetak blocks on a banana leaf on a nyiru tray, or a jar of gula semut."""
    if scene.has("semut", "kristal", "bubuk"):
        return _jar(scene)
    if scene.has("cair", "sirup", "madu"):
        return _bottle(scene)
    px, s = scene.px, scene.s
    _shadow(scene, (0.08, 0.66, 0.92, 0.92), 100)
    d = scene.draw
    d.ellipse(px(0.06, 0.44, 0.94, 0.9), fill=(196, 160, 100))
    for k in range(1, 9):  # bamboo rings of the nyiru
        inset = k * 0.022
        ring = px(0.06 + inset, 0.44 + inset / 2, 0.94 - inset, 0.9 - inset / 2)
        d.ellipse(ring, outline=(168, 130, 76), width=s // 300)
    _banana_leaf(scene)
    spots = [(0.3, 0.56), (0.5, 0.58), (0.7, 0.56), (0.4, 0.47), (0.6, 0.47), (0.5, 0.38)]
    for cx, cy in spots[: scene.rng.choice((5, 6, 6))]:
        _sugar_block(scene, cx, cy, 0.09)
    return (0.17, 0.7, 0.83, 0.95), scene.rng.choice((PANDAN, SOGA, TERRACOTTA))


def _banana_leaf(scene: _Scene) -> None:
    """A banana leaf laid on the tray: a wide green blade with a midrib and veins."""
    d, s = scene.draw, scene.s
    steps = (i * math.pi / 20 for i in range(40))
    d.polygon(
        scene.pts(*((0.5 + 0.38 * math.cos(t), 0.6 + 0.13 * math.sin(t)) for t in steps)),
        fill=PANDAN,
    )
    d.line(scene.px(0.12, 0.6, 0.88, 0.6), fill=PANDAN_LIGHT, width=s // 200)
    for i in range(15):
        x = 0.17 + i * 0.045
        # Veins stop short of the blade's edge, which narrows toward the leaf's ends.
        reach = 0.11 * math.sqrt(max(0.0, 1 - ((x + 0.04 - 0.5) / 0.38) ** 2))
        for end in (0.6 - reach, 0.6 + reach):
            d.line(scene.px(x, 0.6, x + 0.04, end), fill=_shade(PANDAN, 1.15), width=s // 600)


def _sugar_block(scene: _Scene, cx: float, cy: float, r: float) -> None:
    """One round cetak gula aren block: a short cylinder, darker at the sides."""
    d, px = scene.draw, scene.px
    tone = _shade(GULA_AREN, scene.rng.uniform(0.9, 1.15))
    height = r * 0.8
    d.ellipse(
        px(cx - r, cy + height - r * 0.4, cx + r, cy + height + r * 0.4), fill=_shade(tone, 0.7)
    )
    d.rectangle(px(cx - r, cy, cx + r, cy + height), fill=_shade(tone, 0.8))
    d.rectangle(px(cx - r * 0.8, cy, cx - r * 0.55, cy + height * 1.1), fill=_shade(tone, 0.95))
    d.ellipse(px(cx - r, cy - r * 0.4, cx + r, cy + r * 0.4), fill=_shade(tone, 1.25))
    d.ellipse(
        px(cx - r * 0.7, cy - r * 0.26, cx + r * 0.7, cy + r * 0.26),
        outline=_shade(tone, 1.05),
        width=scene.s // 400,
    )


def _jar(scene: _Scene) -> tuple[Box, Colour]:
    """A glass jar of gula semut (granulated palm sugar) with a wooden lid."""
    rng, px, s = scene.rng, scene.px, scene.s
    _shadow(scene, (0.22, 0.82, 0.78, 0.92))
    d = scene.draw
    d.rounded_rectangle(px(0.27, 0.22, 0.73, 0.88), radius=s * 0.06, fill=GULA_LIGHT)
    for _ in range(700):  # the grains
        x, y, r = rng.uniform(0.29, 0.71), rng.uniform(0.25, 0.86), rng.uniform(0.002, 0.005)
        d.ellipse(px(x - r, y - r, x + r, y + r), fill=_shade(GULA_LIGHT, rng.uniform(0.6, 1.3)))
    _gleam(scene, (0.27, 0.26, 0.73, 0.84), GULA_LIGHT)
    d.rounded_rectangle(px(0.3, 0.13, 0.7, 0.23), radius=s * 0.02, fill=(120, 78, 44))
    d.rectangle(px(0.3, 0.17, 0.7, 0.185), fill=(96, 60, 32))
    return (0.285, 0.38, 0.715, 0.74), rng.choice((PANDAN, TERRACOTTA, INDIGO))


def _bottle(scene: _Scene) -> tuple[Box, Colour]:
    """A bottle of sirup or jamu, its liquid coloured after the name, with a glass beside it."""
    rng, px, s = scene.rng, scene.px, scene.s
    liquid = _drink_colour(scene)
    _shadow(scene, (0.22, 0.84, 0.92, 0.93))
    d = scene.draw
    empty_glass = _mix(liquid, WHITE, 0.6)
    d.rectangle(px(0.445, 0.1, 0.555, 0.3), fill=empty_glass)
    d.polygon(scene.pts((0.445, 0.28), (0.555, 0.28), (0.7, 0.38), (0.3, 0.38)), fill=liquid)
    d.rounded_rectangle(px(0.28, 0.35, 0.72, 0.89), radius=s * 0.05, fill=liquid)
    _gleam(scene, (0.28, 0.38, 0.72, 0.86), liquid)
    d.rectangle(px(0.46, 0.12, 0.47, 0.28), fill=_mix(liquid, WHITE, 0.8))
    cap = rng.choice((GULA_AREN, CABAI, PANDAN, (200, 170, 60)))
    d.rounded_rectangle(px(0.435, 0.06, 0.565, 0.125), radius=s * 0.008, fill=cap)
    _drinking_glass(scene, liquid)
    return (0.3, 0.46, 0.7, 0.78), rng.choice((PANDAN, TERRACOTTA, SOGA, INDIGO))


def _drink_colour(scene: _Scene) -> Colour:
    """Pick the drink's colour from its name: kunyit yellow, pandan green, secang red."""
    if scene.has("kunyit", "jamu", "beras kencur"):
        return (226, 150, 20)
    if scene.has("pandan", "cincau", "sereh"):
        return (70, 140, 60)
    if scene.has("secang", "rosella", "bit", "stroberi"):
        return (150, 30, 40)
    if scene.has("kopi"):
        return (70, 40, 24)
    if scene.has("jahe", "wedang", "kelapa"):
        return (196, 140, 60)
    return (120, 60, 20)


def _drinking_glass(scene: _Scene, liquid: Colour) -> None:
    """A short glass of the drink with ice, standing to the bottle's right."""
    d, s = scene.draw, scene.s
    shape = scene.pts((0.73, 0.66), (0.9, 0.66), (0.88, 0.9), (0.75, 0.9))
    d.polygon(shape, fill=_mix(liquid, WHITE, 0.2), outline=WHITE, width=s // 300)
    for x, y in ((0.765, 0.69), (0.81, 0.71)):
        d.rounded_rectangle(
            scene.px(x, y, x + 0.05, y + 0.05), radius=s * 0.006, fill=_mix(liquid, WHITE, 0.7)
        )


def _woven(scene: _Scene) -> tuple[Box, Colour]:
    """Anyaman: a woven basket, bag, round tray or mat, with a tag for the name."""
    rng, s = scene.rng, scene.s
    light, dark = rng.choice(_STRAW)
    shape = Image.new("L", (s, s), 0)
    outline = ImageDraw.Draw(shape)
    if scene.has("tampah", "nyiru", "nampan", "tatakan", "piring"):
        _shadow(scene, (0.08, 0.62, 0.92, 0.92))
        outline.ellipse(scene.px(0.06, 0.36, 0.94, 0.9), fill=255)
    elif scene.has("tas", "dompet", "clutch", "tikar", "alas", "taplak"):
        _shadow(scene, (0.16, 0.82, 0.84, 0.92))
        outline.rounded_rectangle(scene.px(0.16, 0.3, 0.84, 0.88), radius=s * 0.05, fill=255)
    else:
        _shadow(scene, (0.16, 0.82, 0.84, 0.92))
        outline.polygon(scene.pts((0.16, 0.3), (0.84, 0.3), (0.74, 0.88), (0.26, 0.88)), fill=255)
    _paste_fill(scene, _weave(s, light, dark), shape)
    _woven_trim(scene, dark)
    return (0.27, 0.5, 0.73, 0.78), rng.choice((TERRACOTTA, PANDAN, INDIGO))


_STRAW: tuple[tuple[Colour, Colour], ...] = (
    ((222, 190, 128), (176, 132, 72)),
    ((206, 176, 110), (140, 96, 52)),
    ((220, 196, 140), (92, 120, 70)),
)


def _woven_trim(scene: _Scene, dark: Colour) -> None:
    """The finishing that names the thing: a bag's handles, a tray's rim, a basket's lip."""
    d, s = scene.draw, scene.s
    if scene.has("tampah", "nyiru", "nampan", "tatakan", "piring"):
        d.ellipse(scene.px(0.06, 0.36, 0.94, 0.9), outline=_shade(dark, 0.8), width=s // 50)
    elif scene.has("tas", "dompet", "clutch"):
        for x0 in (0.28, 0.56):
            d.arc(scene.px(x0, 0.1, x0 + 0.16, 0.46), 180, 360, fill=dark, width=s // 45)
    elif not scene.has("tikar", "alas", "taplak"):
        d.ellipse(scene.px(0.14, 0.26, 0.86, 0.34), outline=_shade(dark, 0.8), width=s // 60)
        d.line(scene.px(0.5, 0.33, 0.5, 0.5), fill=(120, 80, 40), width=s // 300)  # tag string


def _weave(s: int, light: Colour, dark: Colour) -> Image.Image:
    """An over-under weave of flat strips, as in anyaman bambu and pandan."""
    img = Image.new("RGB", (s, s), light)
    d = ImageDraw.Draw(img)
    cell = s / 28
    for row in range(29):
        for col in range(29):
            x, y = col * cell, row * cell
            if (col + row) % 2:
                d.rectangle((x, y, x + cell, y + cell * 0.5), fill=dark)
            else:
                d.rectangle((x, y + cell * 0.5, x + cell * 0.5, y + cell), fill=_shade(dark, 1.15))
        d.line((0, row * cell, s, row * cell), fill=_shade(light, 0.8), width=max(1, s // 800))
    return img


def _paste_fill(scene: _Scene, fill: Image.Image, shape: Image.Image) -> None:
    """Paste a full-canvas fill through a shape mask, touching only the shape's bounding box."""
    box = shape.getbbox()
    if box:
        scene.img.paste(fill.crop(box), box[:2], shape.crop(box))


def _batik(scene: _Scene) -> tuple[Box, Colour]:
    """Batik: a kemeja with a kawung, parang or truntum fill, or a stack of folded kain."""
    rng, s = scene.rng, scene.s
    ground, motif = rng.choice(
        ((SOGA, CREAM), (INDIGO, CREAM), (INDIGO, (214, 160, 90)), ((60, 36, 20), KUNYIT))
    )
    cloth = _batik_pattern(scene)(s, ground, motif)
    accent = rng.choice((CABAI, TERRACOTTA, PANDAN, KUNYIT))
    shape = Image.new("L", (s, s), 0)
    if scene.has("kemeja", "baju", "blus", "atasan", "daster", "kaos"):
        _shirt(scene, shape, cloth, ground)
        return (0.29, 0.5, 0.71, 0.8), accent
    _shadow(scene, (0.12, 0.76, 0.88, 0.86))
    _folded_stack(scene, cloth, ground)
    return (0.24, 0.46, 0.76, 0.74), accent


def _batik_pattern(scene: _Scene) -> Callable[[int, Colour, Colour], Image.Image]:
    """The motif the name asks for (kawung, parang, truntum), else one the seed picks."""
    patterns = {"kawung": _kawung_pattern, "parang": _parang_pattern, "truntum": _truntum_pattern}
    named = [pattern for word, pattern in patterns.items() if scene.has(word)]
    return named[0] if named else scene.rng.choice(tuple(patterns.values()))


def _shirt(scene: _Scene, shape: Image.Image, cloth: Image.Image, ground: Colour) -> None:
    """A short-sleeved batik shirt laid flat, with a collar and button placket."""
    _shadow(scene, (0.2, 0.84, 0.8, 0.94))
    outline = scene.pts(
        (0.36, 0.12),
        (0.5, 0.17),
        (0.64, 0.12),
        (0.88, 0.24),
        (0.8, 0.43),
        (0.72, 0.39),
        (0.72, 0.9),
        (0.28, 0.9),
        (0.28, 0.39),
        (0.2, 0.43),
        (0.12, 0.24),
    )
    ImageDraw.Draw(shape).polygon(outline, fill=255)
    _paste_fill(scene, cloth, shape)
    d, s, edge = scene.draw, scene.s, _shade(ground, 0.6)
    d.polygon(scene.pts((0.36, 0.12), (0.5, 0.17), (0.44, 0.25)), fill=edge)  # collar
    d.polygon(scene.pts((0.64, 0.12), (0.5, 0.17), (0.56, 0.25)), fill=edge)
    d.line(scene.px(0.5, 0.17, 0.5, 0.9), fill=edge, width=s // 150)  # placket
    for side in ((0.28, 0.39, 0.2, 0.43), (0.72, 0.39, 0.8, 0.43)):
        d.line(scene.px(*side), fill=edge, width=s // 200)  # sleeve hems


def _folded_stack(scene: _Scene, cloth: Image.Image, ground: Colour) -> None:
    """Three folded lengths of kain stacked, with a paper band round them."""
    d, s = scene.draw, scene.s
    for k, y in enumerate((0.6, 0.42, 0.24)):  # bottom first, so upper folds overlap
        shape = Image.new("L", (s, s), 0)
        ImageDraw.Draw(shape).rounded_rectangle(
            scene.px(0.12, y, 0.88, y + 0.2), radius=s * 0.05, fill=255
        )
        _paste_fill(
            scene, cloth.transpose(Image.Transpose.FLIP_LEFT_RIGHT) if k % 2 else cloth, shape
        )
        d.rounded_rectangle(
            scene.px(0.12, y, 0.88, y + 0.2),
            radius=s * 0.05,
            outline=_shade(ground, 0.55),
            width=s // 200,
        )
        fold = scene.px(0.13, y + 0.01, 0.22, y + 0.19)  # the rounded fold catches the light
        d.arc(fold, 110, 250, fill=_mix(ground, WHITE, 0.35), width=s // 120)
    d.rectangle(scene.px(0.4, 0.24, 0.6, 0.8), fill=(212, 180, 126))  # the paper band
    d.line(scene.px(0.4, 0.24, 0.4, 0.8), fill=(170, 136, 86), width=s // 300)
    d.line(scene.px(0.6, 0.24, 0.6, 0.8), fill=(170, 136, 86), width=s // 300)


def _kawung_pattern(s: int, ground: Colour, motif: Colour) -> Image.Image:
    """Kawung: rows of four-petal palm-fruit flowers."""
    img = Image.new("RGB", (s, s), ground)
    d, step = ImageDraw.Draw(img), s / 9
    for i in range(10):
        for j in range(10):
            _kawung_flower(d, i * step, j * step, step, motif, ground)
    return img


def _kawung_flower(
    d: ImageDraw.ImageDraw, x: float, y: float, step: float, fill: Colour | int, core: Colour | int
) -> None:
    """Four oval petals around a point, with a dot at the centre."""
    long, short, gap = step * 0.46, step * 0.2, step * 0.05
    d.ellipse((x - long, y - short, x - gap, y + short), fill=fill)
    d.ellipse((x + gap, y - short, x + long, y + short), fill=fill)
    d.ellipse((x - short, y - long, x + short, y - gap), fill=fill)
    d.ellipse((x - short, y + gap, x + short, y + long), fill=fill)
    d.ellipse((x - gap, y - gap, x + gap, y + gap), fill=core)


def _parang_pattern(s: int, ground: Colour, motif: Colour) -> Image.Image:
    """Parang: diagonal rows of slanted blades, a fine line and lozenges between the rows."""
    img = Image.new("RGB", (s, s), ground)
    d, step = ImageDraw.Draw(img), s / 6
    blade, along = step * 0.2, step * 0.3 * math.sqrt(2)
    for k in range(-7, 8):
        off = k * step
        d.line((off + step * 0.5, 0, off + step * 0.5 + s, s), fill=motif, width=max(1, s // 250))
        for t in range(-1, 22):
            x, y = off + t * along / math.sqrt(2), t * along / math.sqrt(2)
            d.polygon(
                _ellipse_points(x, y, blade * 1.25, blade * 0.45, math.pi / 4 + 0.5), fill=motif
            )
            cx, cy, r = x + step * 0.5 + along / 2.8, y + along / 2.8, step * 0.07
            d.polygon([(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)], fill=motif)
    return img


def _truntum_pattern(s: int, ground: Colour, motif: Colour) -> Image.Image:
    """Truntum: small star-flowers scattered on a dark ground."""
    img = Image.new("RGB", (s, s), ground)
    d, step = ImageDraw.Draw(img), s / 12
    petal, ring = step * 0.07, step * 0.22
    for i in range(13):
        for j in range(13):
            x, y = i * step + (step / 2 if j % 2 else 0), j * step
            for a in range(8):
                cx, cy = x + math.cos(a * math.pi / 4) * ring, y + math.sin(a * math.pi / 4) * ring
                d.ellipse((cx - petal, cy - petal, cx + petal, cy + petal), fill=motif)
            d.ellipse((x - petal, y - petal, x + petal, y + petal), fill=motif)
    return img


_MOTIFS: dict[str, Callable[[_Scene], tuple[Box, Colour]]] = {
    "kuliner": _pouch,
    "gula-pemanis": _gula,
    "minuman": _bottle,
    "kerajinan": _woven,
    "fesyen": _batik,
}


# --- the product name ------------------------------------------------------------------------


def _write_name(photo: Image.Image, name: str, box: Box) -> None:
    """Write the name on the label, in the largest size that fits in at most three lines."""
    s = photo.width
    x0, y0, x1, y1 = (c * s for c in box)
    pad, top = s * 0.02, y0 + s * 0.04  # text starts below the label's coloured band
    font, lines = _fit(_UNIT.sub("\\1\u00a0\\2", name), x1 - x0 - 2 * pad, y1 - top - pad, s)
    line_height = _font_size(font) * 1.18
    y = top + (y1 - top - line_height * len(lines)) / 2
    d = ImageDraw.Draw(photo)
    for line in lines:
        d.text(((x0 + x1) / 2, y + line_height / 2), line, font=font, fill=INK, anchor="mm")
        y += line_height


def _fit(text: str, width: float, height: float, s: int) -> tuple[Font, list[str]]:
    """Find the biggest font size at which the text wraps into at most three lines and fits."""
    smallest = max(6, round(s * 0.028))
    for size in range(round(s * 0.08), smallest, -max(1, s // 256)):
        font = _font(size)
        lines = _wrap(text, font, width)
        if lines and len(lines) <= 3 and size * 1.18 * len(lines) <= height:
            return font, lines
    font = _font(smallest)
    return font, (_wrap(text, font, width) or [text])[:3]


def _wrap(text: str, font: Font, width: float) -> list[str] | None:
    """Greedy word wrap to a pixel width; None if a single word is wider than that."""
    lines: list[str] = []
    for word in text.split(" "):
        if not word:
            continue
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        elif font.getlength(word) <= width:
            lines.append(word)
        else:
            return None
    return lines


@functools.lru_cache(maxsize=128)
def _font(size: int) -> Font:
    """Return a DejaVu bold font if the system has one, else Pillow's built-in scalable font."""
    path = next((p for p in FONT_PATHS if p.exists()), None)
    return ImageFont.truetype(str(path), size) if path else ImageFont.load_default(size=size)


def _font_size(font: Font) -> float:
    """The font's pixel size (a bitmap fallback font, with no size, counts as 11)."""
    return float(getattr(font, "size", 11))


# --- colour and shape helpers ----------------------------------------------------------------


def _mix(a: Colour, b: Colour, t: float) -> Colour:
    """Blend colour a toward b by t (0..1)."""
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _shade(c: Colour, factor: float) -> Colour:
    """Darken (factor < 1) or lighten (> 1) a colour, clamped to 255."""
    return (
        min(255, round(c[0] * factor)),
        min(255, round(c[1] * factor)),
        min(255, round(c[2] * factor)),
    )


def _ellipse_points(
    cx: float, cy: float, rx: float, ry: float, angle: float
) -> list[tuple[float, float]]:
    """Points of a rotated ellipse (ImageDraw.ellipse cannot rotate)."""
    cos, sin = math.cos(angle), math.sin(angle)
    points = []
    for i in range(14):
        t = i * 2 * math.pi / 14
        x, y = rx * math.cos(t), ry * math.sin(t)
        points.append((cx + x * cos - y * sin, cy + x * sin + y * cos))
    return points
