"""The assessor's pages: declare any conflict of interest first (the application stays
closed to them until they do), then score each criterion 0–5 with a comment."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from fundops.api.errors import DomainError
from grants import selectors
from grants.services import assessment as svc
from grants.web.common import REFUSALS, posted, put_refusal_on_form, staff_required
from grants.web.staff_forms import DeclareForm, ScoreForm

DECLARED_NONE = "Declaration recorded: you can now read and score the application."
DECLARED_CONFLICT = "Conflict of interest recorded: the application will not be shown to you."
SCORED = "Scores saved."


@staff_required
@require_http_methods(["GET", "POST"])
def declare(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_action(user=request.user, pk=pk)  # type: ignore[arg-type]
    assignment = get_object_or_404(application.assignments, assessor=request.user)
    if assignment.conflict_declared is not None:
        if assignment.conflict_declared:
            messages.error(request, svc.CONFLICTED)
            return redirect("grants:staff-queue")
        return redirect("grants:staff-application", pk=pk)
    form = DeclareForm(posted(request))
    if request.method == "POST" and form.is_valid():
        conflict = form.cleaned_data["conflict"]
        try:
            svc.assignment_declare(
                assignment=assignment,
                by=request.user,  # type: ignore[arg-type]
                conflict=conflict,
                note=form.cleaned_data["note"],
            )
        except REFUSALS as exc:
            put_refusal_on_form(form, exc)
        else:
            if conflict:
                messages.success(request, DECLARED_CONFLICT)
                return redirect("grants:staff-queue")
            messages.success(request, DECLARED_NONE)
            return redirect("grants:staff-application", pk=pk)
    # Only what is needed to recognise a conflict: who applies, for what.
    context = {"application": application, "form": form}
    return render(request, "grants/staff/declare.html", context, status=400 if form.errors else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def score(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_action(user=request.user, pk=pk)  # type: ignore[arg-type]
    try:
        assignment = selectors.assignment_for_assessor(user=request.user, application=application)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.reason)
        if exc.reason == svc.DECLARE_FIRST:
            return redirect("grants:staff-declare", pk=pk)
        return redirect("grants:staff-queue")
    criteria = list(application.call.criteria.all())
    given = {s.criterion_id: s for s in assignment.scores.all()}
    form = ScoreForm(posted(request), criteria=criteria, scores=given)
    if request.method == "POST" and form.is_valid():
        try:
            svc.assignment_score(
                assignment=assignment,
                by=request.user,  # type: ignore[arg-type]
                scores=form.service_scores(),
            )
        except REFUSALS as exc:
            put_refusal_on_form(form, exc)
        else:
            messages.success(request, SCORED)
            return redirect("grants:staff-application", pk=pk)
    context = {"application": application, "assignment": assignment, "form": form}
    return render(request, "grants/staff/score.html", context, status=400 if form.errors else 200)
