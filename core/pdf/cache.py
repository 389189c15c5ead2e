"""The PDF cache, keyed by a hash of the document's content, in a shared storage.

The files live in the ``"pdf"`` storage (:mod:`core.pdf.storage`): a folder under
``settings.PDF_CACHE_DIR`` on one machine, an S3-compatible bucket shared by every web and
worker machine in production::

    <key[:2]>/<key>.pdf    the finished PDF (its presence alone means "ready")
    <idx[:2]>/<idx>.key    a fingerprint index entry: the content key last rendered for it

The key is the sha256 of the rendered HTML, the title, the author, the orientation and the
renderer version, so an unchanged document is never rendered twice and an edited one always
gets a new file. The state of a background render is not kept here: it is the task's own
record in the database (:mod:`core.pdf.jobs`), so no job record can outlive its task.

Every write is atomic (see :class:`core.pdf.storage.PdfCacheFileStorage`): a crash or a
failed render never leaves a half-written file under a final name. Old files are deleted by
:func:`prune` (``manage.py prune_pdf_cache``; the worker runs it now and then).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from core.pdf.storage import pdf_storage

logger = logging.getLogger(__name__)

#: Bump when the PDF output changes for reasons the source digest below cannot see
#: (fonts, CSS added by the renderer, a WeasyPrint patch applied elsewhere).
RENDERER_REVISION = 1

_KEY_RE = re.compile(r"^[0-9a-f]{64}$")
_RENDERER_SOURCES = ("render.py", "textlayer.py")


class JobState:
    """The states a person sees while waiting for a PDF."""

    QUEUED = "queued"
    RENDERING = "rendering"
    READY = "ready"
    FAILED = "failed"
    MISSING = "missing"


@dataclass
class PdfJob:
    """What a person waiting for a background render is shown (read from the task's record)."""

    state: str
    enqueued_at: float
    html_bytes: int = 0
    estimate_s: float = 0.0
    started_at: float | None = None
    finished_at: float | None = None
    task_id: str = ""
    error: str = ""
    extra: dict = field(default_factory=dict)


@cache
def renderer_version() -> str:
    """WeasyPrint's version, our revision constant and a digest of the renderer's source."""
    import weasyprint

    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _RENDERER_SOURCES:
        digest.update((here / name).read_bytes())
    variant = getattr(settings, "PDF_VARIANT", "") or "pdf"
    return (
        f"weasyprint-{weasyprint.__version__}/r{RENDERER_REVISION}/{variant}/"
        f"{digest.hexdigest()[:16]}"
    )


def pdf_key(html: str, *, title: str, author: str, landscape: bool) -> str:
    """The cache key of a document: sha256 over everything that changes the PDF's bytes."""
    digest = hashlib.sha256()
    for part in (renderer_version(), title, author, "landscape" if landscape else "portrait"):
        digest.update(part.encode())
        digest.update(b"\x00")
    digest.update(html.encode())
    return digest.hexdigest()


@cache
def templates_version() -> str:
    """A digest of the project's templates (names, sizes, times): a deploy that changes a
    template changes every fingerprint index entry, so no PDF of the old layout is served."""
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR) / "templates"
    for path in sorted(root.rglob("*.html")):
        stat = path.stat()
        digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def index_key(
    *, template_name: str, fingerprint: str, audience: str, title: str, author: str, landscape: bool
) -> str:
    """The key under which a document's fingerprint remembers its content key."""
    digest = hashlib.sha256()
    for part in (
        renderer_version(),
        templates_version(),
        template_name,
        audience,
        title,
        author,
        str(landscape),
        fingerprint,
    ):
        digest.update(part.encode())
        digest.update(b"\x00")
    return digest.hexdigest()


def index_load(index: str) -> str | None:
    """The content key last rendered for this fingerprint, or None."""
    try:
        with pdf_storage().open(_name(index, ".key"), "rb") as f:
            key = f.read().decode("ascii").strip()
    except (FileNotFoundError, ValueError):
        return None
    return key if is_key(key) else None


def index_store(index: str, key: str) -> None:
    pdf_storage().save(_name(index, ".key"), ContentFile(key.encode("ascii")))


def is_key(value: str) -> bool:
    return bool(_KEY_RE.match(value))


def _name(key: str, suffix: str) -> str:
    if not is_key(key):
        raise ValueError("not a PDF cache key")
    return f"{key[:2]}/{key}{suffix}"


def pdf_name(key: str) -> str:
    """The name of the PDF of `key` in the PDF storage."""
    return _name(key, ".pdf")


def cached_pdf(key: str) -> str | None:
    """The storage name of the finished PDF of `key`, or None when it is not cached."""
    name = pdf_name(key)
    return name if pdf_storage().exists(name) else None


def pdf_open(key: str):
    """The cached PDF of `key` opened for reading (a Django File), or None."""
    try:
        return pdf_storage().open(pdf_name(key), "rb")
    except FileNotFoundError:
        return None


def pdf_store(key: str, data: bytes) -> str:
    """Put a rendered PDF into the cache (atomically) and return its name."""
    return pdf_storage().save(pdf_name(key), ContentFile(data))


def pdf_discard(key: str) -> None:
    pdf_storage().delete(pdf_name(key))


# ---------------------------------------------------------------- pruning


@dataclass
class PruneReport:
    kept: int = 0
    deleted: int = 0
    deleted_bytes: int = 0


def _entries():
    """(name, modified time, size) of every cached file, across the 256 key prefixes."""
    storage = pdf_storage()
    try:
        folders, _files = storage.listdir("")
    except FileNotFoundError:
        return
    for folder in folders:
        try:
            _subfolders, files = storage.listdir(folder)
        except FileNotFoundError:
            continue
        for filename in files:
            if not filename.endswith((".pdf", ".key")):
                continue  # temporary files of writes under way
            name = f"{folder}/{filename}"
            try:
                yield name, storage.get_modified_time(name), storage.size(name)
            except FileNotFoundError:
                continue


def prune(
    *, max_age_days: int | None = None, keep: int | None = None, dry_run: bool = False
) -> PruneReport:
    """Delete cached PDFs (and index entries) written more than `max_age_days` ago, and the
    oldest beyond the `keep` most recent PDFs. A deleted PDF is simply rendered again when
    someone asks for it; the key of unchanged content stays the same."""
    if max_age_days is None:
        max_age_days = int(getattr(settings, "PDF_CACHE_MAX_AGE_DAYS", 90))
    if keep is None:
        keep = int(getattr(settings, "PDF_CACHE_KEEP", 20000))
    cutoff = timezone.now() - dt.timedelta(days=max_age_days)
    entries = sorted(_entries(), key=lambda entry: entry[1], reverse=True)
    report = PruneReport()
    pdfs_kept = 0
    storage = pdf_storage()
    for name, modified, size in entries:
        is_pdf = name.endswith(".pdf")
        too_old = modified < cutoff
        too_many = is_pdf and pdfs_kept >= keep
        if too_old or too_many:
            report.deleted += 1
            report.deleted_bytes += size
            if not dry_run:
                storage.delete(name)
        else:
            report.kept += 1
            pdfs_kept += is_pdf
    if report.deleted:
        logger.info(
            "PDF cache pruned: %d files deleted (%d bytes), %d kept",
            report.deleted,
            report.deleted_bytes,
            report.kept,
        )
    return report
