"""Staff pages: the queue of applications (filters, search, each call's budget) and the
application page with everything an assessor or the panel needs."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from fundops.api.errors import DomainError
from grants import selectors
from grants.models import Application, Assignment, Claim, CostLine
from grants.services.assessment import DECLARE_FIRST
from grants.services.decisions import application_awaiting_second_approval
from grants.web.common import documents_by_object, history, staff_required
from grants.web.staff_forms import (
    AssignForm,
    ClawbackForm,
    ClawbackResolveForm,
    InfoRequestForm,
    PanelForm,
    QueueFilterForm,
    RejectForm,
    StartAssessmentForm,
)

S = Application.Status


@staff_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = QueueFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        moderation = {"yes": True, "no": False}.get(data["moderation"])
        filters = {
            "status": data["status"] or None,
            "call": data["call"].pk if data["call"] else None,
            "search": data["q"] or None,
            "moderation": moderation,
        }
    applications = selectors.application_queue(user=user, **filters)  # type: ignore[arg-type]
    page = Paginator(applications, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    counts = {value: 0 for value in S.values}
    for status in selectors.application_list_for_user(user=user).values_list(  # type: ignore[arg-type]
        "status", flat=True
    ):
        counts[status] += 1
    budgets = [
        (call, selectors.call_budget_figures(call=call))
        for call in selectors.call_list(user=user)  # type: ignore[arg-type]
        if not _assessor_only(user)
    ]
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "state_counts": [(value, label, counts[value]) for value, label in S.choices],
        # Assessors score what they are given: the money side is for the other roles.
        "budgets": [] if _assessor_only(user) else budgets,
        "can_export": user.has_perm("grants.view_application") and not _assessor_only(user),
    }
    return render(request, "grants/staff/queue.html", context)


def _assessor_only(user: Any) -> bool:
    return selectors.is_assessor_only(user)


def _own_assignment(application: Application, user: Any) -> Assignment | None:
    return application.assignments.filter(assessor=user).first()


@staff_required
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        application = selectors.application_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    except DomainError as exc:
        # An assessor reaches the page only after declaring: send them to declare, or away.
        messages.error(request, exc.reason)
        if exc.reason == DECLARE_FIRST:
            return redirect("grants:staff-declare", pk=pk)
        return redirect("grants:staff-queue")
    return render(
        request, "grants/staff/application_detail.html", detail_context(request, application)
    )


def detail_context(request: HttpRequest, application: Application) -> dict[str, Any]:
    user = request.user
    cost_lines = list(application.cost_lines.all())
    quotes = documents_by_object(CostLine, [c.pk for c in cost_lines])
    answers = [
        (q["label"], q["words"], application.answers.get(q["key"], ""))
        for q in application.call.questions
    ]
    assignments = list(
        application.assignments.select_related("assessor").prefetch_related("scores__criterion")
    )
    can_manage = user.has_perm("grants.manage_application")
    can_decide = user.has_perm("grants.decide_application")
    status = application.status
    own = _own_assignment(application, user)
    return {
        "application": application,
        "answers": answers,
        "cost_rows": [(c, quotes.get(c.pk, [])) for c in cost_lines],
        "cost_total": sum((c.net_amount for c in cost_lines), 0),
        "match_funding": application.match_funding.all(),
        "declarations": application.mfa_declarations.all(),
        "documents": documents_by_object(Application, [application.pk]).get(application.pk, []),
        "checks": application.eligibility_checks.all(),
        "assignments": assignments,
        "criteria": list(application.call.criteria.all()),
        "approvals": application.approvals.select_related("approver"),
        "awaiting_second": application_awaiting_second_approval(application),
        "events": history(application),
        "offer": getattr(application, "offer", None),
        "claims": application.claims.all() if not _assessor_only(user) else Claim.objects.none(),
        "clawbacks": [
            (c, ClawbackResolveForm(prefix=f"clawback-{c.pk}")) for c in application.clawbacks.all()
        ],
        "own_assignment": own,
        "can_score": own is not None
        and own.can_score
        and status == S.IN_ASSESSMENT
        and user.has_perm("grants.score_application"),
        "assign_form": AssignForm(prefix="assign")
        if can_manage and status in {S.ELIGIBILITY_CHECK, S.IN_ASSESSMENT}
        else None,
        "info_form": InfoRequestForm(prefix="info")
        if can_manage and status in Application.INFO_STATES
        else None,
        "start_form": StartAssessmentForm(prefix="start")
        if can_manage and status == S.ELIGIBILITY_CHECK
        else None,
        "panel_form": PanelForm(prefix="panel")
        if can_manage and status == S.IN_ASSESSMENT
        else None,
        "can_approve": can_decide and status == S.PANEL,
        "reject_form": RejectForm(prefix="reject")
        if can_decide and status in {S.ELIGIBILITY_CHECK, S.PANEL}
        else None,
        "can_send_offer": can_manage and status == S.APPROVED,
        "clawback_form": ClawbackForm(prefix="clawback")
        if can_manage and status in {S.IN_DELIVERY, S.CLOSED}
        else None,
    }
