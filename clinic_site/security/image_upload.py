"""Image uploads are decoded in full before they are accepted.

Wagtail checks the format from the file's first bytes and reads the size from its header. A file with a
valid PNG or JPEG header and a broken or foreign body passed that check and later failed with a server
error, at upload or when a page first rendered it. Decoding the whole image once turns both into a
form error the editor can act on.
"""

from PIL import Image as PILImage

from django.core.exceptions import ValidationError

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

# How Pillow reports a file it cannot decode.
UNREADABLE_IMAGE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, PILImage.DecompressionBombError)


class FullyDecodedImageField(WagtailImageField):
    def to_python(self, data):
        try:
            upload = super().to_python(data)
        except UNREADABLE_IMAGE_ERRORS as error:
            raise self.unreadable() from error
        if upload is None:
            return None
        try:
            with PILImage.open(upload) as image:
                image.load()
        except UNREADABLE_IMAGE_ERRORS as error:
            raise self.unreadable() from error
        finally:
            upload.seek(0)
        return upload

    def unreadable(self):
        return ValidationError(self.error_messages["invalid_image"], code="invalid_image")


class FullyDecodedImageForm(BaseImageForm):
    """WAGTAILIMAGES_IMAGE_FORM_BASE: every image form in the admin (add, bulk add, chooser) uses it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            wagtail_field = self.fields["file"]
            self.fields["file"] = FullyDecodedImageField(
                label=wagtail_field.label, required=wagtail_field.required, widget=wagtail_field.widget
            )
