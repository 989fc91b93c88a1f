"""Staff pages for claims: check each line against the approved cost table, approve or
reject the claim, and release its payment (finance; re-authenticated; never by the person
who approved the claim; the idempotency key makes a double submit pay once)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fundops.security import recent_auth_required
from grants import selectors
from grants.models import Claim, ClaimLine
from grants.services import claims as svc
from grants.services import payments as pay_svc
from grants.web.common import (
    REFUSALS,
    documents_by_object,
    history,
    posted,
    put_refusal_on_form,
    refusal_text,
    staff_required,
)
from grants.web.staff_forms import ClaimDecisionForm, LineCheckForm, RejectForm, ReleaseForm

PAID = "Payment of £{amount} released."


def _claim(request: HttpRequest, pk: int) -> Claim:
    # Assessors score applications; claims and payments are for finance and fund managers.
    if not request.user.has_perm("grants.view_claim"):
        raise PermissionDenied
    return selectors.claim_get(user=request.user, pk=pk)  # type: ignore[arg-type]


def _context(request: HttpRequest, claim: Claim) -> dict[str, Any]:
    lines = list(claim.lines.select_related("cost_line", "checked_by"))
    evidence = documents_by_object(ClaimLine, [line.pk for line in lines])
    user = request.user
    can_check = user.has_perm("grants.check_claim") and claim.status == Claim.Status.SUBMITTED
    return {
        "claim": claim,
        "application": claim.application,
        "rows": [
            (
                line,
                evidence.get(line.pk, []),
                svc.cost_line_remaining(line.cost_line, excluding=line),
                LineCheckForm(prefix=f"line-{line.pk}"),
            )
            for line in lines
        ],
        "can_check": can_check,
        "decision_form": ClaimDecisionForm(prefix="decision"),
        "reject_form": RejectForm(prefix="reject"),
        "can_release": user.has_perm("grants.release_payment")
        and claim.status == Claim.Status.APPROVED,
        "payment": getattr(claim, "payment", None),
        "events": history(claim),
    }


@staff_required
@require_GET
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(request, pk)
    return render(request, "grants/staff/claim_detail.html", _context(request, claim))


@staff_required
@require_POST
def line_check(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("grants.view_claim"):
        raise PermissionDenied
    line = selectors.claim_line_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    form = LineCheckForm(request.POST, prefix=f"line-{line.pk}")
    if form.is_valid():
        try:
            svc.claim_line_check(
                line=line,
                by=request.user,  # type: ignore[arg-type]
                approved=form.cleaned_data["approved"],
                note=form.cleaned_data["note"],
            )
        except REFUSALS as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(request, "Line checked.")
    else:
        messages.error(request, "Choose whether to approve or reject the line.")
    return redirect("grants:staff-claim", pk=line.claim_id)


@staff_required
@require_POST
def claim_approve(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(request, pk)
    form = ClaimDecisionForm(request.POST, prefix="decision")
    form.is_valid()
    try:
        # The claim's own transition checks the check_claim permission.
        claim = svc.claim_approve(
            claim=claim,
            by=request.user,  # type: ignore[arg-type]
            note=form.cleaned_data.get("note", ""),
        )
    except REFUSALS as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, f"Claim approved: grant share £{claim.grant_amount:,.2f}.")
    return redirect("grants:staff-claim", pk=pk)


@staff_required
@require_POST
def claim_reject(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(request, pk)
    form = RejectForm(request.POST, prefix="reject")
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        svc.claim_reject(claim=claim, by=request.user, reason=reason)  # type: ignore[arg-type]
    except REFUSALS as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, "Claim rejected.")
    return redirect("grants:staff-claim", pk=pk)


@staff_required
@require_http_methods(["GET", "POST"])
@recent_auth_required
def payment_release(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm page, then release. The key is minted when the page is shown, so submitting
    the same page twice (double click, resent form) records one payment."""
    claim = _claim(request, pk)
    form = ReleaseForm(posted(request), initial={"idempotency_key": f"web-{uuid.uuid4()}"})
    if request.method == "POST" and form.is_valid():
        try:
            payment = pay_svc.payment_release(
                claim=claim,
                by=request.user,  # type: ignore[arg-type]
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except REFUSALS as exc:
            put_refusal_on_form(form, exc)
        else:
            messages.success(request, PAID.format(amount=f"{payment.amount:,.2f}"))
            return redirect("grants:staff-claim", pk=pk)
    context = {"claim": claim, "application": claim.application, "form": form}
    return render(request, "grants/staff/release.html", context, status=400 if form.errors else 200)
