"""A corpus of bad files: each is refused with its own clear message, nothing is stored."""

from __future__ import annotations

import io
import socket
import struct
import threading
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fundops.models import Document
from fundops.scanning import EICAR_SIGNATURE, ClamdScanner, ScanResult
from fundops.services import documents
from fundops.services.documents import document_upload

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _office(ext: str, parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _docx(extra: dict[str, bytes] | None = None) -> bytes:
    return _office(
        ".docx", {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>", **(extra or {})}
    )


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<w/>")
        with archive.open("word/media/zeros.bin", "w", force_zip64=True) as entry:
            block = b"\x00" * 2**20
            for _ in range(150):  # 150 MB expanded, about 150 KB on the wire
                entry.write(block)
    return buffer.getvalue()


BAD_FILES = [
    (
        "polyglot.png",
        PNG + b"<html><script>alert(document.cookie)</script></html>",
        "web page or script content",
    ),
    (
        "report.pdf",
        PDF.replace(b"<<>>", b"<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"),
        "web page or script content",
    ),
    ("bomb.docx", None, "would expand to 150 MB"),
    ("traversal.docx", _docx({"../../etc/cron.d/evil": b"* * * * * root sh"}), "unsafe names"),
    ("fake.docx", _office(".docx", {"hello.txt": b"hi"}), "not those of an Office document"),
    ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 64, "the archive is damaged"),
    ("photo.png", PDF, "does not match its “.png” extension"),
    ("invoice.pdf.exe", b"MZ\x90\x00", "cannot be uploaded"),
    ("eicar.txt", EICAR_SIGNATURE, "refused by the virus scanner (Eicar-Test-Signature)"),
    ("page.txt", b"<!DOCTYPE html><html><body>hi</body></html>", "does not match"),
    ("empty.pdf", b"", "The file is empty."),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES)
def test_bad_file_is_refused_with_a_clear_message(applicant, name, content, message):
    if content is None:
        content = _zip_bomb()
    with pytest.raises(ValidationError) as caught:
        document_upload(
            file=SimpleUploadedFile(name, content),
            attach_to=applicant.test_organisation,
            by=applicant,
        )
    assert message in caught.value.messages[0]
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_a_genuine_office_document_is_accepted(applicant):
    document = document_upload(
        file=SimpleUploadedFile("plan.docx", _docx()),
        attach_to=applicant.test_organisation,
        by=applicant,
    )
    assert document.content_type_sniffed.endswith("wordprocessingml.document")


class _Unavailable:
    def scan(self, file):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("scanner down")


class _Infected:
    def scan(self, file):  # type: ignore[no-untyped-def]
        return ScanResult(clean=False, threat="Win.Test.Double")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("scanner", "message"),
    [(_Infected, "(Win.Test.Double)"), (_Unavailable, "could not be scanned")],
)
def test_scanner_hook_decides(monkeypatch, applicant, scanner, message):
    monkeypatch.setattr(documents, "get_scanner", scanner)
    with pytest.raises(ValidationError) as caught:
        document_upload(
            file=SimpleUploadedFile("quote.pdf", PDF),
            attach_to=applicant.test_organisation,
            by=applicant,
        )
    assert message in caught.value.messages[0]


def _fake_clamd(answer_for: dict[bytes, bytes]) -> tuple[str, threading.Thread]:
    """A one-connection clamd speaking INSTREAM, answering by content."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            assert conn.recv(10) == b"zINSTREAM\0"
            received = b""
            while True:
                (size,) = struct.unpack("!L", conn.recv(4, socket.MSG_WAITALL))
                if size == 0:
                    break
                received += conn.recv(size, socket.MSG_WAITALL)
            conn.sendall(answer_for.get(received, b"stream: OK") + b"\0")
        server.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return f"127.0.0.1:{server.getsockname()[1]}", thread


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"harmless", ScanResult(clean=True)),
        (b"nasty", ScanResult(clean=False, threat="Win.Trojan.Agent")),
    ],
)
def test_clamd_scanner_speaks_instream(content, expected):
    address, thread = _fake_clamd({b"nasty": b"stream: Win.Trojan.Agent FOUND"})
    result = ClamdScanner(address, timeout=5).scan(io.BytesIO(content))
    thread.join(timeout=5)
    assert result == expected
