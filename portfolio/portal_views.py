"""The company's side: its monitoring returns in the applicant portal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from fundops.api.errors import DomainError
from fundops.workflow import InvalidTransition
from portfolio import selectors
from portfolio.forms import MonitoringReturnForm
from portfolio.models import MonitoringReturn
from portfolio.services._common import NOT_ALLOWED
from portfolio.services.monitoring import monitoring_return_submit

RETURN_KEEPERS = "portfolio.change_monitoringreturn"


@require_GET
@login_required
def return_list(request: HttpRequest) -> HttpResponse:
    returns = selectors.monitoring_return_list_for_user(user=request.user)  # type: ignore[arg-type]
    return render(request, "portfolio/portal/return_list.html", {"returns": returns})


@require_http_methods(["GET", "POST"])
@login_required
def return_submit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.monitoring_return_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    form = MonitoringReturnForm(request.POST or None, instance=item)
    if item.status == MonitoringReturn.Status.SUBMITTED:
        form = None  # type: ignore[assignment]
    elif request.method == "POST" and form.is_valid():
        try:
            # Staff submit a company's figures only if their role keeps returns.
            if request.user.is_staff and not request.user.has_perm(RETURN_KEEPERS):
                raise DomainError(NOT_ALLOWED, code="forbidden", status=403)
            monitoring_return_submit(
                monitoring_return=item,
                by=request.user,  # type: ignore[arg-type]
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
            messages.success(request, "Thank you: your return has been submitted.")
            return redirect("portfolio:portal-returns")
        except (DomainError, InvalidTransition) as exc:
            form.add_error(None, exc.reason)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "portfolio/portal/return_form.html", {"item": item, "form": form}, status=status
    )
