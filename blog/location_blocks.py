"""StreamField blocks for a location's opening hours: one row per set of days with the same times."""

from django.core.exceptions import ValidationError
from django.utils.dateformat import time_format

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

WEEKDAYS = [
    ("Monday", "Monday"),
    ("Tuesday", "Tuesday"),
    ("Wednesday", "Wednesday"),
    ("Thursday", "Thursday"),
    ("Friday", "Friday"),
    ("Saturday", "Saturday"),
    ("Sunday", "Sunday"),
]
DAY_ORDER = [day for day, _ in WEEKDAYS]


def day_ranges(days) -> str:
    """“Monday–Friday”, “Monday, Wednesday”, “Monday–Wednesday, Friday”: runs of consecutive days joined."""
    indexes = sorted(DAY_ORDER.index(day) for day in days if day in DAY_ORDER)
    runs: list[list[int]] = []
    for index in indexes:
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return ", ".join(
        DAY_ORDER[run[0]] if len(run) == 1 else f"{DAY_ORDER[run[0]]}–{DAY_ORDER[run[-1]]}" for run in runs
    )


class OpeningHoursValue(blocks.StructValue):
    def days_label(self) -> str:
        return day_ranges(self.get("days") or [])

    def hours_label(self) -> str:
        # "8 a.m.–5:30 p.m.", "9 a.m.–noon": Django's AP style, the same on the page, the footer and in print.
        return f"{time_format(self['opens'], 'P')}–{time_format(self['closes'], 'P')}"

    def ordered_days(self) -> list[str]:
        return sorted(self.get("days") or [], key=DAY_ORDER.index)


class OpeningHoursBlock(blocks.StructBlock):
    days = blocks.MultipleChoiceBlock(choices=WEEKDAYS, help_text="The days these hours apply to.")
    opens = blocks.TimeBlock()
    closes = blocks.TimeBlock()

    class Meta:
        icon = "time"
        value_class = OpeningHoursValue
        form_classname = "opening-hours-block"

    def clean(self, value):
        value = super().clean(value)
        if value["opens"] >= value["closes"]:
            raise StructBlockValidationError(
                block_errors={"closes": ValidationError("Closing time must be after the opening time.")}
            )
        return value


class OpeningHoursStreamBlock(blocks.StreamBlock):
    hours = OpeningHoursBlock()
