"""Pictures for the demo site, drawn here with Pillow so that nothing is downloaded.

Placeholders, and look it: a head-and-shoulders silhouette for a person, soft shapes for a topic.
"""

from io import BytesIO

from PIL import Image, ImageDraw

from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.models import Collection


def _as_wagtail_image(picture, title, filename):
    buffer = BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return get_image_model().objects.create(
        title=title,
        file=ImageFile(buffer, name=filename),
        collection=Collection.get_first_root_node(),
    )


def _mix(colour, other, amount):
    return tuple(round(a + (b - a) * amount) for a, b in zip(colour, other, strict=True))


def portrait(title, filename, colour):
    """A square silhouette on a background of ``colour`` (an RGB tuple)."""
    size = 480
    picture = Image.new("RGB", (size, size), _mix(colour, (255, 255, 255), 0.75))
    draw = ImageDraw.Draw(picture)
    figure = _mix(colour, (0, 0, 0), 0.15)
    draw.ellipse((80, 330, 400, 650), fill=figure)  # shoulders
    draw.ellipse((160, 100, 320, 290), fill=figure)  # head
    return _as_wagtail_image(picture, title, filename)


def topic_picture(title, filename, colour):
    """A 16:9 picture of overlapping circles in shades of ``colour``."""
    width, height = 800, 450
    picture = Image.new("RGB", (width, height), _mix(colour, (255, 255, 255), 0.85))
    draw = ImageDraw.Draw(picture)
    for index, (x, y, radius) in enumerate(((620, 120, 220), (180, 380, 190), (460, 330, 120))):
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius), fill=_mix(colour, (255, 255, 255), 0.3 * index)
        )
    return _as_wagtail_image(picture, title, filename)
