"""The disk fills up during a featured-image upload: a clear error, no story without its
picture, no picture without its story; once there is room the same upload works.

A real 256 KB tmpfs when this process may mount one (root), else a file whose writes fail
with ENOSPC after the first chunk, as a full disk does.
"""

import errno
import io
import subprocess

import pytest
from PIL import Image

from articles.models import Article
from tests.desk.test_featured_image import post_story, stored_files

pytestmark = [pytest.mark.faults, pytest.mark.django_db]


def noisy_photo(size=(900, 600)):
    """A JPEG of noise (about 400 KB): it does not compress below the small disk."""
    import random

    rng = random.Random(8)
    image = Image.frombytes(
        "RGB", size, bytes(rng.getrandbits(8) for _ in range(size[0] * size[1] * 3))
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


@pytest.fixture
def full_disk(settings, tmp_path, monkeypatch):
    """MEDIA_ROOT on a disk too small for the upload."""
    media = tmp_path / "small-disk"
    media.mkdir()
    mounted = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(media)], capture_output=True
        ).returncode
        == 0
    )
    if not mounted:
        import django.core.files.storage.filesystem as filesystem

        real_fdopen = filesystem.os.fdopen

        class FillsUp:
            def __init__(self, file):
                self.file, self.written = file, 0

            def write(self, chunk):
                if self.written:
                    raise OSError(errno.ENOSPC, "No space left on device")
                self.written += self.file.write(chunk)

            def close(self):
                self.file.close()

        monkeypatch.setattr(filesystem.os, "fdopen", lambda *a: FillsUp(real_fdopen(*a)))
    settings.MEDIA_ROOT = media
    yield media
    if mounted:
        subprocess.run(["umount", str(media)], check=True)


def test_an_upload_onto_a_full_disk_stores_neither_the_story_nor_a_partial_file(
    login,
    staff,
    units,
    category,
    full_disk,
):
    client = login(staff["operator_makassar"])
    client.raise_request_exception = False
    response = post_story(client, units, category, "foto.jpg", noisy_photo())
    assert response.status_code == 507
    assert "Nothing was saved" in response.content.decode()
    assert not Article.objects.exists()
    assert stored_files(full_disk) == []


def test_with_room_on_the_disk_the_same_upload_stores_the_story_and_its_picture(
    login,
    staff,
    units,
    category,
    media_root,
):
    response = post_story(
        login(staff["operator_makassar"]), units, category, "foto.jpg", noisy_photo()
    )
    assert response.status_code == 302
    story = Article.objects.get()
    assert story.featured_image and (media_root / story.featured_image.name).is_file()
