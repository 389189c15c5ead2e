"""The yearly bulk open-data files: built by the background worker, served as files.

After each publish or withdrawal (portal/apps.py hooks), the fiscal years the document
touches are queued once (`request_build`; a second publish while queued adds nothing). The
`build_open_data_year` task (django-tasks, `manage.py db_worker`) writes every dataset of the
year in CSV, XLSX and JSON plus one ZIP to the default storage (local files or S3) under a
new folder, then points the `OpenDataFile` rows at the new files and deletes the old ones:
a download never sees a half-written file, and no web request ever builds one.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core import pagecache
from portal.models import OpenDataFile
from portal.opendata import DATASETS, FORMATS, Filters, csv_chunks, json_chunks, write_xlsx

logger = logging.getLogger(__name__)

ALL = "all"
#: The page-cache scope of the pages that list the built files (the open-data index).
FILES_SCOPE = "opendata-files"
QUEUED_SECONDS = 30 * 60


def _queued_key(fiscal_year: int) -> str:
    return f"opendata:queued:{fiscal_year}"


def is_queued(fiscal_year: int) -> bool:
    return cache.get(_queued_key(fiscal_year)) is not None


def request_build(fiscal_year: int) -> bool:
    """Queue the year's files once (after the current transaction commits); True if queued
    now, False if a build of the year is already waiting."""
    if not cache.add(_queued_key(fiscal_year), 1, QUEUED_SECONDS):
        return False
    transaction.on_commit(lambda: build_open_data_year.enqueue(fiscal_year=fiscal_year))
    return True


def years_of(document: Any) -> list[int]:
    """The fiscal years whose files show `document` (a plan: every year it covers)."""
    first = getattr(document, "first_year", None)
    if first is not None:
        return list(range(first, document.last_year + 1))
    year = getattr(document, "fiscal_year", None)
    return [year] if year else []


def rebuild_after_change(document: Any) -> None:
    """workflow hook: the years `document` belongs to are rebuilt in the background."""
    if not getattr(settings, "OPEN_DATA_BUILD_ON_CHANGE", True):
        return
    for year in years_of(document):
        request_build(year)


def bulk_filename(dataset: str, fiscal_year: int, fmt: str) -> str:
    if dataset == ALL:
        return f"sujarit-open-data-{fiscal_year}.zip"
    return f"{dataset}-{fiscal_year}.{fmt}"


def _write(dataset: str, fmt: str, filters: Filters, path: Path) -> None:
    spec = DATASETS[dataset]
    with path.open("wb") as out:
        if fmt == "xlsx":
            write_xlsx(spec, filters, out)
            return
        chunks = csv_chunks(spec, filters) if fmt == "csv" else json_chunks(spec, filters)
        for chunk in chunks:
            out.write(chunk)


def build_year(fiscal_year: int) -> list[OpenDataFile]:
    """Build every file of `fiscal_year` now (the task's body; also `manage.py` callable)."""
    cache.delete(_queued_key(fiscal_year))  # a publish from now on queues another build
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    folder = f"open-data/{fiscal_year}/{stamp}"
    filters = Filters(fiscal_year=fiscal_year)
    built: list[tuple[str, str, str, int]] = []
    with tempfile.TemporaryDirectory() as tmp:
        local = Path(tmp)
        parts: list[Path] = []
        for slug in DATASETS:
            for fmt in FORMATS:
                path = local / bulk_filename(slug, fiscal_year, fmt)
                _write(slug, fmt, filters, path)
                parts.append(path)
                built.append((slug, fmt, path.name, path.stat().st_size))
        zip_path = local / bulk_filename(ALL, fiscal_year, "zip")
        with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in parts:
                if path.suffix != ".xlsx":  # XLSX is already compressed
                    archive.write(path, path.name)
        built.append((ALL, "zip", zip_path.name, zip_path.stat().st_size))
        names: dict[tuple[str, str], str] = {}
        for slug, fmt, filename, _size in built:
            with (local / filename).open("rb") as handle:
                names[(slug, fmt)] = default_storage.save(f"{folder}/{filename}", File(handle))
    now = timezone.now()
    old: list[str] = []
    rows: list[OpenDataFile] = []
    with transaction.atomic():
        for slug, fmt, _filename, size in built:
            previous = OpenDataFile.objects.filter(
                fiscal_year=fiscal_year, dataset=slug, fmt=fmt
            ).first()
            if previous is not None:
                old.append(previous.name)
            row, _created = OpenDataFile.objects.update_or_create(
                fiscal_year=fiscal_year,
                dataset=slug,
                fmt=fmt,
                defaults={"name": names[(slug, fmt)], "size": size, "built_at": now},
            )
            rows.append(row)
    transaction.on_commit(lambda: pagecache.bump(FILES_SCOPE))
    _delete(old)
    logger.info("Built the open-data files of %s (%d files)", fiscal_year, len(rows))
    return rows


def _delete(names: Iterable[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:  # housekeeping: a leftover file harms nobody
            logger.exception("Could not delete the old open-data file %s", name)


@task()
def build_open_data_year(*, fiscal_year: int) -> dict:
    started = dt.datetime.now(tz=dt.UTC)
    rows = build_year(fiscal_year)
    seconds = (dt.datetime.now(tz=dt.UTC) - started).total_seconds()
    return {"fiscal_year": fiscal_year, "files": len(rows), "seconds": round(seconds, 2)}


def local_path(name: str) -> str | None:
    """The file's path when the storage is the local disk (served with FileResponse)."""
    try:
        return default_storage.path(name)
    except NotImplementedError:
        return None
