"""Featured images: checked by content, limited in size and pixels, stripped of GPS.

Bad input gets a clear form error and stores nothing: no story row, no file.
"""

import io
import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from articles.models import Article
from tests.desk.conftest import admin_url, form_data, form_errors
from tests.factories import jpeg_bytes

pytestmark = pytest.mark.django_db


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(width=20000, height=20000):
    """A real, complete 20000×20000 black PNG (1.2 GB of pixels) in about a megabyte.

    The image data is one compressed block of rows repeated: a full flush makes each
    block independent, so the stream is built without compressing 1.2 GB.
    """
    rows_per_block = 500
    block = b"\0" * ((width * 3 + 1) * rows_per_block)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    compressed = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(height // rows_per_block):
        checksum = zlib.adler32(block, checksum)
    stream = (
        b"\x78\xda"
        + compressed * (height // rows_per_block)
        + deflate.flush()
        + struct.pack(">I", checksum)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", stream)
        + png_chunk(b"IEND", b"")
    )


def noisy_jpeg(size=(1600, 900)):
    buffer = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def jpeg_with_gps():
    image = Image.new("RGB", (800, 450), (20, 90, 160))
    exif = image.getexif()
    exif[ExifTags.Base.Make] = "Humas Camera"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (5.0, 8.0, 0.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (119.0, 25.0, 0.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), quality=90)
    return buffer.getvalue()


def stored_files(media_root):
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


def post_story(client, units, category, name, content, **overrides):
    fields = {"image_alt": "Personel berjaga di pantai", **overrides}
    data = form_data(unit=units["Polrestabes Makassar"].pk, category=category.pk, **fields)
    data["featured_image"] = SimpleUploadedFile(name, content, content_type="image/jpeg")
    return client.post(admin_url("add"), data)


BAD_UPLOADS = {
    "oversized": ("besar.jpg", lambda: jpeg_bytes() + b"\0" * (10 * 1024 * 1024), "too_large"),
    "text renamed .jpg": ("surat.jpg", lambda: b"Ini surat, bukan foto.\n" * 50, "not_an_image"),
    "20000x20000 png": ("bom.png", huge_png, "too_many_pixels"),
    "truncated jpeg": ("terpotong.jpg", lambda: noisy_jpeg()[:40_000], "damaged"),
    "gif": ("animasi.gif", lambda: gif_bytes(), "format"),
}


def gif_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (255, 0, 0)).save(buffer, "GIF")
    return buffer.getvalue()


@pytest.mark.parametrize("case", sorted(BAD_UPLOADS))
def test_bad_upload_gets_a_clear_error_and_stores_nothing(
    case, login, staff, units, category, media_root
):
    name, make, code = BAD_UPLOADS[case]
    response = post_story(login(staff["operator_makassar"]), units, category, name, make())
    assert form_errors(response) == {"featured_image": [code]}
    message = response.context["adminform"].form.errors["featured_image"][0]
    assert message in response.content.decode()
    assert len(message) > 20  # a sentence, not a code
    assert not Article.objects.exists()
    assert stored_files(media_root) == []


def test_a_decompression_bomb_warning_is_a_refusal(login, staff, units, category, settings):
    # Between Pillow's warning and error thresholds, with our own limit out of the way.
    settings.NEWSROOM_IMAGE_MAX_PIXELS = 10**12
    Image.MAX_IMAGE_PIXELS, saved = 1000, Image.MAX_IMAGE_PIXELS
    try:
        response = post_story(
            login(staff["operator_makassar"]), units, category, "foto.jpg", jpeg_bytes((40, 30))
        )
    finally:
        Image.MAX_IMAGE_PIXELS = saved
    assert form_errors(response) == {"featured_image": ["too_many_pixels"]}
    assert not Article.objects.exists()


def test_gps_location_is_removed_from_the_stored_original(login, staff, units, category):
    response = post_story(
        login(staff["operator_makassar"]), units, category, "lokasi.jpg", jpeg_with_gps()
    )
    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get()
    with article.featured_image.open("rb") as stored:
        exif = Image.open(stored).getexif()
    assert ExifTags.IFD.GPSInfo not in exif
    assert exif[ExifTags.Base.Make] == "Humas Camera"  # the rest of the EXIF is kept


def test_a_stored_picture_has_a_name_nobody_can_guess(login, staff, units, category):
    """It is public from the moment a draft holds it: a phone's name could be enumerated."""
    for _ in range(2):
        post_story(
            login(staff["operator_makassar"]),
            units,
            category,
            "IMG_20261203_101500.jpg",
            jpeg_bytes(),
        )
    first, second = (article.featured_image.name for article in Article.objects.order_by("pk"))
    assert first != second
    for name in (first, second):
        assert re.fullmatch(r"articles/\d{4}/\d{2}/img_20261203_101500-[0-9a-f]{16}\.jpg", name)


def test_a_photo_without_location_is_stored_byte_for_byte(login, staff, units, category):
    original = jpeg_bytes()
    post_story(login(staff["operator_makassar"]), units, category, "foto.jpg", original)
    with Article.objects.get().featured_image.open("rb") as stored:
        assert stored.read() == original


def multi_picture_jpeg(gps_in=()):
    """What many phones and drones write: a JPEG (red) followed by a second picture (blue),
    each with EXIF of its own; `gps_in`: which of the two carry a location."""
    pictures = [Image.new("RGB", (640, 360), (200, 0, 0)), Image.new("RGB", (640, 360), "blue")]
    exifs = []
    for n, picture in enumerate(pictures):
        exif = picture.getexif()
        exif[ExifTags.Base.Make] = "Drone Humas"
        if n in gps_in:
            exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "S"
        exifs.append(exif.tobytes())
    first, second = pictures
    second.encoderinfo = {"exif": exifs[1]}
    buffer = io.BytesIO()
    first.save(buffer, "MPO", save_all=True, append_images=[second], exif=exifs[0])
    return buffer.getvalue()


def locations_in(data):
    picture = Image.open(io.BytesIO(data))
    found = []
    for frame in range(getattr(picture, "n_frames", 1)):
        picture.seek(frame)
        found.append(ExifTags.IFD.GPSInfo in picture.getexif())
    return found


@pytest.mark.parametrize("gps_in", [(), (0,), (1,)], ids=["none", "first", "second"])
def test_a_multi_picture_jpeg_is_kept_as_its_first_picture_without_any_location(
    login, staff, units, category, media_root, gps_in
):
    original = multi_picture_jpeg(gps_in)
    assert Image.open(io.BytesIO(original)).format == "MPO"
    assert locations_in(original) == [n in gps_in for n in (0, 1)]
    response = post_story(login(staff["operator_makassar"]), units, category, "hp.jpg", original)
    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get()
    assert article.featured_image.name.endswith(".jpg")
    with article.featured_image.open("rb") as stored:
        data = stored.read()
    assert locations_in(data) == [False]  # one picture, no location
    picture = Image.open(io.BytesIO(data))
    red, green, blue = picture.convert("RGB").getpixel((10, 10))
    assert red > 150 and blue < 60
    assert picture.getexif()[ExifTags.Base.Make] == "Drone Humas"  # the rest of the EXIF kept
    renditions = [p for p in stored_files(media_root) if "renditions" in p.parts]
    assert len(renditions) == 6


def test_a_webp_named_jpg_is_accepted_by_content_and_stored_as_webp(login, staff, units, category):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (0, 120, 0)).save(buffer, "WEBP")
    post_story(login(staff["operator_makassar"]), units, category, "foto.jpg", buffer.getvalue())
    assert Article.objects.get().featured_image.name.endswith(".webp")


