"""Uploads never leave half a file behind: a write that fails (disk full) removes what it wrote."""

import contextlib
import os

from django.core.files.storage import FileSystemStorage


class NoPartialFilesStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        existed = os.path.lexists(full_path)
        try:
            return super()._save(name, content)
        except OSError:
            # Django's storage leaves the bytes written so far; a file without its row.
            if not existed:
                with contextlib.suppress(OSError):
                    os.remove(full_path)
            raise
