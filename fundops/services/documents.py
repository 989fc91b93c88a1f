"""Document uploads: the only way a file enters storage."""

from __future__ import annotations

import zipfile
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction

from fundops.models import Document, Organisation, User
from fundops.scanning import get_scanner

DOCUMENT_EMPTY = "The file is empty."
DOCUMENT_TOO_LARGE = "The file is {size_mb:.1f} MB; the limit is {limit_mb:.0f} MB."
DOCUMENT_TYPE_NOT_ALLOWED = (
    "Files of type “{ext}” cannot be uploaded. Allowed: PDF, Word, Excel, PowerPoint, PNG, "
    "JPEG, CSV and plain text."
)
DOCUMENT_CONTENT_MISMATCH = "The file’s content does not match its “{ext}” extension."
DOCUMENT_ACTIVE_CONTENT = (
    "The file contains web page or script content, which is not allowed in a {kind}."
)
DOCUMENT_ARCHIVE_UNSAFE = (
    "The {ext} file is not a safe Office document: {detail}. Save it again from the "
    "Office program and upload that copy."
)
DOCUMENT_INFECTED = "The file was refused by the virus scanner ({threat})."
DOCUMENT_SCAN_FAILED = "The file could not be scanned for viruses just now. Please try again."

# The part every genuine Office Open XML file of each kind holds.
OFFICE_MAIN_PART = {
    ".docx": "word/document.xml",
    ".xlsx": "xl/workbook.xml",
    ".pptx": "ppt/presentation.xml",
}
# Markup that makes an image or PDF a polyglot a browser could run as a page.
ACTIVE_MARKERS = (b"<script", b"<html", b"<!doctype html", b"<iframe", b"<svg", b"javascript:")
PDF_ACTIVE_MARKERS = (b"/JavaScript", b"/JS ", b"/JS(", b"/Launch", b"/EmbeddedFile")

