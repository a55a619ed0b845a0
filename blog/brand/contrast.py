"""WCAG 2.2 contrast for the brand colour, which the site uses both behind white text (header, call
bar, buttons) and as the colour of links on the light surfaces (page and footer)."""

import re

from django.core.exceptions import ValidationError

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
# The lightest background links sit on (the footer's surface in site.css); passing on it passes on white.
LIGHT_SURFACE = "#f3f6f7"
AA_NORMAL_TEXT = 4.5


def relative_luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def darker_shade(colour: str, factor: float = 0.7) -> str:
    """The hover shade: each channel scaled towards black, so it keeps at least the colour's contrast."""
    channels = (round(int(colour[i : i + 2], 16) * factor) for i in (1, 3, 5))
    return "#" + "".join(f"{channel:02x}" for channel in channels)


def validate_brand_colour(value: str) -> None:
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError("Enter a colour as # and six hexadecimal digits, e.g. #0b5563.")
    on_white = contrast_ratio(value, WHITE)
    on_surface = contrast_ratio(value, LIGHT_SURFACE)
    if min(on_white, on_surface) < AA_NORMAL_TEXT:
        raise ValidationError(
            f"Too light: white text on {value} (and {value} links on the page) reach a contrast of "
            f"{min(on_white, on_surface):.1f}:1; WCAG AA needs {AA_NORMAL_TEXT}:1. Choose a darker colour."
        )
