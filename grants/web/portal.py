"""Applicant portal: open calls, the sectioned application form (draft, costs with quotes,
match funding, MFA declarations), submit, status and history, clarification, withdrawal.

Every record is reached through grants.selectors, so another organisation's application is a
404; every write goes through grants.services, whose refusals show on the page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fundops.security import uploads_limited
from fundops.selectors import organisation_list_for_user
from grants import selectors
from grants.models import Application, CostLine
from grants.services import applications as svc
from grants.services.common import EDITABLE_STATES
from grants.web.common import (
    REFUSALS,
    documents_by_object,
    posted,
    put_refusal_on_form,
    refusal_text,
)
from grants.web.forms import (
    ApplicationDetailsForm,
    ApplicationStartForm,
    CostLineForm,
    MatchFundingForm,
    MFADeclarationForm,
    QuoteForm,
    SubmitForm,
    answer_field,
)

NO_ORGANISATION = "Register your organisation before you apply."
DRAFT_SAVED = "Draft saved."
NOT_EDITABLE_NOW = "This application cannot be changed now."


def _application(request: HttpRequest, pk: int) -> Application:
    return selectors.application_get(user=request.user, pk=pk)  # type: ignore[arg-type]


@login_required
@require_GET
def call_list(request: HttpRequest) -> HttpResponse:
    calls = selectors.call_list(user=request.user, open_only=True)  # type: ignore[arg-type]
    return render(request, "grants/portal/call_list.html", {"calls": calls})


@login_required
@require_http_methods(["GET", "POST"])
def application_start(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    organisations = organisation_list_for_user(user=request.user).filter(  # type: ignore[arg-type]
        members=request.user
    )
    if not organisations.exists():
        messages.error(request, NO_ORGANISATION)
        return redirect("portal:organisation")
    form = ApplicationStartForm(
        posted(request),
        organisations=organisations,
        initial={"organisation": organisations[0]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = svc.application_create(
                call=call,
                organisation=form.cleaned_data["organisation"],
                by=request.user,  # type: ignore[arg-type]
                title=form.cleaned_data["title"],
                barrier=form.cleaned_data["barrier"],
            )
        except REFUSALS as exc:
            put_refusal_on_form(form, exc)
        else:
            messages.success(request, DRAFT_SAVED)
            return redirect("grants:portal-application-edit", pk=application.pk)
    status = 400 if form.errors else 200
    return render(
        request, "grants/portal/application_start.html", {"call": call, "form": form}, status=status
    )


@login_required
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    applications = selectors.application_list_for_user(user=request.user)  # type: ignore[arg-type]
    return render(request, "grants/portal/application_list.html", {"applications": applications})


def _details_initial(application: Application) -> dict[str, Any]:
    names = ("title", "barrier", "summary", "amount_requested", "project_start", "project_end")
    initial: dict[str, Any] = {name: getattr(application, name) for name in names}
    for key, text in application.answers.items():
        initial[answer_field(key)] = text
    return initial


def _edit_context(application: Application, **forms: Any) -> dict[str, Any]:
    cost_lines = list(application.cost_lines.all())
    quotes = documents_by_object(CostLine, [line.pk for line in cost_lines])
    total = sum((line.net_amount for line in cost_lines), Decimal("0.00"))
    eligible = sum((line.net_amount for line in cost_lines if line.is_eligible), Decimal("0.00"))
    return {
        "application": application,
        "call": application.call,
        "details_form": forms.get("details_form")
        or ApplicationDetailsForm(
            call=application.call, initial=_details_initial(application), prefix="details"
        ),
        "cost_rows": [
            (line, quotes.get(line.pk, []), QuoteForm(prefix=f"quote-{line.pk}"))
            for line in cost_lines
        ],
        "cost_total": total,
        "eligible_total": eligible,
        "max_grant": (eligible * application.call.intervention_rate).quantize(Decimal("0.01")),
        "cost_form": forms.get("cost_form") or CostLineForm(prefix="cost"),
        "match_funding": application.match_funding.all(),
        "match_total": application.match_funding.aggregate(t=Sum("amount"))["t"],
        "match_form": forms.get("match_form") or MatchFundingForm(prefix="match"),
        "declarations": application.mfa_declarations.all(),
        "mfa_form": forms.get("mfa_form") or MFADeclarationForm(prefix="mfa"),
        "submit_form": forms.get("submit_form")
        or SubmitForm(
            prefix="submit", initial={"declaration_accepted": application.declaration_accepted}
        ),
    }


def render_edit(request: HttpRequest, application: Application, **forms: Any) -> HttpResponse:
    return render(
        request,
        "grants/portal/application_edit.html",
        _edit_context(application, **forms),
        status=400 if forms else 200,
    )


def editable(request: HttpRequest, pk: int) -> Application | None:
    application = _application(request, pk)
    if application.status not in EDITABLE_STATES:
        messages.error(request, NOT_EDITABLE_NOW)
        return None
    return application


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = editable(request, pk)
    if application is None:
        return redirect("grants:portal-application", pk=pk)
    if request.method == "GET":
        return render_edit(request, application)
    form = ApplicationDetailsForm(request.POST, call=application.call, prefix="details")
    if form.is_valid():
        try:
            svc.application_update(
                application=application,
                by=request.user,  # type: ignore[arg-type]
                **form.service_fields(),
            )
        except REFUSALS as exc:
            put_refusal_on_form(form, exc)
        else:
            messages.success(request, DRAFT_SAVED)
            return redirect("grants:portal-application-edit", pk=pk)
    return render_edit(request, application, details_form=form)


def _added(request: HttpRequest, pk: int, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("grants:portal-application-edit", pk=pk)


@login_required
@require_POST
@uploads_limited
def cost_line_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = editable(request, pk)
    if application is None:
        return redirect("grants:portal-application", pk=pk)
    form = CostLineForm(request.POST, request.FILES, prefix="cost")
    if form.is_valid():
        data = form.cleaned_data
        try:
            # One step: a quote that fails the upload checks leaves no orphan cost line.
            with transaction.atomic():
                line = svc.cost_line_add(
                    application=application,
                    by=request.user,  # type: ignore[arg-type]
                    item=data["item"],
                    category=data["category"],
                    supplier=data["supplier"],
                    net_amount=data["net_amount"],
                )
                if data["quote"]:
                    svc.cost_line_quote_upload(
                        cost_line=line,
                        by=request.user,  # type: ignore[arg-type]
                        file=data["quote"],
                    )
        except REFUSALS as exc:
            put_refusal_on_form(form, exc, {"file": "quote"})
        else:
            return _added(request, pk, f"Cost line “{line.item}” added.")
    return render_edit(request, application, cost_form=form)


@login_required
@require_POST
@uploads_limited
def cost_line_quote(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.cost_line_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    form = QuoteForm(request.POST, request.FILES, prefix=f"quote-{line.pk}")
    if form.is_valid():
        try:
            svc.cost_line_quote_upload(
                cost_line=line,
                by=request.user,  # type: ignore[arg-type]
                file=form.cleaned_data["quote"],
            )
        except REFUSALS as exc:
            put_refusal_on_form(form, exc, {"file": "quote"})
        else:
            return _added(request, line.application_id, "Quote uploaded.")
    messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("grants:portal-application-edit", pk=line.application_id)


@login_required
@require_POST
def cost_line_remove(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.cost_line_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    return _remove(request, line.application_id, svc.cost_line_remove, cost_line=line)


def _remove(request: HttpRequest, application_pk: int, service: Any, **kwargs: Any) -> HttpResponse:
    try:
        service(by=request.user, **kwargs)
    except REFUSALS as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, "Removed.")
    return redirect("grants:portal-application-edit", pk=application_pk)


@login_required
@require_POST
def match_funding_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = editable(request, pk)
    if application is None:
        return redirect("grants:portal-application", pk=pk)
    form = MatchFundingForm(request.POST, prefix="match")
    if form.is_valid():
        try:
            svc.match_funding_add(
                application=application,
                by=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except REFUSALS as exc:
            put_refusal_on_form(form, exc)
        else:
            return _added(request, pk, "Match funding added.")
    return render_edit(request, application, match_form=form)


@login_required
@require_POST
def match_funding_remove(request: HttpRequest, pk: int) -> HttpResponse:
    funding = selectors.match_funding_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    return _remove(request, funding.application_id, svc.match_funding_remove, match_funding=funding)


@login_required
@require_POST
def mfa_declaration_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = editable(request, pk)
    if application is None:
        return redirect("grants:portal-application", pk=pk)
    form = MFADeclarationForm(request.POST, prefix="mfa")
    if form.is_valid():
        try:
            svc.mfa_declaration_add(
                application=application,
                by=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except REFUSALS as exc:
            put_refusal_on_form(form, exc)
        else:
            return _added(request, pk, "Declaration added.")
    return render_edit(request, application, mfa_form=form)


@login_required
@require_POST
def mfa_declaration_remove(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = selectors.mfa_declaration_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    return _remove(
        request, declaration.application_id, svc.mfa_declaration_remove, declaration=declaration
    )