def test_renditions_in_three_widths_and_webp_are_made_once_on_save(
    login, staff, units, category, media_root
):
    post_story(login(staff["operator_makassar"]), units, category, "foto.jpg", jpeg_bytes())
    renditions = [
        p.name
        for p in stored_files(media_root)
        if p.relative_to(media_root).parts[0] == "renditions"
    ]
    assert len(renditions) == 6
    assert sum(name.endswith(".webp") for name in renditions) == 3


def test_alt_text_is_required_unless_the_picture_is_decorative(login, staff, units, category):
    client = login(staff["operator_makassar"])
    response = post_story(client, units, category, "foto.jpg", jpeg_bytes(), image_alt="")
    assert "image_alt" in form_errors(response)
    assert not Article.objects.exists()
    response = post_story(
        client, units, category, "foto.jpg", jpeg_bytes(), image_alt="", image_decorative="on"
    )
    assert response.status_code == 302
    assert Article.objects.get().image_decorative


def test_a_decorative_picture_has_an_empty_alt_on_the_page(login, staff, units, category, client):
    post_story(
        login(staff["editor_sulsel"]),
        units,
        category,
        "foto.jpg",
        jpeg_bytes(),
        image_alt="",
        image_decorative="on",
        status="published",
    )
    client.logout()
    article = Article.objects.get()
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'alt=""' in page
