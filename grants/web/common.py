"""What every grants page shares: the staff gate, turning a service's refusal into a form
error or a message (never a 500), and the documents attached to a set of records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse

from fundops.api.errors import DomainError
from fundops.models import Document
from fundops.workflow import InvalidTransition, events_for

# Everything a service raises to refuse a request: shown to the user, never a 500.
REFUSALS = (DomainError, InvalidTransition, ValidationError)

View = TypeVar("View", bound=Callable[..., HttpResponse])


def staff_required(view: View) -> View:
    """Staff pages: sign in first (redirect), and a signed-in applicant gets a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def posted(request: HttpRequest) -> Any:
    """The form data of a POST, else None. Not ``request.POST or None``: an empty POST (a
    checkbox left unticked) must still bind the form, so that it shows its errors."""
    return request.POST if request.method == "POST" else None


def refusal_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(getattr(exc, "reason", exc))


def put_refusal_on_form(
    form: forms.Form, exc: Exception, field_map: dict[str, str] | None = None
) -> None:
    """A ValidationError's fields go on the matching form fields (``field_map`` renames the
    service's keys, e.g. "answers.market" → "answer_market"); anything else goes on top."""
    field_map = field_map or {}
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for key, messages in exc.message_dict.items():
            name = field_map.get(key, key)
            form.add_error(name if name in form.fields else None, messages)
        return
    form.add_error(None, refusal_text(exc))


def documents_by_object(model: type[models.Model], ids: Iterable[int]) -> dict[int, list]:
    """Documents attached to each record of ``model`` (one query for the whole page)."""
    attached: dict[int, list] = defaultdict(list)
    documents = Document.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=list(ids)
    ).order_by("uploaded_at", "pk")
    for document in documents:
        attached[document.object_id].append(document)
    return attached


def history(instance: models.Model) -> list:
    """The record's workflow events, oldest first (who moved it, from what, to what, why),
    each with ``to_label``: the status as people read it."""
    labels = dict(getattr(type(instance), "Status", models.TextChoices).choices)
    events = list(events_for(instance).order_by("at", "pk"))
    for event in events:
        event.to_label = labels.get(event.to_status, event.to_status)  # type: ignore[attr-defined]
        event.from_label = labels.get(event.from_status, event.from_status)  # type: ignore[attr-defined]
    return events
