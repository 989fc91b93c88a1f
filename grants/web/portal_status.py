"""Applicant portal, after the form: submit, the status page (history, decision, the
clarification request and its answer), and withdrawal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from grants import selectors
from grants.models import Application
from grants.services import applications as svc
from grants.services.common import EDITABLE_STATES
from grants.web.common import REFUSALS, history, put_refusal_on_form, refusal_text
from grants.web.forms import ReasonForm, RespondForm, SubmitForm
from grants.web.portal import editable, render_edit

SUBMITTED = "Application submitted. Its eligibility has been checked: follow it on this page."
WITHDRAWN = "Application withdrawn."
ANSWER_SENT = "Thank you: your answer has been sent."
# Where each service key shows on the submit form's error summary.
SUBMIT_LABELS = {
    "title": "Project title",
    "barrier": "Barrier",
    "amount_requested": "Grant requested",
    "cost_lines": "Costs",
    "declaration_accepted": "Declaration",
}


def _label(application: Application, key: str) -> str:
    if key.startswith("answers."):
        question = key.removeprefix("answers.")
        for item in application.call.questions:
            if item["key"] == question:
                return str(item["label"])
    return SUBMIT_LABELS.get(key, key)


@login_required
@require_POST
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = editable(request, pk)
    if application is None:
        return redirect("grants:portal-application", pk=pk)
    form = SubmitForm(request.POST, prefix="submit")
    if form.is_valid():
        try:
            # The declaration and the submission are one step: a refused submission leaves
            # the draft as it was.
            with transaction.atomic():
                svc.application_update(
                    application=application,
                    by=request.user,  # type: ignore[arg-type]
                    declaration_accepted=True,
                )
                svc.application_submit(application=application, by=request.user)  # type: ignore[arg-type]
        except REFUSALS as exc:
            if hasattr(exc, "error_dict"):
                for key, errors in exc.message_dict.items():  # type: ignore[attr-defined]
                    for error in errors:
                        form.add_error(None, f"{_label(application, key)}: {error}")
            else:
                put_refusal_on_form(form, exc)
        else:
            messages.success(request, SUBMITTED)
            return redirect("grants:portal-application", pk=pk)
    application.refresh_from_db()
    return render_edit(request, application, submit_form=form)


@login_required
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    S = Application.Status
    context = {
        "application": application,
        "events": history(application),
        "editable": application.status in EDITABLE_STATES,
        "can_withdraw": application.status in Application.OPEN_STATES,
        "withdraw_form": ReasonForm(prefix="withdraw"),
        "respond_form": RespondForm(prefix="respond")
        if application.status == S.MORE_INFO_REQUESTED
        else None,
        "offer": getattr(application, "offer", None),
        "claims": application.claims.all(),
        "can_claim": application.status in {S.OFFER_ACCEPTED, S.IN_DELIVERY},
        "outcome_reports": application.outcome_reports.all(),
    }
    return render(request, "grants/portal/application_detail.html", context)


@login_required
@require_POST
def application_respond(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    form = RespondForm(request.POST, prefix="respond")
    if not form.is_valid():
        messages.error(request, svc.INFO_ANSWER_REQUIRED)
        return redirect("grants:portal-application", pk=pk)
    try:
        svc.application_info_respond(
            application=application,
            by=request.user,  # type: ignore[arg-type]
            answer=form.cleaned_data["answer"],
        )
    except REFUSALS as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, ANSWER_SENT)
    return redirect("grants:portal-application", pk=pk)


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    form = ReasonForm(request.POST, prefix="withdraw")
    form.is_valid()
    try:
        svc.application_withdraw(
            application=application,
            by=request.user,  # type: ignore[arg-type]
            reason=form.cleaned_data.get("reason", ""),
        )
    except REFUSALS as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, WITHDRAWN)
    return redirect("grants:portal-application", pk=pk)
