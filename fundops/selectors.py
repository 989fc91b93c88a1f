"""Reads that scope by user: applicant isolation lives here, once, not in views."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from fundops.models import Document, Fund, Organisation, User, WorkflowEvent


def organisation_list_for_user(*, user: User) -> QuerySet[Organisation]:
    if user.is_staff:
        return Organisation.objects.all()
    return Organisation.objects.filter(members=user)


def organisation_get(*, user: User, pk: int) -> Organisation:
    """Another organisation's record is a 404, never a 403: its existence is not revealed."""
    return get_object_or_404(organisation_list_for_user(user=user), pk=pk)


def fund_list(*, user: User) -> QuerySet[Fund]:
    return Fund.objects.prefetch_related("capital_sources")


def document_list_for_user(*, user: User) -> QuerySet[Document]:
    documents = Document.objects.select_related("owner", "content_type", "organisation")
    if user.is_staff:
        return documents
    return documents.filter(organisation__members=user).distinct()


def document_get(*, user: User, pk: int) -> Document:
    return get_object_or_404(document_list_for_user(user=user), pk=pk)


def workflow_event_list(*, user: User) -> QuerySet[WorkflowEvent]:
    events = WorkflowEvent.objects.select_related("actor", "content_type")
    if user.is_staff:
        return events
    return events.none()
