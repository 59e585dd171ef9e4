"""Draw simple, distinct featured images for demo stories (no downloads needed)."""

import io
import random

from PIL import Image, ImageDraw, ImageFont

PALETTES = [
    ((139, 13, 13), (243, 198, 35)),
    ((20, 52, 110), (120, 180, 230)),
    ((16, 90, 60), (180, 220, 120)),
    ((70, 40, 110), (230, 150, 200)),
    ((30, 30, 30), (200, 160, 60)),
    ((0, 90, 110), (250, 220, 150)),
]


def draw_featured_image(label, seed, size=(1200, 675)):
    """A JPEG with a gradient, a few shapes and the label, as bytes."""
    rng = random.Random(seed)
    dark, light = rng.choice(PALETTES)
    image = Image.new("RGB", size, dark)
    draw = ImageDraw.Draw(image)
    width, height = size
    for y in range(height):
        mix = y / height
        colour = tuple(
            int(d * (1 - mix) + lt * mix * 0.6) for d, lt in zip(dark, light, strict=True)
        )
        draw.line([(0, y), (width, y)], fill=colour)
    for _ in range(7):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(60, 260)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=light, width=6)
    try:
        font = ImageFont.load_default(size=52)
    except TypeError:  # Pillow without FreeType sizes
        font = ImageFont.load_default()
    draw.rectangle([0, height - 130, width, height], fill=(0, 0, 0))
    draw.text((60, height - 100), label[:48], fill=(255, 255, 255), font=font)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()
