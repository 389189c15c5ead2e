"""Where the PDF cache keeps its files: the ``"pdf"`` storage of ``settings.STORAGES``.

Every web process and every worker, on any machine, reads and writes the cache through
Django's storage API, so the store only has to be shared, not local: an S3-compatible bucket
in production on several machines (``STORAGE_BACKEND=s3``), a folder on one machine.

The local default, :class:`PdfCacheFileStorage`, keeps the files under
``settings.PDF_CACHE_DIR`` and writes each one atomically (a temporary file in the same
folder, fsync, then a rename), so a reader sees either nothing or the whole PDF, and a crash
or a failed write never leaves a half-written file under its final name. S3 puts are atomic
by themselves.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages

if TYPE_CHECKING:
    from _typeshed import StrPath


def pdf_storage() -> Storage:
    """The storage of the PDF cache (``STORAGES["pdf"]``, or the default storage)."""
    if "pdf" in settings.STORAGES:
        return storages["pdf"]
    from django.core.files.storage import default_storage

    return default_storage


class PdfCacheFileStorage(FileSystemStorage):
    """Files under ``settings.PDF_CACHE_DIR`` (read at each call), written atomically."""

    # Set by FileSystemStorage.__init__ (the ``location`` argument); not declared in the stubs.
    _location: StrPath | None

    def __init__(self, location=None, **kwargs):
        kwargs.setdefault("allow_overwrite", True)  # content-addressed: same name, same bytes
        super().__init__(location=location, **kwargs)

    @property
    def base_location(self):
        return self._value_or_setting(self._location, str(settings.PDF_CACHE_DIR))

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def _save(self, name, content):
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                if hasattr(content, "chunks"):
                    for chunk in content.chunks():
                        f.write(chunk)
                else:
                    f.write(content.read())
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return name.replace("\\", "/")
