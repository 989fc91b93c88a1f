"""The malware-scanner hook every upload passes through (settings.DOCUMENT_SCANNER).

Production points the setting at ``ClamdScanner`` (a ClamAV daemon over its INSTREAM
protocol). The default ``SignatureScanner`` recognises the EICAR test file, so the hook is
exercised end to end without a daemon; tests swap in their own double.
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass
from typing import IO, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

EICAR_SIGNATURE = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    threat: str = ""


class Scanner(Protocol):
    def scan(self, file: IO[bytes]) -> ScanResult: ...


class SignatureScanner:
    """Looks for known test signatures; stands in where no ClamAV daemon is configured."""

    def scan(self, file: IO[bytes]) -> ScanResult:
        file.seek(0)
        content = file.read()
        file.seek(0)
        if EICAR_SIGNATURE in content:
            return ScanResult(clean=False, threat="Eicar-Test-Signature")
        return ScanResult(clean=True)


class ClamdScanner:
    """ClamAV's clamd over TCP (DOCUMENT_SCANNER_CLAMD = "host:port"), INSTREAM command."""

    chunk_size = 64 * 1024

    def __init__(self, address: str | None = None, timeout: float = 30.0) -> None:
        host, _, port = (address or settings.DOCUMENT_SCANNER_CLAMD).rpartition(":")
        self.address = (host or "127.0.0.1", int(port))
        self.timeout = timeout

    def scan(self, file: IO[bytes]) -> ScanResult:
        file.seek(0)
        with socket.create_connection(self.address, timeout=self.timeout) as conn:
            conn.sendall(b"zINSTREAM\0")
            while chunk := file.read(self.chunk_size):
                conn.sendall(struct.pack("!L", len(chunk)) + chunk)
            conn.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                data = conn.recv(4096)
                if not data:
                    break
                reply += data
        file.seek(0)
        answer = reply.rstrip(b"\0").decode("utf-8", "replace")  # "stream: OK" / "... FOUND"
        if answer.endswith("FOUND"):
            return ScanResult(clean=False, threat=answer.split(":", 1)[1].strip()[:-6].strip())
        if answer.endswith("OK"):
            return ScanResult(clean=True)
        raise OSError(f"Unexpected answer from clamd: {answer!r}")


def get_scanner() -> Scanner:
    scanner: Scanner = import_string(settings.DOCUMENT_SCANNER)()
    return scanner
