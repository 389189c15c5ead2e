"""Checks on uploaded evidence, by content rather than by name.

A file is accepted only if its first bytes are those of a PDF, a JPEG or a PNG, whatever its
name says; a Windows program (MZ) renamed to .pdf is refused with its own message. Files are
limited to settings.EVIDENCE_MAX_BYTES (10 MB by default). The stored extension and content
type come from the detected kind, never from the uploaded name.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# (magic bytes, content type, extension)
SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
]
EXECUTABLE_SIGNATURES = (b"MZ", b"\x7fELF", b"#!")


@dataclass(frozen=True)
class CheckedFile:
    original_name: str
    size: int
    content_type: str
    extension: str
    sha256: str


def _size_of(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if size is not None:
        return int(size)
    pos = file.tell()
    file.seek(0, 2)
    size = file.tell()
    file.seek(pos)
    return size


def max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))


def _too_large(limit: int) -> ValidationError:
    size = f"{limit / (1024 * 1024):g} MB" if limit >= 1024 * 1024 else f"{limit / 1024:g} KB"
    return ValidationError(_("ไฟล์ใหญ่เกินกำหนด (ไม่เกิน %(size)s)") % {"size": size}, code="too_large")


def check_evidence_file(file: IO[bytes]) -> CheckedFile:
    """Return what the file is, or raise ValidationError (Thai) if it must be refused."""
    name = (getattr(file, "name", "") or "file").rsplit("/", 1)[-1][:255]
    size = _size_of(file)
    limit = max_bytes()
    if size == 0:
        raise ValidationError(_("ไฟล์ว่างเปล่า"), code="empty")
    if size > limit:
        raise _too_large(limit)
    file.seek(0)
    head = file.read(16)
    if head.startswith(EXECUTABLE_SIGNATURES):
        raise ValidationError(_("ไม่รับไฟล์โปรแกรม แนบได้เฉพาะ PDF, JPEG หรือ PNG"), code="executable")
    found = next((sig for sig in SIGNATURES if head.startswith(sig[0])), None)
    if found is None:
        raise ValidationError(_("ไฟล์นี้ไม่ใช่ PDF, JPEG หรือ PNG (ตรวจจากเนื้อไฟล์)"), code="bad_type")
    _magic, content_type, extension = found
    digest = hashlib.sha256()
    file.seek(0)
    read = 0
    chunks = file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(65536), b"")
    for chunk in chunks:
        read += len(chunk)
        if read > limit:
            # The declared size lied; never trust it over the bytes.
            raise _too_large(limit)
        digest.update(chunk)
    file.seek(0)
    return CheckedFile(
        original_name=name,
        size=read,
        content_type=content_type,
        extension=extension,
        sha256=digest.hexdigest(),
    )
