"""Staff actions on an application, each a POST that calls one service: assign assessors,
request more information, start assessment, send to panel, approve (re-authenticated; a
second approver above the four-eyes threshold), reject, send the offer, clawbacks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from fundops.security import recent_auth_required
from grants import selectors
from grants.models import Application
from grants.services import applications as app_svc
from grants.services import assessment as assess_svc
from grants.services import decisions as decide_svc
from grants.services import offers as offer_svc
from grants.services import payments as pay_svc
from grants.web.common import REFUSALS, posted, put_refusal_on_form, refusal_text, staff_required
from grants.web.staff_forms import (
    ApproveForm,
    AssignForm,
    ClawbackForm,
    ClawbackResolveForm,
    InfoRequestForm,
    PanelForm,
    RejectForm,
    StartAssessmentForm,
)

APPROVED = "Approved: the offer is ready to send."
AWAITING_SECOND = "Your approval is recorded: a second approver must now approve this award."


def _act(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    prefix: str,
    action: Callable[[Application, dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    """Bind the form, call the service, and show the outcome as a message on the page."""
    try:
        application = selectors.application_get(user=request.user, pk=pk)  # type: ignore[arg-type]
        form = form_class(request.POST, prefix=prefix)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("grants:staff-application", pk=pk)
        action(application, form.cleaned_data)
    except REFUSALS as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, success)
    return redirect("grants:staff-application", pk=pk)


@staff_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    def action(application: Application, data: dict[str, Any]) -> object:
        return assess_svc.assignment_create(
            application=application, assessor=data["assessor"], by=request.user
        )

    return _act(request, pk, AssignForm, "assign", action, "Assessor assigned.")


@staff_required
@require_POST
def request_info(request: HttpRequest, pk: int) -> HttpResponse:
    def action(application: Application, data: dict[str, Any]) -> object:
        return app_svc.application_info_request(
            application=application, by=request.user, question=data["question"]
        )

    return _act(request, pk, InfoRequestForm, "info", action, "Request sent to the applicant.")


@staff_required
@require_POST
def start_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    def action(application: Application, data: dict[str, Any]) -> object:
        return assess_svc.application_assessment_start(
            application=application, by=request.user, override_reason=data["override_reason"]
        )

    return _act(request, pk, StartAssessmentForm, "start", action, "Assessment started.")


@staff_required
@require_POST
def send_to_panel(request: HttpRequest, pk: int) -> HttpResponse:
    def action(application: Application, data: dict[str, Any]) -> object:
        return assess_svc.application_panel_send(
            application=application, by=request.user, moderation_note=data["moderation_note"]
        )

    return _act(request, pk, PanelForm, "panel", action, "Sent to panel.")


@staff_required
@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    def action(application: Application, data: dict[str, Any]) -> object:
        # The service checks the move against the table and the role's permission.
        return decide_svc.application_reject(
            application=application, by=request.user, reason=data["reason"]
        )

    return _act(request, pk, RejectForm, "reject", action, "Rejected: the applicant is told why.")


@staff_required
@require_POST
def send_offer(request: HttpRequest, pk: int) -> HttpResponse:
    def action(application: Application, data: dict[str, Any]) -> object:
        return offer_svc.offer_send(application=application, by=request.user)

    return _act(request, pk, forms.Form, "offer", action, "Offer sent to the applicant.")


@staff_required
@require_POST
def clawback_raise(request: HttpRequest, pk: int) -> HttpResponse:
    def action(application: Application, data: dict[str, Any]) -> object:
        return pay_svc.clawback_raise(
            application=application, by=request.user, amount=data["amount"], reason=data["reason"]
        )

    return _act(request, pk, ClawbackForm, "clawback", action, "Clawback raised.")


@staff_required
@require_POST
def clawback_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    clawback = selectors.clawback_list(user=request.user).filter(pk=pk).first()  # type: ignore[arg-type]
    if clawback is None:
        raise Http404
    form = ClawbackResolveForm(request.POST, prefix=f"clawback-{clawback.pk}")
    if form.is_valid():
        try:
            pay_svc.clawback_resolve(
                clawback=clawback,
                by=request.user,  # type: ignore[arg-type]
                to=form.cleaned_data["to"],
                note=form.cleaned_data["note"],
            )
        except REFUSALS as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(request, "Clawback updated.")
    else:
        messages.error(request, "Choose the outcome of the clawback.")
    return redirect("grants:staff-application", pk=clawback.application_id)


@staff_required
@require_http_methods(["GET", "POST"])
@recent_auth_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    """A page of its own (not a button) because approving needs a recent password check, and
    the re-authentication brings the user back here."""
    application = selectors.application_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    form = ApproveForm(posted(request), initial={"amount": application.amount_requested})
    if request.method == "POST" and form.is_valid():
        try:
            application = decide_svc.application_approve(
                application=application,
                by=request.user,  # type: ignore[arg-type]
                amount=form.cleaned_data["amount"],
                note=form.cleaned_data["note"],
            )
        except REFUSALS as exc:
            put_refusal_on_form(form, exc)
        else:
            done = application.status == Application.Status.APPROVED
            messages.success(request, APPROVED if done else AWAITING_SECOND)
            return redirect("grants:staff-application", pk=pk)
    context = {
        "application": application,
        "form": form,
        "approvals": application.approvals.select_related("approver"),
        "awaiting_second": decide_svc.application_awaiting_second_approval(application),
        "figures": selectors.call_budget_figures(call=application.call),
    }
    return render(request, "grants/staff/approve.html", context, status=400 if form.errors else 200)
