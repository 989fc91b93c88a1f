"""Board packs: one row per request for a fund's Excel pack as of a date.

A pack is built by a Celery task (reporting.tasks.board_pack_build) that records its
progress here, so the board page can show a live bar. ``updated_at`` is the heartbeat: a
queued or running pack whose heartbeat is older than settings.REPORTING_PACK_STALE_SECONDS
is stale (its worker died, or its message was lost) and is re-queued by the beat task.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


def board_pack_upload_to(pack: BoardPack, filename: str) -> str:
    return f"board_packs/{pack.fund_id}/{filename}"


class BoardPack(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    fund = models.ForeignKey("fundops.Fund", on_delete=models.PROTECT, related_name="board_packs")
    as_of = models.DateField(help_text="The pack's figures are as of the end of this day.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_packs"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done, 0–100.")
    step = models.CharField(max_length=200, blank=True, help_text="What the build is doing.")
    fingerprint = models.CharField(
        max_length=128, blank=True, help_text="Hash of the data the file was built from."
    )
    file = models.FileField(upload_to=board_pack_upload_to, blank=True, max_length=300)
    size = models.PositiveIntegerField(default=0, help_text="File size in bytes.")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    celery_task_id = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(default=timezone.now, help_text="Heartbeat.")

    class Meta:
        ordering = ["-requested_at", "-pk"]
        permissions = [
            ("request_boardpack", "Can ask for a board pack and retry a failed one"),
            ("view_reporting", "Can see the reporting dashboards and metrics"),
        ]
        indexes = [models.Index(fields=["fund", "as_of", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="board_pack_progress_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"Board pack #{self.pk}: {self.fund_id} as of {self.as_of} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_stale(self) -> bool:
        """Queued or running, but no sign of life for longer than the stale setting."""
        return self.is_active and self.updated_at < stale_before()

    @property
    def filename(self) -> str:
        return f"board-pack-fund{self.fund_id}-{self.as_of.isoformat()}-{self.pk}.xlsx"


def stale_before() -> datetime:
    return timezone.now() - timedelta(seconds=settings.REPORTING_PACK_STALE_SECONDS)
