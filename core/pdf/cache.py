"""The PDF cache on disk, keyed by a hash of the document's content.

Layout under ``settings.PDF_CACHE_DIR`` (outside the code tree, on storage shared by the web
servers and the ``db_worker`` machines)::

    <key[:2]>/<key>.pdf    the finished PDF (its presence alone means "ready")
    <key[:2]>/<key>.json   the job record of a background render: queued / rendering / failed
    <key[:2]>/<key>.html   the HTML waiting for a background render (deleted once done)

The key is the sha256 of the rendered HTML, the title, the author, the orientation and the
renderer version, so an unchanged document is never rendered twice and an edited one always
gets a new file. Job state lives here rather than in a model (core has no models by design)
and rather than in django_tasks_db's result table alone, so that the Immediate backend (demo,
tests) and the database backend (production) behave the same.

Every write is atomic: a temporary file in the same directory, fsync, then ``os.replace``.
A crash or a failed render never leaves a half-written file under a final name.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings

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
    """The on-disk record of one background render (``<key>.json``)."""

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
        key = _path(index, ".key").read_text(encoding="ascii").strip()
    except (FileNotFoundError, ValueError):
        return None
    return key if is_key(key) else None


def index_store(index: str, key: str) -> None:
    write_atomic(_path(index, ".key"), key.encode("ascii"))


def is_key(value: str) -> bool:
    return bool(_KEY_RE.match(value))


def _path(key: str, suffix: str) -> Path:
    if not is_key(key):
        raise ValueError("not a PDF cache key")
    return Path(settings.PDF_CACHE_DIR) / key[:2] / f"{key}{suffix}"


def pdf_path(key: str) -> Path:
    return _path(key, ".pdf")


def job_path(key: str) -> Path:
    return _path(key, ".json")


def html_path(key: str) -> Path:
    return _path(key, ".html")


def cached_pdf(key: str) -> Path | None:
    """The finished PDF of `key`, or None."""
    path = pdf_path(key)
    return path if path.is_file() else None


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see either nothing or the whole file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def pdf_store(key: str, data: bytes) -> Path:
    """Put a rendered PDF into the cache (atomically) and return its path."""
    path = pdf_path(key)
    write_atomic(path, data)
    return path


def html_store(key: str, html: str) -> None:
    write_atomic(html_path(key), html.encode())


def html_load(key: str) -> str | None:
    try:
        return html_path(key).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def html_discard(key: str) -> None:
    html_path(key).unlink(missing_ok=True)


def job_load(key: str) -> PdfJob | None:
    try:
        data = json.loads(job_path(key).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    known = PdfJob.__dataclass_fields__
    return PdfJob(**{k: v for k, v in data.items() if k in known})


def job_save(key: str, job: PdfJob) -> None:
    write_atomic(job_path(key), json.dumps(asdict(job)).encode())


def job_claim(key: str, job: PdfJob) -> bool:
    """Create the job record only if none exists: False when another request got there first.

    ``O_EXCL`` makes this safe between processes and machines sharing the directory, so a
    document is enqueued once however many people ask for it at the same moment.
    """
    path = job_path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as f:
        f.write(json.dumps(asdict(job)).encode())
        f.flush()
        os.fsync(f.fileno())
    return True


def job_discard(key: str) -> None:
    job_path(key).unlink(missing_ok=True)