# Extension -> (magic prefixes accepted, MIME type recorded). Office files are zip archives.
_ZIP = (b"PK\x03\x04",)
ALLOWED_TYPES: dict[str, tuple[tuple[bytes, ...], str]] = {
    ".pdf": ((b"%PDF-",), "application/pdf"),
    ".png": ((b"\x89PNG\r\n\x1a\n",), "image/png"),
    ".jpg": ((b"\xff\xd8\xff",), "image/jpeg"),
    ".jpeg": ((b"\xff\xd8\xff",), "image/jpeg"),
    ".docx": (
        _ZIP,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ".xlsx": (_ZIP, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pptx": (
        _ZIP,
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    ".csv": ((), "text/csv"),
    ".txt": ((), "text/plain"),
}


def _sniff(head: bytes, ext: str) -> str:
    magics, mime = ALLOWED_TYPES[ext]
    if magics:
        if not any(head.startswith(magic) for magic in magics):
            raise ValidationError(DOCUMENT_CONTENT_MISMATCH.format(ext=ext), code="mismatch")
        return mime
    # Text types: must decode as UTF-8 and hold no NUL bytes or markup openers.
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = head[:-3].decode("utf-8")  # the sample may cut a multi-byte character
        except UnicodeDecodeError as exc:
            raise ValidationError(
                DOCUMENT_CONTENT_MISMATCH.format(ext=ext), code="mismatch"
            ) from exc
    if "\x00" in text or text.lstrip().lower().startswith(("<html", "<!doctype", "<script")):
        raise ValidationError(DOCUMENT_CONTENT_MISMATCH.format(ext=ext), code="mismatch")
    return mime


def _check_active_content(content: bytes, ext: str) -> None:
    lowered = content.lower()
    kind = "PDF" if ext == ".pdf" else "picture" if ext in {".png", ".jpg", ".jpeg"} else ""
    if not kind:
        return
    if any(marker in lowered for marker in ACTIVE_MARKERS) or (
        ext == ".pdf" and any(marker in content for marker in PDF_ACTIVE_MARKERS)
    ):
        raise ValidationError(DOCUMENT_ACTIVE_CONTENT.format(kind=kind), code="active_content")


def _check_office_archive(file: IO[bytes], ext: str) -> None:
    """Zip bombs, path tricks and non-Office zips are refused before anything unpacks them."""

    def unsafe(detail: str) -> ValidationError:
        return ValidationError(
            DOCUMENT_ARCHIVE_UNSAFE.format(ext=ext, detail=detail), code="archive"
        )

    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            if len(entries) > settings.DOCUMENT_MAX_ZIP_ENTRIES:
                raise unsafe(f"it holds {len(entries):,} parts")
            expanded = sum(entry.file_size for entry in entries)
            if expanded > settings.DOCUMENT_MAX_UNCOMPRESSED_BYTES:
                raise unsafe(f"it would expand to {expanded / 1_048_576:,.0f} MB")
            names = {entry.filename for entry in entries}
            if any(n.startswith("/") or ".." in PurePath(n).parts for n in names):
                raise unsafe("it holds parts with unsafe names")
            if "[Content_Types].xml" not in names or OFFICE_MAIN_PART[ext] not in names:
                raise unsafe("its parts are not those of an Office document")
    except zipfile.BadZipFile as exc:
        raise unsafe("the archive is damaged") from exc
    finally:
        file.seek(0)


def _scan(file: IO[bytes]) -> None:
    try:
        result = get_scanner().scan(file)
    except OSError as exc:
        raise ValidationError(DOCUMENT_SCAN_FAILED, code="scan_failed") from exc
    if not result.clean:
        raise ValidationError(DOCUMENT_INFECTED.format(threat=result.threat), code="infected")


def document_validate(*, file: IO[bytes] | UploadedFile, name: str, size: int) -> str:
    """Check size, extension, content, archive structure and the virus scanner; return the
    sniffed MIME type. Each refusal has its own message (the module constants above)."""
    if size == 0:
        raise ValidationError(DOCUMENT_EMPTY, code="empty")
    limit = settings.DOCUMENT_MAX_BYTES
    if size > limit:
        raise ValidationError(
            DOCUMENT_TOO_LARGE.format(size_mb=size / 1_048_576, limit_mb=limit / 1_048_576),
            code="too_large",
        )
    ext = PurePath(name).suffix.lower()
    if ext not in ALLOWED_TYPES:
        raise ValidationError(DOCUMENT_TYPE_NOT_ALLOWED.format(ext=ext or "none"), code="type")
    file.seek(0)
    content = file.read()  # at most DOCUMENT_MAX_BYTES, checked above
    file.seek(0)
    mime = _sniff(content[:2048], ext)
    _check_active_content(content, ext)
    if ext in OFFICE_MAIN_PART:
        _check_office_archive(file, ext)  # type: ignore[arg-type]
    _scan(file)  # type: ignore[arg-type]
    return mime


def _organisation_of(record: models.Model) -> Organisation | None:
    if isinstance(record, Organisation):
        return record
    organisation_id = getattr(record, "organisation_id", None)
    return Organisation.objects.get(pk=organisation_id) if organisation_id else None


@transaction.atomic
def document_upload(
    *, file: UploadedFile, attach_to: models.Model, by: User, description: str = ""
) -> Document:
    name = PurePath(file.name or "upload").name  # drop any "../" a client sent
    mime = document_validate(file=file, name=name, size=file.size or 0)
    document = Document(
        content_type=ContentType.objects.get_for_model(attach_to),
        object_id=attach_to.pk,
        organisation=_organisation_of(attach_to),
        original_name=name[:255],
        content_type_sniffed=mime,
        size=file.size or 0,
        description=description,
        owner=by,
    )
    document.file.save(name, file, save=False)
    # If the row fails to save, the stored file is removed so nothing is orphaned.
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document
