"""Applicant portal, once the grant is offered: accept the offer and confirm the minimal
financial assistance declaration, claim costs with evidence, report outcomes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fundops.security import uploads_limited
from grants import selectors
from grants.models import Application, Claim, ClaimLine
from grants.services import claims as claim_svc
from grants.services import offers as offer_svc
from grants.services import outcomes as outcome_svc
from grants.web.common import (
    REFUSALS,
    documents_by_object,
    history,
    posted,
    put_refusal_on_form,
    refusal_text,
)
from grants.web.forms import (
    ClaimCreateForm,
    ClaimLineForm,
    EvidenceForm,
    MFAConfirmForm,
    OfferAcceptForm,
    OutcomeReportForm,
)

OFFER_ACCEPTED = "Offer accepted."
MFA_CONFIRMED = "Minimal financial assistance declaration confirmed."
CLAIM_STARTED = "Claim started: add the costs you have paid, with their evidence."
CLAIM_SUBMITTED = "Claim submitted: we will check it and let you know."
REPORT_SUBMITTED = "Outcome report submitted. Thank you."


def _staff_may_read(request: HttpRequest, permission: str) -> None:
    """Staff reach these pages only if their role reads such records (grants.permissions:
    assessors and board members do not read offers or claims). Checked before the lookup,
    which refuses a conflicted assessor with an exception pages do not handle."""
    if request.user.is_staff and not request.user.has_perm(permission):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def offer(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_may_read(request, "grants.view_offer")
    application = selectors.application_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    the_offer = getattr(application, "offer", None)
    if the_offer is None:
        messages.error(request, offer_svc.NO_OFFER)
        return redirect("grants:portal-application", pk=pk)
    accepting = the_offer.accepted_at is None
    form_class = OfferAcceptForm if accepting else MFAConfirmForm
    form = form_class(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            if accepting:
                offer_svc.offer_accept(
                    application=application,
                    by=request.user,  # type: ignore[arg-type]
                    confirm_mfa=form.cleaned_data["confirm_mfa"],
                )
            else:
                offer_svc.offer_mfa_confirm(application=application, by=request.user)  # type: ignore[arg-type]
        except REFUSALS as exc:
            put_refusal_on_form(form, exc)
        else:
            confirmed = form.cleaned_data["confirm_mfa"]
            messages.success(request, MFA_CONFIRMED if not accepting else OFFER_ACCEPTED)
            if accepting and confirmed:
                messages.success(request, MFA_CONFIRMED)
            return redirect("grants:portal-application", pk=pk)
    context = {"application": application, "offer": the_offer, "form": form, "accepting": accepting}
    return render(request, "grants/portal/offer.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def claim_new(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    form = ClaimCreateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            claim = claim_svc.claim_create(
                application=application,
                by=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except REFUSALS as exc:
            put_refusal_on_form(form, exc)
        else:
            messages.success(request, CLAIM_STARTED)
            return redirect("grants:portal-claim", pk=claim.pk)
    return render(
        request,
        "grants/portal/claim_new.html",
        {"application": application, "form": form},
        status=400 if form.errors else 200,
    )


def _claimable_lines(application: Application) -> list:
    return [line for line in application.cost_lines.all() if line.is_eligible]


def claim_context(claim: Claim, line_form: ClaimLineForm | None = None) -> dict[str, Any]:
    lines = list(claim.lines.select_related("cost_line"))
    evidence = documents_by_object(ClaimLine, [line.pk for line in lines])
    cost_lines = _claimable_lines(claim.application)
    return {
        "claim": claim,
        "application": claim.application,
        "rows": [
            (line, evidence.get(line.pk, []), EvidenceForm(prefix=f"evidence-{line.pk}"))
            for line in lines
        ],
        "remaining": [(c, claim_svc.cost_line_remaining(c)) for c in cost_lines],
        "line_form": line_form or ClaimLineForm(cost_lines=cost_lines, prefix="line"),
        "events": history(claim),
        "is_draft": claim.status == Claim.Status.DRAFT,
    }


@login_required
@require_GET
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_may_read(request, "grants.view_claim")
    claim = selectors.claim_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    return render(request, "grants/portal/claim_detail.html", claim_context(claim))


@login_required
@require_POST
def claim_line_add(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_may_read(request, "grants.view_claim")
    claim = selectors.claim_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    cost_lines = _claimable_lines(claim.application)
    form = ClaimLineForm(request.POST, cost_lines=cost_lines, prefix="line")
    if form.is_valid():
        data = form.cleaned_data
        try:
            cost_line = claim.application.cost_lines.get(pk=data["cost_line"])
            claim_svc.claim_line_add(
                claim=claim,
                by=request.user,  # type: ignore[arg-type]
                cost_line=cost_line,
                amount_defrayed=data["amount_defrayed"],
                description=data["description"],
            )
        except REFUSALS as exc:
            put_refusal_on_form(form, exc)
        else:
            messages.success(request, "Line added: now upload its invoice and proof of payment.")
            return redirect("grants:portal-claim", pk=pk)
    return render(
        request, "grants/portal/claim_detail.html", claim_context(claim, form), status=400
    )


@login_required
@require_POST
def claim_line_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_may_read(request, "grants.view_claim")
    line = selectors.claim_line_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    try:
        claim_svc.claim_line_remove(line=line, by=request.user)  # type: ignore[arg-type]
    except REFUSALS as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, "Line removed.")
    return redirect("grants:portal-claim", pk=line.claim_id)


@login_required
@require_POST
@uploads_limited
def claim_line_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_may_read(request, "grants.view_claim")
    line = selectors.claim_line_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    form = EvidenceForm(request.POST, request.FILES, prefix=f"evidence-{line.pk}")
    if form.is_valid():
        try:
            claim_svc.claim_line_evidence_upload(
                line=line,
                by=request.user,  # type: ignore[arg-type]
                file=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
            )
        except REFUSALS as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(request, "Evidence uploaded.")
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("grants:portal-claim", pk=line.claim_id)


@login_required
@require_POST
def claim_submit(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_may_read(request, "grants.view_claim")
    claim = selectors.claim_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    try:
        claim_svc.claim_submit(claim=claim, by=request.user)  # type: ignore[arg-type]
    except REFUSALS as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, CLAIM_SUBMITTED)
    return redirect("grants:portal-claim", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def outcome_report(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_may_read(request, "grants.view_outcomereport")
    report = selectors.outcome_report_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    form = OutcomeReportForm(posted(request)) if report.submitted_at is None else None
    if request.method == "POST":
        if form is None:
            messages.error(request, outcome_svc.ALREADY_SUBMITTED)
            return redirect("grants:portal-outcome-report", pk=pk)
        if form.is_valid():
            try:
                outcome_svc.outcome_report_submit(
                    report=report,
                    by=request.user,  # type: ignore[arg-type]
                    **form.cleaned_data,
                )
            except REFUSALS as exc:
                put_refusal_on_form(form, exc)
            else:
                messages.success(request, REPORT_SUBMITTED)
                return redirect("grants:portal-application", pk=report.application_id)
    status = 400 if form is not None and form.errors else 200
    return render(
        request,
        "grants/portal/outcome_report.html",
        {"report": report, "form": form},
        status=status,
    )
