"""Documents: type and size enforced, stored under random names, downloaded only by those
who may see the record."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fundops.models import Document
from fundops.services.documents import DOCUMENT_CONTENT_MISMATCH, DOCUMENT_TYPE_NOT_ALLOWED

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _upload(client, organisation, name: str, content: bytes):
    return client.post(
        "/api/documents/",
        {"file": SimpleUploadedFile(name, content), "organisation": organisation.pk},
        format="multipart",
    )


def test_applicant_uploads_a_quote_and_downloads_it_as_an_attachment(api_client, applicant):
    api_client.force_authenticate(applicant)

    response = _upload(api_client, applicant.test_organisation, "quote.pdf", PDF)

    assert response.status_code == 201, response.content
    document = Document.objects.get()
    assert document.original_name == "quote.pdf"
    assert document.content_type_sniffed == "application/pdf"
    assert "quote" not in document.file.name  # stored under a random name
    download = api_client.get(f"/api/documents/{document.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="quote.pdf"')
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF


def test_disallowed_extension_is_refused_with_a_clear_message(api_client, applicant):
    api_client.force_authenticate(applicant)
    response = _upload(api_client, applicant.test_organisation, "run.exe", b"MZ\x90\x00")
    assert response.status_code == 400
    assert response.json()["error"]["reason"] == DOCUMENT_TYPE_NOT_ALLOWED.format(ext=".exe")
    assert not Document.objects.exists()


def test_content_that_does_not_match_the_extension_is_refused(api_client, applicant):
    api_client.force_authenticate(applicant)
    response = _upload(
        api_client, applicant.test_organisation, "quote.pdf", b"<html><script>x</script>"
    )
    assert response.status_code == 400
    assert response.json()["error"]["reason"] == DOCUMENT_CONTENT_MISMATCH.format(ext=".pdf")


def test_oversized_file_is_refused(api_client, applicant, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    api_client.force_authenticate(applicant)
    response = _upload(api_client, applicant.test_organisation, "big.pdf", PDF + b"0" * 2048)
    assert response.status_code == 400
    assert "the limit is" in response.json()["error"]["reason"]


def test_path_in_the_file_name_is_dropped(api_client, applicant):
    api_client.force_authenticate(applicant)
    response = _upload(api_client, applicant.test_organisation, "../../etc/quote.pdf", PDF)
    assert response.status_code == 201
    assert Document.objects.get().original_name == "quote.pdf"


def test_another_organisations_document_is_a_404(api_client, client, applicant, other_applicant):
    api_client.force_authenticate(other_applicant)
    _upload(api_client, other_applicant.test_organisation, "secret.pdf", PDF)
    document = Document.objects.get()

    api_client.force_authenticate(applicant)
    client.force_login(applicant)

    assert api_client.get(f"/api/documents/{document.pk}/download/").status_code == 404
    assert client.get(f"/documents/{document.pk}/download/").status_code == 404
    assert api_client.get("/api/documents/").json()["results"] == []
    upload_elsewhere = _upload(api_client, other_applicant.test_organisation, "x.pdf", PDF)
    assert upload_elsewhere.status_code == 404


def test_portal_upload_form_shows_the_error(client, applicant):
    client.force_login(applicant)
    response = client.post(
        "/portal/organisation/", {"file": SimpleUploadedFile("notes.txt", b"\x00\x01binary")}
    )
    assert response.status_code == 400
    assert "does not match" in response.content.decode()
