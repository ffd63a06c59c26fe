"""Photos of a service at someone's home: checked to be an image, turned upright, resized, and saved again as
JPEG without any metadata (EXIF keeps where and when a photo was taken, and the phone it was taken with)."""

import io
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy, pgettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError

from volunteerhub.core.errors import ValidationFailed
from volunteerhub.core.i18n import Text

MAX_SIDE = 1600
MAX_PIXELS = 40_000_000  # a decompression bomb is refused before it is decoded


def _refuse(message: Text) -> ValidationFailed:
    return ValidationFailed({"photo": [message]})


def clean_photo(upload) -> ContentFile:
    """The upload as a resized JPEG without metadata, or a 400 naming `photo`."""
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise _refuse(format_lazy(pgettext_lazy("variant-5be83519", "at most {value} MB"), value=settings.MAX_UPLOAD_BYTES // (1024 * 1024)))
    try:
        image = Image.open(upload)
        if image.width * image.height > MAX_PIXELS:
            raise _refuse(gettext_lazy("the photo has too many pixels"))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise _refuse(gettext_lazy("not a picture we can read (JPEG, PNG)")) from None
    image = ImageOps.exif_transpose(image).convert("RGB")  # upright as taken; the orientation tag goes with EXIF
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    clean = Image.new("RGB", image.size)
    clean.paste(image)  # pixels only: no EXIF, no XMP, no ICC comment survives
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
