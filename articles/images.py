"""Featured-image uploads: judged by their content, within size limits, stripped of location.

Django's ImageField accepts whatever Pillow can open and only warns about decompression
bombs; the desk accepts press photos only (JPEG, PNG, WebP) and refuses the rest clearly.
"""

import io
import secrets
import warnings
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
# How the allowed formats begin: a file that starts like one but will not open is damaged.
SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"RIFF")


def _too_many_pixels():
    megapixels = settings.NEWSROOM_IMAGE_MAX_PIXELS // 1_000_000
    return ValidationError(
        _("The picture has too many pixels: at most %(megapixels)s megapixels are accepted.")
        % {"megapixels": megapixels},
        code="too_many_pixels",
    )


def _damaged():
    return ValidationError(
        _("The picture is damaged or incomplete. Export it again and upload the new file."),
        code="damaged",
    )


def _open(data):
    """Open without decoding; a decompression-bomb warning counts as a refusal."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels() from exc
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            if data.startswith(SIGNATURES):
                raise _damaged() from exc
            raise ValidationError(
                _("This file is not a picture. Upload a JPEG, PNG or WebP photo."),
                code="not_an_image",
            ) from exc


def check_image(data):
    """Raise a ValidationError a person understands, or return the image's format."""
    limit = settings.NEWSROOM_IMAGE_MAX_BYTES
    if len(data) > limit:
        raise ValidationError(
            _("The picture is %(size)s; at most %(limit)s is accepted.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(limit)},
            code="too_large",
        )
    image = _open(data)
    # A phone's or drone's multi-picture JPEG (MPO) is a JPEG whose first picture every
    # browser shows.
    image_format = "JPEG" if image.format == "MPO" else image.format
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Only JPEG, PNG and WebP pictures are accepted; this file is %(format)s.")
            % {"format": image.format},
            code="format",
        )
    width, height = image.size
    if width * height > settings.NEWSROOM_IMAGE_MAX_PIXELS:
        raise _too_many_pixels()
    try:
        image.verify()
        # verify() does not decode JPEG data: load it (bounded by the pixel limit above)
        # so a truncated file is refused now, not when renditions are made.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            _open(data).load()
    except ValidationError:
        raise
    except Exception as exc:
        raise _damaged() from exc
    return image_format


def without_location(data, image_format):
    """The same picture with its EXIF GPS block (and XMP, which may repeat it) removed.

    Returns the bytes unchanged when there is nothing to remove, so most photos are
    stored exactly as uploaded; otherwise re-encodes at the original JPEG quality (a
    multi-picture JPEG: its first picture, at quality 92).
    """
    image = Image.open(io.BytesIO(data))
    exif = image.getexif()
    has_gps = ExifTags.IFD.GPSInfo in exif
    # A multi-picture JPEG's later pictures carry EXIF of their own (and so a location), which
    # this does not read: it is always stored as its first picture alone.
    if not has_gps and "xmp" not in image.info and image.format != "MPO":
        return data
    if has_gps:
        del exif[ExifTags.IFD.GPSInfo]
    options = {"exif": exif.tobytes()}
    if image.info.get("icc_profile"):
        options["icc_profile"] = image.info["icc_profile"]
    if image.format == "JPEG":
        options.update(quality="keep", subsampling="keep")
    elif image.format == "MPO":  # its first picture only, as browsers show it
        options.update(quality=92)
    elif image_format == "WEBP":
        options.update(quality=90)
    output = io.BytesIO()
    image.save(output, image_format, **options)
    return output.getvalue()


def cleaned_upload(upload):
    """Check an uploaded file and return what may be stored: the picture minus its GPS."""
    upload.seek(0)
    data = upload.read()
    image_format = check_image(data)
    stem = slugify(PurePath(upload.name or "foto").stem)[:60] or "foto"
    # Not guessable: the file is public from the moment a draft holds it, and a phone's name
    # (IMG_20261203_101500) can be enumerated in a few thousand tries.
    name = f"{stem}-{secrets.token_hex(8)}"
    return SimpleUploadedFile(
        name + ALLOWED_FORMATS[image_format],
        without_location(data, image_format),
        content_type=Image.MIME[image_format],
    )
