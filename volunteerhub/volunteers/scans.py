"""A credential's scan or photo: a picture saved again as JPEG without metadata (EXIF keeps where it was taken and
the phone), or a PDF as given; anything else, too large or unreadable, is refused naming `scan`."""

import io
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError

from volunteerhub.core.errors import ValidationFailed
from volunteerhub.core.i18n import Text

MAX_SIDE = 2400
MAX_PIXELS = 40_000_000  # a decompression bomb is refused before it is decoded
CONTENT_TYPES = {"jpg": "image/jpeg", "pdf": "application/pdf"}


def _refuse(message: Text) -> ValidationFailed:
    return ValidationFailed({"scan": [message]})


def _picture(upload) -> ContentFile:
    try:
        image = Image.open(upload)
        if image.width * image.height > MAX_PIXELS:
            raise _refuse(gettext_lazy("the picture has too many pixels"))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise _refuse(gettext_lazy("not a picture or PDF we can read (JPEG, PNG, PDF)")) \
            from None
    image = ImageOps.exif_transpose(image).convert("RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    clean = Image.new("RGB", image.size)
    clean.paste(image)  # pixels only: no EXIF survives
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def clean_scan(upload) -> ContentFile:
    """The upload ready to store, or a 400 naming `scan`."""
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise _refuse(format_lazy(gettext_lazy("at most {value} MB"), value=settings.MAX_UPLOAD_BYTES // (1024 * 1024)))
    upload.seek(0)
    if upload.read(5) == b"%PDF-":
        upload.seek(0)
        return ContentFile(upload.read(), name=f"{uuid.uuid4().hex}.pdf")
    upload.seek(0)
    return _picture(upload)


def content_type_of(name: str) -> str:
    return CONTENT_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def scan_response(credential) -> FileResponse:
    """The stored scan, never kept by a shared cache."""
    response = FileResponse(credential.scan.open("rb"), content_type=content_type_of(credential.scan.name))
    response["Cache-Control"] = "private, no-store"
    return response
