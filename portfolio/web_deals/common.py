"""What every deal page shares: the staff gate, a service's refusal shown as a form error or
a message (never a 500), and the documents attached to a set of records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse

from fundops.api.errors import DomainError
from fundops.models import Document
from fundops.workflow import InvalidTransition

# Everything a service raises to refuse a request: shown to the user, never a 500.
REFUSALS = (DomainError, InvalidTransition, ValidationError)
VIEW_DEALS = "portfolio.view_deal"

View = TypeVar("View", bound=Callable[..., HttpResponse])


def deal_staff_required(view: View) -> View:
    """Staff pages of the pipeline: sign in first (redirect); an applicant, or staff whose role
    does not read deals (assessors), get a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff or not request.user.has_perm(VIEW_DEALS):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def posted(request: HttpRequest) -> Any:
    """The POST data, else None (an empty POST still binds the form, to show its errors)."""
    return request.POST if request.method == "POST" else None


def refusal_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(getattr(exc, "reason", exc))


def put_refusal_on_form(form: forms.Form, exc: Exception) -> None:
    """A ValidationError's fields go on the matching form fields; anything else on top."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for key, errors in exc.message_dict.items():
            form.add_error(key if key in form.fields else None, errors)
        return
    form.add_error(None, refusal_text(exc))


def run(request: HttpRequest, action: Callable[[], object], success: str) -> bool:
    """Call a service; its refusal becomes an error message on the next page."""
    try:
        action()
    except REFUSALS as exc:
        messages.error(request, refusal_text(exc))
        return False
    messages.success(request, success)
    return True


def form_errors_text(form: forms.Form) -> str:
    return " ".join(
        f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}".lstrip(": ")
        for name, errors in form.errors.items()
    )


def documents_by_object(model: type[models.Model], ids: Iterable[int]) -> dict[int, list]:
    """Documents attached to each record of ``model`` (one query for the whole page)."""
    attached: dict[int, list] = defaultdict(list)
    documents = Document.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=list(ids)
    ).order_by("uploaded_at", "pk")
    for document in documents:
        attached[document.object_id].append(document)
    return attached


def labelled_events(events: Iterable[Any], choices: Iterable[tuple[str, str]]) -> list[Any]:
    """Workflow events with the stage names in words (``from_label``, ``to_label``)."""
    labels = dict(choices)
    events = list(events)
    for event in events:
        event.from_label = labels.get(event.from_status, event.from_status)
        event.to_label = labels.get(event.to_status, event.to_status)
    return events
