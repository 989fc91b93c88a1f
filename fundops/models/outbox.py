from __future__ import annotations

from django.db import models
from django.utils import timezone


class OutboxMessage(models.Model):
    """A Celery task to publish, written in the same transaction as the change it is about.

    A rollback writes no row, so nothing is sent; a commit keeps the row until the broker has
    taken the task (``sent_at``), so a broker outage loses nothing: ``outbox_flush`` publishes
    what is left. ``delivered_at`` is set by the task itself (``fundops.outbox.deliver_once``),
    so a message published twice (flush racing a slow publish) still has one effect.
    """

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        state = "delivered" if self.delivered_at else "sent" if self.sent_at else "waiting"
        return f"{self.task_name} #{self.pk} ({state})"
