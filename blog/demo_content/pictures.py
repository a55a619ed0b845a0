"""Featured pictures for the demo articles, drawn with Pillow: nothing is downloaded.

Soft abstract shapes on a gradient, one palette per article: they decorate, so their alt text is empty.
"""

import random
from io import BytesIO

from PIL import Image, ImageDraw, ImageFilter

SIZE = (1200, 675)


def draw_picture(top, bottom, accent, seed):
    """A JPEG (bytes) of a vertical gradient from ``top`` to ``bottom`` with blurred ``accent`` circles."""
    width, height = SIZE
    gradient = Image.new("RGB", (1, height))
    for y in range(height):
        mix = y / (height - 1)
        gradient.putpixel((0, y), tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)))
    picture = gradient.resize(SIZE).convert("RGBA")
    shapes = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(shapes)
    chance = random.Random(seed)  # the same picture on every run
    for _ in range(7):
        radius = chance.randint(80, 260)
        x, y = chance.randint(0, width), chance.randint(0, height)
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius), fill=(*accent, chance.randint(50, 110))
        )
    for offset in range(3):
        points = [
            (x, height * 0.6 + offset * 40 + 50 * ((x / 150) % 2 - 0.5)) for x in range(0, width + 150, 150)
        ]
        draw.line(points, fill=(255, 255, 255, 90), width=6, joint="curve")
    picture = Image.alpha_composite(picture, shapes.filter(ImageFilter.GaussianBlur(8)))
    output = BytesIO()
    picture.convert("RGB").save(output, "JPEG", quality=82, optimize=True, progressive=True)
    return output.getvalue()
