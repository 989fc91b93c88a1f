from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from simple_history.models import HistoricalRecords


def document_storage_name(instance: Document, filename: str) -> str:
    """A random name: the uploader's file name is kept in the database, never on disk."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"documents/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


class Document(models.Model):
    """An uploaded file attached to any record (an organisation, an application, a claim…)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    attached_to = GenericForeignKey("content_type", "object_id")
    # The organisation whose record this is, copied at upload so access checks need no join
    # through the generic relation; null for fund-internal records.
    organisation = models.ForeignKey(
        "fundops.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    file = models.FileField(upload_to=document_storage_name, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type_sniffed = models.CharField("file type", max_length=100)
    size = models.PositiveIntegerField(help_text="Bytes.")
    description = models.CharField(max_length=255, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="documents"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.original_name
